//! The web application answered in-process, the way axum's examples test
//! theirs (`tower::ServiceExt::oneshot`): the same requests as the tests on
//! a socket, no socket and no second process. The import workers run as
//! threads beside it, as in `intake serve`. The tests that need a real
//! socket (a killed server, the CLI beside it, SMTP, a browser) keep
//! [`crate::http::Server`].

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use intake_server::{AppState, Config, PoolLimits, Workers};
use tower::ServiceExt;

use crate::http::{Client, Request, Response};
use crate::util::Env;

/// The application over the base of an [`Env`], with its workers.
pub struct App {
    runtime: tokio::runtime::Runtime,
    router: axum::Router,
    workers: Option<Workers>,
    state: Option<Arc<AppState>>,
}

impl App {
    /// The application as `intake serve ARGS` would make it over `env`'s
    /// base (2 workers unless `--workers` says; `--upload-limit-mb`).
    pub fn start(env: &Env, args: &[&str]) -> App {
        let flag = |name: &str| {
            args.iter()
                .position(|a| *a == name)
                .and_then(|i| args.get(i + 1))
                .map(|v| v.parse::<u64>().expect("a number"))
        };
        let db = env
            .db
            .clone()
            .unwrap_or_else(|| env.path("intake.db").display().to_string());
        let config = Config {
            db,
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: env.path("intake-data"),
            workers: flag("--workers").unwrap_or(2) as usize,
            upload_limit: flag("--upload-limit-mb").unwrap_or(200) * 1024 * 1024,
            smtp_url: None,
            smtp_from: "intake@localhost".into(),
            public_url: None,
            lease: Duration::from_secs(120),
            pool: PoolLimits::default(),
        };
        // Workbooks read whole are read by the `intake` binary in a process
        // of its own, as `intake serve` does (this program is the tests').
        intake_source::isolated::read_whole_workbooks_with(
            env!("CARGO_BIN_EXE_intake").into(),
            vec!["read-workbook".into()],
        );
        let state = AppState::new(config).expect("the application's state");
        let workers = Workers::start(&state);
        let router = intake_server::app(state.clone())
            .layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        App {
            runtime,
            router,
            workers: Some(workers),
            state: Some(state),
        }
    }

    pub fn send(&self, req: Request) -> Response {
        Client::send(self, req)
    }

    pub fn wait_for(&self, token: &str, id: i64) -> serde_json::Value {
        Client::wait_for(self, token, id)
    }
}

impl Client for App {
    fn send(&self, req: Request) -> Response {
        let mut builder = axum::http::Request::builder()
            .method(req.method)
            .uri(&req.path)
            .header("Host", "127.0.0.1:8080")
            .header("Content-Length", req.body.len());
        for (k, v) in &req.headers {
            builder = builder.header(k, v);
        }
        let request = builder.body(Body::from(req.body)).expect("a request");
        let router = self.router.clone();
        self.runtime.block_on(async move {
            let response = router.oneshot(request).await.expect("infallible");
            let (parts, body) = response.into_parts();
            let body = axum::body::to_bytes(body, usize::MAX)
                .await
                .expect("the whole body")
                .to_vec();
            let headers = parts
                .headers
                .iter()
                .map(|(k, v)| {
                    let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
                    (k.as_str().to_string(), v)
                })
                .collect();
            Response {
                status: parts.status.as_u16(),
                headers,
                body,
            }
        })
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if let Some(workers) = self.workers.take() {
            workers.stop();
        }
        // The pooled PostgreSQL clients own a runtime of their own: dropped
        // here, outside this one.
        drop(self.state.take());
    }
}
