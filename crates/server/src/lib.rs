//! The web application of intake: the box-office flow in a browser, a REST
//! API with its OpenAPI document, and the workers that run imports from the
//! durable queue in the store.
//!
//! A thin shell over [`intake_engine`]: handlers check who asks and what,
//! hand the work to the engine or the store on a blocking thread, and turn
//! the answer into a page or JSON. No import logic lives here.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod api;
#[cfg(test)]
mod app_tests;
pub mod auth;
mod error;
mod jobs;
mod mail;
mod pages;
mod pool;
mod shared;
mod view;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::response::Response;
use intake_store::Store;

use error::AppError;
pub use error::ServerError;
use jobs::Jobs;
pub use pool::PoolLimits;
use pool::StorePool;

/// How the server runs (`intake serve`).
#[derive(Clone, Debug)]
pub struct Config {
    /// The contact base (`--db`): a SQLite file or a `postgres://` URL.
    pub db: String,
    /// Where to listen; port 0 picks a free one.
    pub addr: SocketAddr,
    /// Where uploaded files are kept while and after they are imported.
    pub data_dir: PathBuf,
    /// Import workers (default: the number of cores).
    pub workers: usize,
    /// The largest upload, in bytes.
    pub upload_limit: u64,
    /// SMTP server for end-of-import emails (`smtp://host:port`,
    /// `smtps://user:pass@host`); none hides the option.
    pub smtp_url: Option<String>,
    /// The sender of those emails.
    pub smtp_from: String,
    /// The address people reach the server at, for links in emails (and
    /// `https://` makes the session cookie Secure).
    pub public_url: Option<String>,
    /// How long a job's claim holds without being renewed: this server
    /// renews the leases of the jobs it runs every quarter of it, and takes
    /// back (at the same pace) the jobs of a server whose lease ran out or
    /// whose process died.
    pub lease: std::time::Duration,
    /// The store connections requests may hold at once, and how long a
    /// request waits for one before a 503.
    pub pool: PoolLimits,
}

/// What every handler shares: the configuration, the connections to the
/// store, the running jobs and the page templates. Made by
/// [`AppState::new`]; [`app`] routes requests over it.
pub struct AppState {
    pub(crate) config: Config,
    pub(crate) pool: StorePool,
    pub(crate) jobs: Arc<Jobs>,
    pub(crate) views: view::Views,
}

impl AppState {
    /// Makes the folders for uploads, opens the store (migrating it) and
    /// puts back in the queue the jobs a killed server left. Blocking:
    /// call it before the runtime, or on a blocking thread.
    ///
    /// # Errors
    ///
    /// When the folders cannot be made or the store cannot be opened.
    pub fn new(config: Config) -> Result<Arc<AppState>, ServerError> {
        for folder in ["uploads", "tmp"] {
            std::fs::create_dir_all(config.data_dir.join(folder)).map_err(|e| {
                ServerError::DataDir {
                    path: config.data_dir.clone(),
                    reason: e.to_string(),
                }
            })?;
        }
        let pool = StorePool::new(config.db.clone(), config.pool);
        let mut store = pool.open()?;
        jobs::recover(store.as_mut())?;
        drop(store);
        Ok(Arc::new(AppState {
            pool,
            jobs: Arc::new(Jobs::default()),
            views: view::Views::new(),
            config,
        }))
    }

    /// Runs store work on a blocking thread with a pooled connection.
    pub(crate) async fn store<T, F>(self: &Arc<Self>, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Store) -> Result<T, AppError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut pooled = state.pool.get()?;
            let store = pooled
                .store()
                .ok_or_else(|| AppError::Internal("a pooled connection was discarded".into()))?;
            let result = f(store);
            if let Err(AppError::Internal(_)) = &result {
                pooled.discard();
            }
            result
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
    }

    /// The link base for emails: the public URL, else the listening address.
    pub(crate) fn public_url(&self) -> String {
        match &self.config.public_url {
            Some(u) => u.trim_end_matches('/').to_string(),
            None => format!("http://{}", self.config.addr),
        }
    }

    /// Whether cookies must be Secure (served over TLS behind a proxy).
    pub(crate) fn secure_cookies(&self) -> bool {
        self.config
            .public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}

