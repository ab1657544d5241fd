//! `xlsx-of-csv IN.csv OUT.xlsx`: the rows of a `;` CSV as the first sheet
//! of a workbook, every cell a shared string (what Excel writes for text
//! typed in or pasted), written row by row (low memory mode).

use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        return Err("usage: xlsx-of-csv IN.csv OUT.xlsx".into());
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_path(&input)?;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet_with_low_memory()?;
    for (row, record) in reader.records().enumerate() {
        for (col, cell) in record?.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(row as u32, col as u16, cell)?;
            }
        }
    }
    book.save(&output)?;
    Ok(())
}
