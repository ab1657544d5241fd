//! `intake init`: a new base with its first institution.

use anyhow::{Result, bail};
use intake_store::StoreError;

use super::{db_path, institution_settings};
use crate::args::{Cli, InitArgs};

pub(crate) fn run(cli: &Cli, a: &InitArgs) -> Result<()> {
    let db = db_path(cli);
    let settings = institution_settings(
        &a.code,
        a.name.as_deref(),
        &a.languages,
        &a.default_language,
        &a.default_title,
        a.first_contact_number,
    )?;
    match intake_store::init(&db, &settings) {
        Ok(()) => println!("{db}: institution {} ready", settings.code),
        Err(StoreError::AlreadyInitialised(code)) => {
            bail!("{db} is already initialised (institution {code}): nothing changed")
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
