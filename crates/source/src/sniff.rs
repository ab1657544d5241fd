//! Guessing what a file is: workbook or text, and which separator.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::Format;

/// Looks at the first bytes (a renamed file is recognised by what it holds),
/// then at the extension. `None`: not something intake reads.
pub(crate) fn format(path: &Path) -> io::Result<Option<Format>> {
    let mut head = Vec::with_capacity(8192);
    File::open(path)?.take(8192).read_to_end(&mut head)?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if head.starts_with(b"PK\x03\x04") {
        // Both OOXML and OpenDocument are zip files; ODF stores its mimetype
        // uncompressed as the first entry.
        let ods = head.len() > 80
            && &head[30..38] == b"mimetype"
            && head[38..].starts_with(b"application/vnd.oasis.opendocument.spreadsheet");
        return Ok(Some(if ods {
            Format::Ods
        } else if ext == "xlsb" {
            Format::Xlsb
        } else {
            Format::Xlsx
        }));
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Ok(Some(Format::Xls));
    }
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    // NUL bytes all over: an image, a PDF, an executable … not text. One
    // stray NUL in a CSV is text: its row is rejected for it
    // (`cell.control_character`), the others are imported.
    let nuls = head.iter().filter(|b| **b == 0).count();
    if !utf16 && nuls > (head.len() / 200).max(1) {
        return Ok(None);
    }
    Ok(Some(Format::Csv))
}

/// Picks the separator of delimited text among `;`, TAB and `,` from its first
/// lines: the one found in the header that splits the most lines into the
/// same number of fields. A file with a single column gets `;`.
///
/// `text` is the beginning of the file, already in an ASCII-compatible
/// encoding; quotes are honoured, so a `,` inside `"Lac, Rue 1"` does not count.
pub fn sniff_delimiter(text: &[u8]) -> u8 {
    sniff_delimiter_in(text, text.len() < 65536)
}

/// [`sniff_delimiter`], told whether `text` is the whole file (its last
/// line then counts: it is not cut).
pub(crate) fn sniff_delimiter_in(text: &[u8], whole: bool) -> u8 {
    const CANDIDATES: [u8; 3] = [b';', b'\t', b','];
    const MAX_LINES: usize = 50;
    let mut lines: Vec<[usize; 3]> = Vec::new();
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    let mut line_has_content = false;
    for &b in text {
        match b {
            b'"' => {
                in_quotes = !in_quotes;
                line_has_content = true;
            }
            b'\n' if !in_quotes => {
                if line_has_content {
                    lines.push(counts);
                }
                counts = [0; 3];
                line_has_content = false;
                if lines.len() == MAX_LINES {
                    break;
                }
            }
            b'\r' if !in_quotes => {}
            _ if !in_quotes => {
                if let Some(i) = CANDIDATES.iter().position(|c| *c == b) {
                    counts[i] += 1;
                }
                line_has_content = true;
            }
            _ => {}
        }
    }
    // The last line counts only when the whole file was given (no cut line).
    if line_has_content && !in_quotes && whole {
        lines.push(counts);
    }
    let Some(header) = lines.first() else {
        return b';';
    };
    let mut best: Option<(usize, usize, u8)> = None;
    for (i, delim) in CANDIDATES.iter().enumerate() {
        let expected = header[i];
        if expected == 0 {
            continue;
        }
        let consistent = lines.iter().filter(|l| l[i] == expected).count();
        let better = match best {
            None => true,
            Some((c, e, _)) => (consistent, expected) > (c, e),
        };
        if better {
            best = Some((consistent, expected, *delim));
        }
    }
    best.map(|(_, _, d)| d).unwrap_or(b';')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn separators() {
        assert_eq!(sniff_delimiter(b"email;first_name\na@b.ch;Ana\n"), b';');
        assert_eq!(sniff_delimiter(b"email,first_name\na@b.ch,Ana\n"), b',');
        assert_eq!(sniff_delimiter(b"email\tfirst_name\na@b.ch\tAna\n"), b'\t');
        assert_eq!(sniff_delimiter(b"email\na@b.ch\n"), b';');
        assert_eq!(sniff_delimiter(b""), b';');
        // Commas inside quoted or free-text values do not win over the real separator.
        assert_eq!(
            sniff_delimiter(b"email;address_line1\na@b.ch;\"Rue du Lac 1, CP 5\"\nb@b.ch;Rue, 2\n"),
            b';'
        );
        assert_eq!(
            sniff_delimiter(b"email,town\r\n\"a;b@c.ch\",Gen\xc3\xa8ve\r\nc@d.ch,Bern\r\n"),
            b','
        );
    }

    fn render(rows: &[Vec<String>], delim: u8) -> Vec<u8> {
        let mut w = Vec::new();
        for row in rows {
            let line: Vec<String> = row
                .iter()
                .map(|c| {
                    if c.contains([delim as char, '"', '\n', ',', ';', '\t']) {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        c.clone()
                    }
                })
                .collect();
            w.extend_from_slice(line.join(&(delim as char).to_string()).as_bytes());
            w.extend_from_slice(b"\r\n");
        }
        w
    }

    proptest! {
        /// Whatever the cells hold, a table of at least two columns written
        /// with a separator is sniffed back with that separator.
        #[test]
        fn sniffs_what_it_was_written_with(
            width in 2usize..6,
            cells in proptest::collection::vec("[a-zA-Z0-9 ,;\t\"@.éü-]{0,12}", 2..60),
            delim in prop_oneof![Just(b';'), Just(b','), Just(b'\t')],
        ) {
            let header: Vec<String> = (0..width).map(|i| format!("col{i}")).collect();
            let mut rows = vec![header];
            for chunk in cells.chunks(width) {
                let mut row: Vec<String> = chunk.to_vec();
                row.resize(width, String::new());
                rows.push(row);
            }
            prop_assert_eq!(sniff_delimiter(&render(&rows, delim)), delim);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = sniff_delimiter(&bytes);
        }
    }
}
