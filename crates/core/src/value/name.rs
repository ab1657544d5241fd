use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;

/// Characters a name or a town may hold besides letters and combining marks.
const NAME_PUNCTUATION: &[char] = &[' ', '-', '\'', '’', '.'];

/// A person's first or last name: letters, marks, spaces, `-`, `'`, `’`, `.`.
/// An empty cell becomes `-`, as the seed's product stores it. Borrows the
/// cell unless its spaces had to be collapsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName<'a>(Cow<'a, str>);

impl<'a> PersonName<'a> {
    /// The placeholder stored for an empty name.
    pub const EMPTY: &'static str = "-";

    /// Parses a trimmed cell; `None` when it holds a digit or a special character.
    pub fn parse(s: &'a str) -> Option<PersonName<'a>> {
        if s.is_empty() {
            return Some(PersonName(Cow::Borrowed(PersonName::EMPTY)));
        }
        name_like(s, &[]).then(|| PersonName(collapse_spaces(s)))
    }

    /// The name as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same name, owning its text.
    pub fn into_owned(self) -> PersonName<'static> {
        PersonName(Cow::Owned(self.0.into_owned()))
    }
}

/// A town: like a name, plus `/` and parentheses, which official names use
/// ("Biel/Bienne", "Frankfurt (Oder)"). No digit. Borrows the cell unless its
/// spaces had to be collapsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Town<'a>(Cow<'a, str>);

impl<'a> Town<'a> {
    /// Parses a trimmed, non-empty cell; `None` when it holds a digit or a
    /// special character.
    pub fn parse(s: &'a str) -> Option<Town<'a>> {
        name_like(s, TOWN_PUNCTUATION).then(|| Town(collapse_spaces(s)))
    }

    /// The town as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same town, owning its text.
    pub fn into_owned(self) -> Town<'static> {
        Town(Cow::Owned(self.0.into_owned()))
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

fn collapse_spaces(s: &str) -> Cow<'_, str> {
    // The usual case: single ASCII spaces already.
    let single = if s.is_ascii() {
        !s.as_bytes()
            .windows(2)
            .any(|w| w[0] == b' ' && w[1] == b' ')
            && !s.bytes().any(|b| matches!(b, b'\t'..=b'\r'))
    } else {
        !s.contains("  ") && !s.chars().any(|c| c.is_whitespace() && c != ' ')
    };
    if single {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
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

    proptest::proptest! {
        #[test]
        fn spaces_are_collapsed_as_split_whitespace_does(s in "[ a-z\t\u{a0}\u{2003}\u{e9}]{0,12}") {
            let t = s.trim();
            let rule = t.split_whitespace().collect::<Vec<_>>().join(" ");
            let collapsed = collapse_spaces(t);
            proptest::prop_assert_eq!(collapsed.as_ref(), rule.as_str());
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
