use jiff::civil::Date;

/// A birthdate: a real calendar date, not in the future, not before 1900.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Birthdate(Date);

/// Why a cell is not a birthdate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BirthdateError {
    /// Not written `dd.mm.yyyy`.
    Format,
    /// Written right but no such day exists (31.02.1990).
    NoSuchDay,
    /// After today.
    Future,
    /// Before 1900: in contact data this is a placeholder, not a birthdate.
    TooOld,
}

impl Birthdate {
    /// The earliest year accepted.
    pub const MIN_YEAR: i16 = 1900;

    /// Parses `dd.mm.yyyy` (a one-digit day or month is accepted: `1.2.1980`),
    /// checked against `today`.
    pub fn parse(s: &str, today: Date) -> Result<Birthdate, BirthdateError> {
        let (d, m, y) = match two_two_four(s.as_bytes()) {
            Some(dmy) => dmy,
            None => fields(s)?,
        };
        let date = Date::new(y, m, d).map_err(|_| BirthdateError::NoSuchDay)?;
        if date > today {
            return Err(BirthdateError::Future);
        }
        if y < Birthdate::MIN_YEAR {
            return Err(BirthdateError::TooOld);
        }
        Ok(Birthdate(date))
    }

    /// Wraps a stored date.
    pub fn from_date(date: Date) -> Birthdate {
        Birthdate(date)
    }

    /// The calendar date.
    pub fn date(self) -> Date {
        self.0
    }

    /// `dd.mm.yyyy`, the format of the import file and of exports.
    pub fn to_display(self) -> String {
        format!(
            "{:02}.{:02}.{:04}",
            self.0.day(),
            self.0.month(),
            self.0.year()
        )
    }
}

/// The usual form, `dd.mm.yyyy`, read by position: day, month and year.
fn two_two_four(b: &[u8]) -> Option<(i8, i8, i16)> {
    let &[d1, d2, b'.', m1, m2, b'.', y1, y2, y3, y4] = b else {
        return None;
    };
    if ![d1, d2, m1, m2, y1, y2, y3, y4]
        .iter()
        .all(u8::is_ascii_digit)
    {
        return None;
    }
    let two = |hi: u8, lo: u8| (hi - b'0') * 10 + (lo - b'0');
    let (d, m) = (
        i8::try_from(two(d1, d2)).ok()?,
        i8::try_from(two(m1, m2)).ok()?,
    );
    Some((d, m, i16::from(two(y1, y2)) * 100 + i16::from(two(y3, y4))))
}

/// Day, month and year of any cell, and how many digits each has, in one
/// pass: `Format` unless one or two, one or two, and four.
fn fields(s: &str) -> Result<(i8, i8, i16), BirthdateError> {
    let (mut values, mut digits, mut part) = ([0i16; 3], [0usize; 3], 0);
    for &b in s.as_bytes() {
        match b {
            b'0'..=b'9' if digits[part] < 4 => {
                values[part] = values[part] * 10 + i16::from(b - b'0');
                digits[part] += 1;
            }
            b'.' if part < 2 => part += 1,
            _ => return Err(BirthdateError::Format),
        }
    }
    if part != 2 || !matches!(digits, [1 | 2, 1 | 2, 4]) {
        return Err(BirthdateError::Format);
    }
    let [d, m, y] = values;
    // A day and a month of at most two digits fit.
    let (Ok(d), Ok(m)) = (i8::try_from(d), i8::try_from(m)) else {
        return Err(BirthdateError::Format);
    };
    Ok((d, m, y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> Date {
        Date::new(2026, 11, 23).unwrap()
    }

    #[test]
    fn dates() {
        let ok = Birthdate::parse("29.02.2000", today()).unwrap();
        assert_eq!(ok.to_display(), "29.02.2000");
        assert_eq!(
            Birthdate::parse("1.2.1980", today()).unwrap().to_display(),
            "01.02.1980"
        );
        assert_eq!(
            Birthdate::parse("31.02.1990", today()),
            Err(BirthdateError::NoSuchDay)
        );
        assert_eq!(
            Birthdate::parse("29.02.2001", today()),
            Err(BirthdateError::NoSuchDay)
        );
        assert_eq!(
            Birthdate::parse("24.11.2026", today()),
            Err(BirthdateError::Future)
        );
        assert!(Birthdate::parse("23.11.2026", today()).is_ok());
        assert_eq!(
            Birthdate::parse("01.01.1850", today()),
            Err(BirthdateError::TooOld)
        );
        for bad in [
            "1990-02-01",
            "01/02/1990",
            "01.02.90",
            "1.2.3.4",
            "aa.bb.cccc",
            "",
            "01.13",
        ] {
            assert_eq!(
                Birthdate::parse(bad, today()),
                Err(BirthdateError::Format),
                "{bad}"
            );
        }
        assert_eq!(
            Birthdate::parse("00.13.1990", today()),
            Err(BirthdateError::NoSuchDay)
        );
    }

    /// The rule as first written, part by part: what the one-pass parse
    /// must agree with.
    fn by_parts(s: &str, today: Date) -> Result<Birthdate, BirthdateError> {
        let mut parts = s.split('.');
        let (Some(d), Some(m), Some(y), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(BirthdateError::Format);
        };
        let digits = |p: &str, min: usize, max: usize| {
            (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
        };
        if !digits(d, 1, 2) || !digits(m, 1, 2) || !digits(y, 4, 4) {
            return Err(BirthdateError::Format);
        }
        let (Ok(d), Ok(m), Ok(y)) = (d.parse::<i8>(), m.parse::<i8>(), y.parse::<i16>()) else {
            return Err(BirthdateError::Format);
        };
        let date = Date::new(y, m, d).map_err(|_| BirthdateError::NoSuchDay)?;
        if date > today {
            return Err(BirthdateError::Future);
        }
        if y < Birthdate::MIN_YEAR {
            return Err(BirthdateError::TooOld);
        }
        Ok(Birthdate(date))
    }

    proptest! {
        #[test]
        fn one_pass_decides_as_part_by_part(s in "[0-9.]{0,12}|[0-3]?[0-9]\\.[01]?[0-9]\\.(1[89]|20)[0-9]{2}|[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}") {
            prop_assert_eq!(Birthdate::parse(&s, today()), by_parts(&s, today()));
        }

        #[test]
        fn never_panics(s in "\\PC{0,16}") {
            let _ = Birthdate::parse(&s, today());
        }

        #[test]
        fn display_round_trips(y in 1900i16..2026, m in 1i8..=12, d in 1i8..=28) {
            let b = Birthdate::parse(&format!("{d}.{m}.{y}"), today()).unwrap();
            prop_assert_eq!(Birthdate::parse(&b.to_display(), today()).unwrap(), b);
        }
    }
}
