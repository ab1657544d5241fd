use std::borrow::Cow;

use crate::country::Country;

/// A postal code that fits its country's format, normalised (upper case,
/// country prefix such as `CH-` or `D-` removed, the usual inner space or dash).
/// Borrows the cell when it is written in that form already.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostalCode<'a>(Cow<'a, str>);

/// One country's shape: `N` a digit, `A` a letter, anything else literal.
struct Shape {
    country: &'static str,
    /// Accepted shapes after normalisation; the first is the canonical one.
    patterns: &'static [&'static str],
    /// Inclusive numeric range of the leading digits, when the format has one.
    range: Option<(u32, u32)>,
    /// Prefixes people write before the code (`CH-1003`).
    prefixes: &'static [&'static str],
    example: &'static str,
}

const SHAPES: &[Shape] = &[
    Shape {
        country: "CH",
        patterns: &["NNNN"],
        range: Some((1000, 9699)),
        prefixes: &["CH-", "CH "],
        example: "1003",
    },
    Shape {
        country: "LI",
        patterns: &["NNNN"],
        range: Some((9485, 9498)),
        prefixes: &["FL-", "LI-"],
        example: "9490",
    },
    Shape {
        country: "DE",
        patterns: &["NNNNN"],
        range: Some((1001, 99998)),
        prefixes: &["D-", "DE-"],
        example: "10115",
    },
    Shape {
        country: "AT",
        patterns: &["NNNN"],
        range: Some((1000, 9999)),
        prefixes: &["A-", "AT-"],
        example: "1010",
    },
    Shape {
        country: "FR",
        patterns: &["NNNNN"],
        range: Some((1000, 98999)),
        prefixes: &["F-", "FR-"],
        example: "75001",
    },
    Shape {
        country: "IT",
        patterns: &["NNNNN"],
        range: None,
        prefixes: &["I-", "IT-"],
        example: "00184",
    },
    Shape {
        country: "BE",
        patterns: &["NNNN"],
        range: Some((1000, 9999)),
        prefixes: &["B-", "BE-"],
        example: "1000",
    },
    Shape {
        country: "LU",
        patterns: &["NNNN"],
        range: Some((1000, 9999)),
        prefixes: &["L-", "LU-"],
        example: "1009",
    },
    Shape {
        country: "NL",
        patterns: &["NNNN AA", "NNNNAA"],
        range: Some((1000, 9999)),
        prefixes: &["NL-"],
        example: "1012 AB",
    },
    Shape {
        country: "US",
        patterns: &["NNNNN", "NNNNN-NNNN"],
        range: None,
        prefixes: &["US-"],
        example: "10001",
    },
    Shape {
        country: "ES",
        patterns: &["NNNNN"],
        range: Some((1000, 52999)),
        prefixes: &["E-", "ES-"],
        example: "28001",
    },
    Shape {
        country: "PT",
        patterns: &["NNNN-NNN", "NNNNNNN"],
        range: Some((1000, 9999)),
        prefixes: &["P-", "PT-"],
        example: "1000-001",
    },
    Shape {
        country: "BR",
        patterns: &["NNNNN-NNN", "NNNNNNNN"],
        range: None,
        prefixes: &["BR-"],
        example: "01310-100",
    },
];

/// The shape of a country's codes, if intake knows it.
fn shape_of(alpha2: &str) -> Option<&'static Shape> {
    // Compared as two bytes: looked up for every row with an address.
    let [a, b] = *alpha2.as_bytes() else {
        return None;
    };
    SHAPES
        .iter()
        .find(|s| matches!(s.country.as_bytes(), [x, y] if *x == a && *y == b))
}

/// The usual cell, decided without the general rule: only digits, as many
/// as the country's canonical shape when that shape is all digits (`1003`
/// in Switzerland, `00184` in Italy). `Some(None)` when it is out of the
/// country's range; `None` when the cell is not of that kind.
fn digits_only<'a>(s: &'a str, country: Country) -> Option<Option<PostalCode<'a>>> {
    let shape = shape_of(country.alpha2())?;
    let canon = shape.patterns.first()?.as_bytes();
    if s.len() != canon.len()
        || !canon.iter().all(|&p| p == b'N')
        || !s.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    if let Some((min, max)) = shape.range {
        // At most a few digits: the number fits.
        let n = s.bytes().fold(0u32, |n, d| {
            n.saturating_mul(10).saturating_add(u32::from(d - b'0'))
        });
        if !(min..=max).contains(&n) {
            return Some(None);
        }
    }
    Some(Some(PostalCode(Cow::Borrowed(s))))
}

fn fits(value: &str, pattern: &str) -> bool {
    value.len() == pattern.len()
        && value.bytes().zip(pattern.bytes()).all(|(v, p)| match p {
            b'N' => v.is_ascii_digit(),
            b'A' => v.is_ascii_uppercase(),
            _ => v == p,
        })
}

