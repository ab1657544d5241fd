//! The checks a row goes through, all at once: every broken rule is reported,
//! so one pass over the file fixes it.

use jiff::civil::Date;

use crate::column::Column;
use crate::country::Country;
use crate::header::HeaderMap;
use crate::issue::{IssueCode, RowIssue};
use crate::value::{
    Birthdate, BirthdateError, ContactType, Email, Language, PersonName, PostalCode, Title, Town,
    postal_format_hint,
};

/// The institution's settings and the mode that a row is checked against.
#[derive(Clone, Debug)]
pub struct RowRules {
    /// The institution's languages.
    pub languages: Vec<Language>,
    /// The language of a row that has none.
    pub default_language: Language,
    /// The title of a row that has none.
    pub default_title: Title,
    /// Birthdates after this day are refused.
    pub today: Date,
    /// Whether an individual must have an email (create mode).
    pub email_required: bool,
}

/// A postal address that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    /// First street line.
    pub line1: Option<String>,
    /// Second street line.
    pub line2: Option<String>,
    /// Normalised postal code.
    pub postal_code: PostalCode,
    /// Town.
    pub town: Town,
    /// State, department or canton.
    pub state: Option<String>,
    /// Country.
    pub country: Country,
}

/// A contact as a row describes it, every value valid and defaults applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactDraft {
    /// Individual or structure.
    pub contact_type: ContactType,
    /// Title (the institution's default when empty).
    pub title: Title,
    /// First name (`-` when empty).
    pub first_name: PersonName,
    /// Last name (`-` when empty).
    pub last_name: PersonName,
    /// Birthdate, when given.
    pub birthdate: Option<Birthdate>,
    /// Preferred language (the institution's default when empty).
    pub language: Language,
    /// Email, when given.
    pub email: Option<Email>,
    /// Structure name (structures only).
    pub structure_name: Option<String>,
    /// Main address, when given.
    pub address: Option<Address>,
}

/// The result of checking one row: the draft when no rule is broken, and every
/// finding.
#[derive(Clone, Debug, Default)]
pub struct CheckedRow {
    /// The contact to import; `None` when an error-level rule is broken.
    pub draft: Option<ContactDraft>,
    /// Every broken rule, in column order.
    pub issues: Vec<RowIssue>,
}

