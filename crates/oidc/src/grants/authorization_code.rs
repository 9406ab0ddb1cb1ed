//! RFC 6749 §4.1.3 with RFC 7636 §4.6: exchanging an authorization code.

use super::{issue_user_tokens, user_permissions, TokenRequest, UserTokenRequest};
use crate::error::{OAuthError, OidcResult};
use crate::logs::{self, LogEntry};
use crate::platform::Platform;
use crate::tokens::{CustomClaims, TokenResponse};
use portcullis_crypto::digest;
use portcullis_domain::client::Client;
use portcullis_domain::log::types;
use portcullis_domain::tenant::Tenant;
use portcullis_store::CodeRedemption;

pub async fn exchange(p: &Platform, tenant: &Tenant, client: &Client, req: &TokenRequest) -> OidcResult<TokenResponse> {
    let r = redeem(p, tenant, client, req).await;
    let (kind, desc, user) = match &r {
        Ok((_, u)) => (types::SUCCESS_EXCHANGE_AUTH_CODE, "Authorization Code for Access Token".to_string(), Some(u.clone())),
        Err(e) => (types::FAILED_EXCHANGE_AUTH_CODE, e.to_string(), None),
    };
    logs::write(p, &tenant.id, &req.meta, LogEntry {
        kind,
        description: Some(desc),
        client_id: Some(&client.client_id),
        client_name: Some(&client.name),
        user_id: user.as_deref(),
        ..Default::default()
    })
    .await;
    r.map(|(t, _)| t)
}

async fn redeem(p: &Platform, tenant: &Tenant, client: &Client, req: &TokenRequest) -> OidcResult<(TokenResponse, String)> {
    let now = p.clock.now();
    let code = req.require("code")?;
    let hash = digest::sha256_b64url(code.as_bytes());
    let code = match p.store.redeem_code(&tenant.id, &hash, now).await? {
        CodeRedemption::Redeemed(c) => c,
        // RFC 6749 §4.1.2: "If an authorization code is used more than once, the authorization
        // server MUST deny the request and SHOULD revoke (when possible) all tokens previously
        // issued based on that authorization code."
        CodeRedemption::AlreadyUsed(c) => {
            p.store.revoke_family(&tenant.id, &c.grant.family_id, now).await?;
            return Err(OAuthError::invalid_grant("Invalid authorization code").into());
        }
        CodeRedemption::NotFound => return Err(OAuthError::invalid_grant("Invalid authorization code").into()),
    };
    // RFC 6749 §4.1.3: "ensure that the authorization code was issued to the authenticated client".
    if code.grant.client_id != client.client_id {
        return Err(OAuthError::invalid_grant("Invalid authorization code").into());
    }
    if code.expires_at <= now {
        return Err(OAuthError::invalid_grant("Invalid authorization code").into());
    }
    // RFC 6749 §4.1.3: redirect_uri REQUIRED if it was in the authorization request, and identical.
    match req.get("redirect_uri") {
        Some(u) if u == code.redirect_uri => {}
        _ => return Err(OAuthError::invalid_grant("The redirect_uri does not match the one of the authorization request").into()),
    }
    // RFC 7636 §4.6: verify code_verifier against the stored challenge.
    match (&code.code_challenge, req.get("code_verifier")) {
        (Some(ch), Some(v)) if digest::pkce_s256_matches(v, ch) => {}
        (Some(_), _) => return Err(OAuthError::invalid_grant("Failed to verify code verifier").into()),
        (None, Some(_)) => return Err(OAuthError::invalid_grant("Failed to verify code verifier").into()),
        (None, None) => {}
    }
    let user = p.store.find_user(&tenant.id, &code.grant.user_id).await?.ok_or_else(|| OAuthError::invalid_grant("Invalid authorization code"))?;
    if user.blocked {
        return Err(OAuthError::invalid_grant("user is blocked").into());
    }
    let api = match &code.grant.audience {
        Some(a) => p.store.find_resource_server_by_identifier(&tenant.id, a).await?,
        None => None,
    };
    let perms = user_permissions(p, &tenant.id, &user.user_id, api.as_ref()).await?;
    let custom = CustomClaims { id_token: code.grant.custom_id_token_claims.clone(), access_token: code.grant.custom_access_token_claims.clone() };
    let (resp, refresh, _) = issue_user_tokens(p, UserTokenRequest {
        tenant,
        client,
        user: &user,
        grant: &code.grant,
        api: api.as_ref(),
        permissions: perms.as_deref(),
        nonce: code.nonce.as_deref(),
        custom: &custom,
        new_refresh_token: true,
        family_expires_at: None,
    })
    .await?;
    if let Some(rt) = refresh {
        p.store.insert_refresh_token(&rt).await?;
    }
    Ok((resp, user.user_id))
}