/// Rewrites an accepted shape into the canonical one (`1234AB` → `1234 AB`).
fn canonical<'a>(value: &'a str, shape: &Shape) -> Cow<'a, str> {
    let canon = shape.patterns[0];
    let placeholders = canon.bytes().filter(|b| matches!(b, b'N' | b'A')).count();
    // Only the compact form (the canonical one without its space or dash) is
    // rewritten; other accepted forms (US ZIP+4) stay as written.
    if value.len() == canon.len() || value.len() != placeholders {
        return Cow::Borrowed(value);
    }
    let mut chars = value.chars();
    Cow::Owned(
        canon
            .chars()
            .map(|p| match p {
                'N' | 'A' => chars.next().unwrap_or(' '),
                literal => literal,
            })
            .collect(),
    )
}

/// The code in `shape`'s canonical form, from an upper-cased value with
/// single spaces; `None` when it does not fit.
fn shaped<'a>(upper: &'a str, shape: &Shape) -> Option<Cow<'a, str>> {
    let mut value = upper;
    for prefix in shape.prefixes {
        if let Some(rest) = value.strip_prefix(prefix) {
            value = rest.trim_start();
            break;
        }
    }
    if !shape.patterns.iter().any(|p| fits(value, p)) {
        return None;
    }
    let code = canonical(value, shape);
    if let Some((min, max)) = shape.range {
        // The leading digits of the canonical pattern, as a number.
        let lead = shape.patterns[0]
            .bytes()
            .zip(code.bytes())
            .take_while(|(p, _)| *p == b'N')
            .try_fold(0u32, |n, (_, d)| {
                d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
            })?;
        if !(min..=max).contains(&lead) {
            return None;
        }
    }
    Some(code)
}

/// `s` upper-cased with its spaces collapsed: `s` itself when it is written
/// so already (ASCII without lower case letters or runs of spaces).
fn upper_single_spaced(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    let written_so = b
        .iter()
        .all(|c| c.is_ascii_graphic() && !c.is_ascii_lowercase() || *c == b' ')
        && b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && !b.windows(2).any(|w| w == b"  ");
    if written_so {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_uppercase(),
    )
}

/// `rule` applied to the upper-cased cell: what it keeps of a cell that
/// was upper-case already stays borrowed from the cell.
fn on_upper<'a>(
    upper: Cow<'a, str>,
    rule: impl for<'b> Fn(&'b str) -> Option<Cow<'b, str>>,
) -> Option<Cow<'a, str>> {
    match upper {
        Cow::Borrowed(upper) => rule(upper),
        Cow::Owned(upper) => rule(&upper).map(|c| Cow::Owned(c.into_owned())),
    }
}

/// `value` without its spaces, in a buffer of `N` bytes: `None` when it
/// does not fit (no code of the countries asking is that long).
fn compact<const N: usize>(value: &str) -> Option<([u8; N], usize)> {
    let mut out = [0; N];
    let mut len = 0;
    for &b in value.as_bytes().iter().filter(|b| **b != b' ') {
        *out.get_mut(len)? = b;
        len += 1;
    }
    Some((out, len))
}

/// `outward` and `inward` with a space between: `value` itself when it is
/// written so already (most codes of most files), else a new text.
fn spaced<'a>(value: &'a str, outward: &[u8], inward: &[u8]) -> Cow<'a, str> {
    let b = value.as_bytes();
    if b.len() == outward.len() + 1 + inward.len()
        && b.starts_with(outward)
        && b[outward.len()] == b' '
        && b.ends_with(inward)
    {
        return Cow::Borrowed(value);
    }
    // Only ASCII letters and digits were accepted into either part.
    let mut text = String::with_capacity(b.len() + 1);
    text.extend(outward.iter().map(|&c| char::from(c)));
    text.push(' ');
    text.extend(inward.iter().map(|&c| char::from(c)));
    Cow::Owned(text)
}

/// A British code (outward code, a space, inward code), from an
/// upper-cased value with single spaces.
fn gb(value: &str) -> Option<Cow<'_, str>> {
    let (buffer, len) = compact::<8>(value)?;
    let code = &buffer[..len];
    if code == b"GIR0AA" {
        return Some(spaced(value, b"GIR", b"0AA"));
    }
    if !(5..=7).contains(&len) {
        return None;
    }
    let (ob, ib) = code.split_at(len - 3);
    let inward_ok =
        ib[0].is_ascii_digit() && ib[1].is_ascii_uppercase() && ib[2].is_ascii_uppercase();
    let letters = ob.iter().take_while(|b| b.is_ascii_uppercase()).count();
    let rest = &ob[letters..];
    let outward_ok = (1..=2).contains(&letters)
        && !rest.is_empty()
        && rest[0].is_ascii_digit()
        && rest.len() <= 2
        && rest[1..].iter().all(u8::is_ascii_alphanumeric);
    (inward_ok && outward_ok).then(|| spaced(value, ob, ib))
}

