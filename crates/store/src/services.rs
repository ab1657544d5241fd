//! Whole contacts, for the services that change existing ones (update,
//! qualify, inactivate, anonymize, delete) and for undo: read every stored
//! field, write what changed with a before-image, erase personal data, and
//! keep the audit trail. Written once for both stores ([`Sql`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use intake_core::Column;
use intake_core::value::ContactStatus;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

mod undo;
mod write;
pub use undo::{UndoPlan, apply_undo, forget_created, undo_plan};
pub use write::{Change, ContactWrite, erase_many, write_many};

use crate::StoreError;
use crate::sql::{Dialect, Kind, Sql, SqlRow, Val, among, placeholders, values_rows, values_table};

/// The stored fields of a contact, in [`Column::ALL`] order: every canonical
/// column but the contact number.
pub fn fields() -> impl Iterator<Item = Column> {
    Column::ALL
        .into_iter()
        .filter(|c| *c != Column::ContactNumber)
}

/// The fields that hold personal data: what anonymize empties.
pub fn personal_fields() -> impl Iterator<Item = Column> {
    fields().filter(|c| !matches!(c, Column::ContactType | Column::Language))
}

/// A consent and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    /// Yes or no.
    pub granted: bool,
    /// The import that set it.
    pub import_id: Option<i64>,
    /// The row of that import.
    pub source_row: Option<i64>,
    /// When (RFC 3339).
    pub at: String,
}

/// The values of a contact's fields, one slot per [`Column::ALL`] entry.
pub type Fields = [Option<String>; Column::ALL.len()];

/// A contact as stored, every field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredContact {
    /// Its number.
    pub number: i64,
    /// Each field's value, at [`Column::index`] (the contact number's slot
    /// stays empty): no map, as a service reads and copies many contacts.
    pub fields: Fields,
    /// Where it stands.
    pub status: ContactStatus,
    /// The structure it is a member of.
    pub member_of: Option<i64>,
    /// The last import that wrote it.
    pub last_import_id: Option<i64>,
    /// (criterion, element) pairs.
    pub criteria: BTreeSet<(String, String)>,
    /// Authorization code → consent.
    pub authorizations: BTreeMap<String, Consent>,
    /// The import that created it.
    #[serde(skip)]
    pub import_id: Option<i64>,
    /// The row that created it.
    #[serde(skip)]
    pub source_row: Option<i64>,
    /// "Created from".
    #[serde(skip)]
    pub origin: String,
}

impl StoredContact {
    /// A field's value.
    pub fn get(&self, column: Column) -> Option<&str> {
        self.fields.get(column.index()).and_then(|v| v.as_deref())
    }

    /// Sets a field.
    pub fn set(&mut self, column: Column, value: Option<String>) {
        if let Some(slot) = self.fields.get_mut(column.index()) {
            *slot = value;
        }
    }
}

const HEAD: &str =
    "contact_number, status, member_of, last_import_id, import_id, source_row, origin";

fn select_list() -> String {
    let names: Vec<&str> = fields().map(|c| c.name()).collect();
    format!("{HEAD}, {}", names.join(", "))
}

fn from_row(r: &SqlRow) -> Result<StoredContact, StoreError> {
    let mut fields_map: Fields = Default::default();
    for (i, c) in fields().enumerate() {
        fields_map[c.index()] = r.text(7 + i)?;
    }
    let number = r.int(0)?.unwrap_or_default();
    let status = r.string(1)?;
    Ok(StoredContact {
        number,
        status: ContactStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("contact {number}: status {status:?}")))?,
        member_of: r.int(2)?,
        last_import_id: r.int(3)?,
        import_id: r.int(4)?,
        source_row: r.int(5)?,
        origin: r.string(6)?,
        fields: fields_map,
        criteria: BTreeSet::new(),
        authorizations: BTreeMap::new(),
    })
}

