//! The command-line contract. Flags, values and exit codes here are relied on
//! by tools outside the repository: extend, never rename.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use intake_core::value::ContactType;
use intake_i18n::Lang;

/// Contact import and audience data quality for ticketing CRMs.
#[derive(Debug, Parser)]
#[command(name = "intake", version, about, propagate_version = true)]
pub struct Cli {
    /// The contact base: a SQLite file (created on first use).
    #[arg(long, global = true, env = "INTAKE_DB", value_name = "PATH")]
    pub db: Option<String>,
    /// The language of messages, logs and templates (default: the system's,
    /// else the institution's).
    #[arg(long, global = true, env = "INTAKE_LANG", value_enum)]
    pub lang: Option<LangArg>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// fr, de, en or it.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LangArg {
    /// Français.
    Fr,
    /// Deutsch.
    De,
    /// English.
    En,
    /// Italiano.
    It,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Fr => Lang::Fr,
            LangArg::De => Lang::De,
            LangArg::En => Lang::En,
            LangArg::It => Lang::It,
        }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a contact base with its institution's settings.
    Init(InitArgs),
    /// Import a CSV file or an Excel workbook.
    Import(ImportArgs),
    /// Show or export the log of an import.
    Log(LogArgs),
    /// List the imports, newest first.
    Imports(ImportsArgs),
    /// Work with contacts.
    #[command(subcommand)]
    Contacts(ContactsCommand),
    /// Write the import template.
    Template(TemplateArgs),
    /// Find duplicate contacts in the base or in a file, each explained.
    #[command(subcommand)]
    Duplicates(DuplicatesCommand),
    /// Write a realistic test file with injected faults and duplicates.
    Generate(GenerateArgs),
    /// Run the web application (pages, REST API, import workers).
    Serve(ServeArgs),
    /// Institutions sharing this base (each sees only its own data).
    #[command(subcommand)]
    Institutions(InstitutionsCommand),
    /// People who sign in to the web application.
    #[command(subcommand)]
    Users(UsersCommand),
    /// API tokens (`Authorization: Bearer <token>`).
    #[command(subcommand)]
    Tokens(TokensCommand),
    /// Revert a committed import (not an anonymize or a delete).
    Undo(UndoArgs),
    /// Criteria and their elements (MUSIC: JAZZ, OPERA…).
    #[command(subcommand)]
    Criteria(CriteriaCommand),
    /// Structure types (SCHOOL, COMPANY…).
    #[command(subcommand, name = "structure-types")]
    StructureTypes(CodeCommand),
    /// Authorizations, i.e. consents (NEWSLETTER, PARTNERS…).
    #[command(subcommand)]
    Authorizations(CodeCommand),
    /// The reserved range of legacy contact numbers.
    #[command(subcommand)]
    Numbers(NumbersCommand),
    /// The institution's languages and defaults.
    #[command(subcommand)]
    Institution(InstitutionCommand),
    /// Set up an institution's reference data from one JSON file.
    Setup(SetupArgs),
    /// Who inactivated, anonymized, deleted or undid what.
    Audit(AuditArgs),
    /// Erase what the retention period no longer keeps: the uploads and
    /// the personal values of the logs of imports that ended before it.
    #[command(subcommand)]
    Retention(RetentionCommand),
    /// Rewrite the base so that what was erased leaves its files (SQLite:
    /// VACUUM and an emptied WAL; PostgreSQL: VACUUM). An anonymize or a
    /// delete does it itself; run this when it said readers kept it from
    /// finishing.
    Compact,
    /// Reads a workbook calamine reads (xls, xlsb, ods) for an import
    /// in another process, behind a memory limit: intake runs it itself.
    #[command(hide = true)]
    ReadWorkbook(ReadWorkbookArgs),
}

/// `intake read-workbook` (internal).
#[derive(Debug, Args)]
pub struct ReadWorkbookArgs {
    /// `xls`, `xlsb` or `ods`.
    pub kind: String,
    /// The workbook.
    pub path: PathBuf,
}

