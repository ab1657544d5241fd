//! The basic import, end to end: rules, outcomes, dry run, re-import, rejects.

use crate::util::findings;

const HEADER: &str =
    "email;title;first_name;last_name;birthdate;language;address_line1;postal_code;town;country";

fn file(rows: &[&str]) -> String {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    s
}

store_test!(every_rule_is_reported_with_its_row_and_column, |env| {
    let path = env.write(
        "rules.csv",
        file(&[
            "ok@example.ch;MRS;Ana;Muster;01.02.1980;de;Rue du Lac 1;1003;Lausanne;Suisse", // 2
            ";;Nomail;;;;;;;",                                                              // 3
            "not-an-email;;;;;;;;;",                                                        // 4
            "ok@example.ch;;;;;;;;;",              // 5 duplicate of 2
            "b@example.ch;;J3an;Dupont2;;;;;;",    // 6
            "c@example.ch;Monsieur;;;;;;;;",       // 7
            "d@example.ch;;;;;klingon;;;;",        // 8
            "e@example.ch;;;;1990-02-01;;;;;",     // 9
            "f@example.ch;;;;31.02.1990;;;;;",     // 10
            "g@example.ch;;;;01.01.2999;;;;;",     // 11
            "h@example.ch;;;;;;Rue 1;;;",          // 12
            "i@example.ch;;;;;;;ABCD;Tokyo;JP",    // 13
            "j@example.ch;;;;;;;123;Bern;CH",      // 14
            "k@example.ch;;;;;;;3000;Bern 3;CH",   // 15
            "l@example.ch;;;;;;;3000;Bern;BRESIL", // 16
            "m@example.ch;;;;;;;3000",             // 17 too short
        ]),
    );
    let report = env.import_json(&path, &[]);
    let codes = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        findings(&report),
        vec![
            (3, "rejected".into(), codes(&["email.missing"])),
            (4, "rejected".into(), codes(&["email.format"])),
            (5, "skipped".into(), codes(&["email.duplicate_in_file"])),
            (
                6,
                "rejected".into(),
                codes(&["first_name.format", "last_name.format"])
            ),
            (7, "rejected".into(), codes(&["title.unknown"])),
            (8, "rejected".into(), codes(&["language.unknown"])),
            (9, "rejected".into(), codes(&["birthdate.format"])),
            (10, "rejected".into(), codes(&["birthdate.invalid"])),
            (11, "rejected".into(), codes(&["birthdate.invalid"])),
            (
                12,
                "rejected".into(),
                codes(&[
                    "address.incomplete",
                    "address.incomplete",
                    "address.incomplete"
                ])
            ),
            (13, "rejected".into(), codes(&["postal_code.format"])),
            (14, "rejected".into(), codes(&["postal_code.format"])),
            (15, "rejected".into(), codes(&["town.format"])),
            (16, "rejected".into(), codes(&["country.unknown"])),
            (17, "rejected".into(), codes(&["row.width"])),
        ]
    );
    let counts = &report["counts"];
    assert_eq!(counts["rows"], 16);
    assert_eq!(counts["created"], 1);
    assert_eq!(counts["skipped"], 1);
    assert_eq!(counts["rejected"], 14);
    let rows = report["rows"].as_array().unwrap();
    let issue =
        |row: u64, i: usize| rows.iter().find(|r| r["row"] == row).unwrap()["issues"][i].clone();
    assert_eq!(
        issue(5, 0)["message"],
        "Row 5: the email address ok@example.ch was already found in row 2 of the file. The contact will not be imported."
    );
    assert_eq!(
        issue(16, 0)["message"],
        "Row 16: country \"BRESIL\" is not known: did you mean BRÉSIL (BR)? The contact will not be imported."
    );
    assert_eq!(issue(12, 0)["column"], "postal_code");
    assert_eq!(issue(6, 0)["value"], "J3an");
    assert_eq!(
        issue(13, 0)["message"],
        "Row 13: postal code \"ABCD\" must contain digits. The contact will not be imported."
    );
    assert_eq!(
        issue(14, 0)["message"],
        "Row 14: postal code \"123\" does not fit the format of CH (for example 1003). The contact will not be imported."
    );
});

