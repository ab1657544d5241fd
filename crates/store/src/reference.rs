//! An institution's reference data, defined before an import: criteria and
//! their elements, structure types, authorizations, the reserved range of
//! legacy contact numbers, and its languages and defaults.

use intake_core::Reference;
use intake_core::value::{Language, Title};

use crate::StoreError;
use crate::sql::{Sql, atomically, query_int};

/// A criterion and its elements.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Criterion {
    /// Code (`MUSIC`).
    pub code: String,
    /// What people read.
    pub label: String,
    /// Element codes, sorted.
    pub elements: Vec<String>,
}

/// A code of a simple list (a structure type, an authorization).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Code {
    /// Code (`SCHOOL`).
    pub code: String,
    /// What people read.
    pub label: String,
}

/// The two simple lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeList {
    /// Structure types (SCHOOL, COMPANY…).
    StructureTypes,
    /// Authorizations, i.e. consents (NEWSLETTER, PARTNERS…).
    Authorizations,
}

impl CodeList {
    fn table(self) -> &'static str {
        match self {
            CodeList::StructureTypes => "structure_type",
            CodeList::Authorizations => "authorization_kind",
        }
    }

    /// How a person calls one (`structure type`, `authorization`).
    pub fn noun(self) -> &'static str {
        match self {
            CodeList::StructureTypes => "structure type",
            CodeList::Authorizations => "authorization",
        }
    }

    /// How many contacts use `code`.
    fn uses(self, sql: &mut dyn Sql, institution: i64, code: &str) -> Result<i64, StoreError> {
        let q = match self {
            CodeList::StructureTypes => {
                "SELECT COUNT(*) FROM contact WHERE institution_id = ? AND structure_type = ?"
            }
            CodeList::Authorizations => {
                "SELECT COUNT(*) FROM contact_authorization WHERE institution_id = ? AND code = ?"
            }
        };
        Ok(query_int(sql, q, &[institution.into(), code.into()])?.unwrap_or(0))
    }
}

/// The institution's criteria with their elements, by code.
///
/// # Errors
///
/// What the database says.
pub fn criteria(sql: &mut dyn Sql, institution: i64) -> Result<Vec<Criterion>, StoreError> {
    let mut out: Vec<Criterion> = Vec::new();
    for r in sql.query(
        "SELECT code, label FROM criterion WHERE institution_id = ? ORDER BY code",
        &[institution.into()],
    )? {
        out.push(Criterion {
            code: r.string(0)?,
            label: r.string(1)?,
            elements: Vec::new(),
        });
    }
    for r in sql.query(
        "SELECT criterion, code FROM criterion_element WHERE institution_id = ?
         ORDER BY criterion, code",
        &[institution.into()],
    )? {
        let criterion = r.string(0)?;
        if let Some(c) = out.iter_mut().find(|c| c.code == criterion) {
            c.elements.push(r.string(1)?);
        }
    }
    Ok(out)
}

/// Defines a criterion, or adds elements to it (and changes its label when
/// one is given).
///
/// # Errors
///
/// What the database says.
pub fn add_criterion(
    sql: &mut dyn Sql,
    institution: i64,
    code: &str,
    label: Option<&str>,
    elements: &[String],
) -> Result<(), StoreError> {
    atomically(sql, |sql| {
        let exists = query_int(
            sql,
            "SELECT COUNT(*) FROM criterion WHERE institution_id = ? AND code = ?",
            &[institution.into(), code.into()],
        )? == Some(1);
        if !exists {
            sql.exec(
                "INSERT INTO criterion (institution_id, code, label) VALUES (?, ?, ?)",
                &[
                    institution.into(),
                    code.into(),
                    label.unwrap_or(code).into(),
                ],
            )?;
        } else if let Some(label) = label {
            sql.exec(
                "UPDATE criterion SET label = ? WHERE institution_id = ? AND code = ?",
                &[label.into(), institution.into(), code.into()],
            )?;
        }
        for e in elements {
            sql.exec(
                "INSERT INTO criterion_element (institution_id, criterion, code) VALUES (?, ?, ?)
                 ON CONFLICT DO NOTHING",
                &[institution.into(), code.into(), e.as_str().into()],
            )?;
        }
        Ok(())
    })
}

