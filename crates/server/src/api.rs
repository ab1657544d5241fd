//! The REST API under `/api/v1`: JSON, bearer tokens, errors as
//! `{"error": {"code", "message"}}`. The OpenAPI document is generated from
//! these handlers and types (utoipa) and served at `/api/v1/openapi.json`.

use std::sync::Arc;

use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use intake_engine::duplicates::{FieldJson, FoundJson, PairJson};
use intake_engine::export::ContactExport;
use intake_i18n::Lang;
use intake_store::{ImportStatus, Institution};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::AppError;
use crate::shared::{self, LogPage, ProgressView};

type S = State<Arc<AppState>>;

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/imports", get(list_imports).post(create_import))
        .route("/imports/{id}", get(get_import))
        .route("/imports/{id}/log", get(get_log))
        .route("/imports/{id}/rejects", get(get_rejects))
        .route("/imports/{id}/cancel", post(cancel_import))
        .route("/contacts", get(list_contacts))
        .route("/duplicates", get(list_duplicates))
        .route("/template", get(get_template))
        .route("/openapi.json", get(openapi))
}

/// The OpenAPI 3.1 document of this API.
#[derive(OpenApi)]
#[openapi(
    info(title = "intake", description = "Contact import and audience data quality: imports, their logs, contacts."),
    paths(create_import, list_imports, get_import, get_log, get_rejects, cancel_import, list_contacts, list_duplicates, get_template),
    components(schemas(ErrorBody, ErrorDetail, ImportAccepted, ImportItem, CancelAnswer, LogPage, ProgressView, ContactExport, UploadForm, FoundJson, PairJson, FieldJson)),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
)]
pub(crate) struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// An error answer.
#[derive(Serialize, ToSchema)]
pub(crate) struct ErrorBody {
    error: ErrorDetail,
}

/// What went wrong.
#[derive(Serialize, ToSchema)]
pub(crate) struct ErrorDetail {
    /// Stable: `not_found`, `unauthorized`, `forbidden`, `too_large`,
    /// `bad_request`, `unprocessable`, `internal`.
    code: String,
    /// For a person, in the caller's language.
    message: String,
}

/// The multipart form of a new import.
#[derive(ToSchema)]
#[allow(dead_code)]
pub(crate) struct UploadForm {
    /// The CSV or Excel file.
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    file: String,
    /// The import's name (default: the file name without extension).
    name: Option<String>,
    /// `create` (default).
    mode: Option<String>,
    /// `true`: check and match everything, write nothing.
    dry_run: Option<bool>,
    /// `true`: email the caller at the end (when the server has SMTP).
    notify: Option<bool>,
}

/// A queued import.
#[derive(Serialize, ToSchema)]
pub(crate) struct ImportAccepted {
    /// Its id.
    id: i64,
    /// Its document.
    url: String,
    /// `queued`.
    status: String,
}

/// An import in the list.
#[derive(Serialize, ToSchema)]
pub(crate) struct ImportItem {
    id: i64,
    name: String,
    file_name: String,
    mode: String,
    dry_run: bool,
    status: String,
    created_by: String,
    started_at: String,
    finished_at: Option<String>,
    counts: intake_store::Counts,
    url: String,
}

/// The status after a cancel request.
#[derive(Serialize, ToSchema)]
pub(crate) struct CancelAnswer {
    /// `cancelled` (it was queued), `running` (it stops at its next
    /// checkpoint), or its final status when it had ended.
    status: String,
}

// Handlers answer errors with a ready response, as axum's own do; its
// size does not matter on this path.
#[allow(clippy::result_large_err)]
fn api<T>(r: Result<T, AppError>, lang: Lang) -> Result<T, Response> {
    r.map_err(|e| e.json(lang))
}

/// Starts an import: the file is checked and queued; a worker runs it.
#[utoipa::path(post, path = "/api/v1/imports", tag = "imports",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 202, description = "Queued", body = ImportAccepted),
        (status = 400, description = "No file, or a malformed form", body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, description = "Mode not allowed for the role", body = ErrorBody),
        (status = 413, description = "Larger than the upload limit", body = ErrorBody),
        (status = 422, description = "Not an importable file, no email column, unknown mode", body = ErrorBody),
    ))]
async fn create_import(
    State(state): S,
    who: ApiUser,
    multipart: Multipart,
) -> Result<Response, Response> {
    let lang = who.lang;
    let (stored, fields) = api(shared::receive(&state, multipart).await, lang)?;
    let id = api(
        shared::enqueue(&state, &who.user, stored, fields, lang).await,
        lang,
    )?;
    Ok((
        StatusCode::ACCEPTED,
        Json(ImportAccepted {
            id,
            url: format!("/api/v1/imports/{id}"),
            status: ImportStatus::Queued.as_str().into(),
        }),
    )
        .into_response())
}

