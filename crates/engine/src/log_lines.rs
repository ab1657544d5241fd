//! The log lines an import writes about itself: the start, the file, the
//! header, each row's findings, the end.

use std::borrow::Cow;
use std::time::Duration;

use intake_core::issue::shown;
use intake_core::{Category, Column, HeaderFinding, Level, RowIssue};
use intake_source::SourceInfo;
use intake_store::{FileFacts, NewLogLine, phase};

use jiff::Timestamp;

use crate::message::issue_message_id;

pub(crate) fn line(
    phase: u8,
    level: Level,
    category: Category,
    message_id: &str,
    args: Vec<(&str, String)>,
) -> NewLogLine {
    NewLogLine {
        phase,
        at: Timestamp::now(),
        level,
        category,
        row: None,
        column: None,
        code: None,
        value: None,
        outcome: None,
        message_id: message_id.to_string().into(),
        args: args.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        subject: None,
    }
}

pub(crate) fn issue_line(row: u64, issue: RowIssue, outcome: Cow<'static, str>) -> NewLogLine {
    let phase = if issue.code.is_conflict() || !issue.code.blocks() {
        phase::CONFLICTS
    } else {
        phase::FORMAT
    };
    let column = issue.column.map(|c| match (c, issue.arg("code")) {
        (Column::Criterion | Column::Authorization, Some(code)) => {
            Cow::Owned(format!("{}:{code}", c.name()))
        }
        _ => Cow::Borrowed(c.name()),
    });
    let message_id = issue_message_id(&issue);
    NewLogLine {
        phase,
        at: Timestamp::now(),
        level: issue.code.level(),
        category: issue.code.category(),
        row: Some(row),
        column,
        code: Some(Cow::Borrowed(issue.code.as_str())),
        value: Some(issue.value),
        outcome: Some(outcome),
        message_id,
        args: issue
            .args
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        subject: None,
    }
}

/// The line written on an import whose process ended before it did.
pub fn interrupted_line() -> NewLogLine {
    line(
        phase::SUMMARY,
        Level::Error,
        Category::Summary,
        "log-interrupted",
        vec![],
    )
}

pub(crate) fn separator_label(sep: u8) -> String {
    match sep {
        b'\t' => "TAB".into(),
        other => (other as char).to_string(),
    }
}

pub(crate) fn duration_label(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1} s")
    } else {
        let s = d.as_secs();
        format!("{} min {:02} s", s / 60, s % 60)
    }
}

pub(crate) fn file_facts(info: &SourceInfo, rows: u64) -> FileFacts {
    FileFacts {
        format: info.format.as_str().to_string(),
        encoding: info.encoding.map(|e| e.label().to_string()),
        separator: info.separator.map(separator_label),
        rows,
    }
}

pub(crate) fn header_lines(findings: &[HeaderFinding]) -> Vec<NewLogLine> {
    findings
        .iter()
        .map(|f| {
            let (id, args) = match f {
                // A header is shown as any value (a NUL in it would stop
                // PostgreSQL from storing the line).
                HeaderFinding::Unknown { position, header } => (
                    "log-header-unknown",
                    vec![
                        ("position", position.to_string()),
                        ("header", shown(header).into_owned()),
                    ],
                ),
                HeaderFinding::NotImported { position, header } => (
                    "log-header-not-imported",
                    vec![
                        ("position", position.to_string()),
                        ("header", shown(header).into_owned()),
                    ],
                ),
                HeaderFinding::Duplicate {
                    position,
                    header,
                    column,
                } => (
                    "log-header-duplicate",
                    vec![
                        ("position", position.to_string()),
                        ("header", shown(header).into_owned()),
                        ("column", column.name().to_string()),
                    ],
                ),
                HeaderFinding::Empty { position } => {
                    ("log-header-empty", vec![("position", position.to_string())])
                }
            };
            line(
                phase::READING,
                Level::Warning,
                Category::Initialisation,
                id,
                args,
            )
        })
        .collect()
}
