//! Tests of `csv_rows`.

use crate::{Record, Source, TextEncoding};
use proptest::prelude::*;

/// The spreadsheet rows of every row that is not blank, header first.
fn rows_of(bytes: &[u8]) -> Vec<u64> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rows.csv");
    std::fs::write(&path, bytes).unwrap();
    let mut source = Source::open(&path).unwrap();
    let mut rows = vec![source.header().row];
    let mut record = Record::default();
    while source.next_record(&mut record).unwrap() {
        if !record.is_blank() {
            rows.push(record.row);
        }
    }
    rows
}

#[test]
fn a_record_read_equals_the_record_of_its_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rows.csv");
    // A plain line, a quoted one, one with empty cells.
    std::fs::write(&path, "a;b;c\nx;\"y;z\";w\n;;v\n").unwrap();
    let mut source = Source::open(&path).unwrap();
    let mut record = Record::default();
    let mut read = vec![source.header().clone()];
    while source.next_record(&mut record).unwrap() {
        read.push(record.clone());
    }
    let expected = [
        Record::from_cells(1, ["a", "b", "c"]),
        Record::from_cells(2, ["x", "y;z", "w"]),
        Record::from_cells(3, ["", "", "v"]),
    ];
    assert_eq!(read, expected);
    assert_ne!(read[0], Record::from_cells(1, ["a", "b"]));
    assert_ne!(read[0], Record::from_cells(2, ["a", "b", "c"]));
}

#[test]
fn a_last_row_without_line_break_after_blank_lines() {
    assert_eq!(rows_of(b"h\n\nx"), [1, 3]);
    assert_eq!(rows_of(b"h\nx\n\n\ny"), [1, 2, 5]);
}

#[test]
fn crlf_lines_with_blank_lines_first() {
    assert_eq!(rows_of(b"\r\n\r\nh\r\nx\r\n"), [3, 4]);
    assert_eq!(rows_of(b"\r\nh\r\nx\r\n\r\ny"), [2, 3, 5]);
}

/// Every row's cells, and what the file was read as.
fn read(bytes: &[u8]) -> (Vec<Vec<String>>, Option<TextEncoding>, Option<u64>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rows.csv");
    std::fs::write(&path, bytes).unwrap();
    let mut source = Source::open(&path).unwrap();
    let mut rows = vec![source.header().to_vec()];
    let mut record = Record::default();
    while source.next_record(&mut record).unwrap() {
        rows.push(record.to_vec());
    }
    let info = source.info();
    (rows, info.encoding, info.windows_1252_from)
}

/// `rows` ASCII rows of about 40 bytes: more than the 64 KiB the
/// encoding is first decided on.
fn ascii_rows(text: &mut Vec<u8>, rows: usize) {
    for i in 0..rows {
        text.extend_from_slice(format!("p{i:06}@example.ch;Muster;Bern\n").as_bytes());
    }
}

#[test]
fn a_windows_1252_letter_after_the_first_64_kib_is_read_right() {
    let mut text = b"email;last_name;town\n".to_vec();
    ascii_rows(&mut text, 3000);
    text.extend_from_slice(b"ren\xe9@example.ch;Ren\xe9e;Z\xfcrich\n");
    ascii_rows(&mut text, 10);
    let (rows, encoding, from) = read(&text);
    assert_eq!(
        rows[3001],
        ["ren\u{e9}@example.ch", "Ren\u{e9}e", "Z\u{fc}rich"]
    );
    assert_eq!(rows.len(), 3012);
    assert_eq!(encoding, Some(TextEncoding::Windows1252));
    // Only ASCII before: the whole file reads the same as Windows-1252.
    assert_eq!(from, None);
}

#[test]
fn a_file_utf8_then_not_says_from_which_row() {
    let mut text = "email;last_name;town\nana@example.ch;Müller;Genève\n"
        .as_bytes()
        .to_vec();
    ascii_rows(&mut text, 3000);
    text.extend_from_slice(b"ren\xe9@example.ch;Ren\xe9e;Z\xfcrich\n");
    let (rows, encoding, from) = read(&text);
    assert_eq!(rows[1], ["ana@example.ch", "Müller", "Genève"]);
    assert_eq!(
        rows[3002],
        ["ren\u{e9}@example.ch", "Ren\u{e9}e", "Z\u{fc}rich"]
    );
    assert_eq!(encoding, Some(TextEncoding::Windows1252));
    assert_eq!(from, Some(3003));
}

