//! The per-row work of an import, one piece at a time. The whole-command
//! figures are in BENCHMARKS.md (`bench/run.sh`); these say which piece a
//! change moved.

use divan::{Bencher, black_box};
use intake_core::check::{Reference, RowRules};
use intake_core::value::{Email, Language, Title};
use intake_core::{HeaderMap, check_row};

fn main() {
    divan::main();
}

const ROWS: usize = 10_000;

fn rules() -> RowRules {
    RowRules {
        languages: ["fr", "de", "en", "it"]
            .iter()
            .filter_map(|l| Language::parse(l))
            .collect(),
        default_language: Language::parse("fr").expect("fr"),
        default_title: Title::Undefined,
        today: jiff::civil::date(2026, 12, 2),
        email_required: true,
        reference: Reference::default(),
        reserved: None,
        number_is_key: false,
    }
}

/// Checks 10,000 rows (every rule of the basic format).
#[divan::bench]
fn check_rows(bencher: Bencher) {
    let header: Vec<String> = intake_micro::HEADER.split(';').map(String::from).collect();
    let (map, _) = HeaderMap::new(&header);
    let rules = rules();
    let rows: Vec<Vec<String>> = (0..ROWS).map(intake_micro::row).collect();
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    bencher
        .counter(divan::counter::ItemsCount::new(ROWS))
        .bench(|| {
            for cells in &rows {
                black_box(check_row(&map, cells, &rules));
            }
        });
}

/// Reads 10,000 rows of a CSV file into records (encoding and separator
/// sniffed, spreadsheet row numbers).
#[divan::bench]
fn read_rows(bencher: Bencher) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("rows.csv");
    std::fs::write(&path, intake_micro::csv(ROWS)).expect("write rows");
    bencher
        .counter(divan::counter::ItemsCount::new(ROWS))
        .bench(|| {
            let mut source = intake_source::Source::open(&path).expect("open");
            let mut record = intake_source::Record::default();
            while source.next_record(&mut record).expect("read") {
                black_box(&record);
            }
        });
}

/// Reads 10,000 rows of a CSV file in batches of 2,048, as an import does
/// (every cell's text in one buffer).
#[divan::bench]
fn read_row_batches(bencher: Bencher) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("rows.csv");
    std::fs::write(&path, intake_micro::csv(ROWS)).expect("write rows");
    bencher
        .counter(divan::counter::ItemsCount::new(ROWS))
        .bench(|| {
            let mut source = intake_source::Source::open(&path).expect("open");
            let mut rows = intake_source::Rows::default();
            while !source.read_rows(&mut rows, 2048).end {
                black_box(&rows);
            }
        });
}

/// Parses 10,000 emails (no hashing).
#[divan::bench]
fn emails(bencher: Bencher) {
    let emails: Vec<String> = (0..ROWS).map(|i| intake_micro::row(i).remove(0)).collect();
    bencher
        .counter(divan::counter::ItemsCount::new(ROWS))
        .bench_local(|| {
            for text in &emails {
                black_box(Email::parse(text).is_ok());
            }
        });
}

/// Parses 10,000 emails and hashes their comparison keys, as the matching
/// of every row does.
#[divan::bench]
fn email_keys(bencher: Bencher) {
    let emails: Vec<String> = (0..ROWS).map(|i| intake_micro::row(i).remove(0)).collect();
    let mut key = String::new();
    bencher
        .counter(divan::counter::ItemsCount::new(ROWS))
        .bench_local(|| {
            for text in &emails {
                if let Ok(e) = Email::parse(text) {
                    e.key_into(&mut key);
                    black_box(xxhash_rust::xxh3::xxh3_128(key.as_bytes()));
                }
            }
        });
}
