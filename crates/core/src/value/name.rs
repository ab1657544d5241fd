use unicode_normalization::char::is_combining_mark;

/// Characters a name or a town may hold besides letters and combining marks.
const NAME_PUNCTUATION: &[char] = &[' ', '-', '\'', '’', '.'];

/// A person's first or last name: letters, marks, spaces, `-`, `'`, `’`, `.`.
/// An empty cell becomes `-`, as the seed's product stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    /// The placeholder stored for an empty name.
    pub const EMPTY: &'static str = "-";

    /// Parses a trimmed cell; `None` when it holds a digit or a special character.
    pub fn parse(s: &str) -> Option<PersonName> {
        if s.is_empty() {
            return Some(PersonName(PersonName::EMPTY.to_string()));
        }
        name_like(s, &[]).then(|| PersonName(collapse_spaces(s)))
    }

    /// The name as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A town: like a name, plus `/` and parentheses, which official names use
/// ("Biel/Bienne", "Frankfurt (Oder)"). No digit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Town(String);

impl Town {
    /// Parses a trimmed, non-empty cell; `None` when it holds a digit or a
    /// special character.
    pub fn parse(s: &str) -> Option<Town> {
        name_like(s, TOWN_PUNCTUATION).then(|| Town(collapse_spaces(s)))
    }

    /// The town as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a town may hold besides a name's characters.
const TOWN_PUNCTUATION: &[char] = &['/', '(', ')'];

/// Whether `s` has a letter and only letters, combining marks,
/// [`NAME_PUNCTUATION`] and `extra`.
fn name_like(s: &str, extra: &[char]) -> bool {
    if s.is_ascii() {
        // Most cells: bytes, without decoding or Unicode tables (an ASCII
        // character is alphabetic exactly when it is an ASCII letter, and
        // never a combining mark).
        let allowed = |b: u8| {
            b.is_ascii_alphabetic()
                || NAME_PUNCTUATION.contains(&char::from(b))
                || extra.contains(&char::from(b))
        };
        let b = s.as_bytes();
        return b.iter().any(u8::is_ascii_alphabetic) && b.iter().all(|&c| allowed(c));
    }
    name_like_by_chars(s, extra)
}

/// [`name_like`] character by character: the rule itself.
fn name_like_by_chars(s: &str, extra: &[char]) -> bool {
    s.chars().any(char::is_alphabetic)
        && s.chars().all(|c| {
            c.is_alphabetic()
                || is_combining_mark(c)
                || NAME_PUNCTUATION.contains(&c)
                || extra.contains(&c)
        })
}

fn collapse_spaces(s: &str) -> String {
    // The usual case: single ASCII spaces already.
    if !s.contains("  ") && !s.chars().any(|c| c.is_whitespace() && c != ' ') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in [
            "Jean",
            "Anne-Sophie",
            "O'Neil",
            "D’Alembert",
            "St. John",
            "Müller",
            "Zoë",
            "Ååse",
            "Łukasz",
            "Nguyễn",
            "e\u{301}lodie",
        ] {
            assert!(PersonName::parse(ok).is_some(), "{ok}");
        }
        for bad in ["J3an", "Jean!", "Jean_Paul", "@home", "Anna (Mimi)", "---"] {
            assert!(PersonName::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(PersonName::parse("").unwrap().as_str(), "-");
        assert_eq!(
            PersonName::parse("Anne   Marie").unwrap().as_str(),
            "Anne Marie"
        );
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_shortcut_decides_as_the_rule(s in "[ -~\t\u{e9}\u{2019}]{0,12}") {
            proptest::prop_assert_eq!(name_like(&s, &[]), name_like_by_chars(&s, &[]));
            proptest::prop_assert_eq!(
                name_like(&s, TOWN_PUNCTUATION),
                name_like_by_chars(&s, TOWN_PUNCTUATION)
            );
        }
    }

    #[test]
    fn towns() {
        for ok in [
            "Genève",
            "La Chaux-de-Fonds",
            "Biel/Bienne",
            "Frankfurt (Oder)",
            "St. Gallen",
        ] {
            assert!(Town::parse(ok).is_some(), "{ok}");
        }
        for bad in ["Paris 16", "Zürich#", "1000", "Lausanne, VD"] {
            assert!(Town::parse(bad).is_none(), "{bad}");
        }
    }
}
