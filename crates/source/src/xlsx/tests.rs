//! Tests of `xlsx`.

use super::*;
use proptest::prelude::*;

/// Every row that is not blank, its empty cells at the end left out.
type Sheet = Vec<(u64, Vec<String>)>;

fn tidy(row: u64, mut cells: Vec<String>, sheet: &mut Sheet) {
    while cells.last().is_some_and(|c| c.is_empty()) {
        cells.pop();
    }
    if !cells.is_empty() {
        sheet.push((row, cells));
    }
}

/// The first sheet as this reader reads it.
fn ours(path: &Path) -> Result<Sheet, SourceError> {
    let (mut rows, _) = XlsxRows::open(path)?;
    let mut record = Record::default();
    let mut sheet = Vec::new();
    while rows.next(&mut record)? {
        tidy(record.row, record.to_vec(), &mut sheet);
    }
    Ok(sheet)
}

/// The first sheet as calamine reads it (a dense range).
fn calamines(path: &Path) -> Sheet {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut sheet = Vec::new();
    for (r, row) in range.rows().enumerate() {
        let mut cells = vec![String::new(); first_col as usize];
        cells.extend(row.iter().map(cell_text));
        tidy(u64::from(first_row) + r as u64 + 1, cells, &mut sheet);
    }
    sheet
}

/// A cell of a generated workbook.
#[derive(Clone, Debug)]
enum Cell {
    Text(String),
    Number(f64),
    Date(f64, &'static str),
    BuiltinDate(f64),
    Bool(bool),
    Formula(String),
    Rich(String, String),
    Blank,
}

fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "[a-zA-Z0-9 éüß€&<>\"'_;\t\r\n]{0,12}|_x000D_|x_x005F_y| lead|trail ",
    )
    .unwrap()
}

fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        text().prop_map(Cell::Text),
        prop_oneof![
            (-1e6f64..1e6).prop_map(|f| (f * 100.0).round() / 100.0),
            (0i64..100_000_000_000).prop_map(|i| i as f64),
            Just(1e20),
            Just(0.1),
        ]
        .prop_map(Cell::Number),
        (
            1.0f64..80_000.0,
            proptest::sample::select(vec!["dd.mm.yyyy", "dd/mm/yyyy hh:mm", "[h]:mm:ss", "0.00"])
        )
            .prop_map(|(f, fmt)| Cell::Date(f, fmt)),
        (1.0f64..80_000.0).prop_map(|f| Cell::BuiltinDate(f.floor())),
        any::<bool>().prop_map(Cell::Bool),
        text().prop_map(Cell::Formula),
        (text(), text()).prop_map(|(a, b)| Cell::Rich(a, b)),
        Just(Cell::Blank),
    ]
}

fn write_workbook(path: &Path, cells: &[((u32, u16), Cell)]) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold();
    for ((row, col), cell) in cells {
        let (row, col) = (*row, *col);
        match cell {
            Cell::Text(s) => {
                sheet.write_string(row, col, s).unwrap();
            }
            Cell::Number(n) => {
                sheet.write_number(row, col, *n).unwrap();
            }
            Cell::Date(n, format) => {
                let f = Format::new().set_num_format(*format);
                sheet.write_number_with_format(row, col, *n, &f).unwrap();
            }
            Cell::BuiltinDate(n) => {
                let f = Format::new().set_num_format_index(14);
                sheet.write_number_with_format(row, col, *n, &f).unwrap();
            }
            Cell::Bool(b) => {
                sheet.write_boolean(row, col, *b).unwrap();
            }
            Cell::Formula(result) => {
                sheet.write_formula(row, col, "=\"x\"").unwrap();
                sheet.set_formula_result(row, col, result);
            }
            Cell::Rich(a, b) if !a.is_empty() && !b.is_empty() => {
                sheet
                    .write_rich_string(
                        row,
                        col,
                        &[(&bold, a.as_str()), (&Format::default(), b.as_str())],
                    )
                    .unwrap();
            }
            Cell::Rich(..) => {}
            Cell::Blank => {
                sheet.write_blank(row, col, &bold).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// On workbooks Excel's way (strings, numbers, dates and durations
    /// in several formats, booleans, formulas' results, rich text,
    /// styled blanks, anywhere in the sheet), every row reads as
    /// calamine reads it whole.
    #[test]
    fn rows_read_as_calamine_reads_them(
        cells in proptest::collection::btree_map((0u32..40, 0u16..12), cell(), 1..60),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.xlsx");
        let cells: Vec<_> = cells.into_iter().collect();
        write_workbook(&path, &cells);
        prop_assert_eq!(ours(&path).unwrap(), calamines(&path));
    }
}

/// A workbook of the smallest kind, with this sheet XML (the inside of
/// `<sheetData>`) and these shared strings (the inside of `<sst>`).
pub(crate) fn tiny_xlsx(path: &Path, sheet_data: &str, strings: Option<&str>) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut part = |name: &str, body: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    };
    part(
        "_rels/.rels",
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    part(
        "xl/workbook.xml",
        r#"<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    part(
        "xl/_rels/workbook.xml.rels",
        r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
    );
    part(
        "xl/worksheets/sheet1.xml",
        &format!("<worksheet><sheetData>{sheet_data}</sheetData></worksheet>"),
    );
    match strings {
        Some(whole) if whole.starts_with("<sst") => part("xl/sharedStrings.xml", whole),
        Some(strings) => part("xl/sharedStrings.xml", &format!("<sst>{strings}</sst>")),
        None => {}
    }
    zip.finish().unwrap();
}

fn read_tiny(sheet_data: &str, strings: Option<&str>) -> Result<Sheet, SourceError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.xlsx");
    tiny_xlsx(&path, sheet_data, strings);
    ours(&path)
}

