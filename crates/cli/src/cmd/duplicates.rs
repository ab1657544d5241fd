//! `intake duplicates find`: the likely duplicates of the base or of a
//! file, each pair explained field by field.

use std::io::Write;

use anyhow::{Result, anyhow, bail};
use intake_duplicates::{Finder, LIKELY_DUPLICATE};
use intake_engine::duplicates as dup;
use intake_i18n::{Arg, Lang, text};

use super::{open_store, output, print_table, speak};
use crate::args::{
    Cli, DuplicatesFindArgs, DuplicatesFormat, DuplicatesReviewArgs, DuplicatesReviewsArgs,
    ListFormat,
};
use intake_store::reviews::{self, Decision};

pub(crate) fn find(cli: &Cli, a: &DuplicatesFindArgs) -> Result<()> {
    // A file's rows were never reviewed: only the base has pairs apart.
    let (finder, apart, lang) = match &a.file {
        Some(path) => (
            dup::people_of_file(path, a.id_column.as_deref())?,
            None,
            speak(cli, None),
        ),
        None => {
            let mut store = open_store(cli)?;
            let institution = store.institution()?;
            let lang = speak(cli, Some(institution.default_language));
            let apart = dup::reviewed_apart(store.as_mut(), institution.id)?;
            (
                dup::people_of_base(store.as_mut(), institution.id)?,
                Some(apart),
                lang,
            )
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
    let found = finder.find(
        min_score,
        &|x, y| apart.as_ref().is_some_and(|apart| apart.contains(x, y)),
        threads,
    );
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
    // The first id not among the people, when one is not.
    let unknown = [id_1, id_2]
        .into_iter()
        .find(|id| finder.person(id).is_none());
    let explained = match (unknown, finder.explain(id_1, id_2)) {
        (None, Some(explained)) => explained,
        (unknown, _) => bail!(
            "{}",
            text(
                lang,
                "duplicates-unknown-id",
                &[("id", Arg::from(unknown.unwrap_or(id_1).as_str()))]
            )
        ),
    };
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

pub(crate) fn review(cli: &Cli, a: &DuplicatesReviewArgs) -> Result<()> {
    let mut store = open_store(cli)?;
    let institution = store.institution()?;
    let lang = speak(cli, Some(institution.default_language));
    let unknown = reviews::unknown_numbers(store.sql(), institution.id, &a.numbers)?;
    if let Some(n) = unknown.first() {
        bail!(
            "{}",
            text(
                lang,
                "duplicates-unknown-contact",
                &[("number", Arg::from(*n))]
            )
        );
    }
    let decision = if a.same {
        Decision::Same
    } else {
        Decision::Different
    };
    let who = std::env::var("USER").unwrap_or_else(|_| "intake".into());
    let pairs = reviews::review(store.sql(), institution.id, &a.numbers, decision, &who)?;
    println!(
        "{}",
        text(
            lang,
            &format!("duplicates-reviewed-{}", decision.as_str()),
            &[("pairs", Arg::from(pairs))],
        )
    );
    Ok(())
}

pub(crate) fn reviews(cli: &Cli, a: &DuplicatesReviewsArgs) -> Result<()> {
    let mut store = open_store(cli)?;
    let institution = store.institution()?;
    let list = reviews::reviews(store.sql(), institution.id)?;
    let mut out = output(None)?;
    if a.format == ListFormat::Json {
        serde_json::to_writer_pretty(&mut out, &list)?;
        writeln!(out)?;
    } else {
        let mut rows = vec![
            [
                "contact_1",
                "contact_2",
                "decision",
                "decided_by",
                "decided_at",
            ]
            .map(str::to_string)
            .to_vec(),
        ];
        for r in &list {
            rows.push(vec![
                r.contact_1.to_string(),
                r.contact_2.to_string(),
                r.decision.as_str().to_string(),
                r.decided_by.clone(),
                r.decided_at.clone(),
            ]);
        }
        print_table(&mut *out, &rows)?;
    }
    out.flush()?;
    Ok(())
}
