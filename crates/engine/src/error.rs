use std::path::PathBuf;

use intake_i18n::{Lang, text};
use intake_source::{SourceError, WorkbookLimit};
use intake_store::StoreError;

/// Why an import could not run (as opposed to rows it rejected, which are
/// log lines, not errors).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file cannot be read.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// The contact base failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The system would not start a thread to read or check the file.
    #[error("cannot start a thread: {0}")]
    Thread(std::io::Error),
    /// A thread reading or checking the file stopped on an internal error
    /// (a panic) before the end of the file.
    #[error("reading or checking the file stopped on an internal error")]
    Stopped,
    /// The header row names no email column, which create mode matches on.
    #[error("{} has no email column", path.display())]
    NoEmailColumn {
        /// The file.
        path: PathBuf,
    },
    /// A service's file lacks the column its rows are matched on.
    #[error("{} has no {column} column", path.display())]
    NoKeyColumn {
        /// The file.
        path: PathBuf,
        /// `email` or `contact_number`.
        column: &'static str,
        /// The mode.
        mode: &'static str,
    },
    /// `intake undo` refused.
    #[error("import {id} cannot be undone: {why:?}")]
    Undo {
        /// The import.
        id: i64,
        /// Why not.
        why: UndoRefusal,
    },
    /// `--resume` on an import that cannot be resumed.
    #[error("import {id} cannot be resumed: {why:?}")]
    Resume {
        /// The import.
        id: i64,
        /// Why not.
        why: ResumeRefusal,
    },
    /// Someone asked to stop it (handled by [`crate::run_import`], which
    /// removes what the import wrote and records it cancelled).
    #[error("cancelled after row {last_row}")]
    Cancelled {
        /// The last row read.
        last_row: u64,
    },
    /// Another writer of the institution holds its writer lock, and the
    /// import was asked not to wait (`--no-wait`).
    #[error("another writer holds the institution's writer lock")]
    Busy {
        /// Who, when known.
        holder: Option<intake_store::LockHolder>,
    },
    /// The uploaded file of an import was erased (its retention period
    /// ended, or the people it held were anonymized): its rows cannot be
    /// read again.
    #[error("the uploaded file was erased")]
    UploadErased,
    /// A server's copy of an upload that should be erased could not be
    /// removed.
    #[error("cannot remove the uploaded file {}: {source}", path.display())]
    UploadKept {
        /// The server's copy.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The rejects file cannot be written.
    #[error("cannot write the rejects file {}: {message}", path.display())]
    Rejects {
        /// The rejects file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// Why an import cannot be undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UndoRefusal {
    /// No such import in this institution.
    NotFound,
    /// It is not a completed, committed import (queued, running, failed,
    /// cancelled, a dry run, or undone already).
    NotCommitted {
        /// Its status.
        status: String,
        /// Whether it was a dry run.
        dry_run: bool,
    },
    /// Anonymize and delete cannot be undone, by design.
    Irreversible {
        /// The mode.
        mode: String,
    },
    /// A later import wrote some of its contacts.
    TouchedLater {
        /// A few of them.
        numbers: Vec<i64>,
        /// The later import.
        by: i64,
    },
}

/// Why an import cannot be resumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResumeRefusal {
    /// No such import in this institution.
    NotFound,
    /// It ran to its end.
    Completed,
    /// Its process is still at work.
    Running,
    /// Another process took it up further while this one waited to.
    MovedOn,
    /// The file is not the one it started with.
    FileChanged {
        /// The file given or recorded.
        path: PathBuf,
    },
}

impl ImportError {
    /// Whether the error is the system's rather than the file's or the
    /// request's (the contact base failed, a thread would not start): its
    /// text is for the operator, not for the person who sent the file.
    pub fn is_internal(&self) -> bool {
        matches!(
            self,
            ImportError::Store(_) | ImportError::Thread(_) | ImportError::Stopped
        )
    }

    /// The message for a person, in their language.
    pub fn message(&self, lang: Lang) -> String {
        self.message_naming(lang, None)
    }

