//! The pages: sign-in, upload, imports, one import with its live progress
//! and log, contacts, users. Server-rendered; a little JavaScript for the
//! upload and the progress bar.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Form, Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::stream::Stream;
use intake_engine::Mode;
use intake_i18n::Lang;
use intake_store::{ImportStatus, Role};
use minijinja::context;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{
    self, LANG_COOKIE, SESSION_COOKIE, SESSION_HOURS, SignedIn, cookie, negotiate, random_token,
    token_hash, verify_password,
};
use crate::error::AppError;
use crate::shared::{self, LOG_PAGE};

type S = State<Arc<AppState>>;

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(upload_page))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/lang", post(switch_language))
        .route("/imports", get(imports_page).post(upload))
        .route("/imports/{id}", get(import_page))
        .route("/imports/{id}/events", get(import_events))
        .route("/imports/{id}/cancel", post(cancel))
        .route("/imports/{id}/log/{format}", get(log_download))
        .route("/imports/{id}/rejects", get(rejects_download))
        .route("/contacts", get(contacts_page))
        .route("/contacts/export/{format}", get(contacts_export))
        .route("/template", get(template_download))
        .route("/users", get(users_page))
        .route("/static/app.css", get(css))
        .route("/static/app.js", get(js))
}

/// An error as a page in the reader's language.
struct PageError(AppError, Lang, Arc<AppState>);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let PageError(e, lang, state) = self;
        let status = e.status();
        let message = e.message(lang);
        let page = state.views.render(
            "error.html",
            lang,
            context! { message => message.clone(), status => status.as_u16() },
        );
        match page {
            Ok(html) => (status, html).into_response(),
            Err(_) => (status, message).into_response(),
        }
    }
}

trait OrPage<T> {
    fn or_page(self, lang: Lang, state: &Arc<AppState>) -> Result<T, PageError>;
}

impl<T> OrPage<T> for Result<T, AppError> {
    fn or_page(self, lang: Lang, state: &Arc<AppState>) -> Result<T, PageError> {
        self.map_err(|e| PageError(e, lang, state.clone()))
    }
}

/// What every signed-in page shows: the user and the navigation.
fn chrome(who: &SignedIn, active: &str) -> minijinja::Value {
    context! {
        user => who.user.email.clone(),
        admin => who.is_admin(),
        institution => who.institution.name.clone(),
        csrf => who.csrf.clone(),
        here => who.here.clone(),
        active => active,
        languages => ["fr", "de", "en", "it"],
    }
}

fn render(
    state: &Arc<AppState>,
    name: &str,
    lang: Lang,
    ctx: minijinja::Value,
) -> Result<Html<String>, PageError> {
    state.views.render(name, lang, ctx).or_page(lang, state)
}

async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/app.css"),
    )
}

async fn js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/app.js"),
    )
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
    failed: Option<String>,
}

/// Where a page may send the reader: a path of this site, else `/`.
fn local_path(next: Option<&str>) -> String {
    match next {
        Some(n) if is_local_path(n) => n.into(),
        _ => "/".into(),
    }
}

/// Whether `path` can only lead to this site. Browsers strip tabs and line
/// breaks from a `Location` and read `\` as `/` before they follow it, so
/// `/\t/evil.example` leads to another host: a path with any control
/// character, blank or backslash is refused, and so is one that starts
/// with `//` (scheme-relative).
fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
}

