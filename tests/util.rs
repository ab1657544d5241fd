//! Runs the real `intake` binary in a scratch folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Env {
    pub dir: tempfile::TempDir,
    /// The `--db` of every command: a PostgreSQL URL, or none (./intake.db).
    pub db: Option<String>,
    /// The PostgreSQL schema this test works in, dropped at the end.
    schema: Option<(String, String)>,
}

/// Which store a test body runs against.
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The variable that names the PostgreSQL server for the tests (CI sets it).
pub const POSTGRES_VAR: &str = "INTAKE_TEST_POSTGRES_URL";

fn loud(message: &str) {
    use std::io::Write;
    // io::stderr() is not captured by the test harness: a skip is seen.
    let _ = writeln!(std::io::stderr(), "{message}");
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some((url, schema)) = &self.schema
            && let Ok(mut client) = postgres::Client::connect(url, postgres::NoTls)
        {
            let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
        }
    }
}

/// Runs a test body against SQLite and, when INTAKE_TEST_POSTGRES_URL is set,
/// against PostgreSQL: one body, two tests.
#[macro_export]
macro_rules! store_test {
    ($name:ident, |$env:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[test]
            fn sqlite() {
                let $env = $crate::util::Env::with($crate::util::Backend::Sqlite).expect("sqlite");
                $body
            }
            #[test]
            fn postgres() {
                let Some($env) = $crate::util::Env::with($crate::util::Backend::Postgres) else {
                    return;
                };
                $body
            }
        }
    };
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

impl Env {
    /// A scratch folder with a SQLite base.
    pub fn new() -> Env {
        Env::with(Backend::Sqlite).expect("sqlite")
    }

    /// A scratch folder and a base of that kind; `None` (said loudly) when
    /// PostgreSQL is asked for and INTAKE_TEST_POSTGRES_URL is not set.
    pub fn with(backend: Backend) -> Option<Env> {
        let dir = tempfile::tempdir().expect("temp dir");
        match backend {
            Backend::Sqlite => Some(Env {
                dir,
                db: None,
                schema: None,
            }),
            Backend::Postgres => {
                let Some(url) = std::env::var(POSTGRES_VAR).ok().filter(|u| !u.is_empty()) else {
                    loud(&format!(
                        "SKIPPED on PostgreSQL: {POSTGRES_VAR} is not set (e.g. postgres://postgres@127.0.0.1/test)"
                    ));
                    return None;
                };
                static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
                let schema = format!(
                    "intake_test_{}_{}",
                    std::process::id(),
                    NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
                );
                let mut client = postgres::Client::connect(&url, postgres::NoTls)
                    .unwrap_or_else(|e| panic!("{POSTGRES_VAR}={url}: {e}"));
                client
                    .batch_execute(&format!(
                        "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
                    ))
                    .expect("create schema");
                let sep = if url.contains('?') { '&' } else { '?' };
                let db = format!("{url}{sep}options=-csearch_path%3D{schema}");
                Some(Env {
                    dir,
                    db: Some(db),
                    schema: Some((url, schema)),
                })
            }
        }
    }

    /// Runs SQL statements on the test's base, as an administrator of the
    /// database would.
    pub fn sql(&self, statements: &str) {
        match &self.db {
            Some(url) => {
                let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connect");
                client.batch_execute(statements).expect("sql");
            }
            None => {
                let conn = rusqlite::Connection::open(self.path("intake.db")).expect("open");
                conn.execute_batch(statements).expect("sql");
            }
        }
    }

    /// The first column of the first row of a query on the test's base, as
    /// text.
    pub fn sql_value(&self, query: &str) -> String {
        match &self.db {
            Some(url) => {
                let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connect");
                let row = client
                    .query_one(&format!("SELECT ({query})::text"), &[])
                    .expect("sql");
                row.get::<_, Option<String>>(0).unwrap_or_default()
            }
            None => {
                let conn = rusqlite::Connection::open(self.path("intake.db")).expect("open");
                conn.query_row(&format!("SELECT CAST(({query}) AS TEXT)"), [], |r| {
                    r.get::<_, Option<String>>(0)
                })
                .expect("sql")
                .unwrap_or_default()
            }
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, content).expect("write fixture");
        p
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_intake"));
        cmd.current_dir(self.dir.path())
            .env_remove("INTAKE_DB")
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("TZ", "UTC")
            // English unless a test says --lang.
            .env("INTAKE_LANG", "en");
        if let Some(db) = &self.db {
            cmd.env("INTAKE_DB", db);
        }
        cmd
    }