/// `intake retention …`.
#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Erase, now, the uploads and personal log values past the
    /// institution's retention period (see `intake institution set
    /// --retention-days`), and say what went.
    Apply(RetentionApplyArgs),
}

/// `intake retention apply`.
#[derive(Debug, Args)]
pub struct RetentionApplyArgs {
    /// Say what would be erased, erase nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `intake undo`.
#[derive(Debug, Args)]
pub struct UndoArgs {
    /// The import to revert (see `intake imports`).
    pub import_id: i64,
    /// Do not ask for confirmation.
    #[arg(long)]
    pub yes: bool,
    /// Do not wait for another writer of the institution (an import, an
    /// undo) to finish: exit 1 naming it instead.
    #[arg(long)]
    pub no_wait: bool,
}

/// `intake criteria …`.
#[derive(Debug, Subcommand)]
pub enum CriteriaCommand {
    /// Define a criterion, or add elements to it.
    Add(CriterionAddArgs),
    /// List the criteria and their elements.
    List(ReferenceListArgs),
    /// Remove a criterion (or only some elements); refused while contacts carry it.
    Remove(CriterionRemoveArgs),
}

/// `intake criteria add`.
#[derive(Debug, Args)]
pub struct CriterionAddArgs {
    /// Code (MUSIC).
    pub code: String,
    /// What people read (default: the code).
    #[arg(long)]
    pub label: Option<String>,
    /// Element codes, comma-separated (JAZZ,OPERA,CLASSIC).
    #[arg(long, value_delimiter = ',')]
    pub elements: Vec<String>,
}

/// `intake criteria remove`.
#[derive(Debug, Args)]
pub struct CriterionRemoveArgs {
    /// Code.
    pub code: String,
    /// Only these elements, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub elements: Vec<String>,
}

/// `… list`.
#[derive(Debug, Args)]
pub struct ReferenceListArgs {
    /// Output format (table or json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

/// `intake structure-types …`, `intake authorizations …`.
#[derive(Debug, Subcommand)]
pub enum CodeCommand {
    /// Define a code (or change its label).
    Add(CodeAddArgs),
    /// List the codes.
    List(ReferenceListArgs),
    /// Remove a code; refused while contacts use it.
    Remove(CodeRemoveArgs),
}

/// `… add`.
#[derive(Debug, Args)]
pub struct CodeAddArgs {
    /// Code (SCHOOL, NEWSLETTER).
    pub code: String,
    /// What people read (default: the code).
    #[arg(long)]
    pub label: Option<String>,
}

/// `… remove`.
#[derive(Debug, Args)]
pub struct CodeRemoveArgs {
    /// Code.
    pub code: String,
}

/// `intake numbers …`.
#[derive(Debug, Subcommand)]
pub enum NumbersCommand {
    /// Reserve FROM..TO for legacy numbers; new contacts are numbered above it.
    Reserve(ReserveArgs),
    /// Show the reserved range and the next number.
    List,
    /// Remove the reserved range.
    Remove,
}

/// `intake numbers reserve`.
#[derive(Debug, Args)]
pub struct ReserveArgs {
    /// FROM..TO, e.g. 1..999999.
    pub range: String,
}

/// `intake institution …`.
#[derive(Debug, Subcommand)]
pub enum InstitutionCommand {
    /// Change the languages and defaults.
    Set(InstitutionSetArgs),
    /// Show the settings.
    List,
}

/// `intake institution set`.
#[derive(Debug, Args)]
pub struct InstitutionSetArgs {
    /// The languages contacts may have, comma-separated.
    #[arg(long)]
    pub languages: Option<String>,
    /// The language of a contact that has none.
    #[arg(long)]
    pub default_language: Option<String>,
    /// The title of a contact that has none.
    #[arg(long)]
    pub default_title: Option<String>,
    /// How many days the uploads and the personal values of an import's
    /// log are kept after it ended (default 90).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=36_500))]
    pub retention_days: Option<u32>,
}

/// `intake setup`.
#[derive(Debug, Args)]
pub struct SetupArgs {
    /// A JSON file: {"languages": ["fr","de"], "default_language": "fr",
    /// "default_title": "UNDEFINED", "numbers": "1..999999", "criteria":
    /// [{"code": "MUSIC", "label": "Musique", "elements": ["JAZZ"]}],
    /// "structure_types": ["SCHOOL"], "authorizations": ["NEWSLETTER"]}.
    pub file: PathBuf,
}

/// `intake audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Output format (table or json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

/// `intake serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Where to listen (port 0: any free port; the address is printed).
    #[arg(long, env = "INTAKE_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Where uploaded files are kept (default: `intake-data` beside a SQLite
    /// base, else in the current folder).
    #[arg(long, env = "INTAKE_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Imports run at the same time (default: the number of cores; 0: this
    /// server runs none, another server's workers take them from the queue).
    #[arg(long, env = "INTAKE_WORKERS")]
    pub workers: Option<usize>,
    /// The largest upload, in MiB.
    #[arg(long, env = "INTAKE_UPLOAD_LIMIT_MB", default_value_t = 200)]
    pub upload_limit_mb: u64,
    /// SMTP server for end-of-import emails: smtp://host:port (plain),
    /// smtp://host:587?tls=required (STARTTLS) or smtps://user:pass@host.
    #[arg(long, env = "INTAKE_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of those emails.
    #[arg(long, env = "INTAKE_SMTP_FROM", default_value = "intake@localhost")]
    pub smtp_from: String,
    /// The address people reach the server at, for links in emails; an
    /// https:// address makes the session cookie Secure.
    #[arg(long, env = "INTAKE_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// How long a job's claim holds, in seconds, unless renewed: this
    /// server renews its own every quarter of it, and takes back the jobs
    /// of a server that died (its lease ran out, or its process is gone).
    #[arg(long, env = "INTAKE_LEASE_SECONDS", default_value_t = 120,
          value_parser = clap::value_parser!(u64).range(4..=86_400))]
    pub lease_seconds: u64,
}