store_test!(
    created_contacts_get_defaults_numbers_and_their_origin,
    |env| {
        let path = env.write(
            "Spring Gala 2026.csv",
            file(&[
                "Ana@Example.CH;;;;;;;;;",
                "bo@example.ch;mr;Bo;Lind;1.2.1980;EN;Rue du Lac 1;CH-1003;Lausanne;suisse",
            ]),
        );
        let report = env.import_json(&path, &[]);
        assert_eq!(report["name"], "Spring Gala 2026");
        let contacts =
            env.contacts(&["--created-from", "Spring Gala 2026", "--type", "INDIVIDUAL"]);
        assert_eq!(contacts.len(), 2);
        let ana = &contacts[0];
        assert_eq!(ana["contact_number"], 1);
        assert_eq!(ana["email"], "Ana@example.ch");
        assert_eq!(ana["first_name"], "-");
        assert_eq!(ana["last_name"], "-");
        assert_eq!(ana["title"], "UNDEFINED");
        assert_eq!(ana["language"], "fr");
        assert_eq!(ana["status"], "active");
        let bo = &contacts[1];
        assert_eq!(bo["contact_number"], 2);
        assert_eq!(bo["title"], "MR");
        assert_eq!(bo["birthdate"], "01.02.1980");
        assert_eq!(bo["language"], "en");
        assert_eq!(bo["postal_code"], "1003");
        assert_eq!(bo["country"], "CH");
        assert_eq!(bo["created_from"], "Spring Gala 2026");
        let keys: Vec<&str> = bo.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        for key in [
            "email",
            "title",
            "first_name",
            "last_name",
            "birthdate",
            "language",
            "address_line1",
            "postal_code",
            "town",
            "state",
            "country",
            "contact_number",
            "created_from",
            "status",
        ] {
            assert!(keys.contains(&key), "missing key {key}");
        }
        assert!(env.contacts(&["--type", "STRUCTURE"]).is_empty());
        assert_eq!(env.contacts(&["--email", "ANA@EXAMPLE.CH"]).len(), 1);
        assert!(env.contacts(&["--created-from", "other"]).is_empty());
    }
);

