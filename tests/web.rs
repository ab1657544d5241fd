//! The web application, both stores: most tests answered in-process
//! ([`App`]); those that need a real server (killed and restarted, an SMTP
//! server, the command line beside it) start `intake serve` on a free port.

use std::time::Duration;

use crate::app::App;
use crate::http::{Client, Request, Response, Server, user_with_token};
use crate::util::Env;

pub(crate) const PASSWORD: &str = "a long enough password";

/// A file with faults: rejected rows, in-file duplicates.
pub(crate) fn faulty_file(env: &Env, rows: u64) -> Vec<u8> {
    let path = env.path("faulty.csv");
    let run = env.run(&[
        "generate",
        "--rows",
        &rows.to_string(),
        "--faults",
        "10%",
        "--dup",
        "5%",
        "-o",
        path.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::read(path).expect("generated file")
}

pub(crate) fn upload(
    server: &impl Client,
    token: &str,
    name: &str,
    bytes: &[u8],
    fields: &[(&str, &str)],
) -> Response {
    server.send(
        Request::post("/api/v1/imports")
            .bearer(token)
            .multipart(fields, Some((name, bytes))),
    )
}

/// The value of the first `name="csrf" value="…"` of a page.
pub(crate) fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field");
    let rest = &html[at + "name=\"csrf\" value=\"".len()..];
    rest[..rest.find('"').expect("end of value")].to_string()
}

/// Signs in through the form; returns the session cookie and the CSRF token.
pub(crate) fn sign_in(server: &impl Client, email: &str, lang: &str) -> (String, String) {
    let page = server.send(Request::get("/login").header("Accept-Language", lang));
    assert_eq!(page.status, 200, "{}", page.text());
    let pre = page.cookie("intake_login_csrf").expect("login csrf cookie");
    let res = server.send(
        Request::post("/login")
            .header("Cookie", &format!("intake_login_csrf={pre}"))
            .form(&[
                ("email", email),
                ("password", PASSWORD),
                ("csrf", &pre),
                ("next", "/"),
            ]),
    );
    assert_eq!(res.status, 303, "{}", res.text());
    let session = res.cookie("intake_session").expect("session cookie");
    let home = server.send(
        Request::get("/")
            .header("Cookie", &format!("intake_session={session}"))
            .header("Accept-Language", lang),
    );
    assert_eq!(home.status, 200, "{}", home.text());
    (format!("intake_session={session}"), csrf_of(&home.text()))
}

store_test!(api_import_log_rejects_contacts, |env| {
    let token = user_with_token(&env, "anna@theatre.example", "staff", None);
    let server = App::start(&env, &[]);
    assert_eq!(server.send(Request::get("/healthz")).status, 200);

    let bytes = faulty_file(&env, 1500);
    let res = upload(
        &server,
        &token,
        "spring.csv",
        &bytes,
        &[("name", "Spring 2026")],
    );
    assert_eq!(res.status, 202, "{}", res.text());
    let id = res.json()["id"].as_i64().expect("id");
    assert_eq!(res.json()["url"], format!("/api/v1/imports/{id}"));

    let doc = server.wait_for(&token, id);
    assert_eq!(doc["status"], "completed", "{doc}");
    assert_eq!(doc["name"], "Spring 2026");
    assert_eq!(doc["file_name"], "spring.csv");
    assert_eq!(doc["created_by"], "anna@theatre.example");
    let c = &doc["counts"];
    let n = |k: &str| c[k].as_u64().expect("count");
    assert_eq!(n("rows"), 1500);
    assert!(n("rejected") > 0 && n("skipped") > 0, "{c}");
    assert_eq!(n("created") + n("skipped") + n("rejected"), 1500);
    assert_eq!(doc["progress"]["rows_done"], 1500);
    assert_eq!(doc["progress"]["fraction"], 1.0);
    // The same rows with findings as the command line's report.
    let with_findings = doc["rows"].as_array().expect("rows").len() as u64;
    assert_eq!(with_findings, n("rejected") + n("skipped"));

    // The list, newest first.
    let list = server
        .send(Request::get("/api/v1/imports").bearer(&token))
        .json();
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["status"], "completed");

    // The log, paged and filtered.
    let log = server
        .send(Request::get(&format!("/api/v1/imports/{id}/log?category=conflict")).bearer(&token))
        .json();
    assert_eq!(log["total"].as_u64(), Some(n("skipped")), "{log}");
    let first = &log["lines"][0];
    assert_eq!(first["category"], "conflict");
    assert!(
        first["message"].as_str().unwrap_or("").starts_with("["),
        "{first}"
    );
    let all = server
        .send(Request::get(&format!("/api/v1/imports/{id}/log")).bearer(&token))
        .json();
    assert_eq!(all["lines"].as_array().map(Vec::len), Some(100));
    assert!(all["pages"].as_u64().unwrap_or(0) >= 2, "{}", all["pages"]);
    let page2 = server
        .send(Request::get(&format!("/api/v1/imports/{id}/log?page=2")).bearer(&token))
        .json();
    assert_eq!(page2["lines"][0]["line"], 101);
    let bad =
        server.send(Request::get(&format!("/api/v1/imports/{id}/log?level=loud")).bearer(&token));
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["error"]["code"], "bad_request");

    // The rejects: the file's columns plus the errors, one row per finding row.
    let rejects =
        server.send(Request::get(&format!("/api/v1/imports/{id}/rejects")).bearer(&token));
    assert_eq!(rejects.status, 200);
    assert!(
        rejects
            .header("content-type")
            .unwrap_or("")
            .starts_with("text/csv")
    );
    let text = rejects.text();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().expect("header").clone();
    assert_eq!(
        headers.len(),
        std::str::from_utf8(&bytes)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .split(';')
            .count()
            + 1
    );
    assert_eq!(
        reader.records().count() as u64,
        n("rejected") + n("skipped")
    );

    // Contacts created from it.
    let contacts = server
        .send(
            Request::get("/api/v1/contacts?created_from=Spring%202026&type=INDIVIDUAL")
                .bearer(&token),
        )
        .json();
    assert_eq!(
        contacts.as_array().map(Vec::len),
        Some(n("created") as usize)
    );
    let email = contacts[0]["email"].as_str().expect("email").to_uppercase();
    let one = server
        .send(Request::get(&format!("/api/v1/contacts?email={email}")).bearer(&token))
        .json();
    assert_eq!(one.as_array().map(Vec::len), Some(1));

    // Templates.
    let csv_t = server.send(Request::get("/api/v1/template?format=csv&lang=de").bearer(&token));
    assert_eq!(csv_t.status, 200);
    assert!(csv_t.text().contains("E-Mail"), "{}", csv_t.text());
    let xlsx_t = server.send(Request::get("/api/v1/template?format=xlsx&lang=fr").bearer(&token));
    assert_eq!(xlsx_t.status, 200);
    assert!(xlsx_t.body.starts_with(b"PK"));
    let ext = server.send(Request::get("/api/v1/template?format=csv&extended=true").bearer(&token));
    assert_eq!(ext.status, 200);
    assert!(
        ext.text().contains("contact_number;contact_type;title"),
        "{}",
        ext.text()
    );

    // Errors: JSON, with the right status.
    let no_token = server.send(Request::get("/api/v1/imports"));
    assert_eq!(no_token.status, 401);
    assert_eq!(no_token.json()["error"]["code"], "unauthorized");
    assert_eq!(
        server
            .send(Request::get("/api/v1/imports").bearer("nope"))
            .status,
        401
    );
    let missing = server.send(Request::get("/api/v1/imports/999999").bearer(&token));
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["error"]["code"], "not_found");
    let no_file = server.send(
        Request::post("/api/v1/imports")
            .bearer(&token)
            .multipart(&[("name", "x")], None),
    );
    assert_eq!(no_file.status, 400, "{}", no_file.text());
    let png = upload(
        &server,
        &token,
        "photo.csv",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01",
        &[],
    );
    assert_eq!(png.status, 422, "{}", png.text());
    assert!(
        !png.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .is_empty()
    );
    let mode = upload(
        &server,
        &token,
        "a.csv",
        b"email\na@b.ch\n",
        &[("mode", "obliterate")],
    );
    assert_eq!(mode.status, 422);
    assert!(mode.text().contains("obliterate"));
    let no_email = upload(&server, &token, "a.csv", b"first_name\nAnna\n", &[]);
    assert_eq!(no_email.status, 422, "{}", no_email.text());
    // Nothing of the refused uploads was recorded.
    let list = server
        .send(Request::get("/api/v1/imports").bearer(&token))
        .json();
    assert_eq!(list.as_array().map(Vec::len), Some(1));

    // The OpenAPI document describes every route.
    let spec = server.send(Request::get("/api/v1/openapi.json")).json();
    assert_eq!(spec["openapi"], "3.1.0");
    for path in [
        "/api/v1/imports",
        "/api/v1/imports/{id}",
        "/api/v1/imports/{id}/log",
        "/api/v1/imports/{id}/rejects",
        "/api/v1/imports/{id}/cancel",
        "/api/v1/contacts",
        "/api/v1/template",
    ] {
        assert!(
            spec["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
});

store_test!(a_dry_run_and_cancel_of_a_queued_import, |env| {
    let token = user_with_token(&env, "anna@theatre.example", "staff", None);
    // No worker: imports stay queued until cancelled.
    let server = App::start(&env, &["--workers", "0"]);
    let res = upload(
        &server,
        &token,
        "a.csv",
        b"email\na@b.ch\n",
        &[("dry_run", "true")],
    );
    let id = res.json()["id"].as_i64().expect("id");
    let doc = server
        .send(Request::get(&format!("/api/v1/imports/{id}")).bearer(&token))
        .json();
    assert_eq!(doc["status"], "queued");
    let cancel = server.send(Request::post(&format!("/api/v1/imports/{id}/cancel")).bearer(&token));
    assert_eq!(cancel.status, 202);
    assert_eq!(cancel.json()["status"], "cancelled");
    let doc = server
        .send(Request::get(&format!("/api/v1/imports/{id}")).bearer(&token))
        .json();
    assert_eq!(doc["status"], "cancelled");
    assert_eq!(doc["dry_run"], true);
    drop(server);
    // A server with workers runs a dry run: nothing is written.
    let server = App::start(&env, &[]);
    let res = upload(
        &server,
        &token,
        "b.csv",
        b"email\nb@b.ch\n",
        &[("dry_run", "true")],
    );
    let doc = server.wait_for(&token, res.json()["id"].as_i64().expect("id"));
    assert_eq!(doc["counts"]["created"], 1);
    let contacts = server
        .send(Request::get("/api/v1/contacts").bearer(&token))
        .json();
    assert_eq!(contacts.as_array().map(Vec::len), Some(0));
});

store_test!(tenants_never_see_each_other, |env| {
    let run = env.run(&["institutions", "add", "OPERA", "--name", "Opéra"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let a = user_with_token(&env, "anna@theatre.example", "admin", None);
    let b = user_with_token(&env, "bruno@opera.example", "admin", Some("OPERA"));
    let server = App::start(&env, &[]);
    let id = upload(
        &server,
        &a,
        "a.csv",
        b"email;first_name\nx@y.ch;Xavier\n",
        &[],
    )
    .json()["id"]
        .as_i64()
        .expect("id");
    server.wait_for(&a, id);

    // B gets exactly what a missing import gets.
    for path in [
        format!("/api/v1/imports/{id}"),
        format!("/api/v1/imports/{id}/log"),
        format!("/api/v1/imports/{id}/rejects"),
    ] {
        let theirs = server.send(Request::get(&path).bearer(&b));
        let other = path.replace(&format!("/imports/{id}"), "/imports/987654");
        let missing = server.send(Request::get(&other).bearer(&b));
        assert_eq!(theirs.status, 404, "{path}");
        assert_eq!(theirs.body, missing.body, "{path}");
    }
    let cancel = server.send(Request::post(&format!("/api/v1/imports/{id}/cancel")).bearer(&b));
    assert_eq!(cancel.status, 404);
    assert_eq!(
        server
            .send(Request::get("/api/v1/imports").bearer(&b))
            .json(),
        serde_json::json!([])
    );
    assert_eq!(
        server
            .send(Request::get("/api/v1/contacts").bearer(&b))
            .json(),
        serde_json::json!([])
    );

    // And in pages.
    let (cookie_b, _) = sign_in(&server, "bruno@opera.example", "fr");
    for path in [
        format!("/imports/{id}"),
        format!("/imports/{id}/log/csv"),
        format!("/imports/{id}/events"),
    ] {
        let page = server.send(Request::get(&path).header("Cookie", &cookie_b));
        assert_eq!(page.status, 404, "{path}");
    }
    let contacts = server
        .send(Request::get("/contacts").header("Cookie", &cookie_b))
        .text();
    assert!(!contacts.contains("x@y.ch"));
    let (cookie_a, _) = sign_in(&server, "anna@theatre.example", "fr");
    let page = server.send(Request::get(&format!("/imports/{id}")).header("Cookie", &cookie_a));
    assert_eq!(page.status, 200);

    // A revoked token no longer opens anything.
    let list = env.run(&["tokens", "list"]);
    let token_id = list
        .stdout
        .lines()
        .nth(1)
        .and_then(|l| l.split_whitespace().next())
        .expect("a token");
    assert_eq!(env.run(&["tokens", "revoke", token_id]).code, 0);
    assert_eq!(
        server
            .send(Request::get("/api/v1/imports").bearer(&a))
            .status,
        401
    );
});

#[test]
fn pages_sign_in_csrf_roles_and_languages() {
    let env = Env::new();
    user_with_token(&env, "anna@theatre.example", "admin", None);
    user_with_token(&env, "sam@theatre.example", "staff", None);
    let server = App::start(&env, &[]);

    // Not signed in: to the sign-in page, in the browser's language.
    let home = server.send(Request::get("/"));
    assert_eq!(home.status, 303);
    assert!(home.header("location").unwrap_or("").starts_with("/login"));
    let login = server.send(Request::get("/login").header("Accept-Language", "de-CH,de;q=0.9"));
    assert!(login.text().contains("Anmelden"), "{}", login.text());
    let session_cookie = login
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    assert!(session_cookie.contains("HttpOnly"), "{session_cookie}");

    // A sign-in form without its CSRF cookie is refused.
    let forged = server.send(Request::post("/login").form(&[
        ("email", "anna@theatre.example"),
        ("password", PASSWORD),
        ("csrf", "forged"),
    ]));
    assert_eq!(forged.status, 403);

    let (cookie, csrf) = sign_in(&server, "anna@theatre.example", "fr");
    let page = server.send(
        Request::get("/")
            .header("Cookie", &cookie)
            .header("Accept-Language", "fr"),
    );
    let html = page.text();
    assert!(html.contains("Importer des contacts"), "{html}");
    assert!(html.contains("<html lang=\"fr\">"));

    // Every page renders in every language (a missing message would fail
    // the page).
    for lang in ["fr", "de", "en", "it"] {
        let switch = server.send(Request::post("/lang").header("Cookie", &cookie).form(&[
            ("lang", lang),
            ("back", "/imports"),
            ("csrf", &csrf),
        ]));
        assert_eq!(switch.status, 303);
        assert_eq!(switch.header("location"), Some("/imports"));
        for path in ["/", "/imports", "/contacts", "/users"] {
            let page = server.send(Request::get(path).header("Cookie", &cookie));
            assert_eq!(page.status, 200, "{lang} {path}: {}", page.text());
            assert!(
                page.text().contains(&format!("<html lang=\"{lang}\">")),
                "{lang} {path}"
            );
        }
    }

    // Forms need the session's CSRF token.
    let no_csrf = server.send(
        Request::post("/imports")
            .header("Cookie", &cookie)
            .multipart(&[], Some(("a.csv", b"email\na@b.ch\n"))),
    );
    assert_eq!(no_csrf.status, 403);
    let ok = server.send(
        Request::post("/imports")
            .header("Cookie", &cookie)
            .multipart(&[("csrf", &csrf)], Some(("a.csv", b"email\na@b.ch\n"))),
    );
    assert_eq!(ok.status, 303, "{}", ok.text());
    assert!(ok.header("location").unwrap_or("").starts_with("/imports/"));
    let logout_forged = server.send(
        Request::post("/logout")
            .header("Cookie", &cookie)
            .form(&[("csrf", "x")]),
    );
    assert_eq!(logout_forged.status, 403);

    // Roles: the users page is for admins.
    let (staff, _) = sign_in(&server, "sam@theatre.example", "en");
    assert_eq!(
        server
            .send(Request::get("/users").header("Cookie", &staff))
            .status,
        403
    );
    assert_eq!(
        server
            .send(Request::get("/users").header("Cookie", &cookie))
            .status,
        200
    );

    // Sign out ends the session.
    let out = server.send(
        Request::post("/logout")
            .header("Cookie", &cookie)
            .form(&[("csrf", &csrf)]),
    );
    assert_eq!(out.status, 303);
    assert_eq!(
        server
            .send(Request::get("/imports").header("Cookie", &cookie))
            .status,
        303
    );

    // Wrong passwords: after five, even the right one waits.
    let pre = server
        .send(Request::get("/login"))
        .cookie("intake_login_csrf")
        .expect("cookie");
    let attempt = |password: &str| {
        server.send(
            Request::post("/login")
                .header("Cookie", &format!("intake_login_csrf={pre}"))
                .form(&[
                    ("email", "sam@theatre.example"),
                    ("password", password),
                    ("csrf", &pre),
                ]),
        )
    };
    for _ in 0..5 {
        let r = attempt("wrong password!");
        assert_eq!(r.status, 303);
        assert!(r.header("location").unwrap_or("").contains("failed=1"));
    }
    assert_eq!(attempt(PASSWORD).status, 429);
}

#[test]
fn uploads_above_the_limit_are_refused() {
    let env = Env::new();
    let token = user_with_token(&env, "anna@theatre.example", "staff", None);
    let server = App::start(&env, &["--upload-limit-mb", "1"]);
    let big = vec![b'a'; 2 * 1024 * 1024];
    let res = upload(&server, &token, "big.csv", &big, &[]);
    assert_eq!(res.status, 413, "{}", res.text());
    assert_eq!(res.json()["error"]["code"], "too_large");
    // Nothing of it stays on disk.
    let uploads = env.path("intake-data/uploads");
    let left = std::fs::read_dir(uploads).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0);
}

store_test!(a_killed_server_resumes_its_import, |env| {
    let token = user_with_token(&env, "anna@theatre.example", "staff", None);
    // Big enough that the import is still running well after the first
    // checkpoint, however fast it gets: the kill must land mid-run.
    let mut server = Server::start(&env, &[], &[]);
    let id = big_job_running(&env, &server, &token);
    let _ = server.child.kill();
    let _ = server.child.wait();

    let server = Server::start(&env, &[], &[]);
    let doc = server.wait_for(&token, id);
    assert_eq!(doc["status"], "completed", "{}", doc["counts"]);
    let c = &doc["counts"];
    assert_eq!(c["rows"], 300_000);
    let created = c["created"].as_u64().expect("created");
    let contacts = server
        .send(Request::get("/api/v1/contacts").bearer(&token))
        .json();
    let contacts = contacts.as_array().expect("contacts");
    assert_eq!(contacts.len() as u64, created);
    let mut emails: Vec<String> = contacts
        .iter()
        .map(|c| c["email"].as_str().unwrap_or("").to_lowercase())
        .collect();
    emails.sort();
    emails.dedup();
    assert_eq!(emails.len() as u64, created, "no contact twice");
    let log = server
        .send(Request::get(&format!("/api/v1/imports/{id}/log?category=summary")).bearer(&token))
        .json();
    let messages: Vec<&str> = log["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .filter_map(|l| l["message"].as_str())
        .collect();
    assert!(messages.len() >= 2, "{messages:?}");
});

/// A free port on loopback (bound then released).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The messages an SMTP server got in a Maildir, as (subject, body),
/// decoded by Python's `email` package.
fn maildir_messages(dir: &std::path::Path) -> Vec<(String, String)> {
    let script = r#"
import email, email.policy, json, pathlib, sys
out = []
new = pathlib.Path(sys.argv[1]) / "new"
for f in sorted(new.iterdir()) if new.exists() else []:
    m = email.message_from_bytes(f.read_bytes(), policy=email.policy.default)
    out.append([str(m["subject"]), m.get_body().get_content(), str(m["to"])])
print(json.dumps(out))
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script, dir.to_str().expect("utf-8")])
        .output()
        .expect("python3");
    let list: Vec<(String, String, String)> =
        serde_json::from_slice(&out.stdout).unwrap_or_default();
    list.into_iter().map(|(s, b, _)| (s, b)).collect()
}

#[test]
fn the_end_of_import_email_reaches_a_real_smtp_server() {
    let has_aiosmtpd = std::process::Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .status()
        .is_ok_and(|s| s.success());
    if crate::http::missing("Python's aiosmtpd (pip install aiosmtpd)", has_aiosmtpd) {
        return;
    }
    let env = Env::new();
    let token = user_with_token(&env, "anna@theatre.example", "staff", None);
    let port = free_port();
    let maildir = env.path("maildir");
    let mut smtp = std::process::Command::new("python3")
        .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
        .args([
            "-c",
            "aiosmtpd.handlers.Mailbox",
            maildir.to_str().expect("utf-8"),
        ])
        .spawn()
        .expect("start aiosmtpd");
    // Ready when it accepts connections.
    let start = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "aiosmtpd did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let url = format!("smtp://127.0.0.1:{port}");
    let server = Server::start(
        &env,
        &[
            "--smtp-url",
            &url,
            "--public-url",
            "https://intake.example/",
        ],
        &[("INTAKE_SMTP_FROM", "intake@theatre.example")],
    );
    let bytes = faulty_file(&env, 300);
    let res = server.send(
        Request::post("/api/v1/imports")
            .bearer(&token)
            .header("Accept-Language", "en")
            .multipart(
                &[("name", "Spring"), ("notify", "true")],
                Some(("s.csv", &bytes)),
            ),
    );
    assert_eq!(res.status, 202, "{}", res.text());
    let id = res.json()["id"].as_i64().expect("id");
    let doc = server.wait_for(&token, id);
    let c = &doc["counts"];
    let mut messages = Vec::new();
    while messages.is_empty() && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(100));
        messages = maildir_messages(&maildir);
    }
    let _ = smtp.kill();
    let _ = smtp.wait();
    assert_eq!(messages.len(), 1, "{messages:?}");
    let (subject, body) = &messages[0];
    assert_eq!(subject, "Import \"Spring\": completed");
    assert!(
        body.contains(&format!(
            "Rows read: {} · created: {} · skipped: {} · rejected: {}",
            c["rows"], c["created"], c["skipped"], c["rejected"]
        )),
        "{body}"
    );
    assert!(
        body.contains(&format!("https://intake.example/imports/{id}")),
        "{body}"
    );
    drop(server);

    // No SMTP server there: the import still completes, the log says why
    // no email came.
    let dead = format!("smtp://127.0.0.1:{}", free_port());
    let server = Server::start(&env, &["--smtp-url", &dead], &[]);
    let res = server.send(
        Request::post("/api/v1/imports")
            .bearer(&token)
            .header("Accept-Language", "en")
            .multipart(&[("notify", "true")], Some(("t.csv", b"email\nt@t.ch\n"))),
    );
    let id = res.json()["id"].as_i64().expect("id");
    assert_eq!(server.wait_for(&token, id)["status"], "completed");
    let start = std::time::Instant::now();
    loop {
        let log = server
            .send(Request::get(&format!("/api/v1/imports/{id}/log?level=warning")).bearer(&token))
            .json();
        let text = log.to_string();
        if text.contains("anna@theatre.example") {
            assert!(text.contains("n'a pas pu être envoyé"), "{text}");
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no warning: {text}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A running import is cancelled between batches: nothing of it stays.
#[test]
fn a_running_import_can_be_cancelled() {
    let env = Env::new();
    let token = user_with_token(&env, "anna@theatre.example", "staff", None);
    let server = App::start(&env, &[]);
    let bytes = faulty_file(&env, 150_000);
    let id = upload(&server, &token, "big.csv", &bytes, &[]).json()["id"]
        .as_i64()
        .expect("id");
    let start = std::time::Instant::now();
    loop {
        let doc = server
            .send(Request::get(&format!("/api/v1/imports/{id}")).bearer(&token))
            .json();
        assert_ne!(doc["progress"]["finished"], true, "too fast to cancel");
        if doc["progress"]["rows_done"].as_u64().unwrap_or(0) > 70_000 {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(240));
        std::thread::sleep(Duration::from_millis(20));
    }
    let res = server.send(Request::post(&format!("/api/v1/imports/{id}/cancel")).bearer(&token));
    assert_eq!(res.status, 202);
    let doc = server.wait_for(&token, id);
    assert_eq!(doc["status"], "cancelled", "{}", doc["counts"]);
    assert_eq!(doc["counts"]["created"], 0);
    let contacts = server
        .send(Request::get("/api/v1/contacts").bearer(&token))
        .json();
    assert_eq!(contacts, serde_json::json!([]));
    let log = server
        .send(Request::get(&format!("/api/v1/imports/{id}/log")).bearer(&token))
        .json();
    assert_eq!(log["total"], 1, "{log}");
}

/// An import run from the command line on the same base shows on the
/// pages too.
#[test]
fn an_import_from_the_command_line_shows_in_the_browser_pages() {
    let env = Env::new();
    user_with_token(&env, "anna@theatre.example", "staff", None);
    let file = env.write("cli.csv", "email;first_name\nc@l.ch;Clara\nbad;Bad\n");
    let run = env.run(&["import", file.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let server = Server::start(&env, &[], &[]);
    let (cookie, _) = sign_in(&server, "anna@theatre.example", "fr");
    let list = server
        .send(Request::get("/imports").header("Cookie", &cookie))
        .text();
    assert!(list.contains("href=\"/imports/1\""), "{list}");
    let page = server
        .send(Request::get("/imports/1").header("Cookie", &cookie))
        .text();
    assert!(page.contains("[Format incorrect]"), "{page}");
    // An ended import's page opens no event stream (and is not reloaded).
    assert!(page.contains("data-finished=\"true\""), "{page}");
    assert!(page.contains("terminée"), "{page}");
    let rejects = server.send(Request::get("/imports/1/rejects").header("Cookie", &cookie));
    assert_eq!(rejects.status, 200);
    assert!(rejects.text().contains("bad;Bad"), "{}", rejects.text());
}

store_test!(the_server_stops_cleanly_on_sigterm, |env| {
    use std::io::{BufRead, Read};
    let mut child = env
        .command()
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start intake serve");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("listening line");
    let port: u16 = line
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port");
    // Pooled connections exist when it stops.
    assert_eq!(
        crate::http::send(port, Request::get("/healthz")).status,
        200
    );
    assert_eq!(crate::http::send(port, Request::get("/login")).status, 200);
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let status = child.wait().expect("wait");
    let mut stderr = String::new();
    let _ = child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr);
    assert!(status.success(), "{status}: {stderr}");
    assert!(!stderr.contains("panic"), "{stderr}");
});

store_test!(
    services_through_the_api_roles_confirmation_and_extended_template,
    |env| {
        let staff = user_with_token(&env, "anna@theatre.example", "staff", None);
        let admin = user_with_token(&env, "boss@theatre.example", "admin", None);
        assert_eq!(env.run(&["authorizations", "add", "NEWSLETTER"]).code, 0);
        let server = App::start(&env, &[]);
        let created = upload(
        &server,
        &staff,
        "people.csv",
        b"email;first_name;authorization:NEWSLETTER\nana@example.ch;Ana;no\nbob@example.ch;Bob;yes\n",
        &[],
    );
        assert_eq!(created.status, 202, "{}", created.text());
        let doc = server.wait_for(&staff, created.json()["id"].as_i64().unwrap_or_default());
        assert_eq!(doc["counts"]["created"], 2, "{doc}");

        // An update with its options, by staff.
        let update = upload(
            &server,
            &staff,
            "update.csv",
            b"email;first_name;authorization:NEWSLETTER\nana@example.ch;Anna;yes\n",
            &[
                ("mode", "update"),
                ("match", "email"),
                ("allow_consent_upgrade", "true"),
            ],
        );
        assert_eq!(update.status, 202, "{}", update.text());
        let id = update.json()["id"].as_i64().unwrap_or_default();
        let doc = server.wait_for(&staff, id);
        assert_eq!(doc["mode"], "update");
        assert_eq!(doc["counts"]["updated"], 1, "{doc}");
        let contact = server
            .send(Request::get("/api/v1/contacts?email=ana@example.ch").bearer(&staff))
            .json();
        assert_eq!(contact[0]["first_name"], "Anna");
        let bad = upload(
            &server,
            &staff,
            "u.csv",
            b"email\na@b.ch\n",
            &[("mode", "update"), ("match", "name")],
        );
        assert_eq!(bad.status, 400, "{}", bad.text());

        // Destructive modes: not for staff; an admin must confirm.
        let keys: &[u8] = b"email\nbob@example.ch\n";
        let forbidden = upload(&server, &staff, "keys.csv", keys, &[("mode", "anonymize")]);
        assert_eq!(forbidden.status, 403, "{}", forbidden.text());
        let unconfirmed = upload(&server, &admin, "keys.csv", keys, &[("mode", "anonymize")]);
        assert_eq!(unconfirmed.status, 422, "{}", unconfirmed.text());
        assert!(
            unconfirmed.text().contains("confirm"),
            "{}",
            unconfirmed.text()
        );
        let confirmed = upload(
            &server,
            &admin,
            "keys.csv",
            keys,
            &[("mode", "anonymize"), ("confirm", "true")],
        );
        assert_eq!(confirmed.status, 202, "{}", confirmed.text());
        let doc = server.wait_for(&admin, confirmed.json()["id"].as_i64().unwrap_or_default());
        assert_eq!(doc["counts"]["updated"], 1, "{doc}");
        let gone = server
            .send(Request::get("/api/v1/contacts?email=bob@example.ch").bearer(&admin))
            .json();
        assert_eq!(gone.as_array().map(Vec::len), Some(0));

        // The extended template carries the institution's own columns.
        let t =
            server.send(Request::get("/api/v1/template?format=csv&extended=true").bearer(&staff));
        assert_eq!(t.status, 200);
        assert!(
            t.text().contains(";authorization:NEWSLETTER"),
            "{}",
            t.text()
        );
        let x =
            server.send(Request::get("/api/v1/template?format=xlsx&extended=true").bearer(&staff));
        assert_eq!(x.status, 200);
        assert!(x.body.starts_with(b"PK"));
    }
);

/// Uploads a 300,000-row file to `server` and waits until its job has
/// committed a checkpoint (it is still running well after): its id.
pub(crate) fn big_job_running(env: &Env, server: &impl Client, token: &str) -> i64 {
    let bytes = faulty_file(env, 300_000);
    let id = upload(server, token, "big.csv", &bytes, &[]).json()["id"]
        .as_i64()
        .expect("id");
    let start = std::time::Instant::now();
    loop {
        let doc = server
            .send(Request::get(&format!("/api/v1/imports/{id}")).bearer(token))
            .json();
        assert_ne!(
            doc["progress"]["finished"], true,
            "too fast: {}",
            doc["counts"]
        );
        if doc["progress"]["rows_done"].as_u64().unwrap_or(0) > 70_000 {
            return id;
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(240));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

store_test!(the_api_lists_the_likely_duplicates, |env| {
    let token = user_with_token(&env, "anna@theatre.example", "staff", None);
    let server = App::start(&env, &[]);
    let people = "email;first_name;last_name;birthdate;address_line1;postal_code;town;country
sophie@old.example;Sophie;Müller;01.02.1980;Bahnhofstr. 3;8001;Zürich;CH
s.mueller@new.example;Sophie;Mueller;01.02.1980;Seeweg 9;8002;Zürich;CH
jean.rochat@example.ch;Jean;Rochat;;Rue du Bourg 4;1003;Lausanne;CH
jeanne.rochat@example.ch;Jeanne;Rochat;;Rue du Bourg 4;1003;Lausanne;CH
";
    let res = upload(&server, &token, "people.csv", people.as_bytes(), &[]);
    assert_eq!(res.status, 202, "{}", res.text());
    let doc = server.wait_for(&token, res.json()["id"].as_i64().expect("id"));
    assert_eq!(doc["counts"]["created"], 4, "{doc}");
    let res = server.send(
        Request::get("/api/v1/duplicates")
            .bearer(&token)
            .header("Accept-Language", "de"),
    );
    assert_eq!(res.status, 200, "{}", res.text());
    let json = res.json();
    let pairs = json["pairs"].as_array().cloned().unwrap_or_default();
    // Sophie twice; the Rochats are a household.
    assert_eq!(pairs.len(), 1, "{json}");
    assert_eq!(pairs[0]["id_1"], "1");
    assert_eq!(pairs[0]["id_2"], "2");
    assert_eq!(pairs[0]["cluster"], "1");
    assert_eq!(json["households"], 1);
    let bad = server.send(Request::get("/api/v1/duplicates?min_score=2").bearer(&token));
    assert_eq!(bad.status, 400, "{}", bad.text());
    assert_eq!(bad.json()["error"]["code"], "bad_request");
    let doc = server
        .send(Request::get("/api/v1/openapi.json").bearer(&token))
        .json();
    assert!(
        doc["paths"]["/api/v1/duplicates"]["get"].is_object(),
        "{doc}"
    );
});
