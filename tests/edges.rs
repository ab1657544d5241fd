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

/// The most memory an import may take, whatever the file: 256 MiB.
const PEAK_KIB: u64 = 256 * 1024;

/// Raw deflate of `chunk`, flushed to a byte boundary, from a fresh
/// compressor: it refers to nothing before it, so it may be repeated, and
/// a stream of it repeated inflates to the chunk repeated.
fn deflated(chunk: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(chunk.len() + 1024);
    let mut deflate = flate2::Compress::new(flate2::Compression::best(), false);
    deflate
        .compress_vec(chunk, &mut out, flate2::FlushCompress::Sync)
        .expect("deflate");
    out
}

/// A part whose XML is `prefix`, `chunk` `times` times, then `suffix`:
/// its deflate stream and its inflated size.
fn repeated(prefix: &str, chunk: &[u8], times: usize, suffix: &str) -> (Vec<u8>, u64) {
    let block = deflated(chunk);
    let mut out = deflated(prefix.as_bytes());
    for _ in 0..times {
        out.extend_from_slice(&block);
    }
    out.extend_from_slice(&deflated(suffix.as_bytes()));
    let mut end = Vec::with_capacity(64);
    flate2::Compress::new(flate2::Compression::fast(), false)
        .compress_vec(&[], &mut end, flate2::FlushCompress::Finish)
        .expect("deflate");
    out.extend_from_slice(&end);
    let size = (prefix.len() + chunk.len() * times + suffix.len()) as u64;
    (out, size)
}

