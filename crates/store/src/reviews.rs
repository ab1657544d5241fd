//! The pairs of contacts a person reviewed as one person or two (`intake
//! duplicates review`), the same way in both stores. A pair is stored
//! once, the smaller number first; a second review replaces the first.

use jiff::Timestamp;

use crate::StoreError;
use crate::sql::{Sql, Val};

/// What a person decided of a pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// One person: to merge.
    Same,
    /// Two people: never proposed again.
    Different,
}

impl Decision {
    /// As stored and written: `same`, `different`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Same => "same",
            Decision::Different => "different",
        }
    }

    fn parse(s: &str) -> Result<Decision, StoreError> {
        match s {
            "same" => Ok(Decision::Same),
            "different" => Ok(Decision::Different),
            other => Err(StoreError::Corrupt(format!(
                "a duplicate review decided {other:?}"
            ))),
        }
    }
}

/// A pair reviewed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Review {
    /// The smaller contact number.
    pub contact_1: i64,
    /// The other.
    pub contact_2: i64,
    /// What was decided.
    pub decision: Decision,
    /// Who decided.
    pub decided_by: String,
    /// When (RFC 3339, UTC).
    pub decided_at: String,
}

/// The numbers of `numbers` that are no contact of the institution.
///
/// # Errors
///
/// What the database says.
pub fn unknown_numbers(
    sql: &mut dyn Sql,
    institution: i64,
    numbers: &[i64],
) -> Result<Vec<i64>, StoreError> {
    let mut unknown = Vec::new();
    for &n in numbers {
        let found = sql.query(
            "SELECT 1 FROM contact WHERE institution_id = ? AND contact_number = ?",
            &[institution.into(), n.into()],
        )?;
        if found.is_empty() {
            unknown.push(n);
        }
    }
    Ok(unknown)
}

/// Records `decision` for every pair of `numbers` (two contacts, or the
/// contacts of a cluster), by `who`, now; replaces an earlier review of a
/// pair. Returns the pairs recorded.
///
/// # Errors
///
/// What the database says.
pub fn review(
    sql: &mut dyn Sql,
    institution: i64,
    numbers: &[i64],
    decision: Decision,
    who: &str,
) -> Result<usize, StoreError> {
    let mut sorted = numbers.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let at = Timestamp::now().to_string();
    let mut pairs = 0;
    for (i, &a) in sorted.iter().enumerate() {
        for &b in &sorted[i + 1..] {
            sql.exec(
                "INSERT INTO duplicate_review
                     (institution_id, contact_1, contact_2, decision, decided_by, decided_at)
                 VALUES (?, ?, ?, ?, ?, ?)
                 ON CONFLICT (institution_id, contact_1, contact_2) DO UPDATE SET
                     decision = excluded.decision, decided_by = excluded.decided_by,
                     decided_at = excluded.decided_at",
                &[
                    institution.into(),
                    a.into(),
                    b.into(),
                    Val::from(decision.as_str()),
                    who.into(),
                    at.as_str().into(),
                ],
            )?;
            pairs += 1;
        }
    }
    Ok(pairs)
}

/// Every pair the institution reviewed, by numbers.
///
/// # Errors
///
/// What the database says; a decision that does not read.
pub fn reviews(sql: &mut dyn Sql, institution: i64) -> Result<Vec<Review>, StoreError> {
    let mut out = Vec::new();
    for r in sql.query(
        "SELECT contact_1, contact_2, decision, decided_by, decided_at FROM duplicate_review
         WHERE institution_id = ? ORDER BY contact_1, contact_2",
        &[institution.into()],
    )? {
        out.push(Review {
            contact_1: r.int(0)?.unwrap_or_default(),
            contact_2: r.int(1)?.unwrap_or_default(),
            decision: Decision::parse(&r.text(2)?.unwrap_or_default())?,
            decided_by: r.text(3)?.unwrap_or_default(),
            decided_at: r.text(4)?.unwrap_or_default(),
        });
    }
    Ok(out)
}
