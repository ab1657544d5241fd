//! The extended format: its template (with the institution's own criteria
//! and authorizations as columns, and XLSX drop-downs fed from its reference
//! data) and the export of contacts in it, which imports back as an update.

use std::io::{self, Write};
use std::path::Path;

use intake_core::value::Title;
use intake_core::{Column, Country};
use intake_i18n::{Lang, text};
use intake_store::Institution;
use intake_store::reference::{Code, Criterion};
use intake_store::services::StoredContact;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, Formula, Workbook, XlsxError,
};

use crate::export::neutralise;

/// The institution's reference data that the extended columns come from.
#[derive(Clone, Debug, Default)]
pub struct ReferenceLists {
    /// Criteria with their elements.
    pub criteria: Vec<Criterion>,
    /// Structure types.
    pub structure_types: Vec<Code>,
    /// Authorizations.
    pub authorizations: Vec<Code>,
}

/// The header of the extended format: the fixed columns, then
/// `criterion:CODE` and `authorization:CODE` for the institution's own.
pub fn extended_headers(lists: &ReferenceLists) -> Vec<String> {
    let mut h: Vec<String> = Column::EXTENDED_TEMPLATE
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    h.extend(
        lists
            .criteria
            .iter()
            .map(|c| format!("criterion:{}", c.code)),
    );
    h.extend(
        lists
            .authorizations
            .iter()
            .map(|a| format!("authorization:{}", a.code)),
    );
    h
}

/// Writes the extended CSV template: UTF-8 with BOM, `;`, the header row.
///
/// # Errors
///
/// When `out` cannot be written.
pub fn write_extended_csv(lists: &ReferenceLists, out: &mut dyn Write) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(out);
    w.write_record(extended_headers(lists))?;
    w.flush()?;
    Ok(())
}

const DATA_ROWS: u32 = 10_000;

/// Writes the extended XLSX template: canonical headers, drop-downs for
/// contact type, title, language, structure type, the three countries, each
/// authorization (yes/no) and each criterion's elements (several elements
/// are written `A|B`: the drop-down only warns), fed from a hidden "Lists"
/// sheet when a list is long.
///
/// # Errors
///
/// When the workbook cannot be written.
pub fn write_extended_xlsx(
    lang: Lang,
    institution: &Institution,
    lists: &ReferenceLists,
    path: &Path,
) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let head = Format::new().set_bold().set_background_color("#DCE6F1");
    let text_cell = Format::new().set_num_format("@");
    let headers = extended_headers(lists);
    let lists_name = text(lang, "template-sheet-lists", &[]);
    // Every list goes to its own column of the Lists sheet: Excel limits an
    // inline list to 255 characters.
    let mut columns: Vec<(String, Vec<String>)> = Vec::new();
    let mut validations: Vec<(u16, usize, bool)> = Vec::new();
    let mut list_for = |values: Vec<String>, column: u16, strict: bool| {
        columns.push((String::new(), values));
        validations.push((column, columns.len() - 1, strict));
    };
    let at = |c: Column| {
        Column::EXTENDED_TEMPLATE
            .iter()
            .position(|x| *x == c)
            .unwrap_or(0) as u16
    };
    list_for(
        vec!["INDIVIDUAL".into(), "STRUCTURE".into()],
        at(Column::ContactType),
        true,
    );
    list_for(
        Title::ALL.iter().map(|t| t.as_str().to_string()).collect(),
        at(Column::Title),
        true,
    );
    list_for(
        institution
            .languages
            .iter()
            .map(|l| l.as_str().to_string())
            .collect(),
        at(Column::Language),
        true,
    );
    if !lists.structure_types.is_empty() {
        list_for(
            lists
                .structure_types
                .iter()
                .map(|t| t.code.clone())
                .collect(),
            at(Column::StructureType),
            true,
        );
    }
    let mut countries: Vec<String> = Country::all()
        .map(|c| c.name(lang.as_str()).to_string())
        .collect();
    countries.sort_unstable();
    for c in [
        Column::Country,
        Column::BillingCountry,
        Column::ShippingCountry,
    ] {
        list_for(countries.clone(), at(c), false);
    }
    let fixed = Column::EXTENDED_TEMPLATE.len();
    for (i, criterion) in lists.criteria.iter().enumerate() {
        list_for(criterion.elements.clone(), (fixed + i) as u16, false);
    }
    let first_authorization = fixed + lists.criteria.len();
    for i in 0..lists.authorizations.len() {
        let yes_no = ["yes", "no", "oui", "non", "ja", "nein", "sì"]
            .map(String::from)
            .to_vec();
        list_for(yes_no, (first_authorization + i) as u16, false);
    }

    let contacts = book.add_worksheet();
    contacts.set_name(text(lang, "template-sheet-contacts", &[]))?;
    for (c, label) in headers.iter().enumerate() {
        let c = c as u16;
        contacts.write_string_with_format(0, c, label, &head)?;
        contacts.set_column_width(c, 18)?;
        contacts.set_column_format(c, &text_cell)?;
    }
    contacts.set_freeze_panes(1, 0)?;
    for (column, list, strict) in &validations {
        let values = &columns[*list].1;
        if values.is_empty() {
            continue;
        }
        let letter = rust_xlsxwriter::utility::column_number_to_name(*list as u16);
        let mut v = DataValidation::new().allow_list_formula(Formula::new(format!(
            "='{lists_name}'!${letter}$1:${letter}${}",
            values.len()
        )));
        if !strict {
            // ISO codes, `A|B` and other spellings are valid too: warn only.
            v = v.set_error_style(DataValidationErrorStyle::Information);
        }
        contacts.add_data_validation(1, *column, DATA_ROWS, *column, &v)?;
    }
    let sheet = book.add_worksheet();
    sheet.set_name(&lists_name)?;
    for (c, (_, values)) in columns.iter().enumerate() {
        for (r, v) in values.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, v)?;
        }
    }
    sheet.set_hidden(true);
    book.save(path)
}

