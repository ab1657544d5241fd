//! What pages and API both do: receive an upload, read an import with its
//! progress, page a log, list contacts, make downloads. Each is a call into
//! the engine or the store.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::Multipart;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use intake_core::{Category, Level};
use intake_engine::export::{self, ContactExport};
use intake_engine::extended::{self, ReferenceLists};
use intake_engine::{
    CriteriaMode, MatchKey, Mode, QueuedImport, ServiceOptions, enqueue_import, report, template,
};
use intake_i18n::{Lang, text};
use intake_store::{
    ContactFilter, ImportRecord, ImportStatus, Institution, JobOptions, LogFilter, LogLine, Role,
    Store, User,
};
use serde::Serialize;

use crate::AppState;
use crate::auth::random_token;
use crate::error::AppError;

/// What came with an upload besides the file.
#[derive(Debug, Default)]
pub(crate) struct UploadFields {
    pub name: Option<String>,
    pub mode: Option<String>,
    pub dry_run: bool,
    pub notify: bool,
    pub csrf: Option<String>,
    /// `email` or `contact-number`.
    pub match_on: Option<String>,
    /// `add` or `replace`.
    pub criteria: Option<String>,
    pub allow_consent_upgrade: bool,
    /// The person confirmed a destructive mode.
    pub confirm: bool,
}

/// The file as kept by the server.
pub(crate) struct Stored {
    pub path: PathBuf,
    pub file_name: String,
}

/// Whether a role may run a mode: the destructive ones (inactivate,
/// anonymize, delete) are for admins only.
pub(crate) fn mode_allowed(mode: Mode, role: Role) -> bool {
    !mode.is_destructive() || role == Role::Admin
}

/// The last part of a client's file name, without control characters: a
/// label, never a path.
fn clean_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    clean.trim().to_string()
}

/// Reads a multipart upload: the file goes to the uploads folder under a
/// name of the server's making, counted against the limit as it streams.
pub(crate) async fn receive(
    state: &Arc<AppState>,
    mut multipart: Multipart,
) -> Result<(Option<Stored>, UploadFields), AppError> {
    use tokio::io::AsyncWriteExt;
    let limit = state.config.upload_limit;
    let multipart_error = |e: axum::extract::multipart::MultipartError| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge(limit)
        } else {
            AppError::BadRequest(e.body_text())
        }
    };
    let mut fields = UploadFields::default();
    let mut stored: Option<Stored> = None;
    let result: Result<(), AppError> = async {
        while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
            let name = field.name().unwrap_or_default().to_string();
            if name == "file" {
                let file_name = clean_file_name(field.file_name().unwrap_or_default());
                let ext = Path::new(&file_name)
                    .extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase)
                    .filter(|e| {
                        ["csv", "txt", "tsv", "xlsx", "xlsm", "xls", "xlsb", "ods"]
                            .contains(&e.as_str())
                    })
                    .unwrap_or_else(|| "upload".into());
                let token = random_token().map_err(AppError::Internal)?;
                let path = state
                    .config
                    .data_dir
                    .join("uploads")
                    .join(format!("{}.{ext}", &token[..32]));
                let mut file = tokio::fs::File::create(&path)
                    .await
                    .map_err(|e| AppError::Internal(e.to_string()))?;
                stored = Some(Stored {
                    path: path.clone(),
                    file_name,
                });
                let mut size: u64 = 0;
                while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                    size += chunk.len() as u64;
                    if size > limit {
                        return Err(AppError::TooLarge(limit));
                    }
                    file.write_all(&chunk)
                        .await
                        .map_err(|e| AppError::Internal(e.to_string()))?;
                }
                file.flush()
                    .await
                    .map_err(|e| AppError::Internal(e.to_string()))?;
                if size == 0 && stored.as_ref().is_some_and(|s| s.file_name.is_empty()) {
                    // The browser's empty file input.
                    let _ = tokio::fs::remove_file(&path).await;
                    stored = None;
                }
            } else {
                let value = field.text().await.map_err(multipart_error)?;
                let yes = matches!(value.trim(), "1" | "true" | "on" | "yes");
                match name.as_str() {
                    "name" => fields.name = Some(value),
                    "mode" => fields.mode = Some(value),
                    "dry_run" => fields.dry_run = yes,
                    "notify" => fields.notify = yes,
                    "csrf" => fields.csrf = Some(value),
                    "match" => fields.match_on = Some(value),
                    "criteria" => fields.criteria = Some(value),
                    "allow_consent_upgrade" => fields.allow_consent_upgrade = yes,
                    "confirm" => fields.confirm = yes,
                    _ => {}
                }
            }
        }
        Ok(())
    }
    .await;
    if let Err(e) = result {
        if let Some(s) = stored {
            let _ = tokio::fs::remove_file(&s.path).await;
        }
        return Err(e);
    }
    Ok((stored, fields))
}

