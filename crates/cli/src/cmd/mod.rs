//! The commands, one module each; here, what they share and the dispatch.

mod contacts;
mod duplicates;
mod generate;
mod import;
mod imports;
mod init;
mod institutions;
mod log;
mod read_workbook;
mod reference;
mod retention;
mod serve;
mod template;
mod tokens;
mod undo;
mod users;

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use intake_core::value::{Language, Title};
use intake_engine::extended;
use intake_i18n::{Lang, text};
use intake_store::{InstitutionSettings, Store};

use crate::args::{
    Cli, Command, ContactsCommand, DuplicatesCommand, InstitutionsCommand, RetentionCommand,
    TokensCommand, UsersCommand,
};

/// Runs the command the line names.
pub(crate) fn run(cli: &Cli) -> Result<()> {
    match &cli.command {
        Command::Init(a) => init::run(cli, a),
        Command::Import(a) => import::run(cli, a),
        Command::Log(a) => log::run(cli, a),
        Command::Imports(a) => imports::run(cli, a),
        Command::Contacts(ContactsCommand::List(a)) => contacts::list(cli, a),
        Command::Template(a) => template::run(cli, a),
        Command::Duplicates(DuplicatesCommand::Find(a)) => duplicates::find(cli, a),
        Command::Duplicates(DuplicatesCommand::Review(a)) => duplicates::review(cli, a),
        Command::Duplicates(DuplicatesCommand::Reviews(a)) => duplicates::reviews(cli, a),
        Command::Undo(a) => undo::run(cli, a),
        Command::Criteria(c) => {
            let mut store = open_store(cli)?;
            let institution = store.institution()?;
            let lang = speak(cli, Some(institution.default_language));
            reference::criteria(store.as_mut(), &institution, lang, c)
        }
        Command::StructureTypes(c) | Command::Authorizations(c) => {
            let list = match &cli.command {
                Command::StructureTypes(_) => intake_store::reference::CodeList::StructureTypes,
                _ => intake_store::reference::CodeList::Authorizations,
            };
            let mut store = open_store(cli)?;
            let institution = store.institution()?;
            let lang = speak(cli, Some(institution.default_language));
            reference::code_list(store.as_mut(), &institution, lang, list, c)
        }
        Command::Numbers(c) => {
            let mut store = open_store(cli)?;
            let institution = store.institution()?;
            let lang = speak(cli, Some(institution.default_language));
            reference::numbers(store.as_mut(), &institution, lang, c)
        }
        Command::Institution(c) => {
            let mut store = open_store(cli)?;
            let institution = store.institution()?;
            reference::institution(store.as_mut(), &institution, c)
        }
        Command::Setup(a) => {
            let mut store = open_store(cli)?;
            let institution = store.institution()?;
            let lang = speak(cli, Some(institution.default_language));
            reference::setup(store.as_mut(), &institution, lang, &a.file)
        }
        Command::Audit(a) => {
            let mut store = open_store(cli)?;
            let institution = store.institution()?;
            reference::audit(store.as_mut(), &institution, a.format)
        }
        Command::Retention(RetentionCommand::Apply(a)) => retention::apply(cli, a),
        Command::Compact => {
            let mut store = open_store(cli)?;
            store.compact()?;
            Ok(())
        }
        Command::ReadWorkbook(a) => read_workbook::run(cli, a),
        Command::Serve(a) => serve::run(cli, a),
        Command::Institutions(InstitutionsCommand::Add(a)) => institutions::add(cli, a),
        Command::Institutions(InstitutionsCommand::List) => institutions::list(cli),
        Command::Users(UsersCommand::Add(a)) => users::add(cli, a),
        Command::Users(UsersCommand::List(a)) => users::list(cli, a),
        Command::Users(UsersCommand::Remove(a)) => users::remove(cli, a),
        Command::Tokens(TokensCommand::Create(a)) => tokens::create(cli, a),
        Command::Tokens(TokensCommand::List(a)) => tokens::list(cli, a),
        Command::Tokens(TokensCommand::Revoke(a)) => tokens::revoke(cli, a),
        Command::Generate(a) => generate::run(cli, a),
    }
}

/// The database the command works on: `--db`, else `$INTAKE_DB` (clap reads
/// it), else `./intake.db`.
pub(crate) fn db_path(cli: &Cli) -> String {
    cli.db.clone().unwrap_or_else(|| "intake.db".to_string())
}