#[test]
fn a_character_split_between_two_cells_is_not_utf8() {
    // "JOSÉ" then a cell starting with a no-break space, in
    // Windows-1252: joined, the two bytes make a UTF-8 character.
    let mut text = b"name;town\n".to_vec();
    ascii_rows(&mut text, 3000);
    text.extend_from_slice(b"JOS\xc9;\xa0Muster\nAnna;Bern\n");
    let (rows, encoding, from) = read(&text);
    assert_eq!(rows[3001], ["JOS\u{c9}", "\u{a0}Muster"]);
    assert_eq!(rows[3002], ["Anna", "Bern"]);
    assert_eq!(encoding, Some(TextEncoding::Windows1252));
    assert_eq!(from, None);
    // With a byte order mark the cells keep their bytes, replaced.
    let (rows, _, _) = read(b"\xef\xbb\xbfa;b\nx\xc3;\xa9y\n");
    assert_eq!(rows[1], ["x\u{fffd}", "\u{fffd}y"]);
}

#[test]
fn utf8_files_with_and_without_a_byte_order_mark() {
    let (rows, encoding, _) = read("email;town\na@b.ch;Zürich\n".as_bytes());
    assert_eq!(
        (rows[1][1].as_str(), encoding),
        ("Zürich", Some(TextEncoding::Utf8))
    );
    let (rows, encoding, _) = read("\u{feff}email;town\na@b.ch;Zürich\n".as_bytes());
    assert_eq!(rows[0][0], "email");
    assert_eq!(
        (rows[1][1].as_str(), encoding),
        ("Zürich", Some(TextEncoding::Utf8Bom))
    );
    // The mark says UTF-8: a byte that is not is replaced, not guessed.
    let (rows, encoding, _) = read(b"\xef\xbb\xbfemail;town\na@b.ch;Z\xfcrich\n");
    assert_eq!(
        (rows[1][1].as_str(), encoding),
        ("Z\u{fffd}rich", Some(TextEncoding::Utf8Bom))
    );
}

#[test]
fn rows_in_the_usual_shapes() {
    assert_eq!(rows_of(b"h\na\nb\n"), [1, 2, 3]);
    assert_eq!(rows_of(b"h\r\na\r\n\r\nb\r\n"), [1, 2, 4]);
    // A quoted value over two lines is one row, as in a spreadsheet.
    assert_eq!(rows_of(b"h\n\"a\nb\"\nc\n"), [1, 2, 3]);
    assert_eq!(rows_of(b"h\n\"a\nb\"\n\nc"), [1, 2, 4]);
    assert_eq!(rows_of(b"h\r\n\"a\r\nb\"\r\n\r\nc"), [1, 2, 4]);
    // Lines ended by CR alone (old Mac exports) still get a row each.
    assert_eq!(rows_of(b"h\ra\rb\r"), [1, 2, 3]);
}

/// Every record of a file as `next_into` gives it (row and cells), the
/// error that stopped it, and what was decided on the way; lines split
/// without the parser or not, read `buffer` bytes at a time.
fn records(bytes: &[u8], plain_lines: bool, buffer: usize) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("any.csv");
    std::fs::write(&path, bytes).unwrap();
    let (mut rows, encoding, separator) = super::CsvRows::open_with_buffer(&path, buffer).unwrap();
    rows.plain_lines = plain_lines;
    let mut out = vec![format!("{encoding:?} {separator}")];
    let (mut text, mut ends) = (String::new(), Vec::new());
    loop {
        text.clear();
        ends.clear();
        match rows.next_into(&mut text, &mut ends) {
            Ok(Some(row)) => {
                let mut start = 0;
                let cells: Vec<&str> = ends
                    .iter()
                    .map(|&end| {
                        let cell = &text[start..end];
                        start = end + 1;
                        cell
                    })
                    .collect();
                // The text too: the same bytes between the cells.
                out.push(format!("{row} {cells:?} {text:?}"));
            }
            Ok(None) => break,
            Err(e) => {
                let path = path.display().to_string();
                out.push(format!("error {}", e.to_string().replace(&path, "FILE")));
                break;
            }
        }
    }
    // (Mid-file, a CRLF record's `\n` may be counted with it or with
    // the next record: the same bytes, read.)
    out.push(format!(
        "{:?} {:?} {}",
        rows.encoding(),
        rows.windows_1252_from(),
        rows.position
    ));
    out
}

#[test]
fn plain_lines_are_read_as_the_parser_reads_them() {
    for text in [
        &b"a;b\nc;d\n"[..],
        b"a;b\r\nc;d\r\n\r\ne;f",
        b"a;b\n\"c\nd\";e\nf;g\n",
        b"a;b\r\n\"x\";y\r\nz;\r\n",
        b"a;b\rc;d\ne;f\n",
        b"\xef\xbb\xbfa;b\n\xef\xbb\xbfc;d\n",
        b"a;b\n;;\n \n",
    ] {
        assert_eq!(records(text, true, 1 << 16), records(text, false, 1 << 16));
        assert_eq!(records(text, true, 3), records(text, false, 1 << 16));
    }
}

