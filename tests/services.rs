//! The extended format and every service, end to end through the binary on
//! both stores: reference data, extended create, update, upsert, qualify,
//! inactivate, anonymize, delete, undo, consents, idempotence.

use crate::util::{Env, findings};

const SETUP: &str = r#"{
  "languages": ["fr", "de", "en"], "default_language": "fr", "numbers": "1..999",
  "criteria": [{"code": "MUSIC", "label": "Musique", "elements": ["JAZZ", "OPERA", "CLASSIC"]}],
  "structure_types": ["SCHOOL", {"code": "COMPANY", "label": "Entreprise"}],
  "authorizations": ["NEWSLETTER", "PARTNERS"]
}"#;

const EXT: &str = "contact_number;contact_type;title;first_name;last_name;birthdate;email;phone;mobile;structure_name;structure_type;address_line1;postal_code;town;country;criterion:MUSIC;authorization:NEWSLETTER";

/// A base with the reference data and three contacts: 12 (Ana, legacy
/// number, member of the school), the school (1000) and Bob (1001).
fn base(env: &Env) {
    let setup = env.write("setup.json", SETUP);
    let run = env.run(&["setup", setup.to_str().unwrap_or_default()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = env.write(
        "base.csv",
        format!(
            "{EXT}\n\
             ;STRUCTURE;;;;;;021 312 34 56;;École du Lac;SCHOOL;Rue du Lac 1;1003;Lausanne;CH;;\n\
             12;INDIVIDUAL;MRS;Ana;Muster;01.02.1980;ana@example.ch;;+41 79 123 45 67;École du Lac;;Chemin Vert 2;1004;Lausanne;CH;JAZZ|OPERA;non\n\
             ;INDIVIDUAL;MR;Bob;Meier;;bob@example.ch;;;;;;;;;CLASSIC;oui\n"
        ),
    );
    let report = env.import_json(&file, &[]);
    assert_eq!(report["counts"]["created"], 3, "{report:#}");
}

fn export(env: &Env) -> String {
    let run = env.run(&["contacts", "list", "--extended", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// The row of contact `number` in an extended export, as cells.
fn row_of(export: &str, number: &str) -> Vec<String> {
    export
        .lines()
        .find(|l| l.split(';').next() == Some(number))
        .map(|l| l.split(';').map(String::from).collect())
        .unwrap_or_default()
}

fn codes(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

store_test!(reference_data_is_defined_listed_and_guarded, |env| {
    let run = env.run(&[
        "criteria",
        "add",
        "music",
        "--label",
        "Musique",
        "--elements",
        "JAZZ,OPERA,CLASSIC",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(env.run(&["structure-types", "add", "SCHOOL"]).code, 0);
    assert_eq!(env.run(&["authorizations", "add", "NEWSLETTER"]).code, 0);
    let list = env.run(&["criteria", "list", "--format", "json"]).json();
    assert_eq!(list[0]["code"], "MUSIC");
    assert_eq!(list[0]["label"], "Musique");
    assert_eq!(list[0]["elements"].as_array().map(Vec::len), Some(3));
    let run = env.run(&["numbers", "reserve", "1..999999"]);
    assert!(run.stdout.contains("1000000"), "{}", run.stdout);
    let bad = env.run(&["numbers", "reserve", "9..1"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("is not a range"), "{}", bad.stderr);
    let run = env.run(&[
        "institution",
        "set",
        "--languages",
        "fr,de",
        "--default-language",
        "de",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("languages fr,de, default language de"));
    let bad = env.run(&["institution", "set", "--default-language", "it"]);
    assert_eq!(bad.code, 1);

    // New contacts are numbered above the range; a used criterion stays.
    let f = env.write(
        "a.csv",
        "email;criterion:MUSIC;authorization:NEWSLETTER\na@example.ch;JAZZ;yes\n",
    );
    env.import_json(&f, &[]);
    let contacts = env.contacts(&[]);
    assert_eq!(contacts[0]["contact_number"], 1_000_000);
    let refused = env.run(&["criteria", "remove", "MUSIC"]);
    assert_eq!(refused.code, 1);
    assert!(
        refused
            .stderr
            .contains("criterion MUSIC is used by 1 contact:"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        env.run(&["criteria", "remove", "MUSIC", "--elements", "OPERA"])
            .code,
        0
    );
    let removed = env.run(&["structure-types", "remove", "SCHOOL"]);
    assert_eq!(removed.code, 0, "{}", removed.stderr);
    let list = env.run(&["structure-types", "list"]);
    assert!(
        list.stdout.contains("Nothing defined yet"),
        "{}",
        list.stdout
    );
});

store_test!(a_long_value_of_a_row_without_an_email_is_logged, |env| {
    // A criterion cell takes 1,000 characters; of four bytes each and
    // hardly compressible, the value its finding logs was past the size
    // of a B-tree entry on PostgreSQL (2,704 bytes), and the index of the
    // values an erase looks up (a line without a subject: no email) made
    // the log's COPY, and the import, fail.
    base(&env);
    let mut seed: u32 = 7;
    let long: String = (0..1000)
        .map(|_| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            char::from_u32(0x1_0000 + (seed >> 8) % 0xF_0000).unwrap_or('x')
        })
        .collect();
    assert_eq!(long.len(), 4000);
    let file = env.write(
        "long.csv",
        format!("{EXT}\n;INDIVIDUAL;;Zoé;Keller;;;;+41 79 555 66 77;;;;;;;{long};\n"),
    );
    let report = env.import_json(&file, &[]);
    assert_eq!(
        findings(&report),
        vec![(
            2,
            "rejected".into(),
            codes(&["email.missing", "criterion_element.unknown"])
        )]
    );
    let log = env.run(&["log", "2"]);
    assert!(log.stdout.contains(&long[..40]), "{}", log.stdout);
});

store_test!(extended_create_checks_every_new_rule, |env| {
    base(&env);
    let file = env.write(
        "more.csv",
        format!(
            "{EXT}\n\
             ;STRUCTURE;;;;;;;;ECOLE DU LAC;SCHOOL;r. du lac  1;1003;Lausanne;CH;;\n\
             ;STRUCTURE;;;;;;;;Ecole St-Jean;FACTORY;;;;;;\n\
             12;INDIVIDUAL;;Eve;;;eve@example.ch;;;;;;;;;;\n\
             5000;INDIVIDUAL;;Fay;;;fay@example.ch;12ab;;;;;;;;ROCK;peut-être\n\
             x1;INDIVIDUAL;;Gus;;;gus@example.ch;;;;;;;;;;\n\
             ;INDIVIDUAL;;Hal;;;hal@example.ch;;;Nowhere Ltd;;;;;;;\n\
             ;STRUCTURE;;;;;;;;;;;;;;;\n"
        ),
    );
    let report = env.import_json(&file, &[]);
    assert_eq!(
        findings(&report),
        vec![
            (2, "skipped".into(), codes(&["structure.duplicate"])),
            (3, "rejected".into(), codes(&["structure_type.unknown"])),
            (4, "skipped".into(), codes(&["contact_number.exists"])),
            (
                5,
                "rejected".into(),
                codes(&[
                    "contact_number.out_of_range",
                    "phone.format",
                    "criterion_element.unknown",
                    "authorization.value"
                ])
            ),
            (6, "rejected".into(), codes(&["contact_number.format"])),
            (7, "created".into(), codes(&["member.structure_not_found"])),
            (8, "rejected".into(), codes(&["structure_name.missing"])),
        ]
    );
    assert_eq!(report["counts"]["created"], 1);
    let rows = report["rows"].as_array().cloned().unwrap_or_default();
    assert!(
        rows[0]["issues"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("already in the contact base (contact 1000)"),
        "{:#}",
        rows[0]
    );
    assert_eq!(rows[3]["issues"][2]["column"], "criterion:MUSIC");

    // Phones in E.164, membership, criteria and consents as stored.
    let ex = export(&env);
    let ana = row_of(&ex, "12");
    assert_eq!(ana[9], "'+41791234567", "{ana:?}");
    let school = row_of(&ex, "1000");
    assert_eq!(school[8], "'+41213123456");
    assert_eq!(ana[31..33], ["JAZZ|OPERA".to_string(), "no".to_string()]);
    let structure = crate::services::member_of(&env, 12);
    assert_eq!(structure, Some(1000));
});

/// The structure contact `number` is a member of.
pub fn member_of(env: &Env, number: i64) -> Option<i64> {
    let q = format!("SELECT member_of FROM contact WHERE contact_number = {number}");
    match &env.db {
        Some(url) => {
            let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connect");
            client.query_one(q.as_str(), &[]).expect("query").get(0)
        }
        None => {
            let conn = rusqlite::Connection::open(env.path("intake.db")).expect("open");
            conn.query_row(&q, [], |r| r.get(0)).expect("query")
        }
    }
}

store_test!(the_extended_export_round_trips_through_an_update, |env| {
    base(&env);
    let before = export(&env);
    // Edit two cells of Ana, clear Bob's criteria, and leave the rest.
    let edited: String = before
        .lines()
        .map(|l| {
            if l.starts_with("12;") {
                l.replace(";Muster;", ";Muster-Durand;")
                    .replace(";Chemin Vert 2;", ";Chemin Vert 4;")
            } else if l.starts_with("1001;") {
                l.replace(";CLASSIC;", ";#CLEAR;")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let file = env.write("edited.csv", &edited);
    let dry = env.import_json(&file, &["--mode", "update", "--dry-run"]);
    assert_eq!(dry["counts"]["updated"], 2, "{dry:#}");
    assert_eq!(dry["counts"]["unchanged"], 1);
    let ana = &dry["rows"][0];
    assert_eq!(ana["outcome"], "updated");
    assert_eq!(ana["contact_number"], 12);
    assert_eq!(
        ana["changes"],
        serde_json::json!([
            {"column": "last_name", "before": "Muster", "after": "Muster-Durand"},
            {"column": "address_line1", "before": "Chemin Vert 2", "after": "Chemin Vert 4"}
        ])
    );
    assert_eq!(export(&env), before, "a dry run writes nothing");
    let done = env.import_json(&file, &["--mode", "update"]);
    assert_eq!(
        done["counts"], dry["counts"],
        "the run decides as the dry run did"
    );
    let after = export(&env);
    let expected: String = edited.replace(";#CLEAR;", ";;");
    assert_eq!(after.trim_end(), expected.trim_end());
    // `intake log` shows the changes.
    let log = env.run(&["log", &done["import_id"].to_string()]);
    assert!(
        log.stdout
            .contains("Row 2: last_name \"Muster\" → \"Muster-Durand\""),
        "{}",
        log.stdout
    );
    // The same file again changes nothing, and says so.
    let again = env.import_json(&file, &["--mode", "update"]);
    assert_eq!(again["counts"]["unchanged"], 3, "{again:#}");
    assert_eq!(again["counts"]["updated"], 0);
    assert_eq!(export(&env), after);
});

store_test!(
    update_by_email_touches_names_criteria_and_consents_only,
    |env| {
        base(&env);
        let file = env.write(
        "u.csv",
        "email;first_name;town;criterion:MUSIC;authorization:NEWSLETTER;authorization:PARTNERS\n\
         ANA@example.ch;Anna;Genève;CLASSIC;oui;non\n\
         nobody@example.ch;X;;;;\n\
         ana@example.ch;Twice;;;;\n",
    );
        let report = env.import_json(&file, &["--mode", "update"]);
        assert_eq!(
            findings(&report),
            vec![
                (2, "updated".into(), codes(&["authorization.consent_kept"])),
                (3, "not_found".into(), codes(&["contact.not_found"])),
                (4, "skipped".into(), codes(&["email.duplicate_in_file"])),
            ]
        );
        let changes = &report["rows"][0]["changes"];
        assert_eq!(
            changes,
            &serde_json::json!([
                {"column": "first_name", "before": "Ana", "after": "Anna"},
                {"column": "criterion:MUSIC", "before": "JAZZ|OPERA", "after": "CLASSIC"},
                {"column": "authorization:PARTNERS", "before": "", "after": "no"}
            ])
        );
        // The town is not a basic field: Ana keeps hers. The "no" stays a no.
        let ana = row_of(&export(&env), "12");
        assert_eq!(ana[16], "Lausanne");
        assert_eq!(ana[32], "no");
        // Explicitly allowed, the consent turns to yes, and keeps where it came from.
        let up = env.import_json(&file, &["--mode", "update", "--allow-consent-upgrade"]);
        assert_eq!(up["counts"]["updated"], 1, "{up:#}");
        assert_eq!(row_of(&export(&env), "12")[32], "yes");
        let import = up["import_id"].as_i64().unwrap_or_default();
        let q = "SELECT import_id, source_row FROM contact_authorization
             WHERE contact_number = 12 AND code = 'NEWSLETTER'";
        let (id, row): (i64, i64) = match &env.db {
            Some(url) => {
                let mut c = postgres::Client::connect(url, postgres::NoTls).expect("connect");
                let r = c.query_one(q, &[]).expect("query");
                (r.get(0), r.get(1))
            }
            None => rusqlite::Connection::open(env.path("intake.db"))
                .expect("open")
                .query_row(q, [], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("query"),
        };
        assert_eq!((id, row), (import, 2));
    }
);

store_test!(an_email_shared_by_two_contacts_is_never_picked, |env| {
    base(&env);
    // A legacy base may hold the same email twice.
    env.sql(
        "UPDATE contact SET email = 'ana@example.ch', email_key = 'ana@example.ch'
         WHERE contact_number = 1001",
    );
    let file = env.write("u.csv", "email;last_name\nana@example.ch;Smith\n");
    let report = env.import_json(&file, &["--mode", "update"]);
    assert_eq!(
        findings(&report),
        vec![(2, "skipped".into(), codes(&["contact.ambiguous"]))]
    );
    let message = report["rows"][0]["issues"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(message.contains("(12, 1001)"), "{message}");
    // By contact number, the row is not ambiguous.
    let file = env.write("n.csv", "contact_number;last_name\n1001;Smith\n");
    let report = env.import_json(&file, &["--mode", "update"]);
    assert_eq!(report["counts"]["updated"], 1, "{report:#}");
});

store_test!(upsert_updates_the_known_and_creates_the_new, |env| {
    base(&env);
    let file = env.write(
        "up.csv",
        "email;first_name;last_name\nbob@example.ch;Robert;Meier\nnew@example.ch;Neu;Person\n",
    );
    let report = env.import_json(&file, &["--mode", "upsert"]);
    assert_eq!(report["counts"]["updated"], 1, "{report:#}");
    assert_eq!(report["counts"]["created"], 1);
    assert_eq!(report["rows"][1]["outcome"], "created");
    assert_eq!(report["rows"][1]["contact_number"], 1002);
    let again = env.import_json(&file, &["--mode", "upsert"]);
    assert_eq!(again["counts"]["unchanged"], 2, "{again:#}");
});

store_test!(
    qualify_adds_or_replaces_criteria_and_sets_structure_types,
    |env| {
        base(&env);
        let file = env.write(
        "q.csv",
        "contact_number;structure_type;criterion:MUSIC;last_name\n1000;COMPANY;;\n12;;CLASSIC;Ignored\n",
    );
        let report = env.import_json(&file, &["--mode", "qualify"]);
        assert_eq!(report["counts"]["updated"], 2, "{report:#}");
        let ex = export(&env);
        assert_eq!(row_of(&ex, "1000")[11], "COMPANY");
        let ana = row_of(&ex, "12");
        assert_eq!(ana[4], "Muster", "qualify touches no name");
        assert_eq!(ana[31], "CLASSIC|JAZZ|OPERA");
        env.import_json(&file, &["--mode", "qualify", "--criteria", "replace"]);
        assert_eq!(row_of(&export(&env), "12")[31], "CLASSIC");
    }
);

store_test!(destructive_modes_ask_first_and_leave_an_audit_line, |env| {
    base(&env);
    let keys = env.write("keys.csv", "contact_number;email\n12;ignored\n999;\n");
    // No terminal, no --yes: refused, nothing done.
    let refused = env.run(&[
        "import",
        keys.to_str().unwrap_or_default(),
        "--mode",
        "delete",
    ]);
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("It cannot be undone") && refused.stderr.contains("add --yes"),
        "{}",
        refused.stderr
    );
    assert_eq!(env.contacts(&[]).len(), 3);
    // Inactivate, then undo it.
    let report = env.import_json(&keys, &["--mode", "inactivate", "--yes"]);
    assert_eq!(
        findings(&report),
        vec![
            (2, "inactivated".into(), vec![]),
            (3, "not_found".into(), codes(&["contact.not_found"]))
        ]
    );
    assert_eq!(report["rows"][0]["changes"][0]["column"], "status");
    let id = report["import_id"].to_string();
    let run = env.run(&["undo", &id, "--yes"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ana = env.contacts(&["--email", "ana@example.ch"]);
    assert_eq!(ana[0]["status"], "active");
    // Delete: the contact goes, its number is never given again.
    let report = env.import_json(&keys, &["--mode", "delete", "--yes"]);
    assert_eq!(report["rows"][0]["outcome"], "deleted");
    assert_eq!(env.contacts(&[]).len(), 2);
    let undo = env.run(&["undo", &report["import_id"].to_string(), "--yes"]);
    assert_eq!(undo.code, 1);
    assert!(undo.stderr.contains("cannot be undone"), "{}", undo.stderr);
    let legacy = env.write(
        "legacy.csv",
        format!("{EXT}\n12;INDIVIDUAL;;Zed;;;zed@example.ch;;;;;;;;;;\n"),
    );
    let again = env.import_json(&legacy, &[]);
    assert_eq!(
        findings(&again),
        vec![(2, "skipped".into(), codes(&["contact_number.exists"]))]
    );
    let audit = env.run(&["audit", "--format", "json"]).json();
    let actions: Vec<&str> = audit
        .as_array()
        .map(|a| a.iter().filter_map(|l| l["action"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(actions, ["inactivate", "undo", "delete"]);
    assert_eq!(audit[2]["numbers"], serde_json::json!([12]));
});

store_test!(undo_restores_the_exact_previous_state, |env| {
    base(&env);
    let before = export(&env);
    let file = env.write(
        "u.csv",
        "contact_number;first_name;phone;criterion:MUSIC;authorization:NEWSLETTER\n\
         12;Anna;+41 21 000 00 00;CLASSIC;yes\n1001;Robert;;;no\n",
    );
    let first = env.import_json(&file, &["--mode", "update", "--allow-consent-upgrade"]);
    assert_eq!(first["counts"]["updated"], 2, "{first:#}");
    let created = env.write("c.csv", "email;first_name\nzoe@example.ch;Zoé\n");
    let second = env.import_json(&created, &[]);
    let later = env.write("l.csv", "contact_number;last_name\n12;Later\n");
    let third = env.import_json(&later, &["--mode", "update"]);
    // The first update cannot be undone while a later import holds Ana.
    let refused = env.run(&["undo", &first["import_id"].to_string(), "--yes"]);
    assert_eq!(refused.code, 1);
    assert!(
        refused
            .stderr
            .contains(&format!("a later import ({})", third["import_id"])),
        "{}",
        refused.stderr
    );
    for report in [&third, &second, &first] {
        let run = env.run(&["undo", &report["import_id"].to_string(), "--yes"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    assert_eq!(export(&env), before);
    let twice = env.run(&["undo", &first["import_id"].to_string(), "--yes"]);
    assert_eq!(twice.code, 1, "{}", twice.stdout);
});

#[test]
fn anonymize_leaves_no_personal_datum_in_the_database_file() {
    let env = Env::new();
    base(&env);
    // Earlier logs hold Ana's values too: a conflict and an update.
    let dup = env.write("dup.csv", "email;first_name\nana@example.ch;Annabelle\n");
    let conflict = env.import_json(&dup, &[]);
    assert_eq!(conflict["rows"][0]["outcome"], "skipped");
    let upd = env.write("upd.csv", "contact_number;last_name\n12;Musterfrau\n");
    env.import_json(&upd, &["--mode", "update", "--dry-run"]);
    env.import_json(&upd, &["--mode", "update"]);
    let keys = env.write("anon.csv", "email\nana@example.ch\n");
    let report = env.import_json(&keys, &["--mode", "anonymize", "--yes"]);
    assert_eq!(report["rows"][0]["outcome"], "anonymized", "{report:#}");
    let ana = env.contacts(&["--type", "INDIVIDUAL"]);
    let ana = ana
        .iter()
        .find(|c| c["contact_number"] == 12)
        .cloned()
        .unwrap_or_default();
    assert_eq!(ana["status"], "anonymized");
    assert_eq!(ana["contact_type"], "INDIVIDUAL");
    assert_eq!(ana["created_from"], "base");
    let mut bytes = std::fs::read(env.path("intake.db")).expect("db");
    if let Ok(wal) = std::fs::read(env.path("intake.db-wal")) {
        bytes.extend(wal);
    }
    for secret in [
        "ana@example.ch",
        "Muster",
        "Annabelle",
        "Musterfrau",
        "+41791234567",
        "Chemin Vert",
        "1980-02-01",
    ] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} is still in the database file"
        );
    }
    // The earlier conflict line lost its value (and left the rejects).
    let log = env.run(&[
        "log",
        &conflict["import_id"].to_string(),
        "--format",
        "json",
    ]);
    assert!(!log.stdout.contains("ana@example.ch"), "{}", log.stdout);
    // Bob is untouched; the school keeps its name.
    assert_eq!(env.contacts(&["--email", "bob@example.ch"]).len(), 1);
    let undo = env.run(&["undo", &report["import_id"].to_string(), "--yes"]);
    assert!(undo.stderr.contains("cannot be undone"), "{}", undo.stderr);
}

/// Runs `intake ARGS` with a terminal as its standard input (util-linux
/// `script` makes one), typing `answer`.
fn on_terminal(env: &Env, args: &str, answer: &str) -> Option<crate::util::Run> {
    use std::io::Write;
    let present = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok();
    if crate::http::missing("script (util-linux), for a terminal", present) {
        return None;
    }
    let cmd = env.command();
    let bin = env!("CARGO_BIN_EXE_intake");
    let mut child = std::process::Command::new("script")
        .args(["-qec", &format!("{bin} {args}"), "/dev/null"])
        .current_dir(env.dir.path())
        .envs(cmd.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("script");
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(format!("{answer}\n").as_bytes());
    }
    Some(crate::util::to_run(
        child.wait_with_output().expect("script"),
    ))
}

#[test]
fn on_a_terminal_destructive_work_asks_first() {
    let env = Env::new();
    base(&env);
    env.write("keys.csv", "contact_number\n1001\n");
    let Some(no) = on_terminal(&env, "import keys.csv --mode delete", "no") else {
        return;
    };
    assert!(no.stdout.contains("It cannot be undone"), "{}", no.stdout);
    assert!(no.stdout.contains("Type yes to go on"), "{}", no.stdout);
    assert!(no.stdout.contains("Nothing was done"), "{}", no.stdout);
    assert_eq!(env.contacts(&[]).len(), 3);
    let Some(yes) = on_terminal(&env, "import keys.csv --mode delete", "yes") else {
        return;
    };
    assert!(yes.stdout.contains("Import finished"), "{}", yes.stdout);
    assert_eq!(env.contacts(&[]).len(), 2);
    // The base import created the deleted contact: no undo for it now.
    let refused = env.run(&["undo", "1", "--yes"]);
    assert!(
        refused
            .stderr
            .contains("a later import (2) changed some of its contacts (1001)"),
        "{}",
        refused.stderr
    );
    env.write("new.csv", "email\nzoe@example.ch\n");
    assert_eq!(env.run(&["import", "new.csv"]).code, 0);
    let Some(undo) = on_terminal(&env, "undo 3", "yes") else {
        return;
    };
    assert!(
        undo.stdout
            .contains("This reverts import 3: the contact it created is removed"),
        "{}",
        undo.stdout
    );
    assert!(undo.stdout.contains("Import 3 undone"), "{}", undo.stdout);
    assert_eq!(env.contacts(&[]).len(), 2);
}

#[test]
fn the_extended_template_has_the_institutions_columns_and_drop_downs() {
    use std::io::Read;
    let env = Env::new();
    base(&env);
    let run = env.run(&["template", "--extended"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let header = run.stdout.trim_start_matches('\u{feff}').trim_end();
    assert!(header.starts_with("contact_number;contact_type;title;first_name"));
    assert!(
        header.ends_with(";criterion:MUSIC;authorization:NEWSLETTER;authorization:PARTNERS"),
        "{header}"
    );
    let run = env.run(&["template", "--extended", "--format", "xlsx", "-o", "t.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = std::fs::File::open(env.path("t.xlsx")).expect("xlsx");
    let mut book = zip::ZipArchive::new(file).expect("a zip");
    let mut sheet = String::new();
    book.by_name("xl/worksheets/sheet1.xml")
        .expect("contacts sheet")
        .read_to_string(&mut sheet)
        .expect("xml");
    let mut lists = String::new();
    book.by_name("xl/sharedStrings.xml")
        .expect("strings")
        .read_to_string(&mut lists)
        .expect("xml");
    // One drop-down per listed column, each fed from the hidden Lists sheet.
    let validations = sheet.matches("<dataValidation ").count();
    assert_eq!(validations, 10, "{sheet}");
    assert!(sheet.contains("sqref=\"L2:L10001\""), "structure_type");
    for value in [
        "SCHOOL",
        "COMPANY",
        "JAZZ",
        "OPERA",
        "CLASSIC",
        "INDIVIDUAL",
        "MR_AND_MRS",
    ] {
        assert!(
            lists.contains(&format!(">{value}<")),
            "{value} not in the lists"
        );
    }
}

store_test!(an_update_writes_only_the_cells_given, |env| {
    base(&env);
    // A new town without the street: the street stays.
    let file = env.write(
        "town.csv",
        "contact_number;postal_code;town;country;email\n\
         12;1205;Genève;CH;shared@example.ch\n\
         1001;;;;shared@example.ch\n",
    );
    let report = env.import_json(&file, &["--mode", "update"]);
    assert_eq!(
        findings(&report),
        vec![
            (2, "updated".into(), vec![]),
            (3, "skipped".into(), codes(&["email.duplicate_in_file"]))
        ]
    );
    let ana = row_of(&export(&env), "12");
    assert_eq!(ana[13], "Chemin Vert 2", "{ana:?}");
    assert_eq!(ana[15..17], ["1205".to_string(), "Genève".to_string()]);
    // #CLEAR in every given cell of the group empties the address.
    let file = env.write(
        "clear.csv",
        "contact_number;postal_code;town;country\n12;#CLEAR;#CLEAR;#CLEAR\n",
    );
    env.import_json(&file, &["--mode", "update"]);
    let ana = row_of(&export(&env), "12");
    assert_eq!(ana[13..19], ["", "", "", "", "", ""].map(String::from));
});

store_test!(members_and_structures_whatever_the_row_order, |env| {
    base(&env);
    let file = env.write(
        "org.csv",
        format!(
            "{EXT}\n\
             ;INDIVIDUAL;;Ida;;;ida@example.ch;;;Théâtre Neuf;;;;;;;\n\
             ;STRUCTURE;;;;;;;;Théâtre Neuf;;Place 1;1000;Lausanne;CH;;\n"
        ),
    );
    let report = env.import_json(&file, &[]);
    assert_eq!(report["counts"]["created"], 2, "{report:#}");
    assert_eq!(findings(&report), vec![]);
    let ida = env.contacts(&["--email", "ida@example.ch"]);
    let number = ida[0]["contact_number"].as_i64().unwrap_or_default();
    assert_eq!(crate::services::member_of(&env, number), Some(1003));
    // Upsert creates no duplicate structure either.
    let again = env.write(
        "again.csv",
        "contact_number;contact_type;structure_name;address_line1;postal_code;town;country\n\
         ;STRUCTURE;THEATRE NEUF;place 1;1000;Lausanne;CH\n",
    );
    let report = env.import_json(&again, &["--mode", "upsert"]);
    assert_eq!(
        findings(&report),
        vec![(2, "skipped".into(), codes(&["structure.duplicate"]))]
    );
});

store_test!(a_killed_update_resumes_to_the_same_result, |env| {
    // A base of 70,000 contacts, and a file updating every last name (more
    // rows than PostgreSQL's first checkpoint).
    let rows = 70_000;
    let big = env.path("big.csv");
    let generated = env.run(&[
        "generate",
        "--rows",
        &rows.to_string(),
        "--seed",
        "5",
        "-o",
        big.to_str().unwrap_or_default(),
    ]);
    assert_eq!(generated.code, 0, "{}", generated.stderr);
    let content = std::fs::read_to_string(&big).expect("generated");
    let mut update = String::from("email;last_name\n");
    for line in content.lines().skip(1) {
        let email = line.split(';').next().unwrap_or_default();
        update.push_str(&format!("{email};Neumann\n"));
    }
    let update = env.write("update.csv", &update);
    let prepare = |env: &Env| {
        assert_eq!(env.run(&["init"]).code, 0);
        let run = env.run(&["import", big.to_str().unwrap_or_default(), "--quiet"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    };
    prepare(&env);
    let mut child = env
        .command()
        .args([
            "import",
            update.to_str().unwrap_or_default(),
            "--mode",
            "update",
            "--quiet",
        ])
        .spawn()
        .expect("start update");
    let started = std::time::Instant::now();
    loop {
        let list = env.run(&["imports", "--format", "json"]).json();
        if list[0]["import_id"] != 2 {
            // Not started yet.
            std::thread::sleep(std::time::Duration::from_millis(10));
            continue;
        }
        if list[0]["status"] == "running" && list[0]["counts"]["rows"].as_u64().unwrap_or(0) > 0 {
            break;
        }
        assert!(
            list[0]["status"] != "completed",
            "the update ended before it could be killed"
        );
        assert!(started.elapsed().as_secs() < 300, "no checkpoint: {list}");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let _ = child.kill();
    let _ = child.wait();
    let resumed = env.import_json(std::path::Path::new(""), &["--resume", "2"]);
    assert_eq!(resumed["status"], "completed", "{resumed:#}");

    let reference_env = Env::with(if env.db.is_some() {
        crate::util::Backend::Postgres
    } else {
        crate::util::Backend::Sqlite
    })
    .expect("reference base");
    prepare(&reference_env);
    let reference = reference_env.import_json(&update, &["--mode", "update"]);
    assert_eq!(resumed["counts"], reference["counts"]);
    assert_eq!(export(&env), export(&reference_env), "same contacts");
    // And it can be undone as a whole.
    let undo = env.run(&["undo", "2", "--yes"]);
    assert_eq!(undo.code, 0, "{}", undo.stderr);
    assert!(!export(&env).contains("Neumann"));
});

/// (member's email, structure's name) for every member of a structure.
fn memberships(env: &Env) -> Vec<(String, String)> {
    let q = "SELECT m.email, s.structure_name FROM contact m
             JOIN contact s ON s.contact_number = m.member_of AND s.institution_id = m.institution_id
             ORDER BY m.email";
    let mut pairs: Vec<(String, String)> = match &env.db {
        Some(url) => {
            let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connect");
            client
                .query(q, &[])
                .expect("query")
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect()
        }
        None => {
            let conn = rusqlite::Connection::open(env.path("intake.db")).expect("open");
            let mut stmt = conn.prepare(q).expect("prepare");
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("query")
                .collect::<Result<_, _>>()
                .expect("rows")
        }
    };
    pairs.sort();
    pairs
}

// Where the batches of 1,024 rows begin must change nothing for the
// structures of a file and the members that name one above them: the same
// structure-heavy rows, pushed down by 0, 1, 337 and 1,023 rows of other
// people, give the same outcomes, findings, duplicates and memberships.
// A member names a structure just above it or far above it (in this batch
// or an earlier one), one given twice (a duplicate: not a second
// candidate), or one the file does not have.
store_test!(
    structures_and_members_do_not_depend_on_batch_boundaries,
    |env| {
        let setup = env.write("setup.json", SETUP);
        assert_eq!(
            env.run(&["setup", setup.to_str().unwrap_or_default()]).code,
            0
        );
        let head = "contact_type;first_name;last_name;email;structure_name;structure_type;address_line1;postal_code;town;country";
        let mut results = Vec::new();
        for shift in [0usize, 1, 337, 1023] {
            let tag = format!("p{shift}");
            let mut file = format!("{head}\n");
            for i in 0..shift {
                file.push_str(&format!(
                    "INDIVIDUAL;Pad;Row;pad{i}.{tag}@example.ch;;;;;;\n"
                ));
            }
            for k in 0..3_200usize {
                let s = k / 4;
                let (first, named) = match k % 4 {
                    0 => {
                        // Structures 0..599, then 0..199 again: duplicates.
                        let n = s % 600;
                        file.push_str(&format!(
                            "STRUCTURE;;;;{tag} Ensemble {n};SCHOOL;Rue {n};1003;Lausanne;CH\n"
                        ));
                        continue;
                    }
                    1 => ("Ann", format!("{tag} Ensemble {}", s % 600)),
                    2 => ("Bob", format!("{tag} Ensemble {}", s / 2)),
                    _ => ("Cy", format!("{tag} Nowhere {s}")),
                };
                file.push_str(&format!(
                    "INDIVIDUAL;{first};Member;{first}{k}.{tag}@example.ch;{named};;;;;\n"
                ));
            }
            let path = env.write(&format!("{tag}.csv"), file);
            let report = env.import_json(&path, &[]);
            let rows: Vec<(usize, String, Vec<String>)> = findings(&report)
                .into_iter()
                .map(|(row, outcome, codes)| ((row as usize).saturating_sub(shift), outcome, codes))
                .collect();
            let members: Vec<(String, String)> = memberships(&env)
                .into_iter()
                .filter_map(|(email, name)| {
                    let email = email
                        .strip_suffix(&format!(".{tag}@example.ch"))?
                        .to_string();
                    Some((email, name.strip_prefix(&format!("{tag} "))?.to_string()))
                })
                .collect();
            results.push((shift, report["counts"].clone(), rows, members));
        }
        let (_, counts, rows, members) = &results[0];
        let count = |code: &str| {
            rows.iter()
                .filter(|(_, _, c)| c.iter().any(|x| x == code))
                .count()
        };
        assert_eq!(count("structure.duplicate"), 200, "{counts}");
        assert_eq!(count("member.structure_not_found"), 800, "{counts}");
        assert_eq!(members.len(), 1600, "{counts}");
        for (shift, c, r, m) in &results[1..] {
            let created = counts["created"].as_u64().unwrap_or(0) + *shift as u64;
            assert_eq!(c["created"].as_u64(), Some(created), "shift {shift}");
            assert_eq!(r, rows, "shift {shift}");
            assert_eq!(m, members, "shift {shift}");
        }
    }
);

store_test!(
    generated_service_files_apply_to_the_base_they_came_from,
    |env| {
        // What the benchmarks run: an extended base, then `generate --mode`
        // for each service. Every row either applies or names a contact the
        // base does not have; none is rejected for its own content.
        let path = |name: &str| env.path(name).to_str().unwrap_or_default().to_string();
        let (file, setup) = (path("ext.csv"), path("setup.json"));
        let made = env.run(&[
            "generate",
            "--extended",
            "--rows",
            "600",
            "--seed",
            "9",
            "--setup",
            &setup,
            "-o",
            &file,
        ]);
        assert_eq!(made.code, 0, "{}", made.stderr);
        assert_eq!(env.run(&["setup", &setup]).code, 0);
        env.import_json(std::path::Path::new(&file), &[]);
        for mode in [
            "update",
            "qualify",
            "upsert",
            "inactivate",
            "anonymize",
            "delete",
        ] {
            let service = path(&format!("{mode}.csv"));
            let made = env.run(&["generate", "--mode", mode, "--rows", "300", "-o", &service]);
            assert_eq!(made.code, 0, "{mode}: {}", made.stderr);
            let report =
                env.import_json(std::path::Path::new(&service), &["--mode", mode, "--yes"]);
            let counts = &report["counts"];
            let rejected: Vec<_> = report["rows"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|r| r["outcome"] == "rejected")
                .take(3)
                .collect();
            assert_eq!(counts["rejected"], 0, "{mode}: {rejected:#?}");
            let applied =
                counts["updated"].as_u64().unwrap_or(0) + counts["unchanged"].as_u64().unwrap_or(0);
            assert!(applied >= 250, "{mode}: {counts}");
        }
    }
);

store_test!(
    a_service_on_a_base_loaded_moments_ago_plans_with_its_size,
    |env| {
        // PostgreSQL counts a table loaded by COPY as empty until autovacuum
        // analyses it, and then read every contact for each batch's lookups.
        // (SQLite keeps the statistics its migrations gave its indexes.)
        if env.db.is_none() {
            return;
        }
        let file = env.path("base.csv");
        let made = env.run(&[
            "generate",
            "--rows",
            "3000",
            "--faults",
            "0%",
            "--dup",
            "0%",
            "-o",
            file.to_str().unwrap_or_default(),
        ]);
        assert_eq!(made.code, 0, "{}", made.stderr);
        env.import_json(&file, &[]);
        let keys = env.write("keys.csv", "email\nnobody@example.ch\n");
        env.import_json(&keys, &["--mode", "inactivate", "--yes"]);
        let counted: f64 = env
            .sql_value(
                "SELECT reltuples FROM pg_class WHERE relname = 'contact'
             AND relnamespace = CAST(current_schema() AS regnamespace)",
            )
            .parse()
            .unwrap_or(-1.0);
        assert!(counted >= 1500.0, "the planner counts {counted} contacts");
    }
);

store_test!(a_report_of_every_row_is_written_as_it_is_read, |env| {
    // An update's report names every row and each change: at 60,000 rows
    // the log holds 180,000 lines, which the report held whole (with its
    // rows) before it streamed them: a peak of 236 MiB on SQLite and 190
    // MiB on PostgreSQL, the update's own 110 MiB and 90 MiB since.
    let rows = 60_000;
    let update = base_and_update(&env, rows, "email;first_name;last_name", "Zoé;Neumann");
    let (run, peak) = env.run_measured(&[
        "import",
        update.to_str().unwrap_or_default(),
        "--mode",
        "update",
        "--report",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("a JSON report");
    let listed = report["rows"].as_array().map(Vec::len).unwrap_or_default();
    assert_eq!(listed, rows, "{}", report["counts"]);
    // In row order, each with its changes.
    assert_eq!(report["rows"][0]["row"], 2);
    assert_eq!(report["rows"][rows - 1]["row"], rows + 1);
    assert_eq!(report["rows"][7]["outcome"], "updated");
    assert_eq!(report["rows"][7]["changes"][1]["after"], "Neumann");
    assert!(peak < 160 * 1024, "peak {peak} KiB");
});

store_test!(an_undo_reads_its_before_images_a_page_at_a_time, |env| {
    // It held the before-images of all 60,000 contacts: a peak of 300 MiB
    // on SQLite, 390 MiB on PostgreSQL (and 675 MiB at 100,000).
    let path = base_and_update(&env, 60_000, "email;last_name", "Neumann");
    let run = env.run(&[
        "import",
        path.to_str().unwrap_or_default(),
        "--mode",
        "update",
        "--quiet",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (undo, peak) = env.run_measured(&["undo", "2", "--yes"]);
    assert_eq!(undo.code, 0, "{}", undo.stderr);
    assert!(peak < 128 * 1024, "peak {peak} KiB");
    assert_eq!(
        env.sql_value("SELECT count(*) FROM contact WHERE last_name = 'Neumann'"),
        "0"
    );
});

store_test!(an_erase_of_many_batches_is_one_audit_line, |env| {
    // Each batch of 1,000 stores its numbers as it commits; the trail
    // shows the import's action as one line all the same.
    let base = env.path("base.csv");
    let made = env.run(&[
        "generate",
        "--rows",
        "2500",
        "--faults",
        "0%",
        "--dup",
        "0%",
        "-o",
        base.to_str().unwrap_or_default(),
    ]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    env.import_json(&base, &[]);
    let mut keys = String::from("email\n");
    for line in std::fs::read_to_string(&base)
        .expect("generated")
        .lines()
        .skip(1)
    {
        keys.push_str(line.split(';').next().unwrap_or_default());
        keys.push('\n');
    }
    let keys = env.write("keys.csv", &keys);
    let report = env.import_json(&keys, &["--mode", "anonymize", "--yes"]);
    assert_eq!(report["counts"]["updated"], 2500, "{}", report["counts"]);
    let audit = env.run(&["audit", "--format", "json"]).json();
    let lines = audit.as_array().cloned().unwrap_or_default();
    assert_eq!(lines.len(), 1, "{audit:#}");
    assert_eq!(lines[0]["action"], "anonymize");
    let numbers = lines[0]["numbers"].as_array().map(Vec::len);
    assert_eq!(numbers, Some(2500));
});

/// A base of `rows` generated contacts (no faults, no duplicates) and an
/// update file giving each of them `cells` (after its email) under
/// `header`: the file's path.
fn base_and_update(env: &Env, rows: usize, header: &str, cells: &str) -> std::path::PathBuf {
    let base = env.path("base.csv");
    let base_path = base.to_str().unwrap_or_default();
    let made = env.run(&[
        "generate",
        "--rows",
        &rows.to_string(),
        "--faults",
        "0%",
        "--dup",
        "0%",
        "--seed",
        "3",
        "-o",
        base_path,
    ]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let imported = env.run(&["import", base_path, "--quiet"]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let mut update = format!("{header}\n");
    for line in std::fs::read_to_string(&base)
        .expect("generated")
        .lines()
        .skip(1)
    {
        let email = line.split(';').next().unwrap_or_default();
        update.push_str(&format!("{email};{cells}\n"));
    }
    env.write("update.csv", &update)
}

/// FNV-1a, 64 bits: a digest that stays the same from one Rust release to
/// the next (the standard library's hasher does not promise to).
fn digest(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

// What a 100,000-row extended create decides, row by row, and the contacts
// it leaves, as digests beside the log's summary lines: the same on both
// stores, and the same before and after a change meant only to make the
// paths faster (issue 19). A change meant to alter a decision updates the
// snapshot, whose summary lines say what moved.
store_test!(a_large_extended_create_decides_as_before, |env| {
    let (file, setup) = (env.path("extended.csv"), env.path("setup.json"));
    let (file, setup) = (
        file.to_str().unwrap_or_default(),
        setup.to_str().unwrap_or_default(),
    );
    let made = env.run(&[
        "generate",
        "--extended",
        "--rows",
        "100000",
        "--seed",
        "42",
        "--setup",
        setup,
        "-o",
        file,
    ]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let run = env.run(&["setup", setup]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = env.run(&["import", file, "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let log = crate::log::story(&env, "1", "en");
    let contacts = env.run(&["contacts", "list", "--extended", "--format", "csv"]);
    assert_eq!(contacts.code, 0, "{}", contacts.stderr);
    let summary: Vec<&str> = log.lines().filter(|l| !l.contains("] Row ")).collect();
    insta::assert_snapshot!(
        "extended_100k",
        format!(
            "{}\nlog: {} lines, digest {}\ncontacts: {} lines, digest {}",
            summary.join("\n"),
            log.lines().count(),
            digest(&log),
            contacts.stdout.lines().count(),
            digest(&contacts.stdout)
        )
    );
});
