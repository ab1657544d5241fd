//! Phone numbers, in E.164 form, read as Google's libphonenumber reads them.
//!
//! The numbering plans are the `phonenumber` crate's (libphonenumber's
//! metadata, compiled in). The reading follows libphonenumber's
//! `PhoneNumberUtil.parse` and `isValidNumber` step by step, on those plans,
//! because the crate's own parser (0.3.10) departs from them:
//!
//! - given the row's region, it strips the *region's* national prefix from a
//!   number written with another country code (`+39 02 5820 7975`, Milan, on
//!   a Belgian row lost its 0 and was refused);
//! - it matches the plans' patterns against a number's start only, so that
//!   numbers a digit short passed as valid (`+353 58 01 2136`);
//! - its general descriptors have no lengths, so it takes the region's code
//!   off every national number that starts with it (`399 249 6032`, an
//!   Italian mobile, became `+39 92496032`), and keeps a stripped national
//!   prefix however short the rest;
//! - it strips a national prefix when what is left is no number of the
//!   country (`+7 831…`, Nizhny Novgorod, lost its 8), and sometimes twice
//!   (`8 800…`, Russia's toll-free numbers);
//! - it refuses punctuation inside a country code (`+3.5.48…`).
//!
//! `tests/phones.rs` measures the agreement with libphonenumber on a few
//! thousand numbers.

use std::borrow::Cow;
use std::cell::RefCell;

use phonenumber::metadata::{DATABASE, Database, Descriptor, Metadata};

use crate::country::Country;

/// A phone number in E.164 form (`+41791234567`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone(String);

/// Why a cell is not a phone number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneError {
    /// Written without a country code: not a valid number of the row's
    /// country (or the row has none), or no phone number at all.
    Region,
    /// Written with a country code (`+39…`, `0039…`, `011 39…` from the
    /// US): not a valid number of the country it names, whatever the row's.
    CountryCode,
}

/// The most digits a phone cell may hold: libphonenumber's longest national
/// number (17), a country code (3) and an international prefix (Colombia's
/// `00414` has 5).
const MAX_DIGITS: usize = 25;
/// libphonenumber's shortest national (significant) number.
const MIN_NATIONAL: usize = 2;
/// libphonenumber's longest national (significant) number.
const MAX_NATIONAL: usize = 17;

impl Phone {
    /// Parses a phone number as people write it (`079 123 45 67`,
    /// `0041 79 123 45 67`, `+41 (0)79 123 45 67`), as libphonenumber does.
    /// A number written with a country code, after `+`, after `00` or after
    /// the row country's own international prefix where it is another (`011`
    /// from the US), is that country's number whatever the row's country;
    /// the row's country is the region of numbers written without one.
    /// An error when it is not a valid number: of the country its code
    /// names, or else of the row's country (on a row without a country, a
    /// number without a country code is none).
    pub fn parse(raw: &str, region: Option<Country>) -> Result<Phone, PhoneError> {
        let raw = raw.trim();
        // Refuse at once what cannot be a phone number.
        if raw.is_empty()
            || raw.len() > 40
            || !raw
                .chars()
                .all(|c| c.is_ascii_digit() || " +-./()".contains(c))
        {
            return Err(PhoneError::Region);
        }
        // As libphonenumber reads a number: from its first digit or plus to
        // its last digit, pluses only at the start, punctuation ignored.
        let number = raw
            .trim_start_matches(|c: char| c != '+' && !c.is_ascii_digit())
            .trim_end_matches(|c: char| !c.is_ascii_digit());
        let body = number.trim_start_matches('+');
        let plus = body.len() < number.len();
        let digits: String = body.chars().filter(char::is_ascii_digit).collect();
        if body.contains('+') || !(4..=MAX_DIGITS).contains(&digits.len()) {
            return Err(if plus {
                PhoneError::CountryCode
            } else {
                PhoneError::Region
            });
        }
        let database: &'static Database = &DATABASE;
        let region = region.and_then(|c| database.by_id(c.alpha2()));

        let international = |digits: &str| {
            let (code, national, plan) = with_country_code(database, digits)?;
            read(database, code, &national, plan)
        };
        if plus {
            return international(&digits).ok_or(PhoneError::CountryCode);
        }
        if let Some(rest) = region.and_then(|r| after_international_prefix(r, &digits)) {
            return international(rest).ok_or(PhoneError::CountryCode);
        }
        // 00 is the international prefix of the files intake reads
        // (Europe's) whatever the row's country, and without one. Where the
        // region's is another, a national number may start with 00 too
        // (Japan's toll-free 0077…): read as one when 00 gives none.
        let after_00 = digits
            .strip_prefix("00")
            .filter(|rest| !rest.starts_with('0'));
        after_00
            .and_then(international)
            .or_else(|| {
                let (code, national, plan) = of_region(database, region?, &digits)?;
                read(database, code, &national, plan)
            })
            .ok_or(match after_00 {
                Some(_) => PhoneError::CountryCode,
                None => PhoneError::Region,
            })
    }

