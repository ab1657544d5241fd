//! The checks a row goes through, all at once: every broken rule is reported,
//! so one pass over the file fixes it.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;

mod columns;

use crate::column::{AddressGroup, Column};
use crate::country::Country;
use crate::header::{HeaderMap, clean_cell};
use crate::issue::{IssueCode, RowIssue, is_control, shown};
use crate::value::{
    Birthdate, ContactNumber, ContactType, Email, Language, PersonName, Phone, PostalCode, Title,
    Town, code, parse_consent, postal_format_hint,
};
use columns::{
    checked_birthdate, checked_email, checked_language, checked_number, checked_phone,
    checked_structure_type, checked_title, checked_type,
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
mod tests;
