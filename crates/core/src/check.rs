//! The checks a row goes through, all at once: every broken rule is reported,
//! so one pass over the file fixes it.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;

use crate::column::{AddressGroup, Column};
use crate::country::Country;
use crate::header::{HeaderMap, clean_cell};
use crate::issue::{IssueCode, RowIssue, is_control, shown};
use crate::value::{
    Birthdate, BirthdateError, ContactNumber, ContactType, Email, Language, PersonName, Phone,
    PhoneError, PostalCode, Title, Town, code, parse_consent, postal_format_hint,
};

/// The cell value that empties a field in an update (an empty cell leaves
/// it as it is). Case-insensitive.
pub const CLEAR: &str = "#CLEAR";

/// Whether a cell is the clear token.
#[inline]
pub fn is_clear(cell: &str) -> bool {
    // Asked of every cell a check reads: most differ in their first byte.
    cell.as_bytes().first() == Some(&b'#') && cell.eq_ignore_ascii_case(CLEAR)
}

/// The institution's reference data that the extended columns are checked
/// against.
#[derive(Clone, Debug, Default)]
pub struct Reference {
    /// Criterion code → its element codes.
    pub criteria: BTreeMap<String, BTreeSet<String>>,
    /// Structure type codes.
    pub structure_types: BTreeSet<String>,
    /// Authorization codes.
    pub authorizations: BTreeSet<String>,
}

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
    /// Criteria, structure types and authorizations.
    pub reference: Reference,
    /// The reserved range of legacy contact numbers, if any.
    pub reserved: Option<(i64, i64)>,
    /// Whether the contact number is the row's key (an update by number)
    /// rather than a legacy number to keep.
    pub number_is_key: bool,
}

/// A postal address that passed every check. Its text borrows the row's
/// cells (`'a`) wherever normalising changed nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address<'a> {
    /// First street line.
    pub line1: Option<&'a str>,
    /// Second street line.
    pub line2: Option<&'a str>,
    /// Normalised postal code.
    pub postal_code: PostalCode<'a>,
    /// Town.
    pub town: Town<'a>,
    /// State, department or canton.
    pub state: Option<&'a str>,
    /// Country.
    pub country: Country,
}

/// A contact as a row describes it, every value valid and defaults applied.
///
/// Its text borrows the row's cells (`'a`) wherever normalising changed
/// nothing, so that checking a file allocates next to nothing for the rows
/// that pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactDraft<'a> {
    /// Individual or structure.
    pub contact_type: ContactType,
    /// Title (the institution's default when empty).
    pub title: Title,
    /// First name (`-` when empty).
    pub first_name: PersonName<'a>,
    /// Last name (`-` when empty).
    pub last_name: PersonName<'a>,
    /// Birthdate, when given.
    pub birthdate: Option<Birthdate>,
    /// Preferred language (the institution's default when empty).
    pub language: Language,
    /// Email, when given.
    pub email: Option<Email<'a>>,
    /// Structure name (structures only).
    pub structure_name: Option<&'a str>,
    /// Main address, when given.
    pub address: Option<Address<'a>>,
    /// A legacy contact number to keep, or the key of an update.
    pub contact_number: Option<ContactNumber>,
    /// What only the extended template gives; `None` when the row gives
    /// none of it (boxed: most files have none of these columns, and a
    /// draft is moved a few times on its way to the base). Read through
    /// [`ContactDraft::extended`].
    pub extended: Option<Box<Extended<'a>>>,
}

/// The fields of a draft that only the extended template has.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extended<'a> {
    /// Structure type code.
    pub structure_type: Option<String>,
    /// VAT or company number.
    pub administrative_number: Option<&'a str>,
    /// Phone, E.164.
    pub phone: Option<Phone>,
    /// Mobile, E.164.
    pub mobile: Option<Phone>,
    /// Billing address.
    pub billing: Option<Address<'a>>,
    /// Shipping address.
    pub shipping: Option<Address<'a>>,
    /// Criterion code → the elements the row gives (empty: `#CLEAR`).
    pub criteria: Vec<(String, Vec<String>)>,
    /// Authorization code → yes or no.
    pub authorizations: Vec<(String, bool)>,
}

/// The extended fields of a draft that has none.
static NO_EXTENDED: Extended<'static> = Extended {
    structure_type: None,
    administrative_number: None,
    phone: None,
    mobile: None,
    billing: None,
    shipping: None,
    criteria: Vec::new(),
    authorizations: Vec::new(),
};