fn consent_from_row(r: &SqlRow, at: usize) -> Result<Consent, StoreError> {
    Ok(Consent {
        granted: r.int(at)? == Some(1),
        import_id: r.int(at + 1)?,
        source_row: r.int(at + 2)?,
        at: r.string(at + 3)?,
    })
}

/// IN lists stay below every driver's parameter limit.
const CHUNK: usize = 500;

/// The contacts with these numbers, with their criteria and consents.
///
/// # Errors
///
/// What the database says.
pub fn load(
    sql: &mut dyn Sql,
    institution: i64,
    numbers: &[i64],
) -> Result<HashMap<i64, StoredContact>, StoreError> {
    let mut out = HashMap::with_capacity(numbers.len());
    for chunk in numbers.chunks(CHUNK) {
        let (list, values) = among(sql.dialect(), "contact_number", chunk);
        let mut params: Vec<Val> = vec![institution.into()];
        params.extend(values);
        for r in sql.query(
            &format!(
                "SELECT {} FROM contact WHERE institution_id = ? AND {list}",
                select_list()
            ),
            &params,
        )? {
            let c = from_row(&r)?;
            out.insert(c.number, c);
        }
        let filter = format!(" AND {list}");
        for (n, extra) in extras(sql, &filter, &params)? {
            if let Some(c) = out.get_mut(&n) {
                c.add(extra);
            }
        }
    }
    Ok(out)
}

/// A criterion element or a consent of a contact, as read.
enum Extra {
    Criterion(String, String),
    Consent(String, Consent),
}

impl StoredContact {
    fn add(&mut self, extra: Extra) {
        match extra {
            Extra::Criterion(c, e) => {
                self.criteria.insert((c, e));
            }
            Extra::Consent(code, consent) => {
                self.authorizations.insert(code, consent);
            }
        }
    }
}

/// The criteria and consents of the institution's contacts (the first
/// parameter) that `filter` keeps, by contact number.
fn extras(
    sql: &mut dyn Sql,
    filter: &str,
    params: &[Val],
) -> Result<Vec<(i64, Extra)>, StoreError> {
    let mut out = Vec::new();
    for r in sql.query(
        &format!(
            "SELECT contact_number, criterion, element FROM contact_criterion
             WHERE institution_id = ?{filter}"
        ),
        params,
    )? {
        let extra = Extra::Criterion(r.string(1)?, r.string(2)?);
        out.push((r.int(0)?.unwrap_or_default(), extra));
    }
    for r in sql.query(
        &format!(
            "SELECT contact_number, code, granted, import_id, source_row, at
             FROM contact_authorization WHERE institution_id = ?{filter}"
        ),
        params,
    )? {
        let extra = Extra::Consent(r.string(1)?, consent_from_row(&r, 2)?);
        out.push((r.int(0)?.unwrap_or_default(), extra));
    }
    Ok(out)
}

/// Every contact of the institution (those created from `origin` when
/// given), in number order, with criteria and consents.
///
/// # Errors
///
/// What the database says.
pub fn load_all(
    sql: &mut dyn Sql,
    institution: i64,
    origin: Option<&str>,
) -> Result<Vec<StoredContact>, StoreError> {
    let mut params: Vec<Val> = vec![institution.into()];
    let mut filter = String::new();
    if let Some(o) = origin {
        filter.push_str(" AND origin = ?");
        params.push(o.into());
    }
    let mut out = Vec::new();
    let mut at = HashMap::new();
    for r in sql.query(
        &format!(
            "SELECT {} FROM contact WHERE institution_id = ?{filter} ORDER BY contact_number",
            select_list()
        ),
        &params,
    )? {
        let c = from_row(&r)?;
        at.insert(c.number, out.len());
        out.push(c);
    }
    for (n, extra) in extras(sql, "", &[institution.into()])? {
        if let Some(i) = at.get(&n) {
            out[*i].add(extra);
        }
    }
    Ok(out)
}