/// Checks the upload and queues its import; returns its id. A refused file
/// is deleted.
pub(crate) async fn enqueue(
    state: &Arc<AppState>,
    user: &User,
    stored: Option<Stored>,
    fields: UploadFields,
    lang: Lang,
) -> Result<i64, AppError> {
    let Some(stored) = stored else {
        return Err(AppError::BadRequest(text(lang, "web-upload-missing", &[])));
    };
    let refuse = |e: AppError, path: &Path| {
        let _ = std::fs::remove_file(path);
        e
    };
    let mode_name = fields
        .mode
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .unwrap_or("create");
    let Some(mode) = Mode::parse(mode_name) else {
        return Err(refuse(
            AppError::Unprocessable(text(
                lang,
                "web-upload-bad-mode",
                &[("mode", mode_name.into())],
            )),
            &stored.path,
        ));
    };
    if !mode_allowed(mode, user.role) {
        return Err(refuse(AppError::Forbidden, &stored.path));
    }
    if mode.is_destructive() && !fields.dry_run && !fields.confirm {
        return Err(refuse(
            AppError::Unprocessable(text(
                lang,
                "web-upload-confirm-needed",
                &[("mode", mode.as_str().into())],
            )),
            &stored.path,
        ));
    }
    let match_on = match fields.match_on.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("email") => Some(MatchKey::Email),
        Some("contact-number") => Some(MatchKey::ContactNumber),
        Some(other) => {
            return Err(refuse(
                AppError::bad_value("match", other, "email, contact-number"),
                &stored.path,
            ));
        }
    };
    let criteria = match fields.criteria.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("add") => Some(CriteriaMode::Add),
        Some("replace") => Some(CriteriaMode::Replace),
        Some(other) => {
            return Err(refuse(
                AppError::bad_value("criteria", other, "add, replace"),
                &stored.path,
            ));
        }
    };
    let notify = (fields.notify && state.config.smtp_url.is_some()).then(|| user.email.clone());
    let queued = QueuedImport {
        path: stored.path.clone(),
        file_name: if stored.file_name.is_empty() {
            "upload".into()
        } else {
            stored.file_name.clone()
        },
        name: fields.name,
        mode,
        service: ServiceOptions {
            match_on,
            criteria,
            allow_consent_upgrade: fields.allow_consent_upgrade,
        },
        dry_run: fields.dry_run,
        created_by: user.email.clone(),
        institution_id: user.institution_id,
        job: JobOptions {
            notify,
            lang: Some(lang.as_str().to_string()),
        },
    };
    let path = stored.path.clone();
    let result = state
        .store(move |s| {
            // Refusals name the file as its person knows it, not the copy.
            enqueue_import(s, &queued).map_err(|e| match e {
                intake_engine::ImportError::Store(e) => AppError::from(e),
                other if other.is_internal() => AppError::Internal(other.to_string()),
                other => {
                    AppError::Unprocessable(other.message_naming(lang, Some(&queued.file_name)))
                }
            })
        })
        .await;
    match result {
        Ok(id) => {
            state.jobs.wake();
            Ok(id)
        }
        Err(e) => Err(refuse(e, &path)),
    }
}

