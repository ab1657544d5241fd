//! What can go wrong: at start-up ([`ServerError`]) and in a request
//! (`AppError`, answered as JSON on the API and as a page elsewhere).

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use intake_i18n::{Lang, text};
use intake_store::StoreError;

/// Why the server cannot start or went down.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The contact base cannot be opened.
    #[error("cannot open the contact base: {0}")]
    Store(#[from] StoreError),
    /// The address is taken or not ours.
    #[error("cannot listen on {addr}: {reason}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The system's reason.
        reason: String,
    },
    /// The folder for uploads cannot be made.
    #[error("cannot use {} for uploads: {reason}", path.display())]
    DataDir {
        /// The folder.
        path: PathBuf,
        /// The system's reason.
        reason: String,
    },
    /// The runtime failed.
    #[error("{0}")]
    Runtime(String),
}

/// Why a request was refused or failed.
#[derive(Debug)]
pub(crate) enum AppError {
    /// No such thing, or not the caller's institution's (the same answer).
    NotFound,
    /// Not signed in, or a bad token.
    Unauthorized,
    /// The role does not allow it.
    Forbidden,
    /// A form without the right CSRF token.
    Csrf,
    /// Too many failed sign-ins.
    RateLimited,
    /// The upload is larger than the limit (bytes).
    TooLarge(u64),
    /// A malformed request: the message, ready for a person.
    BadRequest(String),
    /// A parameter with a value it cannot have: name, value, what it may be.
    BadValue(&'static str, String, &'static str),
    /// A well-formed request that cannot be done (a file that cannot be
    /// imported, a mode that does not exist): the message.
    Unprocessable(String),
    /// Every connection to the base stayed busy for the whole wait: try
    /// again in a moment.
    Busy,
    /// The server failed: the reason, for the operator's eyes only (see
    /// [`report_internal`]).
    Internal(String),
}

/// Reports an internal error on the server's stderr under a new short
/// reference, and returns that reference: people are shown the reference
/// (to quote to whoever runs the server), never the reason, which may name
/// the server's files, tables or peers.
pub(crate) fn report_internal(reason: &str) -> String {
    let reference = match crate::auth::random_token() {
        Ok(token) => token[..8].to_string(),
        // No randomness: the time still tells reports apart.
        Err(_) => format!("{:08x}", jiff::Timestamp::now().subsec_nanosecond()),
    };
    eprintln!("intake: internal error {reference}: {reason}");
    reference
}

impl From<crate::pool::PoolError> for AppError {
    fn from(e: crate::pool::PoolError) -> Self {
        match e {
            crate::pool::PoolError::Busy => AppError::Busy,
            crate::pool::PoolError::Store(e) => e.into(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl AppError {
    pub fn bad_value(name: &'static str, value: &str, allowed: &'static str) -> AppError {
        AppError::BadValue(name, value.to_string(), allowed)
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::BadRequest(_) | AppError::BadValue(..) => StatusCode::BAD_REQUEST,
            AppError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code of the JSON error.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::Csrf => "csrf",
            AppError::RateLimited => "rate_limited",
            AppError::TooLarge(_) => "too_large",
            AppError::BadRequest(_) | AppError::BadValue(..) => "bad_request",
            AppError::Unprocessable(_) => "unprocessable",
            AppError::Busy => "busy",
            AppError::Internal(_) => "internal",
        }
    }

    /// The message for a person. An internal error is reported
    /// ([`report_internal`]) and its message names the reference: make the
    /// message once per answer.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::NotFound => text(lang, "web-error-not-found", &[]),
            AppError::Unauthorized => text(lang, "web-error-unauthorized", &[]),
            AppError::Forbidden => text(lang, "web-error-forbidden", &[]),
            AppError::Csrf => text(lang, "web-error-csrf", &[]),
            AppError::RateLimited => text(lang, "web-signin-limited", &[]),
            AppError::TooLarge(limit) => text(
                lang,
                "web-upload-too-large",
                &[("limit", (*limit / (1024 * 1024)).into())],
            ),
            AppError::BadRequest(m) | AppError::Unprocessable(m) => m.clone(),
            AppError::BadValue(name, value, allowed) => text(
                lang,
                "web-error-bad-value",
                &[
                    ("name", (*name).into()),
                    ("value", value.as_str().into()),
                    ("allowed", (*allowed).into()),
                ],
            ),
            AppError::Busy => text(lang, "web-error-busy", &[]),
            AppError::Internal(reason) => text(
                lang,
                "web-error-internal",
                &[("incident", report_internal(reason).into())],
            ),
        }
    }

    /// The JSON answer in `lang`.
    pub fn json(&self, lang: Lang) -> Response {
        let body = serde_json::json!({
            "error": { "code": self.code(), "message": self.message(lang) }
        });
        let mut response = (self.status(), Json(body)).into_response();
        if let AppError::Busy = self {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("2"),
            );
        }
        response
    }
}

/// Without a known reader, the API speaks English.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.json(Lang::En)
    }
}
