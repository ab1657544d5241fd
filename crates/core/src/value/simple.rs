use std::fmt;

/// Whether a contact is a person or an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum ContactType {
    /// A person.
    #[default]
    Individual,
    /// A company, school, association, …
    Structure,
}

impl ContactType {
    /// Parses `INDIVIDUAL` or `STRUCTURE`, case-insensitively.
    pub fn parse(s: &str) -> Option<ContactType> {
        match s.to_ascii_uppercase().as_str() {
            "INDIVIDUAL" => Some(ContactType::Individual),
            "STRUCTURE" => Some(ContactType::Structure),
            _ => None,
        }
    }

    /// `INDIVIDUAL` or `STRUCTURE`.
    pub fn as_str(self) -> &'static str {
        match self {
            ContactType::Individual => "INDIVIDUAL",
            ContactType::Structure => "STRUCTURE",
        }
    }
}

/// How to address a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Title {
    /// Mister.
    Mr,
    /// Missus.
    Mrs,
    /// Miss.
    Miss,
    /// A couple.
    MrAndMrs,
    /// Not known (the usual default).
    #[default]
    Undefined,
}

impl Title {
    /// Every title, in the order of the template drop-down.
    pub const ALL: [Title; 5] = [
        Title::Mr,
        Title::Mrs,
        Title::Miss,
        Title::MrAndMrs,
        Title::Undefined,
    ];

    /// Parses one of the five codes, case-insensitively.
    pub fn parse(s: &str) -> Option<Title> {
        Title::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
    }

    /// The stored code (`MR_AND_MRS`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Title::Mr => "MR",
            Title::Mrs => "MRS",
            Title::Miss => "MISS",
            Title::MrAndMrs => "MR_AND_MRS",
            Title::Undefined => "UNDEFINED",
        }
    }

    /// The code a common salutation most likely means, for a suggestion in
    /// the message ("Monsieur" → MR). Never applied silently.
    pub fn suggest(s: &str) -> Option<Title> {
        let folded = deunicode::deunicode(s).to_lowercase();
        let folded = folded.trim_end_matches('.');
        match folded {
            "m" | "mr" | "monsieur" | "herr" | "hr" | "signor" | "sig" | "sr" | "mister" => {
                Some(Title::Mr)
            }
            "mme" | "madame" | "frau" | "fr" | "signora" | "sig.ra" | "sra" | "mrs" | "ms" => {
                Some(Title::Mrs)
            }
            "mlle" | "mademoiselle" | "fraulein" | "signorina" | "sig.na" | "miss" => {
                Some(Title::Miss)
            }
            "m. et mme" | "monsieur et madame" | "herr und frau" | "mr and mrs" | "mr & mrs"
            | "signori" => Some(Title::MrAndMrs),
            _ => None,
        }
    }
}

impl fmt::Display for Title {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An ISO 639-1 language code, lower case (`fr`, `de`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Language([u8; 2]);

impl Language {
    /// Parses a two-letter code, case-insensitively.
    pub fn parse(s: &str) -> Option<Language> {
        let b = s.as_bytes();
        (b.len() == 2 && b.iter().all(u8::is_ascii_alphabetic))
            .then(|| Language([b[0].to_ascii_lowercase(), b[1].to_ascii_lowercase()]))
    }

    /// The lower-case code.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(Title::parse("mr_and_mrs"), Some(Title::MrAndMrs));
        assert_eq!(Title::parse("Mrs"), Some(Title::Mrs));
        assert_eq!(Title::parse("Monsieur"), None);
        assert_eq!(Title::suggest("Monsieur"), Some(Title::Mr));
        assert_eq!(Title::suggest("Frau"), Some(Title::Mrs));
        assert_eq!(Title::suggest("Dr."), None);
    }

    #[test]
    fn languages_and_types() {
        assert_eq!(Language::parse("FR").unwrap().as_str(), "fr");
        assert!(Language::parse("fra").is_none());
        assert!(Language::parse("f1").is_none());
        assert_eq!(
            ContactType::parse("structure"),
            Some(ContactType::Structure)
        );
        assert_eq!(ContactType::parse("person"), None);
    }
}

/// Where a contact stands: kept in the base as its stable name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContactStatus {
    /// In use.
    Active,
    /// Kept, no longer addressed (an inactivate import).
    Inactive,
    /// Its personal data erased for good (an anonymize import).
    Anonymized,
}

impl ContactStatus {
    /// Every status.
    pub const ALL: [ContactStatus; 3] = [
        ContactStatus::Active,
        ContactStatus::Inactive,
        ContactStatus::Anonymized,
    ];

    /// The stable name (`active`, `inactive`, `anonymized`).
    pub fn as_str(self) -> &'static str {
        match self {
            ContactStatus::Active => "active",
            ContactStatus::Inactive => "inactive",
            ContactStatus::Anonymized => "anonymized",
        }
    }

    /// Parses the stable name.
    ///
    /// ```
    /// use intake_core::value::ContactStatus;
    /// assert_eq!(ContactStatus::parse("inactive"), Some(ContactStatus::Inactive));
    /// assert_eq!(ContactStatus::parse("deleted"), None);
    /// ```
    pub fn parse(s: &str) -> Option<ContactStatus> {
        ContactStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl std::fmt::Display for ContactStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
