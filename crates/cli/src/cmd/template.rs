//! `intake template`: the import template, basic or extended.

use std::io::Write;

use anyhow::Result;
use intake_engine::{extended, template};

use super::{open_store, output, reference_lists, speak};
use crate::args::{Cli, TemplateArgs, TemplateFormat};

pub(crate) fn run(cli: &Cli, a: &TemplateArgs) -> Result<()> {
    let mut store = open_store(cli)?;
    let institution = store.institution()?;
    let lang = speak(cli, Some(institution.default_language));
    if a.extended {
        let lists = reference_lists(store.as_mut(), institution.id)?;
        match a.format {
            TemplateFormat::Csv => {
                let mut out = output(a.output.as_deref())?;
                extended::write_extended_csv(&lists, &mut *out)?;
                out.flush()?;
            }
            TemplateFormat::Xlsx => {
                let path = a
                    .output
                    .clone()
                    .unwrap_or_else(|| format!("template-extended-{lang}.xlsx").into());
                extended::write_extended_xlsx(lang, &institution, &lists, &path)?;
                eprintln!("{}", path.display());
            }
        }
        return Ok(());
    }
    match a.format {
        TemplateFormat::Csv => {
            let mut out = output(a.output.as_deref())?;
            template::write_csv(lang, &mut *out)?;
            out.flush()?;
        }
        TemplateFormat::Xlsx => {
            let path = a
                .output
                .clone()
                .unwrap_or_else(|| format!("template-{lang}.xlsx").into());
            template::write_xlsx(lang, &institution, &path)?;
            eprintln!("{}", path.display());
        }
    }
    Ok(())
}