/// Where a running import stands, for the progress bar.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct ProgressView {
    /// `queued`, `running`, `completed`, `failed`, `cancelled`.
    pub status: String,
    /// The status in the reader's language.
    pub status_label: String,
    /// What it is doing, in the reader's language.
    pub phase_label: String,
    /// Rows read so far.
    pub rows_done: u64,
    /// Rows in the file (an estimate while it runs; null before the first
    /// checkpoint of an import run elsewhere).
    pub rows_total: Option<u64>,
    /// 0 to 1.
    pub fraction: f64,
    /// Rows per second since it started.
    pub rows_per_second: u64,
    /// Whether it ended.
    pub finished: bool,
}

/// An import of the institution, or `NotFound` (also for another
/// institution's: the same answer as a missing one).
pub(crate) fn import_of(
    s: &mut dyn Store,
    institution: &Institution,
    id: i64,
) -> Result<ImportRecord, AppError> {
    s.import(institution.id, id)?.ok_or(AppError::NotFound)
}

pub(crate) fn progress_of(state: &AppState, record: &ImportRecord, lang: Lang) -> ProgressView {
    let finished = !matches!(record.status, ImportStatus::Queued | ImportStatus::Running);
    let status_label = text(lang, &format!("status-{}", record.status.as_str()), &[]);
    let live = if finished {
        None
    } else {
        state.jobs.live(record.id)
    };
    let (rows_done, fraction, rate, phase) = match (live, record.status) {
        (Some(l), _) => {
            let secs = l.started.elapsed().as_secs_f64();
            let rate = if secs > 0.0 {
                ((l.rows.saturating_sub(l.rows_before)) as f64 / secs) as u64
            } else {
                0
            };
            let phase = match l.phase {
                intake_engine::Phase::Waiting => {
                    intake_engine::waiting_message(l.waiting_for.as_ref(), lang)
                }
                intake_engine::Phase::Reading => text(lang, "phase-reading", &[]),
                intake_engine::Phase::Writing => text(lang, "phase-writing", &[]),
                intake_engine::Phase::Done => text(lang, "phase-done", &[]),
            };
            (l.rows, l.fraction, rate, phase)
        }
        (None, ImportStatus::Queued) => (0, 0.0, 0, text(lang, "web-phase-queued", &[])),
        (None, _) => {
            let end = record.finished_at.unwrap_or_else(jiff::Timestamp::now);
            let secs = end.duration_since(record.started_at).as_secs_f64();
            let rate = if secs > 0.0 {
                (record.counts.rows as f64 / secs) as u64
            } else {
                0
            };
            let phase = if finished {
                status_label.clone()
            } else {
                text(lang, "phase-reading", &[])
            };
            let fraction = if finished { 1.0 } else { record.progress };
            (record.counts.rows, fraction, rate, phase)
        }
    };
    let rows_total = if finished {
        Some(record.counts.rows)
    } else if fraction > 0.0 && rows_done > 0 {
        Some((rows_done as f64 / fraction).round() as u64)
    } else {
        record.rows_estimate()
    };
    ProgressView {
        status: record.status.as_str().to_string(),
        status_label,
        phase_label: phase,
        rows_done,
        rows_total,
        fraction: fraction.clamp(0.0, 1.0),
        rows_per_second: rate,
        finished,
    }
}

/// The JSON document of an import: the command line's report, plus its
/// progress and who started it.
pub(crate) fn import_document(
    state: &AppState,
    s: &mut dyn Store,
    record: &ImportRecord,
    lang: Lang,
) -> Result<serde_json::Value, AppError> {
    let lines = s.log_lines(record.institution_id, record.id)?;
    let report = report::build(record, &lines, lang);
    let mut doc = serde_json::to_value(&report).map_err(|e| AppError::Internal(e.to_string()))?;
    if let Some(map) = doc.as_object_mut() {
        map.insert(
            "progress".into(),
            serde_json::to_value(progress_of(state, record, lang))
                .map_err(|e| AppError::Internal(e.to_string()))?,
        );
        map.insert("file_name".into(), record.file_name.clone().into());
        map.insert("created_by".into(), record.created_by.clone().into());
        map.insert("started_at".into(), record.started_at.to_string().into());
        map.insert(
            "finished_at".into(),
            record.finished_at.map(|t| t.to_string()).into(),
        );
    }
    Ok(doc)
}

