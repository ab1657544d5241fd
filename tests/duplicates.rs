//! `intake duplicates find`: on the base (both stores) and on a file, in
//! four languages, households set apart, every output format.

use super::util::Env;

/// People as a box office holds them: one person twice (a hyphen, an
/// abbreviated street, another e-mail), one who moved with a new e-mail
/// and a German spelling, a couple and a father and son at one address,
/// and someone alone.
const PEOPLE: &str = "\
email;first_name;last_name;birthdate;address_line1;postal_code;town;country
jm.dubois@example.ch;Jean-Marc;Dubois;03.04.1971;Av. de la Gare 12;1003;Lausanne;CH
jean-marc.dubois@work.example;Jean Marc;Dubois;03.04.1971;Avenue de la Gare 12;1003;Lausanne;CH
jean.rochat@example.ch;Jean;Rochat;;Rue du Bourg 4;1003;Lausanne;CH
jeanne.rochat@example.ch;Jeanne;Rochat;;Rue du Bourg 4;1003;Lausanne;CH
luca.b@example.ch;Luca;Bernasconi;12.05.1958;Via Nassa 5;6900;Lugano;CH
luca.junior@example.ch;Luca;Bernasconi;30.09.1990;Via Nassa 5;6900;Lugano;CH
sophie@old.example;Sophie;Müller;01.02.1980;Bahnhofstr. 3;8001;Zürich;CH
s.mueller@new.example;Sophie;Mueller;01.02.1980;Seeweg 9;8002;Zürich;CH
anna.keller@example.ch;Anna;Keller;;;;;
";

/// The contact number of the contact with `email`.
fn number(env: &Env, email: &str) -> String {
    let contacts = env.contacts(&["--email", email]);
    contacts[0]["contact_number"].to_string()
}

/// (id_1, id_2, cluster) of each pair of a JSON answer.
fn pairs(json: &serde_json::Value) -> Vec<(String, String, String)> {
    json["pairs"]
        .as_array()
        .map(|pairs| {
            pairs
                .iter()
                .map(|p| {
                    let s = |k: &str| p[k].as_str().unwrap_or("?").to_string();
                    (s("id_1"), s("id_2"), s("cluster"))
                })
                .collect()
        })
        .unwrap_or_default()
}

