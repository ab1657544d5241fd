//! Runs the real `intake` binary in a scratch folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Env {
    pub dir: tempfile::TempDir,
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
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
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
        let mut args = vec!["import", file, "--report", "json"];
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
