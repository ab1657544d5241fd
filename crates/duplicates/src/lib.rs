//! Duplicate contacts found among people, and each proposal explained.
//!
//! The people come from a base or a file ([`PersonText`]); [`Finder::find`]
//! compares only the pairs that share a blocking key ([`block`]: the
//! e-mail, its name part, a phone, the sound of both names, a name's sound
//! with the birth date, the street with a first name's sound), scores each
//! pair with a Fellegi–Sunter model field by field (fixed m probabilities,
//! [`compare::AGREEMENT`]; u probabilities estimated on the people
//! searched, [`Scoring::estimate`]),
//! tells households (two people at one address, phone or e-mail) from
//! duplicates, and groups the pairs that would merge together into
//! clusters named by their smallest id.

pub mod block;
pub mod compare;
mod door;
mod fold;
mod person;

use std::collections::HashMap;

pub use compare::{Comparison, Field, FieldComparison, Reason, Scoring, Verdict, compare};
pub use door::{Door, Lookalike};
pub use person::{Person, PersonText};

/// The score from which a pair is a likely duplicate, unless asked
/// otherwise (`--min-score`): nine chances in ten that the two records
/// are one person.
pub const LIKELY_DUPLICATE: f64 = 0.9;

/// A proposed pair: two people, how they compare, their cluster.
#[derive(Clone, Debug)]
pub struct Pair<'a> {
    /// The person with the smaller id.
    pub left: &'a Person,
    /// The other.
    pub right: &'a Person,
    /// How they compare.
    pub comparison: Comparison<'a>,
    /// The id of the cluster: the smallest id of the people the pairs
    /// around it would merge.
    pub cluster: &'a str,
}

/// What a search found.
#[derive(Clone, Debug)]
pub struct Found<'a> {
    /// The pairs at or above the minimum score (never a household), by
    /// cluster, then ids.
    pub pairs: Vec<Pair<'a>>,
    /// How many pairs were compared.
    pub compared: usize,
    /// How many of those were households.
    pub households: usize,
    /// Blocks too large to compare all within (a very common name): their
    /// people were compared through their other keys only.
    pub skipped_blocks: usize,
}

/// What `--explain` says of two people.
#[derive(Clone, Debug)]
pub struct Explained<'a> {
    /// How they compare; `None` for an individual and a structure.
    pub comparison: Option<Comparison<'a>>,
    /// Whether they share a blocking key (else they are never compared).
    pub blocked_together: bool,
}

/// The people searched, ready to be compared.
#[derive(Clone, Debug, Default)]
pub struct Finder {
    people: Vec<Person>,
}

impl Finder {
    /// No one yet.
    pub fn new() -> Finder {
        Finder::default()
    }

    /// Adds a person.
    pub fn add(&mut self, text: PersonText) {
        self.people.push(Person::new(text));
    }

    /// These people, ready to meet an import's rows one at a time.
    pub fn into_door(self) -> Door {
        Door::new(self.people)
    }

    /// How many people.
    pub fn len(&self) -> usize {
        self.people.len()
    }

    /// No one.
    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// The weights of a search among these people.
    pub fn scoring(&self) -> Scoring {
        Scoring::estimate(&self.people)
    }

