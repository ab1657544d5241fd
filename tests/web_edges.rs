//! Trust at the edges (issue 17), the web side: what a hostile user tried
//! against the web application, kept as probes. Most are answered
//! in-process ([`App`]); those about a server that is killed, restarted or
//! whose operator log is read run `intake serve` on a real socket.

use std::sync::{Arc, Barrier};

use crate::app::App;
use crate::http::{Client, Request, Response, Server, user_with_token};
use crate::util::Env;
use crate::web::{PASSWORD, csrf_of, sign_in, upload};

/// The sign-in page's CSRF cookie, which its form repeats (double submit).
fn login_csrf(server: &impl Client) -> String {
    server
        .send(Request::get("/login"))
        .cookie("intake_login_csrf")
        .expect("the sign-in page's CSRF cookie")
}

/// One sign-in attempt through the form, in English.
fn attempt(server: &impl Client, pre: &str, email: &str, password: &str) -> Response {
    server.send(
        Request::post("/login")
            .header("Cookie", &format!("intake_login_csrf={pre}"))
            .header("Accept-Language", "en")
            .form(&[
                ("email", email),
                ("password", password),
                ("csrf", pre),
                ("next", "/"),
            ]),
    )
}

/// What the server made of a sign-in attempt.
#[derive(Debug, PartialEq)]
enum Verdict {
    /// The password was judged right: a session.
    SignedIn,
    /// The password was judged wrong: back to the form.
    Wrong,
    /// Not judged: too many attempts (the rate-limited page).
    Refused,
}

fn verdict(r: &Response) -> Verdict {
    match r.status {
        303 if r.cookie("intake_session").is_some() => Verdict::SignedIn,
        303 if r.header("location").unwrap_or("").contains("failed=1") => Verdict::Wrong,
        429 => {
            assert!(
                r.text().contains("Too many sign-in attempts"),
                "the rate-limited page: {}",
                r.text()
            );
            Verdict::Refused
        }
        other => panic!("unexpected answer {other}: {}", r.text()),
    }
}

// Forty guesses at once, the right password among them: each is counted
// before its password is hashed, in one statement, so no more than the
// account's limit (5) are ever judged. (They were all judged when the count
// was checked before the hash and raised after it.)
store_test!(
    parallel_sign_in_guesses_are_counted_before_they_are_judged,
    |env| {
        user_with_token(&env, "sam@theatre.example", "staff", None);
        let server = Arc::new(App::start(&env, &[]));
        let pre = login_csrf(&*server);
        const GUESSES: usize = 40;
        const RIGHT: usize = 23;
        let barrier = Arc::new(Barrier::new(GUESSES));
        let threads: Vec<_> = (0..GUESSES)
            .map(|i| {
                let (server, barrier, pre) = (server.clone(), barrier.clone(), pre.clone());
                std::thread::spawn(move || {
                    let password = if i == RIGHT {
                        PASSWORD.to_string()
                    } else {
                        format!("wrong guess {i}")
                    };
                    barrier.wait();
                    verdict(&attempt(&*server, &pre, "sam@theatre.example", &password))
                })
            })
            .collect();
        let verdicts: Vec<Verdict> = threads
            .into_iter()
            .map(|t| t.join().expect("a guess"))
            .collect();
        let judged = verdicts.iter().filter(|v| **v != Verdict::Refused).count();
        assert!(
            judged <= 5,
            "{judged} of {GUESSES} guesses were judged: {verdicts:?}"
        );
        for (i, v) in verdicts.iter().enumerate() {
            assert!(i == RIGHT || *v != Verdict::SignedIn, "guess {i}: {v:?}");
        }
        // After the burst the account waits, whatever the password.
        assert_eq!(
            verdict(&attempt(&*server, &pre, "sam@theatre.example", PASSWORD)),
            Verdict::Refused
        );
    }
);

