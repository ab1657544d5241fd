//! Compact indexes of the keys an import has met: the emails of the base
//! (with their contact numbers) and the first row of each email in the file.
//!
//! A million emails as `String` keys cost about 70 MiB and a SipHash each
//! time one is looked up; here each is a 128-bit XXH3 hash (24 bytes an
//! entry with its row). Two different emails share a 128-bit hash with a
//! probability of about n²/2¹²⁹ (≈ 10⁻²⁷ for a million rows): far below the
//! chance of a disk error, so an equal hash is taken as an equal email.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The hash of a comparison key (an email lower-cased): 128 bits as two
/// words, so that an entry of the index (hash and row) takes 24 bytes, not
/// the 32 a `u128`'s alignment would make it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct KeyHash([u64; 2]);

impl KeyHash {
    /// Hashes a key.
    pub(crate) fn of(key: &str) -> KeyHash {
        let h = xxhash_rust::xxh3::xxh3_128(key.as_bytes());
        KeyHash([(h >> 64) as u64, h as u64])
    }
}

impl std::hash::Hash for KeyHash {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Already a hash: its low word is as good as any.
        state.write_u64(self.0[1]);
    }
}

/// The keys are hashes already: the map uses their low bits as they are.
#[derive(Default)]
pub(crate) struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only reached for keys that are not `KeyHash` (none here): fold them.
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The row where each key was first met in the file.
#[derive(Default)]
pub(crate) struct FirstRows(HashMap<KeyHash, u64, BuildHasherDefault<Prehashed>>);

impl FirstRows {
    /// The row that first had this key.
    pub(crate) fn get(&self, key: &str) -> Option<u64> {
        self.get_hash(KeyHash::of(key))
    }

    /// The row that first had the key of this hash.
    pub(crate) fn get_hash(&self, hash: KeyHash) -> Option<u64> {
        self.0.get(&hash).copied()
    }

    /// Records `row` for `key` (a later row never replaces the first).
    pub(crate) fn insert(&mut self, key: &str, row: u64) {
        self.insert_hash(KeyHash::of(key), row);
    }

    /// Records `row` for the key of this hash, unless a row already has it.
    pub(crate) fn insert_hash(&mut self, hash: KeyHash, row: u64) {
        self.0.entry(hash).or_insert(row);
    }

    /// The row that first had the key of this hash; when none did, records
    /// `row` as that row and answers `None` (one lookup for both).
    pub(crate) fn first_or_insert(&mut self, hash: KeyHash, row: u64) -> Option<u64> {
        match self.0.entry(hash) {
            std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(row);
                None
            }
        }
    }

    /// Makes room for `additional` more keys at once, rather than growing
    /// (and moving every entry) as rows come.
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.0.reserve(additional);
    }

    /// How many keys are held.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

/// The emails of the base when the import started, with the number of the
/// contact that has each (the lowest, when several share one): a sorted
/// vector of (hash, number), 24 bytes a contact, so that a row's email is
/// matched against the base without a query.
#[derive(Default)]
pub(crate) struct BaseEmails(Vec<(KeyHash, i64)>);

impl BaseEmails {
    /// Adds a key read from the base.
    pub(crate) fn push(&mut self, key: &str, number: i64) {
        self.0.push((KeyHash::of(key), number));
    }

    /// Makes the index searchable (after the last push).
    pub(crate) fn seal(&mut self) {
        self.0
            .sort_unstable_by_key(|(hash, number)| (*hash, *number));
        self.0.dedup_by_key(|(hash, _)| *hash);
        self.0.shrink_to_fit();
    }

    /// The number of the contact of the base that has this key.
    pub(crate) fn number(&self, hash: KeyHash) -> Option<i64> {
        self.0
            .binary_search_by_key(&hash, |(h, _)| *h)
            .ok()
            .map(|i| self.0[i].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_row_of_a_key_stays() {
        let mut rows = FirstRows::default();
        rows.insert("ana@example.ch", 7);
        rows.insert("ana@example.ch", 9);
        assert_eq!(rows.get("ana@example.ch"), Some(7));
        assert_eq!(rows.get("ana@example.com"), None);
    }

    #[test]
    fn the_base_index_answers_for_what_it_holds() {
        let mut base = BaseEmails::default();
        for i in 0..1000 {
            base.push(&format!("p{i}@example.ch"), 5000 - i);
        }
        // Two contacts share an email: the lower number answers.
        base.push("p7@example.ch", 3);
        base.seal();
        assert_eq!(base.number(KeyHash::of("p999@example.ch")), Some(4001));
        assert_eq!(base.number(KeyHash::of("p7@example.ch")), Some(3));
        assert_eq!(base.number(KeyHash::of("p1000@example.ch")), None);
    }

    #[test]
    fn a_million_distinct_keys_have_distinct_hashes() {
        let mut rows = FirstRows::default();
        for i in 0..1_000_000u64 {
            rows.insert(&format!("first.last.{i}@example.ch"), i);
        }
        assert_eq!(rows.0.len(), 1_000_000);
    }
}
