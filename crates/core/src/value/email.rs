use std::borrow::Cow;
use std::fmt;

/// A well-formed email address (`local@domain.tld`), its domain lower-cased.
///
/// Stricter than RFC 5322 on purpose: no quoted local parts, no IP literals, no
/// dot-less domains. A CRM wants addresses that mail really reaches.
///
/// It borrows the cell it was parsed from when that is already its stored
/// form (most addresses): checking a file allocates nothing for them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email<'a> {
    text: Cow<'a, str>,
    at: usize,
    /// The text is its own comparison key (ASCII without upper case).
    own_key: bool,
}

/// Why a text is not an email address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailError {
    /// No `@`, or more than one.
    At,
    /// Nothing before the `@`, or a character not allowed there.
    Local,
    /// The part after the `@` is not `domain.tld`.
    Domain,
    /// Spaces inside the address.
    Space,
    /// Longer than 254 characters.
    TooLong,
}

const LOCAL_SPECIALS: &str = ".!#$%&'*+/=?^_`{|}~-";

/// Byte classes of an address's ASCII characters, so that one pass over
/// its bytes answers every question about them.
const SPACE: u8 = 1;
const LOCAL: u8 = 2;
const LABEL: u8 = 4;
const ALPHA: u8 = 8;
const NON_ASCII: u8 = 16;
const UPPER: u8 = 32;
const AT: u8 = 64;

const CLASSES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let mut k = 0;
        // `char::is_whitespace` on ASCII (`u8::is_ascii_whitespace` leaves
        // out the vertical tab).
        if matches!(c, b' ' | b'\t'..=b'\r') {
            k |= SPACE;
        }
        if c.is_ascii_alphanumeric() {
            k |= LOCAL | LABEL;
        }
        if c.is_ascii_alphabetic() {
            k |= ALPHA;
        }
        if c == b'-' {
            k |= LABEL;
        }
        let specials = LOCAL_SPECIALS.as_bytes();
        let mut i = 0;
        while i < specials.len() {
            if specials[i] == c {
                k |= LOCAL;
            }
            i += 1;
        }
        if c >= 0x80 {
            k |= NON_ASCII;
        }
        if c.is_ascii_uppercase() {
            k |= UPPER;
        }
        if c == b'@' {
            k |= AT;
        }
        t[b] = k;
        b += 1;
    }
    t
};

fn class(b: u8) -> u8 {
    CLASSES[usize::from(b)]
}

impl<'a> Email<'a> {
    /// Parses a trimmed cell.
    ///
    /// ```
    /// use intake_core::value::Email;
    ///
    /// let email = Email::parse("Ana.Lind@Example.CH").unwrap();
    /// assert_eq!(email.key(), "ana.lind@example.ch");
    /// assert!(Email::parse("ana.lind@").is_err());
    /// assert!(Email::parse("ana lind@example.ch").is_err());
    /// ```
    pub fn parse(s: &'a str) -> Result<Email<'a>, EmailError> {
        // One pass over each part gathers what the rule asks of its bytes
        // (their classes, two dots in a row, an `@` after the first), and
        // the rule is judged on that in its order; the domain, a few bytes,
        // is then judged label by label.
        let b = s.as_bytes();
        let (mut seen, mut every) = (0u8, LOCAL);
        let (mut previous, mut dots) = (0u8, false);
        let mut at = None;
        for (i, &c) in b.iter().enumerate() {
            if c == b'@' {
                at = Some(i);
                break;
            }
            let k = class(c);
            seen |= k;
            every &= k;
            dots |= c == b'.' && previous == b'.';
            previous = c;
        }
        let local = &b[..at.unwrap_or(b.len())];
        let domain = at.map_or(&b[b.len()..], |i| &b[i + 1..]);
        let mut in_domain = 0u8;
        for &c in domain {
            in_domain |= class(c);
        }
        let own_key = (seen | in_domain) & (UPPER | NON_ASCII) == 0;
        seen |= in_domain;
        if seen & SPACE != 0 || seen & NON_ASCII != 0 && s.chars().any(char::is_whitespace) {
            return Err(EmailError::Space);
        }
        if s.len() > 254 {
            return Err(EmailError::TooLong);
        }
        if at.is_none() || in_domain & AT != 0 {
            return Err(EmailError::At);
        }
        let local_ok = matches!(
            (local.first(), local.last()),
            (Some(&first), Some(&last)) if first != b'.' && last != b'.'
        ) && every & LOCAL != 0
            && local.len() <= 64
            && !dots;
        if !local_ok {
            return Err(EmailError::Local);
        }
        // Both parts end at the `@`, an ASCII byte: char boundaries.
        let (local, domain) = (&s[..local.len()], &s[local.len() + 1..]);
        if !domain_ok(domain, in_domain & NON_ASCII == 0) {
            return Err(EmailError::Domain);
        }
        let text = if in_domain & (UPPER | NON_ASCII) != 0 {
            Cow::Owned(format!("{local}@{}", domain.to_lowercase()))
        } else {
            Cow::Borrowed(s)
        };
        Ok(Email {
            at: local.len(),
            text,
            own_key,
        })
    }

    /// The same address, owning its text.
    pub fn into_owned(self) -> Email<'static> {
        Email {
            text: Cow::Owned(self.text.into_owned()),
            at: self.at,
            own_key: self.own_key,
        }
    }

