//! Any bytes, read as a contact file and checked row by row: must never panic.
#![no_main]

use intake_core::value::{Language, Title};
use intake_core::{HeaderMap, RowRules, check_row};
use intake_source::{Record, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = std::env::temp_dir().canonicalize() else { return };
    let path = dir.join(format!("intake-fuzz-{}.csv", std::process::id()));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let Ok(mut source) = Source::open(&path) else { return };
    let (map, _) = HeaderMap::new(&source.header().cells);
    let fr = Language::parse("fr").expect("fr");
    let rules = RowRules {
        languages: vec![fr],
        default_language: fr,
        default_title: Title::Undefined,
        today: jiff::civil::date(2026, 11, 23),
        email_required: true,
    };
    let mut record = Record::default();
    while let Ok(true) = source.next_record(&mut record) {
        if !record.is_blank() {
            let _ = check_row(&map, &record.cells, &rules);
        }
    }
});
