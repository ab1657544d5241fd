//! Two people compared field by field, each field's verdict weighed by a
//! Fellegi–Sunter model (see [`AGREEMENT`] and [`Scoring`]), and the
//! household rule.

use crate::person::{Name, Person};

/// A field compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// The e-mail address.
    Email,
    /// The given name.
    FirstName,
    /// The family name.
    LastName,
    /// A structure's name.
    StructureName,
    /// The birth date.
    Birthdate,
    /// Phone and mobile.
    Phone,
    /// The main address (street line, postal code, town).
    Address,
}

impl Field {
    /// The canonical column it is read from (the JSON `column`).
    pub fn column(self) -> &'static str {
        match self {
            Field::Email => "email",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::StructureName => "structure_name",
            Field::Birthdate => "birthdate",
            Field::Phone => "phone",
            Field::Address => "address_line1",
        }
    }
}

/// How a field of two people compares: a stable code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// The same value (perhaps written otherwise: case, accents).
    Same,
    /// Close: a typo, another spelling, an initial, a part of the other.
    Similar,
    /// Not the same.
    Different,
    /// One side (or both) has no value: no evidence.
    Missing,
}

impl Verdict {
    /// The stable code of the output (`same`, `similar`, `different`,
    /// `missing`).
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Same => "same",
            Verdict::Similar => "similar",
            Verdict::Different => "different",
            Verdict::Missing => "missing",
        }
    }
}

/// Why a field got its verdict: what the explanation says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    /// Written the same.
    Same,
    /// The same except upper and lower case.
    SameExceptCase,
    /// The same without accents.
    SameWithoutAccents,
    /// The same street, once its abbreviations are read (Av. = Avenue).
    SameStreetAbbreviated,
    /// The same letters, spaces or hyphens apart (Jean-Marc ~ Jean Marc).
    Spelling,
    /// A letter or two apart.
    Typo,
    /// An initial of the other.
    Initial,
    /// One holds the other (a double name, a married name).
    OneHoldsTheOther,
    /// First and last names swapped.
    Swapped,
    /// The same e-mail name at another domain.
    OtherDomain,
    /// Day and month swapped.
    DayMonthSwapped,
    /// One digit apart.
    OneDigit,
    /// The same street, another postal code: moved?
    SameStreetOtherPostalCode,
    /// Another address: moved?
    OtherAddress,
    /// Not the same.
    Different,
    /// No value on one side.
    Missing,
}

/// A field of two people compared, with both values as read.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldComparison<'a> {
    /// The field.
    pub field: Field,
    /// Its verdict.
    pub verdict: Verdict,
    /// Why.
    pub reason: Reason,
    /// The first person's value.
    pub left: &'a str,
    /// The second person's value.
    pub right: &'a str,
}

/// Two people compared.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison<'a> {
    /// Every field compared, in a fixed order.
    pub fields: Vec<FieldComparison<'a>>,
    /// The probability that they are one person, between 0 and 1.
    pub score: f64,
    /// They share an address, a phone or an e-mail but not a first name or
    /// a birth date: two people of one household, whatever the rest says.
    pub household: bool,
}

/// The Fellegi–Sunter model's m probabilities, fixed and documented: of
/// the pairs of records of one person where both hold a field, the share
/// whose field is the same, similar, or different (people change e-mails
/// and move more often than their birth date; a first name that differs
/// is rarely one person). The u probabilities (the same shares among pairs
/// of two people) are estimated on the people searched
/// ([`Scoring::estimate`]); a verdict weighs `log₂(m/u)`.
pub const AGREEMENT: [(Field, [f64; 3]); 7] = [
    (Field::Email, [0.55, 0.05, 0.40]),
    (Field::FirstName, [0.88, 0.10, 0.02]),
    (Field::LastName, [0.82, 0.12, 0.06]),
    (Field::StructureName, [0.80, 0.15, 0.05]),
    (Field::Birthdate, [0.92, 0.05, 0.03]),
    (Field::Phone, [0.60, 0.0, 0.40]),
    (Field::Address, [0.65, 0.05, 0.30]),
];

/// What two people of a population share by chance (same, similar),
/// before any data is seen: the u probabilities a small search leans on,
/// worth [`PSEUDO_PAIRS`] sampled pairs.
pub const CHANCE: [(Field, [f64; 2]); 7] = [
    (Field::Email, [1e-6, 1e-4]),
    (Field::FirstName, [0.01, 0.005]),
    (Field::LastName, [0.002, 0.003]),
    (Field::StructureName, [0.001, 0.002]),
    (Field::Birthdate, [5e-5, 2e-4]),
    (Field::Phone, [1e-6, 0.0]),
    (Field::Address, [1e-4, 1e-4]),
];

