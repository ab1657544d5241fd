//! Institutions, users, sessions and tokens on the PostgreSQL server.

use intake_core::value::{Language, Title};
use jiff::Timestamp;
use postgres::types::ToSql;
use postgres::{Client, Row};

use super::{PostgresStore, corrupt, get};
use crate::{
    Directory, Institution, InstitutionSettings, NewUser, Role, StoreError, TokenRecord, User,
};

/// The institutions a `WHERE` clause selects.
pub(super) fn institutions_where(
    client: &mut Client,
    clause: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<Institution>, StoreError> {
    let rows = client.query(
        &format!(
            "SELECT id, code, name, languages, default_language, default_title
             FROM institution WHERE {clause}"
        ),
        params,
    )?;
    rows.iter()
        .map(|row| {
            let languages: String = get(row, 3)?;
            let default_language: String = get(row, 4)?;
            let default_title: String = get(row, 5)?;
            Ok(Institution {
                id: get(row, 0)?,
                code: get(row, 1)?,
                name: get(row, 2)?,
                languages: languages
                    .split(',')
                    .map(|l| Language::parse(l).ok_or_else(|| corrupt(format!("language {l:?}"))))
                    .collect::<Result<_, _>>()?,
                default_language: Language::parse(&default_language)
                    .ok_or_else(|| corrupt(format!("language {default_language:?}")))?,
                default_title: Title::parse(&default_title)
                    .ok_or_else(|| corrupt(format!("title {default_title:?}")))?,
            })
        })
        .collect()
}

const USER_COLUMNS: &str = "u.id, u.institution_id, u.email, u.role, u.password_hash, u.language";

fn user_from_row(r: &Row) -> Result<User, StoreError> {
    let role: String = get(r, 3)?;
    Ok(User {
        id: get(r, 0)?,
        institution_id: get(r, 1)?,
        email: get(r, 2)?,
        role: Role::parse(&role).ok_or_else(|| corrupt(format!("role {role:?}")))?,
        password_hash: get(r, 4)?,
        language: get(r, 5)?,
    })
}

impl Directory for PostgresStore {
    fn institutions(&mut self) -> Result<Vec<Institution>, StoreError> {
        institutions_where(&mut self.client, "true ORDER BY id", &[])
    }

    fn institution_by_code(&mut self, code: &str) -> Result<Option<Institution>, StoreError> {
        Ok(
            institutions_where(&mut self.client, "upper(code) = upper($1)", &[&code])?
                .into_iter()
                .next(),
        )
    }

    fn institution_by_id(&mut self, id: i64) -> Result<Option<Institution>, StoreError> {
        Ok(institutions_where(&mut self.client, "id = $1", &[&id])?
            .into_iter()
            .next())
    }

    fn add_institution(&mut self, s: &InstitutionSettings) -> Result<Institution, StoreError> {
        if self.institution_by_code(&s.code)?.is_some() {
            return Err(StoreError::Exists(format!("institution {}", s.code)));
        }
        let languages: Vec<&str> = s.languages.iter().map(|l| l.as_str()).collect();
        let row = self.client.query_one(
            "INSERT INTO institution (code, name, languages, default_language, default_title,
                next_contact_number, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
             RETURNING id",
            &[
                &s.code,
                &s.name,
                &languages.join(","),
                &s.default_language.as_str(),
                &s.default_title.as_str(),
                &s.first_contact_number,
                &Timestamp::now(),
            ],
        )?;
        let id: i64 = get(&row, 0)?;
        self.institution_by_id(id)?
            .ok_or_else(|| corrupt("institution just added"))
    }

    fn add_user(&mut self, user: &NewUser) -> Result<User, StoreError> {
        let email = user.email.trim().to_lowercase();
        if self.user_by_email(&email)?.is_some() {
            return Err(StoreError::Exists(format!("user {email}")));
        }
        self.client.execute(
            "INSERT INTO app_user (institution_id, email, role, password_hash, created_at)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &user.institution_id,
                &email,
                &user.role.as_str(),
                &user.password_hash,
                &Timestamp::now(),
            ],
        )?;
        self.user_by_email(&email)?
            .ok_or_else(|| corrupt("user just added"))
    }

    fn users(&mut self, institution_id: Option<i64>) -> Result<Vec<User>, StoreError> {
        let rows = self.client.query(
            &format!(
                "SELECT {USER_COLUMNS} FROM app_user u
                 WHERE $1::bigint IS NULL OR u.institution_id = $1 ORDER BY u.email"
            ),
            &[&institution_id],
        )?;
        rows.iter().map(user_from_row).collect()
    }

    fn user_by_email(&mut self, email: &str) -> Result<Option<User>, StoreError> {
        let row = self.client.query_opt(
            &format!("SELECT {USER_COLUMNS} FROM app_user u WHERE u.email = $1"),
            &[&email.trim().to_lowercase()],
        )?;
        row.as_ref().map(user_from_row).transpose()
    }

    fn remove_user(&mut self, email: &str) -> Result<bool, StoreError> {
        let Some(user) = self.user_by_email(email)? else {
            return Ok(false);
        };
        let mut tx = self.client.transaction()?;
        tx.execute("DELETE FROM web_session WHERE user_id = $1", &[&user.id])?;
        tx.execute("DELETE FROM api_token WHERE user_id = $1", &[&user.id])?;
        tx.execute("DELETE FROM app_user WHERE id = $1", &[&user.id])?;
        tx.commit()?;
        Ok(true)
    }

    fn set_user_language(&mut self, user_id: i64, language: &str) -> Result<(), StoreError> {
        self.client.execute(
            "UPDATE app_user SET language = $2 WHERE id = $1",
            &[&user_id, &language],
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
        self.client.execute(
            "DELETE FROM web_session WHERE user_id = $1 AND expires_at < now()",
            &[&user_id],
        )?;
        self.client.execute(
            "INSERT INTO web_session (token_hash, user_id, csrf, expires_at)
             VALUES ($1, $2, $3, $4)",
            &[&token_hash, &user_id, &csrf, &expires_at],
        )?;
        Ok(())
    }

    fn web_session(&mut self, token_hash: &str) -> Result<Option<(User, String)>, StoreError> {
        let row = self.client.query_opt(
            &format!(
                "SELECT {USER_COLUMNS}, s.csrf FROM web_session s
                 JOIN app_user u ON u.id = s.user_id
                 WHERE s.token_hash = $1 AND s.expires_at > now()"
            ),
            &[&token_hash],
        )?;
        match row {
            Some(r) => Ok(Some((user_from_row(&r)?, get(&r, 6)?))),
            None => Ok(None),
        }
    }

    fn remove_web_session(&mut self, token_hash: &str) -> Result<(), StoreError> {
        self.client.execute(
            "DELETE FROM web_session WHERE token_hash = $1",
            &[&token_hash],
        )?;
        Ok(())
    }

    fn add_token(
        &mut self,
        user_id: i64,
        token_hash: &str,
        label: &str,
    ) -> Result<i64, StoreError> {
        let row = self.client.query_one(
            "INSERT INTO api_token (user_id, token_hash, label, created_at)
             VALUES ($1, $2, $3, now()) RETURNING id",
            &[&user_id, &token_hash, &label],
        )?;
        get(&row, 0)
    }

    fn token_user(&mut self, token_hash: &str) -> Result<Option<User>, StoreError> {
        let row = self.client.query_opt(
            &format!(
                "SELECT {USER_COLUMNS} FROM api_token t JOIN app_user u ON u.id = t.user_id
                 WHERE t.token_hash = $1 AND t.revoked_at IS NULL"
            ),
            &[&token_hash],
        )?;
        row.as_ref().map(user_from_row).transpose()
    }

    fn tokens(&mut self, institution_id: i64) -> Result<Vec<TokenRecord>, StoreError> {
        let rows = self.client.query(
            "SELECT t.id, u.email, t.label, t.created_at, t.revoked_at
             FROM api_token t JOIN app_user u ON u.id = t.user_id
             WHERE u.institution_id = $1 ORDER BY t.id",
            &[&institution_id],
        )?;
        rows.iter()
            .map(|r| {
                Ok(TokenRecord {
                    id: get(r, 0)?,
                    user_email: get(r, 1)?,
                    label: get(r, 2)?,
                    created_at: get(r, 3)?,
                    revoked_at: get(r, 4)?,
                })
            })
            .collect()
    }

    fn revoke_token(&mut self, institution_id: i64, token_id: i64) -> Result<bool, StoreError> {
        let n = self.client.execute(
            "UPDATE api_token SET revoked_at = now()
             WHERE id = $1 AND revoked_at IS NULL
               AND user_id IN (SELECT id FROM app_user WHERE institution_id = $2)",
            &[&token_id, &institution_id],
        )?;
        Ok(n > 0)
    }
}