    /// The address as stored (domain lower-cased).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The comparison key: the whole address lower-cased. Two rows whose keys
    /// are equal are the same address.
    pub fn key(&self) -> String {
        if self.text.is_ascii() {
            self.text.to_ascii_lowercase()
        } else {
            self.text.to_lowercase()
        }
    }

    /// [`Email::key`]: the address itself when it is its own key (most
    /// are), else written into `buf` (as [`Email::key_into`]).
    pub fn key_in<'b>(&'b self, buf: &'b mut String) -> &'b str {
        if self.own_key {
            return &self.text;
        }
        self.key_into(buf);
        buf
    }

    /// Writes [`Email::key`] into `buf` (emptied first), without allocating
    /// when `buf` is large enough.
    pub fn key_into(&self, buf: &mut String) {
        buf.clear();
        if self.text.is_ascii() {
            buf.push_str(&self.text);
            buf.make_ascii_lowercase();
        } else {
            buf.extend(self.text.chars().flat_map(char::to_lowercase));
        }
    }

    /// The domain part.
    pub fn domain(&self) -> &str {
        &self.text[self.at + 1..]
    }
}

/// An ASCII label of a domain: 1 to 63 bytes, no `-` at either end (its
/// bytes are checked apart).
fn label_ok(l: &[u8]) -> bool {
    match (l.first(), l.last()) {
        (Some(&first), Some(&last)) => l.len() <= 63 && first != b'-' && last != b'-',
        _ => false,
    }
}

/// Not empty, at most 64 bytes, letters, digits and [`LOCAL_SPECIALS`]
/// only, no dot at either end nor two in a row.
#[cfg(test)]
fn local_ok(local: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (local.first(), local.last()) else {
        return false;
    };
    if local.len() > 64 || first == b'.' || last == b'.' {
        return false;
    }
    let mut previous = 0u8;
    for &b in local {
        if class(b) & LOCAL == 0 || b == b'.' && previous == b'.' {
            return false;
        }
        previous = b;
    }
    true
}

/// Whether `domain` (`ascii`: it is all ASCII, which the caller knows
/// already) is `label.label…tld`, labels of letters, digits and inner `-`.
fn domain_ok(domain: &str, ascii: bool) -> bool {
    if !domain.bytes().any(|b| b == b'.') || domain.len() > 253 {
        return false;
    }
    if ascii {
        return ascii_domain_ok(domain.as_bytes());
    }
    domain_ok_by_chars(domain)
}

/// [`domain_ok`] for an ASCII domain, on bytes and in one pass: a character
/// is one byte, and alphanumeric exactly when it is an ASCII letter or digit.
fn ascii_domain_ok(domain: &[u8]) -> bool {
    let mut start = 0;
    for (i, &b) in domain.iter().enumerate() {
        if b == b'.' {
            if !label_ok(&domain[start..i]) {
                return false;
            }
            start = i + 1;
        } else if class(b) & LABEL == 0 {
            return false;
        }
    }
    let tld = &domain[start..];
    label_ok(tld)
        && (tld.len() >= 2 && tld.iter().all(|&b| class(b) & ALPHA != 0)
            || tld.starts_with(b"xn--"))
}

fn domain_ok_by_chars(domain: &str) -> bool {
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.chars().count() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let dot = |c: char| c == '.';
    let tld = domain.rsplit(dot).next().unwrap_or("");
    domain.split(dot).all(label_ok)
        && (tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic)
            || tld.starts_with("xn--"))
}

impl fmt::Display for Email<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_real_addresses() {
        for ok in [
            "ana@example.ch",
            "Jean.Dupont@Example.FR",
            "o'neil+tickets@mail.theatre.co.uk",
            "a_b-c@sub-domain.example.museum",
            "hans@müller.de",
            "x@xn--mller-kva.de",
        ] {
            assert!(Email::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            Email::parse("Jean.Dupont@Example.FR").unwrap().as_str(),
            "Jean.Dupont@example.fr"
        );
        assert_eq!(
            Email::parse("Jean.Dupont@Example.FR").unwrap().key(),
            "jean.dupont@example.fr"
        );
    }

    #[test]
    fn labels_and_top_level_domains_at_their_limits() {
        let label = |n: usize| "a".repeat(n);
        for (domain, ok) in [
            (format!("{}.ch", label(63)), true),
            (format!("{}.ch", label(64)), false),
            ("b.xn--p1ai".to_string(), true),
            ("b.xn--".to_string(), false),
            ("b.c1".to_string(), false),
        ] {
            assert_eq!(domain_ok(&domain, domain.is_ascii()), ok, "{domain}");
            assert_eq!(domain_ok_by_chars(&domain), ok, "{domain}");
        }
    }