/// A zip file of these parts (name, deflate stream, inflated size),
/// written by hand: a part may inflate to gigabytes from a few MB.
fn zip_of(parts: &[(&str, Vec<u8>, u64)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let header =
        |out: &mut Vec<u8>, sig: u32, name: &str, data: &[u8], size: u64, at: Option<u32>| {
            out.extend_from_slice(&sig.to_le_bytes());
            if at.is_some() {
                out.extend_from_slice(&20u16.to_le_bytes());
            }
            for v in [20u16, 0, 8, 0, 0] {
                out.extend_from_slice(&v.to_le_bytes());
            }
            out.extend_from_slice(&0u32.to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(size as u32).to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
            if let Some(at) = at {
                for v in [0u16, 0, 0] {
                    out.extend_from_slice(&v.to_le_bytes());
                }
                out.extend_from_slice(&0u32.to_le_bytes());
                out.extend_from_slice(&at.to_le_bytes());
            }
            out.extend_from_slice(name.as_bytes());
        };
    for (name, data, size) in parts {
        let at = out.len() as u32;
        header(&mut out, 0x0403_4b50, name, data, *size, None);
        out.extend_from_slice(data);
        header(&mut central, 0x0201_4b50, name, data, *size, Some(at));
    }
    let (at, len) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    for v in [0u16, 0, parts.len() as u16, parts.len() as u16] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// A workbook whose first sheet's part is `sheet` (deflate stream and
/// inflated size), with these shared strings (the whole part).
fn workbook(sheet: (Vec<u8>, u64), strings: Option<&str>) -> Vec<u8> {
    let small = |xml: &str| -> (Vec<u8>, u64) { repeated(xml, b"", 0, "") };
    let mut parts = vec![
        (
            "_rels/.rels",
            small(
                r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
            ),
        ),
        (
            "xl/workbook.xml",
            small(
                r#"<workbook xmlns:r="r"><sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            small(
                r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
            ),
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    if let Some(strings) = strings {
        parts.push(("xl/sharedStrings.xml", small(strings)));
    }
    let parts: Vec<(&str, Vec<u8>, u64)> = parts.into_iter().map(|(n, (d, s))| (n, d, s)).collect();
    zip_of(&parts)
}

const HEADER_ROW: &str =
    r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c></row>"#;

/// 2 KB: one cell at Excel's last column and row (calamine made a dense
/// sheet of 17 billion cells of it).
fn corner_workbook() -> Vec<u8> {
    workbook(
        repeated(
            HEADER_ROW,
            b"",
            0,
            r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>"#,
        ),
        None,
    )
}

/// A sheet with one cell of 2 GB, in 2 MB.
fn huge_cell_workbook() -> Vec<u8> {
    workbook(
        repeated(
            &format!(r#"{HEADER_ROW}<row><c t="inlineStr"><is><t>"#),
            &vec![b'a'; 1 << 20],
            2048,
            "</t></is></c></row></sheetData></worksheet>",
        ),
        None,
    )
}

#[test]
fn hostile_workbooks_are_refused_in_bounded_memory() {
    let env = crate::util::Env::new();
    let mb = 1 << 20;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        // 2 KB: one cell at Excel's last column and row.
        ("corner.xlsx", corner_workbook(), "column XFD"),
        // A sheet inflating to 3.2 GB of (empty) rows.
        (
            "rows.xlsx",
            workbook(
                repeated(
                    HEADER_ROW,
                    &b"<row></row>".repeat(mb / 11),
                    3200,
                    "</sheetData></worksheet>",
                ),
                None,
            ),
            "row 1048576",
        ),
        // One cell of 2 GB.
        ("cell.xlsx", huge_cell_workbook(), "longer than 1 MiB"),
        // 3 GB of whitespace.
        (
            "spaces.xlsx",
            workbook(
                repeated(
                    HEADER_ROW,
                    &vec![b' '; mb],
                    3072,
                    "</sheetData></worksheet>",
                ),
                None,
            ),
            "longer than 1 MiB",
        ),
    ];
    for (name, bytes, says) in cases {
        assert!(bytes.len() < 16 * mb, "{name}: {} bytes", bytes.len());
        let path = env.write(name, bytes);
        let (run, peak) = env.run_measured(&["import", path.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{name}: {}", run.stderr);
        assert!(peak < PEAK_KIB, "{name}: peak {peak} KiB");
        assert_eq!(contacts_in(&env), 0, "{name}");
    }
    // Shared strings declaring four billion: imported as what they hold.
    let bytes = workbook(
        repeated(
            r#"<worksheet><sheetData><row><c t="s"><v>0</v></c></row><row><c t="s"><v>1</v></c></row></sheetData></worksheet>"#,
            b"",
            0,
            "",
        ),
        Some(
            r#"<sst count="4000000000" uniqueCount="4000000000"><si><t>email</t></si><si><t>ann@example.ch</t></si></sst>"#,
        ),
    );
    let path = env.write("count.xlsx", bytes);
    let (run, peak) = env.run_measured(&["import", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(peak < PEAK_KIB, "peak {peak} KiB");
    assert_eq!(contacts_in(&env), 1);
}

/// An `.ods` of 700 bytes whose one cell holds "a", 1.5 billion spaces
/// (`<text:s text:c=…/>`) and "b": past every check, calamine builds the
/// text.
fn spaced_ods() -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    let deflated = zip::write::SimpleFileOptions::default();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(br#"<manifest:manifest><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(br#"<office:document-content><office:body><office:spreadsheet><table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>email</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="1500000000"/>b</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#).unwrap();
    zip.finish().unwrap().into_inner()
}

/// What no check foresees, the reading process's limit stops: the
/// workbook is refused with a word, and the import's own process never
/// held the text (before, 20 s and 5.8 GB, then a failed import).
#[test]
fn a_workbook_read_whole_that_needs_too_much_memory_is_refused() {
    let env = crate::util::Env::new();
    let bytes = spaced_ods();
    assert!(bytes.len() < 2048);
    let path = env.write("spaced.ods", bytes);
    let (run, peak) = env.run_measured(&["import", path.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("took more than 512 MiB of memory") && run.stderr.contains(".xlsx"),
        "{}",
        run.stderr
    );
    // (The reading process's peak is counted too: under its limit.)
    assert!(peak < 512 * 1024 + PEAK_KIB, "peak {peak} KiB");
    assert_eq!(contacts_in(&env), 0);
}

/// One BIFF12 record of an `.xlsb` part: its type and size as numbers of
/// 7 bits a byte, then its data.
fn record12(out: &mut Vec<u8>, kind: u32, data: &[u8]) {
    let mut number = |mut n: u32, most: usize| {
        for _ in 0..most {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(byte);
                return;
            }
            out.push(byte | 0x80);
        }
    };
    number(kind, 2);
    number(data.len() as u32, 4);
    out.extend_from_slice(data);
}

/// A string as `.xlsb` writes it: its length in UTF-16 units, then them.
fn wide(text: &str) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut out = (units.len() as u32).to_le_bytes().to_vec();
    for unit in units {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

/// An `.xlsb` workbook of one sheet, "Contacts", holding these rows
/// (0-based row, then each cell's 0-based column and text), written as
/// Excel writes one: a workbook part naming the sheet, its relationship,
/// and the sheet's records.
fn xlsb_of(rows: impl Iterator<Item = (u32, Vec<(u32, String)>)>) -> Vec<u8> {
    let mut book = Vec::new();
    record12(&mut book, 0x0083, &[]); // BrtBeginBook
    record12(&mut book, 0x008F, &[]); // BrtBeginBundleShs
    let mut sheet = [0u32.to_le_bytes(), 1u32.to_le_bytes()].concat();
    sheet.extend(wide("rId1"));
    sheet.extend(wide("Contacts"));
    record12(&mut book, 0x009C, &sheet); // BrtBundleSh
    record12(&mut book, 0x0090, &[]); // BrtEndBundleShs
    record12(&mut book, 0x009D, &[0; 8]); // BrtCalcProp
    record12(&mut book, 0x0084, &[]); // BrtEndBook
    let mut data = Vec::new();
    record12(&mut data, 0x0081, &[]); // BrtBeginSheet
    record12(&mut data, 0x0094, &[0; 16]); // BrtWsDim
    record12(&mut data, 0x0091, &[]); // BrtBeginSheetData
    for (row, cells) in rows {
        let mut head = row.to_le_bytes().to_vec();
        head.extend_from_slice(&[0; 13]);
        record12(&mut data, 0x0000, &head); // BrtRowHdr
        for (col, text) in cells {
            let mut cell = [col.to_le_bytes(), 0u32.to_le_bytes()].concat();
            cell.extend(wide(&text));
            record12(&mut data, 0x0006, &cell); // BrtCellSt
        }
    }
    record12(&mut data, 0x0092, &[]); // BrtEndSheetData
    record12(&mut data, 0x0082, &[]); // BrtEndSheet
    let rels = br#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>"#;
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default();
    for (name, bytes) in [
        ("xl/workbook.bin", book.as_slice()),
        ("xl/_rels/workbook.bin.rels", rels.as_slice()),
        ("xl/worksheets/sheet1.bin", data.as_slice()),
    ] {
        zip.start_file(name, deflated).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// An `.xlsb` is streamed like an `.xlsx`: 1,200,000 cells (more than a
/// workbook read whole may have) imported in bounded memory.
#[test]
fn an_xlsb_is_streamed_past_the_limit_of_a_workbook_read_whole() {
    let env = crate::util::Env::new();
    const ROWS: u32 = 30_000;
    let header: Vec<(u32, String)> = ["email", "first_name", "last_name"]
        .iter()
        .map(|h| h.to_string())
        .chain((3..40).map(|i| format!("note {i}")))
        .enumerate()
        .map(|(c, h)| (c as u32, h))
        .collect();
    let rows = std::iter::once((0, header)).chain((1..ROWS).map(|r| {
        let mut cells = vec![
            (0, format!("person{r}@example.ch")),
            (1, "Ann".to_string()),
            (2, "Lee".to_string()),
        ];
        cells.extend((3..40).map(|c| (c, format!("n{c}"))));
        (r, cells)
    }));
    let path = env.write("big.xlsb", xlsb_of(rows));
    let (run, peak) = env.run_measured(&["import", path.to_str().unwrap(), "--report", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json report");
    assert_eq!(report["counts"]["created"], u64::from(ROWS - 1), "{report}");
    assert!(peak < PEAK_KIB, "peak {peak} KiB");
}

/// What refuses an `.xlsx` refuses an `.xlsb` (the reading process says
/// the limit, the import names it), and a damaged one is refused, never
/// a crash.
#[test]
fn an_xlsb_over_a_limit_or_damaged_is_refused_naming_why() {
    let env = crate::util::Env::new();
    let header = || (0, vec![(0, "email".to_string())]);
    let corner = xlsb_of([header(), (1_048_575, vec![(16_383, "x".to_string())])].into_iter());
    let long = xlsb_of([header(), (1, vec![(0, "a".repeat(40_000))])].into_iter());
    let after = xlsb_of(
        [
            header(),
            (5, vec![(0, "a@x.ch".into())]),
            (3, vec![(0, "b@x.ch".into())]),
        ]
        .into_iter(),
    );
    let mut cut = xlsb_of([header()].into_iter());
    // The central directory kept, the sheet's data cut in its middle.
    let at = cut.len() / 2;
    cut[at..at + 8].copy_from_slice(&[0xff; 8]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("corner.xlsb", corner, "column XFD"),
        ("long.xlsb", long, "32767"),
        ("after.xlsb", after, "row 4 comes after row 6"),
        ("cut.xlsb", cut, "cut.xlsb"),
    ];
    for (name, bytes, says) in cases {
        let path = env.write(name, bytes);
        let (run, peak) = env.run_measured(&["import", path.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{name}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        assert!(peak < PEAK_KIB, "{name}: peak {peak} KiB");
        assert_eq!(contacts_in(&env), 0, "{name}");
    }
}

#[test]
fn an_ods_with_a_row_repeated_a_billion_times_is_refused_at_once() {
    use std::io::Write;
    let env = crate::util::Env::new();
    let path = env.path("bomb.ods");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(br#"<office:document-content><office:body><office:spreadsheet><table:table><table:table-row><table:table-cell office:value-type="string"><text:p>email</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1000000000"><table:table-cell office:value-type="string" table:number-columns-repeated="50"><text:p>a@x.ch</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#).unwrap();
    zip.finish().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 2048);
    let started = std::time::Instant::now();
    let (run, peak) = env.run_measured(&["import", path.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("1000000 cells") && run.stderr.contains(".xlsx or as CSV"),
        "{}",
        run.stderr
    );
    assert!(peak < PEAK_KIB, "peak {peak} KiB");
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}

store_test!(
    a_nul_byte_rejects_its_row_and_the_others_are_imported,
    |env| {
        // PostgreSQL refused the whole import for one NUL (no row named).
        let path = env.write(
            "nul.csv",
            b"email;first_name;last_name\na@x.ch;Ann;Lee\nb@x.ch;B\0b;Lee\nc@x.ch;Cy;Lee\n"
                .as_slice(),
        );
        let report = env.import_json(&path, &[]);
        assert_eq!(report["counts"]["created"], 2, "{report}");
        assert_eq!(report["counts"]["rejected"], 1, "{report}");
        assert_eq!(
            crate::util::findings(&report),
            vec![(
                3,
                "rejected".to_string(),
                vec!["cell.control_character".to_string()]
            )]
        );
        let log = env.run(&["log", "1"]);
        assert!(
            log.stdout.contains("B\u{2400}b") && log.stdout.contains("U+0000"),
            "{}",
            log.stdout
        );
    }
);

/// Windows-1252 has no character at 0x81, 0x8D, 0x8F, 0x90 and 0x9D: read,
/// they are C1 control characters, which reject their cell like any other.
#[test]
fn a_c1_control_in_a_windows_1252_file_rejects_its_row() {
    let env = crate::util::Env::new();
    let path = env.write(
        "latin.csv",
        b"email;first_name;last_name\na@x.ch;Ren\xe9;Lee\nb@x.ch;B\x81b;Lee\nc@x.ch;Cy;M\x9dller\n"
            .as_slice(),
    );
    let report = env.import_json(&path, &[]);
    assert_eq!(report["file"]["encoding"], "Windows-1252", "{report}");
    assert_eq!(report["counts"]["created"], 1, "{report}");
    assert_eq!(
        crate::util::findings(&report),
        vec![
            (
                3,
                "rejected".to_string(),
                vec!["cell.control_character".to_string()]
            ),
            (
                4,
                "rejected".to_string(),
                vec!["cell.control_character".to_string()]
            )
        ]
    );
}

store_test!(
    a_cell_longer_than_its_column_is_rejected_and_logged_short,
    |env| {
        let long = "Anna".repeat(1_250);
        let path = env.write(
            "long.csv",
            format!("email;first_name;last_name\na@x.ch;{long};Lee\nb@x.ch;Bob;Lee\n"),
        );
        let report = env.import_json(&path, &[]);
        assert_eq!(report["counts"]["created"], 1, "{report}");
        assert_eq!(
            crate::util::findings(&report),
            vec![(2, "rejected".to_string(), vec!["cell.too_long".to_string()])]
        );
        let value = report["rows"][0]["issues"][0]["value"]
            .as_str()
            .unwrap_or_default();
        assert_eq!(value.chars().count(), 101, "{value}");
        let log = env.run(&["log", "1", "--format", "json"]);
        assert!(
            !log.stdout.contains(&long[..200]),
            "the log keeps 100 characters"
        );
        assert!(log.stdout.contains("100"), "{}", log.stdout);
        // Exports of the log and of the contacts work.
        for args in [
            vec!["log", "1", "--format", "xlsx", "-o", "log.xlsx"],
            vec!["contacts", "list", "--format", "csv"],
        ] {
            let run = env.run(&args);
            assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        }
    }
);

/// `intake generate` of `rows` rows whose emails start at `offset`,
/// without faults or duplicates.
fn generated(env: &crate::util::Env, name: &str, rows: u64, offset: u64) -> std::path::PathBuf {
    let path = env.path(name);
    let run = env.run(&[
        "generate",
        "--rows",
        &rows.to_string(),
        "--faults",
        "0%",
        "--dup",
        "0%",
        "--email-offset",
        &offset.to_string(),
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    path
}

/// How many contacts share an email with another.
fn duplicate_emails(env: &crate::util::Env) -> u64 {
    env.sql_value(
        "SELECT COUNT(*) - COUNT(DISTINCT lower(email)) FROM contact WHERE email IS NOT NULL",
    )
    .parse()
    .unwrap_or(u64::MAX)
}

store_test!(two_imports_started_together_let_no_duplicate_in, |env| {
    // Two overlapping files (20,000 emails in common), imported at once:
    // each matched the base before the other wrote, and 150,000 of 300,000
    // emails went in twice.
    let a = generated(&env, "a.csv", 40_000, 0);
    let b = generated(&env, "b.csv", 40_000, 20_000);
    assert_eq!(env.run(&["init"]).code, 0);
    let children: Vec<_> = [&a, &b]
        .iter()
        .map(|file| {
            env.command()
                .args(["import", file.to_str().unwrap()])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("start import")
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait"))
        .collect();
    for out in &outputs {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(duplicate_emails(&env), 0);
    assert_eq!(contacts_in(&env), 60_000);
    // The second said for whom it waited, on stderr and in its log.
    let said: String = outputs
        .iter()
        .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
        .collect();
    assert!(said.contains("Waiting for import"), "{said}");
    let logs = env.run(&["log", "1"]).stdout + &env.run(&["log", "2"]).stdout;
    assert!(
        logs.contains("to finish writing into this institution"),
        "{logs}"
    );
});

store_test!(
    no_wait_names_the_writer_a_dry_run_never_waits_and_a_kill_frees_the_lock,
    |env| {
        let (_big, mut child) =
            crate::import::start_big_import(&env, "300000", "3", "a second import asked");
        let small = generated(&env, "small.csv", 10, 900_000);
        let busy = env.run(&["import", small.to_str().unwrap(), "--no-wait"]);
        assert_eq!(busy.code, 1, "{}", busy.stderr);
        assert!(
            busy.stderr.contains("Import 1 (started by") && busy.stderr.contains("--no-wait"),
            "{}",
            busy.stderr
        );
        // A dry run writes nothing: it never waits.
        let dry = env.run(&["import", small.to_str().unwrap(), "--dry-run", "--no-wait"]);
        assert_eq!(dry.code, 0, "{}", dry.stderr);
        // Killed hard, the writer's lock goes with its process.
        child.kill().expect("kill");
        child.wait().expect("wait");
        let after = env.run(&["import", small.to_str().unwrap(), "--no-wait"]);
        assert_eq!(after.code, 0, "{}", after.stderr);
    }
);

store_test!(two_resumes_of_one_import_run_it_once, |env| {
    // Import 1 killed after a checkpoint; import 2 then holds the lock
    // while two commands resume import 1 and wait behind it.
    let (_big, mut child) =
        crate::import::start_big_import(&env, "200000", "3", "it could be killed");
    child.kill().expect("kill");
    child.wait().expect("wait");
    let second = generated(&env, "second.csv", 150_000, 2_000_000);
    let mut holder = env
        .command()
        .args(["import", second.to_str().unwrap(), "--quiet"])
        .spawn()
        .expect("start import");
    let started = std::time::Instant::now();
    while !env
        .run(&["imports", "--format", "json"])
        .stdout
        .contains("second.csv")
    {
        assert!(started.elapsed().as_secs() < 60, "import 2 never started");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let resumes: Vec<_> = (0..2)
        .map(|_| {
            env.command()
                .args(["import", "--resume", "1", "--quiet"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("start resume")
        })
        .collect();
    assert!(holder.wait().expect("wait").success());
    let outputs: Vec<_> = resumes
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait"))
        .collect();
    let ran = outputs.iter().filter(|o| o.status.success()).count();
    let said: String = outputs
        .iter()
        .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
        .collect();
    assert_eq!(ran, 1, "{said}");
    assert!(
        said.contains("has completed") || said.contains("taken up by another command"),
        "{said}"
    );
    let list = env.run(&["imports", "--format", "json"]).json();
    let first = list
        .as_array()
        .and_then(|l| l.iter().find(|i| i["import_id"] == 1))
        .expect("import 1");
    assert_eq!(first["status"], "completed", "{first}");
    assert_eq!(duplicate_emails(&env), 0);
});

store_test!(
    an_import_from_the_command_line_beside_the_servers_queue_lets_no_duplicate_in,
    |env| {
        use crate::http::{Server, user_with_token};
        let a = generated(&env, "a.csv", 40_000, 0);
        let b = generated(&env, "b.csv", 40_000, 20_000);
        let token = user_with_token(&env, "anna@theatre.example", "staff", None);
        let server = Server::start(&env, &[], &[]);
        let bytes = std::fs::read(&a).unwrap();
        let cli = env
            .command()
            .args(["import", b.to_str().unwrap(), "--quiet"])
            .spawn()
            .expect("start import");
        let res = crate::web::upload(&server, &token, "a.csv", &bytes, &[]);
        assert_eq!(res.status, 202, "{}", res.text());
        let id = res.json()["id"].as_i64().expect("id");
        let done = cli.wait_with_output().expect("wait");
        assert!(done.status.success());
        let doc = server.wait_for(&token, id);
        assert_eq!(doc["status"], "completed", "{doc}");
        assert_eq!(duplicate_emails(&env), 0);
        assert_eq!(contacts_in(&env), 60_000);
    }
);

/// A server of the test's base, a staff user's API token, and the id of
/// an import of `bytes` (as `name`) it ran to completion.
fn imported_by_server(
    env: &crate::util::Env,
    name: &str,
    bytes: &[u8],
) -> (crate::app::App, String, i64) {
    let token = crate::http::user_with_token(env, "anna@theatre.example", "staff", None);
    let server = crate::app::App::start(env, &[]);
    let id = crate::web::upload(&server, &token, name, bytes, &[]).json()["id"]
        .as_i64()
        .expect("id");
    assert_eq!(server.wait_for(&token, id)["status"], "completed");
    (server, token, id)
}

/// Makes every import of the test's base end a hundred days ago (past the
/// 90 days an institution keeps them by default).
fn ended_long_ago(env: &crate::util::Env) {
    let long_ago = if env.db.is_some() {
        "now() - interval '100 days'"
    } else {
        "'2020-01-01T00:00:00Z'"
    };
    env.sql(&format!("UPDATE import SET finished_at = {long_ago}"));
}

/// Anonymizes the people of `csv` (a file then removed: it is the user's
/// own); the report.
fn anonymized(env: &crate::util::Env, csv: &str) -> serde_json::Value {
    let erase = env.write("erase.csv", csv);
    let report = env.import_json(&erase, &["--mode", "anonymize", "--yes"]);
    std::fs::remove_file(&erase).unwrap();
    report
}

/// Nothing of the test's (its files; on PostgreSQL, a dump of its
/// schema) holds `marker`.
fn no_trace_of(env: &crate::util::Env, marker: &str) {
    assert_eq!(files_holding(env, marker), Vec::<String>::new());
    if env.db.is_some() {
        assert_eq!(dumped_holding(env, marker), Vec::<String>::new());
    }
}

/// Every file under the test's folder (the base, its WAL, the server's
/// uploads) that holds `marker`, in any case.
fn files_holding(env: &crate::util::Env, marker: &str) -> Vec<String> {
    fn walk(dir: &std::path::Path, marker: &[u8], out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, marker, out);
            } else if let Ok(bytes) = std::fs::read(&path) {
                let lower = bytes.to_ascii_lowercase();
                if lower.windows(marker.len()).any(|w| w == marker) {
                    out.push(path.display().to_string());
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(
        env.dir.path(),
        marker.to_ascii_lowercase().as_bytes(),
        &mut out,
    );
    out
}

/// The rows of every table of the test's PostgreSQL schema holding
/// `marker`, as `pg_dump` writes them.
fn dumped_holding(env: &crate::util::Env, marker: &str) -> Vec<String> {
    let url = env.db.clone().expect("a PostgreSQL base");
    let schema = env.sql_value("SELECT current_schema()");
    let base = url.split('?').next().unwrap_or(&url).to_string();
    let out = std::process::Command::new("pg_dump")
        .args(["--data-only", "--schema", &schema, &base])
        .output()
        .expect("pg_dump");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.to_lowercase().contains(&marker.to_lowercase()))
        .map(str::to_string)
        .collect()
}

store_test!(an_anonymize_leaves_no_byte_of_the_people_it_erases, |env| {
    // Zqx: a marker in names, emails and addresses, created, updated (a
    // row of it rejected), repeated in a different case, dry-run again,
    // then anonymized by email, with one email of it found nowhere.
    let header = "email;first_name;last_name;address_line1;postal_code;town;country\n";
    let people = env.write(
        "people.csv",
        format!(
            "{header}zqxa@example.ch;Zqxanna;Zqxlee;Rue Zqx 1;1003;Lausanne;CH\n\
             zqxb@example.ch;Zqxbob;Zqxlee;Rue Zqx 2;1003;Lausanne;CH\n\
             ZQXA@EXAMPLE.CH;Zqxanna;Zqxlee;Rue Zqx 1;1003;Lausanne;CH\n\
             keep@example.ch;Carla;Muster;Rue du Lac 3;1003;Lausanne;CH\n"
        ),
    );
    assert_eq!(env.import_json(&people, &[])["counts"]["created"], 3);
    let update = env.write(
        "update.csv",
        "email;first_name;last_name\nzqxa@example.ch;Zqxanna;Zqxnew\nzqxb@example.ch;Zqxbob9;Zqxlee\n",
    );
    let updated = env.import_json(&update, &["--mode", "update"]);
    assert_eq!(updated["counts"]["updated"], 1, "{updated}");
    assert_eq!(updated["counts"]["rejected"], 1, "{updated}");
    env.import_json(&people, &["--dry-run"]);
    let erase = env.write(
        "erase.csv",
        "email\nzqxa@example.ch\nzqxb@example.ch\nzqxnobody@example.ch\n",
    );
    let erased = env.import_json(&erase, &["--mode", "anonymize", "--yes"]);
    assert_eq!(erased["counts"]["updated"], 2, "{erased}");
    // The not-found row is named by its row, not its value.
    let log = env.run(&["log", "4"]);
    assert!(
        log.stdout.contains("Row 4") && !log.stdout.to_lowercase().contains("zqx"),
        "{}",
        log.stdout
    );
    // The files the user gave are theirs; nothing else holds the marker.
    for f in [&people, &update, &erase] {
        std::fs::remove_file(f).unwrap();
    }
    let earlier = env.run(&["log", "1"]).stdout
        + &env.run(&["log", "2"]).stdout
        + &env.run(&["log", "3"]).stdout;
    assert!(!earlier.to_lowercase().contains("zqx"), "{earlier}");
    assert!(earlier.contains("since erased"), "{earlier}");
    if env.db.is_some() {
        assert_eq!(dumped_holding(&env, "zqx"), Vec::<String>::new());
    } else {
        assert_eq!(files_holding(&env, "zqx"), Vec::<String>::new());
    }
    // The others are untouched.
    assert_eq!(
        env.contacts(&["--email", "keep@example.ch"])[0]["last_name"],
        "Muster"
    );
});

store_test!(
    the_retention_period_erases_old_uploads_and_log_values_and_says_so,
    |env| {
        use crate::app::App;
        use crate::http::Request;
        let bytes = b"email;first_name\nqwka@example.ch;Qwk9\nqwkb@example.ch;Qwkbob\n";
        let (server, token, id) = imported_by_server(&env, "spring.csv", bytes);
        let uploads = || {
            files_holding(&env, "qwk9")
                .into_iter()
                .filter(|f| f.contains("uploads"))
                .count()
        };
        assert_eq!(uploads(), 1, "the upload is kept for its rejects");
        drop(server);
        // Ended a hundred days ago, in an institution keeping 90.
        ended_long_ago(&env);
        // Kept for 5,000 days, nothing is due yet; back to 90, it is.
        let longer = env.run(&["institution", "set", "--retention-days", "5000"]);
        assert_eq!(longer.code, 0, "{}", longer.stderr);
        assert!(
            longer.stdout.contains("retention 5000 days"),
            "{}",
            longer.stdout
        );
        let kept = env.run(&["retention", "apply", "--dry-run"]);
        assert!(kept.stdout.contains("0 imports"), "{}", kept.stdout);
        let back = env.run(&["institution", "set", "--retention-days", "90"]);
        assert_eq!(back.code, 0, "{}", back.stderr);
        let dry = env.run(&["retention", "apply", "--dry-run"]);
        assert_eq!(dry.code, 0, "{}", dry.stderr);
        assert!(
            dry.stdout.contains(
                "would erase the personal values of 1 log lines and 1 uploaded files of 1 imports"
            ),
            "{}",
            dry.stdout
        );
        assert_eq!(uploads(), 1);
        let done = env.run(&["retention", "apply"]);
        assert!(
            done.stdout.contains(
                "erased the personal values of 1 log lines and 1 uploaded files of 1 imports"
            ),
            "{}",
            done.stdout
        );
        assert_eq!(uploads(), 0);
        let log = env.run(&["log", "1"]).stdout;
        assert!(
            !log.to_lowercase().contains("qwk9") && log.contains("retention period"),
            "{log}"
        );
        assert!(log.contains("1 rejected"), "the counts stay: {log}");
        // Once: applied again, nothing is due.
        let again = env.run(&["retention", "apply"]);
        assert!(
            again
                .stdout
                .contains("0 log lines and 0 uploaded files of 0 imports"),
            "{}",
            again.stdout
        );
        // The server says the rows cannot be written again.
        let server = App::start(&env, &[]);
        let rejects = server.send(
            Request::get(&format!("/api/v1/imports/{id}/rejects"))
                .bearer(&token)
                .header("Accept-Language", "en"),
        );
        assert_eq!(rejects.status, 422, "{}", rejects.text());
        assert!(rejects.text().contains("erased"), "{}", rejects.text());
    }
);

store_test!(compact_empties_the_wal_of_what_was_erased, |env| {
    let file = env.write("a.csv", "email;first_name\nqcmp@example.ch;Qcmp9\n");
    env.import_json(&file, &[]);
    let run = env.run(&["compact"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    if env.db.is_none() {
        let wal = std::fs::metadata(env.path("intake.db-wal")).map_or(0, |m| m.len());
        assert_eq!(wal, 0);
    }
});

store_test!(
    an_anonymize_erases_a_person_the_base_has_no_contact_for,
    |env| {
        // Their only row was rejected: no contact, but a log and an upload
        // that name them.
        let bytes = b"email;first_name;phone\nnoc@example.ch;Nocname;+41 44 qnoc\n";
        let (server, _, _) = imported_by_server(&env, "rejected.csv", bytes);
        drop(server);
        assert!(env.run(&["log", "1"]).stdout.contains("qnoc"));
        let erased = anonymized(&env, "email\nNOC@example.ch\n");
        assert_eq!(erased["counts"]["skipped"], 1, "not found: {erased}");
        let log = env.run(&["log", "1"]).stdout;
        assert!(!log.to_lowercase().contains("qnoc"), "{log}");
        assert!(log.contains("since erased"), "{log}");
        no_trace_of(&env, "qnoc");
    }
);

// On SQLite only: what it proves is the engine's (the store's part, the
// marks and their query, runs on both in the tests above), and an
// anonymize on PostgreSQL runs at 700 rows a second (issue 19): the
// 65,536 rows of a checkpoint would take a minute and a half.
#[test]
fn a_resumed_anonymize_erases_the_uploads_named_before_it_stopped() {
    let env = crate::util::Env::new();
    let bytes = b"email;first_name\nvzqa@example.ch;Vzqanna\n";
    let (server, _, _) = imported_by_server(&env, "early.csv", bytes);
    drop(server);
    let base = generated(&env, "base.csv", 70_000, 0);
    env.import_json(&base, &[]);
    let refused = env.write(
        "refused.csv",
        "email;last_name\nrefused@example.ch;Refused\n",
    );
    env.import_json(&refused, &[]);
    // Vzqa first, then 70,000 (a checkpoint), then one the base refuses
    // to erase (an administrator's rule).
    let mut erase = String::from("email\nvzqa@example.ch\n");
    for line in std::fs::read_to_string(&base).unwrap().lines().skip(1) {
        erase.push_str(line.split(';').next().unwrap_or_default());
        erase.push('\n');
    }
    erase.push_str("refused@example.ch\n");
    let erase = env.write("erase.csv", erase);
    env.sql(
        "CREATE TRIGGER test_refused BEFORE UPDATE ON contact WHEN OLD.last_name = 'Refused'
             BEGIN SELECT RAISE(ABORT, 'test_refused'); END",
    );
    let failed = env.run(&[
        "import",
        erase.to_str().unwrap(),
        "--mode",
        "anonymize",
        "--yes",
    ]);
    assert_eq!(failed.code, 1, "{}", failed.stdout);
    assert!(failed.stderr.contains("test_refused"), "{}", failed.stderr);
    let uploads = || {
        files_holding(&env, "vzqanna")
            .into_iter()
            .filter(|f| f.contains("uploads"))
            .count()
    };
    assert_eq!(uploads(), 1, "not yet: the anonymize has not ended");
    env.sql("DROP TRIGGER test_refused");
    // Asked again, naming the file it reads.
    let asked = env.run(&["import", "--resume", "4"]);
    assert!(
        asked.stderr.contains("contacts of erase.csv"),
        "{}",
        asked.stderr
    );
    let resumed = env.import_json(std::path::Path::new(""), &["--resume", "4", "--yes"]);
    assert_eq!(resumed["status"], "completed", "{resumed}");
    assert_eq!(uploads(), 0);
}

store_test!(
    the_retention_period_is_applied_in_every_institution,
    |env| {
        use crate::app::App;
        use crate::http::user_with_token;
        let run = env.run(&["institutions", "add", "OPERA", "--name", "Opéra"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let token = user_with_token(&env, "bruno@opera.example", "staff", Some("OPERA"));
        let server = App::start(&env, &[]);
        let bytes = b"email;first_name\nqrsa@example.ch;Qrs9\n";
        let res = crate::web::upload(&server, &token, "opera.csv", bytes, &[]);
        let id = res.json()["id"].as_i64().expect("id");
        assert_eq!(server.wait_for(&token, id)["status"], "completed");
        drop(server);
        ended_long_ago(&env);
        let done = env.run(&["retention", "apply"]);
        assert_eq!(done.code, 0, "{}", done.stderr);
        let opera = done
            .stdout
            .lines()
            .find(|l| l.starts_with("OPERA: "))
            .unwrap_or_default();
        assert!(
            opera.contains("1 uploaded files of 1 imports"),
            "{}",
            done.stdout
        );
        assert_eq!(files_holding(&env, "qrs9"), Vec::<String>::new());
    }
);

store_test!(
    an_upload_that_cannot_be_removed_stays_named_and_is_tried_again,
    |env| {
        let bytes = b"email;first_name\nqzpa@example.ch;Qzp9\n";
        let (server, _, _) = imported_by_server(&env, "stuck.csv", bytes);
        drop(server);
        let upload = files_holding(&env, "qzp9")
            .into_iter()
            .find(|f| f.contains("uploads"))
            .expect("the upload");
        // In its place, something that cannot be removed as a file.
        std::fs::remove_file(&upload).unwrap();
        std::fs::create_dir(&upload).unwrap();
        ended_long_ago(&env);
        let stuck = env.run(&["retention", "apply"]);
        assert_eq!(stuck.code, 1, "{}", stuck.stdout);
        assert!(
            stuck.stderr.contains("could not be removed") && stuck.stderr.contains("by hand"),
            "{}",
            stuck.stderr
        );
        // The log's values went all the same.
        let log = env.run(&["log", "1"]).stdout;
        assert!(
            !log.to_lowercase().contains("qzp9") && log.contains("retention period"),
            "{log}"
        );
        // Once it can be, the next run removes it.
        std::fs::remove_dir(&upload).unwrap();
        std::fs::write(&upload, bytes).unwrap();
        let done = env.run(&["retention", "apply"]);
        assert_eq!(done.code, 0, "{}", done.stderr);
        assert!(
            done.stdout.contains("1 uploaded files of 1 imports"),
            "{}",
            done.stdout
        );
        assert!(!std::path::Path::new(&upload).exists());
    }
);

store_test!(
    an_anonymize_erases_the_uploads_that_held_the_people_it_erases,
    |env| {
        let bytes = b"email;first_name;last_name\nvzra@example.ch;Vzranna;Vzrlee\nother@example.ch;Olga;Muster\n";
        let (server, _, _) = imported_by_server(&env, "gala.csv", bytes);
        assert_eq!(
            files_holding(&env, "vzr").len(),
            if env.db.is_some() { 1 } else { 2 }
        );
        drop(server);
        let erased = anonymized(&env, "email\nvzra@example.ch\n");
        assert_eq!(erased["counts"]["updated"], 1, "{erased}");
        no_trace_of(&env, "vzr");
    }
);

#[test]
fn hostile_workbooks_uploaded_to_the_server_fail_their_jobs_not_the_server() {
    use crate::http::{Request, Server, user_with_token};
    let env = crate::util::Env::new();
    let token = user_with_token(&env, "anna@theatre.example", "staff", None);
    let server = Server::start(&env, &[], &[]);
    let bombs = [
        ("hostile.xlsx", corner_workbook()),
        ("hostile.xlsx", huge_cell_workbook()),
        ("spaced.ods", spaced_ods()),
    ];
    for (name, bytes) in &bombs {
        let res = crate::web::upload(&server, &token, name, bytes, &[]);
        if res.status == 202 {
            let id = res.json()["id"].as_i64().expect("id");
            let doc = server.wait_for(&token, id);
            assert_eq!(doc["status"], "failed", "{doc}");
        } else {
            assert!(
                res.status >= 400 && res.status < 500,
                "{} {}",
                res.status,
                res.text()
            );
        }
        assert_eq!(server.send(Request::get("/healthz")).status, 200);
    }
    // Still serving, and still importing.
    let res = crate::web::upload(
        &server,
        &token,
        "fine.csv",
        b"email\nfine@example.ch\n",
        &[],
    );
    let id = res.json()["id"].as_i64().expect("id");
    assert_eq!(server.wait_for(&token, id)["status"], "completed");
    // Its peak memory, bombs included, stayed under the bound.
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap_or_default();
    let peak: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("VmHWM");
    assert!(peak < PEAK_KIB, "server peak {peak} KiB");
}

store_test!(a_server_applies_the_retention_period_by_itself, |env| {
    use crate::http::{Request, Server};
    let bytes = b"email;first_name\nqwsa@example.ch;Qws9\n";
    let (server, token, id) = imported_by_server(&env, "old.csv", bytes);
    drop(server);
    ended_long_ago(&env);
    // Its keeper looks every second with a lease of 4: the retention runs
    // soon after it starts, then once a day.
    let said = env.path("server.log");
    let server = Server::start_logged(&env, &["--lease-seconds", "4"], &said);
    let started = std::time::Instant::now();
    loop {
        let log = server
            .send(
                Request::get(&format!("/api/v1/imports/{id}/log"))
                    .bearer(&token)
                    .header("Accept-Language", "en"),
            )
            .text();
        if log.contains("retention period") {
            assert!(!log.to_lowercase().contains("qws9"), "{log}");
            break;
        }
        assert!(started.elapsed().as_secs() < 20, "{log}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(
        files_holding(&env, "qws9")
            .into_iter()
            .filter(|f| f.contains("uploads"))
            .count(),
        0
    );
    let stderr = std::fs::read_to_string(&said).unwrap_or_default();
    assert!(
        stderr.contains("intake retention") && stderr.contains("90"),
        "{stderr}"
    );
});