/// Runs the server until it is stopped (Ctrl-C or SIGTERM): binds the
/// address, prints `listening on http://ADDR` on stdout once it listens,
/// and [`run`]s.
///
/// # Errors
///
/// When the store cannot be opened or the address cannot be bound.
pub fn serve(config: Config) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ServerError::Runtime(e.to_string()))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|e| ServerError::Bind {
                addr: config.addr,
                reason: e.to_string(),
            })?;
        run(listener, config, shutdown_signal()).await
    })
}

/// Serves `listener` until `shutdown` completes: opens the store (see
/// [`AppState::new`]), starts the import workers, the keeper of their
/// leases and the retention thread, answers requests with [`app`], then
/// stops the workers and waits for them. Prints `listening on
/// http://ADDR` on stdout once it answers.
///
/// # Errors
///
/// When the store cannot be opened, or serving fails.
pub async fn run(
    listener: tokio::net::TcpListener,
    mut config: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    config.addr = listener
        .local_addr()
        .map_err(|e| ServerError::Runtime(e.to_string()))?;
    let state = tokio::task::spawn_blocking(move || AppState::new(config))
        .await
        .map_err(|e| ServerError::Runtime(e.to_string()))??;
    let workers = Workers::start(&state);
    println!("listening on http://{}", state.config.addr);
    let served = axum::serve(
        listener,
        app(state.clone()).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    let _ = tokio::task::spawn_blocking(move || workers.stop()).await;
    // The pooled PostgreSQL clients own a runtime of their own, which
    // must not be dropped on an async thread.
    let _ = tokio::task::spawn_blocking(move || drop(state)).await;
    served.map_err(|e| ServerError::Runtime(e.to_string()))
}

/// The threads that work for a server beside its requests: the import
/// workers ([`Config::workers`] of them), the keeper of their leases and
/// the retention thread. [`run`] starts and stops them; a test that
/// answers requests in-process with [`app`] starts them itself.
pub struct Workers {
    jobs: Arc<Jobs>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Workers {
    /// Starts the threads over `state`.
    pub fn start(state: &Arc<AppState>) -> Workers {
        let mut threads = jobs::start(state.clone());
        threads.extend(jobs::start_keeper(state.clone()));
        threads.extend(jobs::start_retention(state.clone()));
        Workers {
            jobs: state.jobs.clone(),
            threads,
        }
    }

    /// Tells the threads to stop and waits for them: a worker ends the
    /// import it runs, then takes no other. Blocking.
    pub fn stop(self) {
        self.jobs.stop();
        for thread in self.threads {
            let _ = thread.join();
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// The web application: the pages, the REST API under `/api/v1` and
/// `/healthz`, every answer with the security headers, uploads bounded.
/// The sign-in form reads the client's address (`ConnectInfo`): serve it
/// with `into_make_service_with_connect_info`, or in a test add
/// `axum::extract::connect_info::MockConnectInfo`.
pub fn app(state: Arc<AppState>) -> Router {
    // The multipart body may be a little larger than the file itself.
    let body_limit = usize::try_from(state.config.upload_limit)
        .unwrap_or(usize::MAX)
        .saturating_add(1 << 20);
    Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .route("/healthz", axum::routing::get(healthz))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// What every answer tells the browser, unless a handler said otherwise:
/// run only this site's own script and styles (the pages have none
/// inline), from this site, and let no other site frame a page (also
/// said the old way, for browsers without `frame-ancestors`); take a file
/// for the type it is served as; tell other sites nothing of where a link
/// was followed from.
const SECURITY_HEADERS: [(header::HeaderName, &str); 4] = [
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'; object-src 'none'",
    ),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "same-origin"),
];

async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers
            .entry(name)
            .or_insert(header::HeaderValue::from_static(value));
    }
    response
}

async fn healthz(
    axum::extract::State(state): axum::extract::State<Arc<AppState>>,
) -> Result<&'static str, AppError> {
    state.store(|s| Ok(s.institution().map(|_| ())?)).await?;
    Ok("ok")
}
