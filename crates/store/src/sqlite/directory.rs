//! Institutions, users, sessions and tokens in the SQLite file.

use intake_core::value::{Language, Title};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Params, params};

use super::{SqliteStore, corrupt, now, parse_ts};
use crate::{
    Directory, Institution, InstitutionSettings, NewUser, Role, StoreError, TokenRecord, User,
};

/// The institutions a `WHERE` clause selects.
pub(super) fn institutions_where(
    conn: &Connection,
    clause: &str,
    params: impl Params,
) -> Result<Vec<Institution>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id, code, name, languages, default_language, default_title
         FROM institution WHERE {clause}"
    ))?;
    let rows = stmt
        .query_map(params, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(
            |(id, code, name, languages, default_language, default_title)| {
                let languages = languages
                    .split(',')
                    .map(|l| Language::parse(l).ok_or_else(|| corrupt(format!("language {l:?}"))))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Institution {
                    id,
                    code,
                    name,
                    languages,
                    default_language: Language::parse(&default_language)
                        .ok_or_else(|| corrupt(format!("language {default_language:?}")))?,
                    default_title: Title::parse(&default_title)
                        .ok_or_else(|| corrupt(format!("title {default_title:?}")))?,
                })
            },
        )
        .collect()
}

const USER_COLUMNS: &str = "u.id, u.institution_id, u.email, u.role, u.password_hash, u.language";

fn user_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(User, String)> {
    Ok((
        User {
            id: r.get(0)?,
            institution_id: r.get(1)?,
            email: r.get(2)?,
            role: Role::Staff,
            password_hash: r.get(4)?,
            language: r.get(5)?,
        },
        r.get(3)?,
    ))
}

fn finish_user((mut user, role): (User, String)) -> Result<User, StoreError> {
    user.role = Role::parse(&role).ok_or_else(|| corrupt(format!("role {role:?}")))?;
    Ok(user)
}

impl Directory for SqliteStore {
    fn institutions(&mut self) -> Result<Vec<Institution>, StoreError> {
        institutions_where(&self.conn, "1 = 1 ORDER BY id", [])
    }

    fn institution_by_code(&mut self, code: &str) -> Result<Option<Institution>, StoreError> {
        Ok(
            institutions_where(&self.conn, "upper(code) = upper(?1)", [code])?
                .into_iter()
                .next(),
        )
    }

    fn institution_by_id(&mut self, id: i64) -> Result<Option<Institution>, StoreError> {
        Ok(institutions_where(&self.conn, "id = ?1", [id])?
            .into_iter()
            .next())
    }