/// One log line as pages and API show it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct LogLineView {
    /// Number in the whole log.
    pub line: u64,
    /// When (local time of the server).
    pub time: String,
    /// `info`, `warning`, `error`.
    pub level: String,
    /// The level in the reader's language.
    pub level_label: String,
    /// `initialisation`, `format`, `conflict`, `not_found`, `summary`.
    pub category: String,
    /// The category in the reader's language.
    pub category_label: String,
    /// Spreadsheet row.
    pub row: Option<u64>,
    /// Column.
    pub column: Option<String>,
    /// Stable issue code.
    pub code: Option<String>,
    /// The value found.
    pub value: Option<String>,
    /// `rejected`, `skipped`, …
    pub outcome: Option<String>,
    /// The message, as the seed shows it (`[Category] message`).
    pub message: String,
}

pub(crate) fn line_view(l: &LogLine, lang: Lang) -> LogLineView {
    let line = &l.line;
    LogLineView {
        line: l.number,
        time: export::local_time(l),
        level: line.level.as_str().to_string(),
        level_label: intake_engine::message::level_label(line.level, lang),
        category: line.category.as_str().to_string(),
        category_label: intake_engine::message::category_label(line.category, lang),
        row: line.row,
        column: line.column.as_deref().map(str::to_string),
        code: line.code.as_deref().map(str::to_string),
        value: line.value.clone(),
        outcome: line.outcome.as_deref().map(str::to_string),
        message: export::bracketed(l, lang),
    }
}

/// Lines on a log page.
pub(crate) const LOG_PAGE: u64 = 100;

/// A page of a log.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct LogPage {
    /// 1-based.
    pub page: u64,
    /// Pages in all (at least 1).
    pub pages: u64,
    /// Lines the filter keeps, in all.
    pub total: u64,
    /// The lines of this page.
    pub lines: Vec<LogLineView>,
}

/// Parses the level and category filters (unknown values are a 400).
pub(crate) fn log_filter(
    level: Option<&str>,
    category: Option<&str>,
) -> Result<LogFilter, AppError> {
    let level = match level.map(str::trim).filter(|s| !s.is_empty()) {
        Some(l) => Some(
            Level::parse(l)
                .ok_or_else(|| AppError::bad_value("level", l, "info, warning, error"))?,
        ),
        None => None,
    };
    let category = match category.map(str::trim).filter(|s| !s.is_empty()) {
        Some(c) => Some(Category::parse(c).ok_or_else(|| {
            AppError::bad_value(
                "category",
                c,
                "initialisation, format, conflict, not_found, summary",
            )
        })?),
        None => None,
    };
    Ok(LogFilter { level, category })
}

pub(crate) fn log_page(
    s: &mut dyn Store,
    record: &ImportRecord,
    filter: LogFilter,
    page: u64,
    lang: Lang,
) -> Result<LogPage, AppError> {
    let page = page.max(1);
    let (lines, total) = s.log_page(
        record.institution_id,
        record.id,
        filter,
        (page - 1) * LOG_PAGE,
        LOG_PAGE,
    )?;
    Ok(LogPage {
        page,
        pages: total.div_ceil(LOG_PAGE).max(1),
        total,
        lines: lines.iter().map(|l| line_view(l, lang)).collect(),
    })
}

/// A file to download.
pub(crate) struct Download {
    pub content_type: &'static str,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl IntoResponse for Download {
    fn into_response(self) -> Response {
        let name: String = self
            .file_name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
            .unwrap_or(HeaderValue::from_static("attachment"));
        (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(self.content_type),
                ),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            self.bytes,
        )
            .into_response()
    }
}

pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub(crate) const CSV: &str = "text/csv; charset=utf-8";
pub(crate) const JSON: &str = "application/json";

/// A temporary file in the data folder, removed when dropped.
pub(crate) struct TempFile(pub PathBuf);

