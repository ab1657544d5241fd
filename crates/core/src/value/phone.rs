//! Phone numbers, in E.164 form.

use crate::country::Country;

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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

    proptest! {
        #[test]
        fn phone_parsing_never_panics(s in "\\PC{0,30}") {
            let _ = Phone::parse(&s, Country::parse("CH").ok());
        }
    }
}