    /// The message for a person, naming the file read as `shown` (the
    /// name its person knows it by: a server keeps an upload under a name
    /// of its own making, which is nobody's business) instead of the path
    /// it was read from; `None` names the path.
    pub fn message_naming(&self, lang: Lang, shown: Option<&str>) -> String {
        let file = |p: &std::path::Path| shown_file(p, shown);
        match self {
            ImportError::Source(e) => source_message(e, lang, shown),
            ImportError::NoEmailColumn { path } => text(
                lang,
                "error-no-email-column",
                &[("file", file(path).into())],
            ),
            ImportError::NoKeyColumn { path, column, mode } => text(
                lang,
                "error-no-key-column",
                &[
                    ("file", file(path).into()),
                    ("column", (*column).into()),
                    ("mode", (*mode).into()),
                ],
            ),
            ImportError::Undo { id, why } => match why {
                UndoRefusal::NotFound => {
                    text(lang, "error-import-not-found", &[("id", (*id).into())])
                }
                UndoRefusal::NotCommitted { status, dry_run } => text(
                    lang,
                    if *dry_run {
                        "error-undo-dry-run"
                    } else {
                        "error-undo-status"
                    },
                    &[("id", (*id).into()), ("status", status.clone().into())],
                ),
                UndoRefusal::Irreversible { mode } => text(
                    lang,
                    "error-undo-irreversible",
                    &[("id", (*id).into()), ("mode", mode.clone().into())],
                ),
                UndoRefusal::TouchedLater { numbers, by } => {
                    let list: Vec<String> = numbers.iter().map(i64::to_string).collect();
                    text(
                        lang,
                        "error-undo-touched",
                        &[
                            ("id", (*id).into()),
                            ("numbers", list.join(", ").into()),
                            ("by", (*by).into()),
                        ],
                    )
                }
            },
            ImportError::Store(e) => e.to_string(),
            ImportError::Thread(e) => {
                text(lang, "error-thread", &[("reason", e.to_string().into())])
            }
            ImportError::Stopped => text(lang, "error-reading-stopped", &[]),
            ImportError::Resume { id, why } => match why {
                ResumeRefusal::NotFound => {
                    text(lang, "error-import-not-found", &[("id", (*id).into())])
                }
                ResumeRefusal::Completed => {
                    text(lang, "error-resume-completed", &[("id", (*id).into())])
                }
                ResumeRefusal::MovedOn => {
                    text(lang, "error-resume-moved-on", &[("id", (*id).into())])
                }
                ResumeRefusal::Running => {
                    text(lang, "error-resume-running", &[("id", (*id).into())])
                }
                ResumeRefusal::FileChanged { path } => text(
                    lang,
                    "error-resume-changed",
                    &[("id", (*id).into()), ("file", file(path).into())],
                ),
            },
            ImportError::Busy { holder } => match holder {
                Some(h) if h.import_id.is_some() => {
                    let args: Vec<(&str, intake_i18n::Arg<'_>)> = crate::writer::holder_args(h)
                        .into_iter()
                        .map(|(k, v)| (k, v.into()))
                        .collect();
                    text(lang, "error-writer-busy", &args)
                }
                _ => text(lang, "error-writer-busy-unknown", &[]),
            },
            ImportError::UploadErased => text(lang, "error-upload-erased", &[]),
            ImportError::UploadKept { path, source } => text(
                lang,
                "error-upload-kept",
                &[
                    ("path", path.display().to_string().into()),
                    ("reason", source.to_string().into()),
                ],
            ),
            ImportError::Rejects { .. } => self.to_string(),
            ImportError::Cancelled { last_row } => {
                text(lang, "log-cancelled", &[("row", (*last_row).into())])
            }
        }
    }
}

/// A file as a message names it: as its person knows it (`shown`), else
/// by its path.
fn shown_file(path: &std::path::Path, shown: Option<&str>) -> String {
    match shown {
        Some(name) => name.to_string(),
        None => path.display().to_string(),
    }
}

/// The message of a file that cannot be read, naming it as its person
/// knows it (`shown`) or by its path.
fn source_message(e: &SourceError, lang: Lang, shown: Option<&str>) -> String {
    let file = |p: &std::path::Path| shown_file(p, shown);
    match e {
        SourceError::Open { path, source } => text(
            lang,
            "error-file-open",
            &[
                ("file", file(path).into()),
                ("reason", source.to_string().into()),
            ],
        ),
        SourceError::Empty { path } => {
            text(lang, "error-file-empty", &[("file", file(path).into())])
        }
        SourceError::UnsupportedFormat { path } => text(
            lang,
            "error-unsupported-format",
            &[("file", file(path).into())],
        ),
        SourceError::Csv { path, row, message } => text(
            lang,
            "error-csv",
            &[
                ("file", file(path).into()),
                ("row", (*row).into()),
                ("reason", message.clone().into()),
            ],
        ),
        SourceError::Workbook { path, message } => text(
            lang,
            "error-workbook",
            &[
                ("file", file(path).into()),
                ("reason", message.clone().into()),
            ],
        ),
        SourceError::UnclosedQuote { path, row, lines } => match lines {
            None => text(
                lang,
                "error-unclosed-quote",
                &[("file", file(path).into()), ("row", (*row).into())],
            ),
            Some(lines) => text(
                lang,
                "error-quote-too-long",
                &[
                    ("file", file(path).into()),
                    ("row", (*row).into()),
                    ("lines", (*lines).into()),
                ],
            ),
        },
        SourceError::RowTooLong { path, row, limit } => text(
            lang,
            "error-row-too-long",
            &[
                ("file", file(path).into()),
                ("row", (*row).into()),
                ("limit", bytes_label(*limit as u64).into()),
            ],
        ),
        SourceError::TooManyColumns {
            path,
            columns,
            limit,
        } => text(
            lang,
            "error-too-many-columns",
            &[
                ("file", file(path).into()),
                ("columns", (*columns).into()),
                ("limit", (*limit).into()),
            ],
        ),
        SourceError::WorkbookTooLarge { path, limit } => {
            workbook_limit_message(limit, lang, file(path))
        }
    }
}

/// The message of a workbook over one of its limits.
fn workbook_limit_message(limit: &WorkbookLimit, lang: Lang, file: String) -> String {
    let f = ("file", file.into());
    match limit {
        WorkbookLimit::Inflated { part, limit } => text(
            lang,
            "error-workbook-inflated",
            &[
                f,
                ("part", part.clone().into()),
                ("limit", bytes_label(*limit).into()),
            ],
        ),
        WorkbookLimit::Rows { limit } => text(
            lang,
            "error-workbook-rows",
            &[f, ("limit", (*limit).into())],
        ),
        WorkbookLimit::Cells { limit, whole } => text(
            lang,
            if *whole {
                "error-workbook-cells-whole"
            } else {
                "error-workbook-cells"
            },
            &[f, ("limit", (*limit).into())],
        ),
        WorkbookLimit::Column { row, column } => text(
            lang,
            "error-workbook-column",
            &[
                f,
                ("row", (*row).into()),
                ("column", column.clone().into()),
                ("limit", intake_source::MAX_COLUMNS.into()),
            ],
        ),
        WorkbookLimit::CellLength { row, column } => text(
            lang,
            "error-workbook-cell-length",
            &[
                f,
                ("row", (*row).into()),
                ("column", column.clone().into()),
                ("limit", intake_source::MAX_CELL_CHARS.into()),
            ],
        ),
        WorkbookLimit::Node { part } => text(
            lang,
            "error-workbook-node",
            &[f, ("part", part.clone().into())],
        ),
        WorkbookLimit::SharedStrings { limit } => text(
            lang,
            "error-workbook-strings",
            &[f, ("limit", bytes_label(*limit).into())],
        ),
        WorkbookLimit::Memory { limit, seconds } => text(
            lang,
            "error-workbook-memory",
            &[
                f,
                ("limit", bytes_label(*limit).into()),
                ("seconds", (*seconds).into()),
            ],
        ),
    }
}

/// A size as people read it: `1 MiB`, `96 MiB`, `4 GiB`, `512 bytes`.
pub(crate) fn bytes_label(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in UNITS {
        if bytes >= size && bytes.is_multiple_of(size) {
            return format!("{} {unit}", bytes / size);
        }
    }
    format!("{bytes} bytes")
}
