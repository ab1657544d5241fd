//! Values of the extended format: contact numbers, phones, consents, and the
//! normalised keys that find a structure again despite case, accents, spaces
//! and abbreviations.

use std::fmt;

use crate::country::Country;

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

/// A phone number in E.164 form (`+41791234567`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Parses a phone number as people write it (`079 123 45 67`,
    /// `0041 79 123 45 67`, `+41 (0)79 123 45 67`), with the row's country as
    /// the region of numbers written without a country code. `None` when it
    /// is not a valid number of that region (or, without a country, not
    /// written in international form).
    pub fn parse(raw: &str, region: Option<Country>) -> Option<Phone> {
        let raw = raw.trim();
        // The library panics on nothing but is slow on garbage: refuse what
        // cannot be a phone number at once.
        if raw.is_empty()
            || raw.len() > 40
            || !raw
                .chars()
                .all(|c| c.is_ascii_digit() || " +-./()".contains(c))
        {
            return None;
        }
        let digits = raw.chars().filter(char::is_ascii_digit).count();
        if !(4..=17).contains(&digits) {
            return None;
        }
        let raw = match raw.strip_prefix("00") {
            Some(rest) => format!("+{rest}"),
            None => raw.to_string(),
        };
        let id = region.and_then(|c| c.alpha2().parse::<phonenumber::country::Id>().ok());
        let number = phonenumber::parse(id, &raw).ok()?;
        if !phonenumber::is_valid(&number) {
            return None;
        }
        Some(Phone(
            number.format().mode(phonenumber::Mode::E164).to_string(),
        ))
    }

    /// The E.164 form.
    pub fn as_str(&self) -> &str {
        &self.0
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
    fn phones_become_e164_with_the_rows_country() {
        let ch = Country::parse("CH").ok();
        let fr = Country::parse("FR").ok();
        assert_eq!(
            Phone::parse("079 123 45 67", ch).map(|p| p.0),
            Some("+41791234567".into())
        );
        assert_eq!(
            Phone::parse("0041 79 123 45 67", None).map(|p| p.0),
            Some("+41791234567".into())
        );
        assert_eq!(
            Phone::parse("+41 (0)21 312 34 56", fr).map(|p| p.0),
            Some("+41213123456".into())
        );
        assert_eq!(
            Phone::parse("01 42 68 53 00", fr).map(|p| p.0),
            Some("+33142685300".into())
        );
        assert_eq!(Phone::parse("079 123 45 67", None), None);
        assert_eq!(Phone::parse("12", ch), None);
        assert_eq!(Phone::parse("call me", ch), None);
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
        fn phone_parsing_never_panics(s in "\\PC{0,30}") {
            let _ = Phone::parse(&s, Country::parse("CH").ok());
        }

        #[test]
        fn keys_are_idempotent(s in "\\PC{0,30}") {
            let k = comparison_key(&s);
            prop_assert_eq!(comparison_key(&k), k.clone());
        }
    }
}