/// For each email key, the numbers of every contact that has it.
///
/// # Errors
///
/// What the database says.
pub fn numbers_by_email(
    sql: &mut dyn Sql,
    institution: i64,
    keys: &[&str],
) -> Result<HashMap<String, Vec<i64>>, StoreError> {
    let mut out: HashMap<String, Vec<i64>> = HashMap::new();
    for chunk in keys.chunks(CHUNK) {
        let mut params: Vec<Val> = vec![institution.into()];
        params.extend(chunk.iter().map(|k| Val::from(*k)));
        for r in sql.query(
            &format!(
                // No ORDER BY: SQLite would walk the table in number order
                // instead of using the email index.
                "SELECT email_key, contact_number FROM contact
                 WHERE institution_id = ? AND email_key IN ({})",
                placeholders(chunk.len())
            ),
            &params,
        )? {
            out.entry(r.string(0)?)
                .or_default()
                .push(r.int(1)?.unwrap_or_default());
        }
    }
    for numbers in out.values_mut() {
        numbers.sort_unstable();
    }
    Ok(out)
}

/// Which of these numbers are taken: by a contact, or by one deleted once.
///
/// # Errors
///
/// What the database says.
pub fn taken_numbers(
    sql: &mut dyn Sql,
    institution: i64,
    numbers: &[i64],
) -> Result<HashSet<i64>, StoreError> {
    let mut out = HashSet::new();
    for chunk in numbers.chunks(CHUNK) {
        let (list, values) = among(sql.dialect(), "contact_number", chunk);
        let mut params: Vec<Val> = vec![institution.into()];
        params.extend(values.iter().cloned());
        params.push(institution.into());
        params.extend(values);
        for r in sql.query(
            &format!(
                "SELECT contact_number FROM contact
                 WHERE institution_id = ? AND {list}
                 UNION SELECT contact_number FROM retired_number
                 WHERE institution_id = ? AND {list}"
            ),
            &params,
        )? {
            out.insert(r.int(0)?.unwrap_or_default());
        }
    }
    Ok(out)
}

/// Every number the institution's contacts have or had (retired), read
/// as it goes: what an import with legacy numbers checks its rows against
/// once, instead of asking the base a batch at a time.
///
/// # Errors
///
/// What the database says.
pub fn all_numbers(sql: &mut dyn Sql, institution: i64) -> Result<HashSet<i64>, StoreError> {
    let mut out = HashSet::new();
    sql.query_each(
        "SELECT contact_number FROM contact WHERE institution_id = ?
         UNION ALL SELECT contact_number FROM retired_number WHERE institution_id = ?",
        &[institution.into(), institution.into()],
        &mut |r| {
            out.insert(r.int(0)?.unwrap_or_default());
            Ok(())
        },
    )?;
    Ok(out)
}

/// The structures whose name has one of these comparison keys, by key:
/// one query for a batch's structures and members (a query a row was one
/// round trip each on PostgreSQL, and on SQLite a statement prepared
/// again each time, the partial index depending on the bound value).
///
/// # Errors
///
/// What the database says.
pub fn structures_named_any(
    sql: &mut dyn Sql,
    institution: i64,
    keys: &[&str],
) -> Result<HashMap<String, Vec<StoredContact>>, StoreError> {
    let mut found: HashMap<String, Vec<StoredContact>> = std::collections::HashMap::new();
    let mut keys: Vec<&str> = keys.to_vec();
    keys.sort_unstable();
    keys.dedup();
    for chunk in keys.chunks(500) {
        let chunk: Vec<String> = chunk.iter().map(|k| k.to_string()).collect();
        let (list, values) = among(sql.dialect(), "structure_key", &chunk);
        let mut params: Vec<Val> = Vec::with_capacity(chunk.len() + 1);
        params.push(institution.into());
        params.extend(values);
        // `IS NOT NULL` said, so that the partial index is chosen without
        // looking at the bound values.
        let rows = sql.query(
            &format!(
                "SELECT structure_key, {} FROM contact WHERE institution_id = ?
                 AND structure_key IS NOT NULL AND {list}
                 AND contact_type = 'STRUCTURE' ORDER BY contact_number",
                select_list(),
            ),
            &params,
        )?;
        for mut row in rows {
            let key = row.string(0)?;
            row.0.remove(0);
            found.entry(key).or_default().push(from_row(&row)?);
        }
    }
    Ok(found)
}