/// An Irish Eircode (routing key, a space, unique identifier), from an
/// upper-cased value with single spaces.
fn ie(value: &str) -> Option<Cow<'_, str>> {
    const LETTERS: &[u8] = b"ACDEFHKNPRTVWXY";
    let (buffer, len) = compact::<8>(value)?;
    let b = &buffer[..len];
    let ok = len == 7
        && LETTERS.contains(&b[0])
        && b[1].is_ascii_digit()
        && (b[2].is_ascii_digit() || b[2] == b'W')
        && b[3..]
            .iter()
            .all(|c| c.is_ascii_digit() || LETTERS.contains(c));
    ok.then(|| spaced(value, &b[..3], &b[3..]))
}

impl<'a> PostalCode<'a> {
    /// Parses a trimmed, non-empty cell for `country` (when known). Countries
    /// without a known format only need a digit somewhere.
    pub fn parse(s: &'a str, country: Option<Country>) -> Option<PostalCode<'a>> {
        if let Some(decided) = country.and_then(|c| digits_only(s, c)) {
            return decided;
        }
        PostalCode::parse_by_shape(s, country)
    }

    /// [`PostalCode::parse`] by the general rule, for any cell.
    fn parse_by_shape(s: &'a str, country: Option<Country>) -> Option<PostalCode<'a>> {
        let upper = upper_single_spaced(s);
        if !upper.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        let Some(country) = country else {
            return Some(PostalCode(upper));
        };
        let code = match (country.alpha2(), shape_of(country.alpha2())) {
            ("GB", _) => on_upper(upper, gb),
            ("IE", _) => on_upper(upper, ie),
            (_, Some(shape)) => on_upper(upper, |u| shaped(u, shape)),
            (_, None) => Some(upper),
        };
        code.map(PostalCode)
    }

    /// The normalised code.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same code, owning its text.
    pub fn into_owned(self) -> PostalCode<'static> {
        PostalCode(Cow::Owned(self.0.into_owned()))
    }
}

/// An example of a valid postal code of this country, for messages; `None`
/// for countries where any code with a digit is accepted.
pub fn postal_format_hint(country: Country) -> Option<&'static str> {
    match country.alpha2() {
        "GB" => Some("SW1A 1AA"),
        "IE" => Some("D02 X285"),
        code => shape_of(code).map(|s| s.example),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str, c: &str) -> Option<String> {
        PostalCode::parse(s, Some(Country::from_alpha2(c).unwrap())).map(|p| p.0.into_owned())
    }

    #[test]
    fn core_markets() {
        assert_eq!(p("1003", "CH").as_deref(), Some("1003"));
        assert_eq!(p("CH-3005", "CH").as_deref(), Some("3005"));
        assert_eq!(p("0999", "CH"), None);
        assert_eq!(p("9700", "CH"), None);
        assert_eq!(p("12345", "CH"), None);
        assert_eq!(p("9490", "LI").as_deref(), Some("9490"));
        assert_eq!(p("D-10115", "DE").as_deref(), Some("10115"));
        assert_eq!(p("1011", "DE"), None);
        assert_eq!(p("75001", "FR").as_deref(), Some("75001"));
        assert_eq!(p("7500", "FR"), None);
        assert_eq!(p("00184", "IT").as_deref(), Some("00184"));
        assert_eq!(p("L-1009", "LU").as_deref(), Some("1009"));
        assert_eq!(p("1012ab", "NL").as_deref(), Some("1012 AB"));
        assert_eq!(p("1012 AB", "NL").as_deref(), Some("1012 AB"));
        assert_eq!(p("sw1a1aa", "GB").as_deref(), Some("SW1A 1AA"));
        assert_eq!(p("M1 1AE", "GB").as_deref(), Some("M1 1AE"));
        assert_eq!(p("12345", "GB"), None);
        assert_eq!(p("10001-1234", "US").as_deref(), Some("10001-1234"));
        assert_eq!(p("53000", "ES"), None);
        assert_eq!(p("1000001", "PT").as_deref(), Some("1000-001"));
        assert_eq!(p("01310100", "BR").as_deref(), Some("01310-100"));
        assert_eq!(p("d02x285", "IE").as_deref(), Some("D02 X285"));
        assert_eq!(p("1000", "BE").as_deref(), Some("1000"));
        assert_eq!(p("1010", "AT").as_deref(), Some("1010"));
    }

    proptest::proptest! {
        #[test]
        fn a_code_written_so_already_is_kept_as_it_is(s in "[ -~\t\u{e9}\u{df}]{0,10}") {
            let rule = s.split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase();
            let fast = upper_single_spaced(&s);
            proptest::prop_assert_eq!(fast.as_ref(), rule.as_str());
        }
    }

