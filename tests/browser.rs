//! The box-office flow in a real browser: Debian's headless Chromium driven
//! through chromedriver (W3C WebDriver), against the real server. Saves
//! screenshots in target/screenshots/.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::http::{Request, Server, missing, send, user_with_token};
use crate::util::Env;

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Browser {
    driver: Child,
    port: u16,
    session: String,
}

impl Browser {
    fn start(profile: &Path) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                         "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--lang=fr",
                         "--window-size=1280,1000",
                         format!("--user-data-dir={}", profile.display())],
                "prefs": {"intl.accept_languages": "fr-CH,fr"}
            }
        }}});
        let res = send(port, Request::post("/session").json(&caps)).json();
        let session = res["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {res}"))
            .to_string();
        Browser {
            driver,
            port,
            session,
        }
    }

    fn call(&self, req: Request) -> Value {
        let res = send(self.port, req).json();
        assert!(res["value"]["error"].is_null(), "webdriver: {res}");
        res["value"].clone()
    }

    fn path(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    fn go(&self, url: &str) {
        self.call(Request::post(&self.path("/url")).json(&json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.call(Request::get(&self.path("/url")))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn find(&self, css: &str) -> Option<String> {
        let res = send(
            self.port,
            Request::post(&self.path("/element"))
                .json(&json!({"using": "css selector", "value": css})),
        )
        .json();
        res["value"][ELEMENT].as_str().map(String::from)
    }

    /// Waits for an element.
    fn wait(&self, css: &str) -> String {
        let start = Instant::now();
        loop {
            if let Some(e) = self.find(css) {
                return e;
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "no {css} on {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn type_in(&self, css: &str, text: &str) {
        let e = self.wait(css);
        self.call(
            Request::post(&self.path(&format!("/element/{e}/value"))).json(&json!({"text": text})),
        );
    }

    fn click(&self, css: &str) {
        let e = self.wait(css);
        self.call(Request::post(&self.path(&format!("/element/{e}/click"))).json(&json!({})));
    }

    /// Reads from an element, again when the page was reloaded between
    /// finding it and reading it.
    fn read(&self, css: &str, what: &str) -> String {
        let start = Instant::now();
        loop {
            let e = self.wait(css);
            let url = self.path(&format!("/element/{e}/{what}"));
            let res = send(self.port, Request::get(&url)).json();
            if res["value"]["error"].is_null() {
                return res["value"].as_str().unwrap_or_default().to_string();
            }
            assert!(
                res["value"]["error"] == "stale element reference"
                    && start.elapsed() < Duration::from_secs(30),
                "webdriver: {res}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn text(&self, css: &str) -> String {
        self.read(css, "text")
    }

    /// Waits until an element reads `expected` (a form sent, the next page
    /// loads); returns what it last read.
    fn text_becomes(&self, css: &str, expected: &str) -> String {
        let start = Instant::now();
        loop {
            let text = self.text(css);
            if text == expected || start.elapsed() > Duration::from_secs(30) {
                return text;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn attribute(&self, css: &str, name: &str) -> String {
        self.read(css, &format!("attribute/{name}"))
    }

    /// Runs a script in the page; `None` while the page is changing.
    fn script(&self, script: &str) -> Option<Value> {
        let res = send(
            self.port,
            Request::post(&self.path("/execute/sync")).json(&json!({"script": script, "args": []})),
        )
        .json();
        res["value"]["error"]
            .is_null()
            .then(|| res["value"].clone())
    }

    fn cookie(&self, name: &str) -> String {
        self.call(Request::get(&self.path(&format!("/cookie/{name}"))))["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        let b64 = self.call(Request::get(&self.path("/screenshot")));
        let png = base64_decode(b64.as_str().unwrap_or_default());
        assert!(png.starts_with(b"\x89PNG"), "not a PNG");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("save screenshot");
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = send(self.port, Request::delete(&self.path("")));
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[test]
fn a_box_office_user_imports_a_file_in_the_browser() {
    let present = Path::new("/usr/bin/chromium").exists()
        && Command::new("chromedriver")
            .arg("--version")
            .output()
            .is_ok();
    if missing("Debian's chromium and chromium-driver", present) {
        return;
    }
    let env = Env::new();
    user_with_token(&env, "anna@theatre.example", "staff", None);
    let server = Server::start(&env, &[], &[]);
    let file = env.path("saison.csv");
    let run = env.run(&[
        "generate",
        "--rows",
        "120000",
        "--faults",
        "5%",
        "--dup",
        "3%",
        "-o",
        file.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let base = format!("http://127.0.0.1:{}", server.port);
    let browser = Browser::start(&env.path("chromium-profile"));

    // Signs in (the page speaks the browser's French).
    browser.go(&format!("{base}/"));
    assert!(browser.url().contains("/login"), "{}", browser.url());
    assert_eq!(browser.text("h1"), "Connexion");
    browser.type_in("#email", "anna@theatre.example");
    browser.type_in("#password", "a long enough password");
    // (The language switch's buttons come first on the page.)
    browser.click("form[action=\"/login\"] button[type=submit]");
    assert_eq!(
        browser.text_becomes("h1", "Importer des contacts"),
        "Importer des contacts"
    );

    // Chooses the file, names the import, sends it.
    browser.type_in("#file", file.to_str().expect("utf-8"));
    browser.type_in("#name", "Saison 2026");
    browser.screenshot("1-upload");
    browser.click("#submit");

    // Watches it run, to the end.
    let start = Instant::now();
    while !browser.url().contains("/imports/") {
        assert!(start.elapsed() < Duration::from_secs(60), "no import page");
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut running_shot = false;
    let mut seen = Vec::new();
    loop {
        // One read of the page's state (the page reloads itself at the end).
        let state = browser.script(
            "var s = document.getElementById('status'), p = document.getElementById('progress-text');
             return s && p ? [s.className, p.textContent.trim()] : null;",
        );
        if let Some(Value::Array(v)) = state {
            let status = v[0].as_str().unwrap_or_default().to_string();
            let progress = v[1].as_str().unwrap_or_default().to_string();
            if status.contains("completed") {
                break;
            }
            if !running_shot && status.contains("running") && !progress.starts_with("0 ") {
                browser.screenshot("2-running");
                running_shot = true;
            }
            seen.push(status);
        }
        assert!(
            start.elapsed() < Duration::from_secs(240),
            "the import did not end: {:?}",
            &seen[seen.len().saturating_sub(5)..]
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(browser.text("#status"), "terminée");
    assert_eq!(browser.attribute("#bar", "value"), "1000");

    // Reads the log: conflicts, in French.
    let id = browser
        .url()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string();
    browser.go(&format!("{base}/imports/{id}?category=conflict"));
    let log = browser.text("#log");
    assert!(log.contains("[Conflit]"), "{log}");
    browser.screenshot("3-log");

    // Downloads the rejects with the browser's session.
    let href = browser.attribute("#rejects", "href");
    let session = browser.cookie("intake_session");
    let path = href.strip_prefix(&base).unwrap_or(&href).to_string();
    let rejects =
        server.send(Request::get(&path).header("Cookie", &format!("intake_session={session}")));
    assert_eq!(rejects.status, 200);
    assert!(
        rejects
            .header("content-disposition")
            .unwrap_or("")
            .contains("rejects.csv")
    );
    let lines = rejects.text().lines().count();
    assert!(lines > 1000, "{lines} lines in the rejects file");
    assert!(
        running_shot || std::env::var_os("INTAKE_TEST_REQUIRE_ALL").is_none(),
        "never saw it running"
    );
}
