//! MFA administration: factors, policy, users' authenticators and recovery codes.

use crate::{AdminError, AdminResult};
use portcullis_crypto::{digest, random, totp};
use portcullis_domain::mfa::{Authenticator, MfaPolicy};
use portcullis_domain::tenant::Tenant;
use portcullis_domain::user::User;
use portcullis_oidc::Platform;

pub const FACTORS: &[&str] = &["sms", "push-notification", "otp", "email", "duo", "webauthn-roaming", "webauthn-platform", "recovery-code"];

pub fn factor_enabled(t: &Tenant, name: &str) -> bool {
    match name {
        "otp" => t.settings.guardian.otp_enabled,
        "recovery-code" => t.settings.guardian.recovery_code_enabled,
        _ => false,
    }
}

/// Turns a factor on or off. Only `otp` and `recovery-code` are implemented; the others answer
/// 403 so callers know.
pub async fn set_factor(p: &Platform, t: &Tenant, name: &str, enabled: bool) -> AdminResult<Tenant> {
    let mut t = t.clone();
    match name {
        "otp" => t.settings.guardian.otp_enabled = enabled,
        "recovery-code" => t.settings.guardian.recovery_code_enabled = enabled,
        n if FACTORS.contains(&n) => return Err(AdminError::Forbidden(format!("The factor '{n}' is not available in Portcullis"))),
        n => return Err(AdminError::NotFound(format!("Unknown factor '{n}'"))),
    }
    p.store.update_tenant(&t).await?;
    Ok(t)
}

pub async fn set_policy(p: &Platform, t: &Tenant, policies: &[String]) -> AdminResult<Tenant> {
    let mut t = t.clone();
    t.settings.guardian.policy = match policies {
        [] => MfaPolicy::Never,
        [one] if one == "all-applications" => MfaPolicy::AllApplications,
        other => return Err(AdminError::Invalid(format!("Unsupported MFA policy: {other:?}; use [] or [\"all-applications\"]"))),
    };
    p.store.update_tenant(&t).await?;
    Ok(t)
}

pub fn policy_names(t: &Tenant) -> Vec<&'static str> {
    match t.settings.guardian.policy {
        MfaPolicy::Never => vec![],
        MfaPolicy::AllApplications => vec!["all-applications"],
    }
}

async fn user(p: &Platform, t: &Tenant, id: &str) -> AdminResult<User> {
    p.store.find_user(&t.id, id).await?.ok_or_else(|| AdminError::NotFound("The user does not exist.".into()))
}

/// Provisions a TOTP authenticator with a known secret (base32), for migrations and tests.
pub async fn create_totp(p: &Platform, t: &Tenant, user_id: &str, secret_b32: &str, name: Option<String>) -> AdminResult<Authenticator> {
    let mut u = user(p, t, user_id).await?;
    let secret = totp::base32_decode(secret_b32).map_err(|_| AdminError::Invalid("totp_secret must be base32".into()))?;
    if secret.len() < 10 {
        return Err(AdminError::Invalid("totp_secret must be at least 80 bits".into()));
    }
    let sealed = portcullis_oidc::mfa_secrets::seal_totp(p, &t.id, &u.user_id, &secret)?;
    let a = Authenticator { id: format!("totp|dev_{}", random::id()), kind: "totp".into(), secret_sealed: sealed, name, created_at: p.clock.now(), last_auth_at: None, last_step: None };
    u.mfa.authenticators.retain(|x| x.kind != "totp");
    u.mfa.authenticators.push(a.clone());
    p.store.update_user(&u).await?;
    Ok(a)
}

pub async fn list_authenticators(p: &Platform, t: &Tenant, user_id: &str) -> AdminResult<Vec<Authenticator>> {
    Ok(user(p, t, user_id).await?.mfa.authenticators)
}

/// Removes one authenticator (`None`: all of them, with the recovery code: Auth0's MFA reset).
pub async fn delete_authenticators(p: &Platform, t: &Tenant, user_id: &str, id: Option<&str>) -> AdminResult<()> {
    let mut u = user(p, t, user_id).await?;
    let before = u.mfa.authenticators.len();
    match id {
        Some(id) => u.mfa.authenticators.retain(|a| a.id != id),
        None => {
            u.mfa.authenticators.clear();
            u.mfa.recovery_code_hash = None;
        }
    }
    if id.is_some() && before == u.mfa.authenticators.len() {
        return Err(AdminError::NotFound("The authentication method does not exist".into()));
    }
    u.mfa.failures = 0;
    u.mfa.locked_until = None;
    p.store.update_user(&u).await?;
    let meta = portcullis_oidc::logs::RequestMeta::default();
    portcullis_oidc::logs::write(p, &t.id, &meta, portcullis_oidc::logs::LogEntry {
        kind: portcullis_domain::log::types::MFA_UNENROLL,
        description: Some(match id { Some(i) => format!("Authenticator {i} removed"), None => "All authenticators removed (MFA reset)".into() }),
        user_id: Some(&u.user_id),
        user_name: u.email.as_deref(),
        ..Default::default()
    })
    .await;
    Ok(())
}

/// Finds the user holding an enrollment id.
pub async fn find_enrollment(p: &Platform, t: &Tenant, enrollment_id: &str) -> AdminResult<(User, Authenticator)> {
    let page = portcullis_store::Page { page: 0, per_page: 100 };
    let mut n = 0;
    loop {
        let users = p.store.list_users(&t.id, &Default::default(), portcullis_store::Page { page: n, ..page }).await?;
        for u in &users.items {
            if let Some(a) = u.mfa.authenticators.iter().find(|a| a.id == enrollment_id) {
                return Ok((u.clone(), a.clone()));
            }
        }
        if users.items.len() < page.per_page as usize {
            return Err(AdminError::NotFound("The enrollment does not exist".into()));
        }
        n += 1;
    }
}

pub async fn regenerate_recovery_code(p: &Platform, t: &Tenant, user_id: &str) -> AdminResult<String> {
    let mut u = user(p, t, user_id).await?;
    let code = random::recovery_code();
    u.mfa.recovery_code_hash = Some(digest::sha256_b64url(code.as_bytes()));
    u.mfa.recovery_code_created_at = Some(p.clock.now());
    p.store.update_user(&u).await?;
    Ok(code)
}

pub async fn invalidate_remember_browser(p: &Platform, t: &Tenant, user_id: &str) -> AdminResult<()> {
    let mut u = user(p, t, user_id).await?;
    u.mfa.remember_browser_valid_after = Some(p.clock.now());
    p.store.update_user(&u).await?;
    Ok(())
}
