//! The second factor: TOTP enrollment and challenge, recovery codes, and the lock after too
//! many wrong codes. Secrets are sealed at rest under the master key, bound to their user.

use crate::outcome::Outcome;
use crate::service::{find_flow, next_step, Form};
use portcullis_crypto::{digest, random, totp};
use portcullis_domain::log::types;
use portcullis_domain::mfa::{Authenticator, MFA_LOCK_SECS, MFA_MAX_FAILURES};
use portcullis_domain::tenant::Tenant;
use portcullis_domain::user::User;
use portcullis_oidc::error::{OidcError, OidcResult};
use portcullis_oidc::logs::{self, LogEntry, RequestMeta};
use portcullis_oidc::Platform;

/// What the enrollment page shows.
pub struct EnrollmentView {
    pub secret_base32: String,
    pub otpauth_uri: String,
    pub account: String,
}

pub use portcullis_oidc::mfa_secrets::{open_totp, seal_totp};

async fn log(p: &Platform, t: &Tenant, meta: &RequestMeta, kind: &str, user: &User, client_id: &str, desc: &str) {
    logs::write(p, &t.id, meta, LogEntry { kind, description: Some(desc.into()), client_id: Some(client_id), user_id: Some(&user.user_id), user_name: user.email.as_deref(), ..Default::default() }).await;
}

/// The secret offered for enrollment; created (and `gd_start_enroll` logged) on first view.
pub async fn enrollment(p: &Platform, t: &Tenant, state: &str, meta: &RequestMeta) -> OidcResult<Option<EnrollmentView>> {
    let Some((mut txn, client)) = find_flow(p, t, state).await? else { return Ok(None) };
    let Some(user) = load_user(p, t, txn.user_id.as_deref()).await? else { return Ok(None) };
    let secret = match &txn.mfa_enrollment_sealed {
        Some(s) => open_totp(p, &t.id, &user.user_id, s)?,
        None => {
            let s = totp::generate_secret();
            txn.mfa_enrollment_sealed = Some(seal_totp(p, &t.id, &user.user_id, &s)?);
            p.store.put_transaction(&txn).await?;
            log(p, t, meta, types::MFA_START_ENROLL, &user, &client.client_id, "Second factor enrollment started").await;
            s
        }
    };
    let account = user.email.clone().unwrap_or_else(|| user.user_id.clone());
    Ok(Some(EnrollmentView { secret_base32: totp::base32_encode(&secret), otpauth_uri: totp::otpauth_uri(&t.friendly_name, &account, &secret), account }))
}

async fn load_user(p: &Platform, t: &Tenant, id: Option<&str>) -> OidcResult<Option<User>> {
    match id {
        Some(id) => Ok(p.store.find_user(&t.id, id).await?),
        None => Ok(None),
    }
}

fn expired() -> Outcome {
    Outcome::ErrorPage(portcullis_oidc::OAuthError::invalid_request("Your login session expired or is invalid. Please go back to the application and try again."))
}

fn locked(user: &User, now: portcullis_domain::Timestamp) -> bool {
    user.mfa.locked_until.map(|u| u > now).unwrap_or(false)
}

const LOCKED_MSG: &str = "Too many failed codes. Wait a few minutes and try again.";

/// Counts a wrong code; the tenth in a row locks further tries for a while.
async fn fail(p: &Platform, t: &Tenant, meta: &RequestMeta, mut user: User, client_id: &str, kind: &str, state: &str, form: Form) -> OidcResult<Outcome> {
    let now = p.clock.now();
    user.mfa.failures += 1;
    log(p, t, meta, kind, &user, client_id, "Wrong code").await;
    let mut message = "The code you entered is invalid.".to_string();
    if user.mfa.failures >= MFA_MAX_FAILURES {
        user.mfa.locked_until = Some(now.plus_secs(MFA_LOCK_SECS));
        user.mfa.failures = 0;
        log(p, t, meta, types::MFA_RATE_LIMIT, &user, client_id, "Too many failed second-factor attempts").await;
        message = LOCKED_MSG.to_string();
    }
    p.store.update_user(&user).await?;
    Ok(Outcome::Retry { state: state.to_string(), message, form })
}

