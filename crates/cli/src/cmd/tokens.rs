//! `intake tokens`: API tokens.

use anyhow::{Result, anyhow, bail};

use super::{institution_named, open_store, output, print_table};
use crate::args::{Cli, TokenCreateArgs, TokenRevokeArgs, UserListArgs};

pub(crate) fn create(cli: &Cli, a: &TokenCreateArgs) -> Result<()> {
    let mut store = open_store(cli)?;
    let user = store
        .user_by_email(&a.user)?
        .ok_or_else(|| anyhow!("no user {} (add one with `intake users add`)", a.user))?;
    let token = intake_server::auth::random_token().map_err(|e| anyhow!(e))?;
    let id = store.add_token(user.id, &intake_server::auth::token_hash(&token), &a.label)?;
    eprintln!(
        "token {id} for {} (shown once; keep it secret):",
        user.email
    );
    println!("{token}");
    Ok(())
}

pub(crate) fn list(cli: &Cli, a: &UserListArgs) -> Result<()> {
    let mut store = open_store(cli)?;
    let institution = institution_named(store.as_mut(), a.institution.as_deref())?;
    let mut rows = vec![
        ["id", "user", "label", "created", "revoked"]
            .map(String::from)
            .to_vec(),
    ];
    for t in store.tokens(institution.id)? {
        rows.push(vec![
            t.id.to_string(),
            t.user_email,
            t.label,
            t.created_at.to_string(),
            t.revoked_at.map(|r| r.to_string()).unwrap_or_default(),
        ]);
    }
    print_table(&mut output(None)?, &rows)?;
    Ok(())
}

pub(crate) fn revoke(cli: &Cli, a: &TokenRevokeArgs) -> Result<()> {
    let mut store = open_store(cli)?;
    let institution = institution_named(store.as_mut(), a.institution.as_deref())?;
    if !store.revoke_token(institution.id, a.id)? {
        bail!(
            "no active token {} in {}: nothing changed",
            a.id,
            institution.code
        );
    }
    println!("token {} revoked", a.id);
    Ok(())
}