/// The most an e-mail's name part at another domain weighs.
pub const EMAIL_NAME_PART: f64 = 1.0;

/// How many sampled pairs [`CHANCE`] is worth.
pub const PSEUDO_PAIRS: f64 = 1000.0;

/// The fewest people whose pairs estimate the u probabilities (below,
/// [`CHANCE`] alone).
pub const MIN_ESTIMATED: usize = 1000;

/// How many random pairs the u probabilities are estimated on.
pub const SAMPLED_PAIRS: usize = 200_000;

fn index(field: Field) -> usize {
    AGREEMENT.iter().position(|(f, _)| *f == field).unwrap_or(0)
}

/// The weights a search scores with and its prior.
#[derive(Clone, Debug, PartialEq)]
pub struct Scoring {
    /// log₂(m/u) of (same, similar, different), per field of [`AGREEMENT`].
    pub weights: [[f64; 3]; 7],
    /// log₂ prior odds that two people compared are one ([`prior`]).
    pub prior: f64,
}

impl Scoring {
    /// The u probabilities estimated on up to [`SAMPLED_PAIRS`] random
    /// pairs of `people` (as Splink estimates them; a fixed seed, so a
    /// search gives the same scores each time), leaning on [`CHANCE`];
    /// [`CHANCE`] alone for fewer than [`MIN_ESTIMATED`] people.
    pub fn estimate(people: &[Person]) -> Scoring {
        let mut counts = [[0f64; 3]; 7];
        let n = people.len();
        // Among fewer people, the duplicates are too large a share of the
        // pairs to tell what two people share by chance.
        if n >= MIN_ESTIMATED {
            let all_pairs = n.saturating_mul(n - 1) / 2;
            let samples = all_pairs.min(SAMPLED_PAIRS);
            let mut state = 0x9E37_79B9_7F4A_7C15u64;
            let mut next = || {
                state ^= state >> 12;
                state ^= state << 25;
                state ^= state >> 27;
                state.wrapping_mul(0x2545_F491_4F6C_DD1D)
            };
            let uniform = Scoring {
                weights: [[0.0; 3]; 7],
                prior: 0.0,
            };
            for _ in 0..samples {
                let i = (next() % n as u64) as usize;
                let j = (next() % n as u64) as usize;
                if i == j {
                    continue;
                }
                let Some(c) = compare(&people[i], &people[j], &uniform) else {
                    continue;
                };
                for f in &c.fields {
                    let slot = match f.verdict {
                        Verdict::Same => 0,
                        Verdict::Similar => 1,
                        Verdict::Different => 2,
                        Verdict::Missing => continue,
                    };
                    counts[index(f.field)][slot] += 1.0;
                }
            }
        }
        let mut weights = [[0f64; 3]; 7];
        for (k, (field, m)) in AGREEMENT.iter().enumerate() {
            let chance = CHANCE
                .iter()
                .find(|(f, _)| f == field)
                .map_or([0.0; 2], |(_, c)| *c);
            let u0 = [chance[0], chance[1], 1.0 - chance[0] - chance[1]];
            let total: f64 = counts[k].iter().sum();
            for v in 0..3 {
                let u = (counts[k][v] + PSEUDO_PAIRS * u0[v]) / (total + PSEUDO_PAIRS);
                weights[k][v] = if m[v] <= 0.0 || u <= 0.0 {
                    0.0
                } else {
                    (m[v] / u).log2()
                };
            }
        }
        // The name part of an e-mail mostly spells the person's name, which
        // the names already weigh: two namesakes share it far more often
        // than two people drawn at random (whose u this estimated).
        let email = index(Field::Email);
        weights[email][1] = weights[email][1].min(EMAIL_NAME_PART);
        Scoring {
            weights,
            prior: prior(n),
        }
    }

    fn weight(&self, field: Field, verdict: Verdict) -> f64 {
        let w = self.weights[index(field)];
        match verdict {
            Verdict::Same => w[0],
            Verdict::Similar => w[1],
            Verdict::Different => w[2],
            Verdict::Missing => 0.0,
        }
    }
}

/// The log₂ prior odds that two people of a search among `people` are one:
/// one person in twenty has a duplicate, so of the n²/2 pairs, n/20 are
/// one person; a search among fewer than 10,000 people is judged as one
/// among 10,000 (a small file is no reason to believe weaker evidence).
pub fn prior(people: usize) -> f64 {
    (0.1 / people.max(10_000) as f64).log2()
}

/// The score of a household pair at most: never a likely duplicate.
pub const HOUSEHOLD_SCORE: f64 = 0.05;

