//! Any sheet XML and shared strings, in a workbook otherwise well made:
//! read row by row, must never panic, and every row must keep the limits
//! the reader promises (columns, cell length, row length).
#![no_main]

use std::io::Write;

use intake_source::{MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROW_BYTES, Record, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The sheet's XML, then (after a 0xFF byte, if any) the shared strings.
    let (sheet, strings) = match data.iter().position(|b| *b == 0xFF) {
        Some(at) => (&data[..at], Some(&data[at + 1..])),
        None => (data, None),
    };
    let Ok(dir) = std::env::temp_dir().canonicalize() else { return };
    let path = dir.join(format!("intake-fuzz-{}.xlsx", std::process::id()));
    let Ok(file) = std::fs::File::create(&path) else { return };
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    let mut part = |name: &str, body: &[u8]| {
        zip.start_file(name, options).is_ok() && zip.write_all(body).is_ok()
    };
    let made = part(
        "_rels/.rels",
        br#"<Relationships><Relationship Id="rId1" Type="x/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    ) && part(
        "xl/workbook.xml",
        br#"<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>"#,
    ) && part(
        "xl/_rels/workbook.xml.rels",
        br#"<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
    ) && part("xl/worksheets/sheet1.xml", sheet)
        && strings.is_none_or(|s| part("xl/sharedStrings.xml", s));
    if !made || zip.finish().is_err() {
        return;
    }
    let Ok(mut source) = Source::open(&path) else { return };
    let mut record = Record::default();
    while let Ok(true) = source.next_record(&mut record) {
        let mut bytes = 0;
        for (col, cell) in record.iter().enumerate() {
            if !cell.is_empty() {
                assert!(col < MAX_COLUMNS, "a value beyond the last column read");
            }
            assert!(cell.chars().count() <= MAX_CELL_CHARS, "a cell over Excel's length");
            bytes += cell.len();
        }
        assert!(bytes <= MAX_ROW_BYTES, "a row over the limit");
    }
});