/// The institution's imports, newest first.
#[utoipa::path(get, path = "/api/v1/imports", tag = "imports",
    responses((status = 200, body = Vec<ImportItem>), (status = 401, body = ErrorBody)))]
async fn list_imports(State(state): S, who: ApiUser) -> Result<Json<Vec<ImportItem>>, Response> {
    let id = who.institution.id;
    let list = api(state.store(move |s| Ok(s.imports(id)?)).await, who.lang)?;
    Ok(Json(
        list.into_iter()
            .map(|i| ImportItem {
                url: format!("/api/v1/imports/{}", i.id),
                id: i.id,
                name: i.name,
                file_name: i.file_name,
                mode: i.mode.to_string(),
                dry_run: i.dry_run,
                status: i.status.as_str().into(),
                created_by: i.created_by,
                started_at: i.started_at.to_string(),
                finished_at: i.finished_at.map(|t| t.to_string()),
                counts: i.counts,
            })
            .collect(),
    ))
}

/// One import: the same document as `intake import --report json`, plus
/// `progress`, `file_name`, `created_by`, `started_at`, `finished_at`.
#[utoipa::path(get, path = "/api/v1/imports/{id}", tag = "imports",
    params(("id" = i64, Path, description = "Import id")),
    responses((status = 200, description = "The report with its progress", body = Object),
        (status = 401, body = ErrorBody), (status = 404, description = "No such import in your institution", body = ErrorBody)))]
