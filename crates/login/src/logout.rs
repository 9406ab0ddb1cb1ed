//! Logout: Auth0's `/v2/logout` and OIDC RP-Initiated Logout (`/oidc/logout`).

use portcullis_domain::log::types;
use portcullis_domain::redirect::redirect_uri_is_registered;
use portcullis_domain::tenant::Tenant;
use portcullis_oidc::error::OidcResult;
use portcullis_oidc::logs::{self, LogEntry, RequestMeta};
use portcullis_oidc::{OAuthError, Platform};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum LogoutOutcome {
    /// The session is gone; go there.
    Redirect(String),
    /// The session is gone; there is nowhere to return to.
    LoggedOut,
    /// The return URL is not allowed: the session is still ended, the URL not followed.
    ErrorPage(OAuthError),
}

pub struct LogoutRequest<'a> {
    pub client_id: Option<&'a str>,
    pub return_to: Option<&'a str>,
    /// OIDC: `id_token_hint` identifies the client and user.
    pub id_token_hint: Option<&'a str>,
    pub state: Option<&'a str>,
    pub session_id: Option<&'a str>,
    pub meta: &'a RequestMeta,
}

pub async fn logout(p: &Platform, tenant: &Tenant, r: LogoutRequest<'_>) -> OidcResult<LogoutOutcome> {
    let mut client_id = r.client_id.map(str::to_string);
    if let Some(hint) = r.id_token_hint {
        let keys = p.keys.get(p.store.as_ref(), &p.master_key, &tenant.id, p.clock.now()).await?;
        // OIDC RP-Initiated Logout §2: the OP validates that it issued the ID token (expiry may
        // have passed).
        let claims = keys.verifying.verify_jwt(hint).map_err(|_| OAuthError::invalid_request("Invalid id_token_hint"))?;
        if claims.get("iss").and_then(Value::as_str) != Some(tenant.issuer().as_str()) {
            return Ok(LogoutOutcome::ErrorPage(OAuthError::invalid_request("Invalid id_token_hint")));
        }
        let aud = claims.get("aud").and_then(Value::as_str).map(str::to_string);
        if client_id.is_some() && aud.is_some() && client_id != aud {
            return Ok(LogoutOutcome::ErrorPage(OAuthError::invalid_request("client_id does not match the id_token_hint")));
        }
        client_id = client_id.or(aud);
    }
    let now = p.clock.now();
    let mut user_id = None;
    if let Some(sid) = r.session_id {
        if let Some(s) = p.store.find_session(&tenant.id, sid, now).await? {
            user_id = Some(s.user_id);
        }
        p.store.delete_session(&tenant.id, sid).await?;
    }
    let client = match &client_id {
        Some(id) => p.store.find_client(&tenant.id, id).await?,
        None => None,
    };
    logs::write(p, &tenant.id, r.meta, LogEntry {
        kind: types::SUCCESS_LOGOUT,
        description: Some("User successfully logged out".into()),
        client_id: client.as_ref().map(|c| c.client_id.as_str()),
        client_name: client.as_ref().map(|c| c.name.as_str()),
        user_id: user_id.as_deref(),
        ..Default::default()
    })
    .await;
    let Some(target) = r.return_to.filter(|s| !s.is_empty()) else {
        return Ok(match client.and_then(|c| c.allowed_logout_urls.first().cloned()) {
            Some(u) if r.id_token_hint.is_none() => LogoutOutcome::Redirect(u),
            _ => LogoutOutcome::LoggedOut,
        });
    };
    let allowed = client.map(|c| redirect_uri_is_registered(target, &c.allowed_logout_urls)).unwrap_or(false);
    if !allowed {
        return Ok(LogoutOutcome::ErrorPage(OAuthError::invalid_request(format!(
            "The \"returnTo\" URL \"{target}\" is not in the list of Allowed Logout URLs of the application."
        ))));
    }
    let mut url = target.to_string();
    if let Some(state) = r.state {
        let sep = if url.contains('?') { '&' } else { '?' };
        url = format!("{url}{sep}state={}", url::form_urlencoded::byte_serialize(state.as_bytes()).collect::<String>());
    }
    Ok(LogoutOutcome::Redirect(url))
}
