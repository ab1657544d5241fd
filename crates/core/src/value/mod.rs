//! Domain values that cannot hold invalid data: each is built by a `parse`
//! that either returns the value or says precisely what is wrong.

mod birthdate;
mod email;
mod name;
mod phone;
mod postal;
mod simple;

pub use birthdate::{Birthdate, BirthdateError};
pub use email::{Email, EmailError};
pub use name::{PersonName, Town};
pub use phone::{Phone, PhoneError};
pub use postal::{PostalCode, postal_format_hint};
pub use simple::{ContactStatus, ContactType, Language, Title};
mod extended;
pub use extended::{ContactNumber, code, comparison_key, parse_consent};
