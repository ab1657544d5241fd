//! The command-line contract: exit codes, init, the database location.

use crate::util::Env;

#[test]
fn usage_errors_exit_2() {
    let env = Env::new();
    for args in [
        &["import"][..],
        &["import", "x.csv", "--mode", "teleport"],
        &["log", "abc"],
        &["frobnicate"],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    }
}

#[test]
fn the_base_is_created_on_first_use_where_db_says() {
    let env = Env::new();
    let file = env.write("a.csv", "email\na@ex.ch\n");
    let db = env.path("elsewhere.db");
    let run = env.run(&[
        "--db",
        db.to_str().unwrap(),
        "import",
        file.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(db.exists());
    assert!(!env.path("intake.db").exists());
    // $INTAKE_DB is read too.
    let out = env
        .command()
        .env("INTAKE_DB", &db)
        .args(["contacts", "list", "--format", "json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
}

store_test!(init_takes_the_institution_settings, |env| {
    let run = env.run(&[
        "init",
        "--languages",
        "de,fr",
        "--default-language",
        "de",
        "--default-title",
        "MR",
        "--first-contact-number",
        "1000000",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = env.write("a.csv", "email;language\na@ex.ch;\nb@ex.ch;it\n");
    let report = env.import_json(&file, &[]);
    assert_eq!(report["rows"][0]["issues"][0]["code"], "language.unknown");
    assert!(
        report["rows"][0]["issues"][0]["message"]
            .as_str()
            .unwrap()
            .contains("(de, fr)")
    );
    let a = &env.contacts(&[])[0];
    assert_eq!(a["contact_number"], 1000000);
    assert_eq!(a["language"], "de");
    assert_eq!(a["title"], "MR");
    let again = env.run(&["init"]);
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("already initialised"),
        "{}",
        again.stderr
    );
    let bad = env.run(&[
        "--db",
        "other.db",
        "init",
        "--languages",
        "de",
        "--default-language",
        "fr",
    ]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("--default-language"), "{}", bad.stderr);
});

store_test!(messages_speak_the_chosen_language, |env| {
    let file = env.write("a.csv", "email;first_name\na@ex.ch;J3an\n");
    for (lang, expected) in [
        ("fr", "Le contact ne sera pas importé"),
        ("de", "Jean"),
        ("it", "J3an"),
    ] {
        let out = env
            .command()
            .args([
                "--lang",
                lang,
                "import",
                file.to_str().unwrap(),
                "--dry-run",
                "--report",
                "json",
            ])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let message = report["rows"][0]["issues"][0]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(message.contains("J3an"), "{lang}: {message}");
        if lang == "fr" {
            assert!(message.contains(expected), "{message}");
        }
        assert!(!message.contains("issue-"), "no raw key: {message}");
    }
});

#[test]
fn generate_is_deterministic_and_has_the_asked_faults() {
    let env = Env::new();
    let a = env.run(&[
        "generate", "--rows", "2000", "--faults", "10%", "--dup", "5%", "--seed", "7",
    ]);
    let b = env.run(&[
        "generate", "--rows", "2000", "--faults", "10%", "--dup", "5%", "--seed", "7",
    ]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout);
    let file = env.write("gen.csv", &a.stdout);
    let report = env.import_json(&file, &["--dry-run"]);
    let c = &report["counts"];
    assert_eq!(c["rows"], 2000);
    let rejected = c["rejected"].as_u64().unwrap();
    let skipped = c["skipped"].as_u64().unwrap();
    assert!(
        (120..=280).contains(&rejected),
        "about 10% rejected: {rejected}"
    );
    assert!((50..=160).contains(&skipped), "about 5% skipped: {skipped}");
    let bad = env.run(&["generate", "--faults", "abc"]);
    assert_eq!(bad.code, 1);
}
