//! Any bytes, read as a contact file and checked row by row, one record at a
//! time and in batches: must never panic, and both readings agree.
#![no_main]

use intake_core::value::{Language, Title};
use intake_core::{HeaderMap, Reference, RowRules, check_row};
use intake_source::{Record, Rows, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = std::env::temp_dir().canonicalize() else { return };
    let path = dir.join(format!("intake-fuzz-{}.csv", std::process::id()));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let Ok(mut one) = Source::open(&path) else { return };
    let Ok(mut batched) = Source::open(&path) else { return };
    let (map, _) = HeaderMap::new(&one.header().to_vec());
    let fr = Language::parse("fr").expect("fr");
    let rules = RowRules {
        languages: vec![fr],
        default_language: fr,
        default_title: Title::Undefined,
        today: jiff::civil::date(2026, 11, 23),
        email_required: true,
        reference: Reference::default(),
        reserved: None,
        number_is_key: false,
    };
    let mut record = Record::default();
    let mut rows = Rows::default();
    let mut read = batched.read_rows(&mut rows, 7);
    let mut i = 0;
    while let Ok(true) = one.next_record(&mut record) {
        if record.is_blank() {
            continue;
        }
        let cells: Vec<&str> = record.iter().collect();
        let _ = check_row(&map, &cells, &rules);
        if i == rows.len() {
            if read.end {
                panic!("a row read one at a time is missing from the batches");
            }
            read = batched.read_rows(&mut rows, 7);
            i = 0;
        }
        let row = rows.get(i).expect("row");
        assert_eq!(row.row, record.row);
        assert!(row.iter().eq(record.iter()));
        i += 1;
    }
});
