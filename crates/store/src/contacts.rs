//! The contacts read back, the same way from both stores: listed and
//! exported in contact-number order, streamed.

use crate::sql::{Sql, Val};
use crate::{ContactFilter, ContactRecord, StoreError};

/// Calls `each` for every contact of the institution that `filter`
/// selects, in contact-number order, reading as it goes.
pub(crate) fn for_each_contact(
    sql: &mut dyn Sql,
    filter: &ContactFilter,
    each: &mut dyn FnMut(ContactRecord),
) -> Result<(), StoreError> {
    let mut conditions = String::from("institution_id = ?");
    let mut params = vec![Val::from(filter.institution_id)];
    if let Some(origin) = &filter.created_from {
        conditions.push_str(" AND origin = ?");
        params.push(origin.as_str().into());
    }
    if let Some(kind) = &filter.contact_type {
        conditions.push_str(" AND contact_type = ?");
        params.push(kind.as_str().into());
    }
    if let Some(email) = &filter.email {
        conditions.push_str(" AND email_key = lower(?)");
        params.push(email.as_str().into());
    }
    sql.query_each(
        &format!(
            "SELECT contact_number, contact_type, title, first_name, last_name, birthdate,
                    language, email, structure_name, address_line1, address_line2, postal_code,
                    town, state, country, status, origin
             FROM contact WHERE {conditions} ORDER BY contact_number"
        ),
        &params,
        &mut |mut r| {
            let contact_number = r
                .int(0)?
                .ok_or_else(|| StoreError::Corrupt("a contact without number".into()))?;
            let birthdate = r.date(5).map_err(|e| {
                StoreError::Corrupt(format!("contact {contact_number}: birthdate: {e}"))
            })?;
            let mut text = |i: usize| -> Result<String, StoreError> {
                Ok(r.take_text(i)?.unwrap_or_default())
            };
            let status = text(15)?;
            let status = crate::model::contact_status(contact_number, &status)?;
            each(ContactRecord {
                contact_number,
                contact_type: text(1)?,
                title: text(2)?,
                first_name: text(3)?,
                last_name: text(4)?,
                birthdate,
                language: text(6)?,
                email: text(7)?,
                structure_name: text(8)?,
                address_line1: text(9)?,
                address_line2: text(10)?,
                postal_code: text(11)?,
                town: text(12)?,
                state: text(13)?,
                country: text(14)?,
                status,
                created_from: text(16)?,
            });
            Ok(())
        },
    )
}
