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

/// A name in the forms it is compared in.
#[derive(Clone, Debug, Default)]
pub(crate) struct Name {
    pub(crate) raw: String,
    pub(crate) folded: String,
    pub(crate) compact: String,
    pub(crate) skeleton: String,
}

impl Name {
    fn new(raw: &str) -> Name {
        let raw = raw.trim().to_string();
        let folded = fold::folded(&raw);
        let compact = fold::compact(&folded);
        let skeleton = fold::skeleton(&compact);
        Name {
            raw,
            folded,
            compact,
            skeleton,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.compact.is_empty()
    }
}

/// A person ready to be compared.
#[derive(Clone, Debug, Default)]
pub struct Person {
    /// What names the person in the output.
    pub id: String,
    pub(crate) structure: bool,
    pub(crate) first: Name,
    /// The family name; a structure's name for a structure.
    pub(crate) last: Name,
    pub(crate) email: String,
    pub(crate) email_lower: String,
    pub(crate) birth_raw: String,
    pub(crate) birth: Option<(u16, u8, u8)>,
    /// Phone and mobile as written, for the explanation.
    pub(crate) phones_raw: String,
    pub(crate) phones: Vec<String>,
    /// The street line, postal code and town as written.
    pub(crate) address_raw: String,
    pub(crate) street: String,
    pub(crate) street_abbreviated: bool,
    pub(crate) postal: String,
}

impl Person {
    /// The forms of `text`'s values.
    pub fn new(text: PersonText) -> Person {
        let email = text.email.trim().to_string();
        let email_lower = email.to_lowercase();
        let phones: Vec<String> = [&text.phone, &text.mobile]
            .into_iter()
            .filter_map(|p| fold::phone_digits(p))
            .collect();
        let phones_raw = [text.phone.trim(), text.mobile.trim()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" / ");
        let (street, street_abbreviated) = fold::street(&text.address_line1);
        let address_raw = [
            text.address_line1.trim(),
            text.postal_code.trim(),
            text.town.trim(),
        ]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
        let last = if text.structure {
            &text.structure_name
        } else {
            &text.last_name
        };
        Person {
            id: text.id,
            structure: text.structure,
            first: if text.structure {
                Name::default()
            } else {
                Name::new(&text.first_name)
            },
            last: Name::new(last),
            email,
            email_lower,
            birth: fold::date(&text.birthdate),
            birth_raw: text.birthdate.trim().to_string(),
            phones_raw,
            phones,
            address_raw,
            street,
            street_abbreviated,
            postal: fold::folded(&text.postal_code).replace(' ', ""),
        }
    }

    /// The email's local part, lower case.
    pub(crate) fn email_local(&self) -> Option<&str> {
        self.email_lower
            .split_once('@')
            .map(|(local, _)| local)
            .filter(|l| l.len() >= 3)
    }
}
