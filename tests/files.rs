//! Reading real files: encodings, separators, line endings, workbooks.

use crate::util::findings;

store_test!(windows_1252_is_detected_read_right_and_logged, |env| {
    // "Zürich" and "Genève" as Excel's "CSV" writes them on Windows.
    let mut bytes = b"email;first_name;postal_code;town;country\r\na@ex.ch;J\xfcrg;8001;Z\xfcrich;CH\r\nb@ex.ch;Ren\xe9e;1204;Gen\xe8ve;Suisse\r\n".to_vec();
    bytes.extend_from_slice(b"c@ex.ch;C\xe9line;1204;Gen\xe8ve;Br\xe9sil\r\n");
    let path = env.write("latin.csv", bytes);
    let report = env.import_json(&path, &[]);
    assert_eq!(report["file"]["encoding"], "Windows-1252");
    assert_eq!(report["file"]["separator"], ";");
    assert_eq!(report["counts"]["created"], 2);
    // Brésil read right; the Geneva postal code just does not fit Brazil.
    assert_eq!(
        findings(&report)[0].2,
        vec!["postal_code.format".to_string()]
    );
    let contacts = env.contacts(&[]);
    assert_eq!(contacts[0]["first_name"], "Jürg");
    assert_eq!(contacts[0]["town"], "Zürich");
    assert_eq!(contacts[1]["town"], "Genève");
    let log = env.run(&["log", "1"]);
    assert!(
        log.stdout.contains("read as Windows-1252"),
        "{}",
        log.stdout
    );
});

store_test!(
    a_file_utf8_then_windows_1252_is_read_right_and_logged,
    |env| {
        // UTF-8 for its first 64 KiB and more, then rows an editor saved in
        // Windows-1252: each part is read in its own encoding, and the log says
        // from which row.
        let mut bytes = "email;first_name;town;postal_code;country\na@ex.ch;Zoë;Genève;1204;CH\n"
            .as_bytes()
            .to_vec();
        for i in 0..3000 {
            bytes.extend_from_slice(format!("p{i}@example.ch;Anna;Bern;3001;CH\n").as_bytes());
        }
        assert!(bytes.len() > 65536);
        bytes.extend_from_slice(b"z@ex.ch;J\xfcrg;Z\xfcrich;8001;CH\n");
        let path = env.write("mixed.csv", bytes);
        let report = env.import_json(&path, &[]);
        assert_eq!(report["file"]["encoding"], "Windows-1252");
        assert_eq!(report["counts"]["created"], 3002, "{report}");
        let first = env.contacts(&["--email", "a@ex.ch"]);
        assert_eq!(first[0]["first_name"], "Zoë");
        assert_eq!(first[0]["town"], "Genève");
        let last = env.contacts(&["--email", "z@ex.ch"]);
        assert_eq!(last[0]["first_name"], "Jürg");
        assert_eq!(last[0]["town"], "Zürich");
        let log = env.run(&["log", "1"]);
        assert!(
            log.stdout.contains("UTF-8 before row 3003"),
            "{}",
            log.stdout
        );
    }
);

store_test!(utf8_with_bom_and_every_separator, |env| {
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("bom.csv", "\u{feff}email;town;postal_code;country\na@ex.ch;Genève;1204;CH\n".into(), ";"),
        ("comma.csv", "email,address_line1,postal_code,town,country\r\nb@ex.ch,\"Rue du Lac 1, CP 12\",1003,Lausanne,CH\r\n".into(), ","),
        ("tab.csv", "email\tfirst_name\nc@ex.ch\tAnna\n".into(), "TAB"),
        ("quoted.csv", "email;first_name\n\"d@ex.ch\";\"Anne \"\"Annie\"\" Marie\"\n".into(), ";"),
    ];
    for (name, content, sep) in cases {
        let report = env.import_json(&env.write(name, content), &[]);
        assert_eq!(report["file"]["separator"], sep, "{name}");
        let expected_encoding = if name == "bom.csv" {
            "UTF-8 (BOM)"
        } else {
            "UTF-8"
        };
        assert_eq!(report["file"]["encoding"], expected_encoding, "{name}");
        let created = if name == "quoted.csv" { 0 } else { 1 };
        assert_eq!(report["counts"]["created"], created, "{name}: {report}");
    }
    let contacts = env.contacts(&[]);
    assert_eq!(contacts[0]["town"], "Genève");
    assert_eq!(contacts[1]["address_line1"], "Rue du Lac 1, CP 12");
});