/// The error that stops reading `bytes`, if any.
fn stops(bytes: &[u8]) -> Option<crate::SourceError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rows.csv");
    std::fs::write(&path, bytes).unwrap();
    let mut source = match Source::open(&path) {
        Ok(source) => source,
        Err(e) => return Some(e),
    };
    let mut record = Record::default();
    loop {
        match source.next_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => return Some(e),
        }
    }
}

#[test]
fn an_unclosed_quote_refuses_the_file_naming_the_row_it_opens_in() {
    let text = b"email;first_name;last_name;notes\na@x.ch;Ann;Lee;\"note\nb@x.ch;Bob;Lee;\nc@x.ch;Cy;Lee;\nd@x.ch;Di;Lee;\n";
    match stops(text) {
        Some(crate::SourceError::UnclosedQuote { row, lines, .. }) => {
            assert_eq!((row, lines), (2, None));
        }
        other => panic!("{other:?}"),
    }
    // After blank lines (LF and CRLF) and a value over two lines.
    let text = b"h;n\r\n\r\n\"a\r\nb\";x\r\n\r\ny;\"open\r\nz;z\r\n";
    match stops(text) {
        Some(crate::SourceError::UnclosedQuote { row, .. }) => assert_eq!(row, 5),
        other => panic!("{other:?}"),
    }
    // Closed at the very end, escaped quotes, a quote inside a cell:
    // all read.
    assert!(stops(b"h;n\nx;\"a \"\"b\"\" c\"").is_none());
    assert!(stops(b"h;n\nx;ab\"c\ny;d\n").is_none());
    assert!(stops(b"h;n\nx;\"a\"b\"\ny;d\n").is_none());
}

