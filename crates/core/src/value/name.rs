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
        name_text(s, &[]).map(PersonName)
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
        name_text(s, TOWN_PUNCTUATION).map(Town)
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

/// `s` as a name or town is stored (runs of spaces made one), when it has a
/// letter and only letters, combining marks, [`NAME_PUNCTUATION`] and
/// `extra`: the rules `name_like` and `collapse_spaces` (kept in the tests)
/// in one pass over `s`.
fn name_text<'a>(s: &'a str, extra: &[char]) -> Option<Cow<'a, str>> {
    // Two kinds of names: people's and towns'.
    let table = if extra.is_empty() {
        &NAME_BYTES
    } else {
        debug_assert!(
            extra == TOWN_PUNCTUATION,
            "a name's extra characters: {extra:?}"
        );
        &TOWN_BYTES
    };
    let (letter, runs) = match ascii_name(s.as_bytes(), table) {
        AsciiName::Name { letter, runs } => (letter, runs),
        AsciiName::Refused => return None,
        AsciiName::NotAscii => chars_name(s, extra)?,
    };
    if !letter {
        return None;
    }
    // The only space a name may hold is ' ' (letters, marks and the
    // punctuation are not spaces): runs of it are all there is to collapse.
    Some(if runs {
        Cow::Owned(
            s.split(' ')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
        )
    } else {
        Cow::Borrowed(s)
    })
}

/// What a byte is in a name: a letter, allowed, beyond ASCII, or refused (0).
const LETTER: u8 = 2;
const ALLOWED: u8 = 1;
const BEYOND_ASCII: u8 = 4;

const fn name_bytes(extra: &[char]) -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphabetic() {
            t[b] = LETTER;
        }
        if c >= 0x80 {
            t[b] = BEYOND_ASCII;
        }
        b += 1;
    }
    let mut i = 0;
    while i < NAME_PUNCTUATION.len() {
        if NAME_PUNCTUATION[i].is_ascii() {
            t[NAME_PUNCTUATION[i] as usize] = ALLOWED;
        }
        i += 1;
    }
    let mut i = 0;
    while i < extra.len() {
        if extra[i].is_ascii() {
            t[extra[i] as usize] = ALLOWED;
        }
        i += 1;
    }
    t
}

const NAME_BYTES: [u8; 256] = name_bytes(&[]);
const TOWN_BYTES: [u8; 256] = name_bytes(TOWN_PUNCTUATION);

/// What the bytes of a name say.
enum AsciiName {
    /// ASCII only, every byte allowed: whether it has a letter and runs of
    /// spaces.
    Name { letter: bool, runs: bool },
    /// ASCII only, a byte not allowed.
    Refused,
    /// Beyond ASCII: to be judged character by character.
    NotAscii,
}

/// A name's bytes in one pass without an early exit (names are short, and
/// a branch a byte costs more than the bytes after a refused one).
fn ascii_name(b: &[u8], table: &[u8; 256]) -> AsciiName {
    let (mut seen, mut refused, mut runs, mut previous) = (0u8, false, false, 0u8);
    for &c in b {
        let k = table[usize::from(c)];
        seen |= k;
        refused |= k == 0;
        runs |= c == b' ' && previous == b' ';
        previous = c;
    }
    if seen & BEYOND_ASCII != 0 {
        AsciiName::NotAscii
    } else if refused {
        AsciiName::Refused
    } else {
        AsciiName::Name {
            letter: seen & LETTER != 0,
            runs,
        }
    }
}

/// [`ascii_name`] character by character, for names beyond ASCII.
fn chars_name(s: &str, extra: &[char]) -> Option<(bool, bool)> {
    let (mut letter, mut previous, mut runs) = (false, '\0', false);
    for c in s.chars() {
        let allowed = if c.is_ascii_alphabetic() || latin_letter(c) {
            letter = true;
            true
        } else if c.is_ascii() {
            NAME_PUNCTUATION.contains(&c) || extra.contains(&c)
        } else if c.is_alphabetic() {
            letter = true;
            true
        } else {
            is_combining_mark(c) || NAME_PUNCTUATION.contains(&c) || extra.contains(&c)
        };
        if !allowed {
            return None;
        }
        runs |= c == ' ' && previous == ' ';
        previous = c;
    }
    Some((letter, runs))
}

/// Letters of Latin-1 and Latin Extended-A and B (U+00C0 to U+024F but
/// `×` and `÷`): every one is alphabetic, found without Unicode tables.
fn latin_letter(c: char) -> bool {
    ('\u{c0}'..='\u{24f}').contains(&c) && c != '×' && c != '÷'
}

/// Whether `s` has a letter and only letters, combining marks,
/// [`NAME_PUNCTUATION`] and `extra`.
#[cfg(test)]
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

/// [`name_like`] character by character: the rule itself, which the one
/// pass of [`name_text`] is proven equal to.
#[cfg(test)]
fn name_like_by_chars(s: &str, extra: &[char]) -> bool {
    s.chars().any(char::is_alphabetic)
        && s.chars().all(|c| {
            c.is_alphabetic()
                || is_combining_mark(c)
                || NAME_PUNCTUATION.contains(&c)
                || extra.contains(&c)
        })
}

#[cfg(test)]
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

    #[test]
    fn latin_letters_are_alphabetic() {
        for c in '\u{c0}'..='\u{24f}' {
            assert_eq!(latin_letter(c), c.is_alphabetic(), "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_decides_and_stores_as_the_rule(
            s in "[ -~\t\u{a0}\u{b7}-\u{250}\u{300}-\u{36f}\u{2019}\u{3b1}\u{4e00}]{0,12}"
        ) {
            for extra in [&[][..], TOWN_PUNCTUATION] {
                let rule = name_like_by_chars(&s, extra).then(|| collapse_spaces(&s));
                proptest::prop_assert_eq!(name_text(&s, extra), rule);
            }
        }

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