/// The enrollment form's POST: the first code proves the authenticator app has the secret.
pub async fn submit_enrollment(p: &Platform, t: &Tenant, state: &str, code: &str, meta: &RequestMeta) -> OidcResult<Outcome> {
    let Some((mut txn, client)) = find_flow(p, t, state).await? else { return Ok(expired()) };
    let Some(mut user) = load_user(p, t, txn.user_id.as_deref()).await? else { return Ok(expired()) };
    let Some(sealed) = txn.mfa_enrollment_sealed.clone() else { return Ok(Outcome::MfaEnrollPage { state: txn.id }) };
    let now = p.clock.now();
    if locked(&user, now) {
        return Ok(Outcome::Retry { state: txn.id, message: LOCKED_MSG.into(), form: Form::MfaEnroll });
    }
    let secret = open_totp(p, &t.id, &user.user_id, &sealed)?;
    let Some(step) = totp::verify(&secret, code, now.secs().max(0) as u64, 1) else {
        return fail(p, t, meta, user, &client.client_id, types::MFA_AUTH_FAILED, &txn.id, Form::MfaEnroll).await;
    };
    user.mfa.authenticators.retain(|a| a.kind != "totp");
    user.mfa.authenticators.push(Authenticator { id: format!("totp|dev_{}", random::id()), kind: "totp".into(), secret_sealed: sealed, name: None, created_at: now, last_auth_at: Some(now), last_step: Some(step) });
    user.mfa.failures = 0;
    user.mfa.locked_until = None;
    txn.mfa_enrollment_sealed = None;
    if t.settings.guardian.recovery_code_enabled {
        let rc = new_recovery_code();
        user.mfa.recovery_code_hash = Some(digest::sha256_b64url(rc.as_bytes()));
        user.mfa.recovery_code_created_at = Some(now);
        txn.recovery_code_sealed = Some(seal_totp(p, &t.id, &user.user_id, rc.as_bytes())?);
    }
    p.store.update_user(&user).await?;
    log(p, t, meta, types::MFA_ENROLLMENT_COMPLETE, &user, &client.client_id, "Second factor enrollment complete").await;
    passed(p, t, txn, meta).await
}

pub fn new_recovery_code() -> String {
    random::recovery_code()
}

fn normalize_recovery(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase()
}

/// The challenge form's POST.
pub async fn submit_challenge(p: &Platform, t: &Tenant, state: &str, code: &str, meta: &RequestMeta) -> OidcResult<Outcome> {
    let Some((txn, client)) = find_flow(p, t, state).await? else { return Ok(expired()) };
    let Some(mut user) = load_user(p, t, txn.user_id.as_deref()).await? else { return Ok(expired()) };
    let now = p.clock.now();
    if locked(&user, now) {
        return Ok(Outcome::Retry { state: txn.id, message: LOCKED_MSG.into(), form: Form::MfaChallenge });
    }
    let Some(auth) = user.mfa.totp().cloned() else { return Ok(Outcome::MfaEnrollPage { state: txn.id }) };
    let secret = open_totp(p, &t.id, &user.user_id, &auth.secret_sealed)?;
    // RFC 6238 §5.2: one step of skew either way; a code is accepted at most once.
    let ok = totp::verify(&secret, code, now.secs().max(0) as u64, 1).filter(|s| auth.last_step.map(|l| *s > l).unwrap_or(true));
    let Some(step) = ok else {
        return fail(p, t, meta, user, &client.client_id, types::MFA_AUTH_FAILED, &txn.id, Form::MfaChallenge).await;
    };
    if let Some(a) = user.mfa.authenticators.iter_mut().find(|a| a.id == auth.id) {
        a.last_step = Some(step);
        a.last_auth_at = Some(now);
    }
    user.mfa.failures = 0;
    p.store.update_user(&user).await?;
    log(p, t, meta, types::MFA_AUTH_SUCCEED, &user, &client.client_id, "Second factor verified").await;
    passed(p, t, txn, meta).await
}