async fn login_page(
    State(state): S,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Result<Response, PageError> {
    let lang = negotiate(None, &headers, None);
    // Before sign-in there is no session: the form's CSRF token is a
    // cookie of its own that the form must repeat (double submit).
    let token =
        random_token().map_err(|e| PageError(AppError::Internal(e), lang, state.clone()))?;
    let next = local_path(q.next.as_deref());
    let here = if next == "/" {
        "/login".to_string()
    } else {
        format!("/login?next={}", auth::url_encode(&next))
    };
    let html = render(
        &state,
        "login.html",
        lang,
        context! {
            csrf => token.clone(), next => next, here => here,
            failed => q.failed.as_deref(),
            languages => ["fr", "de", "en", "it"],
        },
    )?;
    let cookie = format!(
        "intake_login_csrf={token}; Path=/login; HttpOnly; SameSite=Strict{}",
        if state.secure_cookies() {
            "; Secure"
        } else {
            ""
        }
    );
    Ok((
        [(
            header::SET_COOKIE,
            HeaderValue::from_str(&cookie).unwrap_or(HeaderValue::from_static("")),
        )],
        html,
    )
        .into_response())
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    password: String,
    csrf: String,
    next: Option<String>,
}

async fn login(
    State(state): S,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let lang = negotiate(None, &headers, None);
    let expected = cookie(&headers, "intake_login_csrf").unwrap_or_default();
    if expected.is_empty() || !auth::same_secret(&expected, &form.csrf) {
        return Err(PageError(AppError::Csrf, lang, state.clone()));
    }
    // Counted before the password is judged: parallel guesses each see a
    // count of their own, and those past the limit are not judged at all.
    let (ip, email) = (peer.ip(), form.email.clone());
    let counted = state
        .store(move |s| {
            let Some(attempt) = auth::count_sign_in(s, ip, &email)? else {
                return Ok(None);
            };
            Ok(Some((attempt, s.user_by_email(&email)?)))
        })
        .await
        .or_page(lang, &state)?;
    let Some((attempt, user)) = counted else {
        return Err(PageError(AppError::RateLimited, lang, state.clone()));
    };
    let password = form.password.clone();
    // Argon2 is slow on purpose: off the async threads.
    let user = tokio::task::spawn_blocking(move || {
        user.filter(|u| verify_password(&password, &u.password_hash))
    })
    .await
    .ok()
    .flatten();
    let Some(user) = user else {
        let next = local_path(form.next.as_deref());
        return Ok(
            Redirect::to(&format!("/login?failed=1&next={}", auth::url_encode(&next)))
                .into_response(),
        );
    };
    let session = random_token().or_page_internal(lang, &state)?;
    let csrf = random_token().or_page_internal(lang, &state)?;
    let hash = token_hash(&session);
    let expires = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_hours(SESSION_HOURS))
        .unwrap_or(jiff::Timestamp::MAX);
    let user_id = user.id;
    state
        .store(move |s| {
            auth::signed_in(s, &attempt)?;
            Ok(s.add_web_session(&hash, user_id, &csrf, expires)?)
        })
        .await
        .or_page(lang, &state)?;
    let cookie = format!(
        "{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        SESSION_HOURS * 3600,
        if state.secure_cookies() {
            "; Secure"
        } else {
            ""
        }
    );
    let mut response = Redirect::to(&local_path(form.next.as_deref())).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

trait OrPageInternal<T> {
    fn or_page_internal(self, lang: Lang, state: &Arc<AppState>) -> Result<T, PageError>;
}

impl<T> OrPageInternal<T> for Result<T, String> {
    fn or_page_internal(self, lang: Lang, state: &Arc<AppState>) -> Result<T, PageError> {
        self.map_err(|e| PageError(AppError::Internal(e), lang, state.clone()))
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

async fn logout(
    State(state): S,
    who: SignedIn,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    who.check_csrf(&form.csrf).or_page(who.lang, &state)?;
    if let Some(value) = cookie(&headers, SESSION_COOKIE) {
        let hash = token_hash(&value);
        state
            .store(move |s| Ok(s.remove_web_session(&hash)?))
            .await
            .or_page(who.lang, &state)?;
    }
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_static("intake_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
    );
    Ok(response)
}

#[derive(Deserialize)]
struct LanguageForm {
    lang: String,
    back: Option<String>,
    csrf: Option<String>,
}

/// Switches the language (a form on every page): remembered in a cookie,
/// and on the user when signed in, which takes the session's CSRF token.
/// Before sign-in only the cookie is set, which changes nothing stored, so
/// no token is asked for.
async fn switch_language(
    State(state): S,
    headers: HeaderMap,
    Form(form): Form<LanguageForm>,
) -> Result<Response, PageError> {
    let reader = negotiate(None, &headers, None);
    let back = form.back.as_deref().unwrap_or("/");
    // No link holds a line break: a forged request (a 400, not a redirect).
    if back.contains(['\r', '\n']) {
        let e = AppError::BadRequest(intake_i18n::text(reader, "web-error-bad-back", &[]));
        return Err(PageError(e, reader, state.clone()));
    }
    let Some(lang) = Lang::parse(&form.lang) else {
        let e = AppError::bad_value("lang", &form.lang, "fr, de, en, it");
        return Err(PageError(e, reader, state.clone()));
    };
    if let Some(value) = cookie(&headers, SESSION_COOKIE) {
        let hash = token_hash(&value);
        let token = form.csrf.unwrap_or_default();
        state
            .store(move |s| {
                if let Some((user, csrf)) = s.web_session(&hash)? {
                    if !auth::same_secret(&token, &csrf) {
                        return Err(AppError::Csrf);
                    }
                    s.set_user_language(user.id, lang.as_str())?;
                }
                Ok(())
            })
            .await
            .or_page(reader, &state)?;
    }
    let mut response = Redirect::to(&local_path(Some(back))).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
        lang.as_str()
    )) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

async fn upload_page(State(state): S, who: SignedIn) -> Result<Html<String>, PageError> {
    let modes: Vec<_> = Mode::ALL
        .iter()
        .filter(|m| shared::mode_allowed(**m, who.user.role))
        .map(|m| m.as_str())
        .collect();
    render(
        &state,
        "upload.html",
        who.lang,
        context! {
            ..chrome(&who, "upload"),
            ..context! {
                modes => modes,
                admin => who.user.role == intake_store::Role::Admin,
                smtp => state.config.smtp_url.is_some(),
                limit_mib => state.config.upload_limit / (1024 * 1024),
            }
        },
    )
}

/// The upload form (multipart). A browser's script asks for JSON and goes
/// to the import's page itself; without script, a redirect does.
async fn upload(
    State(state): S,
    who: SignedIn,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let lang = who.lang;
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    let result = async {
        let (stored, fields) = shared::receive(&state, multipart).await?;
        let token = fields.csrf.clone().unwrap_or_default();
        if let Err(e) = who.check_csrf(&token) {
            if let Some(s) = &stored {
                let _ = std::fs::remove_file(&s.path);
            }
            return Err(e);
        }
        shared::enqueue(&state, &who.user, stored, fields, lang).await
    }
    .await;
    match (result, wants_json) {
        (Ok(id), true) => Ok((
            StatusCode::ACCEPTED,
            Json(serde_json::json!({ "id": id, "url": format!("/imports/{id}") })),
        )
            .into_response()),
        (Ok(id), false) => Ok(Redirect::to(&format!("/imports/{id}")).into_response()),
        (Err(e), true) => Ok(e.json(lang)),
        (Err(e), false) => Err(PageError(e, lang, state.clone())),
    }
}

async fn imports_page(State(state): S, who: SignedIn) -> Result<Html<String>, PageError> {
    let institution = who.institution.id;
    let lang = who.lang;
    let list = state
        .store(move |s| Ok(s.imports(institution)?))
        .await
        .or_page(lang, &state)?;
    let rows: Vec<_> = list
        .iter()
        .map(|i| {
            context! {
                id => i.id, name => i.name.clone(), file_name => i.file_name.clone(),
                mode => i.mode.as_str(), dry_run => i.dry_run, status => i.status.as_str(),
                by => i.created_by.clone(),
                started => i.started_at.to_zoned(jiff::tz::TimeZone::system())
                    .strftime("%d.%m.%Y %H:%M").to_string(),
                rows => i.counts.rows, created => i.counts.created,
                skipped => i.counts.skipped, rejected => i.counts.rejected,
            }
        })
        .collect();
    render(
        &state,
        "imports.html",
        lang,
        context! { ..chrome(&who, "imports"), ..context! { imports => rows } },
    )
}

#[derive(Deserialize)]
struct LogQuery {
    page: Option<u64>,
    level: Option<String>,
    category: Option<String>,
}

async fn import_page(
    State(state): S,
    who: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<LogQuery>,
) -> Result<Html<String>, PageError> {
    let lang = who.lang;
    let institution = who.institution.clone();
    let filter =
        shared::log_filter(q.level.as_deref(), q.category.as_deref()).or_page(lang, &state)?;
    let page = q.page.unwrap_or(1);
    let st = state.clone();
    let (record, log, progress) = state
        .store(move |s| {
            let record = shared::import_of(s, &institution, id)?;
            let log = shared::log_page(s, &record, filter, page, lang)?;
            let progress = shared::progress_of(&st, &record, lang);
            Ok((record, log, progress))
        })
        .await
        .or_page(lang, &state)?;
    let c = record.counts;
    let query = |page: u64| {
        let mut q = format!("?page={page}");
        if let Some(l) = filter.level {
            q.push_str(&format!("&level={}", l.as_str()));
        }
        if let Some(c) = filter.category {
            q.push_str(&format!("&category={}", c.as_str()));
        }
        q
    };
    render(
        &state,
        "import.html",
        lang,
        context! {
            ..chrome(&who, "imports"),
            ..context! {
                import => context! {
                    id => record.id, name => record.name, file_name => record.file_name,
                    mode => record.mode.as_str(), dry_run => record.dry_run,
                    status => record.status.as_str(), by => record.created_by,
                    started => record.started_at.to_zoned(jiff::tz::TimeZone::system())
                        .strftime("%d.%m.%Y %H:%M").to_string(),
                    rows => c.rows, created => c.created, skipped => c.skipped,
                    rejected => c.rejected,
                    has_rejects => c.rejected + c.skipped > 0,
                    cancellable => matches!(record.status, ImportStatus::Queued | ImportStatus::Running),
                },
                progress => minijinja::value::Value::from(minijinja::value::Serde(&progress)),
                log => minijinja::value::Value::from(minijinja::value::Serde(&log)),
                page_size => LOG_PAGE,
                level => filter.level.map(|l| l.as_str()),
                category => filter.category.map(|c| c.as_str()),
                levels => ["info", "warning", "error"],
                categories => ["initialisation", "format", "conflict", "not_found", "summary"],
                prev_query => (log.page > 1).then(|| query(log.page - 1)),
                next_query => (log.page < log.pages).then(|| query(log.page + 1)),
            }
        },
    )
}

/// Server-sent events: the import's progress twice a second until it ends.
async fn import_events(
    State(state): S,
    who: SignedIn,
    Path(id): Path<i64>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, PageError> {
    let lang = who.lang;
    let institution = who.institution.clone();
    // A missing or foreign import is a 404 before the stream starts.
    {
        let institution = institution.clone();
        state
            .store(move |s| shared::import_of(s, &institution, id).map(|_| ()))
            .await
            .or_page(lang, &state)?;
    }
    let stream = futures_util::stream::unfold((state.clone(), false), move |(state, done)| {
        let institution = institution.clone();
        async move {
            if done {
                return None;
            }
            let st = state.clone();
            let view = state
                .store(move |s| {
                    let record = shared::import_of(s, &institution, id)?;
                    Ok(shared::progress_of(&st, &record, lang))
                })
                .await;
            let (event, finished) = match view {
                Ok(v) => (
                    Event::default()
                        .event("progress")
                        .json_data(&v)
                        .unwrap_or_default(),
                    v.finished,
                ),
                Err(_) => (Event::default().event("gone").data("{}"), true),
            };
            if !finished {
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Some((Ok(event), (state, finished)))
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

async fn cancel(
    State(state): S,
    who: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    let lang = who.lang;
    who.check_csrf(&form.csrf).or_page(lang, &state)?;
    crate::api::request_cancel(&state, &who.institution, id)
        .await
        .or_page(lang, &state)?;
    Ok(Redirect::to(&format!("/imports/{id}")).into_response())
}

async fn log_download(
    State(state): S,
    who: SignedIn,
    Path((id, format)): Path<(i64, String)>,
) -> Result<Response, PageError> {
    let lang = who.lang;
    let institution = who.institution.clone();
    let st = state.clone();
    let download = state
        .store(move |s| {
            let record = shared::import_of(s, &institution, id)?;
            shared::log_download(&st, s, &record, &format, lang)
        })
        .await
        .or_page(lang, &state)?;
    Ok(download.into_response())
}

async fn rejects_download(
    State(state): S,
    who: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let lang = who.lang;
    let institution = who.institution.clone();
    let st = state.clone();
    let download = state
        .store(move |s| {
            let record = shared::import_of(s, &institution, id)?;
            shared::rejects_download(&st, s, &record, lang)
        })
        .await
        .or_page(lang, &state)?;
    Ok(download.into_response())
}

#[derive(Deserialize)]
struct ContactsQuery {
    created_from: Option<String>,
    #[serde(rename = "type")]
    contact_type: Option<String>,
}

/// Contacts shown on the page; the exports have them all.
const CONTACTS_SHOWN: usize = 200;

async fn contacts_page(
    State(state): S,
    who: SignedIn,
    Query(q): Query<ContactsQuery>,
) -> Result<Html<String>, PageError> {
    let lang = who.lang;
    let institution = who.institution.clone();
    let (created_from, contact_type) = (q.created_from.clone(), q.contact_type.clone());
    let (list, origins) = state
        .store(move |s| {
            let list = shared::contacts(s, &institution, created_from, contact_type, None)?;
            let mut origins: Vec<String> = s
                .imports(institution.id)?
                .into_iter()
                .filter(|i| !i.dry_run && i.counts.created > 0)
                .map(|i| i.name)
                .collect();
            origins.sort();
            origins.dedup();
            Ok((list, origins))
        })
        .await
        .or_page(lang, &state)?;
    let count = list.len();
    let shown: Vec<_> = list.iter().take(CONTACTS_SHOWN).collect();
    let mut export_query = Vec::new();
    if let Some(c) = q.created_from.as_deref().filter(|c| !c.is_empty()) {
        export_query.push(format!("created_from={}", auth::url_encode(c)));
    }
    if let Some(t) = q.contact_type.as_deref().filter(|c| !c.is_empty()) {
        export_query.push(format!("type={}", auth::url_encode(t)));
    }
    render(
        &state,
        "contacts.html",
        lang,
        context! {
            ..chrome(&who, "contacts"),
            ..context! {
                contacts => minijinja::value::Value::from(minijinja::value::Serde(&shown)), count => count, truncated => count > CONTACTS_SHOWN,
                shown => CONTACTS_SHOWN, origins => origins,
                created_from => q.created_from, contact_type => q.contact_type,
                export_query => export_query.join("&"),
            }
        },
    )
}

async fn contacts_export(
    State(state): S,
    who: SignedIn,
    Path(format): Path<String>,
    Query(q): Query<ContactsQuery>,
) -> Result<Response, PageError> {
    let lang = who.lang;
    let institution = who.institution.clone();
    let st = state.clone();
    let download = state
        .store(move |s| {
            let list = shared::contacts(s, &institution, q.created_from, q.contact_type, None)?;
            shared::contacts_download(&st, &list, &format)
        })
        .await
        .or_page(lang, &state)?;
    Ok(download.into_response())
}

#[derive(Deserialize)]
struct TemplateQuery {
    format: Option<String>,
    extended: Option<bool>,
}

async fn template_download(
    State(state): S,
    who: SignedIn,
    Query(q): Query<TemplateQuery>,
) -> Result<Response, PageError> {
    let lang = who.lang;
    let format = q.format.unwrap_or_else(|| "xlsx".into());
    let extended = q.extended.unwrap_or(false);
    let download = shared::template(&state, &who.institution, format, extended, lang)
        .await
        .or_page(lang, &state)?;
    Ok(download.into_response())
}

async fn users_page(State(state): S, who: SignedIn) -> Result<Html<String>, PageError> {
    let lang = who.lang;
    if who.user.role != Role::Admin {
        return Err(PageError(AppError::Forbidden, lang, state.clone()));
    }
    let institution = who.institution.id;
    let users = state
        .store(move |s| Ok(s.users(Some(institution))?))
        .await
        .or_page(lang, &state)?;
    let rows: Vec<_> = users
        .iter()
        .map(|u| {
            context! {
                email => u.email.clone(), role => u.role.as_str(), language => u.language.clone()
            }
        })
        .collect();
    render(
        &state,
        "users.html",
        lang,
        context! { ..chrome(&who, "users"), ..context! { users => rows } },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_site_are_local() {
        for ok in ["/", "/imports", "/imports/3?page=2&level=error", "/%2F%2Fx"] {
            assert!(is_local_path(ok), "{ok:?}");
        }
        for bad in [
            "",
            "x",
            "//evil.example",
            "/\t/evil.example",
            "/\r\n/evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "/ /x",
            "/\u{a0}/x",
            "/\u{0}",
            "https://evil.example",
            "javascript:alert(1)",
        ] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
    }
}