impl Extended<'_> {
    /// Whether it sets any of the contact's own columns (criteria and
    /// authorizations are kept apart from them).
    pub fn has_columns(&self) -> bool {
        self.phone.is_some()
            || self.mobile.is_some()
            || self.structure_type.is_some()
            || self.administrative_number.is_some()
            || self.billing.is_some()
            || self.shipping.is_some()
    }

    /// Whether it gives nothing at all.
    fn is_empty(&self) -> bool {
        !self.has_columns() && self.criteria.is_empty() && self.authorizations.is_empty()
    }
}

impl<'a> ContactDraft<'a> {
    /// The extended fields, all empty when the row gives none.
    pub fn extended(&self) -> &Extended<'a> {
        self.extended.as_deref().unwrap_or(&NO_EXTENDED)
    }

    /// The value this draft gives a stored column, as the contact base holds
    /// it (dates `yyyy-mm-dd`, countries alpha-2, phones E.164), defaults
    /// applied; `None` for an empty optional field.
    pub fn value(&self, column: Column) -> Option<String> {
        let address = |group: Option<&Address<'_>>, i: usize| {
            group.and_then(|a| match i {
                0 => a.line1.map(str::to_string),
                1 => a.line2.map(str::to_string),
                2 => Some(a.postal_code.as_str().to_string()),
                3 => Some(a.town.as_str().to_string()),
                4 => a.state.map(str::to_string),
                _ => Some(a.country.alpha2().to_string()),
            })
        };
        let position = |group: AddressGroup| group.columns().iter().position(|c| *c == column);
        if let Some(i) = position(AddressGroup::Main) {
            return address(self.address.as_ref(), i);
        }
        if let Some(i) = position(AddressGroup::Billing) {
            return address(self.extended().billing.as_ref(), i);
        }
        if let Some(i) = position(AddressGroup::Shipping) {
            return address(self.extended().shipping.as_ref(), i);
        }
        match column {
            Column::Email => self.email.as_ref().map(|e| e.as_str().to_string()),
            Column::ContactType => Some(self.contact_type.as_str().to_string()),
            Column::Title => Some(self.title.as_str().to_string()),
            Column::FirstName => Some(self.first_name.as_str().to_string()),
            Column::LastName => Some(self.last_name.as_str().to_string()),
            Column::Birthdate => self.birthdate.map(|b| b.date().to_string()),
            Column::Language => Some(self.language.as_str().to_string()),
            Column::StructureName => self.structure_name.map(str::to_string),
            Column::ContactNumber => self.contact_number.map(|n| n.to_string()),
            Column::StructureType => self.extended().structure_type.clone(),
            Column::AdministrativeNumber => {
                self.extended().administrative_number.map(str::to_string)
            }
            Column::Phone => self
                .extended()
                .phone
                .as_ref()
                .map(|p| p.as_str().to_string()),
            Column::Mobile => self
                .extended()
                .mobile
                .as_ref()
                .map(|p| p.as_str().to_string()),
            _ => None,
        }
    }
}

/// The stored columns a row sets in an update: every column of `allowed`
/// that the file has and whose cell is not empty; a `#CLEAR` cell sets the
/// field's empty value (or its default: `-` for a name). An address group
/// whose given cells are all `#CLEAR` is emptied whole. The key columns are
/// never in it.
pub fn row_patch(
    map: &HeaderMap,
    cells: &[&str],
    draft: &ContactDraft<'_>,
    allowed: &[Column],
) -> Vec<(Column, Option<String>)> {
    let mut patch = Vec::new();
    let given = |c: Column| !map.cell(cells, c).is_empty();
    for column in allowed {
        if matches!(column, Column::ContactNumber | Column::ContactType) {
            continue;
        }
        let group = AddressGroup::ALL
            .into_iter()
            .find(|g| g.columns().contains(column));
        let cleared_group = group.is_some_and(|g| {
            let cols = g.columns();
            cols.iter().any(|c| given(*c))
                && cols
                    .iter()
                    .filter(|c| given(**c))
                    .all(|c| is_clear(map.cell(cells, *c)))
        });
        if cleared_group {
            patch.push((*column, None));
        } else if given(*column) {
            patch.push((*column, draft.value(*column)));
        }
    }
    patch
}