store_test!(
    a_base_of_the_schema_before_is_upgraded_on_first_use,
    |env| {
        let path = env.write(
            "Gala.csv",
            file(&[
                "ana@example.ch;;Ana;Lind;;;;;;",
                "bo@example.ch;;Bo;Lind;;;;;;",
            ]),
        );
        env.import_json(&path, &[]);
        let first_log = env.run(&["log", "1"]);
        assert_eq!(first_log.code, 0, "{}", first_log.stderr);
        // What a base made by the release before has: an index on origin
        // and, on PostgreSQL, emails in a B-tree.
        if env.db.is_some() {
            env.sql(
                "DROP INDEX contact_email;
                 DROP INDEX contact_member;
                 DROP INDEX log_line_contact;
                 DROP INDEX log_line_subject;
                 DROP INDEX log_line_row;
                 DROP INDEX log_line_value;
                 ALTER TABLE import DROP CONSTRAINT import_mode_known;
                 ALTER TABLE import DROP CONSTRAINT import_status_known;
                 ALTER TABLE contact DROP CONSTRAINT contact_status_known;
                 CREATE INDEX contact_email ON contact (institution_id, email_key);
                 CREATE INDEX contact_origin ON contact (institution_id, origin);
                 DROP TABLE duplicate_review;
                 UPDATE intake_schema SET version = 5",
            );
        } else {
            // And its log keyed by (institution, import, number).
            env.sql(
                "CREATE TABLE log_v5 (
                    institution_id INTEGER NOT NULL,
                    import_id INTEGER NOT NULL REFERENCES import(id),
                    seq INTEGER NOT NULL, phase INTEGER NOT NULL, at TEXT NOT NULL,
                    level TEXT NOT NULL, category TEXT NOT NULL, row_number INTEGER,
                    column_name TEXT, code TEXT, value TEXT, outcome TEXT,
                    message_id TEXT NOT NULL, args TEXT NOT NULL,
                    PRIMARY KEY (institution_id, import_id, seq)) WITHOUT ROWID;
                 INSERT INTO log_v5 SELECT institution_id, import_id, seq, phase, at, level,
                    category, row_number, column_name, code, value, outcome, message_id, args
                    FROM log_line;
                 DROP TABLE log_line;
                 ALTER TABLE log_v5 RENAME TO log_line;
                 CREATE INDEX contact_origin ON contact (institution_id, origin);
                 DROP TABLE writer_lock;
                 DROP TABLE sign_in_attempt;
                 ALTER TABLE institution DROP COLUMN retention_days;
                 ALTER TABLE import DROP COLUMN erased_at;
                 ALTER TABLE import DROP COLUMN upload_named_erased;
                 DROP TRIGGER import_closed_sets_insert;
                 DROP TRIGGER import_closed_sets_update;
                 DELETE FROM sqlite_stat1;
                 DROP TABLE duplicate_review;
                 PRAGMA user_version = 4",
            );
        }
        // The first command upgrades it; its contacts are found as before.
        assert_eq!(env.contacts(&["--email", "BO@Example.ch"]).len(), 1);
        assert_eq!(env.contacts(&["--created-from", "Gala"]).len(), 2);
        let again = env.import_json(&path, &[]);
        assert_eq!(again["counts"]["created"], 0, "{again}");
        let origin_index = if env.db.is_some() {
            env.sql_value(
                "SELECT count(*) FROM pg_indexes
                 WHERE schemaname = current_schema() AND indexname = 'contact_origin'",
            )
        } else {
            env.sql_value("SELECT count(*) FROM sqlite_master WHERE name = 'contact_origin'")
        };
        assert_eq!(origin_index, "0");
        if env.db.is_some() {
            // Every migration ran, the writer lock's (007), the sign-in
            // counts' (008), forgetting's (009), the uploads' marks (010)
            // the closed sets' checks (011, 012), the erase lookups' (013,
            // 014) and the duplicate reviews' (015) included.
            assert_eq!(env.sql_value("SELECT version FROM intake_schema"), "15");
            assert_eq!(
                env.sql_value(
                    "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()
                     AND indexname IN ('contact_member', 'log_line_contact',
                       'log_line_subject', 'log_line_row', 'log_line_value')"
                ),
                "5"
            );
            assert_eq!(
                env.sql_value(
                    "SELECT count(*) FROM pg_constraint WHERE conname IN
                     ('import_mode_known', 'import_status_known', 'contact_status_known')
                     AND connamespace = current_schema()::regnamespace"
                ),
                "3"
            );
            let email_index = env.sql_value(
                "SELECT indexdef FROM pg_indexes
                 WHERE schemaname = current_schema() AND indexname = 'contact_email'",
            );
            assert!(email_index.contains("USING hash"), "{email_index}");
        } else {
            assert_eq!(
                env.sql_value("SELECT user_version FROM pragma_user_version"),
                "15"
            );
            assert_eq!(
                env.sql_value(
                    "SELECT count(*) FROM sqlite_master
                     WHERE name IN ('contact_member', 'log_line_contact',
                       'log_line_subject', 'log_line_row', 'log_line_value')"
                ),
                "5"
            );
            // The closed sets: an import's by triggers (a few rows an
            // import), a contact's by its table's CHECK (012).
            assert_eq!(
                env.sql_value(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
                     AND name LIKE 'import_closed_sets_%'"
                ),
                "2"
            );
            assert!(
                env.sql_value("SELECT sql FROM sqlite_master WHERE name = 'contact'")
                    .contains("CHECK (status = 'active' OR status = 'inactive'")
            );
            assert_eq!(
                env.sql_value("SELECT count(*) FROM sqlite_master WHERE tbl_name = 'contact'"),
                "4",
                "the table and its three indexes"
            );
            // Its indexes have the statistics that make lookups use them.
            assert_eq!(
                env.sql_value(
                    "SELECT count(*) FROM sqlite_stat1 WHERE idx = 'contact_change_contact'"
                ),
                "1"
            );
            // Every line kept, under the key of its import and number.
            assert_eq!(
                env.sql_value(
                    "SELECT count(*) FROM log_line WHERE line <> (import_id << 32) + seq"
                ),
                "0"
            );
        }
        assert_eq!(env.sql_value("SELECT count(*) FROM sign_in_attempt"), "0");
        // The last writer is remembered, for whoever would wait for it.
        assert_eq!(env.sql_value("SELECT max(import_id) FROM writer_lock"), "2");
        // The first import's log reads as it did.
        assert_eq!(env.run(&["log", "1"]).stdout, first_log.stdout);
    }
);