    /// The E.164 form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A number once its country code is known: its national prefix off
/// where libphonenumber takes it off (the rest of a possible length), then
/// valid or not.
fn read(
    database: &'static Database,
    code: u16,
    national: &str,
    plan: &'static Metadata,
) -> Option<Phone> {
    if national.len() < MIN_NATIONAL {
        return None;
    }
    let stripped = strip_national_prefix(plan, national);
    let national = match length(plan, stripped.len()) {
        Length::Possible | Length::TooLong => &stripped,
        Length::TooShort | Length::LocalOnly | Length::Invalid => national,
    };
    if !(MIN_NATIONAL..=MAX_NATIONAL).contains(&national.len()) {
        return None;
    }
    is_valid(database, code, national).then(|| Phone(format!("+{code}{national}")))
}

/// The digits after the region's international prefix when they start with
/// it, and the next is not 0 (`parsePrefixAsIdd`).
fn after_international_prefix<'a>(region: &'static Metadata, digits: &'a str) -> Option<&'a str> {
    let prefix = region.international_prefix()?;
    let end = with_regex(prefix.as_str(), Anchor::Start, |re| {
        re.find(digits).map(|m| m.end())
    })??;
    let rest = &digits[end..];
    (!rest.starts_with('0')).then_some(rest)
}

/// A country code and the national number after it, with the plan of the
/// code's main country (`extractCountryCode`: 1 to 3 digits, never from 0).
fn with_country_code<'a>(
    database: &'static Database,
    digits: &'a str,
) -> Option<(u16, Cow<'a, str>, &'static Metadata)> {
    if digits.len() <= MIN_NATIONAL || digits.starts_with('0') {
        return None;
    }
    (1..=3).find_map(|len| {
        let code: u16 = digits.get(..len)?.parse().ok()?;
        let plan = main_country(database, code)?;
        Some((code, Cow::Borrowed(&digits[len..]), plan))
    })
}

/// A number written without a country code on a row of `region`. It may
/// start with the region's code anyway: libphonenumber takes it off when
/// the whole is no number of the region and the rest is, or the whole is
/// too long (`maybeExtractCountryCode`).
fn of_region<'a>(
    database: &'static Database,
    region: &'static Metadata,
    digits: &'a str,
) -> Option<(u16, Cow<'a, str>, &'static Metadata)> {
    let code = region.country_code();
    let general = region.descriptors().general();
    if let Some(rest) = digits.strip_prefix(code.to_string().as_str()) {
        let potential = strip_national_prefix(region, rest);
        if (!matches_whole(general, digits) && matches_whole(general, &potential))
            || length(region, digits.len()) == Length::TooLong
        {
            let plan = main_country(database, code)?;
            return Some((code, Cow::Owned(potential.into_owned()), plan));
        }
    }
    Some((code, Cow::Borrowed(digits), region))
}