    fn add_institution(&mut self, s: &InstitutionSettings) -> Result<Institution, StoreError> {
        if self.institution_by_code(&s.code)?.is_some() {
            return Err(StoreError::Exists(format!("institution {}", s.code)));
        }
        let languages: Vec<&str> = s.languages.iter().map(|l| l.as_str()).collect();
        self.conn.execute(
            "INSERT INTO institution (code, name, languages, default_language, default_title,
                next_contact_number, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                s.code,
                s.name,
                languages.join(","),
                s.default_language.as_str(),
                s.default_title.as_str(),
                s.first_contact_number,
                now()
            ],
        )?;
        let id = self.conn.last_insert_rowid();
        self.institution_by_id(id)?
            .ok_or_else(|| corrupt("institution just added"))
    }

    fn add_user(&mut self, user: &NewUser) -> Result<User, StoreError> {
        let email = user.email.trim().to_lowercase();
        if self.user_by_email(&email)?.is_some() {
            return Err(StoreError::Exists(format!("user {email}")));
        }
        self.conn.execute(
            "INSERT INTO app_user (institution_id, email, role, password_hash, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                user.institution_id,
                email,
                user.role.as_str(),
                user.password_hash,
                now()
            ],
        )?;
        self.user_by_email(&email)?
            .ok_or_else(|| corrupt("user just added"))
    }

    fn users(&mut self, institution_id: Option<i64>) -> Result<Vec<User>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {USER_COLUMNS} FROM app_user u
             WHERE ?1 IS NULL OR u.institution_id = ?1 ORDER BY u.email"
        ))?;
        let rows = stmt
            .query_map([institution_id], user_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(finish_user).collect()
    }

    fn user_by_email(&mut self, email: &str) -> Result<Option<User>, StoreError> {
        let row = self
            .conn
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM app_user u WHERE u.email = ?1"),
                [email.trim().to_lowercase()],
                user_from_row,
            )
            .optional()?;
        row.map(finish_user).transpose()
    }

    fn remove_user(&mut self, email: &str) -> Result<bool, StoreError> {
        let Some(user) = self.user_by_email(email)? else {
            return Ok(false);
        };
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM web_session WHERE user_id = ?1", [user.id])?;
        tx.execute("DELETE FROM api_token WHERE user_id = ?1", [user.id])?;
        tx.execute("DELETE FROM app_user WHERE id = ?1", [user.id])?;
        tx.commit()?;
        Ok(true)
    }

    fn set_user_language(&mut self, user_id: i64, language: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE app_user SET language = ?2 WHERE id = ?1",
            params![user_id, language],
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
        // Sessions that ran out go when new ones come.
        self.conn.execute(
            "DELETE FROM web_session WHERE user_id = ?1 AND expires_at < ?2",
            params![user_id, now()],
        )?;
        self.conn.execute(
            "INSERT INTO web_session (token_hash, user_id, csrf, expires_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![token_hash, user_id, csrf, expires_at.to_string()],
        )?;
        Ok(())
    }

    fn web_session(&mut self, token_hash: &str) -> Result<Option<(User, String)>, StoreError> {
        let row = self
            .conn
            .query_row(
                &format!(
                    "SELECT {USER_COLUMNS}, s.csrf, s.expires_at FROM web_session s
                     JOIN app_user u ON u.id = s.user_id WHERE s.token_hash = ?1"
                ),
                [token_hash],
                |r| {
                    Ok((
                        user_from_row(r)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, String>(7)?,
                    ))
                },
            )
            .optional()?;
        let Some((user, csrf, expires)) = row else {
            return Ok(None);
        };
        if parse_ts(&expires)? < Timestamp::now() {
            return Ok(None);
        }
        Ok(Some((finish_user(user)?, csrf)))
    }

    fn remove_web_session(&mut self, token_hash: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "DELETE FROM web_session WHERE token_hash = ?1",
            [token_hash],
        )?;
        Ok(())
    }

    fn add_token(
        &mut self,
        user_id: i64,
        token_hash: &str,
        label: &str,
    ) -> Result<i64, StoreError> {
        self.conn.execute(
            "INSERT INTO api_token (user_id, token_hash, label, created_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![user_id, token_hash, label, now()],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    fn token_user(&mut self, token_hash: &str) -> Result<Option<User>, StoreError> {
        let row = self
            .conn
            .query_row(
                &format!(
                    "SELECT {USER_COLUMNS} FROM api_token t JOIN app_user u ON u.id = t.user_id
                     WHERE t.token_hash = ?1 AND t.revoked_at IS NULL"
                ),
                [token_hash],
                user_from_row,
            )
            .optional()?;
        row.map(finish_user).transpose()
    }

    fn tokens(&mut self, institution_id: i64) -> Result<Vec<TokenRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT t.id, u.email, t.label, t.created_at, t.revoked_at
             FROM api_token t JOIN app_user u ON u.id = t.user_id
             WHERE u.institution_id = ?1 ORDER BY t.id",
        )?;
        let rows = stmt
            .query_map([institution_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, user_email, label, created, revoked)| {
                Ok(TokenRecord {
                    id,
                    user_email,
                    label,
                    created_at: parse_ts(&created)?,
                    revoked_at: revoked.as_deref().map(parse_ts).transpose()?,
                })
            })
            .collect()
    }

    fn revoke_token(&mut self, institution_id: i64, token_id: i64) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "UPDATE api_token SET revoked_at = ?3
             WHERE id = ?1 AND revoked_at IS NULL
               AND user_id IN (SELECT id FROM app_user WHERE institution_id = ?2)",
            params![token_id, institution_id, now()],
        )?;
        Ok(n > 0)
    }
}
