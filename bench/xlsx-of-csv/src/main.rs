//! `xlsx-of-csv IN.csv OUT.xlsx|OUT.xlsb`: the rows of a `;` CSV as the
//! first sheet of a workbook, every cell a shared string (what Excel writes
//! for text typed in or pasted). An `.xlsx` is written by rust_xlsxwriter
//! row by row (low memory mode); an `.xlsb` by hand, record by record, as
//! Excel lays one out (rust_xlsxwriter writes no `.xlsb`).

use std::collections::HashMap;
use std::error::Error;
use std::io::Write;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        return Err("usage: xlsx-of-csv IN.csv OUT.xlsx|OUT.xlsb".into());
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_path(&input)?;
    if output.ends_with(".xlsb") {
        return xlsb(&mut reader, &output);
    }
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

/// One BIFF12 record: type and size as numbers of 7 bits a byte, then data.
fn record(out: &mut Vec<u8>, kind: u32, data: &[u8]) {
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

/// A string as `.xlsb` keeps it: its length in UTF-16 units, then them.
fn wide(out: &mut Vec<u8>, text: &str) {
    let units: Vec<u16> = text.encode_utf16().collect();
    out.extend_from_slice(&(units.len() as u32).to_le_bytes());
    for unit in units {
        out.extend_from_slice(&unit.to_le_bytes());
    }
}

fn xlsb(reader: &mut csv::Reader<std::fs::File>, output: &str) -> Result<(), Box<dyn Error>> {
    let mut strings: HashMap<String, u32> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut total = 0u32;
    let mut data = Vec::new();
    record(&mut data, 0x0081, &[]); // BrtBeginSheet
    record(&mut data, 0x0094, &[0; 16]); // BrtWsDim
    record(&mut data, 0x0091, &[]); // BrtBeginSheetData
    let mut buf = Vec::new();
    for (row, rec) in reader.records().enumerate() {
        buf.clear();
        buf.extend_from_slice(&(row as u32).to_le_bytes());
        buf.extend_from_slice(&[0; 13]);
        record(&mut data, 0x0000, &buf); // BrtRowHdr
        for (col, cell) in rec?.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let next = order.len() as u32;
            let isst = *strings.entry(cell.to_string()).or_insert_with(|| {
                order.push(cell.to_string());
                next
            });
            total += 1;
            buf.clear();
            buf.extend_from_slice(&(col as u32).to_le_bytes());
            buf.extend_from_slice(&0u32.to_le_bytes());
            buf.extend_from_slice(&isst.to_le_bytes());
            record(&mut data, 0x0007, &buf); // BrtCellIsst
        }
    }
    record(&mut data, 0x0092, &[]); // BrtEndSheetData
    record(&mut data, 0x0082, &[]); // BrtEndSheet
    let mut sst = Vec::new();
    let mut head = total.to_le_bytes().to_vec();
    head.extend_from_slice(&(order.len() as u32).to_le_bytes());
    record(&mut sst, 0x009F, &head); // BrtBeginSst
    for text in &order {
        buf.clear();
        buf.push(0);
        wide(&mut buf, text);
        record(&mut sst, 0x0013, &buf); // BrtSSTItem
    }
    record(&mut sst, 0x00A0, &[]); // BrtEndSst
    let mut book = Vec::new();
    record(&mut book, 0x0083, &[]); // BrtBeginBook
    record(&mut book, 0x008F, &[]); // BrtBeginBundleShs
    buf.clear();
    buf.extend_from_slice(&0u32.to_le_bytes());
    buf.extend_from_slice(&1u32.to_le_bytes());
    wide(&mut buf, "rId1");
    wide(&mut buf, "Contacts");
    record(&mut book, 0x009C, &buf); // BrtBundleSh
    record(&mut book, 0x0090, &[]); // BrtEndBundleShs
    record(&mut book, 0x009D, &[0; 8]); // BrtCalcProp
    record(&mut book, 0x0084, &[]); // BrtEndBook
    let rels = br#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>"#;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(output)?);
    let deflated = zip::write::SimpleFileOptions::default();
    for (name, bytes) in [
        ("xl/workbook.bin", book.as_slice()),
        ("xl/_rels/workbook.bin.rels", rels.as_slice()),
        ("xl/sharedStrings.bin", sst.as_slice()),
        ("xl/worksheets/sheet1.bin", data.as_slice()),
    ] {
        zip.start_file(name, deflated)?;
        zip.write_all(bytes)?;
    }
    zip.finish()?;
    Ok(())
}
