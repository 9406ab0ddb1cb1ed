//! Cookies: the SSO session (`auth0`, as Auth0 names it) and the CSRF double-submit cookie.

use axum::http::{header, HeaderMap, HeaderValue};

pub const SESSION: &str = "auth0";
pub const CSRF: &str = "pc_csrf";
/// "Remember this browser" after MFA: a sealed, expiring token naming the tenant and user.
pub const MFA_REMEMBER: &str = "pc_mfa_rb";

pub fn mfa_remember(value: &str, days: i64, secure: bool) -> HeaderValue {
    build(MFA_REMEMBER, value, days * 86_400, "Lax", secure)
}

pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

/// The session cookie must reach the hidden iframe of silent authentication, which is a
/// cross-site context: `SameSite=None; Secure` (Secure is required with None).
pub fn session(value: &str, max_age: i64, secure: bool) -> HeaderValue {
    build(SESSION, value, max_age, if secure { "None" } else { "Lax" }, secure)
}

pub fn clear_session(secure: bool) -> HeaderValue {
    build(SESSION, "", 0, if secure { "None" } else { "Lax" }, secure)
}

/// The hosted forms post to our own origin: `SameSite=Lax` keeps the token from cross-site posts.
pub fn csrf(value: &str, secure: bool) -> HeaderValue {
    build(CSRF, value, 3600, "Lax", secure)
}

fn build(name: &str, value: &str, max_age: i64, same_site: &str, secure: bool) -> HeaderValue {
    let s = format!("{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite={same_site}{}", if secure { "; Secure" } else { "" });
    HeaderValue::from_str(&s).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}