    proptest::proptest! {
        #[test]
        fn digits_only_decide_as_the_general_rule(
            s in "[0-9]{3,9}|[0-9 A-Z-]{3,9}",
            c in proptest::sample::select(vec![
                "CH", "LI", "DE", "AT", "FR", "IT", "BE", "LU", "NL", "US", "ES", "PT",
                "BR", "GB", "IE", "JP",
            ]),
        ) {
            let country = Country::from_alpha2(c).unwrap();
            let fast = PostalCode::parse(&s, Some(country)).map(|p| p.0.into_owned());
            let rule = PostalCode::parse_by_shape(&s, Some(country)).map(|p| p.0.into_owned());
            proptest::prop_assert_eq!(fast, rule);
        }
    }

    /// The British and Irish rules as first written (allocating, and
    /// cutting the British code by bytes before looking at them: only
    /// called on ASCII here), which the codes on the stack must agree with.
    fn gb_as_written(value: &str) -> Option<String> {
        let compact: String = value.chars().filter(|c| *c != ' ').collect();
        if compact == "GIR0AA" {
            return Some("GIR 0AA".into());
        }
        if !(5..=7).contains(&compact.len()) {
            return None;
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        let ib = inward.as_bytes();
        let inward_ok =
            ib[0].is_ascii_digit() && ib[1].is_ascii_uppercase() && ib[2].is_ascii_uppercase();
        let ob = outward.as_bytes();
        let letters = ob.iter().take_while(|b| b.is_ascii_uppercase()).count();
        let rest = &ob[letters..];
        let outward_ok = (1..=2).contains(&letters)
            && !rest.is_empty()
            && rest[0].is_ascii_digit()
            && rest.len() <= 2
            && rest[1..].iter().all(u8::is_ascii_alphanumeric);
        (inward_ok && outward_ok).then(|| format!("{outward} {inward}"))
    }

    fn ie_as_written(value: &str) -> Option<String> {
        const LETTERS: &str = "ACDEFHKNPRTVWXY";
        let compact: String = value.chars().filter(|c| *c != ' ').collect();
        let b = compact.as_bytes();
        let ok = b.len() == 7
            && LETTERS.as_bytes().contains(&b[0])
            && b[1].is_ascii_digit()
            && (b[2].is_ascii_digit() || b[2] == b'W')
            && b[3..]
                .iter()
                .all(|c| c.is_ascii_digit() || LETTERS.as_bytes().contains(c));
        ok.then(|| format!("{} {}", &compact[..3], &compact[3..]))
    }

    proptest::proptest! {
        /// Upper-cased ASCII with single spaces, as the two rules get it.
        #[test]
        fn british_and_irish_codes_on_the_stack_agree_with_the_rules_as_written(
            s in "(GIR ?0AA|[A-Z0-9]{1,4} ?[A-Z0-9]{1,4}|[ACDW0-9]{2,4} ?[A-Z0-9]{3,5})",
        ) {
            proptest::prop_assert_eq!(gb(&s).map(Cow::into_owned), gb_as_written(&s));
            proptest::prop_assert_eq!(ie(&s).map(Cow::into_owned), ie_as_written(&s));
            // Kept as it is when it is written so already.
            if let Some(Cow::Owned(code)) = gb(&s) {
                proptest::prop_assert_ne!(code, s.clone());
            }
            if let Some(Cow::Owned(code)) = ie(&s) {
                proptest::prop_assert_ne!(code, s);
            }
        }
    }

    proptest::proptest! {
        /// Any text for any country (or none) is a code or not, without a
        /// panic; a code has a digit.
        #[test]
        fn any_text_for_any_country_is_judged_without_a_panic(
            s in "[ -~\u{e9}\u{c9}\u{df}\u{2014}\t]{0,12}",
            c in 0usize..300,
        ) {
            let country = Country::all().nth(c);
            if let Some(code) = PostalCode::parse(&s, country) {
                proptest::prop_assert!(code.as_str().bytes().any(|b| b.is_ascii_digit()));
            }
        }
    }

    #[test]
    fn a_letter_outside_ascii_in_a_british_code_is_refused_without_a_panic() {
        // Its bytes straddle where the inward code would start.
        assert_eq!(p("a1\u{e9}bc", "GB"), None);
        assert_eq!(p("\u{e9}1 1AA", "GB"), None);
        assert_eq!(p("d\u{e9}2x285", "IE"), None);
    }

    #[test]
    fn other_countries_need_a_digit() {
        assert_eq!(p("100-0001", "JP").as_deref(), Some("100-0001"));
        assert_eq!(p("ABC", "JP"), None);
        assert_eq!(PostalCode::parse("ABCD", None), None);
        assert!(PostalCode::parse("12", None).is_some());
    }
}