store_test!(
    british_and_irish_codes_are_stored_as_written_there_and_a_foreign_letter_is_refused,
    |env| {
        let path = env.write(
            "uk.csv",
            file(&[
                "a@example.ch;;;;;;High St 1;sw1a1aa;London;GB", // 2
                "b@example.ch;;;;;;High St 2;M1 1AE;Manchester;GB", // 3
                "c@example.ch;;;;;;Main St 3;d02x285;Dublin;IE", // 4
                "d@example.ch;;;;;;High St 4;a1\u{e9}bc;Leeds;GB", // 5: it panicked the check
                "e@example.ch;;;;;;High St 5;12345;York;GB",     // 6
            ]),
        );
        let report = env.import_json(&path, &[]);
        let codes = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            findings(&report),
            vec![
                (5, "rejected".into(), codes(&["postal_code.format"])),
                (6, "rejected".into(), codes(&["postal_code.format"])),
            ]
        );
        assert_eq!(report["counts"]["created"], 3, "{report}");
        let mut codes: Vec<String> = env
            .contacts(&[])
            .iter()
            .map(|c| c["postal_code"].as_str().unwrap_or("?").to_string())
            .collect();
        codes.sort();
        assert_eq!(codes, ["D02 X285", "M1 1AE", "SW1A 1AA"]);
    }
);

store_test!(
    email_already_in_the_base_is_a_conflict_naming_the_contact,
    |env| {
        let first = env.write("first.csv", file(&["ana@example.ch;;;;;;;;;"]));
        env.import_json(&first, &[]);
        let second = env.write(
            "second.csv",
            file(&["new@example.ch;;;;;;;;;", "ANA@example.ch;;;;;;;;;"]),
        );
        let report = env.import_json(&second, &[]);
        assert_eq!(report["counts"]["created"], 1);
        assert_eq!(report["counts"]["skipped"], 1);
        let issue = &report["rows"][0]["issues"][0];
        assert_eq!(issue["code"], "email.exists");
        assert_eq!(issue["level"], "warning");
        assert_eq!(
            issue["message"],
            "Row 3: the email address ANA@example.ch is already present in the contact base (contact 1). The contact will not be imported."
        );
    }
);

store_test!(
    dry_run_reports_what_the_real_run_does_and_writes_nothing,
    |env| {
        let base = env.write("base.csv", file(&["ana@example.ch;;;;;;;;;"]));
        env.import_json(&base, &[]);
        let path = env.write(
            "mixed.csv",
            file(&[
                "ana@example.ch;;;;;;;;;",
                "x@;;;;;;;;;",
                "new@example.ch;;;;;;;;;",
                "new@example.ch;;;;;;;;;",
            ]),
        );
        let mut dry = env.import_json(&path, &["--dry-run"]);
        assert_eq!(dry["dry_run"], true);
        assert_eq!(env.contacts(&[]).len(), 1, "a dry run writes no contact");
        let mut real = env.import_json(&path, &[]);
        assert_eq!(env.contacts(&[]).len(), 2);
        for report in [&mut dry, &mut real] {
            report["import_id"] = 0.into();
            report["dry_run"] = false.into();
        }
        assert_eq!(dry, real);
        assert_eq!(real["counts"]["created"], 1);
    }
);

store_test!(
    importing_the_same_file_twice_creates_nothing_the_second_time,
    |env| {
        let path = env.write(
            "twice.csv",
            file(&[
                "a@example.ch;;;;;;;;;",
                "b@example.ch;;;;;;;;;",
                "bad;;;;;;;;;",
            ]),
        );
        let first = env.import_json(&path, &[]);
        assert_eq!(first["counts"]["created"], 2);
        let second = env.import_json(&path, &[]);
        assert_eq!(second["counts"]["created"], 0);
        assert_eq!(second["counts"]["skipped"], 2);
        assert_eq!(second["counts"]["rejected"], 1);
        assert_eq!(second["counts"]["rows"], 3);
        assert_eq!(env.contacts(&[]).len(), 2);
    }
);