/// The language to speak: `--lang`/`$INTAKE_LANG`, else the system locale when
/// it is one of ours, else the institution's default.
pub(crate) fn speak(cli: &Cli, institution_default: Option<Language>) -> Lang {
    if let Some(l) = cli.lang {
        return l.into();
    }
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Some(lang) = std::env::var(var).ok().as_deref().and_then(Lang::parse) {
            return lang;
        }
    }
    institution_default
        .and_then(|l| Lang::parse(l.as_str()))
        .unwrap_or_default()
}

pub(crate) fn open_store(cli: &Cli) -> Result<Box<dyn Store + Send>> {
    let db = db_path(cli);
    let mut store = intake_store::open(&db, &InstitutionSettings::default()).map_err(|e| {
        anyhow!(
            "{}",
            text(
                Lang::En,
                "error-store",
                &[("db", db.as_str().into()), ("reason", e.to_string().into())]
            )
        )
    })?;
    // An import whose process died is failed, never "running" forever.
    store.recover_interrupted(&intake_engine::interrupted_line())?;
    Ok(store)
}

pub(crate) fn output(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// The institution with this code, or the base's first one.
pub(crate) fn institution_named(
    store: &mut dyn Store,
    code: Option<&str>,
) -> Result<intake_store::Institution> {
    match code {
        Some(code) => store
            .institution_by_code(code)?
            .ok_or_else(|| anyhow!("no institution {code} (see `intake institutions list`)")),
        None => Ok(store.institution()?),
    }
}

/// The password of a new user: `INTAKE_PASSWORD`, else asked twice on the
/// terminal, else one line of standard input.
pub(crate) fn read_password() -> Result<String> {
    let password = match std::env::var("INTAKE_PASSWORD") {
        Ok(p) => p,
        Err(_) if std::io::stdin().is_terminal() => {
            let first = rpassword::prompt_password("Password: ")?;
            let again = rpassword::prompt_password("Password again: ")?;
            if first != again {
                bail!("the two passwords differ: nothing changed");
            }
            first
        }
        Err(_) => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    if password.chars().count() < 10 {
        bail!("the password must have at least 10 characters: nothing changed");
    }
    Ok(password)
}

/// The institution's criteria, structure types and authorizations.
pub(crate) fn reference_lists(
    store: &mut dyn Store,
    institution: i64,
) -> Result<extended::ReferenceLists> {
    use intake_store::reference::{self, CodeList};
    Ok(extended::ReferenceLists {
        criteria: reference::criteria(store.sql(), institution)?,
        structure_types: reference::codes(store.sql(), institution, CodeList::StructureTypes)?,
        authorizations: reference::codes(store.sql(), institution, CodeList::Authorizations)?,
    })
}

pub(crate) fn print_table(out: &mut dyn Write, rows: &[Vec<String>]) -> Result<()> {
    let columns = rows.first().map(Vec::len).unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map(|s| s.chars().count()).unwrap_or(0))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, s)| format!("{s:<width$}", width = widths[c]))
            .collect();
        writeln!(out, "{}", line.join("  ").trim_end())?;
    }
    Ok(())
}

/// Checks the settings of a new institution (`init`, `institutions add`).
pub(crate) fn institution_settings(
    code: &str,
    name: Option<&str>,
    languages: &str,
    default_language: &str,
    default_title: &str,
    first_contact_number: i64,
) -> Result<InstitutionSettings> {
    let code = code.trim();
    if code.is_empty() || code.chars().any(|c| c.is_whitespace() || c.is_control()) {
        bail!("the institution code {code:?} must be one word");
    }
    let langs = languages
        .split(',')
        .map(|l| {
            Language::parse(l.trim())
                .ok_or_else(|| anyhow!("--languages: {l:?} is not a two-letter language code"))
        })
        .collect::<Result<Vec<_>>>()?;
    let default = Language::parse(default_language).ok_or_else(|| {
        anyhow!("--default-language: {default_language:?} is not a two-letter language code")
    })?;
    if !langs.contains(&default) {
        bail!("--default-language {default} is not one of --languages {languages}");
    }
    let title = Title::parse(default_title).ok_or_else(|| {
        anyhow!(
            "--default-title: {default_title:?} is not one of MR, MRS, MISS, MR_AND_MRS, UNDEFINED"
        )
    })?;
    Ok(InstitutionSettings {
        code: code.to_string(),
        name: name.unwrap_or(code).to_string(),
        languages: langs,
        default_language: default,
        default_title: title,
        first_contact_number,
    })
}