    /// Runs `intake --lang en ARGS` in the scratch folder (base ./intake.db).
    pub fn run(&self, args: &[&str]) -> Run {
        let out = self.command().args(args).output().expect("run intake");
        to_run(out)
    }

    /// `intake import FILE --report json ARGS`, which must exit 0.
    pub fn import_json(&self, file: &Path, extra: &[&str]) -> serde_json::Value {
        let file = file.to_str().expect("utf-8 path");
        let mut args = vec!["import"];
        if !file.is_empty() {
            args.push(file);
        }
        args.extend_from_slice(&["--report", "json"]);
        args.extend_from_slice(extra);
        let run = self.run(&args);
        assert_eq!(run.code, 0, "import failed: {}", run.stderr);
        run.json()
    }

    /// `intake contacts list --format json ARGS`.
    pub fn contacts(&self, extra: &[&str]) -> Vec<serde_json::Value> {
        let mut args = vec!["contacts", "list", "--format", "json"];
        args.extend_from_slice(extra);
        let run = self.run(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.json().as_array().cloned().unwrap_or_default()
    }
}

pub fn to_run(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `(row, [codes])` of a report, for compact assertions.
pub fn findings(report: &serde_json::Value) -> Vec<(u64, String, Vec<String>)> {
    report["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    (
                        r["row"].as_u64().unwrap_or(0),
                        r["outcome"].as_str().unwrap_or("").to_string(),
                        r["issues"]
                            .as_array()
                            .map(|i| {
                                i.iter()
                                    .map(|x| x["code"].as_str().unwrap_or("").to_string())
                                    .collect()
                            })
                            .unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

impl Env {
    /// Runs `intake ARGS` and measures the process's own peak resident
    /// memory, in KiB: its `VmHWM`, read from `/proc` while it runs. (Its
    /// `ru_maxrss` from `wait4` also counts the memory of this test
    /// process, which the child shares until it executes intake: every
    /// test of the binary running beside it weighed in; it is the answer
    /// only where `/proc` gave none.)
    // The child is reaped by wait4 itself, which also gives its usage.
    #[allow(clippy::zombie_processes)]
    pub fn run_measured(&self, args: &[&str]) -> (Run, u64) {
        use std::io::Read;
        use std::process::Stdio;
        let mut child = self
            .command()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run intake");
        let watched = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let watcher = {
            let (watched, pid) = (watched.clone(), child.id());
            std::thread::spawn(move || {
                let mut peak = 0u64;
                while watched.load(std::sync::atomic::Ordering::Relaxed) {
                    peak = peak.max(high_water_mark(pid).unwrap_or(0));
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                peak
            })
        };
        let mut out = child.stdout.take().expect("stdout");
        let mut err = child.stderr.take().expect("stderr");
        let reader = std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = out.read_to_end(&mut s);
            s
        });
        let mut stderr = Vec::new();
        let _ = err.read_to_end(&mut stderr);
        let stdout = reader.join().unwrap_or_default();
        let pid = child.id() as libc::pid_t;
        let mut status = 0;
        // SAFETY: wait4 writes the exit status and the usage of the child
        // it reaps into the two locals, which outlive the call.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        assert_eq!(reaped, pid, "wait4");
        let code = if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            128 + libc::WTERMSIG(status)
        };
        let run = Run {
            code,
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        };
        watched.store(false, std::sync::atomic::Ordering::Relaxed);
        let seen = watcher.join().unwrap_or(0);
        (
            run,
            if seen > 0 {
                seen
            } else {
                usage.ru_maxrss as u64
            },
        )
    }
}

/// The peak resident memory of process `pid` once it runs intake (before,
/// it may still be a copy of this process), in KiB.
fn high_water_mark(pid: u32) -> Option<u64> {
    let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).ok()?;
    if comm.trim() != "intake" {
        return None;
    }
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
