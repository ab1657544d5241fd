//! Trust at the edges (issue 17): what a hostile user tried against the web
//! application and its files, kept as probes. Each runs the real binary; the
//! web ones talk to the real server on a real socket, as a browser or a
//! script would.

use crate::http::{Request, Server, user_with_token};
use crate::util::Env;
use crate::web::sign_in;

// Every answer tells the browser how to treat it: a strict content
// policy (the pages' script and styles are files of this site), no
// framing, no sniffing, no referrer to other sites.
#[test]
fn every_answer_carries_the_security_headers() {
    let env = Env::new();
    let token = user_with_token(&env, "anna@theatre.example", "admin", None);
    let server = Server::start(&env, &[], &[]);
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
            "\u{1}=HYPERLINK(\"http://evil.example\")",
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
