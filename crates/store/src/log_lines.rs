//! An import's log read back, the same way from both stores: whole (for the
//! exports, streamed line by line) or a page at a time (for the screens).
//! Only how an import's lines are selected differs (SQLite keys them by the
//! import's id × 2³², see [`crate::imports::lines_of_import`]).

use std::borrow::Cow;

use intake_core::{Category, Level};

use crate::imports::lines_of_import;
use crate::model::args_from_json;
use crate::sql::{Sql, SqlRow, Val};
use crate::{LogFilter, LogLine, NewLogLine, StoreError};

/// The columns [`line_from_row`] reads, in its order.
const LINE_COLUMNS: &str = "phase, at, level, category, row_number, column_name, code, value,
    outcome, message_id, args";

/// Calls `each` with the lines of an import's rows, in row order (a row's
/// lines in the order they were written), as they are read: what a report
/// of a million rows is written from. `number` is 0: story order is not
/// what they come in.
pub(crate) fn for_each_row_line(
    sql: &mut dyn Sql,
    institution_id: i64,
    import_id: i64,
    each: &mut dyn FnMut(LogLine) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let order = "AND row_number IS NOT NULL ORDER BY row_number, seq";
    read_lines(sql, institution_id, import_id, order, false, each)
}

/// Calls `each` with every line of an import of the institution, in story
/// order, numbered from 1: the log is read as it goes, never held whole.
pub(crate) fn for_each_line(
    sql: &mut dyn Sql,
    institution_id: i64,
    import_id: i64,
    each: &mut dyn FnMut(LogLine) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    read_lines(
        sql,
        institution_id,
        import_id,
        "ORDER BY phase, seq",
        true,
        each,
    )
}

/// An import's lines, `rest` (more conditions, the order) saying which and
/// how, streamed to `each`; numbered from 1 when `numbered`, else 0.
fn read_lines(
    sql: &mut dyn Sql,
    institution_id: i64,
    import_id: i64,
    rest: &str,
    numbered: bool,
    each: &mut dyn FnMut(LogLine) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let (lines, params) = lines_of_import(sql.dialect(), institution_id, import_id);
    let mut number = 0;
    sql.query_each(
        &format!("SELECT {LINE_COLUMNS} FROM log_line WHERE {lines} {rest}"),
        &params,
        &mut |row| {
            number += u64::from(numbered);
            each(LogLine {
                number,
                line: line_from_row(row)?,
            })
        },
    )
}

/// One page of an import's lines that `filter` keeps, each with its number
/// in the whole story; and how many the filter keeps in all.
pub(crate) fn page(
    sql: &mut dyn Sql,
    institution_id: i64,
    import_id: i64,
    filter: LogFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<LogLine>, u64), StoreError> {
    let (lines, mut params) = lines_of_import(sql.dialect(), institution_id, import_id);
    let mut kept = String::new();
    let mut kept_params = Vec::new();
    if let Some(level) = filter.level {
        kept.push_str(" AND level = ?");
        kept_params.push(Val::from(level.as_str()));
    }
    if let Some(category) = filter.category {
        kept.push_str(" AND category = ?");
        kept_params.push(Val::from(category.as_str()));
    }
    let mut count_params = params.clone();
    count_params.extend(kept_params.iter().cloned());
    let total = crate::sql::query_int(
        sql,
        &format!("SELECT COUNT(*) FROM log_line WHERE {lines}{kept}"),
        &count_params,
    )?
    .unwrap_or(0);
    params.extend(kept_params);
    params.extend([
        Val::from(i64::try_from(limit).unwrap_or(i64::MAX)),
        Val::from(i64::try_from(offset).unwrap_or(i64::MAX)),
    ]);
    let mut page = Vec::new();
    sql.query_each(
        &format!(
            "SELECT {LINE_COLUMNS}, n
             FROM (SELECT *, ROW_NUMBER() OVER (ORDER BY phase, seq) AS n FROM log_line
                   WHERE {lines}) numbered
             WHERE TRUE{kept}
             ORDER BY n LIMIT ? OFFSET ?"
        ),
        &params,
        &mut |row| {
            let number = row.int(11)?.unwrap_or(0);
            page.push(LogLine {
                number: u64::try_from(number).unwrap_or(0),
                line: line_from_row(row)?,
            });
            Ok(())
        },
    )?;
    Ok((page, u64::try_from(total).unwrap_or(0)))
}

/// A line from the columns of [`LINE_COLUMNS`]; a level, category or
/// phase this build does not know is a corrupt base, never a default.
fn line_from_row(mut row: SqlRow) -> Result<NewLogLine, StoreError> {
    let corrupt = |what: String| StoreError::Corrupt(format!("log line: {what}"));
    let phase = row.int(0)?.unwrap_or(0);
    let level = row.string(2)?;
    let category = row.string(3)?;
    let args = row.string(10)?;
    Ok(NewLogLine {
        phase: u8::try_from(phase).map_err(|_| corrupt(format!("phase {phase}")))?,
        at: row
            .time(1)?
            .ok_or_else(|| corrupt("a line without its time".into()))?,
        level: Level::parse(&level).ok_or_else(|| corrupt(format!("level {level:?}")))?,
        category: Category::parse(&category)
            .ok_or_else(|| corrupt(format!("category {category:?}")))?,
        row: row.int(4)?.and_then(|n| u64::try_from(n).ok()),
        column: row.take_text(5)?.map(Cow::Owned),
        code: row.take_text(6)?.map(Cow::Owned),
        value: row.take_text(7)?,
        outcome: row.take_text(8)?.map(Cow::Owned),
        message_id: Cow::Owned(row.take_text(9)?.unwrap_or_default()),
        args: args_from_json(&args)?,
        subject: None,
    })
}
