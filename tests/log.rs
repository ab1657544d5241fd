//! The log and its exports, the report snapshot, the templates.

use crate::util::Env;

const STORY: &str = "email;title;first_name;last_name;birthdate;country;postal_code;town;Hobby\n\
ana@example.ch;MRS;Ana;Muster;01.02.1980;CH;1003;Lausanne;x\n\
bad@;Monsieur;J3an;Dupont;31.02.1990;BRESIL;ABC;Paris 16;\n\
ANA@example.ch;;;;;;;;\n\
=HYPERLINK(\"x\")@ex.ch;;;;;;;;\n";

/// The text log without its time column (which changes every run).
pub(crate) fn story(env: &Env, id: &str, lang: &str) -> String {
    let out = env
        .command()
        .args(["--lang", lang, "log", id])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let parts: Vec<&str> = l.splitn(4, '\t').collect();
            format!(
                "{} {} {}",
                parts[0],
                parts[2],
                parts.get(3).copied().unwrap_or("")
            )
        })
        .map(|l| without_duration(&l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// "… in 0.3 s." → "… in <duration>." (the one value that changes per run).
fn without_duration(line: &str) -> String {
    match line.rfind(" s.") {
        Some(end) => {
            let start = line[..end]
                .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
                .len();
            format!("{}<duration>{}", &line[..start], &line[end + 2..])
        }
        None => line.to_string(),
    }
}

store_test!(the_log_reads_like_a_story_in_each_language, |env| {
    let file = env.write("story.csv", STORY);
    let run = env.run(&["import", file.to_str().unwrap(), "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("log_en", story(&env, "1", "en"));
    insta::assert_snapshot!("log_fr", story(&env, "1", "fr"));
    insta::assert_snapshot!("log_de", story(&env, "1", "de"));
});

store_test!(report_json_snapshot, |env| {
    let file = env.write("story.csv", STORY);
    let report = env.import_json(&file, &["--dry-run"]);
    insta::assert_snapshot!(
        "report_dry_run",
        serde_json::to_string_pretty(&report).unwrap()
    );
});

store_test!(log_exports_csv_xlsx_json, |env| {
    use calamine::{Reader, Xlsx, open_workbook};
    let file = env.write("story.csv", STORY);
    env.run(&["import", file.to_str().unwrap(), "--quiet"]);

    let csv = env.run(&["log", "1", "--format", "csv"]);
    assert_eq!(csv.code, 0);
    assert!(
        csv.stdout
            .starts_with("\u{feff}No.;Time;Level;Category;Row;Column;Code;Value;Message"),
        "{}",
        csv.stdout
    );
    assert!(
        csv.stdout.contains("'=HYPERLINK"),
        "formula cells are neutralised:\n{}",
        csv.stdout
    );
    assert!(
        !csv.stdout.contains(";=HYPERLINK") && !csv.stdout.contains(";\"=HYPERLINK"),
        "{}",
        csv.stdout
    );

    let json = env.run(&["log", "1", "--format", "json"]).json();
    let lines = json["lines"].as_array().unwrap();
    assert_eq!(lines.first().unwrap()["category"], "initialisation");
    assert_eq!(lines.last().unwrap()["category"], "summary");
    assert!(
        lines
            .iter()
            .any(|l| l["code"] == "email.duplicate_in_file" && l["row"] == 4)
    );
    assert_eq!(json["counts"]["created"], 1);

    let xlsx = env.path("journal.xlsx");
    let run = env.run(&["log", "1", "--format", "xlsx", "-o", xlsx.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(range.get_size().0, lines.len() + 1);
    assert_eq!(range.get((0, 8)).unwrap().to_string(), "Message");

    let missing = env.run(&["log", "99"]);
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.contains("no import 99"),
        "{}",
        missing.stderr
    );
});

store_test!(imports_list_newest_first, |env| {
    let file = env.write("a.csv", "email\na@ex.ch\n");
    env.run(&["import", file.to_str().unwrap(), "--quiet"]);
    env.run(&[
        "import",
        file.to_str().unwrap(),
        "--quiet",
        "--dry-run",
        "--name",
        "rehearsal",
    ]);
    let list = env.run(&["imports", "--format", "json"]).json();
    assert_eq!(list[0]["name"], "rehearsal");
    assert_eq!(list[0]["dry_run"], true);
    assert_eq!(list[1]["name"], "a");
    assert_eq!(list[1]["status"], "completed");
    let table = env.run(&["imports"]);
    assert!(
        table.stdout.lines().nth(1).unwrap().contains("rehearsal"),
        "{}",
        table.stdout
    );
});

store_test!(templates_in_four_languages_import_back, |env| {
    use calamine::{Reader, Xlsx, open_workbook};
    let fr = env.run(&["--lang", "fr", "template"]);
    assert!(
        fr.stdout
            .starts_with("\u{feff}E-mail;Civilité;Prénom;Nom;Date de naissance;Langue;"),
        "{}",
        fr.stdout
    );
    for lang in ["fr", "de", "en", "it"] {
        let out = env
            .command()
            .args(["--lang", lang, "template"])
            .output()
            .unwrap();
        let mut text = String::from_utf8(out.stdout).unwrap();
        text.push_str("a@ex.ch;MRS;Zoë;D'Amico;24.03.1985;it;Via Nassa 1;;6900;Lugano;TI;CH\n");
        let report = env.import_json(&env.write(&format!("t-{lang}.csv"), text), &["--dry-run"]);
        assert_eq!(report["counts"]["created"], 1, "{lang}: {report}");
        let log = env.run(&["log", &report["import_id"].to_string()]);
        assert!(
            !log.stdout.contains("not a known column"),
            "{lang}: {}",
            log.stdout
        );

        let xlsx = env.path(&format!("modele-{lang}.xlsx"));
        let run = env.run(&[
            "--lang",
            lang,
            "template",
            "--format",
            "xlsx",
            "-o",
            xlsx.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
        assert_eq!(book.sheet_names().len(), 3);
        let head = book.worksheet_range_at(0).unwrap().unwrap();
        assert_eq!(
            head.get((0, 0)).unwrap().to_string(),
            "E-mail".replace("E-mail", if lang == "de" { "E-Mail" } else { "E-mail" })
        );
        let help = book.worksheet_range_at(1).unwrap().unwrap();
        assert!(help.get_size().0 >= 16, "one help row per column");
        let lists = book.worksheet_range_at(2).unwrap().unwrap();
        assert!(lists.get_size().0 > 240, "country list");
    }
});
