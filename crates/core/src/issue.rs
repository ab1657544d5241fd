//! What can be wrong with a row, a file or a header: stable codes, levels and
//! categories.

use crate::column::Column;

/// How serious a log line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// A step of the story (reading the file, the summary, …).
    Info,
    /// Something the user should look at; the row may still be skipped.
    Warning,
    /// A broken rule: the row is not imported.
    Error,
}

impl Level {
    /// The stable lower-case name (`info`, `warning`, `error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    /// Parses the stable name back.
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "info" => Some(Level::Info),
            "warning" => Some(Level::Warning),
            "error" => Some(Level::Error),
            _ => None,
        }
    }
}

/// The part of the story a log line belongs to (the seed's bracketed labels).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// Starting the import, reading the file and its header.
    Initialisation,
    /// A value that breaks a rule ("Format incorrect").
    Format,
    /// A row that collides with the base or an earlier row.
    Conflict,
    /// A row that should match a contact and does not.
    NotFound,
    /// Counts and the end of the import.
    Summary,
    /// What a row changed, or did, to a contact of the base (updates, before → after).
    Change,
}

impl Category {
    /// The stable name (`initialisation`, `format`, `conflict`, `not_found`, `summary`).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Initialisation => "initialisation",
            Category::Format => "format",
            Category::Conflict => "conflict",
            Category::NotFound => "not_found",
            Category::Summary => "summary",
            Category::Change => "change",
        }
    }

    /// Parses the stable name back.
    pub fn parse(s: &str) -> Option<Category> {
        match s {
            "initialisation" => Some(Category::Initialisation),
            "format" => Some(Category::Format),
            "conflict" => Some(Category::Conflict),
            "not_found" => Some(Category::NotFound),
            "summary" => Some(Category::Summary),
            "change" => Some(Category::Change),
            _ => None,
        }
    }
}

macro_rules! issue_codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $level:ident, $category:ident; )*) => {
        /// A stable code for one kind of finding. The code string (`email.format`)
        /// is part of the command-line contract; the message shown to a person is
        /// looked up from it in the translation files.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum IssueCode {
            $( $(#[$doc])* $variant, )*
        }

        impl IssueCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [IssueCode] = &[$(IssueCode::$variant),*];

            /// The stable code, e.g. `email.format`.
            pub fn as_str(self) -> &'static str {
                match self { $(IssueCode::$variant => $code,)* }
            }

            /// How serious this finding is.
            pub fn level(self) -> Level {
                match self { $(IssueCode::$variant => Level::$level,)* }
            }

            /// Which part of the story it belongs to.
            pub fn category(self) -> Category {
                match self { $(IssueCode::$variant => Category::$category,)* }
            }

            /// Parses a stable code back.
            pub fn parse(s: &str) -> Option<IssueCode> {
                match s { $($code => Some(IssueCode::$variant),)* _ => None }
            }
        }
    };
}

issue_codes! {
    /// An individual without email in create mode.
    EmailMissing = "email.missing", Error, Format;
    /// Not `local@domain.tld`.
    EmailFormat = "email.format", Error, Format;
    /// The same email as an earlier valid row of the file.
    EmailDuplicateInFile = "email.duplicate_in_file", Warning, Conflict;
    /// The email is already in the contact base.
    EmailExists = "email.exists", Warning, Conflict;
    /// A first name with a digit or a special character.
    FirstNameFormat = "first_name.format", Error, Format;
    /// A last name with a digit or a special character.
    LastNameFormat = "last_name.format", Error, Format;
    /// A title that is not MR, MRS, MISS, MR_AND_MRS or UNDEFINED.
    TitleUnknown = "title.unknown", Error, Format;
    /// A language that is not one of the institution's.
    LanguageUnknown = "language.unknown", Error, Format;
    /// A birthdate not written `dd.mm.yyyy`.
    BirthdateFormat = "birthdate.format", Error, Format;
    /// A birthdate that is not a real date, or in the future.
    BirthdateInvalid = "birthdate.invalid", Error, Format;
    /// A partial address: one of postal code, town or country is missing.
    AddressIncomplete = "address.incomplete", Error, Format;
    /// A postal code that does not fit the country's format.
    PostalCodeFormat = "postal_code.format", Error, Format;
    /// A town with a digit or a special character.
    TownFormat = "town.format", Error, Format;
    /// A country that is neither an ISO code nor a known name.
    CountryUnknown = "country.unknown", Error, Format;
    /// A contact type that is neither INDIVIDUAL nor STRUCTURE.
    ContactTypeUnknown = "contact_type.unknown", Error, Format;
    /// A STRUCTURE row without a structure name.
    StructureNameMissing = "structure_name.missing", Error, Format;
    /// A row with another number of cells than the header.
    RowWidth = "row.width", Error, Format;
    /// A cell longer than its column takes ([`Column::max_chars`]).
    CellTooLong = "cell.too_long", Error, Format;
    /// A cell holding a control character (NUL, a form feed, …: what no
    /// one types, and what a database may refuse to store).
    CellControlCharacter = "cell.control_character", Error, Format;
    /// A contact number that is not digits.
    ContactNumberFormat = "contact_number.format", Error, Format;
    /// A legacy contact number outside the institution's reserved range.
    ContactNumberOutOfRange = "contact_number.out_of_range", Error, Format;
    /// A row without the contact number its match needs.
    ContactNumberMissing = "contact_number.missing", Error, Format;
    /// A legacy contact number already used (or once used) in the base.
    ContactNumberExists = "contact_number.exists", Warning, Conflict;
    /// The same contact number as an earlier valid row of the file.
    ContactNumberDuplicateInFile = "contact_number.duplicate_in_file", Warning, Conflict;
    /// A structure whose name and address are already in the base or earlier in the file.
    StructureDuplicate = "structure.duplicate", Warning, Conflict;
    /// A structure type that the institution has not defined.
    StructureTypeUnknown = "structure_type.unknown", Error, Format;
    /// A `criterion:CODE` column whose criterion is not defined.
    CriterionUnknown = "criterion.unknown", Error, Format;
    /// An element that the criterion does not have.
    CriterionElementUnknown = "criterion_element.unknown", Error, Format;
    /// An `authorization:CODE` column whose authorization is not defined.
    AuthorizationUnknown = "authorization.unknown", Error, Format;
    /// An authorization value that is neither yes nor no.
    AuthorizationValue = "authorization.value", Error, Format;
    /// A phone number that is not valid for the row's country.
    PhoneFormat = "phone.format", Error, Format;
    /// No contact of the base matches the row's key.
    ContactNotFound = "contact.not_found", Warning, NotFound;
    /// Several contacts of the base share the row's email: none is picked.
    ContactAmbiguous = "contact.ambiguous", Warning, Conflict;
    /// The row looks like a contact of the base under another email
    /// (`--check-duplicates`): imported all the same.
    ContactPossibleDuplicate = "contact.possible_duplicate", Warning, Conflict;
    /// A stored "no" that the file would turn into "yes": kept (the rest of
    /// the row is imported).
    ConsentKept = "authorization.consent_kept", Warning, Change;
    /// The structure an individual names is not in the base (or several
    /// are): the individual is imported without membership.
    MemberStructureNotFound = "member.structure_not_found", Warning, Change;
}

