//! First-factor authentication with a password, with brute-force protection per (user, IP).
//! Shared by the hosted login pages and the password grants.

use crate::error::OidcResult;
use crate::logs::{self, LogEntry, RequestMeta};
use crate::platform::Platform;
use portcullis_domain::client::Client;
use portcullis_domain::log::types;
use portcullis_domain::user::{normalize_email, User};

/// Why a password login failed; `message` is what the person sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordFailure {
    WrongCredentials,
    /// Too many failures for this user from this IP.
    TooManyAttempts,
    UserBlocked,
}

impl PasswordFailure {
    pub fn message(&self) -> &'static str {
        match self {
            PasswordFailure::WrongCredentials => "Wrong email or password.",
            PasswordFailure::TooManyAttempts => {
                "Your account has been blocked after multiple consecutive login attempts. Contact your administrator to unblock it."
            }
            PasswordFailure::UserBlocked => "user is blocked",
        }
    }
}

pub struct PasswordAttempt<'a> {
    pub tenant: &'a str,
    pub connection: &'a str,
    pub username: &'a str,
    pub password: &'a str,
    pub client: &'a Client,
    pub meta: &'a RequestMeta,
}

pub async fn authenticate_password(p: &Platform, a: PasswordAttempt<'_>) -> OidcResult<Result<User, PasswordFailure>> {
    let user_key = normalize_email(a.username);
    let ip = a.meta.ip.clone().unwrap_or_default();
    let threshold = p.settings.brute_force_threshold;
    let log = |kind: &'static str, desc: &str, user: Option<&User>| LogEntry {
        kind,
        description: Some(desc.to_string()),
        client_id: Some(&a.client.client_id),
        client_name: Some(&a.client.name),
        user_id: None,
        user_name: Some(a.username),
        connection: Some(a.connection),
        details: user.map(|u| serde_json::json!({"user_id": u.user_id})),
    };
    let failures = p.store.failures(a.tenant, &user_key, &ip).await?;
    if failures >= threshold {
        logs::write(p, a.tenant, a.meta, log(types::BLOCKED_ACCOUNT, "Too many failed login attempts; the user is blocked from this IP", None)).await;
        return Ok(Err(PasswordFailure::TooManyAttempts));
    }
    let user = p.store.find_user_by_email(a.tenant, a.connection, &user_key).await?;
    let hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let password = a.password.to_string();
    let hasher = p.passwords.clone();
    // Argon2 is CPU-bound for tens of milliseconds: keep it off the async workers (unless the
    // stored hash is so cheap that the hand-off would cost more). Unknown users spend the same
    // time (no user enumeration by timing).
    let cheap = hasher.verify_is_cheap(hash.as_deref());
    let verify = move || match hash {
        Some(h) => hasher.verify(&password, &h),
        None => hasher.verify_dummy(&password),
    };
    let ok = if cheap { verify() } else { p.hash_blocking(verify).await? };
    match user {
        Some(u) if ok => {
            if u.blocked {
                logs::write(p, a.tenant, a.meta, log(types::FAILED_LOGIN, "user is blocked", Some(&u))).await;
                return Ok(Err(PasswordFailure::UserBlocked));
            }
            // A success clears the pair's failures (no write when there were none).
            if failures > 0 {
                p.store.reset_failures(a.tenant, &user_key, &ip).await?;
            }
            Ok(Ok(u))
        }
        found => {
            let n = p.store.record_failure(a.tenant, &user_key, &ip, p.clock.now()).await?;
            let kind = if found.is_some() { types::FAILED_LOGIN_WRONG_PASSWORD } else { types::FAILED_LOGIN_INVALID_EMAIL };
            logs::write(p, a.tenant, a.meta, log(kind, "Wrong email or password.", found.as_ref())).await;
            if n == threshold {
                logs::write(p, a.tenant, a.meta, log(types::BLOCKED_ACCOUNT, "Too many failed login attempts; the user is blocked from this IP", found.as_ref())).await;
            }
            Ok(Err(PasswordFailure::WrongCredentials))
        }
    }
}