/// The plan libphonenumber reads a country code's numbers with: its main
/// country's (GB for +44, US for +1), or the code's own for numbers of no
/// country (+800…).
fn main_country(database: &'static Database, code: u16) -> Option<&'static Metadata> {
    let countries = database.by_code(&code)?;
    countries
        .iter()
        .find(|m| m.is_main_country_for_code())
        .or(countries.first())
        .copied()
}

/// The national number without its national prefix or carrier code, where
/// the plan has one and the rest is still a number of the country if the
/// whole was (`maybeStripNationalPrefixAndCarrierCode`).
fn strip_national_prefix<'a>(plan: &'static Metadata, national: &'a str) -> Cow<'a, str> {
    let general = plan.descriptors().general();
    let stripped = match plan.national_prefix_for_parsing() {
        Some(prefix) => with_regex(prefix.as_str(), Anchor::Start, |re| {
            let captures = re.captures(national)?;
            let groups = captures.len() - 1;
            // The last group, or the whole match where there is none.
            let last = captures.get(groups);
            match plan.national_prefix_transform_rule() {
                Some(rule) if !rule.is_empty() && last.is_some() => {
                    let rule = braced_groups(rule);
                    Some(Cow::Owned(
                        re.replacen(national, 1, rule.as_str()).into_owned(),
                    ))
                }
                _ => Some(Cow::Borrowed(&national[captures.get(0)?.end()..])),
            }
        })
        .flatten(),
        // Without a pattern, the prefix itself (as libphonenumber's
        // metadata builder makes the pattern).
        None => plan
            .national_prefix()
            .filter(|prefix| !prefix.is_empty())
            .and_then(|prefix| national.strip_prefix(prefix))
            .map(Cow::Borrowed),
    };
    match stripped {
        // The prefix stays when the whole is a number of the country and
        // the rest is not.
        Some(rest) if matches_whole(general, national) && !matches_whole(general, &rest) => {
            Cow::Borrowed(national)
        }
        Some(rest) => rest,
        None => Cow::Borrowed(national),
    }
}

/// Java's `$1` → the regex crate's `${1}` (which reads `$1X` as a group
/// named `1X`).
fn braced_groups(rule: &str) -> String {
    let mut out = String::with_capacity(rule.len() + 4);
    let mut chars = rule.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('$', Some(d)) if d.is_ascii_digit() => {
                out.push_str("${");
                out.push(*d);
                out.push('}');
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

#[derive(Debug, PartialEq, Eq)]
enum Length {
    Possible,
    LocalOnly,
    TooShort,
    TooLong,
    Invalid,
}

/// libphonenumber's `testNumberLength` against the general descriptor,
/// whose lengths are those of all the plan's types (libphonenumber's
/// metadata builder gathers them; the crate does not).
fn length(plan: &'static Metadata, len: usize) -> Length {
    // Lengths as bits (numbers have at most 17 digits).
    let set = |lengths: fn(&Descriptor) -> &[u16]| {
        types(plan).flat_map(lengths).fold(0u32, |set, &l| {
            set | 1u32.checked_shl(u32::from(l)).unwrap_or(0)
        })
    };
    let possible = set(Descriptor::possible_length);
    let local = set(Descriptor::possible_local_length) & !possible;
    let has = |set: u32| len < 32 && set & (1 << len) != 0;
    if possible == 0 {
        Length::Invalid
    } else if has(local) {
        Length::LocalOnly
    } else if len < possible.trailing_zeros() as usize {
        Length::TooShort
    } else if len > (31 - possible.leading_zeros()) as usize {
        Length::TooLong
    } else if has(possible) {
        Length::Possible
    } else {
        Length::Invalid
    }
}

/// The descriptors of a plan's types of numbers, in the order
/// libphonenumber tries them (`getNumberTypeHelper`).
fn types(plan: &'static Metadata) -> impl Iterator<Item = &'static Descriptor> {
    let d = plan.descriptors();
    [
        d.premium_rate(),
        d.toll_free(),
        d.shared_cost(),
        d.voip(),
        d.personal_number(),
        d.pager(),
        d.uan(),
        d.voicemail(),
        d.fixed_line(),
        d.mobile(),
    ]
    .into_iter()
    .flatten()
}

/// libphonenumber's `isValidNumber`: the number is of the country of its
/// code that claims it (by leading digits, else by its types; the main
/// country first), and of one of that country's types.
fn is_valid(database: &'static Database, code: u16, national: &str) -> bool {
    let Some(mut countries) = database.by_code(&code) else {
        return false;
    };
    countries.sort_by_key(|m| (!m.is_main_country_for_code(), m.id()));
    let country = match countries[..] {
        [only] => Some(only),
        _ => countries
            .iter()
            .copied()
            .find(|m| match m.leading_digits() {
                Some(leading) => {
                    with_regex(leading.as_str(), Anchor::Start, |re| re.is_match(national))
                        .unwrap_or(false)
                }
                None => has_a_type(m, national),
            }),
    };
    country.is_some_and(|m| has_a_type(m, national))
}

/// Whether a national number is of one of a plan's types.
fn has_a_type(plan: &'static Metadata, national: &str) -> bool {
    matches_whole(plan.descriptors().general(), national)
        && types(plan).any(|d| matches_whole(d, national))
}

/// Whether a descriptor matches the whole number, of one of its lengths
/// (`isNumberMatchingDesc`).
fn matches_whole(desc: &'static Descriptor, national: &str) -> bool {
    let lengths = desc.possible_length();
    if !lengths.is_empty() && !lengths.iter().any(|&l| usize::from(l) == national.len()) {
        return false;
    }
    let pattern = desc.national_number();
    with_regex(pattern.as_str(), Anchor::Both, |re| re.is_match(national)).unwrap_or(false)
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Anchor {
    /// At the start (Java's `lookingAt`).
    Start,
    /// At both ends (Java's `matches`).
    Both,
}

/// Runs `f` with a plan's pattern compiled anchored. The crate's own
/// regexes match anywhere and go through one lock and a cache of 100 for
/// the whole process; these are compiled once a thread, found again by the
/// address of the pattern, which lives in the crate's static database.
/// `None` when the pattern does not compile (the crate compiled it, so
/// never).
fn with_regex<R>(
    pattern: &'static str,
    anchor: Anchor,
    f: impl FnOnce(&regex::Regex) -> R,
) -> Option<R> {
    thread_local! {
        static ANCHORED: RefCell<foldhash::HashMap<(usize, Anchor), Option<regex::Regex>>> =
            RefCell::default();
    }
    ANCHORED.with_borrow_mut(|anchored| {
        anchored
            .entry((pattern.as_ptr().addr(), anchor))
            .or_insert_with(|| {
                let anchored = match anchor {
                    Anchor::Start => format!("^(?:{pattern})"),
                    Anchor::Both => format!("^(?:{pattern})$"),
                };
                regex::RegexBuilder::new(&anchored)
                    .ignore_whitespace(true)
                    .build()
                    .ok()
            })
            .as_ref()
            .map(f)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn phones_become_e164_with_the_rows_country() {
        let ch = Country::parse("CH").ok();
        let fr = Country::parse("FR").ok();
        assert_eq!(
            Phone::parse("079 123 45 67", ch).ok().map(|p| p.0),
            Some("+41791234567".into())
        );
        assert_eq!(
            Phone::parse("0041 79 123 45 67", None).ok().map(|p| p.0),
            Some("+41791234567".into())
        );
        assert_eq!(
            Phone::parse("+41 (0)21 312 34 56", fr).ok().map(|p| p.0),
            Some("+41213123456".into())
        );
        assert_eq!(
            Phone::parse("01 42 68 53 00", fr).ok().map(|p| p.0),
            Some("+33142685300".into())
        );
        assert_eq!(Phone::parse("079 123 45 67", None), Err(PhoneError::Region));
        assert_eq!(Phone::parse("12", ch), Err(PhoneError::Region));
        assert_eq!(Phone::parse("call me", ch), Err(PhoneError::Region));
    }

    #[test]
    fn a_number_written_with_a_country_code_is_refused_for_that_code() {
        let error = |raw: &str, region: &str| Phone::parse(raw, Country::parse(region).ok()).err();
        // Too long for Italy (12 digits): not an Italian number, whatever
        // the row's country.
        for region in ["BE", "IT", "US", ""] {
            for raw in ["+39 02 5820 797 555", "0039 02 5820 797 555"] {
                assert_eq!(
                    error(raw, region),
                    Some(PhoneError::CountryCode),
                    "{raw} on {region}"
                );
            }
        }
        assert_eq!(
            error("011 39 02 5820 797 555", "US"),
            Some(PhoneError::CountryCode)
        );
        assert_eq!(
            error("+999 123 456 789", "CH"),
            Some(PhoneError::CountryCode)
        );
        assert_eq!(error("+41", "CH"), Some(PhoneError::CountryCode));
        // Without one, the row's country is the one.
        assert_eq!(error("02 5820 797 555", "IT"), Some(PhoneError::Region));
        assert_eq!(error("021 312 34 5", "CH"), Some(PhoneError::Region));
    }

    #[test]
    fn a_number_with_its_country_code_is_that_countrys_whatever_the_row() {
        let e164 = |raw: &str, region: &str| {
            Phone::parse(raw, Country::parse(region).ok())
                .ok()
                .map(|p| p.0)
        };
        let milan = Some("+390258207975".to_string());
        // A Milan number keeps its leading 0 (Italy has no national prefix),
        // which the row country's prefix must not take away.
        for region in ["BE", "BR", "EG", "EC", "FR", "CH", "IT", "US", "RU"] {
            assert_eq!(e164("+39 02 5820 7975", region), milan, "+39 on {region}");
            assert_eq!(e164("0039 02 5820 7975", region), milan, "0039 on {region}");
        }
        assert_eq!(e164("+39 02 5820 7975", ""), milan);
        assert_eq!(e164("0039 02 5820 7975", ""), milan);
        // The prefix kept in brackets is the number's own country's.
        assert_eq!(
            e164("+44 (0)20 7946 0018", "RU"),
            Some("+442079460018".into())
        );
        // Russia's national prefix is 8: a Stockholm number keeps its 8.
        assert_eq!(e164("+46 8 121 513 82", "RU"), Some("+46812151382".into()));
        // Where libphonenumber reads the row country's own international
        // prefix (011 from the US, 010 from Japan, 0011 from Australia), so
        // does intake.
        assert_eq!(e164("011 39 02 5820 7975", "US"), milan);
        assert_eq!(e164("010 39 02 5820 7975", "JP"), milan);
        assert_eq!(e164("0011 39 02 5820 7975", "AU"), milan);
    }

    #[test]
    fn numbers_are_read_as_libphonenumber_reads_them() {
        let e164 = |raw: &str, region: &str| {
            Phone::parse(raw, Country::parse(region).ok())
                .ok()
                .map(|p| p.0)
        };
        // An Italian mobile starts with 39, Italy's code: written nationally,
        // it stays whole.
        assert_eq!(e164("399 249 6032", "IT"), Some("+393992496032".into()));
        // Nizhny Novgorod's 831 starts with Russia's prefix 8, which stays
        // when taking it off leaves no Russian number.
        assert_eq!(e164("+7 831 551-73-32", "AT"), Some("+78315517332".into()));
        assert_eq!(e164("8 (31) 669-85-05", "RU"), Some("+78316698505".into()));
        assert_eq!(e164("8 831 551-73-32", "RU"), Some("+78315517332".into()));
        assert_eq!(e164("+7 831 551-73-32", "RU"), Some("+78315517332".into()));
        // The prefix is taken off once only (Moscow's toll-free 8 800).
        assert_eq!(e164("8 800 555 35 35", "RU"), Some("+78005553535".into()));
        assert_eq!(e164("+33 (0)06 12 98 17 24", "FR"), None);
        // A number's pattern matches all of it, not its start: a digit short
        // of an Irish number is none.
        assert_eq!(e164("05 801 2136", "IE"), None);
        assert_eq!(e164("+353 58 01 2136", "IE"), None);
        // Punctuation inside the country code.
        assert_eq!(e164("+3.5.48.54.30.30", "RU"), Some("+3548543030".into()));
        // A plus anywhere but at the start is not a phone number.
        assert_eq!(e164("0041+79 123 45 67", "CH"), None);
        // Numbers of no country.
        assert_eq!(e164("+800 1234 5678", "CH"), Some("+80012345678".into()));
    }

    proptest! {
        #[test]
        fn phone_parsing_never_panics(s in "\\PC{0,30}") {
            let _ = Phone::parse(&s, Country::parse("CH").ok());
        }

        #[test]
        fn phone_parsing_never_panics_on_what_passes_the_first_checks(
            s in "[+(]{0,2}[0-9 ().+/-]{0,38}",
            region in prop::sample::select(vec!["", "CH", "IT", "US", "RU", "BR", "AR", "JP", "AU", "SG", "CO", "KR"]),
        ) {
            let _ = Phone::parse(&s, Country::parse(region).ok());
        }
    }
}
