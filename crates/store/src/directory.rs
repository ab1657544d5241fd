//! Who may use the base: institutions, their users, sign-in sessions and API
//! tokens. Secrets are never stored: sessions and tokens are kept as hashes
//! of the random value the person holds, passwords as Argon2 hashes made by
//! the caller.

use intake_core::value::{Language, Title};
use jiff::Timestamp;

use crate::sql::{Sql, SqlRow, Val, atomically};
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

fn corrupt(what: String) -> StoreError {
    StoreError::Corrupt(what)
}

/// The institutions a `WHERE` clause selects.
pub(crate) fn institutions_where(
    sql: &mut (impl Sql + ?Sized),
    clause: &str,
    params: &[Val],
) -> Result<Vec<Institution>, StoreError> {
    let rows = sql.query(
        &format!(
            "SELECT id, code, name, languages, default_language, default_title
             FROM institution WHERE {clause}"
        ),
        params,
    )?;
    rows.iter().map(institution_from_row).collect()
}

fn institution_from_row(row: &SqlRow) -> Result<Institution, StoreError> {
    let id = row
        .int(0)?
        .ok_or_else(|| corrupt("institution without id".into()))?;
    let bad = |what: &str, value: &str| corrupt(format!("institution {id}: {what} {value:?}"));
    let languages = row.string(3)?;
    let default_language = row.string(4)?;
    let default_title = row.string(5)?;
    Ok(Institution {
        id,
        code: row.string(1)?,
        name: row.string(2)?,
        languages: languages
            .split(',')
            .map(|l| Language::parse(l).ok_or_else(|| bad("language", l)))
            .collect::<Result<_, _>>()?,
        default_language: Language::parse(&default_language)
            .ok_or_else(|| bad("language", &default_language))?,
        default_title: Title::parse(&default_title).ok_or_else(|| bad("title", &default_title))?,
    })
}

const USER_COLUMNS: &str = "u.id, u.institution_id, u.email, u.role, u.password_hash, u.language";

fn user_from_row(row: &SqlRow) -> Result<User, StoreError> {
    let id = row
        .int(0)?
        .ok_or_else(|| corrupt("user without id".into()))?;
    let role = row.string(3)?;
    Ok(User {
        id,
        institution_id: row
            .int(1)?
            .ok_or_else(|| corrupt(format!("user {id}: no institution")))?,
        email: row.string(2)?,
        role: Role::parse(&role).ok_or_else(|| corrupt(format!("user {id}: role {role:?}")))?,
        password_hash: row.string(4)?,
        language: row.text(5)?,
    })
}

/// A sign-in email as it is kept: trimmed, lower case.
fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Written once for both stores, over their SQL.
impl<S: Sql + ?Sized> Directory for S {
    fn institutions(&mut self) -> Result<Vec<Institution>, StoreError> {
        institutions_where(self, "1 = 1 ORDER BY id", &[])
    }

    fn institution_by_code(&mut self, code: &str) -> Result<Option<Institution>, StoreError> {
        Ok(
            institutions_where(self, "upper(code) = upper(?)", &[code.into()])?
                .into_iter()
                .next(),
        )
    }

    fn institution_by_id(&mut self, id: i64) -> Result<Option<Institution>, StoreError> {
        Ok(institutions_where(self, "id = ?", &[id.into()])?
            .into_iter()
            .next())
    }

    fn add_institution(&mut self, s: &InstitutionSettings) -> Result<Institution, StoreError> {
        if self.institution_by_code(&s.code)?.is_some() {
            return Err(StoreError::Exists(format!("institution {}", s.code)));
        }
        let languages: Vec<&str> = s.languages.iter().map(|l| l.as_str()).collect();
        let rows = self.query(
            "INSERT INTO institution (code, name, languages, default_language, default_title,
                next_contact_number, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
             RETURNING id",
            &[
                s.code.as_str().into(),
                s.name.as_str().into(),
                languages.join(",").into(),
                s.default_language.as_str().into(),
                s.default_title.as_str().into(),
                s.first_contact_number.into(),
                Val::Time(Timestamp::now()),
            ],
        )?;
        let id = rows.first().map(|r| r.int(0)).transpose()?.flatten();
        let id = id.ok_or_else(|| corrupt("institution just added: no id".into()))?;
        self.institution_by_id(id)?
            .ok_or_else(|| corrupt(format!("institution {id} just added")))
    }

    fn add_user(&mut self, user: &NewUser) -> Result<User, StoreError> {
        let email = email_key(&user.email);
        if self.user_by_email(&email)?.is_some() {
            return Err(StoreError::Exists(format!("user {email}")));
        }
        self.exec(
            "INSERT INTO app_user (institution_id, email, role, password_hash, created_at)
             VALUES (?, ?, ?, ?, ?)",
            &[
                user.institution_id.into(),
                email.as_str().into(),
                user.role.as_str().into(),
                user.password_hash.as_str().into(),
                Val::Time(Timestamp::now()),
            ],
        )?;
        self.user_by_email(&email)?
            .ok_or_else(|| corrupt(format!("user {email} just added")))
    }

    fn users(&mut self, institution_id: Option<i64>) -> Result<Vec<User>, StoreError> {
        let rows = self.query(
            &format!(
                "SELECT {USER_COLUMNS} FROM app_user u
                 WHERE CAST(? AS BIGINT) IS NULL OR u.institution_id = ? ORDER BY u.email"
            ),
            &[institution_id.into(), institution_id.into()],
        )?;
        rows.iter().map(user_from_row).collect()
    }