fn optional(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// Checks one row's cells against every rule.
///
/// The row must not be blank (callers skip rows whose cells are all empty).
pub fn check_row(map: &HeaderMap, cells: &[String], rules: &RowRules) -> CheckedRow {
    let mut issues = Vec::new();
    if cells.len() != map.width() {
        issues.push(RowIssue {
            code: IssueCode::RowWidth,
            column: None,
            value: cells.len().to_string(),
            args: vec![("expected", map.width().to_string())],
        });
        return CheckedRow {
            draft: None,
            issues,
        };
    }
    let cell = |c: Column| map.cell(cells, c);

    let raw_email = cell(Column::Email);
    let email = if raw_email.is_empty() {
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
    };

    let raw_type = cell(Column::ContactType);
    let contact_type = if raw_type.is_empty() {
        Some(ContactType::Individual)
    } else {
        let t = ContactType::parse(raw_type);
        if t.is_none() {
            issues.push(RowIssue::new(
                IssueCode::ContactTypeUnknown,
                Column::ContactType,
                raw_type,
            ));
        }
        t
    };
    if raw_email.is_empty() && rules.email_required && contact_type == Some(ContactType::Individual)
    {
        issues.push(RowIssue::new(IssueCode::EmailMissing, Column::Email, ""));
    }

    let raw_title = cell(Column::Title);
    let title = if raw_title.is_empty() {
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
    };

    let mut name = |column: Column, code: IssueCode| {
        let raw = cell(column);
        let n = PersonName::parse(raw);
        if n.is_none() {
            issues.push(RowIssue::new(code, column, raw));
        }
        n
    };
    let first_name = name(Column::FirstName, IssueCode::FirstNameFormat);
    let last_name = name(Column::LastName, IssueCode::LastNameFormat);

    let raw_birthdate = cell(Column::Birthdate);
    let birthdate = if raw_birthdate.is_empty() {
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
    };

    let raw_language = cell(Column::Language);
    let language = if raw_language.is_empty() {
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
    };

    let raw_structure = cell(Column::StructureName);
    if contact_type == Some(ContactType::Structure) && raw_structure.is_empty() {
        issues.push(RowIssue::new(
            IssueCode::StructureNameMissing,
            Column::StructureName,
            "",
        ));
    }

    let address = check_address(map, cells, &mut issues);

    let draft = match (
        contact_type,
        title,
        first_name,
        last_name,
        birthdate,
        language,
        address,
    ) {
        (
            Some(contact_type),
            Some(title),
            Some(first_name),
            Some(last_name),
            Some(birthdate),
            Some(language),
            Some(address),
        ) if issues.is_empty() => Some(ContactDraft {
            contact_type,
            title,
            first_name,
            last_name,
            birthdate,
            language,
            email,
            structure_name: optional(raw_structure),
            address,
        }),
        _ => None,
    };
    CheckedRow { draft, issues }
}

/// Checks the address group. `Some(None)`: no address; `Some(Some(_))`: a
/// valid one; `None`: broken rules were pushed.
fn check_address(
    map: &HeaderMap,
    cells: &[String],
    issues: &mut Vec<RowIssue>,
) -> Option<Option<Address>> {
    let cell = |c: Column| map.cell(cells, c);
    if Column::ADDRESS.iter().all(|c| cell(*c).is_empty()) {
        return Some(None);
    }
    let before = issues.len();
    for part in [Column::PostalCode, Column::Town, Column::Country] {
        if cell(part).is_empty() {
            issues.push(RowIssue::new(IssueCode::AddressIncomplete, part, ""));
        }
    }

    let raw_country = cell(Column::Country);
    let country = if raw_country.is_empty() {
        None
    } else {
        match Country::parse(raw_country) {
            Ok(c) => Some(c),
            Err(suggestion) => {
                let mut issue =
                    RowIssue::new(IssueCode::CountryUnknown, Column::Country, raw_country);
                if let Some(s) = suggestion {
                    issue = issue
                        .with("suggestion", s.spelled)
                        .with("suggestion_code", s.country.alpha2());
                }
                issues.push(issue);
                None
            }
        }
    };

    let raw_postal = cell(Column::PostalCode);
    let postal = if raw_postal.is_empty() {
        None
    } else {
        let p = PostalCode::parse(raw_postal, country);
        if p.is_none() {
            let mut issue =
                RowIssue::new(IssueCode::PostalCodeFormat, Column::PostalCode, raw_postal);
            match country.and_then(|c| postal_format_hint(c).map(|h| (c, h))) {
                Some((c, hint)) => {
                    issue = issue.with("country", c.alpha2()).with("example", hint);
                }
                None => issue = issue.with("rule", "digit"),
            }
            issues.push(issue);
        }
        p
    };

    let raw_town = cell(Column::Town);
    let town = if raw_town.is_empty() {
        None
    } else {
        let t = Town::parse(raw_town);
        if t.is_none() {
            issues.push(RowIssue::new(IssueCode::TownFormat, Column::Town, raw_town));
        }
        t
    };

    match (postal, town, country) {
        (Some(postal_code), Some(town), Some(country)) if issues.len() == before => {
            Some(Some(Address {
                line1: optional(cell(Column::AddressLine1)),
                line2: optional(cell(Column::AddressLine2)),
                postal_code,
                town,
                state: optional(cell(Column::State)),
                country,
            }))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> RowRules {
        RowRules {
            languages: ["fr", "de", "en", "it"]
                .iter()
                .filter_map(|l| Language::parse(l))
                .collect(),
            default_language: Language::parse("fr").unwrap(),
            default_title: Title::Undefined,
            today: Date::new(2026, 11, 23).unwrap(),
            email_required: true,
        }
    }

    fn check(header: &str, row: &str) -> CheckedRow {
        let h: Vec<String> = header.split(';').map(String::from).collect();
        let r: Vec<String> = row.split(';').map(String::from).collect();
        let (map, _) = HeaderMap::new(&h);
        check_row(&map, &r, &rules())
    }

    fn codes(c: &CheckedRow) -> Vec<(&'static str, Option<&'static str>)> {
        c.issues
            .iter()
            .map(|i| (i.code.as_str(), i.column.map(|c| c.name())))
            .collect()
    }

    const H: &str = "email;title;first_name;last_name;birthdate;language;address_line1;postal_code;town;country";

    #[test]
    fn a_good_row_gets_defaults() {
        let c = check(H, "ana@example.ch;;;;;;;;;");
        let d = c.draft.unwrap();
        assert!(c.issues.is_empty());
        assert_eq!(d.first_name.as_str(), "-");
        assert_eq!(d.last_name.as_str(), "-");
        assert_eq!(d.title, Title::Undefined);
        assert_eq!(d.language.as_str(), "fr");
        assert_eq!(d.address, None);
    }

    #[test]
    fn every_broken_rule_is_listed_at_once() {
        let c = check(
            H,
            "ana@;Monsieur;J3an;Dupont2;31.02.1990;xx;Rue 1;ABC;Paris 16;BRESIL",
        );
        assert!(c.draft.is_none());
        assert_eq!(
            codes(&c),
            vec![
                ("email.format", Some("email")),
                ("title.unknown", Some("title")),
                ("first_name.format", Some("first_name")),
                ("last_name.format", Some("last_name")),
                ("birthdate.invalid", Some("birthdate")),
                ("language.unknown", Some("language")),
                ("country.unknown", Some("country")),
                ("postal_code.format", Some("postal_code")),
                ("town.format", Some("town")),
            ]
        );
        assert_eq!(c.issues[1].arg("suggestion"), Some("MR"));
        assert_eq!(c.issues[6].arg("suggestion"), Some("BRÉSIL"));
    }

    #[test]
    fn partial_address_names_each_missing_part() {
        let c = check(H, "ana@example.ch;;;;;;Rue du Lac 1;;Lausanne;");
        assert_eq!(
            codes(&c),
            vec![
                ("address.incomplete", Some("postal_code")),
                ("address.incomplete", Some("country")),
            ]
        );
    }

    #[test]
    fn full_address_is_normalised() {
        let c = check(
            H,
            "ana@example.ch;mrs;Ana;Muster;01.02.1980;DE;Rue du Lac 1;CH-1003;Lausanne;Suisse",
        );
        let d = c.draft.unwrap();
        let a = d.address.unwrap();
        assert_eq!(a.postal_code.as_str(), "1003");
        assert_eq!(a.country.alpha2(), "CH");
        assert_eq!(d.language.as_str(), "de");
        assert_eq!(d.title, Title::Mrs);
    }

    #[test]
    fn missing_email_and_width() {
        let c = check(H, ";;Ana;;;;;;;");
        assert_eq!(codes(&c), vec![("email.missing", Some("email"))]);
        let c = check(H, "ana@example.ch;;Ana");
        assert_eq!(codes(&c), vec![("row.width", None)]);
        assert_eq!(c.issues[0].value, "3");
    }

    #[test]
    fn structures_need_a_name_but_no_email() {
        let h = "email;contact_type;structure_name";
        assert!(check(h, ";STRUCTURE;Théâtre du Lac").draft.is_some());
        assert_eq!(
            codes(&check(h, ";structure;")),
            vec![("structure_name.missing", Some("structure_name"))]
        );
        assert_eq!(
            codes(&check(h, "a@b.ch;person;")),
            vec![("contact_type.unknown", Some("contact_type"))]
        );
    }
}