/// `intake institutions …`.
#[derive(Debug, Subcommand)]
pub enum InstitutionsCommand {
    /// Add an institution.
    Add(InstitutionAddArgs),
    /// List the institutions.
    List,
}

/// `intake institutions add`.
#[derive(Debug, Args)]
pub struct InstitutionAddArgs {
    /// Short code (unique).
    pub code: String,
    /// Display name (default: the code).
    #[arg(long)]
    pub name: Option<String>,
    /// The languages contacts may have, comma-separated.
    #[arg(long, default_value = "fr,de,en,it")]
    pub languages: String,
    /// The language of a contact that has none.
    #[arg(long, default_value = "fr")]
    pub default_language: String,
    /// The title of a contact that has none.
    #[arg(long, default_value = "UNDEFINED")]
    pub default_title: String,
}

/// Roles.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RoleArg {
    /// Imports (create, update, upsert, qualify); reads everything.
    Staff,
    /// Also destructive modes, reference data and users.
    Admin,
}

/// `intake users …`.
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a user; the password is asked, or read from INTAKE_PASSWORD.
    Add(UserAddArgs),
    /// List the users.
    List(UserListArgs),
    /// Remove a user (and their sessions and tokens).
    Remove(UserRemoveArgs),
}

/// `intake users add`.
#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// Sign-in email.
    pub email: String,
    /// What the user may do.
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// The institution's code (default: the base's first institution).
    #[arg(long)]
    pub institution: Option<String>,
}

/// `intake users list`.
#[derive(Debug, Args)]
pub struct UserListArgs {
    /// Only this institution's users.
    #[arg(long)]
    pub institution: Option<String>,
}

/// `intake users remove`.
#[derive(Debug, Args)]
pub struct UserRemoveArgs {
    /// Sign-in email.
    pub email: String,
}

/// `intake tokens …`.
#[derive(Debug, Subcommand)]
pub enum TokensCommand {
    /// Make a token for a user and print it (shown once: only its hash is kept).
    Create(TokenCreateArgs),
    /// List the tokens of an institution.
    List(UserListArgs),
    /// Revoke a token.
    Revoke(TokenRevokeArgs),
}

