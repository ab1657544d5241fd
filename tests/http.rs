//! A small HTTP/1.1 client for the server tests (one request per
//! connection), and the server under test: the real binary on a free port.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::util::Env;

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}), status {}: {}", self.status, self.text()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The value a `Set-Cookie` gives `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .filter_map(|(_, v)| v.split(';').next())
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }
}

/// A request.
pub struct Request {
    pub(crate) method: &'static str,
    pub(crate) path: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Request {
    pub fn get(path: &str) -> Request {
        Request {
            method: "GET",
            path: path.into(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn post(path: &str) -> Request {
        Request {
            method: "POST",
            ..Request::get(path)
        }
    }

    pub fn header(mut self, k: &str, v: &str) -> Request {
        self.headers.push((k.into(), v.into()));
        self
    }

    pub fn bearer(self, token: &str) -> Request {
        self.header("Authorization", &format!("Bearer {token}"))
    }

    pub fn form(mut self, fields: &[(&str, &str)]) -> Request {
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        self.body = body.join("&").into_bytes();
        self.header("Content-Type", "application/x-www-form-urlencoded")
    }

    /// A JSON body.
    pub fn json(mut self, value: &serde_json::Value) -> Request {
        self.body = value.to_string().into_bytes();
        self.header("Content-Type", "application/json")
    }

    pub fn delete(path: &str) -> Request {
        Request {
            method: "DELETE",
            ..Request::get(path)
        }
    }

    /// A multipart form: text fields, and a file (`file`, its name, bytes).
    pub fn multipart(mut self, fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Request {
        let boundary = "----intake-test-boundary-7d1f";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        if let Some((name, bytes)) = file {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.body = body;
        self.header(
            "Content-Type",
            &format!("multipart/form-data; boundary={boundary}"),
        )
    }
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Sends a request and reads the whole answer.
pub fn send(port: u16, req: Request) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to the server");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    let mut head = format!(
        "{} {} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        req.method,
        req.path,
        req.body.len()
    );
    for (k, v) in &req.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    // A server that refuses early (413) may close before reading it all.
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&req.body);
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).expect("status line");
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("header line");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let length = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok());
    let mut raw = Vec::new();
    match length {
        // Some servers (chromedriver) keep the connection open anyway.
        Some(n) => {
            raw.resize(n, 0);
            let _ = reader.read_exact(&mut raw);
        }
        None => {
            let _ = reader.read_to_end(&mut raw);
        }
    }
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let body = if chunked { dechunk(&raw) } else { raw };
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&raw[..end])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 || raw.len() < end + 2 + size {
            break;
        }
        out.extend_from_slice(&raw[end + 2..end + 2 + size]);
        raw = &raw[(end + 2 + size + 2).min(raw.len())..];
    }
    out
}

/// `intake serve` on a free port, killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
}

impl Server {
    /// Starts the server of `env` with extra arguments and environment.
    pub fn start(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> Server {
        Server::start_to(env, args, vars, Stdio::inherit())
    }

    /// Starts the server of `env` with its stderr written to `log` (what
    /// it tells the operator).
    pub fn start_logged(env: &Env, args: &[&str], log: &std::path::Path) -> Server {
        let file = std::fs::File::create(log).expect("server log file");
        Server::start_to(env, args, &[], Stdio::from(file))
    }

    fn start_to(env: &Env, args: &[&str], vars: &[(&str, &str)], stderr: Stdio) -> Server {
        let mut cmd = env.command();
        cmd.args(["serve", "--addr", "127.0.0.1:0"]).args(args);
        if !args.contains(&"--workers") {
            cmd.args(["--workers", "2"]);
        }
        cmd.env_remove("INTAKE_LANG")
            .stdout(Stdio::piped())
            .stderr(stderr);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start intake serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the listening line");
        let port = line
            .trim()
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Server { child, port }
    }

    pub fn send(&self, req: Request) -> Response {
        send(self.port, req)
    }

    /// Polls an import through the API until it ends; returns its document.
    pub fn wait_for(&self, token: &str, id: i64) -> serde_json::Value {
        Client::wait_for(self, token, id)
    }
}

impl Client for Server {
    fn send(&self, req: Request) -> Response {
        send(self.port, req)
    }
}

/// What answers the tests' requests: the server on a socket ([`Server`]) or
/// the application in-process ([`crate::app::App`]).
pub trait Client {
    /// Sends a request and reads the whole answer.
    fn send(&self, req: Request) -> Response;

    /// Polls an import through the API until it ends; returns its document.
    fn wait_for(&self, token: &str, id: i64) -> serde_json::Value {
        let start = Instant::now();
        loop {
            let doc = self
                .send(Request::get(&format!("/api/v1/imports/{id}")).bearer(token))
                .json();
            if doc["progress"]["finished"] == serde_json::Value::Bool(true) {
                return doc;
            }
            assert!(
                start.elapsed() < Duration::from_secs(240),
                "import {id} did not end: {doc}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Adds a user with a password, and returns an API token for them.
pub fn user_with_token(env: &Env, email: &str, role: &str, institution: Option<&str>) -> String {
    let mut args = vec!["users", "add", email, "--role", role];
    if let Some(code) = institution {
        args.extend_from_slice(&["--institution", code]);
    }
    let out = env
        .command()
        .args(&args)
        .env("INTAKE_PASSWORD", "a long enough password")
        .output()
        .expect("users add");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = env.run(&["tokens", "create", "--user", email]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout.trim().to_string()
}

/// Whether a tool the tests need is missing, said loudly; under
/// INTAKE_TEST_REQUIRE_ALL (CI sets it) a missing tool fails the test.
pub fn missing(what: &str, present: bool) -> bool {
    if present {
        return false;
    }
    assert!(
        std::env::var_os("INTAKE_TEST_REQUIRE_ALL").is_none(),
        "{what} is required (INTAKE_TEST_REQUIRE_ALL is set)"
    );
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {what} is not installed");
    true
}
