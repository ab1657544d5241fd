//! A person as compared: the text read from a base or a file, and the
//! forms each field is compared in, made once.

use crate::fold;

/// What a person is compared on, as read: a contact of the base or a row
/// of a file. Empty text is a missing value.
#[derive(Clone, Debug, Default)]
pub struct PersonText {
    /// What names the person in the output: a contact number, or the
    /// file's id column, or its spreadsheet row number.
    pub id: String,
    /// A structure (company, school…) rather than an individual.
    pub structure: bool,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// A structure's name.
    pub structure_name: String,
    /// E-mail address.
    pub email: String,
    /// Birth date (`dd.mm.yyyy`, or as the file wrote it).
    pub birthdate: String,
    /// Phone number.
    pub phone: String,
    /// Mobile number.
    pub mobile: String,
    /// First street line.
    pub address_line1: String,
    /// Postal code.
    pub postal_code: String,
    /// Town.
    pub town: String,
}

/// The texts of a person, one after the other in one allocation: a
/// million people in about 250 MB, where a `String` each took 1.2 GB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
enum Slot {
    Id,
    FirstRaw,
    FirstCompact,
    FirstSkeleton,
    LastRaw,
    LastCompact,
    LastSkeleton,
    Email,
    EmailLower,
    BirthRaw,
    PhonesRaw,
    Phone1,
    Phone2,
    AddressRaw,
    Street,
    Postal,
}

const SLOTS: usize = Slot::Postal as usize + 1;

/// The longest text kept of a value (a cell can be longer than any name).
const MAX_VALUE: usize = 1024;

/// A name in the forms it is compared in.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Name<'a> {
    /// As written, trimmed.
    pub(crate) raw: &'a str,
    /// Folded, without spaces (see `fold::compact`).
    pub(crate) compact: &'a str,
    /// Its sound (see `fold::skeleton`).
    pub(crate) skeleton: &'a str,
}

impl Name<'_> {
    pub(crate) fn is_empty(&self) -> bool {
        self.compact.is_empty()
    }

    /// Folded, words apart.
    pub(crate) fn folded(&self) -> String {
        fold::folded(self.raw)
    }
}

/// A person ready to be compared.
#[derive(Clone, Debug)]
pub struct Person {
    text: Box<str>,
    ends: [u32; SLOTS],
    pub(crate) birth: Option<(u16, u8, u8)>,
    pub(crate) structure: bool,
    pub(crate) street_abbreviated: bool,
}

/// `s` trimmed, at most [`MAX_VALUE`] bytes (cut at a character).
fn bounded(s: &str) -> &str {
    let s = s.trim();
    if s.len() <= MAX_VALUE {
        return s;
    }
    let mut end = MAX_VALUE;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

impl Person {
    /// The forms of `text`'s values.
    pub fn new(text: PersonText) -> Person {
        let email = bounded(&text.email);
        let phones: Vec<String> = [&text.phone, &text.mobile]
            .into_iter()
            .filter_map(|p| fold::phone_digits(bounded(p)))
            .collect();
        let phones_raw = [bounded(&text.phone), bounded(&text.mobile)]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" / ");
        let street_line = bounded(&text.address_line1);
        let (street, street_abbreviated) = fold::street(street_line);
        let address_raw = [street_line, bounded(&text.postal_code), bounded(&text.town)]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let first = if text.structure {
            ""
        } else {
            bounded(&text.first_name)
        };
        let last = bounded(if text.structure {
            &text.structure_name
        } else {
            &text.last_name
        });
        let (first_compact, last_compact) = (
            fold::compact(&fold::folded(first)),
            fold::compact(&fold::folded(last)),
        );
        let birth_raw = bounded(&text.birthdate);
        let parts: [&str; SLOTS] = [
            bounded(&text.id),
            first,
            &first_compact,
            &fold::skeleton(&first_compact),
            last,
            &last_compact,
            &fold::skeleton(&last_compact),
            email,
            &email.to_lowercase(),
            birth_raw,
            &phones_raw,
            phones.first().map_or("", String::as_str),
            phones.get(1).map_or("", String::as_str),
            &address_raw,
            &street,
            &fold::folded(bounded(&text.postal_code)).replace(' ', ""),
        ];
        let mut all = String::with_capacity(parts.iter().map(|p| p.len()).sum());
        let mut ends = [0u32; SLOTS];
        for (i, part) in parts.iter().enumerate() {
            all.push_str(part);
            // At most 16 values of a few KiB each: far below 4 GiB.
            ends[i] = u32::try_from(all.len()).unwrap_or(u32::MAX);
        }
        Person {
            text: all.into_boxed_str(),
            ends,
            birth: fold::date(birth_raw),
            structure: text.structure,
            street_abbreviated,
        }
    }

    fn get(&self, slot: Slot) -> &str {
        let i = slot as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..self.ends[i] as usize).unwrap_or("")
    }

    /// What names the person in the output.
    pub fn id(&self) -> &str {
        self.get(Slot::Id)
    }

    pub(crate) fn first(&self) -> Name<'_> {
        Name {
            raw: self.get(Slot::FirstRaw),
            compact: self.get(Slot::FirstCompact),
            skeleton: self.get(Slot::FirstSkeleton),
        }
    }

    /// The family name; a structure's name for a structure.
    pub(crate) fn last(&self) -> Name<'_> {
        Name {
            raw: self.get(Slot::LastRaw),
            compact: self.get(Slot::LastCompact),
            skeleton: self.get(Slot::LastSkeleton),
        }
    }

    pub(crate) fn email(&self) -> &str {
        self.get(Slot::Email)
    }

    pub(crate) fn email_lower(&self) -> &str {
        self.get(Slot::EmailLower)
    }

    pub(crate) fn birth_raw(&self) -> &str {
        self.get(Slot::BirthRaw)
    }

    /// Phone and mobile as written, for the explanation.
    pub(crate) fn phones_raw(&self) -> &str {
        self.get(Slot::PhonesRaw)
    }

    /// The last nine digits of each phone.
    pub(crate) fn phones(&self) -> impl Iterator<Item = &str> {
        [self.get(Slot::Phone1), self.get(Slot::Phone2)]
            .into_iter()
            .filter(|p| !p.is_empty())
    }

    /// The street line, postal code and town as written.
    pub(crate) fn address_raw(&self) -> &str {
        self.get(Slot::AddressRaw)
    }

    /// The street line as compared.
    pub(crate) fn street(&self) -> &str {
        self.get(Slot::Street)
    }

    pub(crate) fn postal(&self) -> &str {
        self.get(Slot::Postal)
    }

    /// The email's local part, lower case.
    pub(crate) fn email_local(&self) -> Option<&str> {
        self.email_lower()
            .split_once('@')
            .map(|(local, _)| local)
            .filter(|l| l.len() >= 3)
    }
}