/// Gives contacts criteria elements (those they have already are kept),
/// in multi-row statements: `rows` are (contact number, criterion,
/// element).
///
/// # Errors
///
/// What the database says.
pub fn add_criteria_many(
    sql: &mut dyn Sql,
    institution: i64,
    rows: &[(i64, &str, &str)],
) -> Result<(), StoreError> {
    for chunk in rows.chunks(250) {
        let mut params: Vec<Val> = Vec::with_capacity(chunk.len() * 4);
        for (number, criterion, element) in chunk {
            params.extend([
                Val::from(institution),
                Val::from(*number),
                Val::from(*criterion),
                Val::from(*element),
            ]);
        }
        sql.exec(
            &format!(
                "INSERT INTO contact_criterion (institution_id, contact_number, criterion, element)
                 VALUES {} ON CONFLICT DO NOTHING",
                vec!["(?, ?, ?, ?)"; chunk.len()].join(", ")
            ),
            &params,
        )?;
    }
    Ok(())
}

/// Stores consents of contacts that have none of their code (just created,
/// or whose consent of that code was just removed), in multi-row
/// statements: `rows` are (contact number, code, consent).
///
/// # Errors
///
/// What the database says.
pub fn add_new_consents(
    sql: &mut dyn Sql,
    institution: i64,
    rows: &[(i64, &str, &Consent)],
) -> Result<(), StoreError> {
    for chunk in rows.chunks(140) {
        let mut params: Vec<Val> = Vec::with_capacity(chunk.len() * 7);
        for (number, code, c) in chunk {
            params.extend([
                Val::from(institution),
                Val::from(*number),
                Val::from(*code),
                Val::from(i64::from(c.granted)),
                Val::from(c.import_id),
                Val::from(c.source_row),
                Val::from(c.at.as_str()),
            ]);
        }
        sql.exec(
            &format!(
                "INSERT INTO contact_authorization (institution_id, contact_number, code, granted,
                    import_id, source_row, at) VALUES {}",
                vec!["(?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ")
            ),
            &params,
        )?;
    }
    Ok(())
}

/// Makes contacts members of structures, in a few statements: `pairs` are
/// (member's number, structure's number).
///
/// # Errors
///
/// What the database says.
pub fn set_members(
    sql: &mut dyn Sql,
    institution: i64,
    pairs: &[(i64, i64)],
) -> Result<(), StoreError> {
    if sql.dialect() == Dialect::Postgres {
        // Two arrays: one statement planned alike for any count.
        let (members, structures): (Vec<i64>, Vec<i64>) = pairs.iter().copied().unzip();
        if !members.is_empty() {
            sql.exec(
                "UPDATE contact SET member_of = m.s
                 FROM unnest(CAST(? AS BIGINT[]), CAST(? AS BIGINT[])) AS m(n, s)
                 WHERE contact.institution_id = ? AND contact.contact_number = m.n",
                &[members.into(), structures.into(), institution.into()],
            )?;
        }
        return Ok(());
    }
    for chunk in pairs.chunks(300) {
        let mut params: Vec<Val> = Vec::with_capacity(chunk.len() * 3 + 1);
        for (member, structure) in chunk {
            params.extend([Val::from(*member), Val::from(*structure)]);
        }
        params.push(institution.into());
        params.extend(chunk.iter().map(|(member, _)| Val::from(*member)));
        sql.exec(
            &format!(
                "UPDATE contact SET member_of = CASE contact_number {} END
                 WHERE institution_id = ? AND contact_number IN ({})",
                vec!["WHEN ? THEN CAST(? AS BIGINT)"; chunk.len()].join(" "),
                placeholders(chunk.len())
            ),
            &params,
        )?;
    }
    Ok(())
}

