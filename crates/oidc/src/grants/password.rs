//! RFC 6749 §4.3 (resource owner password) and Auth0's password-realm variant.

use super::{effective_scope, issue_user_tokens, user_permissions, TokenRequest, UserTokenRequest, PASSWORD_REALM};
use crate::authn::{authenticate_password, PasswordAttempt};
use crate::error::{OAuthError, OidcResult};
use crate::logs::{self, LogEntry};
use crate::platform::Platform;
use crate::tokens::{CustomClaims, TokenResponse};
use portcullis_crypto::random;
use portcullis_domain::client::Client;
use portcullis_domain::connection::DEFAULT_DATABASE_CONNECTION;
use portcullis_domain::flow::Grant;
use portcullis_domain::log::types;
use portcullis_domain::scope::parse_scope;
use portcullis_domain::tenant::Tenant;

pub async fn exchange(p: &Platform, tenant: &Tenant, client: &Client, req: &TokenRequest) -> OidcResult<TokenResponse> {
    let username = req.require("username")?;
    let password = req.require("password")?;
    let connection = match req.require("grant_type")? {
        PASSWORD_REALM => req.require("realm")?,
        _ => DEFAULT_DATABASE_CONNECTION,
    };
    if connection == portcullis_domain::connection::OPERATORS_CONNECTION {
        return Err(OAuthError::invalid_request(format!("Unknown connection: {connection}")).into());
    }
    let attempt = PasswordAttempt { tenant: &tenant.id, connection, username, password, client, meta: &req.meta };
    let user = match authenticate_password(p, attempt).await? {
        Ok(u) => u,
        Err(f) => {
            logs::write(p, &tenant.id, &req.meta, LogEntry {
                kind: types::FAILED_EXCHANGE_PASSWORD,
                description: Some(f.message().into()),
                client_id: Some(&client.client_id),
                client_name: Some(&client.name),
                user_name: Some(username),
                ..Default::default()
            })
            .await;
            // Auth0 answers wrong credentials with 403 invalid_grant.
            return Err(OAuthError::invalid_grant(f.message()).into());
        }
    };
    let now = p.clock.now();
    let api = match req.get("audience") {
        Some(a) => Some(p.store.find_resource_server_by_identifier(&tenant.id, a).await?.ok_or_else(|| OAuthError::access_denied(format!("Service not found: {a}")))?),
        None => None,
    };
    let perms = user_permissions(p, &tenant.id, &user.user_id, api.as_ref()).await?;
    let requested = parse_scope(req.get("scope").unwrap_or("openid"));
    let mut grant = Grant {
        tenant_id: tenant.id.clone(),
        client_id: client.client_id.clone(),
        user_id: user.user_id.clone(),
        scope: effective_scope(&requested, client, api.as_ref(), perms.as_deref()),
        audience: api.as_ref().map(|a| a.identifier.clone()),
        session_id: None,
        auth_time: now,
        amr: vec!["pwd".into()],
        family_id: random::id(),
        custom_id_token_claims: Default::default(),
        custom_access_token_claims: Default::default(),
    };
    let user = p.store.record_login(&tenant.id, &user.user_id, now, req.meta.ip.as_deref()).await?;
    let effects = match crate::actions::post_login_for_token(p, tenant, client, &user, &grant, &req.meta, "oauth2-password").await? {
        Ok(e) => e,
        Err(e) => return Err(e.into()),
    };
    crate::actions::apply_effects(&mut grant, &effects);
    let (resp, refresh, _) = issue_user_tokens(p, UserTokenRequest {
        tenant,
        client,
        user: &user,
        grant: &grant,
        api: api.as_ref(),
        permissions: perms.as_deref(),
        nonce: None,
        custom: &CustomClaims { id_token: grant.custom_id_token_claims.clone(), access_token: grant.custom_access_token_claims.clone() },
        new_refresh_token: true,
        family_expires_at: None,
    })
    .await?;
    if let Some(rt) = refresh {
        p.store.insert_refresh_token(&rt).await?;
    }
    logs::write(p, &tenant.id, &req.meta, LogEntry {
        kind: types::SUCCESS_EXCHANGE_PASSWORD,
        description: Some("Password for Access Token".into()),
        client_id: Some(&client.client_id),
        client_name: Some(&client.name),
        user_id: Some(&user.user_id),
        user_name: user.email.as_deref(),
        ..Default::default()
    })
    .await;
    Ok(resp)
}