fn owned(rows: &[(u64, &[&str])]) -> Sheet {
    rows.iter()
        .map(|(r, cells)| (*r, cells.iter().map(|c| c.to_string()).collect()))
        .collect()
}

#[test]
fn rows_and_cells_without_references_inline_strings_and_phonetics() {
    let sheet = read_tiny(
        r#"<row><c t="inlineStr"><is><t>email</t></is></c><c t="s"><v>0</v></c></row>
           <row><c r="C2" t="s"><v>1</v></c><c><v>3005</v></c></row>
           <row r="5"><c r="B5" t="inlineStr"><is><r><t>Ann</t></r><r><t xml:space="preserve"> Lee</t></r></is></c></row>"#,
        Some(r#"<si><t>name</t></si><si><t>Ren&amp;ée</t><rPh><t>ルネ</t></rPh></si>"#),
    )
    .unwrap();
    assert_eq!(
        sheet,
        owned(&[
            (1, &["email", "name"]),
            (2, &["", "", "Ren&ée", "3005"]),
            (5, &["", "Ann Lee"]),
        ])
    );
}

#[test]
fn a_shared_string_index_that_is_no_number_is_refused() {
    match read_tiny(
        r#"<row><c t="s"><v>0</v></c></row><row><c t="s"><v>x1</v></c></row>"#,
        Some("<si><t>email</t></si>"),
    ) {
        Err(SourceError::Workbook { message, .. }) => {
            assert!(message.contains("shared string index"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_count_of_shared_strings_is_not_believed() {
    // What the file declares would be billions of strings: only those
    // it holds are kept.
    let sheet = read_tiny(
        r#"<row><c t="s"><v>0</v></c></row>"#,
        Some(r#"<sst count="4000000000" uniqueCount="4000000000"><si><t>email</t></si></sst>"#),
    );
    assert_eq!(sheet.unwrap(), owned(&[(1, &["email"])]));
    // A cell pointing past the strings held: a damaged workbook.
    assert!(matches!(
        read_tiny(
            r#"<row><c t="s"><v>7</v></c></row>"#,
            Some("<si><t>a</t></si>")
        ),
        Err(SourceError::Workbook { .. })
    ));
}

#[test]
fn styled_empty_cells_far_right_are_no_value() {
    let sheet = read_tiny(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c><c r="XFD1" s="3"/></row>"#,
        None,
    )
    .unwrap();
    assert_eq!(sheet, owned(&[(1, &["email"])]));
}

#[test]
fn a_value_beyond_column_1024_refuses_the_workbook_naming_it() {
    match read_tiny(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        None,
    ) {
        Err(SourceError::WorkbookTooLarge {
            limit: WorkbookLimit::Column { row, column },
            ..
        }) => assert_eq!((row, column.as_str()), (1_048_576, "XFD")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn rows_beyond_excels_last_or_out_of_order_refuse_the_workbook() {
    match read_tiny(r#"<row r="1048577"><c><v>1</v></c></row>"#, None) {
        Err(SourceError::WorkbookTooLarge {
            limit: WorkbookLimit::Rows { limit },
            ..
        }) => assert_eq!(limit, 1_048_576),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        read_tiny(
            r#"<row r="5"><c><v>1</v></c></row><row r="3"><c><v>1</v></c></row>"#,
            None
        ),
        Err(SourceError::Workbook { .. })
    ));
}

#[test]
fn a_cell_over_excels_length_or_a_node_over_one_mebibyte_refuses_the_workbook() {
    let long = "é".repeat(MAX_CELL_CHARS + 1);
    match read_tiny(
        &format!(r#"<row><c t="inlineStr"><is><t>{long}</t></is></c></row>"#),
        None,
    ) {
        Err(SourceError::WorkbookTooLarge {
            limit: WorkbookLimit::CellLength { row, column },
            ..
        }) => assert_eq!((row, column.as_str()), (1, "A")),
        other => panic!("{other:?}"),
    }
    // Exactly Excel's limit is read.
    let longest = "é".repeat(MAX_CELL_CHARS);
    assert!(
        read_tiny(
            &format!(r#"<row><c t="inlineStr"><is><t>{longest}</t></is></c></row>"#),
            None
        )
        .is_ok()
    );
    // (Give or take what the reader read ahead: 64 KiB.)
    let over = crate::zipped::MAX_NODE_BYTES + (1 << 17);
    let spaces = " ".repeat(over);
    // A node is as long as its bytes, whatever it holds: a comment
    // full of `<` too. And a text of a million entities, each a node
    // of its own, is one long text.
    let comment = format!("<!--{}-->", "a<".repeat(over / 2));
    let entities = format!(
        r#"<c t="inlineStr"><is><t>{}</t></is></c>"#,
        "&amp;".repeat(crate::zipped::MAX_NODE_BYTES + 10)
    );
    for inside in [spaces, comment, entities] {
        match read_tiny(&format!("<row>{inside}</row>"), None) {
            Err(SourceError::WorkbookTooLarge {
                limit: WorkbookLimit::Node { part },
                ..
            }) => assert_eq!(part, "xl/worksheets/sheet1.xml"),
            other => panic!("{}: {other:?}", &inside[..20]),
        }
    }
}

#[test]
fn a_part_over_its_inflated_limit_stops_reading() {
    use std::io::Read;
    let mut part = Part {
        inner: Box::new(std::io::repeat(b'<').take(10_000)),
        name: "xl/sharedStrings.xml".into(),
        limit: 4096,
        read: 0,
        xml: true,
        run: 0,
        over: None,
    };
    let mut out = Vec::new();
    assert!(part.read_to_end(&mut out).is_err());
    assert_eq!(
        part.over,
        Some(WorkbookLimit::Inflated {
            part: "xl/sharedStrings.xml".into(),
            limit: 4096
        })
    );
    assert!(out.len() <= 4096 + (1 << 16));
}

#[test]
fn cell_references_and_column_names() {
    assert_eq!(column_of("A1"), Some(0));
    assert_eq!(column_of("b7"), Some(1));
    assert_eq!(column_of("AA10"), Some(26));
    assert_eq!(column_of("XFD1048576"), Some(16_383));
    assert_eq!(column_of("XFE1"), None);
    assert_eq!(column_of("ZZZZZZZZ1"), None);
    assert_eq!(column_of("12"), None);
    for col in [0, 25, 26, 701, 702, 16_383] {
        assert_eq!(column_of(&format!("{}1", column_name(col))), Some(col));
    }
    assert_eq!(column_name(16_383), "XFD");
}

#[test]
fn excel_escapes_are_undone() {
    assert_eq!(unescape_xml("a_x000D_b"), "a\rb");
    assert_eq!(unescape_xml("_x005F_x000D_"), "_x000D_");
    assert_eq!(unescape_xml("_xD83D__xDCF7_"), "\u{1F4F7}");
    assert_eq!(unescape_xml("_xD83D_"), "\u{FFFD}");
    assert_eq!(unescape_xml("plain_text"), "plain_text");
}

#[test]
fn date_formats_are_recognised() {
    assert_eq!(custom_number_format("DD/MM/YY"), NumberFormat::DateTime);
    assert_eq!(custom_number_format("dd.mm.yyyy"), NumberFormat::DateTime);
    assert_eq!(custom_number_format("[h]:mm:ss"), NumberFormat::TimeDelta);
    assert_eq!(custom_number_format("0.00"), NumberFormat::Other);
    assert_eq!(custom_number_format("\"d\"0"), NumberFormat::Other);
    assert_eq!(builtin_number_format("14"), NumberFormat::DateTime);
    assert_eq!(builtin_number_format("46"), NumberFormat::TimeDelta);
    assert_eq!(builtin_number_format("0"), NumberFormat::Other);
}

#[test]
fn part_names_resolve_as_relationships_say() {
    use crate::zipped::part_name;
    assert_eq!(
        part_name("xl/", "worksheets/sheet1.xml"),
        "xl/worksheets/sheet1.xml"
    );
    assert_eq!(
        part_name("xl/", "/xl/worksheets/s.xml"),
        "xl/worksheets/s.xml"
    );
    assert_eq!(part_name("xl/", "../docProps/x.xml"), "docProps/x.xml");
    assert_eq!(part_name("", "xl/workbook.xml"), "xl/workbook.xml");
}
