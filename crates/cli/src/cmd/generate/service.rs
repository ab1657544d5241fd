//! `intake generate --mode MODE --db BASE`: the service file a user would
//! send for the contacts of an existing base, read from it as it goes
//! (a base of millions costs no memory): new last names and criteria
//! (update), the same plus new contacts (upsert), criteria and consents
//! (qualify), or just the keys (inactivate, anonymize, delete). Rows are
//! keyed by email, or by contact number with `--match contact-number`;
//! `--faults` of them name a contact the base does not have.

use std::io::Write;

use anyhow::{Result, anyhow};
use intake_core::Mode;
use intake_store::reference::{self, CodeList};
use intake_store::{ContactFilter, ContactRecord};

use super::{Rng, ascii_lower};
use crate::args::{Cli, GenerateArgs, MatchArg};
use crate::cmd::open_store;

/// What the base offers the file: a criterion and an authorization to
/// write, when it has them.
struct Offer {
    criterion: Option<(String, Vec<String>)>,
    authorization: Option<String>,
}

pub(super) fn run(
    cli: &Cli,
    a: &GenerateArgs,
    mode: Mode,
    faults: u64,
    out: Box<dyn Write>,
) -> Result<()> {
    let mut store = open_store(cli)?;
    let institution = store.institution()?;
    let criteria = reference::criteria(store.sql(), institution.id)?;
    let offer = Offer {
        criterion: criteria
            .into_iter()
            .find(|c| !c.elements.is_empty())
            .map(|c| (c.code, c.elements)),
        authorization: reference::codes(store.sql(), institution.id, CodeList::Authorizations)?
            .into_iter()
            .next()
            .map(|c| c.code),
    };
    let by_number = matches!(a.r#match, Some(MatchArg::ContactNumber));
    let key = if by_number { "contact_number" } else { "email" };
    let mut header: Vec<String> = vec![key.into()];
    let names = matches!(mode, Mode::Update | Mode::Upsert);
    if names {
        header.extend(["first_name".into(), "last_name".into()]);
    }
    if matches!(mode, Mode::Update | Mode::Upsert | Mode::Qualify) {
        if let Some((code, _)) = &offer.criterion {
            header.push(format!("criterion:{code}"));
        }
        if let Some(code) = &offer.authorization {
            header.push(format!("authorization:{code}"));
        }
    }
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(std::io::BufWriter::with_capacity(1 << 16, out));
    w.write_record(&header)?;
    let mut rng = Rng(a.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut written = 0u64;
    let mut failed: Option<anyhow::Error> = None;
    let filter = ContactFilter {
        institution_id: institution.id,
        ..ContactFilter::default()
    };
    store.for_each_contact(&filter, &mut |c: ContactRecord| {
        if written >= a.rows || failed.is_some() || c.email.is_empty() && !by_number {
            return;
        }
        written += 1;
        let mut row = Vec::with_capacity(header.len());
        row.push(if rng.chance(faults) {
            // A contact the base does not have.
            if by_number {
                (c.contact_number + 4_000_000_000).to_string()
            } else {
                format!("gone.{}@nowhere.example", c.contact_number)
            }
        } else if by_number {
            c.contact_number.to_string()
        } else {
            c.email.clone()
        });
        if names && c.contact_type == "STRUCTURE" {
            // A structure has no person's names (the base holds "-").
            row.extend([String::new(), String::new()]);
        } else if names {
            row.push(c.first_name.clone());
            // A married name: the names validator takes letters only.
            let other = rng.pick(&MARRIED);
            row.push(format!("{}-{other}", c.last_name));
        }
        fill_offer(&mut rng, &offer, mode, &mut row);
        if let Err(e) = w.write_record(&row) {
            failed = Some(e.into());
        }
        // An upsert's file brings new people too: one row in ten.
        if mode == Mode::Upsert
            && !by_number
            && c.contact_type != "STRUCTURE"
            && rng.chance(100_000)
        {
            let mut new = vec![
                format!(
                    "{}.new.{}@example.ch",
                    ascii_lower(&c.first_name),
                    c.contact_number
                ),
                c.first_name.clone(),
                c.last_name.clone(),
            ];
            fill_offer(&mut rng, &offer, mode, &mut new);
            if let Err(e) = w.write_record(&new) {
                failed = Some(e.into());
            }
        }
    })?;
    if let Some(e) = failed {
        return Err(anyhow!("cannot write the file: {e}"));
    }
    w.flush()?;
    Ok(())
}

/// The names a new last name is joined with.
const MARRIED: [&str; 9] = [
    "Martin", "Keller", "Rossi", "Dubois", "Meier", "Bianchi", "Weber", "Favre", "Huber",
];

/// The criterion and authorization cells of a row, when the file has them.
fn fill_offer(rng: &mut Rng, offer: &Offer, mode: Mode, row: &mut Vec<String>) {
    if !matches!(mode, Mode::Update | Mode::Upsert | Mode::Qualify) {
        return;
    }
    if let Some((_, elements)) = &offer.criterion {
        let e = &elements[rng.below(elements.len() as u64) as usize];
        row.push(e.clone());
    }
    if offer.authorization.is_some() {
        row.push(if rng.chance(500_000) { "yes" } else { "no" }.into());
    }
}
