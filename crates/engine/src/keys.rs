//! Compact indexes of the keys an import has met: the emails of the base
//! (with their contact numbers) and the first row of each email in the file.
//!
//! A million emails as `String` keys cost about 70 MiB and a SipHash each
//! time one is looked up; here each is a 128-bit XXH3 hash (24 bytes an
//! entry with its row). Two different emails share a 128-bit hash with a
//! probability of about n²/2¹²⁹ (≈ 10⁻²⁷ for a million rows): far below the
//! chance of a disk error, so an equal hash is taken as an equal email.

/// The hash of a comparison key (an email lower-cased): 128 bits as two
/// words, so that an entry of the index (hash and row) takes 24 bytes, not
/// the 32 a `u128`'s alignment would make it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct KeyHash([u64; 2]);

impl KeyHash {
    /// Hashes a key.
    pub(crate) fn of(key: &str) -> KeyHash {
        let h = xxhash_rust::xxh3::xxh3_128(key.as_bytes());
        KeyHash([(h >> 64) as u64, h as u64])
    }

    /// The key as a log line's subject (see `NewLogLine::subject`): 63 of
    /// its bits, a positive `BIGINT`.
    pub(crate) fn subject(self) -> i64 {
        (self.0[1] >> 1) as i64
    }
}

/// The row where each key was first met in the file.
///
/// Read once for every row with an email, in the writer's one thread, so
/// its size is what costs: a million keys in a `HashMap` of (hash, row)
/// take 50 MiB of buckets, more than the processor's last cache, and every
/// row waited on memory. Here a slot is 8 bytes (16 MiB for a million
/// keys, at most half full): 20 bits of the key's hash, enough to skip
/// almost every other key, and where the key's full hash and first row
/// sit in a list written in order (read only for a key met again).
#[derive(Default)]
pub(crate) struct FirstRows {
    /// Open addressing with linear probing; a power of two long (or empty),
    /// at most half full. 0 is an empty slot; else [`TAG_SHIFT`] bits up
    /// the tag, below it the position in `firsts` plus one.
    slots: Vec<u64>,
    /// The keys in the order they came, with their first row.
    firsts: Vec<(KeyHash, u64)>,
}

/// Where a slot's tag starts: 44 bits below it count the keys, a number
/// no file reaches (17 × 10¹² distinct emails would be a file of 100 TB).
const TAG_SHIFT: u32 = 44;

/// What a slot has of the key's hash (its high word's top bits; the slot
/// itself is chosen by the low word).
fn tag(hash: KeyHash) -> u64 {
    hash.0[0] >> TAG_SHIFT
}

/// Where a key's search starts.
fn home(hash: KeyHash, mask: usize) -> usize {
    hash.0[1] as usize & mask
}

/// The slot of the key of `hash`, the `n`th key met (from 0).
fn slot(hash: KeyHash, n: usize) -> u64 {
    tag(hash) << TAG_SHIFT | (n as u64 + 1)
}

impl FirstRows {
    /// The row that first had this key.
    pub(crate) fn get(&self, key: &str) -> Option<u64> {
        self.get_hash(KeyHash::of(key))
    }

    /// The row that first had the key of this hash.
    pub(crate) fn get_hash(&self, hash: KeyHash) -> Option<u64> {
        self.find(hash).ok()
    }

    /// Records `row` for `key` (a later row never replaces the first).
    pub(crate) fn insert(&mut self, key: &str, row: u64) {
        self.insert_hash(KeyHash::of(key), row);
    }

    /// Records `row` for the key of this hash, unless a row already has it.
    pub(crate) fn insert_hash(&mut self, hash: KeyHash, row: u64) {
        self.first_or_insert(hash, row);
    }

    /// The row that first had the key of this hash; when none did, records
    /// `row` as that row and answers `None` (one search for both).
    pub(crate) fn first_or_insert(&mut self, hash: KeyHash, row: u64) -> Option<u64> {
        if (self.firsts.len() + 1) * 2 > self.slots.len() {
            self.grow(self.firsts.len() + 1);
        }
        match self.find(hash) {
            Ok(first) => Some(first),
            Err(empty) => {
                self.slots[empty] = slot(hash, self.firsts.len());
                self.firsts.push((hash, row));
                None
            }
        }
    }

