//! `intake users`: the people who sign in.

use anyhow::{Result, anyhow, bail};
use intake_store::StoreError;

use super::{institution_named, open_store, output, print_table, read_password};
use crate::args::{Cli, RoleArg, UserAddArgs, UserListArgs, UserRemoveArgs};

pub(crate) fn add(cli: &Cli, a: &UserAddArgs) -> Result<()> {
    let mut store = open_store(cli)?;
    let institution = institution_named(store.as_mut(), a.institution.as_deref())?;
    let email = intake_core::value::Email::parse(a.email.trim())
        .map_err(|_| anyhow!("{:?} is not an email address", a.email))?;
    let password = read_password()?;
    let hash = intake_server::auth::hash_password(&password).map_err(|e| anyhow!(e))?;
    let role = match a.role {
        RoleArg::Admin => intake_store::Role::Admin,
        RoleArg::Staff => intake_store::Role::Staff,
    };
    match store.add_user(&intake_store::NewUser {
        institution_id: institution.id,
        email: email.as_str().to_string(),
        role,
        password_hash: hash,
    }) {
        Ok(u) => println!(
            "user {} added to {} as {}",
            u.email,
            institution.code,
            role.as_str()
        ),
        Err(StoreError::Exists(what)) => bail!("{what} already exists: nothing changed"),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

pub(crate) fn list(cli: &Cli, a: &UserListArgs) -> Result<()> {
    let mut store = open_store(cli)?;
    let filter = match &a.institution {
        Some(code) => Some(institution_named(store.as_mut(), Some(code))?.id),
        None => None,
    };
    let institutions = store.institutions()?;
    let mut rows = vec![
        ["email", "role", "institution", "language"]
            .map(String::from)
            .to_vec(),
    ];
    for u in store.users(filter)? {
        let code = institutions
            .iter()
            .find(|i| i.id == u.institution_id)
            .map(|i| i.code.clone())
            .unwrap_or_default();
        rows.push(vec![
            u.email,
            u.role.as_str().into(),
            code,
            u.language.unwrap_or_default(),
        ]);
    }
    print_table(&mut output(None)?, &rows)?;
    Ok(())
}

pub(crate) fn remove(cli: &Cli, a: &UserRemoveArgs) -> Result<()> {
    let mut store = open_store(cli)?;
    if !store.remove_user(&a.email)? {
        bail!("no user {}: nothing changed", a.email);
    }
    println!("user {} removed", a.email.trim().to_lowercase());
    Ok(())
}
