//! The log in the SQLite file: lines keyed by the import's id × 2³² and
//! their number (migration 6), written by prepared statements of 8, 4, 2
//! and 1 rows, timestamps as jiff writes them.

use jiff::Timestamp;
use rusqlite::Connection;

use crate::{NewLogLine, StoreError};

/// The columns of a log line that [`insert_logs`] binds for each line (the
/// institution, the import and the first number are bound once a statement).
const LOG_COLUMNS: usize = 12;

/// The insert of `rows` log lines in one statement: `?1` the institution,
/// `?2` the import, `?3` the number of the first line, then each line's
/// columns from `phase` on.
pub(super) fn insert_logs_sql(rows: usize) -> String {
    let mut sql = String::from(
        "INSERT INTO log_line (institution_id, import_id, seq, line, phase, at, level, category,
            row_number, column_name, code, value, outcome, message_id, args, subject) VALUES ",
    );
    for r in 0..rows {
        // The same institution and import, numbers from the first on.
        if r == 0 {
            sql.push_str(&format!("(?1, ?2, ?3, {}", line_key("?2", "?3")));
        } else {
            let seq = format!("?3 + {r}");
            sql.push_str(&format!(", (?1, ?2, {seq}, {}", line_key("?2", &seq)));
        }
        for c in 0..LOG_COLUMNS {
            sql.push_str(&format!(", ?{}", 4 + r * LOG_COLUMNS + c));
        }
        sql.push(')');
    }
    sql
}

/// Statements of 8, 4, 2 and 1 rows: any number of lines goes in through
/// statements kept prepared, each of whose fixed cost (binding, stepping,
/// resetting) is shared by its rows. Not more rows: SQLite copies each text
/// bound into its connection's lookaside slots when one is free, else asks
/// `malloc`; the texts of 8 lines fit there, those of 32 did not (three
/// times the `malloc` calls, 8 % more time for a dry run).
static LOG_INSERTS: std::sync::LazyLock<[(usize, String); 4]> =
    std::sync::LazyLock::new(|| [8, 4, 2, 1].map(|rows| (rows, insert_logs_sql(rows))));

/// A timestamp as stored (RFC 3339 in UTC, as jiff writes it), made
/// without formatting the date again while the second stays the same.
#[derive(Default)]
pub(super) struct TimestampText {
    second: Option<i64>,
    /// The second's text, without its `Z`.
    prefix: String,
    /// The last timestamp's text.
    text: String,
}

impl TimestampText {
    /// The text of `at`, in a buffer written again at the next call.
    pub(super) fn text(&mut self, at: Timestamp) -> &str {
        let second = at.as_second();
        let nanos = at.subsec_nanosecond();
        self.text.clear();
        // Before 1970 the fraction counts the other way: jiff writes it.
        if nanos < 0 || second < 0 {
            self.text.push_str(&at.to_string());
            return &self.text;
        }
        if self.second != Some(second) {
            let whole =
                Timestamp::from_second(second).map_or_else(|_| at.to_string(), |t| t.to_string());
            self.prefix = whole.trim_end_matches('Z').to_string();
            self.second = Some(second);
        }
        self.text.push_str(&self.prefix);
        if nanos > 0 {
            // Nine digits, without their trailing zeros (as jiff writes
            // them), made without formatting: a line of the log each.
            let mut digits = [b'0'; 9];
            let mut rest = nanos as u32;
            for d in digits.iter_mut().rev() {
                *d = b'0' + (rest % 10) as u8;
                rest /= 10;
            }
            let used = 9 - digits.iter().rev().take_while(|d| **d == b'0').count();
            self.text.push('.');
            self.text
                .extend(digits[..used].iter().map(|&d| char::from(d)));
        }
        self.text.push('Z');
        &self.text
    }
}

/// Writes `lines`, numbered from `seq` on.
pub(super) fn insert_logs(
    tx: &Connection,
    institution_id: i64,
    import_id: i64,
    seq: i64,
    lines: &[NewLogLine],
    at: &mut TimestampText,
) -> Result<(), StoreError> {
    let mut rest = lines;
    let mut seq = seq;
    // SQLite copies each text as it is bound: one buffer serves every line.
    let mut json = String::new();
    for (rows, sql) in LOG_INSERTS.iter() {
        while rest.len() >= *rows {
            let (chunk, after) = rest.split_at(*rows);
            let mut stmt = tx.prepare_cached(sql)?;
            stmt.raw_bind_parameter(1, institution_id)?;
            stmt.raw_bind_parameter(2, import_id)?;
            stmt.raw_bind_parameter(3, seq)?;
            for (r, l) in chunk.iter().enumerate() {
                let i = 3 + r * LOG_COLUMNS;
                stmt.raw_bind_parameter(i + 1, l.phase)?;
                stmt.raw_bind_parameter(i + 2, at.text(l.at))?;
                stmt.raw_bind_parameter(i + 3, l.level.as_str())?;
                stmt.raw_bind_parameter(i + 4, l.category.as_str())?;
                stmt.raw_bind_parameter(i + 5, l.row.map(|r| r as i64))?;
                stmt.raw_bind_parameter(i + 6, &l.column)?;
                stmt.raw_bind_parameter(i + 7, &l.code)?;
                stmt.raw_bind_parameter(i + 8, &l.value)?;
                stmt.raw_bind_parameter(i + 9, &l.outcome)?;
                stmt.raw_bind_parameter(i + 10, &l.message_id)?;
                crate::model::args_to_json_into(&l.args, &mut json);
                stmt.raw_bind_parameter(i + 11, json.as_str())?;
                stmt.raw_bind_parameter(i + 12, l.subject)?;
            }
            stmt.raw_execute()?;
            seq += *rows as i64;
            rest = after;
        }
    }
    Ok(())
}

/// The lines of the import whose id is the parameter `import`: the range
/// of their keys (see migration 6), which SQLite reads as a range of rowids.
pub(crate) fn lines_of_import(import: &str) -> String {
    format!("line BETWEEN ({import} << 32) + 1 AND ({import} << 32) + 4294967295")
}

/// The number of the last line of the import whose id is `import`, among
/// the lines [`lines_of_import`] selects (0 when it has none): the highest
/// key of its range, one step down the rowid tree (the highest `seq` would
/// read every line of the import, once per batch: quadratic).
pub(crate) fn last_line_number(import: &str) -> String {
    format!("COALESCE(MAX(line) - ({import} << 32), 0)")
}

/// The key of line `seq` of the import whose id is `import`.
pub(crate) fn line_key(import: &str, seq: &str) -> String {
    format!("({import} << 32) + {seq}")
}

pub(super) fn next_seq(conn: &Connection, import_id: i64) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        &format!(
            "SELECT {} + 1 FROM log_line WHERE {}",
            last_line_number("?1"),
            lines_of_import("?1")
        ),
        [import_id],
        |r| r.get(0),
    )?)
}