/// Removes a criterion, or only some of its elements. Refused while a
/// contact carries it (or them).
///
/// # Errors
///
/// [`StoreError::Missing`], [`StoreError::InUse`], or what the database says.
pub fn remove_criterion(
    sql: &mut dyn Sql,
    institution: i64,
    code: &str,
    elements: &[String],
) -> Result<(), StoreError> {
    atomically(sql, |sql| {
        let exists = query_int(
            sql,
            "SELECT COUNT(*) FROM criterion WHERE institution_id = ? AND code = ?",
            &[institution.into(), code.into()],
        )? == Some(1);
        if !exists {
            return Err(StoreError::Missing(format!("criterion {code}")));
        }
        if elements.is_empty() {
            let used = query_int(
                sql,
                "SELECT COUNT(DISTINCT contact_number) FROM contact_criterion
                 WHERE institution_id = ? AND criterion = ?",
                &[institution.into(), code.into()],
            )?
            .unwrap_or(0);
            if used > 0 {
                return Err(StoreError::InUse {
                    what: format!("criterion {code}"),
                    count: used as u64,
                });
            }
            sql.exec(
                "DELETE FROM criterion_element WHERE institution_id = ? AND criterion = ?",
                &[institution.into(), code.into()],
            )?;
            sql.exec(
                "DELETE FROM criterion WHERE institution_id = ? AND code = ?",
                &[institution.into(), code.into()],
            )?;
            return Ok(());
        }
        for e in elements {
            let used = query_int(
                sql,
                "SELECT COUNT(*) FROM contact_criterion
                 WHERE institution_id = ? AND criterion = ? AND element = ?",
                &[institution.into(), code.into(), e.as_str().into()],
            )?
            .unwrap_or(0);
            if used > 0 {
                return Err(StoreError::InUse {
                    what: format!("element {e} of criterion {code}"),
                    count: used as u64,
                });
            }
            if sql.exec(
                "DELETE FROM criterion_element WHERE institution_id = ? AND criterion = ? AND code = ?",
                &[institution.into(), code.into(), e.as_str().into()],
            )? == 0
            {
                return Err(StoreError::Missing(format!("element {e} of criterion {code}")));
            }
        }
        Ok(())
    })
}

/// A simple list, by code.
///
/// # Errors
///
/// What the database says.
pub fn codes(sql: &mut dyn Sql, institution: i64, list: CodeList) -> Result<Vec<Code>, StoreError> {
    sql.query(
        &format!(
            "SELECT code, label FROM {} WHERE institution_id = ? ORDER BY code",
            list.table()
        ),
        &[institution.into()],
    )?
    .iter()
    .map(|r| {
        Ok(Code {
            code: r.string(0)?,
            label: r.string(1)?,
        })
    })
    .collect()
}

/// Defines a code (or changes its label).
///
/// # Errors
///
/// What the database says.
pub fn add_code(
    sql: &mut dyn Sql,
    institution: i64,
    list: CodeList,
    code: &str,
    label: Option<&str>,
) -> Result<(), StoreError> {
    let table = list.table();
    atomically(sql, |sql| {
        let changed = match label {
            Some(label) => sql.exec(
                &format!("UPDATE {table} SET label = ? WHERE institution_id = ? AND code = ?"),
                &[label.into(), institution.into(), code.into()],
            )?,
            None => query_int(
                sql,
                &format!("SELECT COUNT(*) FROM {table} WHERE institution_id = ? AND code = ?"),
                &[institution.into(), code.into()],
            )?
            .unwrap_or(0) as u64,
        };
        if changed == 0 {
            sql.exec(
                &format!("INSERT INTO {table} (institution_id, code, label) VALUES (?, ?, ?)"),
                &[
                    institution.into(),
                    code.into(),
                    label.unwrap_or(code).into(),
                ],
            )?;
        }
        Ok(())
    })
}

