//! Who is asking: passwords (Argon2id), sign-in sessions (a random cookie
//! value, stored hashed, with its CSRF token), API tokens (random, stored
//! hashed), the sign-in limits (attempts counted in the store), and the
//! language a person reads.

use std::net::IpAddr;
use std::sync::Arc;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use intake_i18n::Lang;
use intake_store::{Institution, Role, Store, StoreError, User};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::AppError;

/// The name of the session cookie.
pub(crate) const SESSION_COOKIE: &str = "intake_session";
/// The name of the cookie that keeps a chosen language before sign-in.
pub(crate) const LANG_COOKIE: &str = "intake_lang";
/// How long a sign-in lasts.
pub(crate) const SESSION_HOURS: i64 = 12;

/// Hashes a password with Argon2id and a random salt (PHC string).
///
/// # Errors
///
/// When the system has no randomness to give.
pub fn hash_password(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `password` matches a stored hash.
pub(crate) fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A random secret, as 64 hex digits.
///
/// # Errors
///
/// When the system has no randomness to give.
pub fn random_token() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
    Ok(hex(&bytes))
}

/// What the store keeps of a secret: its SHA-256, in hex.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// A cookie's value from the request. The values read are this server's
/// own (hex tokens, a language code), so a split on `;` and `=` is the
/// whole grammar; the `cookie` crate is not in the lock file (it would
/// bring the `time` crate beside jiff) and would add nothing here.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Compares two secrets in time that does not depend on where they differ.
pub(crate) fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// The language to speak: the user's choice, else the language cookie,
/// else the browser's `Accept-Language`, else the institution's default.
pub(crate) fn negotiate(
    user: Option<&User>,
    headers: &HeaderMap,
    institution: Option<&Institution>,
) -> Lang {
    if let Some(l) = user
        .and_then(|u| u.language.as_deref())
        .and_then(Lang::parse)
    {
        return l;
    }
    if let Some(l) = cookie(headers, LANG_COOKIE)
        .as_deref()
        .and_then(Lang::parse)
    {
        return l;
    }
    if let Some(accept) = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    {
        // Highest quality first; ties keep the browser's order.
        let mut offers: Vec<(f32, usize, Lang)> = accept
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut bits = part.split(';');
                let lang = Lang::parse(bits.next()?.trim())?;
                let q = bits
                    .find_map(|b| b.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                Some((q, i, lang))
            })
            .collect();
        offers.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        if let Some((q, _, l)) = offers.first()
            && *q > 0.0
        {
            return *l;
        }
    }
    institution
        .and_then(|i| Lang::parse(i.default_language.as_str()))
        .unwrap_or_default()
}

/// A signed-in person on a page: their user, institution, CSRF token,
/// language, and the page they asked for.
#[derive(Clone, Debug)]
pub(crate) struct SignedIn {
    pub user: User,
    pub institution: Institution,
    pub csrf: String,
    pub lang: Lang,
    /// The path and query asked for (where the language switch returns).
    pub here: String,
}

impl SignedIn {
    /// Refuses a form whose CSRF token is not the session's.
    pub fn check_csrf(&self, token: &str) -> Result<(), AppError> {
        if same_secret(token, &self.csrf) {
            Ok(())
        } else {
            Err(AppError::Csrf)
        }
    }

    pub fn is_admin(&self) -> bool {
        self.user.role == Role::Admin
    }
}

impl FromRequestParts<Arc<AppState>> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let next = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        let to_sign_in =
            || Redirect::to(&format!("/login?next={}", url_encode(&next))).into_response();
        let here = next.clone();
        let Some(value) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(to_sign_in());
        };
        let hash = token_hash(&value);
        let found = state
            .store(move |s| {
                let Some((user, csrf)) = s.web_session(&hash)? else {
                    return Ok(None);
                };
                let institution = s
                    .institution_by_id(user.institution_id)?
                    .ok_or(AppError::NotFound)?;
                Ok(Some((user, csrf, institution)))
            })
            .await;
        match found {
            Ok(Some((user, csrf, institution))) => {
                let lang = negotiate(Some(&user), &parts.headers, Some(&institution));
                Ok(SignedIn {
                    user,
                    institution,
                    csrf,
                    lang,
                    here,
                })
            }
            Ok(None) => Err(to_sign_in()),
            Err(e) => Err(e.into_response()),
        }
    }
}

/// A caller of the API, by its bearer token.
#[derive(Clone, Debug)]
pub(crate) struct ApiUser {
    pub user: User,
    pub institution: Institution,
    pub lang: Lang,
}