/// A person an anonymize or a delete erases: their contact, if the base
/// has one, and the hash of their email key (what the import wrote on the
/// lines of their rows), if the row or contact has an email.
#[derive(Clone, Copy, Debug)]
pub struct Erased<'a> {
    /// Their contact; `None` for a row that found none (their rows in
    /// other imports' logs go all the same).
    pub contact: Option<&'a StoredContact>,
    /// The hash of their email key.
    pub subject: Option<i64>,
    /// Their email as the row gave it, for a row that found no contact
    /// (lines written before subjects were name them by value).
    pub email: Option<&'a str>,
}

/// Removes from import logs the personal data of these people, in a few
/// statements for the whole batch: every line of a row that was their
/// contact (the row that created it, the rows that changed it, every line
/// that names it by number), every line of a row whose email was one of
/// theirs (by subject: the hash of their email key, as the import wrote it
/// on its lines, whatever the spelling; dry runs, conflicts and rejected
/// rows of any import included, and people the base has no contact for),
/// and every line without a subject whose value is one of their emails or
/// phones (lines written before subjects were, rows without an email).
/// Each is found by index (migration 14). Each loses its value, details
/// and subject, its message says it was erased, and its outcome becomes
/// `erased` (so no rejects file shows those rows again). The lines of
/// import `except` (the one erasing) are kept. The imports whose lines
/// named them are marked: their uploaded files hold them too, and go at
/// the end of the erasing import ([`uploads_to_erase`]), even one resumed
/// after this batch.
///
/// # Errors
///
/// What the database says.
pub fn scrub_logs(
    sql: &mut dyn Sql,
    institution: i64,
    people: &[Erased<'_>],
    except: i64,
) -> Result<(), StoreError> {
    let mut imports = BTreeSet::new();
    let contacts: Vec<&StoredContact> = people.iter().filter_map(|p| p.contact).collect();
    let mut rows: Vec<(i64, i64)> = contacts
        .iter()
        .filter_map(|c| Some((c.import_id?, c.source_row?)))
        .collect();
    for chunk in contacts.chunks(CHUNK) {
        let numbers: Vec<Val> = chunk.iter().map(|c| Val::from(c.number)).collect();
        let mut params: Vec<Val> = vec![institution.into()];
        params.extend(numbers.iter().cloned());
        for r in sql.query(
            &format!(
                "SELECT import_id, source_row FROM contact_change
                 WHERE institution_id = ? AND contact_number IN ({})",
                placeholders(chunk.len())
            ),
            &params,
        )? {
            rows.push((r.int(0)?.unwrap_or_default(), r.int(1)?.unwrap_or_default()));
        }
    }
    // Lines that name the contact by number (`{"contact_number":"12"}`),
    // a lookup each in their index (a list of numbers was read as a scan
    // of the institution's lines on PostgreSQL: 0.35 s a batch).
    let numbers: Vec<Vec<Val>> = contacts
        .iter()
        .map(|c| vec![Val::from(c.number.to_string())])
        .collect();
    let number = sql.dialect().json_text("l.args", "contact_number");
    for chunk in numbers.chunks(values_rows(sql.dialect(), 1)) {
        let (table, mut params) = values_table(sql.dialect(), &[Kind::Text], chunk)?;
        params.push(institution.into());
        let on = format!(
            "l.institution_id = ? AND {number} = v.c0
             AND l.args LIKE '%\"contact_number\"%' AND l.row_number IS NOT NULL"
        );
        let statement = match sql.dialect() {
            // PostgreSQL has no statistics for the expression of a partial
            // index, guesses 1,000 lines a number, and merged the whole
            // index with the batch (0.13 s a batch): a lookup a number,
            // forced (OFFSET 0 keeps the subquery from being joined).
            Dialect::Postgres => format!(
                "SELECT DISTINCT x.import_id, x.row_number FROM {table} CROSS JOIN LATERAL
                 (SELECT l.import_id, l.row_number FROM log_line AS l WHERE {on} OFFSET 0) AS x"
            ),
            // SQLite, given a thousand numbers, read the institution's
            // whole log and looked each line's number up in them (a
            // SQLite anonymize of a million contacts ran for hours):
            // CROSS JOIN keeps the numbers outside.
            Dialect::Sqlite => format!(
                "SELECT DISTINCT l.import_id, l.row_number FROM {table}
                 CROSS JOIN log_line AS l ON {on}"
            ),
        };
        for r in sql.query(&statement, &params)? {
            rows.push((r.int(0)?.unwrap_or_default(), r.int(1)?.unwrap_or_default()));
        }
    }
    // Lines about them: by the subject a row's email gave its lines, or
    // (lines written before subjects were, rows without an email) by value.
    let subjects: Vec<Vec<Val>> = people
        .iter()
        .filter_map(|p| p.subject)
        .map(|s| vec![s.into()])
        .collect();
    let values: Vec<Vec<Val>> = people
        .iter()
        .flat_map(|p| match p.contact {
            Some(c) => [Column::Email, Column::Phone, Column::Mobile].map(|col| c.get(col)),
            None => [p.email, None, None],
        })
        .flatten()
        .map(|v| vec![Val::from(v)])
        .collect();
    rows.sort_unstable();
    rows.dedup();
    // Their rows' files hold them, logged or not.
    imports.extend(
        rows.iter()
            .map(|(import, _)| *import)
            .filter(|i| *i != except),
    );
    let rows: Vec<Vec<Val>> = rows
        .into_iter()
        .map(|(import, row)| vec![import.into(), row.into()])
        .collect();
    let scrub = LogScrub {
        institution,
        except,
    };
    scrub.run(
        sql,
        &[Kind::Int],
        &subjects,
        "l.subject = v.c0",
        &mut imports,
    )?;
    scrub.run(
        sql,
        &[Kind::Text],
        &values,
        "l.subject IS NULL AND l.value = v.c0",
        &mut imports,
    )?;
    scrub.run(
        sql,
        &[Kind::Int, Kind::Int],
        &rows,
        "l.import_id = v.c0 AND l.row_number = v.c1",
        &mut imports,
    )?;
    let imports: Vec<i64> = imports.into_iter().collect();
    for chunk in imports.chunks(CHUNK) {
        let mut params: Vec<Val> = vec![institution.into()];
        params.extend(chunk.iter().map(|i| Val::from(*i)));
        sql.exec(
            &format!(
                "UPDATE import SET upload_named_erased = TRUE WHERE institution_id = ? AND id IN ({})",
                placeholders(chunk.len())
            ),
            &params,
        )?;
    }
    Ok(())
}

/// The lines of other imports than `except` that a condition on a table
/// of values `v` finds, erased: each a lookup in an index of the log
/// (migration 14), a batch at a time.
struct LogScrub {
    institution: i64,
    except: i64,
}

impl LogScrub {
    /// Erases the lines `on` finds for `keys`, and adds their imports to
    /// `imports`.
    fn run(
        &self,
        sql: &mut dyn Sql,
        kinds: &[Kind],
        keys: &[Vec<Val>],
        on: &str,
        imports: &mut BTreeSet<i64>,
    ) -> Result<(), StoreError> {
        for chunk in keys.chunks(values_rows(sql.dialect(), kinds.len())) {
            let (table, mut params) = values_table(sql.dialect(), kinds, chunk)?;
            params.push(self.institution.into());
            params.push(self.except.into());
            // The table of values drives the join: each of its rows is a
            // lookup in the log's index.
            let statement = format!(
                "UPDATE log_line AS l SET value = NULL, args = '{{}}', subject = NULL,
                     outcome = 'erased', message_id = 'log-erased'
                 FROM {table}
                 WHERE l.institution_id = ? AND l.import_id <> ? AND {on}
                 RETURNING import_id"
            );
            for r in sql.query(&statement, &params)? {
                imports.insert(r.int(0)?.unwrap_or_default());
            }
        }
        Ok(())
    }
}

/// The imports whose uploads still hold people an anonymize or a delete
/// erased (see [`scrub_logs`]): ids.
///
/// # Errors
///
/// What the database says.
pub fn uploads_to_erase(sql: &mut dyn Sql, institution: i64) -> Result<Vec<i64>, StoreError> {
    sql.query(
        "SELECT id FROM import WHERE institution_id = ? AND upload_named_erased AND job
           AND file_path <> ''",
        &[institution.into()],
    )?
    .iter()
    .map(|r| {
        r.int(0)?
            .ok_or_else(|| StoreError::Corrupt("import without id".into()))
    })
    .collect()
}

/// One line of the audit trail.
#[derive(Clone, Debug, Serialize)]
pub struct AuditLine {
    /// When (RFC 3339).
    pub at: String,
    /// Who.
    pub who: String,
    /// `inactivate`, `anonymize`, `delete`, `undo`.
    pub action: String,
    /// The import it was part of (or undid).
    pub import_id: Option<i64>,
    /// The contact numbers concerned.
    pub numbers: Vec<i64>,
}

/// Appends a line to the audit trail.
///
/// # Errors
///
/// What the database says.
pub fn audit(
    sql: &mut dyn Sql,
    institution: i64,
    who: &str,
    action: &str,
    import_id: i64,
    numbers: &[i64],
) -> Result<(), StoreError> {
    let list: Vec<String> = numbers.iter().map(i64::to_string).collect();
    sql.exec(
        "INSERT INTO audit_line (institution_id, at, who, action, import_id, numbers)
         VALUES (?, ?, ?, ?, ?, ?)",
        &[
            institution.into(),
            Timestamp::now().to_string().into(),
            who.into(),
            action.into(),
            import_id.into(),
            list.join(",").into(),
        ],
    )?;
    Ok(())
}

/// Adds numbers to an import's audit line, so that what a batch erased is
/// in the trail as soon as it is committed — even when the import is
/// cancelled or resumed later. Each batch stores a line of its own, which
/// [`audit_lines`] reads back as one: appending to one stored line
/// rewrote the whole list at every batch (quadratic: 0.9 s of an
/// anonymize of 100,000 contacts, minutes at a million).
///
/// # Errors
///
/// What the database says.
pub fn audit_append(
    sql: &mut dyn Sql,
    institution: i64,
    who: &str,
    action: &str,
    import_id: i64,
    numbers: &[i64],
) -> Result<(), StoreError> {
    if numbers.is_empty() {
        return Ok(());
    }
    audit(sql, institution, who, action, import_id, numbers)
}

/// The audit trail, oldest first.
///
/// # Errors
///
/// What the database says.
pub fn audit_lines(sql: &mut dyn Sql, institution: i64) -> Result<Vec<AuditLine>, StoreError> {
    let mut lines: Vec<AuditLine> = Vec::new();
    sql.query_each(
        "SELECT at, who, action, import_id, numbers FROM audit_line
         WHERE institution_id = ? ORDER BY id",
        &[institution.into()],
        &mut |r| {
            let line = AuditLine {
                at: r.string(0)?,
                who: r.string(1)?,
                action: r.string(2)?,
                import_id: r.int(3)?,
                numbers: r
                    .string(4)?
                    .split(',')
                    .filter_map(|n| n.parse().ok())
                    .collect(),
            };
            // The batches of one import's action: one line (see
            // audit_append).
            match lines.last_mut() {
                Some(last)
                    if line.import_id.is_some()
                        && last.import_id == line.import_id
                        && last.action == line.action
                        && last.who == line.who =>
                {
                    last.numbers.extend(line.numbers);
                }
                _ => lines.push(line),
            }
            Ok(())
        },
    )?;
    Ok(lines)
}