/// `intake tokens create`.
#[derive(Debug, Args)]
pub struct TokenCreateArgs {
    /// Whose token.
    #[arg(long)]
    pub user: String,
    /// What it is for.
    #[arg(long, default_value = "api")]
    pub label: String,
}

/// `intake tokens revoke`.
#[derive(Debug, Args)]
pub struct TokenRevokeArgs {
    /// The token's id (see `intake tokens list`).
    pub id: i64,
    /// The institution's code (default: the base's first institution).
    #[arg(long)]
    pub institution: Option<String>,
}

/// `intake init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Short code of the institution.
    #[arg(long, default_value = "DEFAULT")]
    pub code: String,
    /// Display name of the institution.
    #[arg(long)]
    pub name: Option<String>,
    /// The languages contacts may have, comma-separated.
    #[arg(long, default_value = "fr,de,en,it")]
    pub languages: String,
    /// The language of a contact that has none.
    #[arg(long, default_value = "fr")]
    pub default_language: String,
    /// The title of a contact that has none.
    #[arg(long, default_value = "UNDEFINED")]
    pub default_title: String,
    /// The number the first new contact gets.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(i64).range(1..))]
    pub first_contact_number: i64,
}

/// Import modes.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ModeArg {
    /// Create contacts whose email is not in the base yet.
    Create,
    /// Update the matched contacts' fields present in the file.
    Update,
    /// Update when matched, create otherwise.
    Upsert,
    /// Set criteria elements and structure types only.
    Qualify,
    /// Mark the matched contacts inactive (asks for confirmation).
    Inactivate,
    /// Erase the matched contacts' personal data for good (asks for confirmation).
    Anonymize,
    /// Delete the matched contacts for good (asks for confirmation).
    Delete,
}

impl From<ModeArg> for intake_engine::Mode {
    fn from(m: ModeArg) -> intake_engine::Mode {
        use intake_engine::Mode;
        match m {
            ModeArg::Create => Mode::Create,
            ModeArg::Update => Mode::Update,
            ModeArg::Upsert => Mode::Upsert,
            ModeArg::Qualify => Mode::Qualify,
            ModeArg::Inactivate => Mode::Inactivate,
            ModeArg::Anonymize => Mode::Anonymize,
            ModeArg::Delete => Mode::Delete,
        }
    }
}

/// What a service matches rows on.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum MatchArg {
    /// The email (basic: names, criteria, authorizations).
    Email,
    /// The contact number (extended: every field).
    ContactNumber,
}

/// How criteria cells meet a contact's elements.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum CriteriaArg {
    /// Add the file's elements.
    Add,
    /// The file's elements replace the contact's, criterion by criterion.
    Replace,
}

/// Report formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ReportFormat {
    /// One JSON document on stdout.
    Json,
}

/// `intake import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file: .csv (any separator, UTF-8 or Windows-1252), .xlsx, .xls, .ods.
    #[arg(required_unless_present = "resume")]
    pub file: Option<PathBuf>,
    /// Resume an interrupted import from its last committed row (with its
    /// recorded file, or FILE when it was moved).
    #[arg(long, value_name = "IMPORT_ID")]
    pub resume: Option<i64>,
    /// Warn (contact.possible_duplicate, naming the contact and why) when
    /// a new row looks like a contact of the base under another email;
    /// the row is imported all the same. Create mode.
    #[arg(long)]
    pub check_duplicates: bool,
    /// What to do with the rows.
    #[arg(long, value_enum, default_value = "create")]
    pub mode: ModeArg,
    /// What rows are matched on (default: contact-number when the file has
    /// that column, else email).
    #[arg(long = "match", value_enum)]
    pub match_on: Option<MatchArg>,
    /// Criteria: add to the contact's elements, or replace them (default:
    /// replace in update and upsert, add in qualify).
    #[arg(long, value_enum)]
    pub criteria: Option<CriteriaArg>,
    /// Let the file turn a stored "no" consent into "yes".
    #[arg(long)]
    pub allow_consent_upgrade: bool,
    /// Do not ask for confirmation (inactivate, anonymize, delete).
    #[arg(long)]
    pub yes: bool,
    /// The import's name, the contacts' "created from" (default: the file name
    /// without extension).
    #[arg(long)]
    pub name: Option<String>,
    /// Read, check and match everything, write nothing to the contact base.
    #[arg(long)]
    pub dry_run: bool,
    /// Print a report on stdout.
    #[arg(long, value_enum)]
    pub report: Option<ReportFormat>,
    /// Write rejected and skipped rows to this file (.csv or .xlsx), with an
    /// "errors" column.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// No progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Do not wait for another writer of the institution (an import, an
    /// undo) to finish: exit 1 naming it instead. A dry run never waits.
    #[arg(long)]
    pub no_wait: bool,
}