#[test]
fn a_quoted_value_over_ten_thousand_lines_refuses_the_file() {
    let mut text = b"h;notes\nx;\"".to_vec();
    text.extend(std::iter::repeat_n(&b"line\n"[..], 10_000).flatten());
    text.extend_from_slice(b"end\"\n");
    // 10,000 lines in one value: read.
    assert!(stops(&text).is_none());
    let mut text = b"h;notes\nx;\"".to_vec();
    text.extend(std::iter::repeat_n(&b"line\n"[..], 10_001).flatten());
    text.extend_from_slice(b"end\"\n");
    match stops(&text) {
        Some(crate::SourceError::UnclosedQuote { row, lines, .. }) => {
            assert_eq!((row, lines), (2, Some(10_001)));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_row_over_one_mebibyte_refuses_the_file_naming_it() {
    let mut text = b"h;n\nx;y\n\n".to_vec();
    text.extend(std::iter::repeat_n(b'a', super::MAX_ROW_BYTES + 1));
    text.extend_from_slice(b"\nz;z\n");
    match stops(&text) {
        Some(crate::SourceError::RowTooLong { row, limit, .. }) => {
            assert_eq!((row, limit), (4, super::MAX_ROW_BYTES));
        }
        other => panic!("{other:?}"),
    }
    // The same without a single line break (a file of one line).
    let text = vec![b'a'; 3 * super::MAX_ROW_BYTES];
    match stops(&text) {
        Some(crate::SourceError::RowTooLong { row, .. }) => assert_eq!(row, 1),
        other => panic!("{other:?}"),
    }
    // A row just under the limit is read.
    let mut text = b"h;n\nx;".to_vec();
    text.extend(std::iter::repeat_n(b'a', super::MAX_ROW_BYTES - 10));
    text.extend_from_slice(b"\n");
    assert!(stops(&text).is_none());
}

#[test]
fn a_header_of_more_than_1024_columns_refuses_the_file() {
    let header = vec!["c"; 1025].join(";");
    match stops(format!("{header}\nx\n").as_bytes()) {
        Some(crate::SourceError::TooManyColumns { columns, limit, .. }) => {
            assert_eq!((columns, limit), (1025, 1024));
        }
        other => panic!("{other:?}"),
    }
    // Empty cells at its end do not count.
    let header = format!("{};;;;", vec!["c"; 1024].join(";"));
    assert!(stops(format!("{header}\nx\n").as_bytes()).is_none());
}

/// Whether the parser (csv-core's rules, byte by byte) ends `bytes`
/// inside a quoted value.
fn ends_in_quote(bytes: &[u8], separator: u8) -> bool {
    #[derive(PartialEq)]
    enum S {
        Start,
        Field,
        Quoted,
        Closing,
    }
    let mut state = S::Start;
    for &b in bytes {
        state = match state {
            S::Start if b == b'"' => S::Quoted,
            S::Start | S::Field if b == separator || b == b'\n' || b == b'\r' => S::Start,
            S::Start | S::Field => S::Field,
            S::Quoted if b == b'"' => S::Closing,
            S::Quoted => S::Quoted,
            S::Closing if b == b'"' => S::Quoted,
            S::Closing if b == separator || b == b'\n' || b == b'\r' => S::Start,
            S::Closing => S::Field,
        };
    }
    state == S::Quoted
}

proptest! {
    /// Eight bytes at a time, the separators found are those a byte by
    /// byte search finds, whatever surrounds them (bytes a bit away
    /// from the separator, zero, high bytes, the separator with its top
    /// bit set) and wherever the line ends in its last word.
    #[test]
    fn separators_are_found_where_a_byte_search_finds_them(
        line in proptest::collection::vec(
            proptest::sample::select(vec![b';', b':', b'<', b'\t', b',', 0u8, 0xbb, 0xff, 0x7f, b'a']),
            0..70,
        ),
        separator in proptest::sample::select(vec![b';', b'\t', b',']),
    ) {
        let mut ends = vec![usize::MAX; line.len() + 1];
        let (cells, suspect) = super::separators(&line, separator, &mut ends);
        // A line with a control character is never said to have none.
        let control = line.iter().enumerate().any(|(i, &b)| {
            matches!(b, 0..=8 | 11 | 12 | 14..=31 | 127)
                || (b == 0xc2 && matches!(line.get(i + 1), Some(0x80..=0x9f)))
        });
        prop_assert!(suspect || !control);
        let mut expected: Vec<usize> = line
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == separator)
            .map(|(i, _)| i)
            .collect();
        expected.push(line.len());
        prop_assert_eq!(&ends[..cells], &expected[..]);
    }

    /// Any bytes (separators, quotes, line ends of every kind, UTF-8
    /// and Windows-1252 letters, byte order marks), read through a
    /// buffer of any size: the lines split without the parser give the
    /// records and rows the parser gives, and reading ends where it does.
    #[test]
    fn plain_lines_agree_with_the_parser(
        bytes in proptest::collection::vec(
            proptest::sample::select(vec![
                &b"a"[..], b"b", b";", b",", b"\"", b"\r", b"\n", b"\r\n", b" ",
                b"\xc3\xa9", b"\xe9", b"\xef\xbb\xbf", b"\t",
            ]),
            0..120,
        ),
        buffer in 1usize..40,
    ) {
        let bytes: Vec<u8> = bytes.concat();
        prop_assert_eq!(records(&bytes, true, 1 << 16), records(&bytes, false, 1 << 16));
        // Reading stops at an unclosed quote exactly when the parser
        // would end inside one (the separator sniffed from the bytes).
        let read = records(&bytes, true, 1 << 16);
        let separator = read[0].rsplit(' ').next().and_then(|s| s.parse::<u8>().ok()).unwrap();
        let without_bom = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
        let stopped = read.iter().any(|r| r.contains("never closed"));
        prop_assert_eq!(stopped, ends_in_quote(without_bom, separator), "{:?}", read);
        // (The parser itself reads a byte order mark cut by the end of
        // its buffer as text: compared at the same buffer size.)
        prop_assert_eq!(records(&bytes, true, buffer), records(&bytes, false, buffer));
    }

    /// Whatever the line ends (LF, CRLF, mixed), blank lines, quoted
    /// values over several lines and a missing last line break, rows
    /// are numbered as a spreadsheet shows them: a blank line is a row,
    /// a value over several lines is in one.
    #[test]
    fn rows_are_numbered_as_a_spreadsheet_shows_them(
        lines in proptest::collection::vec(
            (0usize..3, 0usize..3, proptest::bool::ANY, "[a-z]{1,4}"),
            1..40,
        ),
        final_break in proptest::bool::ANY,
    ) {
        let mut text = Vec::new();
        let mut expected = Vec::new();
        let mut row = 1u64;
        let count = lines.len();
        for (i, (blanks, embedded, crlf, word)) in lines.into_iter().enumerate() {
            let end: &[u8] = if crlf { b"\r\n" } else { b"\n" };
            for _ in 0..blanks {
                text.extend_from_slice(end);
                row += 1;
            }
            expected.push(row);
            row += 1;
            if embedded > 0 {
                text.push(b'"');
                text.extend_from_slice(word.as_bytes());
                for _ in 0..embedded {
                    text.extend_from_slice(end);
                    text.extend_from_slice(word.as_bytes());
                }
                text.push(b'"');
            } else {
                text.extend_from_slice(word.as_bytes());
            }
            if i + 1 < count || final_break {
                text.extend_from_slice(end);
            }
        }
        prop_assert_eq!(rows_of(&text), expected);
    }
}
