//! `intake imports`: the imports, newest first.

use std::io::Write;

use anyhow::Result;
use intake_i18n::text;

use super::{open_store, output, print_table, speak};
use crate::args::{Cli, ImportsArgs, ListFormat};

pub(crate) fn run(cli: &Cli, a: &ImportsArgs) -> Result<()> {
    let mut store = open_store(cli)?;
    let institution = store.institution()?;
    let lang = speak(cli, Some(institution.default_language));
    let imports = store.imports(institution.id)?;
    let mut out = output(None)?;
    if a.format == ListFormat::Json {
        let list: Vec<serde_json::Value> = imports
            .iter()
            .map(|i| {
                serde_json::json!({
                    "import_id": i.id, "name": i.name, "file_name": i.file_name,
                    "mode": i.mode.as_str(), "dry_run": i.dry_run, "status": i.status.as_str(),
                    "created_by": i.created_by, "started_at": i.started_at.to_string(),
                    "finished_at": i.finished_at.map(|t| t.to_string()), "counts": i.counts,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &list)?;
        writeln!(out)?;
        return Ok(());
    }
    if imports.is_empty() {
        writeln!(out, "{}", text(lang, "imports-none", &[]))?;
        return Ok(());
    }
    let h = |k: &str| text(lang, &format!("heading-{k}"), &[]);
    let mut rows = vec![
        [
            "id", "name", "mode", "status", "started", "by", "rows", "created", "skipped",
            "rejected",
        ]
        .map(h)
        .to_vec(),
    ];
    for i in &imports {
        let mut mode = text(lang, &format!("mode-{}", i.mode), &[]);
        if i.dry_run {
            mode = format!("{mode} ({})", text(lang, "dry-run", &[]));
        }
        rows.push(vec![
            i.id.to_string(),
            i.name.clone(),
            mode,
            text(lang, &format!("status-{}", i.status.as_str()), &[]),
            i.started_at
                .to_zoned(jiff::tz::TimeZone::system())
                .strftime("%d.%m.%Y %H:%M")
                .to_string(),
            i.created_by.clone(),
            i.counts.rows.to_string(),
            i.counts.created.to_string(),
            i.counts.skipped.to_string(),
            i.counts.rejected.to_string(),
        ]);
    }
    print_table(&mut out, &rows)?;
    Ok(())
}
