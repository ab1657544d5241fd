//! The administrator's commands: reference data (criteria, structure types,
//! authorizations, reserved numbers, institution settings, one-file set-up),
//! undo, the audit trail, and the confirmation destructive work asks for.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Result, anyhow, bail};
use intake_core::value::{Language, Title, code};
use intake_i18n::{Lang, text};
use intake_store::reference::{self, CodeList};
use intake_store::{Institution, Store, StoreError};
use serde::Deserialize;

use crate::args::{CodeCommand, CriteriaCommand, InstitutionCommand, ListFormat, NumbersCommand};
use crate::cmd::print_table;

/// Asks "yes" on a terminal after `message`; `yes` answers it; without a
/// terminal and without `yes`, refuses.
pub fn confirm(lang: Lang, message: &str, what: &str, yes: bool) -> Result<()> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        bail!(
            "{}\n{}",
            message,
            text(lang, "confirm-needed", &[("what", what.into())])
        );
    }
    let mut err = std::io::stderr().lock();
    writeln!(err, "{message}")?;
    write!(err, "{} ", text(lang, "confirm-question", &[]))?;
    err.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    let answer = answer.trim().to_lowercase();
    if ["yes", "y", "oui", "o", "ja", "j", "si", "sì"].contains(&answer.as_str()) {
        return Ok(());
    }
    bail!("{}", text(lang, "confirm-declined", &[]))
}

/// The store's refusals, in the user's words.
fn refusal(lang: Lang, e: StoreError) -> anyhow::Error {
    match e {
        StoreError::InUse { what, count } => anyhow!(
            "{}",
            text(
                lang,
                "error-reference-in-use",
                &[("what", what.into()), ("count", count.into())]
            )
        ),
        StoreError::Missing(what) => anyhow!(
            "{}",
            text(lang, "error-reference-missing", &[("what", what.into())])
        ),
        e => e.into(),
    }
}

fn codes(list: &[String]) -> Vec<String> {
    list.iter()
        .map(|e| code(e))
        .filter(|e| !e.is_empty())
        .collect()
}

/// `intake criteria …`.
pub fn criteria(
    store: &mut dyn Store,
    institution: &Institution,
    lang: Lang,
    command: &CriteriaCommand,
) -> Result<()> {
    let sql = store.sql();
    match command {
        CriteriaCommand::Add(a) => {
            reference::add_criterion(
                sql,
                institution.id,
                &code(&a.code),
                a.label.as_deref(),
                &codes(&a.elements),
            )
            .map_err(|e| refusal(lang, e))?;
            println!("{}", text(lang, "reference-saved", &[]));
        }
        CriteriaCommand::Remove(a) => {
            reference::remove_criterion(sql, institution.id, &code(&a.code), &codes(&a.elements))
                .map_err(|e| refusal(lang, e))?;
            println!("{}", text(lang, "reference-removed", &[]));
        }
        CriteriaCommand::List(a) => {
            let list = reference::criteria(sql, institution.id)?;
            if a.format == ListFormat::Json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else if list.is_empty() {
                println!("{}", text(lang, "reference-none", &[]));
            } else {
                let mut rows = vec![vec!["code".into(), "label".into(), "elements".into()]];
                for c in list {
                    rows.push(vec![c.code, c.label, c.elements.join(", ")]);
                }
                print_table(&mut std::io::stdout().lock(), &rows)?;
            }
        }
    }
    Ok(())
}

/// `intake structure-types …`, `intake authorizations …`.
pub fn code_list(
    store: &mut dyn Store,
    institution: &Institution,
    lang: Lang,
    list: CodeList,
    command: &CodeCommand,
) -> Result<()> {
    let sql = store.sql();
    match command {
        CodeCommand::Add(a) => {
            reference::add_code(
                sql,
                institution.id,
                list,
                &code(&a.code),
                a.label.as_deref(),
            )
            .map_err(|e| refusal(lang, e))?;
            println!("{}", text(lang, "reference-saved", &[]));
        }
        CodeCommand::Remove(a) => {
            reference::remove_code(sql, institution.id, list, &code(&a.code))
                .map_err(|e| refusal(lang, e))?;
            println!("{}", text(lang, "reference-removed", &[]));
        }
        CodeCommand::List(a) => {
            let codes = reference::codes(sql, institution.id, list)?;
            if a.format == ListFormat::Json {
                println!("{}", serde_json::to_string_pretty(&codes)?);
            } else if codes.is_empty() {
                println!("{}", text(lang, "reference-none", &[]));
            } else {
                let mut rows = vec![vec!["code".into(), "label".into()]];
                rows.extend(codes.into_iter().map(|c| vec![c.code, c.label]));
                print_table(&mut std::io::stdout().lock(), &rows)?;
            }
        }
    }
    Ok(())
}