/// Removes a code; refused while contacts use it.
///
/// # Errors
///
/// [`StoreError::Missing`], [`StoreError::InUse`], or what the database says.
pub fn remove_code(
    sql: &mut dyn Sql,
    institution: i64,
    list: CodeList,
    code: &str,
) -> Result<(), StoreError> {
    atomically(sql, |sql| {
        let used = list.uses(sql, institution, code)?;
        if used > 0 {
            return Err(StoreError::InUse {
                what: format!("{} {code}", list.noun()),
                count: used as u64,
            });
        }
        if sql.exec(
            &format!(
                "DELETE FROM {} WHERE institution_id = ? AND code = ?",
                list.table()
            ),
            &[institution.into(), code.into()],
        )? == 0
        {
            return Err(StoreError::Missing(format!("{} {code}", list.noun())));
        }
        Ok(())
    })
}

/// The reserved range of legacy numbers, if any.
///
/// # Errors
///
/// What the database says.
pub fn reserved(sql: &mut dyn Sql, institution: i64) -> Result<Option<(i64, i64)>, StoreError> {
    let rows = sql.query(
        "SELECT reserved_from, reserved_to FROM institution WHERE id = ?",
        &[institution.into()],
    )?;
    match rows.first() {
        Some(r) => Ok(r.int(0)?.zip(r.int(1)?)),
        None => Err(StoreError::NoInstitution),
    }
}

/// Reserves `from..=to` for legacy numbers: new contacts are numbered above
/// it from now on.
///
/// # Errors
///
/// What the database says.
pub fn reserve(sql: &mut dyn Sql, institution: i64, from: i64, to: i64) -> Result<(), StoreError> {
    sql.exec(
        "UPDATE institution SET reserved_from = ?, reserved_to = ?,
            next_contact_number = CASE WHEN next_contact_number > ? THEN next_contact_number
                                       ELSE ? END
         WHERE id = ?",
        &[
            from.into(),
            to.into(),
            to.into(),
            (to + 1).into(),
            institution.into(),
        ],
    )?;
    Ok(())
}

/// Removes the reserved range (numbers already given stay).
///
/// # Errors
///
/// What the database says.
pub fn unreserve(sql: &mut dyn Sql, institution: i64) -> Result<(), StoreError> {
    sql.exec(
        "UPDATE institution SET reserved_from = NULL, reserved_to = NULL WHERE id = ?",
        &[institution.into()],
    )?;
    Ok(())
}

/// The number the next new contact gets.
///
/// # Errors
///
/// What the database says.
pub fn next_number(sql: &mut dyn Sql, institution: i64) -> Result<i64, StoreError> {
    query_int(
        sql,
        "SELECT next_contact_number FROM institution WHERE id = ?",
        &[institution.into()],
    )?
    .ok_or(StoreError::NoInstitution)
}

/// Changes the institution's languages and defaults (what is `None` stays).
///
/// # Errors
///
/// What the database says.
pub fn set_institution(
    sql: &mut dyn Sql,
    institution: i64,
    languages: Option<&[Language]>,
    default_language: Option<Language>,
    default_title: Option<Title>,
) -> Result<(), StoreError> {
    atomically(sql, |sql| {
        if let Some(languages) = languages {
            let list: Vec<&str> = languages.iter().map(|l| l.as_str()).collect();
            sql.exec(
                "UPDATE institution SET languages = ? WHERE id = ?",
                &[list.join(",").into(), institution.into()],
            )?;
        }
        if let Some(l) = default_language {
            sql.exec(
                "UPDATE institution SET default_language = ? WHERE id = ?",
                &[l.as_str().into(), institution.into()],
            )?;
        }
        if let Some(t) = default_title {
            sql.exec(
                "UPDATE institution SET default_title = ? WHERE id = ?",
                &[t.as_str().into(), institution.into()],
            )?;
        }
        Ok(())
    })
}

/// Everything a row is checked against, with the reserved range.
///
/// # Errors
///
/// What the database says.
pub fn load(
    sql: &mut dyn Sql,
    institution: i64,
) -> Result<(Reference, Option<(i64, i64)>), StoreError> {
    let mut reference = Reference::default();
    for c in criteria(sql, institution)? {
        reference
            .criteria
            .insert(c.code, c.elements.into_iter().collect());
    }
    for c in codes(sql, institution, CodeList::StructureTypes)? {
        reference.structure_types.insert(c.code);
    }
    for c in codes(sql, institution, CodeList::Authorizations)? {
        reference.authorizations.insert(c.code);
    }
    Ok((reference, reserved(sql, institution)?))
}
