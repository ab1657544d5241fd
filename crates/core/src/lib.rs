//! The pure heart of intake: the domain values a contact is made of, the
//! canonical columns of the import format and the header labels that name them,
//! and the checks a row goes through.
//!
//! Nothing here does IO, talks to a store or renders text for a person: a check
//! returns data ([`RowIssue`]s with stable [`IssueCode`]s) that the engine turns
//! into log lines and messages in the user's language.
//!
//! **Invariant:** checking never fails. [`check::check_row`] returns the draft it
//! could build *and* every broken rule of the row, never a `Result`.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod check;
pub mod column;
pub mod country;
pub mod header;
pub mod issue;
pub mod mode;
pub mod value;

pub use check::{
    CLEAR, Cells, CheckedRow, ContactDraft, Extended, Reference, RowRules, check_cells, check_row,
    is_clear, row_patch,
};
pub use column::{AddressGroup, Column};
pub use country::Country;
pub use header::{HeaderFinding, HeaderMap};
pub use issue::{Category, IssueCode, Level, RowIssue};
pub use mode::Mode;