/// The recovery-code form's POST: the code works once; a new one is shown.
pub async fn submit_recovery(p: &Platform, t: &Tenant, state: &str, code: &str, meta: &RequestMeta) -> OidcResult<Outcome> {
    let Some((mut txn, client)) = find_flow(p, t, state).await? else { return Ok(expired()) };
    let Some(mut user) = load_user(p, t, txn.user_id.as_deref()).await? else { return Ok(expired()) };
    let now = p.clock.now();
    if locked(&user, now) {
        return Ok(Outcome::Retry { state: txn.id, message: LOCKED_MSG.into(), form: Form::MfaRecovery });
    }
    let given = digest::sha256_b64url(normalize_recovery(code).as_bytes());
    let ok = user.mfa.recovery_code_hash.as_deref().map(|h| digest::constant_time_eq(h.as_bytes(), given.as_bytes())).unwrap_or(false);
    if !ok {
        return fail(p, t, meta, user, &client.client_id, types::MFA_RECOVERY_FAILED, &txn.id, Form::MfaRecovery).await;
    }
    let rc = new_recovery_code();
    user.mfa.recovery_code_hash = Some(digest::sha256_b64url(rc.as_bytes()));
    user.mfa.recovery_code_created_at = Some(now);
    user.mfa.failures = 0;
    p.store.update_user(&user).await?;
    txn.recovery_code_sealed = Some(seal_totp(p, &t.id, &user.user_id, rc.as_bytes())?);
    log(p, t, meta, types::MFA_RECOVERY_SUCCEED, &user, &client.client_id, "Logged in with a recovery code").await;
    passed(p, t, txn, meta).await
}

/// The recovery code to show once, if one was just issued.
pub async fn pending_recovery_code(p: &Platform, t: &Tenant, state: &str) -> OidcResult<Option<String>> {
    let Some((txn, _)) = find_flow(p, t, state).await? else { return Ok(None) };
    let (Some(uid), Some(sealed)) = (txn.user_id.as_deref(), txn.recovery_code_sealed.as_deref()) else { return Ok(None) };
    let raw = open_totp(p, &t.id, uid, sealed)?;
    String::from_utf8(raw).map(Some).map_err(|e| OidcError::Internal(e.to_string()))
}

/// "I have safely recorded this code": the login goes on.
pub async fn confirm_recovery_code(p: &Platform, t: &Tenant, state: &str, meta: &RequestMeta) -> OidcResult<Outcome> {
    let Some((mut txn, client)) = find_flow(p, t, state).await? else { return Ok(expired()) };
    txn.recovery_code_sealed = None;
    p.store.put_transaction(&txn).await?;
    next_step(p, t, &client, txn, meta, false).await
}

async fn passed(p: &Platform, t: &Tenant, mut txn: portcullis_domain::flow::LoginTransaction, meta: &RequestMeta) -> OidcResult<Outcome> {
    if !txn.amr.iter().any(|a| a == "mfa") {
        txn.amr.push("mfa".into());
    }
    txn.mfa_required = false;
    p.store.put_transaction(&txn).await?;
    if txn.recovery_code_sealed.is_some() {
        return Ok(Outcome::RecoveryCodePage { state: txn.id });
    }
    let Some(client) = p.store.find_client(&t.id, &txn.request.client_id).await? else { return Ok(expired()) };
    next_step(p, t, &client, txn, meta, false).await
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Remembered {
    t: String,
    u: String,
    iat: i64,
}

/// Whether this login may offer "remember this browser": the tenant allows it and MFA came from
/// the policy, or from an action that passed `allowRememberBrowser: true`.
pub fn remember_allowed(t: &Tenant, txn: &portcullis_domain::flow::LoginTransaction) -> bool {
    let g = &t.settings.guardian;
    let from_action = txn.effects.as_ref().map(|e| e.mfa_allow_remember_browser).unwrap_or(false);
    g.remember_browser_days > 0 && (g.policy == portcullis_domain::mfa::MfaPolicy::AllApplications || from_action)
}

/// A token for the `pc_mfa_rb` cookie, sealed so only this server can make or read it.
pub fn remember_token(p: &Platform, t: &Tenant, user_id: &str) -> OidcResult<String> {
    let r = Remembered { t: t.id.clone(), u: user_id.to_string(), iat: p.clock.now().millis() };
    let raw = serde_json::to_vec(&r).map_err(|e| OidcError::Internal(e.to_string()))?;
    Ok(p.master_key.seal(&raw, b"mfa-remember-browser")?)
}

/// The browser was remembered for this user, within the tenant's days, and not since invalidated.
pub fn is_remembered(p: &Platform, t: &Tenant, user: &User, token: Option<&str>) -> bool {
    let Some(raw) = token.and_then(|tok| p.master_key.open(tok, b"mfa-remember-browser").ok()) else { return false };
    let Ok(r) = serde_json::from_slice::<Remembered>(&raw) else { return false };
    let now = p.clock.now().millis();
    let fresh = now - r.iat < t.settings.guardian.remember_browser_days * 86_400_000;
    let valid_after = user.mfa.remember_browser_valid_after.map(|v| v.millis()).unwrap_or(i64::MIN);
    r.t == t.id && r.u == user.user_id && fresh && r.iat > valid_after
}