impl IssueCode {
    /// Whether this finding skips the row (a conflict) rather than rejecting it.
    pub fn is_conflict(self) -> bool {
        self.category() == Category::Conflict
    }

    /// Whether this finding stops the row (an error or a conflict); the
    /// others are notes on a row that is imported.
    pub fn blocks(self) -> bool {
        self.category() != Category::Change
    }
}

/// One broken rule in one row: what, where and the offending value.
///
/// The row number is not stored here: the caller knows which row it checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowIssue {
    /// What is wrong.
    pub code: IssueCode,
    /// The column concerned, if the finding is about one column.
    pub column: Option<Column>,
    /// The value as it was found in the file (trimmed).
    pub value: String,
    /// Named details for the message (`expected`, `suggestion`, `earlier_row`, …).
    pub args: Vec<(&'static str, String)>,
}

impl RowIssue {
    /// A finding about one column's value, without details.
    pub fn new(code: IssueCode, column: Column, value: &str) -> RowIssue {
        RowIssue {
            code,
            column: Some(column),
            value: value.to_string(),
            args: Vec::new(),
        }
    }

    /// Adds a named detail for the message.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> RowIssue {
        self.args.push((name, value.into()));
        self
    }

    /// The detail with this name, if any.
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Whether a character is a control character no one types in a cell:
/// C0 controls but tab and line breaks, DEL, and C1 controls.
pub fn is_control(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// The most characters of a value a log line keeps.
pub const SHOWN_CHARS: usize = 100;

/// A value as a log line shows it: its control characters as their
/// pictures (`␀` for NUL, which a PostgreSQL text cannot hold), and at
/// most [`SHOWN_CHARS`] characters (then `…`).
pub fn shown(value: &str) -> std::borrow::Cow<'_, str> {
    let long = value.len() > SHOWN_CHARS && value.chars().nth(SHOWN_CHARS).is_some();
    if !long && !value.chars().any(is_control) {
        return std::borrow::Cow::Borrowed(value);
    }
    let mut out: String = value
        .chars()
        .take(SHOWN_CHARS)
        .map(|c| match c {
            '\0'..='\u{1f}' if is_control(c) => {
                char::from_u32(0x2400 + c as u32).unwrap_or(char::REPLACEMENT_CHARACTER)
            }
            '\u{7f}' => '\u{2421}',
            c if is_control(c) => char::REPLACEMENT_CHARACTER,
            c => c,
        })
        .collect();
    if long {
        out.push('…');
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_shown_printable_and_short() {
        assert_eq!(shown("Ann Lee"), "Ann Lee");
        assert_eq!(
            shown("J\0e\u{7f}an\u{85}\tx"),
            "J\u{2400}e\u{2421}an\u{fffd}\tx"
        );
        let long = "é".repeat(150);
        let s = shown(&long);
        assert_eq!(s.chars().count(), SHOWN_CHARS + 1);
        assert!(s.ends_with('…'));
        assert_eq!(shown(&"é".repeat(100)), "é".repeat(100));
    }

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in IssueCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {}", code.as_str());
            assert_eq!(IssueCode::parse(code.as_str()), Some(*code));
        }
    }

    #[test]
    fn conflicts_are_warnings_and_format_findings_errors() {
        assert_eq!(IssueCode::EmailExists.level(), Level::Warning);
        assert!(IssueCode::EmailDuplicateInFile.is_conflict());
        assert_eq!(IssueCode::FirstNameFormat.level(), Level::Error);
        assert!(!IssueCode::CountryUnknown.is_conflict());
    }
}
