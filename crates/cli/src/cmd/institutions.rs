//! `intake institutions`: the institutions sharing the base.

use anyhow::{Result, bail};
use intake_store::StoreError;

use super::{institution_settings, open_store, output, print_table};
use crate::args::{Cli, InstitutionAddArgs};

pub(crate) fn add(cli: &Cli, a: &InstitutionAddArgs) -> Result<()> {
    let mut store = open_store(cli)?;
    let settings = institution_settings(
        &a.code,
        a.name.as_deref(),
        &a.languages,
        &a.default_language,
        &a.default_title,
        1,
    )?;
    match store.add_institution(&settings) {
        Ok(i) => println!("institution {} added (id {})", i.code, i.id),
        Err(StoreError::Exists(what)) => bail!("{what} already exists: nothing changed"),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

pub(crate) fn list(cli: &Cli) -> Result<()> {
    let mut store = open_store(cli)?;
    let mut rows = vec![
        ["code", "name", "languages", "default"]
            .map(String::from)
            .to_vec(),
    ];
    for i in store.institutions()? {
        rows.push(vec![
            i.code,
            i.name,
            i.languages
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(","),
            i.default_language.as_str().to_string(),
        ]);
    }
    print_table(&mut output(None)?, &rows)?;
    Ok(())
}
