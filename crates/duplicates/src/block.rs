//! Blocking: which pairs are compared at all. Each person gets a few keys;
//! two people are compared when they share one. A key held by more than
//! [`MAX_BLOCK`] people (a very common name) compares no one: they meet
//! through their other keys. The work stays near-linear in the people.

use std::hash::BuildHasher;

use crate::person::Person;

/// The most people a block compares all together.
pub const MAX_BLOCK: usize = 250;

/// The kinds of blocking keys, one pass each.
const KINDS: u8 = 10;

/// The blocking keys of a person, as 64-bit hashes (a collision only adds
/// a comparison):
/// - the e-mail, lower case; its name part (at least 3 letters);
/// - each phone's last nine digits;
/// - the sounds of the first and last names, in either order (typos that
///   keep the sound, swapped names);
/// - the last name's sound with the birth date (a new first spelling);
/// - the first name's sound with the birth date (a married name);
/// - the street and postal code with the first name's sound (a new e-mail
///   and no birth date);
/// - the birth date with the postal code (both names written otherwise);
/// - for a structure: its name's sound with the postal code, and its name.
pub fn keys(p: &Person) -> Vec<u64> {
    let mut keys = Vec::with_capacity(8);
    for kind in 1..=KINDS {
        keys_of(kind, p, &mut keys);
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The keys of one kind of a person, appended to `out`.
fn keys_of(kind: u8, p: &Person, out: &mut Vec<u64>) {
    let hasher = foldhash::fast::FixedState::with_seed(0x1d7a_c0de);
    let h = |parts: &[&str]| hasher.hash_one((kind, parts));
    let (first, last) = (p.first().skeleton, p.last().skeleton);
    let date = |(y, m, d): (u16, u8, u8)| format!("{y}-{m}-{d}");
    match kind {
        1 if !p.email_lower().is_empty() => out.push(h(&[p.email_lower()])),
        2 => out.extend(p.email_local().map(|local| h(&[local]))),
        3 => out.extend(p.phones().map(|phone| h(&[phone]))),
        4 if p.structure && !last.is_empty() => out.push(h(&[last, p.postal()])),
        5 if p.structure && !last.is_empty() => out.push(h(&[p.last().compact])),
        6 if !p.structure && !last.is_empty() && !first.is_empty() => {
            let (x, y) = if first <= last {
                (first, last)
            } else {
                (last, first)
            };
            out.push(h(&[x, y]));
        }
        7 if !p.structure && !last.is_empty() => {
            out.extend(p.birth.map(|b| h(&[last, date(b).as_str()])));
        }
        8 if !p.structure && !first.is_empty() => {
            out.extend(p.birth.map(|b| h(&[first, date(b).as_str()])));
        }
        9 if !p.street().is_empty() && !first.is_empty() => {
            out.push(h(&[p.street(), p.postal(), first]));
        }
        10 if !p.structure && !p.postal().is_empty() => {
            out.extend(p.birth.map(|b| h(&[p.postal(), date(b).as_str()])));
        }
        _ => {}
    }
}

/// Whether two people share a key.
pub fn share_a_key(a: &Person, b: &Person) -> bool {
    let kb = keys(b);
    keys(a).iter().any(|k| kb.binary_search(k).is_ok())
}

/// The pairs of people (indexes, the smaller first) that share a key of a
/// block no larger than [`MAX_BLOCK`], each once, in order; and how many
/// blocks were too large. One kind of key at a time, so that only one
/// kind's keys are held at once (16 bytes a person).
pub fn candidates(people: &[Person]) -> (Vec<(u32, u32)>, usize) {
    let mut pairs = Vec::new();
    let mut skipped = 0;
    let mut keyed: Vec<(u64, u32)> = Vec::new();
    let mut keys = Vec::with_capacity(2);
    for kind in 1..=KINDS {
        keyed.clear();
        for (i, p) in people.iter().enumerate() {
            keys.clear();
            keys_of(kind, p, &mut keys);
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            keyed.extend(keys.iter().map(|k| (*k, i)));
        }
        keyed.sort_unstable();
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
                    if i != j {
                        pairs.push((i.min(j), i.max(j)));
                    }
                }
            }
        }
        // Each pass's pairs deduplicated as they come: the list never
        // holds a pair more than twice.
        pairs.sort_unstable();
        pairs.dedup();
    }
    (pairs, skipped)
}