impl FromRequestParts<Arc<AppState>> for ApiUser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let lang = negotiate(None, &parts.headers, None);
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_string());
        let Some(token) = token else {
            return Err(AppError::Unauthorized.json(lang));
        };
        let hash = token_hash(&token);
        let found = state
            .store(move |s| {
                let Some(user) = s.token_user(&hash)? else {
                    return Ok(None);
                };
                let institution = s
                    .institution_by_id(user.institution_id)?
                    .ok_or(AppError::NotFound)?;
                Ok(Some((user, institution)))
            })
            .await;
        match found {
            Ok(Some((user, institution))) => {
                let lang = negotiate(Some(&user), &parts.headers, Some(&institution));
                Ok(ApiUser {
                    user,
                    institution,
                    lang,
                })
            }
            Ok(None) => Err(AppError::Unauthorized.json(lang)),
            Err(e) => Err(e.json(lang)),
        }
    }
}

/// What a query value keeps as it is: letters, digits, `-_.~` and `/`
/// (a path given as `next` stays readable).
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// Percent-encodes a value for a query string.
pub(crate) fn url_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, QUERY_VALUE).to_string()
}

/// Sign-in attempts one account (an email, whoever types it) may make in
/// [`SIGN_IN_WINDOW`].
pub(crate) const ACCOUNT_ATTEMPTS: u64 = 5;
/// Sign-in attempts one client address may make in [`SIGN_IN_WINDOW`],
/// whatever the accounts: higher than an account's, since behind a proxy a
/// whole box office has one address.
pub(crate) const ADDRESS_ATTEMPTS: u64 = 50;
/// The window of the sign-in limits; it starts at a key's first attempt.
pub(crate) const SIGN_IN_WINDOW: jiff::SignedDuration = jiff::SignedDuration::from_mins(15);

/// A sign-in attempt that was counted and may be judged.
pub(crate) struct Attempt {
    account: String,
    address: String,
    /// The account's attempts in its window, this one included.
    counted: u64,
}

/// Counts a sign-in attempt against its account and its address, in the
/// store, before its password is judged; `None` when either is past its
/// limit (the attempt must not be judged).
pub(crate) fn count_sign_in(
    store: &mut dyn Store,
    ip: IpAddr,
    email: &str,
) -> Result<Option<Attempt>, StoreError> {
    let account = token_hash(&format!("account:{}", email.trim().to_lowercase()));
    let address = token_hash(&format!("address:{ip}"));
    let counts = intake_store::sign_in::count_attempt(
        store.sql(),
        &[&account, &address],
        jiff::Timestamp::now(),
        SIGN_IN_WINDOW,
    )?;
    let [by_account, by_address] = counts[..] else {
        return Err(StoreError::Corrupt("two sign-in counts expected".into()));
    };
    Ok(
        (by_account <= ACCOUNT_ATTEMPTS && by_address <= ADDRESS_ATTEMPTS).then_some(Attempt {
            account,
            address,
            counted: by_account,
        }),
    )
}

/// The attempt signed in: its account's attempts so far are forgotten, and
/// its address does not count it.
pub(crate) fn signed_in(store: &mut dyn Store, attempt: &Attempt) -> Result<(), StoreError> {
    intake_store::sign_in::forget_attempts(
        store.sql(),
        &attempt.account,
        attempt.counted,
        &attempt.address,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_only() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("correct horse!", &hash));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn secrets_are_the_same_only_byte_for_byte() {
        assert!(same_secret("a1b2", "a1b2"));
        assert!(!same_secret("a1b2", "a1b3"));
        assert!(!same_secret("a1b2", "a1b"));
        assert!(!same_secret("", "a"));
    }

    #[test]
    fn a_query_value_keeps_paths_readable_and_encodes_the_rest() {
        assert_eq!(url_encode("/imports/7"), "/imports/7");
        assert_eq!(url_encode("a b&c=d"), "a%20b%26c%3Dd");
        assert_eq!(url_encode("/\t/évil"), "/%09/%C3%A9vil");
        assert_eq!(url_encode("x\r\ny"), "x%0D%0Ay");
    }

    #[test]
    fn accept_language_picks_the_best_of_ours() {
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::header::ACCEPT_LANGUAGE,
            "es;q=1.0, de-CH;q=0.8, fr;q=0.9".parse().unwrap(),
        );
        assert_eq!(negotiate(None, &h, None), Lang::Fr);
        h.insert(
            axum::http::header::ACCEPT_LANGUAGE,
            "it-CH, en;q=0.5".parse().unwrap(),
        );
        assert_eq!(negotiate(None, &h, None), Lang::It);
    }
}
