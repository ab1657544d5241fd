//! `intake contacts list`: the contacts, basic or extended.

use std::io::Write;

use anyhow::Result;
use intake_engine::export::{self, CONTACT_COLUMNS, ContactExport};
use intake_engine::extended;
use intake_i18n::text;
use intake_store::ContactFilter;

use super::{open_store, output, print_table, reference_lists, speak};
use crate::args::{Cli, ContactsListArgs, ListFormat};

pub(crate) fn list(cli: &Cli, a: &ContactsListArgs) -> Result<()> {
    let mut store = open_store(cli)?;
    let institution = store.institution()?;
    let lang = speak(cli, Some(institution.default_language));
    let filter = ContactFilter {
        institution_id: institution.id,
        created_from: a.created_from.clone(),
        contact_type: a.contact_type.map(|t| t.as_str().to_string()),
        email: a.email.clone(),
        number: a.number,
    };
    let mut out = output(None)?;
    if a.extended {
        let lists = reference_lists(store.as_mut(), institution.id)?;
        let mut contacts = intake_store::services::load_all(
            store.sql(),
            institution.id,
            a.created_from.as_deref(),
        )?;
        contacts.retain(|c| {
            a.contact_type
                .is_none_or(|t| c.get(intake_core::Column::ContactType) == Some(t.as_str()))
                && a.number.is_none_or(|n| c.number == n)
                && a.email.as_ref().is_none_or(|e| {
                    c.get(intake_core::Column::Email)
                        .is_some_and(|x| x.eq_ignore_ascii_case(e))
                })
        });
        if a.format == ListFormat::Json {
            let headers = extended::extended_headers(&lists);
            let list: Vec<serde_json::Map<String, serde_json::Value>> = contacts
                .iter()
                .map(|c| {
                    headers
                        .iter()
                        .cloned()
                        .zip(
                            extended::extended_row(c, &lists)
                                .into_iter()
                                .map(Into::into),
                        )
                        .collect()
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        } else {
            extended::write_extended_contacts_csv(&contacts, &lists, &mut *out)?;
        }
        out.flush()?;
        return Ok(());
    }
    match a.format {
        ListFormat::Json => {
            let mut list = Vec::new();
            store.for_each_contact(&filter, &mut |c| list.push(ContactExport::from(c)))?;
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
        ListFormat::Csv => {
            let mut w = csv::WriterBuilder::new()
                .delimiter(b';')
                .from_writer(&mut out);
            w.write_record(CONTACT_COLUMNS)?;
            let mut failed = None;
            store.for_each_contact(&filter, &mut |c| {
                let values = ContactExport::from(c).values();
                let row: Vec<_> = values.iter().map(|v| export::neutralise(v)).collect();
                if let Err(e) = w.write_record(row.iter().map(|v| v.as_ref())) {
                    failed.get_or_insert(e);
                }
            })?;
            if let Some(e) = failed {
                return Err(e.into());
            }
            w.flush()?;
        }
        ListFormat::Table => {
            let h = |k: &str| text(lang, &format!("column-{k}"), &[]);
            let mut rows = vec![vec![
                text(lang, "heading-contact_number", &[]),
                h("contact_type"),
                h("first_name"),
                h("last_name"),
                h("structure_name"),
                h("email"),
                h("postal_code"),
                h("town"),
                h("country"),
                text(lang, "heading-created_from", &[]),
            ]];
            store.for_each_contact(&filter, &mut |c| {
                rows.push(vec![
                    c.contact_number.to_string(),
                    c.contact_type,
                    c.first_name,
                    c.last_name,
                    c.structure_name,
                    c.email,
                    c.postal_code,
                    c.town,
                    c.country,
                    c.created_from,
                ])
            })?;
            let count = rows.len() - 1;
            print_table(&mut out, &rows)?;
            writeln!(
                out,
                "{}",
                text(lang, "contacts-found", &[("count", count.into())])
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