store_test!(blank_rows_are_ignored_but_keep_row_numbers, |env| {
    let path = env.write(
        "blank.csv",
        format!("{HEADER}\n;;;;;;;;;\n\nbad;;;;;;;;;\n ; ;;;;;;;;\n"),
    );
    let report = env.import_json(&path, &[]);
    assert_eq!(report["counts"]["rows"], 1);
    assert_eq!(
        findings(&report),
        vec![(4, "rejected".into(), vec!["email.format".to_string()])]
    );
});

store_test!(a_rejects_file_can_be_fixed_and_imported_again, |env| {
    let path = env.write(
        "people.csv",
        "Courriel;Prénom;Nom\nana@example.ch;Ana;Muster\nbo@example;Bo;Lind\n=cmd@x.ch;J3an;X\n",
    );
    let rejects = env.path("rejects.csv");
    let report = env.import_json(&path, &["--rejects", rejects.to_str().unwrap()]);
    assert_eq!(report["counts"]["rejected"], 2);
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(
        text.starts_with("\u{feff}Courriel;Prénom;Nom;errors\n"),
        "{text}"
    );
    assert!(text.contains("bo@example;Bo;Lind;"), "{text}");
    assert!(
        text.contains("'=cmd@x.ch"),
        "formula cells are neutralised: {text}"
    );
    // The user fixes the two rows and imports the rejects file as it is.
    let fixed = text
        .replace("bo@example;", "bo@example.ch;")
        .replace("'=cmd@x.ch;J3an", "cmd@x.ch;Jean");
    let fixed_path = env.write("rejects-fixed.csv", fixed);
    let again = env.import_json(&fixed_path, &[]);
    assert_eq!(again["counts"]["created"], 2, "{again}");
    assert_eq!(again["counts"]["rejected"], 0);
    let log = env.run(&["log", &again["import_id"].to_string()]);
    assert!(
        !log.stdout.contains("not a known column"),
        "the errors column is not an unknown header:\n{}",
        log.stdout
    );
    assert_eq!(env.contacts(&[]).len(), 3);
});

store_test!(structures_need_a_name_and_no_email, |env| {
    let path = env.write(
        "orgs.csv",
        "email;contact_type;structure_name;postal_code;town;country\n;STRUCTURE;Théâtre du Jorat;1083;Mézières;CH\n;STRUCTURE;;;;\n;PERSON;;;;\n",
    );
    let report = env.import_json(&path, &[]);
    assert_eq!(
        findings(&report),
        vec![
            (
                3,
                "rejected".into(),
                vec!["structure_name.missing".to_string()]
            ),
            (
                4,
                "rejected".into(),
                vec!["contact_type.unknown".to_string()]
            ),
        ]
    );
    let orgs = env.contacts(&["--type", "STRUCTURE"]);
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0]["structure_name"], "Théâtre du Jorat");
});

store_test!(headers_in_four_languages, |env| {
    let rows = [
        (
            "fr.csv",
            "Courriel;Civilité;Prénom;Nom;Date de naissance;Langue;Adresse;NPA;Ville;Pays\na@ex.ch;MME;Zoé;Favre;02.03.1970;fr;Rue 1;1003;Lausanne;Suisse\n",
        ),
        (
            "de.csv",
            "E-Mail;Anrede;Vorname;Nachname;Geburtsdatum;Sprache;Strasse;PLZ;Ort;Land\nb@ex.ch;MRS;Jürg;Müller;02.03.1970;de;Hauptstrasse 1;8001;Zürich;Schweiz\n",
        ),
        (
            "it.csv",
            "E-mail;Titolo;Nome;Cognome;Data di nascita;Lingua;Indirizzo;CAP;Città;Paese\nc@ex.ch;MRS;Niccolò;Rossi;02.03.1970;it;Via Nassa 1;6900;Lugano;Svizzera\n",
        ),
        (
            "en.csv",
            "E-mail;Title;First name;Last name;Date of birth;Language;Address;Postcode;Town;Country\nd@ex.ch;MRS;Grace;O'Brien;02.03.1970;en;High Street 1;SW1A 1AA;London;United Kingdom\n",
        ),
    ];
    for (name, content) in rows {
        let report = env.import_json(&env.write(name, content), &[]);
        // Civilité "MME" is not a title code: the one finding expected is in fr.
        let expected = if name == "fr.csv" { 0 } else { 1 };
        assert_eq!(report["counts"]["created"], expected, "{name}: {report}");
    }
    let all = env.contacts(&[]);
    let towns: Vec<&str> = all.iter().map(|c| c["town"].as_str().unwrap()).collect();
    assert_eq!(towns, vec!["Zürich", "Lugano", "London"]);
});

