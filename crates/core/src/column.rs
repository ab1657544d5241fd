//! The canonical columns of the import format.

/// A column of the canonical import format, in template order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// The contact's email address (the key of the basic import).
    Email,
    /// INDIVIDUAL or STRUCTURE.
    ContactType,
    /// MR, MRS, MISS, MR_AND_MRS, UNDEFINED.
    Title,
    /// Given name.
    FirstName,
    /// Family name.
    LastName,
    /// `dd.mm.yyyy`.
    Birthdate,
    /// ISO 639-1 code of the preferred language.
    Language,
    /// Name of a structure (company, school, association).
    StructureName,
    /// First street line of the main address.
    AddressLine1,
    /// Second street line of the main address.
    AddressLine2,
    /// Postal code of the main address.
    PostalCode,
    /// Town of the main address.
    Town,
    /// State, department or canton of the main address.
    State,
    /// Country of the main address.
    Country,
}

impl Column {
    /// Every column, in template order.
    pub const ALL: [Column; 14] = [
        Column::Email,
        Column::ContactType,
        Column::Title,
        Column::FirstName,
        Column::LastName,
        Column::Birthdate,
        Column::Language,
        Column::StructureName,
        Column::AddressLine1,
        Column::AddressLine2,
        Column::PostalCode,
        Column::Town,
        Column::State,
        Column::Country,
    ];

    /// The columns of the basic template, in its order (email first).
    pub const BASIC_TEMPLATE: [Column; 12] = [
        Column::Email,
        Column::Title,
        Column::FirstName,
        Column::LastName,
        Column::Birthdate,
        Column::Language,
        Column::AddressLine1,
        Column::AddressLine2,
        Column::PostalCode,
        Column::Town,
        Column::State,
        Column::Country,
    ];

    /// The address group: a row with any of these must have a complete address.
    pub const ADDRESS: [Column; 6] = [
        Column::AddressLine1,
        Column::AddressLine2,
        Column::PostalCode,
        Column::Town,
        Column::State,
        Column::Country,
    ];

    /// The canonical name, as in the template and in JSON exports.
    pub fn name(self) -> &'static str {
        match self {
            Column::Email => "email",
            Column::ContactType => "contact_type",
            Column::Title => "title",
            Column::FirstName => "first_name",
            Column::LastName => "last_name",
            Column::Birthdate => "birthdate",
            Column::Language => "language",
            Column::StructureName => "structure_name",
            Column::AddressLine1 => "address_line1",
            Column::AddressLine2 => "address_line2",
            Column::PostalCode => "postal_code",
            Column::Town => "town",
            Column::State => "state",
            Column::Country => "country",
        }
    }

    /// The column with this canonical name.
    pub fn from_name(name: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Position in [`Column::ALL`], for fixed-size per-column tables.
    pub fn index(self) -> usize {
        self as usize
    }
}
