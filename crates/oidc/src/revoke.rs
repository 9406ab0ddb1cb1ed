//! RFC 7009: token revocation. Only refresh tokens are revocable (access tokens are JWTs).

use crate::client_auth::{self, PresentedCredentials};
use crate::error::{OAuthError, OidcResult};
use crate::logs::{self, LogEntry, RequestMeta};
use crate::platform::Platform;
use portcullis_crypto::digest;
use portcullis_domain::log::types;
use portcullis_domain::tenant::Tenant;

pub async fn revoke(p: &Platform, tenant: &Tenant, creds: &PresentedCredentials, token: Option<&str>, meta: &RequestMeta) -> OidcResult<()> {
    let client = client_auth::authenticate(p, &tenant.id, creds).await?;
    let token = token.filter(|t| !t.is_empty()).ok_or_else(|| OAuthError::invalid_request("Missing required parameter: token"))?;
    let hash = digest::sha256_b64url(token.as_bytes());
    // RFC 7009 §2.2: an invalid or unknown token is answered 200 all the same.
    if let Some(rt) = p.store.find_refresh_token(&tenant.id, &hash).await? {
        // RFC 7009 §2.1: the token must belong to the requesting client.
        if rt.grant.client_id != client.client_id {
            return Err(OAuthError::invalid_client("The refresh token was not issued to this client").into());
        }
        p.store.revoke_family(&tenant.id, &rt.grant.family_id, p.clock.now()).await?;
        logs::write(p, &tenant.id, meta, LogEntry {
            kind: types::SUCCESS_REVOCATION,
            description: Some("Refresh token revoked".into()),
            client_id: Some(&client.client_id),
            client_name: Some(&client.name),
            user_id: Some(&rt.grant.user_id),
            ..Default::default()
        })
        .await;
    }
    Ok(())
}
