//! Blocking: which pairs are compared at all. Each person gets a few keys;
//! two people are compared when they share one. A key held by more than
//! [`MAX_BLOCK`] people (a very common name) compares no one: they meet
//! through their other keys. The work stays near-linear in the people.

use std::hash::BuildHasher;

use crate::person::Person;

/// The most people a block compares all together.
pub const MAX_BLOCK: usize = 250;

/// The blocking keys of a person, as 64-bit hashes (a collision only adds
/// a comparison):
/// - the e-mail, lower case; its name part (at least 3 letters);
/// - each phone's last nine digits;
/// - the sounds of the first and last names, in either order (typos that
///   keep the sound, swapped names);
/// - the last name's sound with the birth date (a new first spelling);
/// - the first name's sound with the birth date (a married name);
/// - the street and postal code with the first name's sound (a new e-mail
///   and no birth date).
pub fn keys(p: &Person) -> Vec<u64> {
    let hasher = foldhash::fast::FixedState::with_seed(0x1d7a_c0de);
    let h = |kind: u8, parts: &[&str]| hasher.hash_one((kind, parts));
    let mut keys = Vec::with_capacity(8);
    if !p.email_lower.is_empty() {
        keys.push(h(1, &[&p.email_lower]));
    }
    if let Some(local) = p.email_local() {
        keys.push(h(2, &[local]));
    }
    for phone in &p.phones {
        keys.push(h(3, &[phone]));
    }
    let (first, last) = (&p.first.skeleton, &p.last.skeleton);
    if p.structure {
        if !last.is_empty() {
            keys.push(h(4, &[last, &p.postal]));
            keys.push(h(5, &[&p.last.compact]));
        }
    } else if !last.is_empty() {
        if !first.is_empty() {
            let (x, y) = if first <= last {
                (first, last)
            } else {
                (last, first)
            };
            keys.push(h(6, &[x, y]));
        }
        if let Some((y, m, d)) = p.birth {
            let date = format!("{y}-{m}-{d}");
            keys.push(h(7, &[last, &date]));
            if !first.is_empty() {
                keys.push(h(8, &[first, &date]));
            }
        }
    }
    if !p.street.is_empty() && !first.is_empty() {
        keys.push(h(9, &[&p.street, &p.postal, first]));
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Whether two people share a key.
pub fn share_a_key(a: &Person, b: &Person) -> bool {
    let kb = keys(b);
    keys(a).iter().any(|k| kb.binary_search(k).is_ok())
}

/// The pairs of people (indexes, the smaller first) that share a key of a
/// block no larger than [`MAX_BLOCK`], each once, in order; and how many
/// blocks were too large.
pub fn candidates(people: &[Person]) -> (Vec<(u32, u32)>, usize) {
    let mut keyed: Vec<(u64, u32)> = Vec::with_capacity(people.len() * 6);
    for (i, p) in people.iter().enumerate() {
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        keyed.extend(keys(p).into_iter().map(|k| (k, i)));
    }
    keyed.sort_unstable();
    let mut pairs = Vec::new();
    let mut skipped = 0;
    for block in keyed.chunk_by(|x, y| x.0 == y.0) {
        if block.len() < 2 {
            continue;
        }
        if block.len() > MAX_BLOCK {
            skipped += 1;
            continue;
        }
        for (n, &(_, i)) in block.iter().enumerate() {
            for &(_, j) in &block[n + 1..] {
                pairs.push((i.min(j), i.max(j)));
            }
        }
    }
    drop(keyed);
    pairs.sort_unstable();
    pairs.dedup();
    (pairs, skipped)
}