/// The result of checking one row: the draft when no rule is broken, and every
/// finding.
#[derive(Clone, Debug, Default)]
pub struct CheckedRow<'a> {
    /// The contact to import; `None` when an error-level rule is broken.
    pub draft: Option<ContactDraft<'a>>,
    /// Every broken rule, in column order.
    pub issues: Vec<RowIssue>,
}

fn optional(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// A row's cells by file position, untrimmed, as read: a slice of cells,
/// or a reader's row that cuts them out of its text only when asked.
pub trait Cells<'a> {
    /// How many cells the row has.
    fn count(&self) -> usize;
    /// The cell at `position` (0-based); `""` past the row's end.
    fn cell(&self, position: usize) -> &'a str;

    /// How long the row's text is, in bytes: at least any of its cells
    /// (a row that holds its cells in one text says so at once).
    fn text_len(&self) -> usize {
        (0..self.count()).map(|p| self.cell(p).len()).sum()
    }

    /// The length in bytes of the cell at `position`, untrimmed (a row
    /// that knows where its cells end says so without cutting it out).
    fn len_of(&self, position: usize) -> usize {
        self.cell(position).len()
    }

    /// Whether a cell of the row may hold a control character
    /// ([`is_control`]): `false` means none does.
    fn may_have_control(&self) -> bool {
        (0..self.count()).any(|p| has_control(self.cell(p)))
    }
}

/// Whether `text` holds a control character ([`is_control`]), eight bytes
/// at a time: the bytes below 0x20, DEL and 0xC2 (which starts a C1
/// control) are found at once in a word, and only then looked at.
pub fn has_control(text: &str) -> bool {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The top bit of a byte below `n`, or equal to `n`, is set (exact
    // for whether any is, for n ≤ 0x80).
    let below = |x: u64, n: u64| x.wrapping_sub(LOW * n) & !x & HIGH;
    let equal = |x: u64, n: u64| below(x ^ (LOW * n), 1);
    let bytes = text.as_bytes();
    let at = |k: usize| match bytes[k] {
        0..=8 | 11 | 12 | 14..=31 | 127 => true,
        0xc2 => matches!(bytes.get(k + 1), Some(0x80..=0x9f)),
        _ => false,
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut start = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        if below(x, 0x20) | equal(x, 0x7f) | equal(x, 0xc2) != 0 && (start..start + 8).any(at) {
            return true;
        }
        start += 8;
    }
    (start..bytes.len()).any(at)
}

/// The findings about the cells themselves, found before any rule is
/// checked: a cell longer than its column takes, a control character.
/// The row is rejected on them alone (its other rules are checked once
/// they are fixed: a 50 MB cell is not run through them).
fn cell_issues<'a, C: Cells<'a> + ?Sized>(map: &HeaderMap, cells: &C) -> Vec<RowIssue> {
    let mut issues: Vec<(usize, RowIssue)> = Vec::new();
    let code_of = |position: usize, column: Column| {
        let codes = match column {
            Column::Criterion => map.criteria(),
            Column::Authorization => map.authorizations(),
            _ => return None,
        };
        codes
            .iter()
            .find(|(p, _)| *p == position)
            .map(|(_, code)| code.clone())
    };
    let with_code =
        |issue: RowIssue, position: usize, column: Column| match code_of(position, column) {
            Some(code) => issue.with("code", code),
            None => issue,
        };
    let len = cells.text_len();
    for &(limit, position, column) in map.limits() {
        // Shortest limits first: none further can be passed.
        if limit >= len {
            break;
        }
        // In bytes, untrimmed: at least its characters once trimmed.
        if cells.len_of(position) <= limit {
            continue;
        }
        let cell = clean_cell(cells.cell(position));
        if cell.len() > limit && cell.chars().count() > limit {
            let issue = RowIssue::new(IssueCode::CellTooLong, column, &shown(cell))
                .with("limit", limit.to_string());
            issues.push((position, with_code(issue, position, column)));
        }
    }
    if cells.may_have_control() {
        for &(_, position, column) in map.limits() {
            let cell = cells.cell(position);
            if let Some(c) = cell.chars().find(|c| is_control(*c)) {
                let issue = RowIssue::new(
                    IssueCode::CellControlCharacter,
                    column,
                    &shown(clean_cell(cell)),
                )
                .with("character", format!("U+{:04X}", c as u32));
                issues.push((position, with_code(issue, position, column)));
            }
        }
    }
    issues.sort_by_key(|(position, _)| *position);
    issues.into_iter().map(|(_, issue)| issue).collect()
}

impl<'a> Cells<'a> for [&'a str] {
    fn count(&self) -> usize {
        self.len()
    }

    fn cell(&self, position: usize) -> &'a str {
        self.get(position).copied().unwrap_or("")
    }
}

