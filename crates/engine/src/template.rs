//! The import template, in the user's language: CSV, or XLSX with drop-down
//! lists and a sheet explaining each column.

use std::io::{self, Write};
use std::path::Path;

use intake_core::value::Title;
use intake_core::{Column, Country};
use intake_i18n::{Lang, text};
use intake_store::Institution;
use rust_xlsxwriter::{DataValidation, Format, Formula, Workbook, XlsxError};

/// The header labels of the basic template in a language.
pub fn headers(lang: Lang) -> Vec<String> {
    Column::BASIC_TEMPLATE
        .iter()
        .map(|c| text(lang, &format!("column-{}", c.name()), &[]))
        .collect()
}

/// Writes the CSV template: UTF-8 with BOM, `;`, the header row only.
///
/// # Errors
///
/// When `out` cannot be written.
pub fn write_csv(lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(out);
    w.write_record(headers(lang))?;
    w.flush()?;
    Ok(())
}

/// Rows of the contact sheet that get drop-down lists.
const DATA_ROWS: u32 = 10_000;

/// Writes the XLSX template: a "Contacts" sheet with drop-downs for title,
/// language and country, a "Help" sheet with each column's rule, and a hidden
/// "Lists" sheet feeding the country drop-down.
///
/// # Errors
///
/// When the workbook cannot be written.
pub fn write_xlsx(lang: Lang, institution: &Institution, path: &Path) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let head = Format::new().set_bold().set_background_color("#DCE6F1");
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let text_cell = Format::new().set_num_format("@");
    let languages: Vec<&str> = institution.languages.iter().map(|l| l.as_str()).collect();

    let contacts = book.add_worksheet();
    contacts.set_name(text(lang, "template-sheet-contacts", &[]))?;
    for (c, label) in headers(lang).iter().enumerate() {
        let c = c as u16;
        contacts.write_string_with_format(0, c, label, &head)?;
        contacts.set_column_width(c, 18)?;
        // Text cells: Excel must not turn postal codes or dates into numbers.
        contacts.set_column_format(c, &text_cell)?;
    }
    contacts.set_freeze_panes(1, 0)?;
    let position = |col: Column| {
        Column::BASIC_TEMPLATE
            .iter()
            .position(|c| *c == col)
            .unwrap_or(0) as u16
    };
    let titles: Vec<&str> = Title::ALL.iter().map(|t| t.as_str()).collect();
    let title_list = DataValidation::new().allow_list_strings(&titles)?;
    contacts.add_data_validation(
        1,
        position(Column::Title),
        DATA_ROWS,
        position(Column::Title),
        &title_list,
    )?;
    let language_list = DataValidation::new().allow_list_strings(&languages)?;
    contacts.add_data_validation(
        1,
        position(Column::Language),
        DATA_ROWS,
        position(Column::Language),
        &language_list,
    )?;

    let countries: Vec<&str> = {
        let mut names: Vec<&str> = Country::all().map(|c| c.name(lang.as_str())).collect();
        names.sort_unstable();
        names
    };
    let lists_name = text(lang, "template-sheet-lists", &[]);
    let country_list = DataValidation::new()
        .allow_list_formula(Formula::new(format!(
            "='{lists_name}'!$A$1:$A${}",
            countries.len()
        )))
        // A typed ISO code (CH) is valid too: warn, do not stop.
        .set_error_style(rust_xlsxwriter::DataValidationErrorStyle::Information);
    contacts.add_data_validation(
        1,
        position(Column::Country),
        DATA_ROWS,
        position(Column::Country),
        &country_list,
    )?;

    let help = book.add_worksheet();
    help.set_name(text(lang, "template-sheet-help", &[]))?;
    help.write_string_with_format(
        0,
        0,
        text(lang, "template-help-title", &[]),
        &Format::new().set_bold().set_font_size(14),
    )?;
    help.merge_range(1, 0, 1, 2, &text(lang, "template-help-intro", &[]), &wrap)?;
    help.set_row_height(1, 48)?;
    for (c, h) in [
        "template-help-column",
        "template-help-rule",
        "template-help-empty",
    ]
    .iter()
    .enumerate()
    {
        help.write_string_with_format(3, c as u16, text(lang, h, &[]), &head)?;
    }
    let args = [
        ("languages", languages.join(", ").into()),
        (
            "default",
            institution.default_language.as_str().to_string().into(),
        ),
    ];
    for (i, column) in Column::BASIC_TEMPLATE.iter().enumerate() {
        let r = 4 + i as u32;
        help.write_string_with_format(
            r,
            0,
            text(lang, &format!("column-{}", column.name()), &[]),
            &wrap,
        )?;
        help.write_string_with_format(
            r,
            1,
            text(lang, &format!("template-rule-{}", column.name()), &args),
            &wrap,
        )?;
        help.write_string_with_format(
            r,
            2,
            text(lang, &format!("template-empty-{}", column.name()), &args),
            &wrap,
        )?;
    }
    help.set_column_width(0, 22)?;
    help.set_column_width(1, 70)?;
    help.set_column_width(2, 45)?;

    let lists = book.add_worksheet();
    lists.set_name(&lists_name)?;
    for (r, name) in countries.iter().enumerate() {
        lists.write_string(r as u32, 0, *name)?;
    }
    lists.set_hidden(true);
    book.save(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use intake_core::header::{HeaderKind, classify};

    #[test]
    fn every_template_header_is_read_back_in_every_language() {
        for lang in Lang::ALL {
            for (label, column) in headers(lang).iter().zip(Column::BASIC_TEMPLATE) {
                assert_eq!(
                    classify(label),
                    HeaderKind::Column(column),
                    "{lang}: {label}"
                );
            }
        }
    }
}