store_test!(utf16_with_bom, |env| {
    let text = "email;first_name\na@ex.ch;Zoë\n";
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let report = env.import_json(&env.write("utf16.csv", bytes), &[]);
    assert_eq!(report["file"]["encoding"], "UTF-16LE");
    assert_eq!(env.contacts(&[])[0]["first_name"], "Zoë");
});

store_test!(quoted_newlines_are_one_row, |env| {
    let path = env.write("multi.csv", "email;address_line1;postal_code;town;country;first_name\r\na@ex.ch;\"Rue 1\r\nCase postale\";1003;Lausanne;CH;Ann\r\nb@ex;;;;;Bob\r\n");
    let report = env.import_json(&path, &[]);
    assert_eq!(
        findings(&report),
        vec![(3, "rejected".into(), vec!["email.format".to_string()])]
    );
    assert_eq!(
        env.contacts(&[])[0]["address_line1"],
        "Rue 1\r\nCase postale"
    );
});

store_test!(xlsx_cells_read_as_a_person_sees_them, |env| {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let path = env.path("contacts.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    for (c, h) in [
        "E-mail",
        "Prénom",
        "Date de naissance",
        "NPA",
        "Ville",
        "Pays",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "ana@example.ch").unwrap();
    sheet.write_string(1, 1, "Ana").unwrap();
    sheet
        .write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(1985, 3, 24).unwrap(), &date)
        .unwrap();
    sheet.write_number(1, 3, 3005.0).unwrap();
    sheet.write_string(1, 4, "Bern").unwrap();
    sheet.write_string(1, 5, "CH").unwrap();
    // Row 3 left empty, as Excel users do; row 4 has a fault.
    sheet.write_string(3, 0, "bo@example").unwrap();
    book.save(&path).unwrap();
    let report = env.import_json(&path, &[]);
    assert_eq!(report["file"]["format"], "xlsx");
    assert_eq!(report["file"]["encoding"], serde_json::Value::Null);
    assert_eq!(report["counts"]["rows"], 2);
    assert_eq!(
        findings(&report),
        vec![(4, "rejected".into(), vec!["email.format".to_string()])]
    );
    let ana = &env.contacts(&[])[0];
    assert_eq!(ana["birthdate"], "24.03.1985");
    assert_eq!(ana["postal_code"], "3005");
});

store_test!(
    files_that_cannot_be_imported_fail_with_exit_1_and_say_why,
    |env| {
        let cases: Vec<(String, &str)> = vec![
            (env.path("missing.csv").display().to_string(), "Cannot open"),
            (env.write("empty.csv", "").display().to_string(), "is empty"),
            (
                env.write("blank.csv", "\n;;\n\n").display().to_string(),
                "is empty",
            ),
            (
                env.write("noemail.csv", "first_name;last_name\nAna;Muster\n")
                    .display()
                    .to_string(),
                "has no email column",
            ),
            (
                env.write("image.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".as_slice())
                    .display()
                    .to_string(),
                "neither a CSV file nor an Excel workbook",
            ),
            (
                env.write("fake.xlsx", b"PK\x03\x04garbage".as_slice())
                    .display()
                    .to_string(),
                "workbook cannot be read",
            ),
            (env.dir.path().display().to_string(), "Cannot open"),
        ];
        for (file, expected) in cases {
            let run = env.run(&["import", &file]);
            assert_eq!(run.code, 1, "{file}: {}", run.stderr);
            assert!(run.stderr.contains(expected), "{file}: {}", run.stderr);
            assert!(
                run.stderr.contains(file.rsplit('/').next().unwrap()),
                "the message names the file: {}",
                run.stderr
            );
            assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        }
        let imports = env.run(&["imports", "--format", "json"]).json();
        assert_eq!(
            imports.as_array().unwrap().len(),
            0,
            "a file that cannot be read records no import"
        );
    }
);
