//! Two people compared field by field, each field's verdict weighed by a
//! fixed Fellegi–Sunter model (see [`MODEL`]), and the household rule.

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

/// The weights of the fixed model: for each field, the log₂ of the
/// likelihood ratio m/u of each verdict: how much more often a pair of
/// records of one person shows it (m) than a pair of two people (u). A
/// birth date is shared by chance once in about 20,000 pairs and kept by
/// 19 duplicates in 20 (+14); a first name once in a hundred (+6.5); an
/// e-mail or a phone almost never but a household (whom the household rule
/// takes apart). A pair's score is `1 / (1 + 2^-(prior + Σ weights))`,
/// the prior being [`prior`]. Fixed by hand from what a box office knows
/// (people change e-mails and move more often than birth dates; a first
/// name that differs is another person), never tuned on a file that is
/// reported.
pub struct Model {
    /// Weights of (same, similar, different) per field; a missing value
    /// weighs 0.
    pub weights: [(Field, [f64; 3]); 7],
}

/// The model intake scores with.
pub const MODEL: Model = Model {
    weights: [
        (Field::Email, [18.0, 6.0, -1.3]),
        (Field::FirstName, [6.5, 4.0, -4.5]),
        (Field::LastName, [9.0, 6.0, -3.3]),
        (Field::StructureName, [12.0, 8.0, -6.0]),
        (Field::Birthdate, [14.0, 7.0, -6.0]),
        (Field::Phone, [15.0, 0.0, -1.3]),
        (Field::Address, [10.0, 5.0, -1.7]),
    ],
};

/// The log₂ prior odds that two people of a search among `people` are one:
/// one person in twenty has a duplicate, so of the n²/2 pairs, n/20 are
/// one person; a search among fewer than 10,000 people is judged as one
/// among 10,000 (a small file is no reason to believe weaker evidence).
pub fn prior(people: usize) -> f64 {
    (0.1 / people.max(10_000) as f64).log2()
}

/// The score of a household pair at most: never a likely duplicate.
pub const HOUSEHOLD_SCORE: f64 = 0.05;

impl Model {
    fn weight(&self, field: Field, verdict: Verdict) -> f64 {
        let Some((_, w)) = self.weights.iter().find(|(f, _)| *f == field) else {
            return 0.0;
        };
        match verdict {
            Verdict::Same => w[0],
            Verdict::Similar => w[1],
            Verdict::Different => w[2],
            Verdict::Missing => 0.0,
        }
    }
}

/// Compares two people; `None` when one is a structure and the other an
/// individual (never one contact).
/// The `prior` is [`prior`] of the number of people searched.
pub fn compare<'a>(a: &'a Person, b: &'a Person, prior: f64) -> Option<Comparison<'a>> {
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
    fields.push(field(Field::Email, email(a, b), &a.email, &b.email));
    if a.structure {
        fields.push(field(
            Field::StructureName,
            name(&a.last, &b.last, false),
            &a.last.raw,
            &b.last.raw,
        ));
    } else {
        let (first, last) = names(a, b);
        fields.push(field(Field::FirstName, first, &a.first.raw, &b.first.raw));
        fields.push(field(Field::LastName, last, &a.last.raw, &b.last.raw));
        fields.push(field(
            Field::Birthdate,
            birthdate(a, b),
            &a.birth_raw,
            &b.birth_raw,
        ));
    }
    fields.push(field(
        Field::Phone,
        phone(a, b),
        &a.phones_raw,
        &b.phones_raw,
    ));
    fields.push(field(
        Field::Address,
        address(a, b),
        &a.address_raw,
        &b.address_raw,
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
    let weight: f64 = prior
        + fields
            .iter()
            .map(|c| MODEL.weight(c.field, c.verdict))
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
    if a.email.is_empty() || b.email.is_empty() {
        (Verdict::Missing, Reason::Missing)
    } else if a.email == b.email {
        (Verdict::Same, Reason::Same)
    } else if a.email_lower == b.email_lower {
        (Verdict::Same, Reason::SameExceptCase)
    } else if a.email_local().is_some() && a.email_local() == b.email_local() {
        (Verdict::Similar, Reason::OtherDomain)
    } else {
        (Verdict::Different, Reason::Different)
    }
}

/// First and last names, straight or swapped.
fn names(a: &Person, b: &Person) -> ((Verdict, Reason), (Verdict, Reason)) {
    let first = name(&a.first, &b.first, true);
    let last = name(&a.last, &b.last, false);
    let differ = |v: Verdict| v == Verdict::Different;
    if differ(first.0) && differ(last.0) {
        let crossed_first = name(&a.first, &b.last, false);
        let crossed_last = name(&a.last, &b.first, false);
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

fn name(a: &Name, b: &Name, given: bool) -> (Verdict, Reason) {
    if a.is_empty() || b.is_empty() {
        return (Verdict::Missing, Reason::Missing);
    }
    if a.raw == b.raw {
        return (Verdict::Same, Reason::Same);
    }
    if a.raw.to_lowercase() == b.raw.to_lowercase() {
        return (Verdict::Same, Reason::SameExceptCase);
    }
    if same_without_accents(&a.raw, &b.raw) {
        return (Verdict::Same, Reason::SameWithoutAccents);
    }
    if a.compact == b.compact {
        return (Verdict::Similar, Reason::Spelling);
    }
    if given && other_gender(&a.compact, &b.compact) {
        // Jean and Jeanne, Paolo and Paola: a couple, not a typo.
        return (Verdict::Different, Reason::Different);
    }
    let (short, long) = if a.folded.len() <= b.folded.len() {
        (a, b)
    } else {
        (b, a)
    };
    if given && short.compact.len() == 1 && long.compact.starts_with(&short.compact) {
        return (Verdict::Similar, Reason::Initial);
    }
    let words: Vec<&str> = long.folded.split(' ').collect();
    if short
        .folded
        .split(' ')
        .all(|w| w.len() >= 2 && words.contains(&w))
    {
        return (Verdict::Similar, Reason::OneHoldsTheOther);
    }
    let edits = strsim::damerau_levenshtein(&a.compact, &b.compact);
    let len = a.compact.len().min(b.compact.len());
    if (len >= 4 && edits <= 1) || (len >= 8 && edits <= 2) {
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
    if a.phones.is_empty() || b.phones.is_empty() {
        (Verdict::Missing, Reason::Missing)
    } else if a.phones.iter().any(|p| b.phones.contains(p)) {
        (Verdict::Same, Reason::Same)
    } else {
        (Verdict::Different, Reason::Different)
    }
}

fn address(a: &Person, b: &Person) -> (Verdict, Reason) {
    if a.street.is_empty() || b.street.is_empty() {
        return (Verdict::Missing, Reason::Missing);
    }
    if a.street != b.street {
        return (Verdict::Different, Reason::OtherAddress);
    }
    if !a.postal.is_empty() && !b.postal.is_empty() && a.postal != b.postal {
        return (Verdict::Similar, Reason::SameStreetOtherPostalCode);
    }
    if a.address_raw == b.address_raw {
        (Verdict::Same, Reason::Same)
    } else if a.street_abbreviated != b.street_abbreviated {
        (Verdict::Same, Reason::SameStreetAbbreviated)
    } else if a.address_raw.to_lowercase() == b.address_raw.to_lowercase() {
        (Verdict::Same, Reason::SameExceptCase)
    } else if same_without_accents(&a.address_raw, &b.address_raw) {
        (Verdict::Same, Reason::SameWithoutAccents)
    } else {
        // The same street and postal code, a town written otherwise.
        (Verdict::Same, Reason::Same)
    }
}