    /// Reads the slots where these keys' searches start, all at once: the
    /// processor then waits on memory for many of them together instead
    /// of for one key after the other when they are looked up.
    pub(crate) fn touch(&self, hashes: impl Iterator<Item = KeyHash>) {
        if self.slots.is_empty() {
            return;
        }
        let mask = self.slots.len() - 1;
        let mut any = 0;
        for hash in hashes {
            any |= self.slots[home(hash, mask)];
        }
        std::hint::black_box(any);
    }

    /// The first row of the key of `hash`, or the empty slot where it goes.
    fn find(&self, hash: KeyHash) -> Result<u64, usize> {
        if self.slots.is_empty() {
            return Err(0);
        }
        let mask = self.slots.len() - 1;
        let tag = tag(hash);
        let mut i = home(hash, mask);
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                return Err(i);
            }
            if slot >> TAG_SHIFT == tag {
                let (other, first) = self.firsts[(slot & ((1 << TAG_SHIFT) - 1)) as usize - 1];
                if other == hash {
                    return Ok(first);
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Makes room for `keys` keys in all: twice as many slots, a power of
    /// two, every key placed again from its full hash.
    fn grow(&mut self, keys: usize) {
        let len = (keys * 2).next_power_of_two().max(1024);
        if len <= self.slots.len() {
            return;
        }
        self.slots = vec![0; len];
        // The system hands the table out as pages it maps on first touch:
        // a lookup's read would map the shared zero page and the insert's
        // write fault again. One write a page, in order, maps each once.
        for page in self.slots.chunks_mut(4096 / std::mem::size_of::<u64>()) {
            page[0] = std::hint::black_box(0);
        }
        for n in 0..self.firsts.len() {
            let hash = self.firsts[n].0;
            // Every key is there once: its search ends at an empty slot.
            if let Err(empty) = self.find(hash) {
                self.slots[empty] = slot(hash, n);
            }
        }
    }

    /// Makes room for `additional` more keys at once, rather than growing
    /// (and placing every key again) as rows come.
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.firsts.reserve(additional);
        self.grow(self.firsts.len() + additional);
    }

    /// How many keys are held.
    pub(crate) fn len(&self) -> usize {
        self.firsts.len()
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

    proptest::proptest! {
        /// Against a map of full hashes: the first row of every key, with
        /// hashes drawn from a few values so that keys share their slot,
        /// their tag or both, across growths from the smallest table.
        #[test]
        fn the_first_row_is_the_one_a_map_of_full_hashes_keeps(
            keys in proptest::collection::vec((0u64..4, 0u64..3, 0u64..2000), 1..3000),
        ) {
            let mut rows = FirstRows::default();
            let mut model = std::collections::HashMap::new();
            for (row, (tag, high, low)) in keys.into_iter().enumerate() {
                // The tag's bits, a rest of the high word, a low word.
                let hash = KeyHash([tag << TAG_SHIFT | high, low]);
                let row = row as u64;
                let expected = model.get(&hash).copied();
                proptest::prop_assert_eq!(rows.first_or_insert(hash, row), expected);
                model.entry(hash).or_insert(row);
                proptest::prop_assert_eq!(rows.get_hash(hash), model.get(&hash).copied());
            }
            proptest::prop_assert_eq!(rows.len(), model.len());
            for (hash, first) in &model {
                proptest::prop_assert_eq!(rows.get_hash(*hash), Some(*first));
            }
        }
    }

    #[test]
    fn room_made_ahead_holds_as_many_keys_without_moving_them() {
        let mut rows = FirstRows::default();
        rows.reserve(10_000);
        let slots = rows.slots.as_ptr();
        for i in 0..10_000u64 {
            assert_eq!(rows.first_or_insert(KeyHash::of(&format!("k{i}")), i), None);
        }
        assert_eq!(rows.slots.as_ptr(), slots);
        assert_eq!(rows.get("k9999"), Some(9999));
        assert_eq!(rows.get("k10000"), None);
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
        assert_eq!(rows.len(), 1_000_000);
    }
}