// Behind a proxy the whole box office has one address: one person's typos
// lock out their own account, not their colleagues'. The address has a
// limit of its own, ten times higher, and both outlive a restart.
store_test!(one_accounts_failures_lock_out_that_account_only, |env| {
    user_with_token(&env, "sam@theatre.example", "staff", None);
    user_with_token(&env, "anna@theatre.example", "admin", None);
    let server = App::start(&env, &[]);
    let pre = login_csrf(&server);
    for _ in 0..5 {
        let v = verdict(&attempt(&server, &pre, "sam@theatre.example", "wrong!"));
        assert_eq!(v, Verdict::Wrong);
    }
    assert_eq!(
        verdict(&attempt(&server, &pre, "Sam@Theatre.example", PASSWORD)),
        Verdict::Refused
    );
    assert_eq!(
        verdict(&attempt(&server, &pre, "anna@theatre.example", PASSWORD)),
        Verdict::SignedIn
    );

    // The counts are in the store: a restart does not clear them.
    drop(server);
    let server = App::start(&env, &[]);
    let pre = login_csrf(&server);
    assert_eq!(
        verdict(&attempt(&server, &pre, "sam@theatre.example", PASSWORD)),
        Verdict::Refused
    );

    // The address: 50 attempts in 15 minutes, whatever the accounts. So
    // far 7 counted (sam's 5 wrong and 2 refused; anna's success is given
    // back), so 43 more are judged, then every account on it waits.
    let mut judged = 0;
    for i in 0..60 {
        match verdict(&attempt(
            &server,
            &pre,
            &format!("nobody{i}@x.example"),
            "x",
        )) {
            Verdict::Wrong => {
                assert_eq!(judged, i, "attempt {i} judged after a refusal");
                judged += 1;
            }
            Verdict::Refused => {}
            Verdict::SignedIn => panic!("nobody{i} signed in"),
        }
    }
    assert_eq!(judged, 43);
    assert_eq!(
        verdict(&attempt(&server, &pre, "anna@theatre.example", PASSWORD)),
        Verdict::Refused
    );
});