    /// A person by id.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id() == id)
    }

    /// The pairs scoring `min_score` or more, except those `different`
    /// says were reviewed as two people (ids in either order), on
    /// `threads` threads.
    pub fn find(
        &self,
        min_score: f64,
        different: &(dyn Fn(&str, &str) -> bool + Sync),
        threads: usize,
    ) -> Found<'_> {
        let (candidates, skipped_blocks) = block::candidates(&self.people);
        let compared = candidates.len();
        let scoring = self.scoring();
        let scoring = &scoring;
        let threads = threads.clamp(1, 16);
        let chunk = candidates.len().div_ceil(threads).max(1);
        let people = &self.people;
        let (mut kept, households) = std::thread::scope(|s| {
            let handles: Vec<_> = candidates
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || {
                        let mut kept = Vec::new();
                        let mut households = 0usize;
                        for &(i, j) in part {
                            let (a, b) = ordered(&people[i as usize], &people[j as usize]);
                            let Some(c) = compare(a, b, scoring) else {
                                continue;
                            };
                            households += usize::from(c.household);
                            if !c.household && c.score >= min_score && !different(a.id(), b.id()) {
                                kept.push((a, b, c));
                            }
                        }
                        (kept, households)
                    })
                })
                .collect();
            let mut kept = Vec::new();
            let mut households = 0;
            for h in handles {
                // A comparison never panics; were one to, its pairs are lost
                // and the others kept rather than the search failed.
                if let Ok((k, n)) = h.join() {
                    kept.extend(k);
                    households += n;
                }
            }
            (kept, households)
        });
        let clusters = clusters(&kept);
        kept.sort_by(|x, y| {
            let cx = clusters.get(x.0.id()).copied().unwrap_or("");
            let cy = clusters.get(y.0.id()).copied().unwrap_or("");
            id_order(cx, cy)
                .then_with(|| id_order(x.0.id(), y.0.id()))
                .then_with(|| id_order(x.1.id(), y.1.id()))
        });
        let pairs = kept
            .into_iter()
            .map(|(left, right, comparison)| Pair {
                cluster: clusters.get(left.id()).copied().unwrap_or(left.id()),
                left,
                right,
                comparison,
            })
            .collect();
        Found {
            pairs,
            compared,
            households,
            skipped_blocks,
        }
    }

    /// Two people compared, whatever their score, and whether blocking
    /// puts them together; `None` when an id is unknown.
    pub fn explain(&self, id_1: &str, id_2: &str) -> Option<Explained<'_>> {
        let a = self.person(id_1)?;
        let b = self.person(id_2)?;
        let (a, b) = ordered(a, b);
        Some(Explained {
            comparison: compare(a, b, &self.scoring()),
            blocked_together: block::share_a_key(a, b),
        })
    }
}

/// The two in id order.
fn ordered<'a>(a: &'a Person, b: &'a Person) -> (&'a Person, &'a Person) {
    if id_order(a.id(), b.id()).is_le() {
        (a, b)
    } else {
        (b, a)
    }
}

/// Ids in order: numbers by value (contact numbers, row numbers) before
/// text, text in byte order.
pub fn id_order(a: &str, b: &str) -> std::cmp::Ordering {
    fn number(s: &str) -> Option<&str> {
        let t = s.trim_start_matches('0');
        (!s.is_empty() && s.bytes().all(|c| c.is_ascii_digit())).then_some(t)
    }
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.len().cmp(&y.len()).then_with(|| x.cmp(y)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

/// Each id of a kept pair → its cluster's name (the smallest id in it).
fn clusters<'a>(kept: &[(&'a Person, &'a Person, Comparison<'a>)]) -> HashMap<&'a str, &'a str> {
    let mut index: HashMap<&'a str, usize> = HashMap::new();
    let mut ids: Vec<&'a str> = Vec::new();
    let mut at = |id: &'a str, ids: &mut Vec<&'a str>| {
        *index.entry(id).or_insert_with(|| {
            ids.push(id);
            ids.len() - 1
        })
    };
    let mut edges = Vec::with_capacity(kept.len());
    for (a, b, _) in kept {
        let x = at(a.id(), &mut ids);
        let y = at(b.id(), &mut ids);
        edges.push((x, y));
    }
    let mut parent: Vec<usize> = (0..ids.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (x, y) in edges {
        let (rx, ry) = (root(&mut parent, x), root(&mut parent, y));
        if rx != ry {
            // The root is the smaller id: the cluster's name.
            if id_order(ids[rx], ids[ry]).is_le() {
                parent[ry] = rx;
            } else {
                parent[rx] = ry;
            }
        }
    }
    (0..ids.len())
        .map(|i| {
            let r = root(&mut parent, i);
            (ids[i], ids[r])
        })
        .collect()
}

#[cfg(test)]
mod tests;
