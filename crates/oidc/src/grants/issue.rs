//! Minting the tokens of a user grant: access token, ID token, refresh token.

use crate::error::OidcResult;
use crate::platform::Platform;
use crate::tokens::{self, AccessTokenInput, CustomClaims, IdTokenInput, TokenResponse};
use portcullis_crypto::{digest, random};
use portcullis_domain::client::{Client, ExpirationType, RotationType};
use portcullis_domain::flow::{Grant, RefreshToken};
use portcullis_domain::resource_server::ResourceServer;
use portcullis_domain::scope::OIDC_SCOPES;
use portcullis_domain::tenant::Tenant;
use portcullis_domain::user::User;

/// The user's permissions on an API, from their roles; `None` when no API is requested or the
/// API does not enforce RBAC, where neither the granted scopes nor the access token use them
/// (the roles are then not read at all).
pub async fn user_permissions(p: &Platform, tenant: &str, user_id: &str, api: Option<&ResourceServer>) -> OidcResult<Option<Vec<String>>> {
    let Some(api) = api.filter(|a| a.enforce_policies) else { return Ok(None) };
    let roles = p.store.roles_of_user(tenant, user_id).await?;
    let mut perms: Vec<String> = roles
        .into_iter()
        .flat_map(|r| r.permissions)
        .filter(|pm| pm.resource_server_identifier == api.identifier)
        .map(|pm| pm.permission_name)
        .collect();
    perms.sort();
    perms.dedup();
    Ok(Some(perms))
}

/// The scopes actually granted: OIDC scopes; the API's scopes it defines (and, with RBAC on,
/// that the user holds); `offline_access` only where refresh tokens are allowed. Unknown
/// scopes are dropped, as Auth0 does.
pub fn effective_scope(requested: &[String], client: &Client, api: Option<&ResourceServer>, permissions: Option<&[String]>) -> Vec<String> {
    requested
        .iter()
        .filter(|s| match s.as_str() {
            "offline_access" => client.allows_grant("refresh_token") && api.map(|a| a.allow_offline_access).unwrap_or(true),
            s if OIDC_SCOPES.contains(&s) => true,
            s => match api {
                Some(a) if a.has_scope(s) => !a.enforce_policies || permissions.map(|p| p.iter().any(|x| x == s)).unwrap_or(false),
                _ => false,
            },
        })
        .cloned()
        .collect()
}

pub struct UserTokenRequest<'a> {
    pub tenant: &'a Tenant,
    pub client: &'a Client,
    pub user: &'a User,
    pub grant: &'a Grant,
    pub api: Option<&'a ResourceServer>,
    pub permissions: Option<&'a [String]>,
    pub nonce: Option<&'a str>,
    pub custom: &'a CustomClaims,
    /// Issue a refresh token (first issuance; rotation passes the new one in `rotated`).
    pub new_refresh_token: bool,
    /// On refresh: the absolute expiry inherited from the first token of the family.
    pub family_expires_at: Option<portcullis_domain::Timestamp>,
}

pub async fn issue_user_tokens(p: &Platform, r: UserTokenRequest<'_>) -> OidcResult<(TokenResponse, Option<RefreshToken>, Option<String>)> {
    let now = p.clock.now();
    let keys = p.keys.get(p.store.as_ref(), &p.master_key, &r.tenant.id, now).await?;
    let at_input = AccessTokenInput {
        tenant: r.tenant,
        client_id: &r.client.client_id,
        subject: r.user.user_id.clone(),
        api: r.api,
        scope: &r.grant.scope,
        permissions: r.permissions,
        grant_type_claim: None,
        now,
        custom: &r.custom.access_token,
    };
    let lifetime = at_input.lifetime(p.settings.default_access_token_lifetime);
    let access_token = tokens::sign_access_token(&keys, r.api, &tokens::access_token_claims(&at_input, lifetime))?;
    let id_token = if r.grant.scope.iter().any(|s| s == "openid") {
        let claims = tokens::id_token_claims(&IdTokenInput {
            tenant: r.tenant,
            client: r.client,
            user: r.user,
            grant: r.grant,
            nonce: r.nonce,
            now,
            custom: &r.custom.id_token,
        });
        Some(tokens::sign_id_token(&keys, &claims)?)
    } else {
        None
    };
    let (refresh_plain, refresh) = if r.new_refresh_token && r.grant.scope.iter().any(|s| s == "offline_access") {
        let plain = random::token(32);
        let settings = &r.client.refresh_token;
        let expires_at = match settings.expiration_type {
            ExpirationType::Expiring if !settings.infinite_token_lifetime => {
                Some(r.family_expires_at.unwrap_or(now.plus_secs(settings.token_lifetime)))
            }
            _ => None,
        };
        let idle = match settings.expiration_type {
            ExpirationType::Expiring if !settings.infinite_idle_token_lifetime => Some(now.plus_secs(settings.idle_token_lifetime)),
            _ => None,
        };
        let rt = RefreshToken {
            token_hash: digest::sha256_b64url(plain.as_bytes()),
            grant: r.grant.clone(),
            rotating: settings.rotation_type == RotationType::Rotating,
            created_at: now,
            expires_at,
            idle_expires_at: idle,
        };
        (Some(plain), Some(rt))
    } else {
        (None, None)
    };
    let resp = TokenResponse {
        access_token,
        id_token,
        refresh_token: refresh_plain.clone(),
        scope: Some(r.grant.scope.join(" ")),
        expires_in: lifetime,
        token_type: "Bearer",
    };
    Ok((resp, refresh, refresh_plain))
}