    #[test]
    fn rejects_what_mail_would_not_reach() {
        let cases = [
            ("ana.example.ch", EmailError::At),
            ("ana@@example.ch", EmailError::At),
            ("a@b@example.ch", EmailError::At),
            ("@example.ch", EmailError::Local),
            (".ana@example.ch", EmailError::Local),
            ("ana..b@example.ch", EmailError::Local),
            ("\"ana\"@example.ch", EmailError::Local),
            ("ana@localhost", EmailError::Domain),
            ("ana@example", EmailError::Domain),
            ("ana@example.c", EmailError::Domain),
            ("ana@example.123", EmailError::Domain),
            ("ana@-example.ch", EmailError::Domain),
            ("ana@example..ch", EmailError::Domain),
            ("ana@[127.0.0.1]", EmailError::Domain),
            ("ana @example.ch", EmailError::Space),
        ];
        for (bad, why) in cases {
            assert_eq!(Email::parse(bad), Err(why), "{bad}");
        }
    }

    /// The rule part by part, as first written: what the one pass of
    /// [`Email::parse`] must decide alike.
    fn by_parts(s: &str) -> Result<String, EmailError> {
        if s.chars().any(char::is_whitespace) {
            return Err(EmailError::Space);
        }
        if s.len() > 254 {
            return Err(EmailError::TooLong);
        }
        let at = s.find('@').ok_or(EmailError::At)?;
        let (local, domain) = (&s[..at], &s[at + 1..]);
        if domain.contains('@') {
            return Err(EmailError::At);
        }
        if !local_ok(local.as_bytes()) {
            return Err(EmailError::Local);
        }
        if !domain_ok_by_chars(domain) || !domain.contains('.') || domain.len() > 253 {
            return Err(EmailError::Domain);
        }
        Ok(format!("{local}@{}", domain.to_lowercase()))
    }

    proptest! {
        #[test]
        fn one_pass_decides_as_part_by_part(
            s in "[a-zA-Z0-9.@_+-]{0,20}|[a-z.-]{1,8}@[a-zA-Z0-9\u{e9}\u{c4}.-]{0,12}|[ -~\u{a0}\u{e9}]{0,16}"
        ) {
            let parsed = Email::parse(&s).map(|e| e.as_str().to_string());
            prop_assert_eq!(parsed, by_parts(&s));
        }

        #[test]
        fn the_key_written_into_a_buffer_is_the_key(
            s in "[A-Za-z0-9.]{1,10}@[A-Za-z\u{c4}\u{d6}\u{dc}\u{e4}\u{f6}\u{fc}\u{e9}]{1,10}\\.[A-Za-z]{2,6}",
            stale in "\\PC{0,20}",
        ) {
            let e = Email::parse(&s);
            prop_assume!(e.is_ok());
            let e = e.unwrap();
            let mut buf = stale.clone();
            e.key_into(&mut buf);
            prop_assert_eq!(&buf, &e.key());
            // The address itself when it is its own key, else the buffer.
            let mut other = stale;
            prop_assert_eq!(e.key_in(&mut other), e.key());
        }

        #[test]
        fn an_address_is_its_own_key_only_when_it_is_the_key(
            s in "[A-Za-z0-9.]{1,10}@[a-z\u{e9}]{1,10}\\.[a-zA-Z]{2,3}",
        ) {
            let e = Email::parse(&s);
            prop_assume!(e.is_ok());
            let e = e.unwrap();
            let mut buf = String::new();
            prop_assert_eq!(e.key_in(&mut buf), e.key());
        }

        #[test]
        fn an_ascii_domain_is_judged_as_by_characters(
            s in "(((xn--)?[a-zA-Z0-9_-]{0,66}|[a-z]{60,66})\\.){0,3}((xn--)?[a-zA-Z0-9_-]{0,66}|[a-z]{60,66})"
        ) {
            prop_assert_eq!(ascii_domain_ok(s.as_bytes()), domain_ok_by_chars(&s));
        }

        #[test]
        fn the_ascii_space_test_is_char_is_whitespace(c in 0u8..0x80) {
            let s = format!("a{}b@example.ch", char::from(c));
            prop_assert_eq!(
                Email::parse(&s) == Err(EmailError::Space),
                char::from(c).is_whitespace()
            );
        }

        #[test]
        fn parse_never_panics_and_is_idempotent(s in "\\PC{0,40}") {
            if let Ok(e) = Email::parse(&s) {
                let again = Email::parse(e.as_str()).unwrap();
                prop_assert_eq!(again.as_str(), e.as_str());
                prop_assert!(e.as_str().contains('@'));
            }
        }

        #[test]
        fn generated_addresses_are_accepted(
            local in "[a-z0-9]{1,10}(\\.[a-z0-9]{1,5})?",
            domain in "[a-z0-9]{1,10}",
            tld in "[a-z]{2,6}",
        ) {
            let text = format!("{local}@{domain}.{tld}");
            prop_assert!(Email::parse(&text).is_ok());
        }
    }
}