    fn user_by_email(&mut self, email: &str) -> Result<Option<User>, StoreError> {
        let rows = self.query(
            &format!("SELECT {USER_COLUMNS} FROM app_user u WHERE u.email = ?"),
            &[email_key(email).into()],
        )?;
        rows.first().map(user_from_row).transpose()
    }

    fn remove_user(&mut self, email: &str) -> Result<bool, StoreError> {
        let Some(user) = self.user_by_email(email)? else {
            return Ok(false);
        };
        atomically(self.as_sql(), |sql| {
            let id = [Val::from(user.id)];
            sql.exec("DELETE FROM web_session WHERE user_id = ?", &id)?;
            sql.exec("DELETE FROM api_token WHERE user_id = ?", &id)?;
            sql.exec("DELETE FROM app_user WHERE id = ?", &id)?;
            Ok(())
        })?;
        Ok(true)
    }

    fn set_user_language(&mut self, user_id: i64, language: &str) -> Result<(), StoreError> {
        self.exec(
            "UPDATE app_user SET language = ? WHERE id = ?",
            &[language.into(), user_id.into()],
        )?;
        Ok(())
    }

    fn add_web_session(
        &mut self,
        token_hash: &str,
        user_id: i64,
        csrf: &str,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        // Sessions that ran out go when new ones come (each read and
        // compared here: the two stores keep moments differently).
        let now = Timestamp::now();
        let rows = self.query(
            "SELECT token_hash, expires_at FROM web_session WHERE user_id = ?",
            &[user_id.into()],
        )?;
        for row in rows {
            if row.time(1)?.is_some_and(|t| t < now) {
                self.exec(
                    "DELETE FROM web_session WHERE token_hash = ?",
                    &[row.string(0)?.into()],
                )?;
            }
        }
        self.exec(
            "INSERT INTO web_session (token_hash, user_id, csrf, expires_at)
             VALUES (?, ?, ?, ?)",
            &[
                token_hash.into(),
                user_id.into(),
                csrf.into(),
                Val::Time(expires_at),
            ],
        )?;
        Ok(())
    }

    fn web_session(&mut self, token_hash: &str) -> Result<Option<(User, String)>, StoreError> {
        let rows = self.query(
            &format!(
                "SELECT {USER_COLUMNS}, s.csrf, s.expires_at FROM web_session s
                 JOIN app_user u ON u.id = s.user_id WHERE s.token_hash = ?"
            ),
            &[token_hash.into()],
        )?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        if row.time(7)?.is_none_or(|t| t < Timestamp::now()) {
            return Ok(None);
        }
        Ok(Some((user_from_row(row)?, row.string(6)?)))
    }

    fn remove_web_session(&mut self, token_hash: &str) -> Result<(), StoreError> {
        self.exec(
            "DELETE FROM web_session WHERE token_hash = ?",
            &[token_hash.into()],
        )?;
        Ok(())
    }

    fn add_token(
        &mut self,
        user_id: i64,
        token_hash: &str,
        label: &str,
    ) -> Result<i64, StoreError> {
        let rows = self.query(
            "INSERT INTO api_token (user_id, token_hash, label, created_at)
             VALUES (?, ?, ?, ?) RETURNING id",
            &[
                user_id.into(),
                token_hash.into(),
                label.into(),
                Val::Time(Timestamp::now()),
            ],
        )?;
        rows.first()
            .map(|r| r.int(0))
            .transpose()?
            .flatten()
            .ok_or_else(|| corrupt("token just added: no id".into()))
    }

    fn token_user(&mut self, token_hash: &str) -> Result<Option<User>, StoreError> {
        let rows = self.query(
            &format!(
                "SELECT {USER_COLUMNS} FROM api_token t JOIN app_user u ON u.id = t.user_id
                 WHERE t.token_hash = ? AND t.revoked_at IS NULL"
            ),
            &[token_hash.into()],
        )?;
        rows.first().map(user_from_row).transpose()
    }

    fn tokens(&mut self, institution_id: i64) -> Result<Vec<TokenRecord>, StoreError> {
        let rows = self.query(
            "SELECT t.id, u.email, t.label, t.created_at, t.revoked_at
             FROM api_token t JOIN app_user u ON u.id = t.user_id
             WHERE u.institution_id = ? ORDER BY t.id",
            &[institution_id.into()],
        )?;
        rows.iter()
            .map(|r| {
                let id = r
                    .int(0)?
                    .ok_or_else(|| corrupt("token without id".into()))?;
                Ok(TokenRecord {
                    id,
                    user_email: r.string(1)?,
                    label: r.string(2)?,
                    created_at: r
                        .time(3)?
                        .ok_or_else(|| corrupt(format!("token {id}: no creation time")))?,
                    revoked_at: r.time(4)?,
                })
            })
            .collect()
    }

    fn revoke_token(&mut self, institution_id: i64, token_id: i64) -> Result<bool, StoreError> {
        let n = self.exec(
            "UPDATE api_token SET revoked_at = ?
             WHERE id = ? AND revoked_at IS NULL
               AND user_id IN (SELECT id FROM app_user WHERE institution_id = ?)",
            &[
                Val::Time(Timestamp::now()),
                token_id.into(),
                institution_id.into(),
            ],
        )?;
        Ok(n > 0)
    }
}