async fn get_import(
    State(state): S,
    who: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, Response> {
    let lang = who.lang;
    let institution = who.institution.clone();
    let st = state.clone();
    let doc = api(
        state
            .store(move |s| {
                let record = shared::import_of(s, &institution, id)?;
                shared::import_document(&st, s, &record, lang)
            })
            .await,
        lang,
    )?;
    Ok(Json(doc))
}

/// Which page of the log, and which lines.
#[derive(Deserialize, IntoParams)]
pub(crate) struct LogParams {
    /// 1-based page of 100 lines.
    page: Option<u64>,
    /// `info`, `warning` or `error`.
    level: Option<String>,
    /// `initialisation`, `format`, `conflict`, `not_found` or `summary`.
    category: Option<String>,
}

/// A page of an import's log (100 lines), in story order.
#[utoipa::path(get, path = "/api/v1/imports/{id}/log", tag = "imports",
    params(("id" = i64, Path, description = "Import id"), LogParams),
    responses((status = 200, body = LogPage), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_log(
    State(state): S,
    who: ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<LogParams>,
) -> Result<Json<LogPage>, Response> {
    let lang = who.lang;
    let filter = api(
        shared::log_filter(q.level.as_deref(), q.category.as_deref()),
        lang,
    )?;
    let institution = who.institution.clone();
    let page = api(
        state
            .store(move |s| {
                let record = shared::import_of(s, &institution, id)?;
                shared::log_page(s, &record, filter, q.page.unwrap_or(1), lang)
            })
            .await,
        lang,
    )?;
    Ok(Json(page))
}

/// The rejected and skipped rows as CSV, with an errors column.
#[utoipa::path(get, path = "/api/v1/imports/{id}/rejects", tag = "imports",
    params(("id" = i64, Path, description = "Import id")),
    responses((status = 200, description = "CSV", content_type = "text/csv"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_rejects(
    State(state): S,
    who: ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, Response> {
    let lang = who.lang;
    let institution = who.institution.clone();
    let st = state.clone();
    let d = api(
        state
            .store(move |s| {
                let record = shared::import_of(s, &institution, id)?;
                shared::rejects_download(&st, s, &record, lang)
            })
            .await,
        lang,
    )?;
    Ok(d.into_response())
}

/// Asks an import to stop between batches; what it wrote is removed.
pub(crate) async fn request_cancel(
    state: &Arc<AppState>,
    institution: &Institution,
    id: i64,
) -> Result<ImportStatus, AppError> {
    let institution_id = institution.id;
    // Run by this server: stopped at its next batch, without waiting for
    // the store (an import holds its write lock between checkpoints).
    let running_here = state.jobs.live(id).is_some()
        && state
            .store(move |s| Ok(s.import(institution_id, id)?.is_some()))
            .await?;
    if running_here {
        state.jobs.cancel(id);
    }
    let status = state
        .store(move |s| {
            let line = intake_engine::summary_line(
                intake_core::Level::Warning,
                "log-cancelled",
                vec![("row", "1".into())],
            );
            s.request_cancel(institution_id, id, &line)?
                .ok_or(AppError::NotFound)
        })
        .await?;
    if status == ImportStatus::Running {
        state.jobs.cancel(id);
    }
    Ok(status)
}

/// Cancels a queued or running import.
#[utoipa::path(post, path = "/api/v1/imports/{id}/cancel", tag = "imports",
    params(("id" = i64, Path, description = "Import id")),
    responses((status = 202, body = CancelAnswer), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn cancel_import(
    State(state): S,
    who: ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, Response> {
    let status = api(request_cancel(&state, &who.institution, id).await, who.lang)?;
    Ok((
        StatusCode::ACCEPTED,
        Json(CancelAnswer {
            status: status.as_str().into(),
        }),
    )
        .into_response())
}

/// Which contacts.
#[derive(Deserialize, IntoParams)]
pub(crate) struct ContactParams {
    /// Only those created from this import name.
    created_from: Option<String>,
    /// `INDIVIDUAL` or `STRUCTURE`.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    contact_type: Option<String>,
    /// Only this email (case-insensitive).
    email: Option<String>,
}

/// The institution's contacts, by contact number.
#[utoipa::path(get, path = "/api/v1/contacts", tag = "contacts", params(ContactParams),
    responses((status = 200, body = Vec<ContactExport>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody)))]
async fn list_contacts(
    State(state): S,
    who: ApiUser,
    Query(q): Query<ContactParams>,
) -> Result<Json<Vec<ContactExport>>, Response> {
    let institution = who.institution.clone();
    let list = api(
        state
            .store(move |s| {
                shared::contacts(s, &institution, q.created_from, q.contact_type, q.email)
            })
            .await,
        who.lang,
    )?;
    Ok(Json(list))
}

/// Which duplicates.
#[derive(Deserialize, IntoParams)]
pub(crate) struct DuplicateParams {
    /// The lowest score of a pair proposed, 0 to 1 (default 0.9, a likely
    /// duplicate).
    min_score: Option<f64>,
}

/// The institution's likely duplicates: pairs of contacts (by contact
/// number) that are likely one person, each field explained in the
/// caller's language; households never, nor pairs reviewed as two people.
#[utoipa::path(get, path = "/api/v1/duplicates", tag = "duplicates", params(DuplicateParams),
    responses((status = 200, body = FoundJson), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody)))]
async fn list_duplicates(
    State(state): S,
    who: ApiUser,
    Query(q): Query<DuplicateParams>,
) -> Result<Json<FoundJson>, Response> {
    let min_score = q
        .min_score
        .unwrap_or(intake_engine::duplicates::LIKELY_DUPLICATE);
    if !(0.0..=1.0).contains(&min_score) {
        return Err(
            AppError::bad_value("min_score", &min_score.to_string(), "0 to 1").json(who.lang),
        );
    }
    let institution = who.institution.id;
    let lang = who.lang;
    let found = api(
        state
            .store(move |s| {
                Ok(intake_engine::duplicates::find_in_base(
                    s,
                    institution,
                    min_score,
                    lang,
                )?)
            })
            .await,
        who.lang,
    )?;
    Ok(Json(found))
}

/// Which template.
#[derive(Deserialize, IntoParams)]
pub(crate) struct TemplateParams {
    /// `csv` or `xlsx` (default).
    format: Option<String>,
    /// `fr`, `de`, `en` or `it` (default: the caller's).
    lang: Option<String>,
    /// The extended format, with the institution's criteria and authorizations.
    extended: Option<bool>,
}

/// The import template.
#[utoipa::path(get, path = "/api/v1/template", tag = "template", params(TemplateParams),
    responses((status = 200, description = "CSV or XLSX"), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn get_template(
    State(state): S,
    who: ApiUser,
    Query(q): Query<TemplateParams>,
) -> Result<Response, Response> {
    let lang = match q.lang.as_deref() {
        Some(l) => Lang::parse(l)
            .ok_or_else(|| AppError::bad_value("lang", l, "fr, de, en, it").json(who.lang))?,
        None => who.lang,
    };
    let format = q.format.unwrap_or_else(|| "xlsx".into());
    let extended = q.extended.unwrap_or(false);
    let d = shared::template(&state, &who.institution, format, extended, lang).await;
    Ok(api(d, lang)?.into_response())
}

async fn openapi() -> Response {
    match ApiDoc::openapi().to_json() {
        Ok(json) => (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            json,
        )
            .into_response(),
        Err(e) => AppError::Internal(e.to_string()).into_response(),
    }
}
