//! At the door: the people of a base indexed by their blocking keys, so
//! that each row an import creates is compared with the contacts it may
//! be (`intake import --check-duplicates`), one at a time.

use crate::block;
use crate::compare::{Scoring, Verdict, compare};
use crate::person::{Person, PersonText};

/// The most people a newcomer is compared with through one key (a very
/// common name meets its lookalikes through its other keys).
pub const DOOR_BLOCK: usize = 64;

/// The people of a base, ready to meet newcomers.
#[derive(Clone, Debug)]
pub struct Door {
    people: Vec<Person>,
    /// Every person's keys, sorted: (key, index in `people`).
    keyed: Vec<(u64, u32)>,
    scoring: Scoring,
}

/// An existing person a newcomer looks like.
#[derive(Clone, Debug, PartialEq)]
pub struct Lookalike {
    /// Their id (a contact number).
    pub id: String,
    /// The probability that they are one person.
    pub score: f64,
    /// The columns whose values are the same or similar.
    pub alike: Vec<&'static str>,
}

impl Door {
    /// Indexes `people` (scored as a search among them would be).
    pub fn new(people: Vec<Person>) -> Door {
        let scoring = Scoring::estimate(&people);
        let mut keyed = Vec::with_capacity(people.len() * 6);
        for (i, p) in people.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            keyed.extend(block::keys(p).into_iter().map(|k| (k, i)));
        }
        keyed.sort_unstable();
        keyed.shrink_to_fit();
        Door {
            people,
            keyed,
            scoring,
        }
    }

    /// The person most like `newcomer` at `min_score` or more, never one
    /// of their household; `None` when no one is.
    pub fn look(&self, newcomer: PersonText, min_score: f64) -> Option<Lookalike> {
        let newcomer = Person::new(newcomer);
        let mut seen: Vec<u32> = Vec::new();
        for key in block::keys(&newcomer) {
            let from = self.keyed.partition_point(|(k, _)| *k < key);
            let to = self.keyed.partition_point(|(k, _)| *k <= key);
            // A block too large compares no one: a row is checked in the
            // time it takes to import it (a search compares larger ones).
            if to - from > DOOR_BLOCK {
                continue;
            }
            seen.extend(self.keyed[from..to].iter().map(|(_, i)| *i));
        }
        seen.sort_unstable();
        seen.dedup();
        let mut best: Option<Lookalike> = None;
        for i in seen {
            let Some(them) = self.people.get(i as usize) else {
                continue;
            };
            let Some(c) = compare(them, &newcomer, &self.scoring) else {
                continue;
            };
            if c.household || c.score < min_score {
                continue;
            }
            if best.as_ref().is_some_and(|b| b.score >= c.score) {
                continue;
            }
            best = Some(Lookalike {
                id: them.id().to_string(),
                score: c.score,
                alike: c
                    .fields
                    .iter()
                    .filter(|f| matches!(f.verdict, Verdict::Same | Verdict::Similar))
                    .map(|f| f.field.column())
                    .collect(),
            });
        }
        best
    }
}
