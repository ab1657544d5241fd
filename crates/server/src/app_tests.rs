//! The application answered in-process, the way axum's examples test
//! theirs (`tower::ServiceExt::oneshot`): no socket, no process. The
//! end-to-end tests (`tests/web*.rs`, `tests/browser.rs`) keep a real
//! server on a socket and a real browser.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Request, StatusCode, header};
use intake_store::{InstitutionSettings, NewUser, Role};
use tower::ServiceExt;

use crate::{AppState, Config, PoolLimits, app};

/// A new base with one admin, and the application over it.
struct Site {
    _dir: tempfile::TempDir,
    state: Arc<AppState>,
}

impl Site {
    fn new(pool: PoolLimits) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("intake.db").display().to_string();
        intake_store::init(&db, &InstitutionSettings::default()).unwrap();
        let config = Config {
            db,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: dir.path().join("data"),
            workers: 0,
            upload_limit: 1 << 20,
            smtp_url: None,
            smtp_from: "intake@example.ch".into(),
            public_url: None,
            lease: Duration::from_secs(60),
            pool,
        };
        let state = AppState::new(config).unwrap();
        let mut store = state.pool.open().unwrap();
        let institution = store.institution().unwrap();
        store
            .add_user(&NewUser {
                institution_id: institution.id,
                email: "ann@example.ch".into(),
                role: Role::Admin,
                password_hash: crate::auth::hash_password("right horse").unwrap(),
            })
            .unwrap();
        Site { _dir: dir, state }
    }

    fn app(&self) -> Router {
        app(self.state.clone()).layer(MockConnectInfo(SocketAddr::from(([10, 0, 0, 7], 4000))))
    }

    /// The answer to `request`: status, headers and body as text.
    async fn send(&self, request: Request<Body>) -> (StatusCode, header::HeaderMap, String) {
        let response = self.app().oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap();
        (
            parts.status,
            parts.headers,
            String::from_utf8_lossy(&bytes).into_owned(),
        )
    }

    async fn get(&self, uri: &str) -> (StatusCode, header::HeaderMap, String) {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }
}

fn run<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

#[test]
fn healthz_answers_with_the_security_headers() {
    let site = Site::new(PoolLimits::default());
    run(async {
        let (status, headers, body) = site.get("/healthz").await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
        for name in [
            header::CONTENT_SECURITY_POLICY,
            header::X_FRAME_OPTIONS,
            header::X_CONTENT_TYPE_OPTIONS,
            header::REFERRER_POLICY,
        ] {
            assert!(headers.contains_key(&name), "{name}");
        }
    });
}

#[test]
fn the_api_without_a_token_answers_in_its_error_envelope() {
    let site = Site::new(PoolLimits::default());
    run(async {
        let (status, _, body) = site.get("/api/v1/imports").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["error"]["code"], "unauthorized", "{json}");
    });
}

#[test]
fn a_token_lists_the_institutions_imports() {
    let site = Site::new(PoolLimits::default());
    let mut store = site.state.pool.open().unwrap();
    let user = store.user_by_email("ann@example.ch").unwrap().unwrap();
    let token = crate::auth::random_token().unwrap();
    store
        .add_token(user.id, &crate::auth::token_hash(&token), "test")
        .unwrap();
    drop(store);
    run(async {
        let request = Request::get("/api/v1/imports")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        let (status, _, body) = site.send(request).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(json.is_array() || json["imports"].is_array(), "{json}");
    });
}

#[test]
fn a_request_that_waits_too_long_for_the_base_is_told_to_come_back() {
    let site = Site::new(PoolLimits {
        size: 1,
        wait: Duration::from_millis(200),
    });
    // Someone holds the only connection (a long export, say).
    let held = site.state.pool.get().unwrap();
    run(async {
        let (status, headers, body) = site.get("/healthz").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert_eq!(headers[header::RETRY_AFTER], "2");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["error"]["code"], "busy", "{json}");
        assert!(
            json["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("busy")),
            "{json}"
        );
    });
    drop(held);
    run(async {
        assert_eq!(site.get("/healthz").await.0, StatusCode::OK);
    });
}

#[test]
fn sign_in_takes_the_right_password_and_only_same_site_paths() {
    let site = Site::new(PoolLimits::default());
    run(async {
        let (status, headers, _) = site.get("/login").await;
        assert_eq!(status, StatusCode::OK);
        let set = headers[header::SET_COOKIE].to_str().unwrap().to_string();
        let token = set
            .strip_prefix("intake_login_csrf=")
            .and_then(|rest| rest.split(';').next())
            .unwrap()
            .to_string();
        let login = |password: &str, next: &str| {
            let body =
                format!("email=ann%40example.ch&password={password}&csrf={token}&next={next}");
            Request::post("/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, format!("intake_login_csrf={token}"))
                .body(Body::from(body))
                .unwrap()
        };
        let (status, headers, _) = site.send(login("wrong", "%2Fcontacts")).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers[header::LOCATION], "/login?failed=1&next=/contacts");
        // A next that leads to another site is not followed.
        let (status, headers, _) = site
            .send(login("right+horse", "%2F%09%2Fevil.example"))
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers[header::LOCATION], "/");
        assert!(
            headers[header::SET_COOKIE]
                .to_str()
                .unwrap()
                .contains("HttpOnly")
        );
    });
}
