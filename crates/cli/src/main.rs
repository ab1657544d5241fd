//! `intake`: the command line over the intake engine.
//!
//! Exit codes: 0 when the command ran (an import that rejected rows still
//! ran), 1 when it could not (unreadable file, no email column, unknown
//! import, …: the reason is on stderr), 2 on a usage error.

mod args;
mod generate;
mod progress;
mod reference;

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use clap::Parser;
use intake_core::value::{Language, Title};
use intake_engine::export::{self, CONTACT_COLUMNS, ContactExport};
use intake_engine::{
    CriteriaMode, ImportOptions, MatchKey, Mode, ServiceOptions, extended, report, template,
};
use intake_i18n::{Lang, text};
use intake_store::{ContactFilter, InstitutionSettings, Store, StoreError};

use args::{
    Cli, Command, ContactsCommand, InstitutionsCommand, ListFormat, LogFormat, RetentionCommand,
    RoleArg, TemplateFormat, TokensCommand, UsersCommand,
};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Workbooks read whole are read by this same program in a process of
    // its own, behind a memory limit: a hostile one costs that process.
    if let Ok(program) = std::env::current_exe() {
        intake_source::isolated::read_whole_workbooks_with(program, vec!["read-workbook".into()]);
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "intake: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// The database the command works on: `--db`, else `$INTAKE_DB` (clap reads
/// it), else `./intake.db`.
fn db_path(cli: &Cli) -> String {
    cli.db.clone().unwrap_or_else(|| "intake.db".to_string())
}

/// The language to speak: `--lang`/`$INTAKE_LANG`, else the system locale when
/// it is one of ours, else the institution's default.
fn speak(cli: &Cli, institution_default: Option<Language>) -> Lang {
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

fn open_store(cli: &Cli) -> Result<Box<dyn Store + Send>> {
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

fn output(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

fn run(cli: Cli) -> Result<()> {
    match &cli.command {
        Command::Init(a) => {
            let db = db_path(&cli);
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
        Command::Import(a) => {
            let mut store = open_store(&cli)?;
            let institution = store.institution()?;
            let lang = speak(&cli, Some(institution.default_language));
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
                let lines = store.log_lines(institution.id, outcome.import_id)?;
                let report = report::build(&record, &lines, lang);
                let mut out = output(None)?;
                serde_json::to_writer_pretty(&mut out, &report)?;
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
        Command::Log(a) => {
            let mut store = open_store(&cli)?;
            let institution = store.institution()?;
            let lang = speak(&cli, Some(institution.default_language));
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
                LogFormat::Csv => {
                    export::write_log_csv(&lines, lang, &mut *output(a.output.as_deref())?)?
                }
                LogFormat::Json => {
                    let mut out = output(a.output.as_deref())?;
                    serde_json::to_writer_pretty(
                        &mut out,
                        &export::log_json(&record, &lines, lang),
                    )?;
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
        Command::Imports(a) => {
            let mut store = open_store(&cli)?;
            let institution = store.institution()?;
            let lang = speak(&cli, Some(institution.default_language));
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
        Command::Contacts(ContactsCommand::List(a)) => {
            let mut store = open_store(&cli)?;
            let institution = store.institution()?;
            let lang = speak(&cli, Some(institution.default_language));
            let filter = ContactFilter {
                institution_id: institution.id,
                created_from: a.created_from.clone(),
                contact_type: a.contact_type.map(|t| t.as_str().to_string()),
                email: a.email.clone(),
            };
            let mut out = output(None)?;
            if a.extended {
                let lists = reference_lists(store.as_mut(), institution.id)?;
                let mut contacts = intake_store::services::load_all(
                    store.sql(),
                    institution.id,
                    a.created_from.as_deref(),
                )?;
                contacts.retain(|c| {
                    a.contact_type
                        .is_none_or(|t| c.get(intake_core::Column::ContactType) == Some(t.as_str()))
                        && a.email.as_ref().is_none_or(|e| {
                            c.get(intake_core::Column::Email)
                                .is_some_and(|x| x.eq_ignore_ascii_case(e))
                        })
                });
                if a.format == ListFormat::Json {
                    let headers = extended::extended_headers(&lists);
                    let list: Vec<serde_json::Map<String, serde_json::Value>> = contacts
                        .iter()
                        .map(|c| {
                            headers
                                .iter()
                                .cloned()
                                .zip(
                                    extended::extended_row(c, &lists)
                                        .into_iter()
                                        .map(Into::into),
                                )
                                .collect()
                        })
                        .collect();
                    serde_json::to_writer_pretty(&mut out, &list)?;
                    writeln!(out)?;
                } else {
                    extended::write_extended_contacts_csv(&contacts, &lists, &mut *out)?;
                }
                out.flush()?;
                return Ok(());
            }
            match a.format {
                ListFormat::Json => {
                    let mut list = Vec::new();
                    store.for_each_contact(&filter, &mut |c| list.push(ContactExport::from(c)))?;
                    serde_json::to_writer_pretty(&mut out, &list)?;
                    writeln!(out)?;
                }
                ListFormat::Csv => {
                    let mut w = csv::WriterBuilder::new()
                        .delimiter(b';')
                        .from_writer(&mut out);
                    w.write_record(CONTACT_COLUMNS)?;
                    let mut failed = None;
                    store.for_each_contact(&filter, &mut |c| {
                        let values = ContactExport::from(c).values();
                        let row: Vec<_> = values.iter().map(|v| export::neutralise(v)).collect();
                        if let Err(e) = w.write_record(row.iter().map(|v| v.as_ref())) {
                            failed.get_or_insert(e);
                        }
                    })?;
                    if let Some(e) = failed {
                        return Err(e.into());
                    }
                    w.flush()?;
                }
                ListFormat::Table => {
                    let h = |k: &str| text(lang, &format!("column-{k}"), &[]);
                    let mut rows = vec![vec![
                        text(lang, "heading-contact_number", &[]),
                        h("contact_type"),
                        h("first_name"),
                        h("last_name"),
                        h("structure_name"),
                        h("email"),
                        h("postal_code"),
                        h("town"),
                        h("country"),
                        text(lang, "heading-created_from", &[]),
                    ]];
                    store.for_each_contact(&filter, &mut |c| {
                        rows.push(vec![
                            c.contact_number.to_string(),
                            c.contact_type,
                            c.first_name,
                            c.last_name,
                            c.structure_name,
                            c.email,
                            c.postal_code,
                            c.town,
                            c.country,
                            c.created_from,
                        ])
                    })?;
                    let count = rows.len() - 1;
                    print_table(&mut out, &rows)?;
                    writeln!(
                        out,
                        "{}",
                        text(lang, "contacts-found", &[("count", count.into())])
                    )?;
                }
            }
            out.flush()?;
            Ok(())
        }
        Command::Template(a) => {
            let mut store = open_store(&cli)?;
            let institution = store.institution()?;
            let lang = speak(&cli, Some(institution.default_language));
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
        Command::Generate(a) => generate::run(a),
        Command::Undo(a) => {
            let mut store = open_store(&cli)?;
            let institution = store.institution()?;
            let lang = speak(&cli, Some(institution.default_language));
            let (preview, _) =
                intake_engine::undo_preview(store.as_mut(), institution.id, a.import_id)
                    .map_err(|e| anyhow!("{}", e.message(lang)))?;
            reference::confirm(
                lang,
                &text(
                    lang,
                    "confirm-undo",
                    &[
                        ("id", a.import_id.into()),
                        ("removed", preview.removed.into()),
                        ("restored", preview.restored.into()),
                    ],
                ),
                "intake undo",
                a.yes,
            )?;
            let who = std::env::var("USER").unwrap_or_else(|_| "intake".into());
            let bar = progress::Bar::new(false, true, lang);
            let done = intake_engine::undo_import(
                store.as_mut(),
                institution.id,
                a.import_id,
                &who,
                !a.no_wait,
                &bar,
            )
            .map_err(|e| anyhow!("{}", e.message(lang)))?;
            println!(
                "{}",
                text(
                    lang,
                    "undo-done",
                    &[
                        ("id", a.import_id.into()),
                        ("removed", done.removed.into()),
                        ("restored", done.restored.into()),
                    ]
                )
            );
            Ok(())
        }
        Command::Criteria(c) => {
            let mut store = open_store(&cli)?;
            let institution = store.institution()?;
            let lang = speak(&cli, Some(institution.default_language));
            reference::criteria(store.as_mut(), &institution, lang, c)
        }
        Command::StructureTypes(c) | Command::Authorizations(c) => {
            let list = match &cli.command {
                Command::StructureTypes(_) => intake_store::reference::CodeList::StructureTypes,
                _ => intake_store::reference::CodeList::Authorizations,
            };
            let mut store = open_store(&cli)?;
            let institution = store.institution()?;
            let lang = speak(&cli, Some(institution.default_language));
            reference::code_list(store.as_mut(), &institution, lang, list, c)
        }
        Command::Numbers(c) => {
            let mut store = open_store(&cli)?;
            let institution = store.institution()?;
            let lang = speak(&cli, Some(institution.default_language));
            reference::numbers(store.as_mut(), &institution, lang, c)
        }
        Command::Institution(c) => {
            let mut store = open_store(&cli)?;
            let institution = store.institution()?;
            reference::institution(store.as_mut(), &institution, c)
        }
        Command::Setup(a) => {
            let mut store = open_store(&cli)?;
            let institution = store.institution()?;
            let lang = speak(&cli, Some(institution.default_language));
            reference::setup(store.as_mut(), &institution, lang, &a.file)
        }
        Command::Audit(a) => {
            let mut store = open_store(&cli)?;
            let institution = store.institution()?;
            reference::audit(store.as_mut(), &institution, a.format)
        }
        Command::Retention(RetentionCommand::Apply(a)) => {
            // Every institution's period, as the server applies them: an
            // institution that fails does not hold up the others.
            let mut store = open_store(&cli)?;
            let institutions = store.institutions()?;
            let named = institutions.len() > 1;
            let mut failed = Vec::new();
            for institution in institutions {
                let lang = speak(&cli, Some(institution.default_language));
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
        Command::Compact => {
            let mut store = open_store(&cli)?;
            store.compact()?;
            Ok(())
        }
        Command::ReadWorkbook(a) => {
            let format = match a.kind.as_str() {
                "xls" => intake_source::Format::Xls,
                "xlsb" => intake_source::Format::Xlsb,
                "ods" => intake_source::Format::Ods,
                other => bail!("read-workbook reads xls, xlsb or ods, not {other}"),
            };
            intake_source::isolated::write_whole_sheet(&a.path, format, std::io::stdout().lock())?;
            Ok(())
        }
        Command::Serve(a) => {
            let db = db_path(&cli);
            // Migrate and recover before listening, with the usual message
            // when the base cannot be opened.
            drop(open_store(&cli)?);
            let data_dir = a.data_dir.clone().unwrap_or_else(|| {
                if intake_store::is_postgres_url(&db) {
                    "intake-data".into()
                } else {
                    Path::new(&db)
                        .parent()
                        .map(|p| p.join("intake-data"))
                        .unwrap_or_else(|| "intake-data".into())
                }
            });
            let workers = a.workers.unwrap_or_else(|| {
                std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(2)
            });
            intake_server::serve(intake_server::Config {
                db,
                addr: a.addr,
                data_dir,
                workers,
                upload_limit: a.upload_limit_mb.saturating_mul(1024 * 1024),
                smtp_url: a.smtp_url.clone().filter(|u| !u.trim().is_empty()),
                smtp_from: a.smtp_from.clone(),
                public_url: a.public_url.clone(),
                lease: std::time::Duration::from_secs(a.lease_seconds),
            })?;
            Ok(())
        }
        Command::Institutions(InstitutionsCommand::Add(a)) => {
            let mut store = open_store(&cli)?;
            let settings = institution_settings(
                &a.code,
                a.name.as_deref(),
                &a.languages,
                &a.default_language,
                &a.default_title,
                1,
            )?;
            match store.add_institution(&settings) {
                Ok(i) => println!("institution {} added (id {})", i.code, i.id),
                Err(StoreError::Exists(what)) => bail!("{what} already exists: nothing changed"),
                Err(e) => return Err(e.into()),
            }
            Ok(())
        }
        Command::Institutions(InstitutionsCommand::List) => {
            let mut store = open_store(&cli)?;
            let mut rows = vec![
                ["code", "name", "languages", "default"]
                    .map(String::from)
                    .to_vec(),
            ];
            for i in store.institutions()? {
                rows.push(vec![
                    i.code,
                    i.name,
                    i.languages
                        .iter()
                        .map(|l| l.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                    i.default_language.as_str().to_string(),
                ]);
            }
            print_table(&mut output(None)?, &rows)?;
            Ok(())
        }
        Command::Users(UsersCommand::Add(a)) => {
            let mut store = open_store(&cli)?;
            let institution = institution_named(store.as_mut(), a.institution.as_deref())?;
            let email = intake_core::value::Email::parse(a.email.trim())
                .map_err(|_| anyhow!("{:?} is not an email address", a.email))?;
            let password = read_password()?;
            let hash = intake_server::auth::hash_password(&password).map_err(|e| anyhow!(e))?;
            let role = match a.role {
                RoleArg::Admin => intake_store::Role::Admin,
                RoleArg::Staff => intake_store::Role::Staff,
            };
            match store.add_user(&intake_store::NewUser {
                institution_id: institution.id,
                email: email.as_str().to_string(),
                role,
                password_hash: hash,
            }) {
                Ok(u) => println!(
                    "user {} added to {} as {}",
                    u.email,
                    institution.code,
                    role.as_str()
                ),
                Err(StoreError::Exists(what)) => bail!("{what} already exists: nothing changed"),
                Err(e) => return Err(e.into()),
            }
            Ok(())
        }
        Command::Users(UsersCommand::List(a)) => {
            let mut store = open_store(&cli)?;
            let filter = match &a.institution {
                Some(code) => Some(institution_named(store.as_mut(), Some(code))?.id),
                None => None,
            };
            let institutions = store.institutions()?;
            let mut rows = vec![
                ["email", "role", "institution", "language"]
                    .map(String::from)
                    .to_vec(),
            ];
            for u in store.users(filter)? {
                let code = institutions
                    .iter()
                    .find(|i| i.id == u.institution_id)
                    .map(|i| i.code.clone())
                    .unwrap_or_default();
                rows.push(vec![
                    u.email,
                    u.role.as_str().into(),
                    code,
                    u.language.unwrap_or_default(),
                ]);
            }
            print_table(&mut output(None)?, &rows)?;
            Ok(())
        }
        Command::Users(UsersCommand::Remove(a)) => {
            let mut store = open_store(&cli)?;
            if !store.remove_user(&a.email)? {
                bail!("no user {}: nothing changed", a.email);
            }
            println!("user {} removed", a.email.trim().to_lowercase());
            Ok(())
        }
        Command::Tokens(TokensCommand::Create(a)) => {
            let mut store = open_store(&cli)?;
            let user = store
                .user_by_email(&a.user)?
                .ok_or_else(|| anyhow!("no user {} (add one with `intake users add`)", a.user))?;
            let token = intake_server::auth::random_token().map_err(|e| anyhow!(e))?;
            let id =
                store.add_token(user.id, &intake_server::auth::token_hash(&token), &a.label)?;
            eprintln!(
                "token {id} for {} (shown once; keep it secret):",
                user.email
            );
            println!("{token}");
            Ok(())
        }
        Command::Tokens(TokensCommand::List(a)) => {
            let mut store = open_store(&cli)?;
            let institution = institution_named(store.as_mut(), a.institution.as_deref())?;
            let mut rows = vec![
                ["id", "user", "label", "created", "revoked"]
                    .map(String::from)
                    .to_vec(),
            ];
            for t in store.tokens(institution.id)? {
                rows.push(vec![
                    t.id.to_string(),
                    t.user_email,
                    t.label,
                    t.created_at.to_string(),
                    t.revoked_at.map(|r| r.to_string()).unwrap_or_default(),
                ]);
            }
            print_table(&mut output(None)?, &rows)?;
            Ok(())
        }
        Command::Tokens(TokensCommand::Revoke(a)) => {
            let mut store = open_store(&cli)?;
            let institution = institution_named(store.as_mut(), a.institution.as_deref())?;
            if !store.revoke_token(institution.id, a.id)? {
                bail!(
                    "no active token {} in {}: nothing changed",
                    a.id,
                    institution.code
                );
            }
            println!("token {} revoked", a.id);
            Ok(())
        }
    }
}

/// The institution with this code, or the base's first one.
fn institution_named(
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
fn read_password() -> Result<String> {
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
fn reference_lists(store: &mut dyn Store, institution: i64) -> Result<extended::ReferenceLists> {
    use intake_store::reference::{self, CodeList};
    Ok(extended::ReferenceLists {
        criteria: reference::criteria(store.sql(), institution)?,
        structure_types: reference::codes(store.sql(), institution, CodeList::StructureTypes)?,
        authorizations: reference::codes(store.sql(), institution, CodeList::Authorizations)?,
    })
}

fn print_table(out: &mut dyn Write, rows: &[Vec<String>]) -> Result<()> {
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
fn institution_settings(
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