/// Parses `FROM..TO`.
fn parse_range(lang: Lang, s: &str) -> Result<(i64, i64)> {
    let bad = || {
        anyhow!(
            "{}",
            text(lang, "error-range", &[("value", s.to_string().into())])
        )
    };
    let (from, to) = s.split_once("..").ok_or_else(bad)?;
    let from: i64 = from.trim().parse().map_err(|_| bad())?;
    let to: i64 = to
        .trim()
        .trim_start_matches('=')
        .parse()
        .map_err(|_| bad())?;
    // Contact numbers have at most 15 digits.
    if from < 1 || to < from || to > 999_999_999_999_999 {
        return Err(bad());
    }
    Ok((from, to))
}

fn show_numbers(store: &mut dyn Store, institution: &Institution, lang: Lang) -> Result<()> {
    let next = reference::next_number(store.sql(), institution.id)?;
    match reference::reserved(store.sql(), institution.id)? {
        Some((from, to)) => println!(
            "{}",
            text(
                lang,
                "numbers-reserved",
                &[
                    ("from", from.into()),
                    ("to", to.into()),
                    ("next", next.into())
                ]
            )
        ),
        None => println!("{}", text(lang, "numbers-none", &[("next", next.into())])),
    }
    Ok(())
}

/// `intake numbers …`.
pub fn numbers(
    store: &mut dyn Store,
    institution: &Institution,
    lang: Lang,
    command: &NumbersCommand,
) -> Result<()> {
    match command {
        NumbersCommand::Reserve(a) => {
            let (from, to) = parse_range(lang, &a.range)?;
            reference::reserve(store.sql(), institution.id, from, to)?;
        }
        NumbersCommand::Remove => reference::unreserve(store.sql(), institution.id)?,
        NumbersCommand::List => {}
    }
    show_numbers(store, institution, lang)
}

fn languages(list: &str) -> Result<Vec<Language>> {
    list.split(',')
        .map(|l| {
            Language::parse(l.trim())
                .ok_or_else(|| anyhow!("--languages: {l:?} is not a two-letter language code"))
        })
        .collect()
}

/// Checks and applies new settings: the default language must stay one
/// of the languages.
fn set_institution(
    store: &mut dyn Store,
    institution: &Institution,
    langs: Option<Vec<Language>>,
    default_language: Option<&str>,
    default_title: Option<&str>,
) -> Result<()> {
    let default = default_language
        .map(|d| {
            Language::parse(d).ok_or_else(|| {
                anyhow!("--default-language: {d:?} is not a two-letter language code")
            })
        })
        .transpose()?;
    let title = default_title
        .map(|t| {
            Title::parse(t).ok_or_else(|| {
                anyhow!("--default-title: {t:?} is not one of MR, MRS, MISS, MR_AND_MRS, UNDEFINED")
            })
        })
        .transpose()?;
    let final_langs = langs
        .clone()
        .unwrap_or_else(|| institution.languages.clone());
    let final_default = default.unwrap_or(institution.default_language);
    if !final_langs.contains(&final_default) {
        bail!("the default language {final_default} is not one of the languages");
    }
    reference::set_institution(
        store.sql(),
        institution.id,
        langs.as_deref(),
        default,
        title,
    )?;
    Ok(())
}

