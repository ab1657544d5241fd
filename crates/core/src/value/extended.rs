//! Values of the extended format: contact numbers, consents, and the
//! normalised keys that find a structure again despite case, accents, spaces
//! and abbreviations.

use std::fmt;

/// A contact number: digits only, at least 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContactNumber(i64);

impl ContactNumber {
    /// Parses `"001234"` (leading zeros allowed, nothing but digits, at most
    /// 15 of them).
    pub fn parse(s: &str) -> Option<ContactNumber> {
        let s = s.trim();
        if s.is_empty() || s.len() > 15 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse::<i64>().ok().filter(|n| *n > 0).map(ContactNumber)
    }

    /// The number.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for ContactNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Parses a consent: yes or no in French, German, English or Italian
/// (Y/N, 1/0, oui/non, ja/nein, si/no, true/false, vrai/faux…).
pub fn parse_consent(s: &str) -> Option<bool> {
    let folded = deunicode::deunicode(s.trim()).to_lowercase();
    match folded.as_str() {
        "y" | "yes" | "1" | "true" | "x" | "o" | "oui" | "vrai" | "j" | "ja" | "wahr" | "s"
        | "si" | "vero" => Some(true),
        "n" | "no" | "0" | "false" | "non" | "faux" | "nein" | "falsch" | "falso" => Some(false),
        _ => None,
    }
}

/// A reference-data code (criterion, element, structure type,
/// authorization): trimmed, upper case.
pub fn code(s: &str) -> String {
    s.trim().to_uppercase()
}

/// Common abbreviations of structure names and street lines, expanded so
/// that "Ste" and "Sainte", "Av." and "Avenue" compare equal.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("st", "saint"),
    ("ste", "sainte"),
    ("r", "rue"),
    ("av", "avenue"),
    ("ave", "avenue"),
    ("bd", "boulevard"),
    ("bld", "boulevard"),
    ("blvd", "boulevard"),
    ("ch", "chemin"),
    ("pl", "place"),
    ("rte", "route"),
    ("str", "strasse"),
    ("rd", "road"),
    ("assoc", "association"),
    ("asso", "association"),
    ("ass", "association"),
    ("cie", "compagnie"),
    ("co", "company"),
    ("ctr", "centre"),
    ("center", "centre"),
    ("th", "theatre"),
    ("univ", "universite"),
    ("ec", "ecole"),
];

/// A comparison key: lower case, accents removed, punctuation as spaces,
/// abbreviations expanded, spaces collapsed ("Théâtre  St-Gervais" →
/// "theatre saint gervais").
pub fn comparison_key(s: &str) -> String {
    let ascii = deunicode::deunicode(s)
        .to_lowercase()
        .replace("strasse", " strasse");
    let mut out = String::with_capacity(ascii.len());
    for word in ascii.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        // "Bahnhofstr." is "Bahnhof strasse".
        let (word, tail) = match word.strip_suffix("str") {
            Some(stem) if !stem.is_empty() => (stem, Some("strasse")),
            _ => (word, None),
        };
        let word = ABBREVIATIONS
            .iter()
            .find(|(short, _)| *short == word)
            .map_or(word, |(_, long)| long);
        for w in std::iter::once(word).chain(tail) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numbers() {
        assert_eq!(ContactNumber::parse("000123").map(|n| n.get()), Some(123));
        assert_eq!(ContactNumber::parse("12a"), None);
        assert_eq!(ContactNumber::parse("0"), None);
        assert_eq!(ContactNumber::parse("-5"), None);
        assert_eq!(ContactNumber::parse("1234567890123456"), None);
    }

    #[test]
    fn consents_in_four_languages() {
        for yes in ["Y", "oui", "Ja", "sì", "TRUE", "1"] {
            assert_eq!(parse_consent(yes), Some(true), "{yes}");
        }
        for no in ["n", "NON", "nein", "no", "false", "0"] {
            assert_eq!(parse_consent(no), Some(false), "{no}");
        }
        assert_eq!(parse_consent("maybe"), None);
    }

    #[test]
    fn keys_ignore_case_accents_spaces_and_abbreviations() {
        assert_eq!(
            comparison_key("Théâtre  St-Gervais"),
            comparison_key("THEATRE SAINT GERVAIS")
        );
        assert_eq!(
            comparison_key("12, Av. de la Gare"),
            comparison_key("12 avenue de la gare")
        );
        assert_eq!(
            comparison_key("Bahnhofstr. 3"),
            comparison_key("Bahnhofstrasse 3")
        );
        assert_ne!(comparison_key("Théâtre A"), comparison_key("Théâtre B"));
    }

    proptest! {
        #[test]
        fn keys_are_idempotent(s in "\\PC{0,30}") {
            let k = comparison_key(&s);
            prop_assert_eq!(comparison_key(&k), k.clone());
        }
    }
}
