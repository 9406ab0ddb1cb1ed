//! `/oauth/token` (RFC 6749 §3.2): one module per grant type, and what they share: scope
//! resolution and token issuance.

mod authorization_code;
mod client_credentials;
mod issue;
mod password;
mod refresh_token;
#[cfg(test)]
mod tests;

pub use issue::{effective_scope, issue_user_tokens, user_permissions, UserTokenRequest};

use crate::client_auth::{self, PresentedCredentials};
use crate::error::{OAuthError, OidcResult};
use crate::logs::RequestMeta;
use crate::platform::Platform;
use crate::tokens::TokenResponse;
use portcullis_domain::tenant::Tenant;
use std::collections::HashMap;

/// The token request as flat fields: form and JSON bodies both become this, JSON `null`s are
/// dropped by the web layer (Auth0 clients send `"audience": null`).
pub struct TokenRequest {
    pub fields: HashMap<String, String>,
    pub credentials: PresentedCredentials,
    pub meta: RequestMeta,
}

impl TokenRequest {
    pub fn get(&self, k: &str) -> Option<&str> {
        self.fields.get(k).map(String::as_str).filter(|s| !s.is_empty())
    }
    pub fn require(&self, k: &str) -> Result<&str, OAuthError> {
        self.get(k).ok_or_else(|| OAuthError::invalid_request(format!("Missing required parameter: {k}")))
    }
}

pub const PASSWORD_REALM: &str = "http://auth0.com/oauth/grant-type/password-realm";

pub async fn token(p: &Platform, tenant: &Tenant, req: &TokenRequest) -> OidcResult<TokenResponse> {
    let grant_type = req.require("grant_type")?.to_string();
    let client = client_auth::authenticate(p, &tenant.id, &req.credentials).await?;
    // RFC 6749 §5.2 unauthorized_client: "not authorized to use this authorization grant type".
    let allowed = match grant_type.as_str() {
        PASSWORD_REALM => client.allows_grant(PASSWORD_REALM) || client.allows_grant("password"),
        g => client.allows_grant(g),
    };
    if !allowed && is_supported(&grant_type) {
        return Err(OAuthError::unauthorized_client(format!("Grant type '{grant_type}' not allowed for the client.")).into());
    }
    match grant_type.as_str() {
        "authorization_code" => authorization_code::exchange(p, tenant, &client, req).await,
        "refresh_token" => refresh_token::exchange(p, tenant, &client, req).await,
        "client_credentials" => client_credentials::exchange(p, tenant, &client, req).await,
        "password" | PASSWORD_REALM => password::exchange(p, tenant, &client, req).await,
        other => Err(OAuthError::new("unsupported_grant_type", format!("Unsupported grant type: {other}")).into()),
    }
}

fn is_supported(g: &str) -> bool {
    matches!(g, "authorization_code" | "refresh_token" | "client_credentials" | "password" | PASSWORD_REALM)
}
