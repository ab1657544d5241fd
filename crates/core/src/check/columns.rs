//! The checks of one column each: a value, or `None` with the findings
//! pushed (`check_cells` builds the draft from them).

use crate::column::Column;
use crate::country::Country;
use crate::issue::{IssueCode, RowIssue};
use crate::value::{
    Birthdate, BirthdateError, ContactNumber, ContactType, Email, Language, Phone, PhoneError,
    Title, code,
};

use super::{RowRules, outside_reserved};

/// A legacy contact number (or, updating by number, the key).
#[inline]
pub(super) fn checked_number(
    raw_number: &str,
    rules: &RowRules,
    issues: &mut Vec<RowIssue>,
) -> Option<ContactNumber> {
    if raw_number.is_empty() {
        None
    } else {
        match ContactNumber::parse(raw_number) {
            Some(n) => {
                if !rules.number_is_key
                    && let Some(issue) = outside_reserved(n, raw_number, rules.reserved)
                {
                    issues.push(issue);
                }
                Some(n)
            }
            None => {
                issues.push(RowIssue::new(
                    IssueCode::ContactNumberFormat,
                    Column::ContactNumber,
                    raw_number,
                ));
                None
            }
        }
    }
}

/// An email, when the row gives one.
#[inline]
pub(super) fn checked_email<'a>(
    raw_email: &'a str,
    issues: &mut Vec<RowIssue>,
) -> Option<Email<'a>> {
    if raw_email.is_empty() {
        None
    } else {
        match Email::parse(raw_email) {
            Ok(e) => Some(e),
            Err(_) => {
                issues.push(RowIssue::new(
                    IssueCode::EmailFormat,
                    Column::Email,
                    raw_email,
                ));
                None
            }
        }
    }
}

/// The title (the institution's default when empty), with a suggestion
/// for one it does not know.
#[inline]
pub(super) fn checked_title(
    raw_title: &str,
    rules: &RowRules,
    issues: &mut Vec<RowIssue>,
) -> Option<Title> {
    if raw_title.is_empty() {
        Some(rules.default_title)
    } else {
        let t = Title::parse(raw_title);
        if t.is_none() {
            let mut issue = RowIssue::new(IssueCode::TitleUnknown, Column::Title, raw_title);
            if let Some(s) = Title::suggest(raw_title) {
                issue = issue.with("suggestion", s.as_str());
            }
            issues.push(issue);
        }
        t
    }
}

/// A birthdate: `Some(None)` when empty, `None` when it is refused.
#[inline]
pub(super) fn checked_birthdate(
    raw_birthdate: &str,
    rules: &RowRules,
    issues: &mut Vec<RowIssue>,
) -> Option<Option<Birthdate>> {
    if raw_birthdate.is_empty() {
        Some(None)
    } else {
        match Birthdate::parse(raw_birthdate, rules.today) {
            Ok(b) => Some(Some(b)),
            Err(e) => {
                let (code, reason) = match e {
                    BirthdateError::Format => (IssueCode::BirthdateFormat, None),
                    BirthdateError::NoSuchDay => (IssueCode::BirthdateInvalid, Some("no_such_day")),
                    BirthdateError::Future => (IssueCode::BirthdateInvalid, Some("future")),
                    BirthdateError::TooOld => (IssueCode::BirthdateInvalid, Some("too_old")),
                };
                let mut issue = RowIssue::new(code, Column::Birthdate, raw_birthdate);
                if let Some(reason) = reason {
                    issue = issue.with("reason", reason);
                }
                issues.push(issue);
                None
            }
        }
    }
}

/// The language (the institution's default when empty), one of the
/// institution's.
#[inline]
pub(super) fn checked_language(
    raw_language: &str,
    rules: &RowRules,
    issues: &mut Vec<RowIssue>,
) -> Option<Language> {
    if raw_language.is_empty() {
        Some(rules.default_language)
    } else {
        match Language::parse(raw_language).filter(|l| rules.languages.contains(l)) {
            Some(l) => Some(l),
            None => {
                let expected: Vec<&str> = rules.languages.iter().map(|l| l.as_str()).collect();
                issues.push(
                    RowIssue::new(IssueCode::LanguageUnknown, Column::Language, raw_language)
                        .with("expected", expected.join(", ")),
                );
                None
            }
        }
    }
}

/// A structure type, one of the institution's.
#[inline]
pub(super) fn checked_structure_type(
    raw_structure_type: &str,
    rules: &RowRules,
    issues: &mut Vec<RowIssue>,
) -> Option<String> {
    let structure_type = (!raw_structure_type.is_empty()).then(|| code(raw_structure_type));
    if let Some(t) = &structure_type
        && !rules.reference.structure_types.contains(t)
    {
        let known: Vec<&str> = rules
            .reference
            .structure_types
            .iter()
            .map(String::as_str)
            .collect();
        issues.push(
            RowIssue::new(
                IssueCode::StructureTypeUnknown,
                Column::StructureType,
                raw_structure_type,
            )
            .with("expected", known.join(", ")),
        );
    }
    structure_type
}

/// The contact type (an individual when empty).
#[inline]
pub(super) fn checked_type(raw_type: &str, issues: &mut Vec<RowIssue>) -> Option<ContactType> {
    if raw_type.is_empty() {
        return Some(ContactType::Individual);
    }
    let t = ContactType::parse(raw_type);
    if t.is_none() {
        issues.push(RowIssue::new(
            IssueCode::ContactTypeUnknown,
            Column::ContactType,
            raw_type,
        ));
    }
    t
}

/// A phone: `Some(None)` when empty, `None` when refused. A number
/// without its country code is the row's country's (`region`, looked up
/// only for a row that has a phone).
#[inline]
pub(super) fn checked_phone(
    column: Column,
    raw: &str,
    region: impl FnOnce() -> Option<Country>,
    issues: &mut Vec<RowIssue>,
) -> Option<Option<Phone>> {
    if raw.is_empty() {
        return Some(None);
    }
    let region = region();
    match Phone::parse(raw, region) {
        Ok(p) => Some(Some(p)),
        Err(error) => {
            let mut issue = RowIssue::new(IssueCode::PhoneFormat, column, raw);
            // A number written with its country code is not the row
            // country's: the message says so rather than name it.
            issue = match (error, region) {
                (PhoneError::CountryCode, _) => issue.with("country", "code"),
                (PhoneError::Region, Some(c)) => issue.with("country", c.alpha2()),
                (PhoneError::Region, None) => issue.with("country", "none"),
            };
            issues.push(issue);
            None
        }
    }
}