/// `intake institution …`.
pub fn institution(
    store: &mut dyn Store,
    institution: &Institution,
    command: &InstitutionCommand,
) -> Result<()> {
    if let InstitutionCommand::Set(a) = command {
        let langs = a.languages.as_deref().map(languages).transpose()?;
        set_institution(
            store,
            institution,
            langs,
            a.default_language.as_deref(),
            a.default_title.as_deref(),
        )?;
        if let Some(days) = a.retention_days {
            intake_store::retention::set_retention_days(store.sql(), institution.id, days)?;
        }
    }
    let now = store
        .institution_by_id(institution.id)?
        .ok_or(StoreError::NoInstitution)?;
    let langs: Vec<&str> = now.languages.iter().map(|l| l.as_str()).collect();
    let days = intake_store::retention::retention_days(store.sql(), institution.id)?;
    println!(
        "{} ({}): languages {}, default language {}, default title {}, retention {days} days",
        now.code,
        now.name,
        langs.join(","),
        now.default_language,
        now.default_title.as_str()
    );
    Ok(())
}

/// The one-file set-up of `intake setup`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Setup {
    languages: Option<Vec<String>>,
    default_language: Option<String>,
    default_title: Option<String>,
    numbers: Option<String>,
    #[serde(default)]
    criteria: Vec<SetupCriterion>,
    #[serde(default)]
    structure_types: Vec<SetupCode>,
    #[serde(default)]
    authorizations: Vec<SetupCode>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SetupCriterion {
    code: String,
    label: Option<String>,
    #[serde(default)]
    elements: Vec<String>,
}

/// A code alone (`"SCHOOL"`) or with its label.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum SetupCode {
    Code(String),
    Labelled { code: String, label: Option<String> },
}

/// `intake setup FILE`: everything in one step (each part is idempotent, so
/// running it again changes nothing).
pub fn setup(
    store: &mut dyn Store,
    institution: &Institution,
    lang: Lang,
    file: &std::path::Path,
) -> Result<()> {
    let raw = std::fs::read_to_string(file)
        .map_err(|e| anyhow!("cannot read {}: {e}", file.display()))?;
    let setup: Setup =
        serde_json::from_str(&raw).map_err(|e| anyhow!("{}: {e}", file.display()))?;
    let langs = setup
        .languages
        .as_ref()
        .map(|l| languages(&l.join(",")))
        .transpose()?;
    let range = setup
        .numbers
        .as_deref()
        .map(|r| parse_range(lang, r))
        .transpose()?;
    set_institution(
        store,
        institution,
        langs,
        setup.default_language.as_deref(),
        setup.default_title.as_deref(),
    )?;
    if let Some((from, to)) = range {
        reference::reserve(store.sql(), institution.id, from, to)?;
    }
    for c in &setup.criteria {
        reference::add_criterion(
            store.sql(),
            institution.id,
            &code(&c.code),
            c.label.as_deref(),
            &codes(&c.elements),
        )?;
    }
    for (list, codes_) in [
        (CodeList::StructureTypes, &setup.structure_types),
        (CodeList::Authorizations, &setup.authorizations),
    ] {
        for c in codes_ {
            let (c, label) = match c {
                SetupCode::Code(c) => (c, None),
                SetupCode::Labelled { code, label } => (code, label.as_deref()),
            };
            reference::add_code(store.sql(), institution.id, list, &code(c), label)?;
        }
    }
    println!(
        "{}",
        text(
            lang,
            "setup-done",
            &[
                ("file", file.display().to_string().into()),
                ("criteria", setup.criteria.len().into()),
                ("types", setup.structure_types.len().into()),
                ("authorizations", setup.authorizations.len().into()),
                (
                    "reserved",
                    if range.is_some() { "yes" } else { "no" }.into()
                ),
            ]
        )
    );
    Ok(())
}

/// `intake audit`.
pub fn audit(store: &mut dyn Store, institution: &Institution, format: ListFormat) -> Result<()> {
    let lines = intake_store::services::audit_lines(store.sql(), institution.id)?;
    if format == ListFormat::Json {
        println!("{}", serde_json::to_string_pretty(&lines)?);
        return Ok(());
    }
    let mut rows = vec![
        ["at", "who", "action", "import", "contacts"]
            .map(String::from)
            .to_vec(),
    ];
    for l in lines {
        let numbers: Vec<String> = l.numbers.iter().map(i64::to_string).collect();
        rows.push(vec![
            l.at,
            l.who,
            l.action,
            l.import_id.map(|i| i.to_string()).unwrap_or_default(),
            numbers.join(","),
        ]);
    }
    print_table(&mut std::io::stdout().lock(), &rows)
}