store_test!(
    the_duplicates_of_the_base_are_named_by_contact_number,
    |env| {
        let file = env.write("people.csv", PEOPLE);
        let report = env.import_json(&file, &[]);
        assert_eq!(report["counts"]["created"], 9, "{report}");
        let n = |email: &str| number(&env, email);
        let (dubois, dubois_2) = (
            n("jm.dubois@example.ch"),
            n("jean-marc.dubois@work.example"),
        );
        let (muller, mueller) = (n("sophie@old.example"), n("s.mueller@new.example"));
        // A pair's numbers find its contacts again, basic and extended.
        for extended in [&[][..], &["--extended"][..]] {
            let list = env.contacts(&[&["--number", &mueller][..], extended].concat());
            assert_eq!(list.len(), 1, "{list:?}");
            assert_eq!(list[0]["email"], "s.mueller@new.example");
        }

        let run = env.run(&["--lang", "en", "duplicates", "find", "--format", "json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let json = run.json();
        // The couple and the father and son at one address are not proposed.
        assert_eq!(
            pairs(&json),
            [
                (dubois.clone(), dubois_2, dubois),
                (muller.clone(), mueller, muller),
            ]
        );
        assert_eq!(json["people"], 9);
        assert_eq!(json["households"], 2);
        let first = &json["pairs"][0];
        let score = first["score"].as_f64().unwrap_or(0.0);
        assert!((0.9..=1.0).contains(&score), "{first}");
        let field = |pair: &serde_json::Value, column: &str| {
            pair["fields"]
                .as_array()
                .and_then(|f| f.iter().find(|f| f["column"] == column))
                .cloned()
                .unwrap_or_default()
        };
        let first_name = field(first, "first_name");
        assert_eq!(first_name["verdict"], "similar");
        assert_eq!(
            first_name["explanation"],
            "First name: Jean-Marc ~ Jean Marc"
        );
        assert_eq!(
            field(first, "address_line1")["explanation"],
            "Address: same street (Av. = Avenue)"
        );
        let moved = &json["pairs"][1];
        assert_eq!(
            field(moved, "last_name")["explanation"],
            "Last name: Müller ~ Mueller"
        );
        assert_eq!(
            field(moved, "address_line1")["explanation"],
            "Address: another address: moved?"
        );
        assert!(
            run.stderr.contains("2 households set apart"),
            "{}",
            run.stderr
        );

        // The father and son: a household, and said so.
        let (father, son) = (n("luca.b@example.ch"), n("luca.junior@example.ch"));
        let run = env.run(&[
            "--lang",
            "en",
            "duplicates",
            "find",
            "--explain",
            &father,
            &son,
            "--format",
            "json",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let explained = run.json();
        assert_eq!(explained["judgement"], "household", "{explained}");
        assert_eq!(explained["household"], true);
        assert!(
            explained["explanation"]
                .as_str()
                .is_some_and(|e| e.starts_with("household, not a duplicate")),
            "{explained}"
        );
        // A lower threshold proposes more, never a household.
        let json = env
            .run(&["duplicates", "find", "--min-score", "0", "--format", "json"])
            .json();
        assert!(
            pairs(&json)
                .iter()
                .all(|(a, b, _)| (a, b) != (&father, &son))
        );
    }
);

#[test]
fn a_file_is_searched_before_its_import_in_four_languages() {
    let env = Env::new();
    let file = env.write(
        "legacy.csv",
        format!(
            "Référence;{}",
            PEOPLE.replace('\n', "\nX;").trim_end_matches("X;")
        )
        .replacen("X;", "L-1;", 1)
        .replacen("X;", "L-2;", 1)
        .replace("X;", "L-9;"),
    );
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(text.starts_with("Référence;email"), "{text}");

    // Rows named by their spreadsheet row number without an id column.
    let run = env.run(&[
        "--lang",
        "en",
        "duplicates",
        "find",
        "--file",
        "legacy.csv",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some("id_1,id_2,score,cluster,explanation"));
    let first = lines.next().unwrap_or_default();
    assert!(first.starts_with("2,3,"), "{}", run.stdout);
    assert!(
        first.ends_with(
            ",2,E-mail: jm.dubois@example.ch ≠ jean-marc.dubois@work.example; \
             First name: Jean-Marc ~ Jean Marc; Last name: same; Date of birth: same; \
             Address: same street (Av. = Avenue)"
        ),
        "{first}"
    );

    // Named by a column of the file, explained in each language.
    let said = |lang: &str| {
        let run = env.run(&[
            "--lang",
            lang,
            "duplicates",
            "find",
            "--file",
            "legacy.csv",
            "--id-column",
            "référence",
            "--format",
            "json",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let json = run.json();
        assert_eq!(
            pairs(&json)[0],
            ("L-1".into(), "L-2".into(), "L-1".into()),
            "{json}"
        );
        json["pairs"][0]["fields"][1]["explanation"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(said("en"), "First name: Jean-Marc ~ Jean Marc");
    assert_eq!(said("fr"), "Prénom : Jean-Marc ~ Jean Marc");
    assert_eq!(said("de"), "Vorname: Jean-Marc ~ Jean Marc");
    assert_eq!(said("it"), "Nome: Jean-Marc ~ Jean Marc");

    // A workbook of the pairs.
    let run = env.run(&[
        "duplicates",
        "find",
        "--file",
        "legacy.csv",
        "--format",
        "xlsx",
        "-o",
        "pairs.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let book = std::fs::read(env.path("pairs.xlsx")).unwrap_or_default();
    assert!(book.starts_with(b"PK"), "an xlsx is a zip");

    // The couple: a household, in the reader's language.
    let run = env.run(&[
        "--lang",
        "fr",
        "duplicates",
        "find",
        "--file",
        "legacy.csv",
        "--explain",
        "4",
        "5",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Prénom : Jean ≠ Jeanne"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("même foyer, pas un doublon"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_search_refuses_what_it_cannot_do_and_says_why() {
    let env = Env::new();
    env.write("people.csv", PEOPLE);
    let run = env.run(&[
        "--lang",
        "en",
        "duplicates",
        "find",
        "--file",
        "people.csv",
        "--id-column",
        "legacy_id",
    ]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("has no column legacy_id"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("first_name"), "{}", run.stderr);
    let run = env.run(&[
        "--lang",
        "en",
        "duplicates",
        "find",
        "--file",
        "people.csv",
        "--explain",
        "2",
        "99",
    ]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("99 is not among the people searched"),
        "{}",
        run.stderr
    );
    let run = env.run(&[
        "duplicates",
        "find",
        "--file",
        "people.csv",
        "--min-score",
        "1.5",
    ]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("1.5 is not a score between 0 and 1"),
        "{}",
        run.stderr
    );
    let run = env.run(&[
        "duplicates",
        "find",
        "--file",
        "people.csv",
        "--format",
        "xlsx",
    ]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("needs -o"), "{}", run.stderr);
    let run = env.run(&["duplicates", "find", "--file", "missing.csv"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("missing.csv"), "{}", run.stderr);
}

/// The pairs of rows of one person in a file `generate --households`
/// wrote (its truth), and the rows of each household.
fn truth(path: &std::path::Path) -> (std::collections::BTreeSet<(String, String)>, usize) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(path)
        .expect("the generated file reads");
    let mut people: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let mut households: std::collections::BTreeMap<String, usize> = Default::default();
    for row in reader.records() {
        let row = row.expect("a row");
        people
            .entry(row[1].to_string())
            .or_default()
            .push(row[0].to_string());
        *households.entry(row[2].to_string()).or_default() += 1;
    }
    let mut pairs = std::collections::BTreeSet::new();
    for rows in people.values() {
        for (i, a) in rows.iter().enumerate() {
            for b in &rows[i + 1..] {
                let (x, y) = if a.parse::<u64>().ok() < b.parse::<u64>().ok() {
                    (a, b)
                } else {
                    (b, a)
                };
                pairs.insert((x.clone(), y.clone()));
            }
        }
    }
    (pairs, households.values().filter(|n| **n > 1).count())
}

#[test]
fn a_generated_file_of_households_is_searched_with_its_truth() {
    let env = Env::new();
    let run = env.run(&[
        "generate",
        "--households",
        "--rows",
        "5000",
        "--seed",
        "3",
        "-o",
        "people.csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (truth, households) = truth(&env.path("people.csv"));
    assert!(truth.len() > 300, "{} pairs of one person", truth.len());
    assert!(
        households > 500,
        "{households} households of several people"
    );

    let run = env.run(&[
        "duplicates",
        "find",
        "--file",
        "people.csv",
        "--id-column",
        "record_id",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let found: std::collections::BTreeSet<(String, String)> = pairs(&run.json())
        .into_iter()
        .map(|(a, b, _)| (a, b))
        .collect();
    let right = found.intersection(&truth).count() as f64;
    let (precision, recall) = (right / found.len() as f64, right / truth.len() as f64);
    // Seed 3 was never looked at while the model was written (seed 7 was).
    assert!(
        precision > 0.95 && recall > 0.9,
        "precision {precision}, recall {recall}"
    );
}

store_test!(
    a_pair_reviewed_as_two_people_is_never_proposed_again,
    |env| {
        let file = env.write("people.csv", PEOPLE);
        env.import_json(&file, &[]);
        let (dubois, dubois_2) = (
            number(&env, "jm.dubois@example.ch"),
            number(&env, "jean-marc.dubois@work.example"),
        );
        let (muller, mueller) = (
            number(&env, "sophie@old.example"),
            number(&env, "s.mueller@new.example"),
        );
        let found = || pairs(&env.run(&["duplicates", "find", "--format", "json"]).json());
        assert_eq!(found().len(), 2);

        // Reviewed in either order: the pair is gone, the other stays.
        let run = env.run(&[
            "--lang",
            "en",
            "duplicates",
            "review",
            &mueller,
            &muller,
            "--different",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            run.stdout.trim(),
            "1 pair reviewed as two people: never proposed again"
        );
        assert_eq!(
            found(),
            [(dubois.clone(), dubois_2.clone(), dubois.clone())]
        );

        // One person: still proposed (a merge will take it), and kept with who
        // and when; a second review replaces the first.
        let run = env.run(&["duplicates", "review", &dubois, &dubois_2, "--same"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(found().len(), 1);
        let list = env
            .run(&["duplicates", "reviews", "--format", "json"])
            .json();
        assert_eq!(list.as_array().map(Vec::len), Some(2), "{list}");
        assert_eq!(list[0]["decision"], "same");
        assert!(
            list[0]["decided_by"]
                .as_str()
                .is_some_and(|w| !w.is_empty()),
            "{list}"
        );
        assert!(
            list[0]["decided_at"]
                .as_str()
                .is_some_and(|t| t.starts_with("20")),
            "{list}"
        );
        let run = env.run(&["duplicates", "review", &muller, &mueller, "--same"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(found().len(), 2);

        // A whole cluster at once; an unknown number refused, nothing recorded.
        let run = env.run(&[
            "--lang",
            "en",
            "duplicates",
            "review",
            &dubois,
            &dubois_2,
            "999",
            "--different",
        ]);
        assert_ne!(run.code, 0);
        assert!(
            run.stderr.contains("999 is no contact of this base"),
            "{}",
            run.stderr
        );
        assert_eq!(found().len(), 2);
        let run = env.run(&[
            "--lang",
            "en",
            "duplicates",
            "review",
            &dubois,
            &dubois_2,
            &muller,
            "--different",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.starts_with("3 pairs"), "{}", run.stdout);
        assert_eq!(found().len(), 1);
        // --same and --different together, or neither, is refused.
        assert_ne!(
            env.run(&["duplicates", "review", &dubois, &dubois_2]).code,
            0
        );
        assert_ne!(
            env.run(&[
                "duplicates",
                "review",
                &dubois,
                &dubois_2,
                "--same",
                "--different"
            ])
            .code,
            0
        );
    }
);

store_test!(an_import_checked_at_the_door_warns_of_lookalikes, |env| {
    let file = env.write("people.csv", PEOPLE);
    env.import_json(&file, &[]);
    // Sophie is in the base twice already (moved, a new e-mail): the row
    // is like both, the one at her new address the most.
    let sophie = number(&env, "s.mueller@new.example");
    let newcomers = env.write(
        "newcomers.csv",
        "email;first_name;last_name;birthdate;address_line1;postal_code;town;country
sophie.m@another.example;Sophie;Mueller;01.02.1980;Seeweg 9;8002;Zürich;CH
marie.rochat@example.ch;Marie;Rochat;;Rue du Bourg 4;1003;Lausanne;CH
zoe.new@example.ch;Zoé;Neuhaus;;;;;
",
    );
    let report = env.import_json(&newcomers, &["--check-duplicates"]);
    // Every row is imported; Sophie's is noted, the Rochats' daughter is
    // a household member, not a duplicate.
    assert_eq!(report["counts"]["created"], 3, "{report}");
    assert_eq!(
        crate::util::findings(&report),
        [(
            2,
            "created".to_string(),
            vec!["contact.possible_duplicate".to_string()]
        )],
        "{report}"
    );
    let log = env.run(&["--lang", "en", "log", "2"]);
    assert!(
        log.stdout.contains(&format!(
            "Row 2: looks like contact {sophie} under another email (score "
        )),
        "{}",
        log.stdout
    );
    assert!(
        log.stdout
            .contains("alike: first_name, last_name, birthdate, address_line1)"),
        "{}",
        log.stdout
    );

    // Without the flag, nothing is said.
    let again = env.write(
        "again.csv",
        "email;first_name;last_name;birthdate\nsophie.m2@another.example;Sophie;Müller;01.02.1980\n",
    );
    let report = env.import_json(&again, &[]);
    assert_eq!(report["counts"]["created"], 1, "{report}");
    assert!(crate::util::findings(&report).is_empty(), "{report}");
});