impl TempFile {
    pub fn new(state: &AppState, ext: &str) -> Result<TempFile, AppError> {
        let token = random_token().map_err(AppError::Internal)?;
        Ok(TempFile(
            state
                .config
                .data_dir
                .join("tmp")
                .join(format!("{}.{ext}", &token[..24])),
        ))
    }

    pub fn read(&self) -> Result<Vec<u8>, AppError> {
        std::fs::read(&self.0).map_err(|e| AppError::Internal(e.to_string()))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn stem(record: &ImportRecord) -> String {
    format!("import-{}", record.id)
}

/// The log of an import as a file: `xlsx`, `csv` or `json`.
pub(crate) fn log_download(
    state: &AppState,
    s: &mut dyn Store,
    record: &ImportRecord,
    format: &str,
    lang: Lang,
) -> Result<Download, AppError> {
    let lines = s.log_lines(record.institution_id, record.id)?;
    let internal = |e: &dyn std::fmt::Display| AppError::Internal(e.to_string());
    match format {
        "xlsx" => {
            let tmp = TempFile::new(state, "xlsx")?;
            export::write_log_xlsx(record, &lines, lang, &tmp.0).map_err(|e| internal(&e))?;
            Ok(Download {
                content_type: XLSX,
                file_name: format!("{}-log.xlsx", stem(record)),
                bytes: tmp.read()?,
            })
        }
        "csv" => {
            let mut bytes = Vec::new();
            export::write_log_csv(&lines, lang, &mut bytes).map_err(|e| internal(&e))?;
            Ok(Download {
                content_type: CSV,
                file_name: format!("{}-log.csv", stem(record)),
                bytes,
            })
        }
        "json" => {
            let doc = export::log_json(record, &lines, lang);
            Ok(Download {
                content_type: JSON,
                file_name: format!("{}-log.json", stem(record)),
                bytes: serde_json::to_vec_pretty(&doc).map_err(|e| internal(&e))?,
            })
        }
        other => Err(AppError::bad_value("format", other, "xlsx, csv, json")),
    }
}

/// The rejected and skipped rows of an ended import, in the file's own
/// columns plus the errors (CSV), made from the kept upload and the log.
pub(crate) fn rejects_download(
    state: &AppState,
    s: &mut dyn Store,
    record: &ImportRecord,
    lang: Lang,
) -> Result<Download, AppError> {
    let lines = s.log_lines(record.institution_id, record.id)?;
    let tmp = TempFile::new(state, "csv")?;
    if record.job && record.file_path.is_empty() {
        // Erased with its retention period, or with the people it held.
        return Err(AppError::Unprocessable(
            intake_engine::ImportError::UploadErased.message(lang),
        ));
    }
    let source = Path::new(&record.file_path);
    if !source.is_file() {
        return Err(AppError::NotFound);
    }
    intake_engine::write_rejects_from_log(source, &lines, &tmp.0, lang)
        .map_err(|e| AppError::Internal(e.message(lang)))?;
    Ok(Download {
        content_type: CSV,
        file_name: format!("{}-rejects.csv", stem(record)),
        bytes: tmp.read()?,
    })
}

/// The contacts a filter selects, as exported.
pub(crate) fn contacts(
    s: &mut dyn Store,
    institution: &Institution,
    created_from: Option<String>,
    contact_type: Option<String>,
    email: Option<String>,
) -> Result<Vec<ContactExport>, AppError> {
    let filter = ContactFilter {
        institution_id: institution.id,
        created_from: created_from.filter(|s| !s.trim().is_empty()),
        contact_type: match contact_type.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(t) => Some(
                intake_core::value::ContactType::parse(t)
                    .ok_or_else(|| AppError::bad_value("type", t, "INDIVIDUAL, STRUCTURE"))?
                    .as_str()
                    .to_string(),
            ),
        },
        email: email.filter(|s| !s.trim().is_empty()),
        number: None,
    };
    let mut list = Vec::new();
    s.for_each_contact(&filter, &mut |c| list.push(ContactExport::from(c)))?;
    Ok(list)
}

pub(crate) fn contacts_download(
    state: &AppState,
    list: &[ContactExport],
    format: &str,
) -> Result<Download, AppError> {
    let internal = |e: &dyn std::fmt::Display| AppError::Internal(e.to_string());
    match format {
        "xlsx" => {
            let tmp = TempFile::new(state, "xlsx")?;
            export::write_contacts_xlsx(list, &tmp.0).map_err(|e| internal(&e))?;
            Ok(Download {
                content_type: XLSX,
                file_name: "contacts.xlsx".into(),
                bytes: tmp.read()?,
            })
        }
        "csv" => {
            let mut bytes = Vec::new();
            export::write_contacts_csv(list, &mut bytes).map_err(|e| internal(&e))?;
            Ok(Download {
                content_type: CSV,
                file_name: "contacts.csv".into(),
                bytes,
            })
        }
        other => Err(AppError::bad_value("format", other, "xlsx, csv")),
    }
}

/// [`template_download`] on a blocking thread (an XLSX is written to disk).
pub(crate) async fn template(
    state: &Arc<AppState>,
    institution: &Institution,
    format: String,
    extended: bool,
    lang: Lang,
) -> Result<Download, AppError> {
    let lists = if extended {
        let id = institution.id;
        Some(
            state
                .store(move |s| {
                    use intake_store::reference::{self, CodeList};
                    let internal = |e: intake_store::StoreError| AppError::Internal(e.to_string());
                    Ok(ReferenceLists {
                        criteria: reference::criteria(s.sql(), id).map_err(internal)?,
                        structure_types: reference::codes(s.sql(), id, CodeList::StructureTypes)
                            .map_err(internal)?,
                        authorizations: reference::codes(s.sql(), id, CodeList::Authorizations)
                            .map_err(internal)?,
                    })
                })
                .await?,
        )
    } else {
        None
    };
    let (st, institution) = (state.clone(), institution.clone());
    tokio::task::spawn_blocking(move || {
        template_download(&st, &institution, &format, lists.as_ref(), lang)
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

/// The import template in `lang`: `csv` or `xlsx`, basic, or extended with
/// the institution's reference data (`extended`).
pub(crate) fn template_download(
    state: &AppState,
    institution: &Institution,
    format: &str,
    extended: Option<&ReferenceLists>,
    lang: Lang,
) -> Result<Download, AppError> {
    let internal = |e: &dyn std::fmt::Display| AppError::Internal(e.to_string());
    if let Some(lists) = extended {
        return match format {
            "csv" => {
                let mut bytes = Vec::new();
                extended::write_extended_csv(lists, &mut bytes).map_err(|e| internal(&e))?;
                Ok(Download {
                    content_type: CSV,
                    file_name: "template-extended.csv".into(),
                    bytes,
                })
            }
            "xlsx" => {
                let tmp = TempFile::new(state, "xlsx")?;
                extended::write_extended_xlsx(lang, institution, lists, &tmp.0)
                    .map_err(|e| internal(&e))?;
                Ok(Download {
                    content_type: XLSX,
                    file_name: format!("template-extended-{}.xlsx", lang.as_str()),
                    bytes: tmp.read()?,
                })
            }
            other => Err(AppError::bad_value("format", other, "xlsx, csv")),
        };
    }
    match format {
        "csv" => {
            let mut bytes = Vec::new();
            template::write_csv(lang, &mut bytes).map_err(|e| internal(&e))?;
            Ok(Download {
                content_type: CSV,
                file_name: format!("template-{}.csv", lang.as_str()),
                bytes,
            })
        }
        "xlsx" => {
            let tmp = TempFile::new(state, "xlsx")?;
            template::write_xlsx(lang, institution, &tmp.0).map_err(|e| internal(&e))?;
            Ok(Download {
                content_type: XLSX,
                file_name: format!("template-{}.xlsx", lang.as_str()),
                bytes: tmp.read()?,
            })
        }
        other => Err(AppError::bad_value("format", other, "xlsx, csv")),
    }
}