/// Log formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Numbered lines, as on screen.
    Text,
    /// CSV, `;`, UTF-8 with BOM.
    Csv,
    /// An Excel table (needs -o).
    Xlsx,
    /// JSON.
    Json,
}

/// `intake log`.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// The import's id (see `intake imports`).
    pub import_id: i64,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: LogFormat,
    /// Write to this file instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// List formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned columns.
    Table,
    /// CSV with the template's column names (re-importable).
    Csv,
    /// A JSON array of flat objects.
    Json,
}

/// `intake imports`.
#[derive(Debug, Args)]
pub struct ImportsArgs {
    /// Output format (table or json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

/// `intake duplicates …`.
#[derive(Debug, Subcommand)]
pub enum DuplicatesCommand {
    /// Propose the pairs of contacts (or of a file's rows) that are likely
    /// one person, field by field explained; households (people sharing an
    /// address, a phone or an e-mail) are set apart.
    Find(DuplicatesFindArgs),
    /// Record what a person decided of a pair (or of every pair of a
    /// cluster's contacts): one person, or two (never proposed again).
    Review(DuplicatesReviewArgs),
    /// The pairs reviewed, with who decided and when.
    Reviews(DuplicatesReviewsArgs),
}

/// `intake duplicates review`.
#[derive(Debug, Args)]
pub struct DuplicatesReviewArgs {
    /// The contact numbers: a pair, or every contact of a cluster.
    #[arg(required = true, num_args = 2.., value_name = "NUMBER")]
    pub numbers: Vec<i64>,
    /// They are one person (to merge).
    #[arg(
        long,
        conflicts_with = "different",
        required_unless_present = "different"
    )]
    pub same: bool,
    /// They are two people: never proposed again.
    #[arg(long)]
    pub different: bool,
}

/// `intake duplicates reviews`.
#[derive(Debug, Args)]
pub struct DuplicatesReviewsArgs {
    /// Output format (table or json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

/// `intake duplicates find`.
#[derive(Debug, Args)]
pub struct DuplicatesFindArgs {
    /// The lowest score (the probability that two records are one person,
    /// 0 to 1) of a pair proposed. Default: 0.9, a likely duplicate.
    #[arg(long, value_name = "S", value_parser = parse_score)]
    pub min_score: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: DuplicatesFormat,
    /// Write to this file instead of stdout (needed for xlsx).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Search a CSV file or a workbook before it is imported, instead of
    /// the base. Headers are read as an import reads them; other columns
    /// are ignored; no row is rejected.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// The file's column that names a row (default: contact_number when
    /// the file has it, else the spreadsheet row number).
    #[arg(long, value_name = "COL", requires = "file")]
    pub id_column: Option<String>,
    /// Explain one pair, whatever its score: duplicate, household, or why
    /// not.
    #[arg(long, num_args = 2, value_names = ["ID1", "ID2"])]
    pub explain: Option<Vec<String>>,
}

/// The formats of `intake duplicates find`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DuplicatesFormat {
    /// Aligned columns.
    Table,
    /// CSV: id_1,id_2,score,cluster,explanation.
    Csv,
    /// An Excel table (needs -o).
    Xlsx,
    /// JSON: {"pairs": [{"id_1", "id_2", "score", "cluster", "fields"}]}.
    Json,
}

fn parse_score(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("{s} is not a score between 0 and 1 (such as 0.9)")),
    }
}

