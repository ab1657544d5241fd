//! Undoing an import: what it would do (its plan), and doing it.

use crate::StoreError;
use crate::sql::{Sql, Val, placeholders};

use super::{CHUNK, Change, ContactWrite, StoredContact, load, write_many};

/// What undoing an import would do.
#[derive(Clone, Debug, Default)]
pub struct UndoPlan {
    /// Contacts it created: removed.
    pub created: Vec<i64>,
    /// Contacts it changed (their before-images are read a page at a time
    /// when the plan is carried out: a plan of a million stays small).
    pub changed: Vec<i64>,
    /// Contacts a later import wrote: (number, that import).
    pub touched_later: Vec<(i64, i64)>,
}

/// Reads what an undo of `import_id` would restore and what stands in its way.
///
/// # Errors
///
/// What the database says.
pub fn undo_plan(
    sql: &mut dyn Sql,
    institution: i64,
    import_id: i64,
) -> Result<UndoPlan, StoreError> {
    let (i, x) = (Val::from(institution), Val::from(import_id));
    let mut plan = UndoPlan::default();
    for r in sql.query(
        "SELECT contact_number FROM contact WHERE institution_id = ? AND import_id = ?
         ORDER BY contact_number",
        &[i.clone(), x.clone()],
    )? {
        plan.created.push(r.int(0)?.unwrap_or_default());
    }
    sql.query_each(
        "SELECT contact_number FROM contact_change
         WHERE institution_id = ? AND import_id = ? ORDER BY contact_number",
        &[i.clone(), x.clone()],
        &mut |r| {
            plan.changed.push(r.int(0)?.unwrap_or_default());
            Ok(())
        },
    )?;
    let mut numbers: Vec<i64> = plan.created.clone();
    numbers.extend(plan.changed.iter().copied());
    for chunk in numbers.chunks(CHUNK) {
        let list = placeholders(chunk.len());
        let mut params: Vec<Val> = vec![i.clone(), x.clone()];
        params.extend(chunk.iter().map(|n| Val::from(*n)));
        params.push(i.clone());
        params.push(x.clone());
        params.extend(chunk.iter().map(|n| Val::from(*n)));
        for r in sql.query(
            &format!(
                "SELECT contact_number, last_import_id FROM contact
                 WHERE institution_id = ? AND last_import_id > ? AND contact_number IN ({list})
                 UNION SELECT contact_number, import_id FROM contact_change
                 WHERE institution_id = ? AND import_id > ? AND contact_number IN ({list})"
            ),
            &params,
        )? {
            plan.touched_later
                .push((r.int(0)?.unwrap_or_default(), r.int(1)?.unwrap_or_default()));
        }
    }
    // Contacts of other imports that are members of a structure it created.
    for chunk in plan.created.chunks(CHUNK) {
        let mut params: Vec<Val> = vec![i.clone()];
        params.extend(chunk.iter().map(|n| Val::from(*n)));
        params.push(x.clone());
        for r in sql.query(
            &format!(
                "SELECT contact_number, COALESCE(import_id, 0) FROM contact
                 WHERE institution_id = ? AND member_of IN ({})
                 AND (import_id IS NULL OR import_id <> ?)",
                placeholders(chunk.len())
            ),
            &params,
        )? {
            plan.touched_later
                .push((r.int(0)?.unwrap_or_default(), r.int(1)?.unwrap_or_default()));
        }
    }
    // Contacts it created that a later delete removed.
    for r in sql.query(
        "SELECT r.contact_number, c.import_id FROM retired_number r
         JOIN contact_change c ON c.institution_id = r.institution_id
             AND c.contact_number = r.contact_number AND c.kind = 'deleted'
         WHERE r.institution_id = ? AND r.created_import_id = ?",
        &[i.clone(), x.clone()],
    )? {
        plan.touched_later
            .push((r.int(0)?.unwrap_or_default(), r.int(1)?.unwrap_or_default()));
    }
    plan.touched_later.sort_unstable();
    plan.touched_later.dedup_by_key(|(n, _)| *n);
    Ok(plan)
}

/// Undoes an import whose contacts no later import touched (see
/// [`undo_plan`]): removes the contacts it created, restores the
/// before-images, forgets its changes. The caller wraps it in a
/// transaction.
///
/// # Errors
///
/// What the database says.
pub fn apply_undo(sql: &mut dyn Sql, institution: i64, import_id: i64) -> Result<(), StoreError> {
    let i = Val::from(institution);
    forget_created(sql, institution, import_id)?;
    sql.exec(
        "DELETE FROM contact WHERE institution_id = ? AND import_id = ?",
        &[i.clone(), import_id.into()],
    )?;
    let change = Change {
        import_id,
        row: 0,
        kind: "undone",
    };
    // The before-images a page at a time, in number order (the key of
    // contact_change): an undo of a million holds a thousand.
    let mut from = i64::MIN;
    loop {
        let mut page: Vec<(i64, StoredContact)> = Vec::new();
        sql.query_each(
            "SELECT contact_number, before FROM contact_change
             WHERE institution_id = ? AND import_id = ? AND contact_number > ?
               AND before IS NOT NULL
             ORDER BY contact_number LIMIT 1000",
            &[i.clone(), import_id.into(), from.into()],
            &mut |r| {
                let json = r.string(1)?;
                let before = serde_json::from_str::<StoredContact>(&json)
                    .map_err(|e| StoreError::Corrupt(format!("before-image: {e}")))?;
                page.push((r.int(0)?.unwrap_or_default(), before));
                Ok(())
            },
        )?;
        let Some((last, _)) = page.last() else {
            break;
        };
        from = *last;
        let numbers: Vec<i64> = page.iter().map(|(n, _)| *n).collect();
        let current = load(sql, institution, &numbers)?;
        let writes: Vec<ContactWrite<'_>> = page
            .iter()
            .filter_map(|(number, before)| {
                Some(ContactWrite {
                    before: current.get(number)?,
                    after: before,
                    change,
                })
            })
            .collect();
        write_many(sql, institution, &writes, false)?;
    }
    sql.exec(
        "DELETE FROM contact_change WHERE institution_id = ? AND import_id = ?",
        &[i.clone(), import_id.into()],
    )?;
    Ok(())
}

/// Removes the criteria and consents of the contacts an import created
/// (before the contacts themselves go: undo, cancel).
///
/// # Errors
///
/// What the database says.
pub fn forget_created(
    sql: &mut dyn Sql,
    institution: i64,
    import_id: i64,
) -> Result<(), StoreError> {
    for table in ["contact_criterion", "contact_authorization"] {
        sql.exec(
            &format!(
                "DELETE FROM {table} WHERE institution_id = ? AND contact_number IN
                 (SELECT contact_number FROM contact WHERE institution_id = ? AND import_id = ?)"
            ),
            &[institution.into(), institution.into(), import_id.into()],
        )?;
    }
    Ok(())
}
