//! Who is asking: passwords (Argon2id), sign-in sessions (a random cookie
//! value, stored hashed, with its CSRF token), API tokens (random, stored
//! hashed), the sign-in rate limit, and the language a person reads.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use intake_i18n::Lang;
use intake_store::{Institution, Role, User};
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

/// A cookie's value from the request.
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
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
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

/// Percent-encodes a value for a query string.
pub(crate) fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Failed sign-ins per address and per email: after five in fifteen
/// minutes, the next ones are refused until the window passes.
#[derive(Default)]
pub(crate) struct SignInLimiter {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

const WINDOW: Duration = Duration::from_secs(15 * 60);
const MAX_FAILURES: u32 = 5;

impl SignInLimiter {
    fn keys(ip: Option<IpAddr>, email: &str) -> [String; 2] {
        [
            format!("ip:{}", ip.map(|i| i.to_string()).unwrap_or_default()),
            format!("email:{}", email.trim().to_lowercase()),
        ]
    }

    /// Whether another attempt is allowed now.
    pub fn allowed(&self, ip: Option<IpAddr>, email: &str) -> bool {
        let Ok(map) = self.failures.lock() else {
            return true;
        };
        Self::keys(ip, email).iter().all(|k| match map.get(k) {
            Some((n, since)) => *n < MAX_FAILURES || since.elapsed() > WINDOW,
            None => true,
        })
    }

    pub fn failed(&self, ip: Option<IpAddr>, email: &str) {
        if let Ok(mut map) = self.failures.lock() {
            for k in Self::keys(ip, email) {
                let entry = map.entry(k).or_insert((0, Instant::now()));
                if entry.1.elapsed() > WINDOW {
                    *entry = (0, Instant::now());
                }
                entry.0 += 1;
            }
        }
    }

    pub fn succeeded(&self, ip: Option<IpAddr>, email: &str) {
        if let Ok(mut map) = self.failures.lock() {
            let [_, by_email] = Self::keys(ip, email);
            map.remove(&by_email);
        }
    }
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

    #[test]
    fn five_failures_lock_an_email_out() {
        let l = SignInLimiter::default();
        for _ in 0..5 {
            assert!(l.allowed(None, "a@b.ch"));
            l.failed(None, "a@b.ch");
        }
        assert!(!l.allowed(None, "A@b.ch"));
    }
}