/// A row's cells looked up by column, each cleaned ([`clean_cell`]) when
/// a check asks for it (a column no check reads is not even cut out).
struct RowCells<'m, 'a, C: Cells<'a> + ?Sized> {
    map: &'m HeaderMap,
    cells: &'m C,
    _text: std::marker::PhantomData<&'a str>,
}

impl<'a, C: Cells<'a> + ?Sized> RowCells<'_, 'a, C> {
    /// The cell of `column`: `""` when the file has no such column, the row
    /// is shorter, or the cell is [`CLEAR`] (a check has nothing to check).
    #[inline(always)]
    fn get(&self, column: Column) -> &'a str {
        // Inlined: most lookups are of columns the file does not have.
        match self.map.position(column) {
            Some(p) => self.given(p),
            None => "",
        }
    }

    /// [`RowCells::get`] of a column the file has, at its position.
    fn given(&self, position: usize) -> &'a str {
        let v = self.at(position);
        if is_clear(v) { "" } else { v }
    }

    /// The cleaned cell at a file position (`""` past the row's end).
    #[inline]
    fn at(&self, position: usize) -> &'a str {
        clean_cell(self.cells.cell(position))
    }
}

/// Checks one row's cells (untrimmed, as read) against every rule.
///
/// The row must not be blank (callers skip rows whose cells are all empty).
/// The draft borrows the cells' text. Checking never fails: a broken rule
/// is data, and every one of the row is said.
///
/// ```
/// use intake_core::value::{Language, Title};
/// use intake_core::{HeaderMap, IssueCode, Reference, RowRules, check_row};
///
/// let (map, _) = HeaderMap::new(&["email", "first_name", "last_name"].map(String::from));
/// let rules = RowRules {
///     languages: vec![Language::parse("fr").unwrap()],
///     default_language: Language::parse("fr").unwrap(),
///     default_title: Title::Mrs,
///     today: jiff::civil::date(2026, 12, 7),
///     email_required: true,
///     reference: Reference::default(),
///     reserved: None,
///     number_is_key: false,
/// };
/// let good = check_row(&map, &["ana@example.ch", " Ana ", "Lind"], &rules);
/// assert!(good.issues.is_empty());
/// let draft = good.draft.unwrap();
/// assert_eq!(draft.first_name.as_str(), "Ana");
/// assert_eq!(draft.title, Title::Mrs);
///
/// let bad = check_row(&map, &["ana@", "Ana", "Lind"], &rules);
/// assert!(bad.draft.is_none());
/// assert_eq!(bad.issues[0].code, IssueCode::EmailFormat);
/// ```
pub fn check_row<'a>(map: &HeaderMap, cells: &[&'a str], rules: &RowRules) -> CheckedRow<'a> {
    check_cells(map, cells, rules)
}

