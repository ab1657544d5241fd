//! `intake retention apply`: what every institution's retention period no longer keeps, erased.

use anyhow::{Result, anyhow};

use super::{open_store, speak};
use crate::args::{Cli, RetentionApplyArgs};

pub(crate) fn apply(cli: &Cli, a: &RetentionApplyArgs) -> Result<()> {
    // Every institution's period, as the server applies them: an
    // institution that fails does not hold up the others.
    let mut store = open_store(cli)?;
    let institutions = store.institutions()?;
    let named = institutions.len() > 1;
    let mut failed = Vec::new();
    for institution in institutions {
        let lang = speak(cli, Some(institution.default_language));
        let prefix = if named {
            format!("{}: ", institution.code)
        } else {
            String::new()
        };
        match intake_engine::apply_retention(
            store.as_mut(),
            institution.id,
            jiff::Timestamp::now(),
            a.dry_run,
        ) {
            Ok(done) => println!("{prefix}{}", done.sentence(a.dry_run, lang)),
            Err(e) => failed.push(format!("{prefix}{}", e.message(lang))),
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(anyhow!("{}", failed.join("\n")))
    }
}