/// One contact's row in the extended format (birthdates `dd.mm.yyyy`, so
/// the export imports back as it is).
pub fn extended_row(c: &StoredContact, lists: &ReferenceLists) -> Vec<String> {
    let mut row: Vec<String> = Column::EXTENDED_TEMPLATE
        .iter()
        .map(|col| match col {
            Column::ContactNumber => c.number.to_string(),
            Column::Birthdate => c
                .get(*col)
                .and_then(|d| d.parse::<jiff::civil::Date>().ok())
                .map(|d| d.strftime("%d.%m.%Y").to_string())
                .unwrap_or_default(),
            // "-" stands for an empty name in the base.
            Column::FirstName | Column::LastName => match c.get(*col) {
                Some("-") | None => String::new(),
                Some(v) => v.to_string(),
            },
            _ => c.get(*col).unwrap_or("").to_string(),
        })
        .collect();
    for criterion in &lists.criteria {
        let elements: Vec<&str> = c
            .criteria
            .iter()
            .filter(|(k, _)| *k == criterion.code)
            .map(|(_, e)| e.as_str())
            .collect();
        row.push(elements.join("|"));
    }
    for a in &lists.authorizations {
        row.push(match c.authorizations.get(&a.code) {
            Some(c) if c.granted => "yes".into(),
            Some(_) => "no".into(),
            None => String::new(),
        });
    }
    row
}

/// Contacts in the extended format as CSV (`;`, UTF-8 with BOM).
///
/// # Errors
///
/// When `out` cannot be written.
pub fn write_extended_contacts_csv(
    contacts: &[StoredContact],
    lists: &ReferenceLists,
    out: &mut dyn Write,
) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(out);
    w.write_record(extended_headers(lists))?;
    for c in contacts {
        let row = extended_row(c, lists);
        w.write_record(row.iter().map(|v| neutralise(v).into_owned()))?;
    }
    w.flush()?;
    Ok(())
}