/// Compares two people; `None` when one is a structure and the other an
/// individual (never one contact).
/// Scored with `scoring` ([`Scoring::estimate`] on the people searched).
pub fn compare<'a>(a: &'a Person, b: &'a Person, scoring: &Scoring) -> Option<Comparison<'a>> {
    if a.structure != b.structure {
        return None;
    }
    let mut fields = Vec::with_capacity(6);
    let field = |field, (verdict, reason), left: &'a str, right: &'a str| FieldComparison {
        field,
        verdict,
        reason,
        left,
        right,
    };
    fields.push(field(Field::Email, email(a, b), a.email(), b.email()));
    if a.structure {
        fields.push(field(
            Field::StructureName,
            name(a.last(), b.last(), false),
            a.last().raw,
            b.last().raw,
        ));
    } else {
        let (first, last) = names(a, b);
        fields.push(field(Field::FirstName, first, a.first().raw, b.first().raw));
        fields.push(field(Field::LastName, last, a.last().raw, b.last().raw));
        fields.push(field(
            Field::Birthdate,
            birthdate(a, b),
            a.birth_raw(),
            b.birth_raw(),
        ));
    }
    fields.push(field(
        Field::Phone,
        phone(a, b),
        a.phones_raw(),
        b.phones_raw(),
    ));
    fields.push(field(
        Field::Address,
        address(a, b),
        a.address_raw(),
        b.address_raw(),
    ));
    let verdict = |f: Field| {
        fields
            .iter()
            .find(|c| c.field == f)
            .map_or(Verdict::Missing, |c| c.verdict)
    };
    let shared = [Field::Email, Field::Phone, Field::Address]
        .into_iter()
        .any(|f| verdict(f) == Verdict::Same);
    let household = !a.structure
        && shared
        && (verdict(Field::FirstName) == Verdict::Different
            || verdict(Field::Birthdate) == Verdict::Different);
    let weight: f64 = scoring.prior
        + fields
            .iter()
            .map(|c| scoring.weight(c.field, c.verdict))
            .sum::<f64>();
    let mut score = 1.0 / (1.0 + (-weight).exp2());
    if household {
        score = score.min(HOUSEHOLD_SCORE);
    }
    Some(Comparison {
        fields,
        score,
        household,
    })
}

fn email(a: &Person, b: &Person) -> (Verdict, Reason) {
    if a.email().is_empty() || b.email().is_empty() {
        (Verdict::Missing, Reason::Missing)
    } else if a.email() == b.email() {
        (Verdict::Same, Reason::Same)
    } else if a.email_lower() == b.email_lower() {
        (Verdict::Same, Reason::SameExceptCase)
    } else if a.email_local().is_some() && a.email_local() == b.email_local() {
        (Verdict::Similar, Reason::OtherDomain)
    } else {
        (Verdict::Different, Reason::Different)
    }
}

/// First and last names, straight or swapped.
fn names(a: &Person, b: &Person) -> ((Verdict, Reason), (Verdict, Reason)) {
    let first = name(a.first(), b.first(), true);
    let last = name(a.last(), b.last(), false);
    let differ = |v: Verdict| v == Verdict::Different;
    if differ(first.0) && differ(last.0) {
        // b's last name holds a given name when swapped: Daniele and
        // Daniela stay two people.
        let crossed_first = name(a.first(), b.last(), true);
        let crossed_last = name(a.last(), b.first(), false);
        if !differ(crossed_first.0)
            && crossed_first.0 != Verdict::Missing
            && !differ(crossed_last.0)
            && crossed_last.0 != Verdict::Missing
        {
            return (
                (Verdict::Similar, Reason::Swapped),
                (Verdict::Similar, Reason::Swapped),
            );
        }
    }
    (first, last)
}

fn name(a: Name<'_>, b: Name<'_>, given: bool) -> (Verdict, Reason) {
    if a.is_empty() || b.is_empty() {
        return (Verdict::Missing, Reason::Missing);
    }
    if a.raw == b.raw {
        return (Verdict::Same, Reason::Same);
    }
    if a.raw.to_lowercase() == b.raw.to_lowercase() {
        return (Verdict::Same, Reason::SameExceptCase);
    }
    if same_without_accents(a.raw, b.raw) {
        return (Verdict::Same, Reason::SameWithoutAccents);
    }
    if a.compact == b.compact {
        return (Verdict::Similar, Reason::Spelling);
    }
    if given && other_gender(a.compact, b.compact) {
        // Jean and Jeanne, Paolo and Paola: a couple, not a typo.
        return (Verdict::Different, Reason::Different);
    }
    let (short, long) = if a.compact.len() <= b.compact.len() {
        (a, b)
    } else {
        (b, a)
    };
    if given && short.compact.len() == 1 && long.compact.starts_with(short.compact) {
        return (Verdict::Similar, Reason::Initial);
    }
    let (short_words, long_words) = (short.folded(), long.folded());
    let words: Vec<&str> = long_words.split(' ').collect();
    if short_words
        .split(' ')
        .all(|w| w.len() >= 2 && words.contains(&w))
    {
        return (Verdict::Similar, Reason::OneHoldsTheOther);
    }
    // Counted on the letters as written too: the umlauts read out of
    // "ae" also take a typo's "e" ("Jaes" is "James", not "Jas").
    let plain = |n: &str| n.replace(' ', "");
    let edits = strsim::damerau_levenshtein(a.compact, b.compact).min(strsim::damerau_levenshtein(
        &plain(&short_words),
        &plain(&long_words),
    ));
    let len = a.compact.len().min(b.compact.len());
    // A short name takes a letter dropped or added (Nina ~ Nia, Jon ~
    // John), not one changed (Leo and Lea are two people).
    let one_more = a.compact.len().abs_diff(b.compact.len()) == 1
        || short_words.len().abs_diff(long_words.len()) == 1;
    if (len >= 4 && edits <= 1) || (len >= 3 && one_more && edits == 1) || (len >= 8 && edits <= 2)
    {
        return (Verdict::Similar, Reason::Typo);
    }
    (Verdict::Different, Reason::Different)
}

