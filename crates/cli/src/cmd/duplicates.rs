//! `intake duplicates find`: the likely duplicates of the base or of a
//! file, each pair explained field by field.

use std::io::Write;

use anyhow::{Result, anyhow, bail};
use intake_duplicates::{Finder, LIKELY_DUPLICATE};
use intake_engine::duplicates as dup;
use intake_i18n::{Arg, Lang, text};

use super::{open_store, output, print_table, speak};
use crate::args::{Cli, DuplicatesFindArgs, DuplicatesFormat};

pub(crate) fn find(cli: &Cli, a: &DuplicatesFindArgs) -> Result<()> {
    let (finder, lang) = match &a.file {
        Some(path) => (
            dup::people_of_file(path, a.id_column.as_deref())?,
            speak(cli, None),
        ),
        None => {
            let mut store = open_store(cli)?;
            let institution = store.institution()?;
            let lang = speak(cli, Some(institution.default_language));
            (dup::people_of_base(store.as_mut(), institution.id)?, lang)
        }
    };
    let min_score = a.min_score.unwrap_or(LIKELY_DUPLICATE);
    if let Some(ids) = &a.explain {
        return explain(&finder, ids, min_score, a, lang);
    }
    if a.format == DuplicatesFormat::Xlsx && a.output.is_none() {
        bail!("--format xlsx needs -o FILE.xlsx");
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // A pair reviewed as two people is never proposed again: reviews come
    // with `intake duplicates review` (not built yet), none to honour now.
    let found = finder.find(min_score, &|_, _| false, threads);
    let clusters = {
        let mut names: Vec<&str> = found.pairs.iter().map(|p| p.cluster).collect();
        names.dedup();
        names.len()
    };
    eprintln!(
        "{}",
        text(
            lang,
            "duplicates-summary",
            &[
                ("people", Arg::from(finder.len())),
                ("compared", Arg::from(found.compared)),
                ("pairs", Arg::from(found.pairs.len())),
                ("clusters", Arg::from(clusters)),
                ("households", Arg::from(found.households)),
            ],
        )
    );
    match a.format {
        DuplicatesFormat::Xlsx => {
            let path = a.output.as_deref().ok_or_else(|| anyhow!("-o FILE.xlsx"))?;
            dup::write_pairs_xlsx(&found, lang, path)?;
        }
        format => {
            let mut out = output(a.output.as_deref())?;
            match format {
                DuplicatesFormat::Csv => dup::write_pairs_csv(&found, lang, &mut *out)?,
                DuplicatesFormat::Json => {
                    serde_json::to_writer_pretty(
                        &mut out,
                        &dup::pairs_json(&found, finder.len(), lang),
                    )?;
                    writeln!(out)?;
                }
                _ => print_table(&mut *out, &dup::pairs_table(&found, lang))?,
            }
            out.flush()?;
        }
    }
    Ok(())
}

fn explain(
    finder: &Finder,
    ids: &[String],
    min_score: f64,
    a: &DuplicatesFindArgs,
    lang: Lang,
) -> Result<()> {
    let [id_1, id_2] = ids else {
        bail!("--explain needs two ids");
    };
    for id in [id_1, id_2] {
        if finder.person(id).is_none() {
            bail!(
                "{}",
                text(
                    lang,
                    "duplicates-unknown-id",
                    &[("id", Arg::from(id.as_str()))]
                )
            );
        }
    }
    let explained = finder
        .explain(id_1, id_2)
        .ok_or_else(|| anyhow!("{id_1} {id_2}"))?;
    let mut out = output(a.output.as_deref())?;
    if a.format == DuplicatesFormat::Json {
        serde_json::to_writer_pretty(
            &mut out,
            &dup::explained_json(id_1, id_2, &explained, min_score, lang),
        )?;
        writeln!(out)?;
    } else {
        writeln!(out, "{id_1} ~ {id_2}")?;
        if let Some(c) = &explained.comparison {
            for f in &c.fields {
                writeln!(out, "  {}", dup::field_sentence(lang, f))?;
            }
        }
        writeln!(
            out,
            "{}",
            dup::judgement_sentence(&explained, min_score, lang)
        )?;
    }
    out.flush()?;
    Ok(())
}
