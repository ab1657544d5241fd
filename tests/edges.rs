//! Trust at the edges (issue 17): what a hostile or unlucky user sends —
//! broken quotes, endless lines, control characters, hostile workbooks —
//! is refused or rejected with a clear word, never half-imported.

/// How many contacts the base has.
fn contacts_in(env: &crate::util::Env) -> u64 {
    env.sql_value("SELECT COUNT(*) FROM contact")
        .parse()
        .unwrap_or(u64::MAX)
}

store_test!(
    an_unclosed_quote_refuses_the_file_and_writes_nothing,
    |env| {
        let path = env.write(
        "notes.csv",
        "email;first_name;last_name;notes\na@x.ch;Ann;Lee;\"note\nb@x.ch;Bob;Lee;\nc@x.ch;Cy;Lee;\nd@x.ch;Di;Lee;\n",
    );
        let run = env.run(&["import", path.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains("row 2") && run.stderr.contains("never closed"),
            "{}",
            run.stderr
        );
        assert_eq!(contacts_in(&env), 0);
        // The import is recorded failed, its log saying why.
        let log = env.run(&["log", "1"]);
        assert!(log.stdout.contains("never closed"), "{}", log.stdout);
        assert!(!log.stdout.contains("created"), "{}", log.stdout);
    }
);

store_test!(
    a_file_refused_after_a_checkpoint_leaves_nothing_of_it,
    |env| {
        // 70,000 good rows (a checkpoint commits every 65,536), then a
        // quote that never closes: nothing of the file stays.
        let mut text = String::from("email;first_name;last_name;notes\n");
        for i in 0..70_000 {
            text.push_str(&format!("p{i}@example.ch;Anna;Muster;\n"));
        }
        text.push_str("late@example.ch;Ann;Lee;\"open\nz@example.ch;Z;Z;\n");
        let path = env.write("big.csv", text);
        let run = env.run(&["import", path.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains("row 70002"), "{}", run.stderr);
        assert_eq!(contacts_in(&env), 0);
        // The same file fixed imports whole.
        let fixed = std::fs::read_to_string(&path)
            .unwrap()
            .replace("\"open", "open");
        let path = env.write("big.csv", fixed);
        let report = env.import_json(&path, &[]);
        assert_eq!(report["counts"]["created"], 70_002);
        assert_eq!(report["counts"]["rows"], 70_002);
    }
);

store_test!(a_line_over_one_mebibyte_refuses_the_file, |env| {
    let mut text = b"email;first_name\na@x.ch;Ann\n".to_vec();
    text.extend(std::iter::repeat_n(b'x', 2 << 20));
    text.extend_from_slice(b"\nb@x.ch;Bob\n");
    let path = env.write("long.csv", text);
    let run = env.run(&["import", path.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("row 3") && run.stderr.contains("1 MiB"),
        "{}",
        run.stderr
    );
    assert_eq!(contacts_in(&env), 0);
});

store_test!(an_anonymize_whose_file_is_refused_erases_no_one, |env| {
    let mut text = String::from("email;first_name;last_name\n");
    for i in 0..70_000 {
        text.push_str(&format!("p{i}@example.ch;Anna;Muster\n"));
    }
    let report = env.import_json(&env.write("people.csv", &text), &[]);
    assert_eq!(report["counts"]["created"], 70_000);
    // Every one of them, then a broken quote at the very end.
    let mut keys = String::from("email\n");
    for i in 0..70_000 {
        keys.push_str(&format!("p{i}@example.ch\n"));
    }
    keys.push_str("\"p1@example.ch\n");
    let path = env.write("erase.csv", keys);
    let run = env.run(&[
        "import",
        path.to_str().unwrap(),
        "--mode",
        "anonymize",
        "--yes",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("row 70002"), "{}", run.stderr);
    assert_eq!(
        env.sql_value("SELECT COUNT(*) FROM contact WHERE email IS NOT NULL"),
        "70000"
    );
});
