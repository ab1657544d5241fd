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
    /// The contact's number (extended format): a legacy number to keep, or
    /// the key of an update.
    ContactNumber,
    /// A structure type code defined by the institution.
    StructureType,
    /// VAT or company number of a structure.
    AdministrativeNumber,
    /// Phone number.
    Phone,
    /// Mobile number.
    Mobile,
    /// First street line of the billing address.
    BillingAddressLine1,
    /// Second street line of the billing address.
    BillingAddressLine2,
    /// Postal code of the billing address.
    BillingPostalCode,
    /// Town of the billing address.
    BillingTown,
    /// State of the billing address.
    BillingState,
    /// Country of the billing address.
    BillingCountry,
    /// First street line of the shipping address.
    ShippingAddressLine1,
    /// Second street line of the shipping address.
    ShippingAddressLine2,
    /// Postal code of the shipping address.
    ShippingPostalCode,
    /// Town of the shipping address.
    ShippingTown,
    /// State of the shipping address.
    ShippingState,
    /// Country of the shipping address.
    ShippingCountry,
    /// A `criterion:CODE` column (its code is in the issue's `code` detail).
    Criterion,
    /// An `authorization:CODE` column (its code is in the issue's `code` detail).
    Authorization,
}

/// One of the three address groups: main, billing, shipping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AddressGroup {
    /// The main postal address.
    Main,
    /// The billing address (`billing_…`).
    Billing,
    /// The shipping address (`shipping_…`).
    Shipping,
}

impl AddressGroup {
    /// The three groups.
    pub const ALL: [AddressGroup; 3] = [
        AddressGroup::Main,
        AddressGroup::Billing,
        AddressGroup::Shipping,
    ];

    /// The group's columns: line1, line2, postal code, town, state, country.
    pub fn columns(self) -> [Column; 6] {
        match self {
            AddressGroup::Main => Column::ADDRESS,
            AddressGroup::Billing => [
                Column::BillingAddressLine1,
                Column::BillingAddressLine2,
                Column::BillingPostalCode,
                Column::BillingTown,
                Column::BillingState,
                Column::BillingCountry,
            ],
            AddressGroup::Shipping => [
                Column::ShippingAddressLine1,
                Column::ShippingAddressLine2,
                Column::ShippingPostalCode,
                Column::ShippingTown,
                Column::ShippingState,
                Column::ShippingCountry,
            ],
        }
    }
}

impl Column {
    /// Every column with a fixed name, in extended template order (the
    /// `criterion:`/`authorization:` columns come after them).
    pub const ALL: [Column; 31] = [
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
        Column::ContactNumber,
        Column::StructureType,
        Column::AdministrativeNumber,
        Column::Phone,
        Column::Mobile,
        Column::BillingAddressLine1,
        Column::BillingAddressLine2,
        Column::BillingPostalCode,
        Column::BillingTown,
        Column::BillingState,
        Column::BillingCountry,
        Column::ShippingAddressLine1,
        Column::ShippingAddressLine2,
        Column::ShippingPostalCode,
        Column::ShippingTown,
        Column::ShippingState,
        Column::ShippingCountry,
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

    /// The fixed columns of the extended template, in its order (the
    /// institution's criteria and authorizations follow).
    pub const EXTENDED_TEMPLATE: [Column; 31] = [
        Column::ContactNumber,
        Column::ContactType,
        Column::Title,
        Column::FirstName,
        Column::LastName,
        Column::Birthdate,
        Column::Language,
        Column::Email,
        Column::Phone,
        Column::Mobile,
        Column::StructureName,
        Column::StructureType,
        Column::AdministrativeNumber,
        Column::AddressLine1,
        Column::AddressLine2,
        Column::PostalCode,
        Column::Town,
        Column::State,
        Column::Country,
        Column::BillingAddressLine1,
        Column::BillingAddressLine2,
        Column::BillingPostalCode,
        Column::BillingTown,
        Column::BillingState,
        Column::BillingCountry,
        Column::ShippingAddressLine1,
        Column::ShippingAddressLine2,
        Column::ShippingPostalCode,
        Column::ShippingTown,
        Column::ShippingState,
        Column::ShippingCountry,
    ];

    /// The main address group: a row with any of these must have a complete address.
    pub const ADDRESS: [Column; 6] = [
        Column::AddressLine1,
        Column::AddressLine2,
        Column::PostalCode,
        Column::Town,
        Column::State,
        Column::Country,
    ];

    /// The canonical name, as in the template, in JSON exports and as the
    /// contact base's column.
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
            Column::ContactNumber => "contact_number",
            Column::StructureType => "structure_type",
            Column::AdministrativeNumber => "administrative_number",
            Column::Phone => "phone",
            Column::Mobile => "mobile",
            Column::BillingAddressLine1 => "billing_address_line1",
            Column::BillingAddressLine2 => "billing_address_line2",
            Column::BillingPostalCode => "billing_postal_code",
            Column::BillingTown => "billing_town",
            Column::BillingState => "billing_state",
            Column::BillingCountry => "billing_country",
            Column::ShippingAddressLine1 => "shipping_address_line1",
            Column::ShippingAddressLine2 => "shipping_address_line2",
            Column::ShippingPostalCode => "shipping_postal_code",
            Column::ShippingTown => "shipping_town",
            Column::ShippingState => "shipping_state",
            Column::ShippingCountry => "shipping_country",
            Column::Criterion => "criterion",
            Column::Authorization => "authorization",
        }
    }

    /// The longest value the column takes, in characters: a longer cell
    /// rejects its row (`cell.too_long`). Room for any real value; none
    /// over 1,000, so that no cell can swell the base, its exports (Excel
    /// holds 32,767 characters in a cell) or its log.
    pub fn max_chars(self) -> usize {
        match self {
            Column::ContactNumber
            | Column::PostalCode
            | Column::BillingPostalCode
            | Column::ShippingPostalCode
            | Column::Authorization => 20,
            Column::ContactType | Column::Title | Column::Birthdate | Column::Language => 30,
            Column::Phone | Column::Mobile => 40,
            Column::StructureType => 50,
            Column::FirstName
            | Column::LastName
            | Column::Town
            | Column::State
            | Column::Country
            | Column::BillingTown
            | Column::BillingState
            | Column::BillingCountry
            | Column::ShippingTown
            | Column::ShippingState
            | Column::ShippingCountry
            | Column::AdministrativeNumber => 100,
            Column::StructureName
            | Column::AddressLine1
            | Column::AddressLine2
            | Column::BillingAddressLine1
            | Column::BillingAddressLine2
            | Column::ShippingAddressLine1
            | Column::ShippingAddressLine2 => 200,
            Column::Email => 254,
            Column::Criterion => 1000,
        }
    }

    /// The column with this canonical name.
    pub fn from_name(name: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Position in [`Column::ALL`], for fixed-size per-column tables (the
    /// two `…:CODE` markers share the last slots).
    pub fn index(self) -> usize {
        self as usize
    }
}
