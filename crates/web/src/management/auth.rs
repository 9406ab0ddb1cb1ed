//! Bearer tokens for the Management API: our own RS256 JWT, audience `https://{domain}/api/v2/`,
//! and the scope each endpoint needs.

use crate::error::WebError;
use crate::state::AppState;
use crate::tenant::CurrentTenant;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use portcullis_domain::tenant::Tenant;
use serde_json::Value;

/// An authenticated Management API caller in a tenant.
pub struct Caller {
    pub tenant: std::sync::Arc<Tenant>,
    /// The token's `sub`: a user id, `{client_id}@clients`, or `operator|{user_id}` for a token
    /// minted for a home-tenant operator. The Management API itself never looks it up.
    pub subject: String,
    scopes: Vec<String>,
}

impl Caller {
    /// Auth0 answers a missing scope with 403 `insufficient_scope`.
    pub fn require(&self, scope: &str) -> Result<(), WebError> {
        if self.scopes.iter().any(|s| s == scope) {
            Ok(())
        } else {
            Err(WebError::management(StatusCode::FORBIDDEN, format!("Insufficient scope, expected any of: {scope}"), Some("insufficient_scope")))
        }
    }

    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }
}

fn unauthorized(msg: &str) -> WebError {
    WebError::management(StatusCode::UNAUTHORIZED, msg, None)
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        let CurrentTenant(tenant) = CurrentTenant::from_request_parts(parts, s).await?;
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .ok_or_else(|| unauthorized("Missing authentication"))?;
        let claims = portcullis_oidc::userinfo::verify_access_token(&s.platform, &tenant, token).await.map_err(|_| unauthorized("Invalid token"))?;
        let aud = tenant.management_audience();
        let aud_ok = match claims.get("aud") {
            Some(Value::String(a)) => *a == aud,
            Some(Value::Array(v)) => v.iter().any(|x| x.as_str() == Some(aud.as_str())),
            _ => false,
        };
        if !aud_ok {
            return Err(unauthorized("Bad audience: the token was not issued for the Management API"));
        }
        let scopes = claims.get("scope").and_then(Value::as_str).unwrap_or_default().split(' ').map(str::to_string).collect();
        let subject = claims.get("sub").and_then(Value::as_str).unwrap_or_default().to_string();
        Ok(Caller { tenant, subject, scopes })
    }
}
