//! The import pipeline of intake, as a library with no knowledge of terminals
//! or HTTP:
//!
//! source (read rows) → mapping (headers) → validation (row checks) →
//! matching (in the file, then in the base) → plan (created / skipped /
//! rejected) → store (one transaction) → log and report.
//!
//! The command line and the web server are thin shells over [`run_import`],
//! the exports in [`export`] and the templates in [`template`].
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod asked;
pub mod duplicates;
mod ended;
mod error;
pub mod export;
pub mod extended;
mod fingerprint;
mod job;
mod keys;
mod log_lines;
pub mod message;
mod options;
mod pipeline;
mod rejects;
pub mod report;
mod retention;
mod run;
mod service;
pub mod template;
mod undo;
mod writer;

pub use error::{ImportError, ResumeRefusal, UndoRefusal};
pub use job::{QueuedImport, enqueue_import, run_job, summary_line};
pub use rejects::{RejectsFormat, write_rejects_from_log};
pub use retention::{RetentionSummary, apply_retention};
pub use run::{
    CriteriaMode, ImportOptions, ImportOutcome, MatchKey, Mode, Phase, Progress, ServiceOptions,
    interrupted_line, run_import,
};
pub use undo::{UndoSummary, undo_import, undo_preview};
pub use writer::waiting_message;
