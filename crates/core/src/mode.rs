//! What an import does with its rows.

/// What an import does with the rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Create contacts whose email is not in the base yet.
    Create,
    /// Update the matched contacts' fields present in the file.
    Update,
    /// Update when matched, create otherwise.
    Upsert,
    /// Set criteria elements and structure types only.
    Qualify,
    /// Mark the matched contacts inactive.
    Inactivate,
    /// Remove the matched contacts' personal data for good.
    Anonymize,
    /// Remove the matched contacts; their numbers are never given again.
    Delete,
}

impl Mode {
    /// Every mode this build runs.
    pub const ALL: &[Mode] = &[
        Mode::Create,
        Mode::Update,
        Mode::Upsert,
        Mode::Qualify,
        Mode::Inactivate,
        Mode::Anonymize,
        Mode::Delete,
    ];

    /// The stable name (`create`, `update`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Create => "create",
            Mode::Update => "update",
            Mode::Upsert => "upsert",
            Mode::Qualify => "qualify",
            Mode::Inactivate => "inactivate",
            Mode::Anonymize => "anonymize",
            Mode::Delete => "delete",
        }
    }

    /// Parses the stable name.
    ///
    /// ```
    /// use intake_core::Mode;
    /// assert_eq!(Mode::parse("upsert"), Some(Mode::Upsert));
    /// assert_eq!(Mode::parse("Upsert"), None);
    /// assert!(Mode::Delete.is_irreversible() && !Mode::Inactivate.is_irreversible());
    /// ```
    pub fn parse(s: &str) -> Option<Mode> {
        Mode::ALL.iter().copied().find(|m| m.as_str() == s)
    }

    /// Inactivate, anonymize and delete: administrators only, and asked
    /// for confirmation.
    pub fn is_destructive(self) -> bool {
        matches!(self, Mode::Inactivate | Mode::Anonymize | Mode::Delete)
    }

    /// Anonymize and delete: no undo.
    pub fn is_irreversible(self) -> bool {
        matches!(self, Mode::Anonymize | Mode::Delete)
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mode_parses_back_from_its_name() {
        for mode in Mode::ALL {
            assert_eq!(Mode::parse(mode.as_str()), Some(*mode));
        }
        assert_eq!(Mode::parse(""), None);
        assert_eq!(Mode::parse("merge"), None);
    }
}
