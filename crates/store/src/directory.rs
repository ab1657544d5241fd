//! Who may use the base: institutions, their users, sign-in sessions and API
//! tokens. Secrets are never stored: sessions and tokens are kept as hashes
//! of the random value the person holds, passwords as Argon2 hashes made by
//! the caller.

use jiff::Timestamp;

use crate::{Institution, InstitutionSettings, StoreError};

/// What a user may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Imports in the non-destructive modes; reads everything of the
    /// institution.
    Staff,
    /// Also the destructive modes, reference data and users.
    Admin,
}

impl Role {
    /// The stable name (`staff`, `admin`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }

    /// Parses the stable name.
    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "staff" => Some(Role::Staff),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// A person who signs in.
#[derive(Clone, Debug)]
pub struct User {
    /// Database id.
    pub id: i64,
    /// The institution the user belongs to (and sees, alone).
    pub institution_id: i64,
    /// Sign-in email, lower case.
    pub email: String,
    /// What the user may do.
    pub role: Role,
    /// The Argon2 hash of the password (PHC string).
    pub password_hash: String,
    /// The language the user chose, if any.
    pub language: Option<String>,
}

/// A user to create.
#[derive(Clone, Debug)]
pub struct NewUser {
    /// Institution.
    pub institution_id: i64,
    /// Sign-in email (stored lower case).
    pub email: String,
    /// Role.
    pub role: Role,
    /// The Argon2 hash of the password.
    pub password_hash: String,
}

/// An API token as listed (never the token itself).
#[derive(Clone, Debug)]
pub struct TokenRecord {
    /// Id (what `intake tokens revoke` takes).
    pub id: i64,
    /// Whose.
    pub user_email: String,
    /// What it is for.
    pub label: String,
    /// When made.
    pub created_at: Timestamp,
    /// When revoked.
    pub revoked_at: Option<Timestamp>,
}

/// Institutions, users, sessions and tokens.
pub trait Directory {
    /// Every institution, oldest first.
    fn institutions(&mut self) -> Result<Vec<Institution>, StoreError>;

    /// The institution with this code (case-insensitive).
    fn institution_by_code(&mut self, code: &str) -> Result<Option<Institution>, StoreError>;

    /// The institution with this id.
    fn institution_by_id(&mut self, id: i64) -> Result<Option<Institution>, StoreError>;

    /// Adds an institution.
    ///
    /// # Errors
    ///
    /// [`StoreError::Exists`] when the code is taken.
    fn add_institution(
        &mut self,
        settings: &InstitutionSettings,
    ) -> Result<Institution, StoreError>;

    /// Adds a user.
    ///
    /// # Errors
    ///
    /// [`StoreError::Exists`] when the email is taken (in any institution:
    /// one email signs in to one institution).
    fn add_user(&mut self, user: &NewUser) -> Result<User, StoreError>;

    /// The users of an institution (or of all), by email.
    fn users(&mut self, institution_id: Option<i64>) -> Result<Vec<User>, StoreError>;

    /// The user with this sign-in email (case-insensitive).
    fn user_by_email(&mut self, email: &str) -> Result<Option<User>, StoreError>;

    /// Removes a user with their sessions and tokens; false when none.
    fn remove_user(&mut self, email: &str) -> Result<bool, StoreError>;

    /// Records the language a user chose.
    fn set_user_language(&mut self, user_id: i64, language: &str) -> Result<(), StoreError>;

    /// Records a sign-in session (by the hash of its cookie value).
    fn add_web_session(
        &mut self,
        token_hash: &str,
        user_id: i64,
        csrf: &str,
        expires_at: Timestamp,
    ) -> Result<(), StoreError>;

    /// The user and CSRF token of a session that has not expired.
    fn web_session(&mut self, token_hash: &str) -> Result<Option<(User, String)>, StoreError>;

    /// Ends a session.
    fn remove_web_session(&mut self, token_hash: &str) -> Result<(), StoreError>;

    /// Records an API token (by its hash); returns its id.
    fn add_token(&mut self, user_id: i64, token_hash: &str, label: &str)
    -> Result<i64, StoreError>;

    /// The user of a token that was not revoked.
    fn token_user(&mut self, token_hash: &str) -> Result<Option<User>, StoreError>;

    /// The tokens of an institution's users.
    fn tokens(&mut self, institution_id: i64) -> Result<Vec<TokenRecord>, StoreError>;

    /// Revokes a token of the institution; false when there is none.
    fn revoke_token(&mut self, institution_id: i64, token_id: i64) -> Result<bool, StoreError>;
}
