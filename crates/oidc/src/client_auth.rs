//! Client authentication at the token and revocation endpoints (RFC 6749 §2.3, OIDC Core §9).

use crate::error::{OAuthError, OidcResult};
use crate::platform::Platform;
use portcullis_crypto::digest::constant_time_eq;
use portcullis_domain::client::{Client, TokenEndpointAuthMethod};

/// Credentials as presented; the web layer fills this from the Basic header or the body.
#[derive(Debug, Clone, Default)]
pub struct PresentedCredentials {
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    /// True when they came in an `Authorization: Basic` header.
    pub basic: bool,
}

/// The secret sealed for storage; the AAD binds it to its client.
pub fn seal_secret(p: &Platform, tenant: &str, client_id: &str, secret: &str) -> OidcResult<String> {
    Ok(p.master_key.seal(secret.as_bytes(), aad(tenant, client_id).as_bytes())?)
}

pub fn open_secret(p: &Platform, client: &Client) -> Option<String> {
    let sealed = client.client_secret_sealed.as_ref()?;
    // Memoized: the token endpoint opens the client's secret on every request.
    let raw = p.master_key.open_memoized(sealed, aad(&client.tenant_id, &client.client_id).as_bytes()).ok()?;
    String::from_utf8(raw.to_vec()).ok()
}

fn aad(tenant: &str, client_id: &str) -> String {
    format!("client-secret:{tenant}:{client_id}")
}

/// Authenticates the client. Public clients present only their id; confidential clients must
/// present their secret by their registered method (RFC 6749 §2.3.1), compared in constant time.
pub async fn authenticate(p: &Platform, tenant: &str, creds: &PresentedCredentials) -> OidcResult<Client> {
    let id = creds.client_id.as_deref().filter(|s| !s.is_empty()).ok_or_else(|| OAuthError::invalid_request("Missing required parameter: client_id"))?;
    let client = p.store.find_client(tenant, id).await?.ok_or_else(|| OAuthError::invalid_client("Unknown client."))?;
    match (client.token_endpoint_auth_method, creds.client_secret.as_deref()) {
        (TokenEndpointAuthMethod::None, None) => Ok(client),
        (TokenEndpointAuthMethod::None, Some(_)) => Ok(client),
        (_, None) => Err(OAuthError::invalid_client("Unauthorized").into()),
        (method, Some(given)) => {
            let expected = open_secret(p, &client).unwrap_or_default();
            let method_ok = match method {
                TokenEndpointAuthMethod::ClientSecretBasic => true,
                TokenEndpointAuthMethod::ClientSecretPost => true,
                TokenEndpointAuthMethod::None => true,
            };
            if method_ok && !expected.is_empty() && constant_time_eq(expected.as_bytes(), given.as_bytes()) {
                Ok(client)
            } else {
                Err(OAuthError::invalid_client("Unauthorized").into())
            }
        }
    }
}
