//! OIDC Core §5.3: the UserInfo endpoint.

use crate::error::{OAuthError, OidcResult};
use crate::platform::Platform;
use crate::tokens::profile_claims;
use portcullis_domain::scope::parse_scope;
use portcullis_domain::tenant::Tenant;
use serde_json::{json, Value};

/// Verifies one of our access tokens and returns its claims (signature, issuer, expiry).
pub async fn verify_access_token(p: &Platform, tenant: &Tenant, token: &str) -> OidcResult<Value> {
    let now = p.clock.now();
    let keys = p.keys.get(p.store.as_ref(), &p.master_key, &tenant.id, now).await?;
    let bad = || OAuthError::new("invalid_token", "The access token is invalid or expired");
    let claims = keys.verifying.verify_jwt(token).map_err(|_| bad())?;
    if claims.get("iss").and_then(Value::as_str) != Some(tenant.issuer().as_str()) {
        return Err(bad().into());
    }
    match claims.get("exp").and_then(Value::as_i64) {
        Some(exp) if exp > now.secs() => Ok(claims),
        _ => Err(bad().into()),
    }
}

fn audience_includes(claims: &Value, aud: &str) -> bool {
    match claims.get("aud") {
        Some(Value::String(s)) => s == aud,
        Some(Value::Array(a)) => a.iter().any(|v| v.as_str() == Some(aud)),
        _ => false,
    }
}

pub async fn userinfo(p: &Platform, tenant: &Tenant, bearer: Option<&str>) -> OidcResult<Value> {
    let token = bearer.ok_or_else(|| OAuthError::new("invalid_request", "Missing access token"))?;
    let claims = verify_access_token(p, tenant, token).await?;
    if !audience_includes(&claims, &tenant.userinfo_url()) {
        return Err(OAuthError::new("invalid_token", "The access token was not issued for the userinfo endpoint").into());
    }
    let sub = claims.get("sub").and_then(Value::as_str).unwrap_or_default();
    let user = p.store.find_user(&tenant.id, sub).await?.ok_or_else(|| OAuthError::new("invalid_token", "The user no longer exists"))?;
    let scope = parse_scope(claims.get("scope").and_then(Value::as_str).unwrap_or_default());
    let mut out = profile_claims(&user, &scope);
    out.insert("sub".into(), json!(user.user_id));
    Ok(Value::Object(out))
}
