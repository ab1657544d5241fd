//! `intake log`: an import's log, as text, CSV, JSON or a workbook.

use std::io::Write;

use anyhow::{Result, anyhow};
use intake_engine::export::{self};
use intake_i18n::text;

use super::{open_store, output, speak};
use crate::args::{Cli, LogArgs, LogFormat};

pub(crate) fn run(cli: &Cli, a: &LogArgs) -> Result<()> {
    let mut store = open_store(cli)?;
    let institution = store.institution()?;
    let lang = speak(cli, Some(institution.default_language));
    let record = store.import(institution.id, a.import_id)?.ok_or_else(|| {
        anyhow!(
            "{}",
            text(
                lang,
                "error-import-not-found",
                &[("id", a.import_id.into())]
            )
        )
    })?;
    let lines = store.log_lines(institution.id, a.import_id)?;
    match a.format {
        LogFormat::Text => {
            export::write_log_text(&lines, lang, &mut *output(a.output.as_deref())?)?
        }
        LogFormat::Csv => export::write_log_csv(&lines, lang, &mut *output(a.output.as_deref())?)?,
        LogFormat::Json => {
            let mut out = output(a.output.as_deref())?;
            serde_json::to_writer_pretty(&mut out, &export::log_json(&record, &lines, lang))?;
            writeln!(out)?;
        }
        LogFormat::Xlsx => {
            let path = a
                .output
                .as_deref()
                .ok_or_else(|| anyhow!("--format xlsx needs -o FILE.xlsx"))?;
            export::write_log_xlsx(&record, &lines, lang, path)?;
        }
    }
    Ok(())
}