/// The value of a form field, as a browser reads it.
fn field(html: &str, name: &str) -> Option<String> {
    let key = format!("name=\"{name}\" value=\"");
    let at = html.find(&key)? + key.len();
    let raw = &html[at..at + html[at..].find('"')?];
    Some(
        raw.replace("&#x2f;", "/")
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

fn switch_language(
    server: &impl Client,
    cookie: Option<&str>,
    fields: &[(&str, &str)],
) -> Response {
    let mut req = Request::post("/lang");
    if let Some(c) = cookie {
        req = req.header("Cookie", c);
    }
    server.send(req.form(fields))
}

// `back` and `next` send the reader to a page of this site, never to
// another host: a browser strips tabs and line breaks from a Location
// before it reads it, so `/\t/evil.example` was `//evil.example`.
#[test]
fn only_paths_of_this_site_are_redirected_to() {
    let env = Env::new();
    user_with_token(&env, "anna@theatre.example", "admin", None);
    let server = App::start(&env, &[]);

    let hostile = [
        "/\t/evil.example",
        "/\t\t/evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "\\/evil.example",
        "/ /evil.example",
        "/\u{a0}/evil.example",
        "https://evil.example/",
        "evil.example",
        "",
    ];
    for back in hostile {
        let res = switch_language(&server, None, &[("lang", "de"), ("back", back)]);
        assert_eq!(res.status, 303, "{back:?}: {}", res.text());
        assert_eq!(res.header("location"), Some("/"), "{back:?}");
        assert_eq!(res.cookie("intake_lang").as_deref(), Some("de"), "{back:?}");
    }
    let res = switch_language(
        &server,
        None,
        &[("lang", "it"), ("back", "/imports?page=2")],
    );
    assert_eq!(res.header("location"), Some("/imports?page=2"));
    // A line break cannot be in a link: a malformed request, not a 500.
    for back in [
        "/x\r\nSet-Cookie: evil=1",
        "/\n/evil.example",
        "/\r/evil.example",
    ] {
        let res = switch_language(&server, None, &[("lang", "de"), ("back", back)]);
        assert_eq!(res.status, 400, "{back:?}: {}", res.text());
        assert_eq!(res.cookie("evil"), None);
    }
    // The old link does not switch anything any more.
    let old = server.send(Request::get("/lang/en?back=/%09/evil.example"));
    assert_ne!(old.status, 303);
    assert_eq!(old.cookie("intake_lang"), None);

    // The sign-in form's `next`, as the form carries it and after sign-in.
    let page = server.send(Request::get("/login?next=/%09/evil.example"));
    assert_eq!(field(&page.text(), "next").as_deref(), Some("/"));
    let page = server.send(Request::get("/login?next=/contacts%3Ftype%3DSTRUCTURE"));
    assert_eq!(
        field(&page.text(), "next").as_deref(),
        Some("/contacts?type=STRUCTURE")
    );
    // Its language switch returns to it.
    assert_eq!(
        field(&page.text(), "back").as_deref(),
        Some("/login?next=/contacts%3Ftype%3DSTRUCTURE")
    );
    for (next, to) in [
        ("/\t/evil.example", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("/\r\n/evil.example", "/"),
        ("/imports/1?page=2", "/imports/1?page=2"),
    ] {
        let pre = login_csrf(&server);
        let res = server.send(
            Request::post("/login")
                .header("Cookie", &format!("intake_login_csrf={pre}"))
                .form(&[
                    ("email", "anna@theatre.example"),
                    ("password", PASSWORD),
                    ("csrf", &pre),
                    ("next", next),
                ]),
        );
        assert_eq!(res.status, 303, "{next:?}: {}", res.text());
        assert_eq!(res.header("location"), Some(to), "{next:?}");
    }

    // Signed in, the switch changes the user's language: only with the
    // session's CSRF token (a link on another site could do it before).
    let (cookie, csrf) = sign_in(&server, "anna@theatre.example", "en");
    let home_lang = || {
        server
            .send(Request::get("/").header("Cookie", &cookie))
            .text()
            .contains("<html lang=\"de\">")
    };
    let forged = switch_language(&server, Some(&cookie), &[("lang", "de"), ("back", "/")]);
    assert_eq!(forged.status, 403, "{}", forged.text());
    let wrong = switch_language(
        &server,
        Some(&cookie),
        &[("lang", "de"), ("back", "/"), ("csrf", "forged")],
    );
    assert_eq!(wrong.status, 403);
    let link = server.send(Request::get("/lang/de?back=/").header("Cookie", &cookie));
    assert_ne!(link.status, 303);
    assert!(!home_lang(), "the language changed without the CSRF token");
    let ok = switch_language(
        &server,
        Some(&cookie),
        &[("lang", "de"), ("back", "/contacts"), ("csrf", &csrf)],
    );
    assert_eq!(ok.status, 303, "{}", ok.text());
    assert_eq!(ok.header("location"), Some("/contacts"));
    assert!(home_lang());
    // The switch on every page is a form with the token, back to that page.
    let html = server
        .send(Request::get("/imports").header("Cookie", &cookie))
        .text();
    let form = &html[html.find("action=\"/lang\"").expect("the language form")..];
    let form = &form[..form.find("</form>").expect("end of form")];
    assert_eq!(csrf_of(form), csrf);
    assert_eq!(field(form, "back").as_deref(), Some("/imports"));
    for code in ["FR", "DE", "EN", "IT"] {
        assert!(form.contains(&format!(">{code}</button>")), "{form}");
    }
}

// Every answer tells the browser how to treat it: a strict content
// policy (the pages' script and styles are files of this site), no
// framing, no sniffing, no referrer to other sites.
#[test]
fn every_answer_carries_the_security_headers() {
    let env = Env::new();
    let token = user_with_token(&env, "anna@theatre.example", "admin", None);
    let server = App::start(&env, &[]);
    let (cookie, _) = sign_in(&server, "anna@theatre.example", "en");
    let page = |path: &str| server.send(Request::get(path).header("Cookie", &cookie));
    let answers = [
        ("a page", page("/")),
        ("the sign-in page", server.send(Request::get("/login"))),
        ("an error page", page("/imports/987654")),
        ("an unknown path", page("/nowhere")),
        ("a redirect", server.send(Request::get("/contacts"))),
        (
            "the style sheet",
            server.send(Request::get("/static/app.css")),
        ),
        ("the script", server.send(Request::get("/static/app.js"))),
        (
            "an API answer",
            server.send(Request::get("/api/v1/imports").bearer(&token)),
        ),
        ("an API error", server.send(Request::get("/api/v1/imports"))),
        ("the health check", server.send(Request::get("/healthz"))),
    ];
    for (what, res) in &answers {
        let csp = res.header("content-security-policy").unwrap_or("");
        assert!(csp.contains("default-src 'self'"), "{what}: {csp:?}");
        assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp:?}");
        assert_eq!(res.header("x-frame-options"), Some("DENY"), "{what}");
        assert_eq!(
            res.header("x-content-type-options"),
            Some("nosniff"),
            "{what}"
        );
        assert_eq!(res.header("referrer-policy"), Some("same-origin"), "{what}");
    }
    // The policy holds because no page has inline script or style.
    for (what, res) in &answers[..3] {
        let html = res.text();
        assert!(!html.contains("<script>"), "{what}");
        assert!(!html.contains("<style"), "{what}");
        assert!(!html.contains("style=\""), "{what}");
        assert!(!html.contains(" on"), "{what}: an inline handler");
    }
}

// The server keeps an upload under a name of its own making; people know
// their file by its own name, and that is the one every message gives.
#[test]
fn messages_name_the_users_file_not_the_servers_copy() {
    let env = Env::new();
    let token = user_with_token(&env, "anna@theatre.example", "admin", None);
    let uploads = env.path("intake-data/uploads");
    let no_server_path = |what: &str, text: &str| {
        assert!(!text.contains("uploads"), "{what}: {text}");
        assert!(!text.contains("intake-data"), "{what}: {text}");
    };

    // Refused at once: an empty file, through the API and the page.
    let server = App::start(&env, &["--workers", "0"]);
    let api = upload(&server, &token, "leer.csv", b"", &[]);
    assert_eq!(api.status, 422, "{}", api.text());
    let message = api.json()["error"]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(message.contains("leer.csv"), "{message}");
    no_server_path("API", &message);
    let (cookie, csrf) = sign_in(&server, "anna@theatre.example", "fr");
    let page = server.send(
        Request::post("/imports")
            .header("Cookie", &cookie)
            .multipart(&[("csrf", &csrf)], Some(("leer.csv", b""))),
    );
    assert_eq!(page.status, 422, "{}", page.text());
    assert!(page.text().contains("leer.csv est vide"), "{}", page.text());
    no_server_path("page", &page.text());
    let broken = upload(
        &server,
        &token,
        "broken.xlsx",
        b"PK\x03\x04 not a workbook",
        &[],
    );
    assert_eq!(broken.status, 422, "{}", broken.text());
    assert!(broken.text().contains("broken.xlsx"), "{}", broken.text());
    no_server_path("workbook", &broken.text());

    // Failed while it ran: the file went away before a worker took it.
    let queued = upload(&server, &token, "spring.csv", b"email\na@b.ch\n", &[]);
    assert_eq!(queued.status, 202, "{}", queued.text());
    let failed = queued.json()["id"].as_i64().expect("id");
    drop(server);
    for f in std::fs::read_dir(&uploads).expect("uploads") {
        std::fs::remove_file(f.expect("entry").path()).expect("remove the upload");
    }
    let server = App::start(&env, &[]);
    let doc = server.wait_for(&token, failed);
    assert_eq!(doc["status"], "failed", "{doc}");
    no_server_path("document", &doc.to_string());

    // And one that ran: its log starts with the file's own name.
    let ran = upload(&server, &token, "autumn.csv", b"email\nc@d.ch\n", &[]);
    let ran = ran.json()["id"].as_i64().expect("id");
    assert_eq!(server.wait_for(&token, ran)["status"], "completed");
    let stored: Vec<String> = std::fs::read_dir(&uploads)
        .expect("uploads")
        .map(|f| f.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(stored.len(), 1, "{stored:?}");
    let stored_stem = stored[0].split('.').next().unwrap_or("").to_string();

    for (id, name) in [(failed, "spring.csv"), (ran, "autumn.csv")] {
        let log = server
            .send(Request::get(&format!("/api/v1/imports/{id}/log")).bearer(&token))
            .json();
        let messages: Vec<&str> = log["lines"]
            .as_array()
            .expect("lines")
            .iter()
            .filter_map(|l| l["message"].as_str())
            .collect();
        assert!(
            messages.iter().any(|m| m.contains(name)),
            "{name}: {messages:?}"
        );
        for m in &messages {
            no_server_path(name, m);
            assert!(!m.contains(&stored_stem), "{name}: {m}");
        }
        let page = server.send(Request::get(&format!("/imports/{id}")).header("Cookie", &cookie));
        assert!(page.text().contains(name));
        no_server_path(name, &page.text());
        let csv =
            server.send(Request::get(&format!("/imports/{id}/log/csv")).header("Cookie", &cookie));
        assert!(csv.text().contains(name), "{}", csv.text());
        no_server_path(name, &csv.text());
    }
    let failure = server
        .send(Request::get(&format!("/api/v1/imports/{failed}/log?level=error")).bearer(&token))
        .json();
    let last = failure["lines"]
        .as_array()
        .and_then(|l| l.last())
        .and_then(|l| l["message"].as_str())
        .unwrap_or("")
        .to_string();
    assert!(last.contains("spring.csv"), "{failure}");
}

// What failed inside the server (here: its scratch folder is gone) is for
// the operator: the server's log has the reason under a short reference,
// the person sees only the reference, to quote.
#[test]
fn an_internal_error_shows_a_reference_not_its_reason() {
    let env = Env::new();
    let token = user_with_token(&env, "anna@theatre.example", "admin", None);
    let log = env.path("server.log");
    let server = Server::start_logged(&env, &[], &log);
    let (cookie, _) = sign_in(&server, "anna@theatre.example", "de");
    std::fs::remove_dir_all(env.path("intake-data/tmp")).expect("remove the scratch folder");

    let page = server.send(
        Request::get("/template?format=xlsx")
            .header("Cookie", &cookie)
            .header("Accept-Language", "de"),
    );
    assert_eq!(page.status, 500, "{}", page.text());
    let api = server.send(Request::get("/api/v1/template?format=xlsx&lang=it").bearer(&token));
    assert_eq!(api.status, 500, "{}", api.text());
    assert_eq!(api.json()["error"]["code"], "internal");
    let api_message = api.json()["error"]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();

    // `internal error REFERENCE: reason`, one line each.
    let reported = reported(&log);
    assert_eq!(reported.len(), 2, "{reported:?}");
    for ((reference, reason), (what, shown)) in reported
        .iter()
        .zip([("page", page.text()), ("API", api_message)])
    {
        assert!(reference.len() >= 6, "{reference}");
        assert!(!reason.trim().is_empty(), "{reported:?}");
        assert!(shown.contains(reference.as_str()), "{what}: {shown}");
        assert!(!shown.contains(reason.as_str()), "{what}: {shown}");
        assert!(!shown.contains("intake-data"), "{what}: {shown}");
    }
    assert!(page.text().contains("Referenz"), "{}", page.text());
    assert!(
        reported[0].0 != reported[1].0,
        "each failure has its own reference"
    );
}

/// The `internal error REFERENCE: reason` lines of a server's stderr.
fn reported(log: &std::path::Path) -> Vec<(String, String)> {
    std::fs::read_to_string(log)
        .expect("server log")
        .lines()
        .filter_map(|l| l.split_once("internal error "))
        .filter_map(|(_, rest)| rest.split_once(": "))
        .map(|(r, why)| (r.to_string(), why.to_string()))
        .collect()
}

// An import that fails inside the server (here: a table of the base is
// gone) leaves in its log a reference to quote, not the database's words.
store_test!(an_import_that_fails_inside_logs_a_reference, |env| {
    let token = user_with_token(&env, "anna@theatre.example", "admin", None);
    let server = App::start(&env, &["--workers", "0"]);
    let queued = upload(&server, &token, "spring.csv", b"email\na@b.ch\n", &[]);
    assert_eq!(queued.status, 202, "{}", queued.text());
    let id = queued.json()["id"].as_i64().expect("id");
    drop(server);
    env.sql("ALTER TABLE structure_type RENAME TO structure_type_gone");
    let log = env.path("server.log");
    let server = Server::start_logged(&env, &[], &log);
    let doc = server.wait_for(&token, id);
    assert_eq!(doc["status"], "failed", "{doc}");
    let errors = server
        .send(Request::get(&format!("/api/v1/imports/{id}/log?level=error")).bearer(&token))
        .json();
    let last = errors["lines"]
        .as_array()
        .and_then(|l| l.last())
        .and_then(|l| l["message"].as_str())
        .unwrap_or("")
        .to_string();
    let reported = reported(&log);
    let [(reference, reason)] = &reported[..] else {
        panic!("one internal error reported: {reported:?}");
    };
    assert!(reason.contains("structure_type"), "{reason}");
    assert!(last.contains(reference.as_str()), "{last}");
    for shown in [last, doc.to_string()] {
        assert!(!shown.contains("structure_type"), "{shown}");
    }
});

/// Whether a spreadsheet would read a cell as a formula: after any blanks
/// or control characters, `=`, `+`, `-` or `@` and more.
fn formula_like(cell: &str) -> bool {
    let rest = cell.trim_start_matches(|c: char| c.is_whitespace() || c.is_control());
    rest.len() > 1 && rest.starts_with(['=', '+', '-', '@'])
}

// A cell that hides its `=` behind a tab, a carriage return or another
// control character is still a formula to a spreadsheet: the exports
// neutralise it like any other.
store_test!(exports_neutralise_formulas_behind_blanks, |env| {
    let file = env.write(
        "hostile.csv",
        "email;first_name;last_name\n\
         \"\t=1+2\";Anna;Muster\n\
         x@y.ch;\"\u{1}=HYPERLINK(\"\"http://evil.example\"\")\";Muster\n\
         z@y.ch;Zoe;\"\r@SUM(A1)\"\n",
    );
    let rejects = env.path("rejects.csv");
    let run = env.run(&[
        "import",
        file.to_str().expect("utf-8"),
        "--report",
        "json",
        "--rejects",
        rejects.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let values = |report: &serde_json::Value| -> Vec<String> {
        report["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .flat_map(|r| r["issues"].as_array().cloned().unwrap_or_default())
            .filter_map(|i| i["value"].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(
        values(&run.json()),
        [
            "=1+2",
            // A control character rejects its cell (shown as its picture).
            "\u{2401}=HYPERLINK(\"http://evil.example\")",
            "@SUM(A1)"
        ]
    );
    let log = env.run(&["log", "1", "--format", "csv"]);
    assert_eq!(log.code, 0, "{}", log.stderr);
    let rejected = std::fs::read_to_string(&rejects).expect("rejects file");
    for (what, text, rows) in [("log", &log.stdout, 0), ("rejects", &rejected, 3)] {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let mut seen = 0;
        let mut hostile = 0;
        for record in reader.records() {
            let record = record.expect("a CSV record");
            seen += 1;
            for cell in &record {
                if let Some(kept) = cell.strip_prefix('\'') {
                    hostile += usize::from(formula_like(kept));
                } else {
                    assert!(!formula_like(cell), "{what}: {cell:?} in\n{text}");
                }
            }
        }
        assert!(seen >= rows, "{what}:\n{text}");
        assert!(hostile >= 2, "{what}: the hostile cells are there:\n{text}");
    }
    // The rejects file imports again as it was: the `'` is read away.
    let again = env.run(&[
        "import",
        rejects.to_str().expect("utf-8"),
        "--dry-run",
        "--report",
        "json",
    ]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(values(&again.json()), values(&run.json()));
});

/// Polls an import until it completed (a job taken back passes through
/// "failed", interrupted, on its way back to the queue); its document.
fn completed(server: &impl Client, token: &str, id: i64) -> serde_json::Value {
    let start = std::time::Instant::now();
    loop {
        let doc = server.wait_for(token, id);
        if doc["status"] == "completed" || start.elapsed() > std::time::Duration::from_secs(240) {
            return doc;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The summary lines of an import's log, as one text.
fn summary(server: &impl Client, token: &str, id: i64) -> String {
    server
        .send(
            Request::get(&format!("/api/v1/imports/{id}/log?category=summary"))
                .bearer(token)
                .header("Accept-Language", "en"),
        )
        .json()
        .to_string()
}

store_test!(
    a_server_killed_and_left_a_zombie_has_its_job_taken_back_at_restart,
    |env| {
        let token = user_with_token(&env, "anna@theatre.example", "staff", None);
        let mut first = Server::start(&env, &[], &[]);
        let id = crate::web::big_job_running(&env, &first, &token);
        // Killed, and not reaped: a zombie holds its pid while the next
        // server starts (the job stayed "running" for good).
        first.child.kill().expect("kill");
        let zombie = first.child.id();
        let started = std::time::Instant::now();
        let next = Server::start(&env, &[], &[]);
        let stat = std::fs::read_to_string(format!("/proc/{zombie}/stat")).unwrap_or_default();
        assert!(
            stat.contains(") Z"),
            "the killed server is a zombie: {stat}"
        );
        // Taken back at once, not when its lease (120 s) runs out: within
        // half of it even on a loaded machine (15 s was not, under the
        // whole suite on 2 cores).
        while !summary(&next, &token, id).contains("resumes it") {
            assert!(
                started.elapsed().as_secs() < 60,
                "{}",
                summary(&next, &token, id)
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let doc = completed(&next, &token, id);
        assert_eq!(doc["status"], "completed", "{}", doc["counts"]);
        assert_eq!(doc["counts"]["rows"], 300_000);
    }
);

/// A job cancelled while it waits for another writer is cancelled, not
/// failed. On SQLite: the test holds the institution's writer lock itself,
/// with flock(1) on its lock file (a command-line import would hold the
/// job in the queue instead); the PostgreSQL lock is the store tests'.
#[test]
fn a_job_cancelled_while_it_waits_for_the_lock_is_cancelled() {
    let present = std::process::Command::new("flock")
        .arg("--version")
        .output()
        .is_ok();
    if crate::http::missing("flock", present) {
        return;
    }
    let env = crate::util::Env::new();
    assert_eq!(env.run(&["init"]).code, 0);
    let lock = env.path("intake.db-writer-1");
    let mut holder = std::process::Command::new("flock")
        .arg("-x")
        .arg(&lock)
        .args(["sleep", "120"])
        .spawn()
        .expect("flock");
    let held = || {
        std::process::Command::new("flock")
            .arg("-n")
            .arg(&lock)
            .arg("true")
            .status()
            .is_ok_and(|s| !s.success())
    };
    while !held() {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let token = user_with_token(&env, "anna@theatre.example", "staff", None);
    let server = Server::start(&env, &[], &[]);
    let bytes = b"email;first_name\nwaits@example.ch;Wanda\n";
    let id = crate::web::upload(&server, &token, "waits.csv", bytes, &[]).json()["id"]
        .as_i64()
        .expect("id");
    let started = std::time::Instant::now();
    loop {
        let doc = server
            .send(
                Request::get(&format!("/api/v1/imports/{id}"))
                    .bearer(&token)
                    .header("Accept-Language", "en"),
            )
            .json();
        if doc["progress"]["phase_label"]
            .as_str()
            .is_some_and(|p| p.starts_with("Waiting for"))
        {
            break;
        }
        assert!(started.elapsed().as_secs() < 30, "{doc}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let res = server.send(Request::post(&format!("/api/v1/imports/{id}/cancel")).bearer(&token));
    assert_eq!(res.status, 202, "{}", res.text());
    let doc = server.wait_for(&token, id);
    let _ = holder.kill();
    let _ = holder.wait();
    assert_eq!(doc["status"], "cancelled", "{doc}");
    let log = summary(&server, &token, id);
    assert!(log.contains("while it waited"), "{log}");
    assert_eq!(env.contacts(&[]).len(), 0);
}

store_test!(
    the_job_of_a_server_gone_on_another_host_is_taken_back_when_its_lease_runs_out,
    |env| {
        let token = user_with_token(&env, "anna@theatre.example", "staff", None);
        let mut first = Server::start(&env, &["--lease-seconds", "4"], &[]);
        let id = crate::web::big_job_running(&env, &first, &token);
        first.child.kill().expect("kill");
        first.child.wait().expect("wait");
        // Its process cannot be looked for from here: only its lease,
        // of 4 seconds however many checkpoints it committed, says it is
        // gone.
        env.sql(&format!(
            "UPDATE import SET host = 'elsewhere.example' WHERE id = {id}"
        ));
        let started = std::time::Instant::now();
        let second = Server::start(&env, &["--lease-seconds", "4"], &[]);
        while !summary(&second, &token, id).contains("resumes it") {
            assert!(
                started.elapsed().as_secs() < 30,
                "{}",
                summary(&second, &token, id)
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let doc = completed(&second, &token, id);
        assert_eq!(doc["status"], "completed", "{}", doc["counts"]);
    }
);

store_test!(a_live_server_takes_back_the_job_of_one_that_died, |env| {
    let token = user_with_token(&env, "anna@theatre.example", "staff", None);
    let mut first = Server::start(&env, &[], &[]);
    let id = crate::web::big_job_running(&env, &first, &token);
    // A second server, already running, with a short lease: it looks
    // for dead servers' jobs every second.
    let second = Server::start(&env, &["--lease-seconds", "4"], &[]);
    first.child.kill().expect("kill");
    first.child.wait().expect("wait");
    let doc = completed(&second, &token, id);
    let log = summary(&second, &token, id);
    assert_eq!(doc["status"], "completed", "{} {log}", doc["counts"]);
    assert_eq!(doc["counts"]["rows"], 300_000);
    assert!(log.contains("resumes it"), "{log}");
});
