//! `intake import`: an import run, resumed or reported.

use std::io::{IsTerminal, Write};

use anyhow::{Result, anyhow};
use intake_engine::{CriteriaMode, ImportOptions, MatchKey, Mode, ServiceOptions, report};
use intake_i18n::text;

use super::reference;
use super::{open_store, output, speak};
use crate::args::{self, Cli, ImportArgs};
use crate::progress;

pub(crate) fn run(cli: &Cli, a: &ImportArgs) -> Result<()> {
    let mut store = open_store(cli)?;
    let institution = store.institution()?;
    let lang = speak(cli, Some(institution.default_language));
    let mut mode: Mode = a.mode.into();
    let mut dry_run = a.dry_run;
    let mut file = a
        .file
        .as_ref()
        .map(|f| f.display().to_string())
        .unwrap_or_default();
    if let Some(id) = a.resume
        && let Some(record) = store.import(institution.id, id)?
    {
        // A resume runs as recorded: it asks as the first run did,
        // naming the file it read.
        mode = record.mode;
        dry_run = record.dry_run;
        if file.is_empty() {
            file = record.file_name.clone();
        }
    }
    if mode.is_destructive() && !dry_run {
        reference::confirm(
            lang,
            &text(
                lang,
                "confirm-mode",
                &[("mode", mode.as_str().into()), ("file", file.into())],
            ),
            &format!("--mode {}", mode.as_str()),
            a.yes,
        )?;
    }
    let options = ImportOptions {
        path: a.file.clone().unwrap_or_default(),
        name: a.name.clone(),
        mode,
        service: ServiceOptions {
            match_on: a.match_on.map(|m| match m {
                args::MatchArg::Email => MatchKey::Email,
                args::MatchArg::ContactNumber => MatchKey::ContactNumber,
            }),
            criteria: a.criteria.map(|c| match c {
                args::CriteriaArg::Add => CriteriaMode::Add,
                args::CriteriaArg::Replace => CriteriaMode::Replace,
            }),
            allow_consent_upgrade: a.allow_consent_upgrade,
        },
        dry_run: a.dry_run,
        check_duplicates: a.check_duplicates,
        created_by: std::env::var("USER").unwrap_or_else(|_| "intake".into()),
        rejects: a.rejects.clone(),
        lang,
        resume: a.resume,
        institution: None,
        wait: !a.no_wait,
        job: None,
    };
    let show = !a.quiet && std::io::stderr().is_terminal();
    let bar = progress::Bar::new(show, !a.quiet, lang);
    let outcome = intake_engine::run_import(store.as_mut(), &options, &bar)
        .map_err(|e| anyhow!("{}", e.message(lang)));
    bar.finish();
    let outcome = outcome?;
    if a.report.is_some() {
        let record = store
            .import(institution.id, outcome.import_id)?
            .ok_or_else(|| anyhow!("import {} vanished", outcome.import_id))?;
        let mut out = output(None)?;
        report::write_json(store.as_mut(), &record, lang, &mut out)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(());
    }
    if !a.quiet {
        let mut out = output(None)?;
        writeln!(out, "{}", outcome.summary(lang))?;
        if let Some(path) = &a.rejects {
            writeln!(
                out,
                "{}",
                text(
                    lang,
                    "rejects-written",
                    &[
                        ("count", outcome.rejects_written.into()),
                        ("file", path.display().to_string().into())
                    ]
                )
            )?;
        }
        writeln!(
            out,
            "{}",
            text(lang, "log-hint", &[("id", outcome.import_id.into())])
        )?;
        out.flush()?;
    }
    Ok(())
}