/// A legacy contact number (or, updating by number, the key).
#[inline]
fn checked_number(
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
fn checked_email<'a>(raw_email: &'a str, issues: &mut Vec<RowIssue>) -> Option<Email<'a>> {
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
fn checked_title(raw_title: &str, rules: &RowRules, issues: &mut Vec<RowIssue>) -> Option<Title> {
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
fn checked_birthdate(
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
fn checked_language(
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
fn checked_structure_type(
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
fn checked_type(raw_type: &str, issues: &mut Vec<RowIssue>) -> Option<ContactType> {
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
fn checked_phone(
    column: Column,
    raw: &str,
    region: impl FnOnce() -> Option<crate::country::Country>,
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

/// [`check_row`] on any [`Cells`].
pub fn check_cells<'a, C: Cells<'a> + ?Sized>(
    map: &HeaderMap,
    cells: &C,
    rules: &RowRules,
) -> CheckedRow<'a> {
    let mut issues = Vec::new();
    let count = cells.count();
    if count != map.width() {
        issues.push(RowIssue {
            code: IssueCode::RowWidth,
            column: None,
            value: count.to_string(),
            args: vec![("expected", map.width().to_string())],
        });
        return CheckedRow {
            draft: None,
            issues,
        };
    }
    let cell_findings = cell_issues(map, cells);
    if !cell_findings.is_empty() {
        return CheckedRow {
            draft: None,
            issues: cell_findings,
        };
    }
    let row = RowCells {
        map,
        cells,
        _text: std::marker::PhantomData,
    };
    let cell = |c: Column| row.get(c);

    let raw_number = cell(Column::ContactNumber);
    let contact_number = checked_number(raw_number, rules, &mut issues);

    let raw_email = cell(Column::Email);
    let email = checked_email(raw_email, &mut issues);

    let contact_type = checked_type(cell(Column::ContactType), &mut issues);
    // An individual is found again by its email, or by its legacy number.
    if raw_email.is_empty()
        && rules.email_required
        && contact_type == Some(ContactType::Individual)
        && contact_number.is_none()
    {
        issues.push(RowIssue::new(IssueCode::EmailMissing, Column::Email, ""));
    }

    let raw_title = cell(Column::Title);
    let title = checked_title(raw_title, rules, &mut issues);

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
    let birthdate = checked_birthdate(raw_birthdate, rules, &mut issues);

    let raw_language = cell(Column::Language);
    let language = checked_language(raw_language, rules, &mut issues);

    let raw_structure = cell(Column::StructureName);
    if contact_type == Some(ContactType::Structure) && raw_structure.is_empty() {
        issues.push(RowIssue::new(
            IssueCode::StructureNameMissing,
            Column::StructureName,
            "",
        ));
    }

    let raw_structure_type = cell(Column::StructureType);
    let structure_type = checked_structure_type(raw_structure_type, rules, &mut issues);

    let address = check_address(&row, AddressGroup::Main, &mut issues);
    let billing = check_address(&row, AddressGroup::Billing, &mut issues);
    let shipping = check_address(&row, AddressGroup::Shipping, &mut issues);

    // Numbers written without a country code belong to the row's country.
    // (looked up only for a row that has a phone).
    let region = || match &address {
        Some(Some(a)) => Some(a.country),
        _ => crate::country::Country::parse(cell(Column::Country)).ok(),
    };
    let mut phone = |column: Column| checked_phone(column, cell(column), region, &mut issues);
    let phone_number = phone(Column::Phone);
    let mobile = phone(Column::Mobile);

    let criteria = check_criteria(&row, rules, &mut issues);
    let authorizations = check_authorizations(&row, rules, &mut issues);

    let draft = match (
        contact_type,
        title,
        first_name,
        last_name,
        birthdate,
        language,
        address,
        (billing, shipping, phone_number, mobile),
    ) {
        (
            Some(contact_type),
            Some(title),
            Some(first_name),
            Some(last_name),
            Some(birthdate),
            Some(language),
            Some(address),
            (Some(billing), Some(shipping), Some(phone), Some(mobile)),
        ) if issues.is_empty() => {
            let extended = Extended {
                structure_type,
                administrative_number: optional(cell(Column::AdministrativeNumber)),
                phone,
                mobile,
                billing,
                shipping,
                criteria,
                authorizations,
            };
            Some(ContactDraft {
                extended: (!extended.is_empty()).then(|| Box::new(extended)),
                contact_type,
                title,
                first_name,
                last_name,
                birthdate,
                language,
                email,
                structure_name: optional(raw_structure),
                address,
                contact_number,
            })
        }
        _ => None,
    };
    CheckedRow { draft, issues }
}

/// The finding for a legacy number that is not in the reserved range (or
/// when there is none); `None` when it is inside.
pub fn outside_reserved(
    n: ContactNumber,
    value: &str,
    reserved: Option<(i64, i64)>,
) -> Option<RowIssue> {
    if reserved.is_some_and(|(from, to)| (from..=to).contains(&n.get())) {
        return None;
    }
    let mut issue = RowIssue::new(
        IssueCode::ContactNumberOutOfRange,
        Column::ContactNumber,
        value,
    );
    if let Some((from, to)) = reserved {
        issue = issue
            .with("from", from.to_string())
            .with("to", to.to_string());
    }
    Some(issue)
}

/// The `criterion:CODE` cells: elements separated by `|`, each defined.
fn check_criteria<'a>(
    row: &RowCells<'_, 'a, impl Cells<'a> + ?Sized>,
    rules: &RowRules,
    issues: &mut Vec<RowIssue>,
) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for (position, criterion) in row.map.criteria() {
        let raw = row.at(*position);
        if raw.is_empty() {
            continue;
        }
        let issue = |code: IssueCode, value: &str| {
            RowIssue::new(code, Column::Criterion, value).with("code", criterion.clone())
        };
        let Some(known) = rules.reference.criteria.get(criterion) else {
            issues.push(issue(IssueCode::CriterionUnknown, raw));
            continue;
        };
        if is_clear(raw) {
            out.push((criterion.clone(), Vec::new()));
            continue;
        }
        if raw.split('|').all(|e| e.trim().is_empty()) {
            // Only separators: an empty cell, not a clear.
            continue;
        }
        let mut elements = Vec::new();
        for element in raw.split('|').map(code).filter(|e| !e.is_empty()) {
            if known.contains(&element) {
                if !elements.contains(&element) {
                    elements.push(element);
                }
            } else {
                let expected: Vec<&str> = known.iter().map(String::as_str).collect();
                issues.push(
                    issue(IssueCode::CriterionElementUnknown, raw)
                        .with("element", element)
                        .with("expected", expected.join(", ")),
                );
            }
        }
        out.push((criterion.clone(), elements));
    }
    out
}

/// The `authorization:CODE` cells: yes or no, each authorization defined.
fn check_authorizations<'a>(
    row: &RowCells<'_, 'a, impl Cells<'a> + ?Sized>,
    rules: &RowRules,
    issues: &mut Vec<RowIssue>,
) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for (position, authorization) in row.map.authorizations() {
        let raw = row.at(*position);
        if raw.is_empty() {
            continue;
        }
        let issue = |code: IssueCode| {
            RowIssue::new(code, Column::Authorization, raw).with("code", authorization.clone())
        };
        if !rules.reference.authorizations.contains(authorization) {
            issues.push(issue(IssueCode::AuthorizationUnknown));
            continue;
        }
        match parse_consent(raw) {
            Some(granted) => out.push((authorization.clone(), granted)),
            None => issues.push(issue(IssueCode::AuthorizationValue)),
        }
    }
    out
}

/// Checks the address group. `Some(None)`: no address; `Some(Some(_))`: a
/// valid one; `None`: broken rules were pushed.
fn check_address<'a>(
    row: &RowCells<'_, 'a, impl Cells<'a> + ?Sized>,
    group: AddressGroup,
    issues: &mut Vec<RowIssue>,
) -> Option<Option<Address<'a>>> {
    let columns = group.columns();
    let [_, _, postal_column, town_column, _, country_column] = columns;
    // Most files have no billing or shipping columns at all.
    if group != AddressGroup::Main && !row.map.has_group(group) {
        return Some(None);
    }
    // Each cell looked up once.
    let cells = columns.map(|c| row.get(c));
    let [line1, line2, raw_postal, raw_town, state, raw_country] = cells;
    if cells.iter().all(|c| c.is_empty()) {
        return Some(None);
    }
    let before = issues.len();
    for (part, value) in [
        (postal_column, raw_postal),
        (town_column, raw_town),
        (country_column, raw_country),
    ] {
        if value.is_empty() {
            issues.push(RowIssue::new(IssueCode::AddressIncomplete, part, ""));
        }
    }

    let country = if raw_country.is_empty() {
        None
    } else {
        match Country::parse(raw_country) {
            Ok(c) => Some(c),
            Err(suggestion) => {
                let mut issue =
                    RowIssue::new(IssueCode::CountryUnknown, country_column, raw_country);
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

    let postal = if raw_postal.is_empty() {
        None
    } else {
        let p = PostalCode::parse(raw_postal, country);
        if p.is_none() {
            let mut issue = RowIssue::new(IssueCode::PostalCodeFormat, postal_column, raw_postal);
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

    let town = if raw_town.is_empty() {
        None
    } else {
        let t = Town::parse(raw_town);
        if t.is_none() {
            issues.push(RowIssue::new(IssueCode::TownFormat, town_column, raw_town));
        }
        t
    };

    match (postal, town, country) {
        (Some(postal_code), Some(town), Some(country)) if issues.len() == before => {
            Some(Some(Address {
                line1: optional(line1),
                line2: optional(line2),
                postal_code,
                town,
                state: optional(state),
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
            reference: Reference {
                criteria: [(
                    "MUSIC".to_string(),
                    ["JAZZ", "OPERA"].iter().map(|s| s.to_string()).collect(),
                )]
                .into_iter()
                .collect(),
                structure_types: ["SCHOOL".to_string()].into_iter().collect(),
                authorizations: ["NEWSLETTER".to_string()].into_iter().collect(),
            },
            reserved: Some((1, 999)),
            number_is_key: false,
        }
    }

    fn check<'a>(header: &str, row: &'a str) -> CheckedRow<'a> {
        let h: Vec<String> = header.split(';').map(String::from).collect();
        let r: Vec<&str> = row.split(';').collect();
        let (map, _) = HeaderMap::new(&h);
        check_row(&map, &r, &rules())
    }

    fn codes(c: &CheckedRow<'_>) -> Vec<(&'static str, Option<&'static str>)> {
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
    fn a_cell_over_its_columns_limit_rejects_the_row_on_that_alone() {
        let long_name = "a".repeat(101);
        let row = format!("ana@;;{long_name};Lee;;;;;;");
        let c = check(H, &row);
        assert!(c.draft.is_none());
        // Only the cell: the broken email is checked once the name is cut.
        assert_eq!(codes(&c), vec![("cell.too_long", Some("first_name"))]);
        assert_eq!(c.issues[0].arg("limit"), Some("100"));
        assert_eq!(c.issues[0].value.chars().count(), 101);
        assert!(c.issues[0].value.ends_with('…'));
        // At the limit, in characters (not bytes), it is read.
        let row = format!("ana@example.ch;;{};Lee;;;;;;", "é".repeat(100));
        assert!(check(H, &row).issues.is_empty());
        // Every too long cell, in file order; a criterion names its code.
        let h = "email;postal_code;criterion:MUSIC;town";
        let row = format!(
            "ana@example.ch;{};{};Bern",
            "1".repeat(21),
            "JAZZ|".repeat(201)
        );
        let c = check(h, &row);
        assert_eq!(
            codes(&c),
            vec![
                ("cell.too_long", Some("postal_code")),
                ("cell.too_long", Some("criterion"))
            ]
        );
        assert_eq!(c.issues[1].arg("code"), Some("MUSIC"));
    }

    #[test]
    fn a_control_character_rejects_the_row_and_is_shown_as_its_picture() {
        for (cell, character) in [
            ("J\0an", "U+0000"),
            ("Jo\u{c}an", "U+000C"),
            ("Jo\u{7f}", "U+007F"),
            ("Jo\u{85}an", "U+0085"),
        ] {
            let row = format!("ana@example.ch;;{cell};Lee;;;;;;");
            let c = check(H, &row);
            assert_eq!(
                codes(&c),
                vec![("cell.control_character", Some("first_name"))],
                "{cell:?}"
            );
            assert_eq!(c.issues[0].arg("character"), Some(character));
            assert!(!c.issues[0].value.contains('\0'));
        }
        // Tabs, line breaks and letters that share bytes with controls
        // (Â, « and ° start with 0xC2) are text.
        for cell in ["J\tan", "Jo\nan", "Jo\r\nan", "Â«°»"] {
            let row = format!("ana@example.ch;;;Lee;;;Rue {cell};;;");
            let c = check(H, &row);
            assert!(
                c.issues
                    .iter()
                    .all(|i| i.code != IssueCode::CellControlCharacter),
                "{cell:?}: {:?}",
                codes(&c)
            );
        }
    }

    proptest::proptest! {
        /// The word-at-a-time search finds a control character exactly
        /// where a search character by character does.
        #[test]
        fn control_characters_are_found_where_a_character_search_finds_them(
            s in "[a-zé\u{0}-\u{1f}\u{7f}-\u{a0}Â«° ]{0,40}",
        ) {
            proptest::prop_assert_eq!(has_control(&s), s.chars().any(is_control));
        }
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

    #[test]
    fn a_phone_is_refused_for_the_country_it_names() {
        let h = "email;phone;mobile;country;postal_code;town";
        // Milan's number is Milan's on a Belgian row; too long, it is
        // refused as no number of its own country code, not Belgium's.
        let c = check(
            h,
            "ana@example.ch;+39 02 5820 7975;0039 02 5820 797 555;BE;1000;Bruxelles",
        );
        assert_eq!(codes(&c), vec![("phone.format", Some("mobile"))]);
        assert_eq!(c.issues[0].arg("country"), Some("code"));
        let c = check(h, "ana@example.ch;02 5820 797 555;;IT;20121;Milano");
        assert_eq!(codes(&c), vec![("phone.format", Some("phone"))]);
        assert_eq!(c.issues[0].arg("country"), Some("IT"));
        let c = check(h, "ana@example.ch;02 5820 7975;;;;");
        assert_eq!(codes(&c), vec![("phone.format", Some("phone"))]);
        assert_eq!(c.issues[0].arg("country"), Some("none"));
    }

    #[test]
    fn extended_columns_are_checked_and_normalised() {
        let h = "contact_number;email;phone;mobile;structure_type;billing_postal_code;billing_town;billing_country;criterion:MUSIC;authorization:NEWSLETTER;country;postal_code;town";
        let c = check(
            h,
            "12;ana@example.ch;021 312 34 56;+41 79 123 45 67;school;1003;Lausanne;CH;jazz|OPERA;oui;CH;1003;Lausanne",
        );
        assert!(c.issues.is_empty(), "{:?}", c.issues);
        let d = c.draft.unwrap();
        assert_eq!(d.contact_number.map(|n| n.get()), Some(12));
        assert_eq!(d.value(Column::Phone).as_deref(), Some("+41213123456"));
        assert_eq!(d.value(Column::Mobile).as_deref(), Some("+41791234567"));
        assert_eq!(d.value(Column::StructureType).as_deref(), Some("SCHOOL"));
        assert_eq!(d.value(Column::BillingCountry).as_deref(), Some("CH"));
        assert_eq!(
            d.extended().criteria,
            vec![(
                "MUSIC".to_string(),
                vec!["JAZZ".to_string(), "OPERA".to_string()]
            )]
        );
        assert_eq!(
            d.extended().authorizations,
            vec![("NEWSLETTER".to_string(), true)]
        );
    }

    #[test]
    fn extended_rules_each_have_their_code() {
        let h = "contact_number;email;phone;structure_type;billing_town;criterion:MUSIC;criterion:SPORT;authorization:NEWSLETTER;authorization:PARTNERS";
        let c = check(
            h,
            "5000;ana@example.ch;12ab;FACTORY;Genève;ROCK;GOLF;peut-être;oui",
        );
        assert_eq!(
            codes(&c),
            vec![
                ("contact_number.out_of_range", Some("contact_number")),
                ("structure_type.unknown", Some("structure_type")),
                ("address.incomplete", Some("billing_postal_code")),
                ("address.incomplete", Some("billing_country")),
                ("phone.format", Some("phone")),
                ("criterion_element.unknown", Some("criterion")),
                ("criterion.unknown", Some("criterion")),
                ("authorization.value", Some("authorization")),
                ("authorization.unknown", Some("authorization")),
            ]
        );
        assert_eq!(c.issues[5].arg("code"), Some("MUSIC"));
        assert_eq!(c.issues[5].arg("element"), Some("ROCK"));
        let c = check("contact_number;email", "12x;ana@example.ch");
        assert_eq!(
            codes(&c),
            vec![("contact_number.format", Some("contact_number"))]
        );
    }

    #[test]
    fn a_patch_holds_only_the_cells_given_and_clears() {
        let h = "email;first_name;last_name;phone;address_line1;postal_code;town;country";
        let cells: Vec<&str> = "ana@example.ch;#CLEAR;;#clear;;1003;Lausanne;CH"
            .split(';')
            .collect();
        let headers: Vec<String> = h.split(';').map(String::from).collect();
        let (map, _) = HeaderMap::new(&headers);
        let mut r = rules();
        r.email_required = false;
        let d = check_row(&map, &cells, &r).draft.unwrap();
        let patch = row_patch(&map, &cells, &d, &Column::ALL);
        let names: Vec<(&str, Option<&str>)> = patch
            .iter()
            .map(|(c, v)| (c.name(), v.as_deref()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("email", Some("ana@example.ch")),
                ("first_name", Some("-")),
                ("postal_code", Some("1003")),
                ("town", Some("Lausanne")),
                ("country", Some("CH")),
                ("phone", None),
            ]
        );
    }
}