/// Generates `rows` rows, starts `intake import` on them in the background
/// and waits until it has committed a first checkpoint (`what` names, in a
/// failure, what the test wanted to do meanwhile).
pub(crate) fn start_big_import(
    env: &crate::util::Env,
    rows: &str,
    seed: &str,
    what: &str,
) -> (std::path::PathBuf, std::process::Child) {
    let big = env.path("big.csv");
    let generated = env.run(&[
        "generate",
        "--rows",
        rows,
        "--seed",
        seed,
        "-o",
        big.to_str().unwrap(),
    ]);
    assert_eq!(generated.code, 0, "{}", generated.stderr);
    // The base exists before the import starts, as it does in real use.
    assert_eq!(env.run(&["init"]).code, 0);
    let mut child = env
        .command()
        .args(["import", big.to_str().unwrap(), "--quiet"])
        .spawn()
        .expect("start import");
    let started = std::time::Instant::now();
    let failure = loop {
        let list = env.run(&["imports", "--format", "json"]).json();
        if list[0]["status"] == "running" && list[0]["counts"]["rows"].as_u64().unwrap_or(0) > 0 {
            return (big, child);
        }
        if list[0]["status"] == "completed" {
            break format!("the import ended before {what} (it never committed a checkpoint)");
        }
        if let Ok(Some(status)) = child.try_wait() {
            break format!("the import exited ({status}) before {what}: {list}");
        }
        if started.elapsed().as_secs() >= 120 {
            break format!("no checkpoint seen: {list}");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let _ = child.kill();
    let _ = child.wait();
    panic!("{failure}");
}

store_test!(a_killed_import_resumes_to_the_same_result, |env| {
    // Kill the import hard once a first checkpoint is committed.
    let (big, mut child) = start_big_import(&env, "200000", "3", "it could be killed");
    child.kill().expect("kill");
    child.wait().expect("wait");

    let list = env.run(&["imports", "--format", "json"]).json();
    assert_eq!(list[0]["status"], "failed", "{list}");
    let log = env.run(&["log", "1"]);
    assert!(
        log.stdout
            .contains("Resume it with: intake import --resume 1"),
        "{}",
        log.stdout
    );
    let partial = env.contacts(&[]).len();
    assert!(
        partial > 0 && partial < 190_000,
        "the committed part stays: {partial}"
    );

    // Another file (here: one more row) is refused.
    let mut other = std::fs::read(&big).unwrap();
    other.extend_from_slice(b"late@example.ch;;;;;;;;;;;\n");
    let other = env.write("big-j1.csv", other);
    let refused = env.run(&["import", other.to_str().unwrap(), "--resume", "1"]);
    assert_eq!(refused.code, 1);
    assert!(
        refused
            .stderr
            .contains("is not the file import 1 started with"),
        "{}",
        refused.stderr
    );

    let resumed = env.import_json(std::path::Path::new(""), &["--resume", "1"]);
    assert_eq!(resumed["status"], "completed");

    // The same file, uninterrupted, on a fresh base of the same kind.
    let reference_env = crate::util::Env::with(if env.db.is_some() {
        crate::util::Backend::Postgres
    } else {
        crate::util::Backend::Sqlite
    })
    .unwrap();
    let reference = reference_env.import_json(&big, &[]);
    assert_eq!(resumed["counts"], reference["counts"]);
    assert_eq!(
        resumed["rows"], reference["rows"],
        "same findings, row by row"
    );
    assert_eq!(
        env.contacts(&[]),
        reference_env.contacts(&[]),
        "same contacts, same numbers"
    );

    let again = env.run(&["import", "--resume", "1"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("has completed"), "{}", again.stderr);
});

store_test!(resume_refuses_another_file, |env| {
    let file = env.write("a.csv", "email\na@ex.ch\n");
    env.import_json(&file, &[]);
    let missing = env.run(&["import", "--resume", "7"]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("no import 7"), "{}", missing.stderr);
    let usage = env.run(&["import"]);
    assert_eq!(usage.code, 2, "FILE or --resume is needed");
});

store_test!(another_writer_gets_in_while_a_big_import_runs, |env| {
    // Reading and checking run ahead of the writer, so an import would take
    // the write lock again right after each checkpoint; a sign-in, an
    // upload or a cancel must still get in while it runs, not after it.
    let (_, mut child) = start_big_import(&env, "400000", "4", "another writer could try");
    // Two writes from other processes, each waiting for the lock.
    for code in ["MUSIC", "THEATRE"] {
        let added = env.run(&[
            "criteria",
            "add",
            code,
            "--label",
            code,
            "--elements",
            "A,B",
        ]);
        assert_eq!(added.code, 0, "{}", added.stderr);
        let list = env.run(&["imports", "--format", "json"]).json();
        assert_eq!(
            list[0]["status"], "running",
            "the write of {code} had to wait for the end of the import"
        );
    }
    let status = child.wait().expect("wait");
    assert!(status.success());
    let list = env.run(&["imports", "--format", "json"]).json();
    assert_eq!(list[0]["status"], "completed", "{list}");
    let criteria = env.run(&["criteria", "list"]);
    assert!(criteria.stdout.contains("THEATRE"), "{}", criteria.stdout);
});

store_test!(
    a_write_the_base_refuses_fails_the_import_which_resumes_once_fixed,
    |env| {
        // 70,000 rows, then one the base itself refuses (an administrator's
        // rule, here a constraint), then ten more: the first checkpoint
        // (65,536 rows) stays, the rest of the import is rolled back, and the
        // import resumes once the rule is lifted. On PostgreSQL the refusal
        // comes from a COPY streamed by the writer thread, seen later.
        let big = env.path("big.csv");
        let generated = env.run(&[
            "generate",
            "--rows",
            "70000",
            "--faults",
            "0%",
            "--dup",
            "0%",
            "--seed",
            "5",
            "-o",
            big.to_str().unwrap(),
        ]);
        assert_eq!(generated.code, 0, "{}", generated.stderr);
        let mut content = std::fs::read_to_string(&big).unwrap();
        content.push_str("refused@example.ch;MR;Ann;Refused;;;;;;;;\n");
        for i in 0..10 {
            content.push_str(&format!("after{i}@example.ch;;;;;;;;;;;\n"));
        }
        let file = env.write("refused.csv", content);
        assert_eq!(env.run(&["init"]).code, 0);
        if env.db.is_some() {
            env.sql(
                "ALTER TABLE contact ADD CONSTRAINT test_refused CHECK (last_name <> 'Refused')",
            );
        } else {
            env.sql(
            "CREATE TRIGGER test_refused BEFORE INSERT ON contact WHEN NEW.last_name = 'Refused'
             BEGIN SELECT RAISE(ABORT, 'test_refused'); END",
        );
        }
        let failed = env.run(&["import", file.to_str().unwrap(), "--quiet"]);
        assert_eq!(failed.code, 1, "{}", failed.stdout);
        assert!(failed.stderr.contains("test_refused"), "{}", failed.stderr);
        let list = env.run(&["imports", "--format", "json"]).json();
        assert_eq!(list[0]["status"], "failed", "{list}");
        assert_eq!(
            env.contacts(&[]).len(),
            65_536,
            "the first checkpoint stays, nothing after it"
        );
        let log = env.run(&["log", "1"]);
        assert!(
            log.stdout
                .contains("rows up to row 65537 are in the contact base")
                && log.stdout.contains("intake import --resume 1"),
            "{}",
            log.stdout
        );

        if env.db.is_some() {
            env.sql("ALTER TABLE contact DROP CONSTRAINT test_refused");
        } else {
            env.sql("DROP TRIGGER test_refused");
        }
        let resumed = env.import_json(std::path::Path::new(""), &["--resume", "1"]);
        assert_eq!(resumed["status"], "completed", "{resumed}");
        assert_eq!(resumed["counts"]["created"], 70_011, "{resumed}");
        assert_eq!(env.contacts(&[]).len(), 70_011);
    }
);
