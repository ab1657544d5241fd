//! Sign-in attempts, counted in the store: each attempt is counted before
//! its password is judged, in one statement that raises the count and
//! returns it, so that requests sent in parallel each see a count of their
//! own, and a restart forgets nothing. Written once for both stores.
//!
//! A key is whatever the caller limits (an account, a client address),
//! already hashed: the table does not keep what people typed. A key's
//! window starts at its first attempt; an attempt after the window starts
//! a new one.

use jiff::{SignedDuration, Timestamp};

use crate::StoreError;
use crate::sql::{Sql, Val};

/// Counts one attempt against each of `keys` (distinct) at `now`, and
/// returns each key's attempts in its current window of length `window`,
/// this one included, in the order of `keys`.
///
/// # Errors
///
/// What the database says.
pub fn count_attempt(
    sql: &mut dyn Sql,
    keys: &[&str],
    now: Timestamp,
    window: SignedDuration,
) -> Result<Vec<u64>, StoreError> {
    let now = now.as_second();
    let ended = now.saturating_sub(window.as_secs());
    // Housekeeping: the rows whose window ended (the statement below would
    // start them again anyway).
    sql.exec(
        "DELETE FROM sign_in_attempt WHERE window_start <= ?",
        &[ended.into()],
    )?;
    let rows = vec!["(?, 1, ?)"; keys.len()].join(", ");
    let mut params: Vec<Val> = Vec::with_capacity(keys.len() * 2 + 2);
    for key in keys {
        params.push((*key).into());
        params.push(now.into());
    }
    params.push(ended.into());
    params.push(ended.into());
    let counted = sql.query(
        &format!(
            "INSERT INTO sign_in_attempt (key_hash, attempts, window_start) VALUES {rows}
             ON CONFLICT (key_hash) DO UPDATE SET
                 attempts = CASE WHEN sign_in_attempt.window_start <= ? THEN 1
                                 ELSE sign_in_attempt.attempts + 1 END,
                 window_start = CASE WHEN sign_in_attempt.window_start <= ?
                                     THEN excluded.window_start
                                     ELSE sign_in_attempt.window_start END
             RETURNING key_hash, attempts"
        ),
        &params,
    )?;
    keys.iter()
        .map(|key| {
            let mut found = None;
            for row in &counted {
                if row.text(0)?.as_deref() == Some(*key) {
                    found = row.int(1)?;
                }
            }
            found
                .and_then(|n| u64::try_from(n).ok())
                .ok_or_else(|| StoreError::Corrupt(format!("no count for sign-in key {key}")))
        })
        .collect()
}

/// A sign-in succeeded: the `counted` attempts of `account` up to and
/// including it are forgotten (attempts counted since, in parallel, still
/// count), and it is given back to `address` (a success is no guess).
///
/// # Errors
///
/// What the database says.
pub fn forget_attempts(
    sql: &mut dyn Sql,
    account: &str,
    counted: u64,
    address: &str,
) -> Result<(), StoreError> {
    let counted = i64::try_from(counted).unwrap_or(i64::MAX);
    sql.exec(
        "UPDATE sign_in_attempt
         SET attempts = CASE WHEN attempts > ? THEN attempts - ? ELSE 0 END
         WHERE key_hash = ?",
        &[counted.into(), counted.into(), account.into()],
    )?;
    sql.exec(
        "UPDATE sign_in_attempt SET attempts = attempts - 1
         WHERE key_hash = ? AND attempts > 0",
        &[address.into()],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    const WINDOW: SignedDuration = SignedDuration::from_mins(15);

    /// The same checks on any store; `open` gives a new connection to it.
    fn counts_on(open: &(dyn Fn() -> Box<dyn Store + Send> + Sync)) {
        let mut store = open();
        let t0 = Timestamp::now();
        let count = |s: &mut dyn Store, keys: &[&str], at: Timestamp| {
            count_attempt(s.sql(), keys, at, WINDOW).unwrap()
        };
        assert_eq!(count(store.as_mut(), &["a", "ip"], t0), [1, 1]);
        assert_eq!(count(store.as_mut(), &["a", "ip"], t0), [2, 2]);
        assert_eq!(count(store.as_mut(), &["ip", "b"], t0), [3, 1]);
        // A success forgets the account's attempts, gives the address one.
        forget_attempts(store.sql(), "a", 2, "ip").unwrap();
        assert_eq!(count(store.as_mut(), &["a", "ip"], t0), [1, 3]);
        // A new window starts the count again.
        let later = t0 + WINDOW + SignedDuration::from_secs(1);
        assert_eq!(count(store.as_mut(), &["a", "b"], later), [1, 1]);

        // Eight connections count one key at once: each attempt sees a
        // count of its own, so no two pass for the same.
        let mut seen: Vec<u64> = std::thread::scope(|scope| {
            let threads: Vec<_> = (0..8)
                .map(|_| {
                    scope.spawn(|| {
                        let mut store = open();
                        (0..10)
                            .map(|_| count(store.as_mut(), &["c", "ip2"], t0)[0])
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            threads
                .into_iter()
                .flat_map(|t| t.join().unwrap())
                .collect()
        });
        seen.sort_unstable();
        assert_eq!(seen, (1..=80).collect::<Vec<u64>>());
    }

    #[test]
    fn attempts_are_counted_one_by_one_on_sqlite() {
        crate::testing::on_sqlite(counts_on);
    }

    #[test]
    fn attempts_are_counted_one_by_one_on_postgres() {
        crate::testing::on_postgres("sign_in", counts_on);
    }
}