/// `intake contacts …`.
#[derive(Debug, Subcommand)]
pub enum ContactsCommand {
    /// List contacts.
    List(ContactsListArgs),
}

/// Contact types, as on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
#[value(rename_all = "UPPER")]
pub enum TypeArg {
    /// Persons.
    Individual,
    /// Organisations.
    Structure,
}

impl TypeArg {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            TypeArg::Individual => ContactType::Individual.as_str(),
            TypeArg::Structure => ContactType::Structure.as_str(),
        }
    }
}

/// `intake contacts list`.
#[derive(Debug, Args)]
pub struct ContactsListArgs {
    /// Only contacts created from this import name.
    #[arg(long)]
    pub created_from: Option<String>,
    /// Only individuals or only structures.
    #[arg(long = "type", value_enum, ignore_case = true)]
    pub contact_type: Option<TypeArg>,
    /// Only this email (case-insensitive).
    #[arg(long)]
    pub email: Option<String>,
    /// Only the contact of this number (as duplicates find names them).
    #[arg(long, value_name = "N")]
    pub number: Option<i64>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
    /// Every field of the extended format (contact number, phones,
    /// addresses, criteria, authorizations): CSV ready to be edited and
    /// imported back with --mode update (or JSON with --format json).
    #[arg(long)]
    pub extended: bool,
}

/// Template formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TemplateFormat {
    /// Header row, `;`, UTF-8 with BOM.
    Csv,
    /// Workbook with drop-down lists and a help sheet.
    Xlsx,
}

/// `intake template`.
#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: TemplateFormat,
    /// Write to this file (default: stdout for CSV, template-LANG.xlsx).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// The extended format: every column, with the institution's criteria
    /// and authorizations.
    #[arg(long)]
    pub extended: bool,
}

/// `intake generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of contact rows.
    #[arg(long, default_value_t = 1000)]
    pub rows: u64,
    /// Share of rows with a broken rule, e.g. 5%.
    #[arg(long, default_value = "5%")]
    pub faults: String,
    /// Share of rows repeating an earlier row's email, e.g. 3%.
    #[arg(long, default_value = "3%")]
    pub dup: String,
    /// Number the generated emails from here (two files with overlapping
    /// ranges share emails).
    #[arg(long, default_value_t = 0)]
    pub email_offset: u64,
    /// Seed: the same seed gives the same file.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write here (default: stdout).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// A file in the extended format: structures and their members,
    /// criteria, authorizations, phones, billing and shipping addresses,
    /// legacy numbers (the reference data it needs: `--setup`).
    #[arg(long, conflicts_with = "mode")]
    pub extended: bool,
    /// With --extended: also write the reference data the file needs, as
    /// the JSON `intake setup` reads.
    #[arg(long, value_name = "FILE", requires = "extended")]
    pub setup: Option<PathBuf>,
    /// The file of a service for the contacts of the base (--db): update
    /// and upsert (new last names, criteria, consents), qualify, or the
    /// keys alone for inactivate, anonymize and delete. --rows contacts at
    /// most, --faults of them absent from the base.
    #[arg(long, value_enum)]
    pub mode: Option<ModeArg>,
    /// With --mode: key the rows by email (default) or contact number.
    #[arg(long = "match", value_enum, requires = "mode")]
    pub r#match: Option<MatchArg>,
    /// A file of people whose truth is known, to measure a duplicate
    /// search: households (couples, children, a son named after his
    /// father) sharing an address, a landline, sometimes an e-mail; columns
    /// record_id and person_id (the truth) and household_id beside the
    /// contact's.
    #[arg(long, conflicts_with_all = ["mode", "extended"])]
    pub households: bool,
    /// With --households: the share of people in the file more than once,
    /// each copy changed as box offices change people (a typo, names
    /// swapped, a move, a new e-mail, a married name, accents dropped, a
    /// street abbreviated, a birth date missing or day and month swapped).
    #[arg(
        long,
        value_name = "SHARE",
        default_value = "10%",
        requires = "households"
    )]
    pub duplicates: String,
}