/// The same once accents are dropped and case ignored, punctuation kept.
fn same_without_accents(a: &str, b: &str) -> bool {
    deunicode::deunicode(a).to_lowercase() == deunicode::deunicode(b).to_lowercase()
}

/// The masculine and feminine forms of one given name: Jean/Jeanne,
/// Daniel/Danielle, Louis/Louise, Paolo/Paola, Francesco/Francesca.
fn other_gender(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if let Some(ending) = long.strip_prefix(short) {
        return matches!(
            ending,
            "e" | "a" | "ne" | "le" | "te" | "ine" | "ette" | "na"
        );
    }
    if a.len() == b.len() && a.len() >= 3 {
        let (sa, ea) = a.split_at(a.len() - 1);
        let (sb, eb) = b.split_at(b.len() - 1);
        return sa == sb && matches!((ea, eb), ("o", "a") | ("a", "o") | ("e", "a") | ("a", "e"));
    }
    false
}

fn birthdate(a: &Person, b: &Person) -> (Verdict, Reason) {
    match (a.birth, b.birth) {
        (Some(x), Some(y)) if x == y => (Verdict::Same, Reason::Same),
        (Some((ya, ma, da)), Some((yb, mb, db))) => {
            if ya == yb && ma == db && da == mb {
                return (Verdict::Similar, Reason::DayMonthSwapped);
            }
            let differing = [ya != yb, ma != mb, da != db]
                .into_iter()
                .filter(|d| *d)
                .count();
            let one_digit = |x: u16, y: u16| {
                let (x, y) = (format!("{x:04}"), format!("{y:04}"));
                x.bytes().zip(y.bytes()).filter(|(p, q)| p != q).count() == 1
            };
            let digit = if ya != yb {
                one_digit(ya, yb)
            } else if ma != mb {
                one_digit(ma.into(), mb.into())
            } else {
                one_digit(da.into(), db.into())
            };
            if differing == 1 && digit {
                (Verdict::Similar, Reason::OneDigit)
            } else {
                (Verdict::Different, Reason::Different)
            }
        }
        _ => (Verdict::Missing, Reason::Missing),
    }
}

fn phone(a: &Person, b: &Person) -> (Verdict, Reason) {
    if a.phones().next().is_none() || b.phones().next().is_none() {
        (Verdict::Missing, Reason::Missing)
    } else if a.phones().any(|p| b.phones().any(|q| q == p)) {
        (Verdict::Same, Reason::Same)
    } else {
        (Verdict::Different, Reason::Different)
    }
}

fn address(a: &Person, b: &Person) -> (Verdict, Reason) {
    if a.street().is_empty() || b.street().is_empty() {
        return (Verdict::Missing, Reason::Missing);
    }
    if a.street() != b.street() {
        return (Verdict::Different, Reason::OtherAddress);
    }
    if !a.postal().is_empty() && !b.postal().is_empty() && a.postal() != b.postal() {
        return (Verdict::Similar, Reason::SameStreetOtherPostalCode);
    }
    if a.address_raw() == b.address_raw() {
        (Verdict::Same, Reason::Same)
    } else if a.street_abbreviated != b.street_abbreviated {
        (Verdict::Same, Reason::SameStreetAbbreviated)
    } else if a.address_raw().to_lowercase() == b.address_raw().to_lowercase() {
        (Verdict::Same, Reason::SameExceptCase)
    } else if same_without_accents(a.address_raw(), b.address_raw()) {
        (Verdict::Same, Reason::SameWithoutAccents)
    } else {
        // The same street and postal code, a town written otherwise.
        (Verdict::Same, Reason::Same)
    }
}
