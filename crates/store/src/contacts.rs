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
    if let Some(number) = filter.number {
        conditions.push_str(" AND contact_number = ?");
        params.push(number.into());
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

/// What a duplicate search compares of a contact: who it is and where it
/// is reached.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContactIdentity {
    /// Its number.
    pub contact_number: i64,
    /// A structure rather than an individual.
    pub structure: bool,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// A structure's name.
    pub structure_name: String,
    /// E-mail address.
    pub email: String,
    /// Birth date, `dd.mm.yyyy`.
    pub birthdate: String,
    /// Phone number.
    pub phone: String,
    /// Mobile number.
    pub mobile: String,
    /// First street line.
    pub address_line1: String,
    /// Postal code.
    pub postal_code: String,
    /// Town.
    pub town: String,
}

/// Calls `each` for every contact of the institution a duplicate search
/// compares (active or inactive: an anonymized one is no one any more), in
/// contact-number order, reading as it goes.
///
/// # Errors
///
/// What the database says; a stored value that does not read.
pub fn for_each_identity(
    sql: &mut dyn Sql,
    institution: i64,
    each: &mut dyn FnMut(ContactIdentity),
) -> Result<(), StoreError> {
    sql.query_each(
        "SELECT contact_number, contact_type, first_name, last_name, structure_name, email,
                birthdate, phone, mobile, address_line1, postal_code, town
         FROM contact WHERE institution_id = ? AND status <> 'anonymized'
         ORDER BY contact_number",
        &[Val::from(institution)],
        &mut |mut r| {
            let contact_number = r
                .int(0)?
                .ok_or_else(|| StoreError::Corrupt("a contact without number".into()))?;
            let birthdate = r
                .date(6)
                .map_err(|e| {
                    StoreError::Corrupt(format!("contact {contact_number}: birthdate: {e}"))
                })?
                .map(|d| format!("{:02}.{:02}.{:04}", d.day(), d.month(), d.year()))
                .unwrap_or_default();
            let mut text = |i: usize| -> Result<String, StoreError> {
                Ok(r.take_text(i)?.unwrap_or_default())
            };
            each(ContactIdentity {
                contact_number,
                structure: text(1)? == "STRUCTURE",
                first_name: text(2)?,
                last_name: text(3)?,
                structure_name: text(4)?,
                email: text(5)?,
                birthdate,
                phone: text(7)?,
                mobile: text(8)?,
                address_line1: text(9)?,
                postal_code: text(10)?,
                town: text(11)?,
            });
            Ok(())
        },
    )
}
