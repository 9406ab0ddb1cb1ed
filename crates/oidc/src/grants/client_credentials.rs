//! RFC 6749 §4.4: the client credentials grant, limited by client grants (Auth0's model).

use super::TokenRequest;
use crate::error::{OAuthError, OidcResult};
use crate::logs::{self, LogEntry};
use crate::platform::Platform;
use crate::tokens::{self, AccessTokenInput, TokenResponse};
use portcullis_domain::client::Client;
use portcullis_domain::log::types;
use portcullis_domain::scope::parse_scope;
use portcullis_domain::tenant::Tenant;
use serde_json::Map;

pub async fn exchange(p: &Platform, tenant: &Tenant, client: &Client, req: &TokenRequest) -> OidcResult<TokenResponse> {
    let r = mint(p, tenant, client, req).await;
    let (kind, desc) = match &r {
        Ok(_) => (types::SUCCESS_EXCHANGE_CLIENT_CREDENTIALS, "Client Credentials for Access Token".to_string()),
        Err(e) => (types::FAILED_EXCHANGE_CLIENT_CREDENTIALS, e.to_string()),
    };
    logs::write(p, &tenant.id, &req.meta, LogEntry {
        kind,
        description: Some(desc),
        client_id: Some(&client.client_id),
        client_name: Some(&client.name),
        details: Some(serde_json::json!({"audience": req.get("audience")})),
        ..Default::default()
    })
    .await;
    r
}

async fn mint(p: &Platform, tenant: &Tenant, client: &Client, req: &TokenRequest) -> OidcResult<TokenResponse> {
    // RFC 6749 §4.4: "The client credentials grant type MUST only be used by confidential clients."
    if client.is_public() {
        return Err(OAuthError::unauthorized_client("Public clients cannot use the client_credentials grant").into());
    }
    let audience = req.get("audience").ok_or_else(|| {
        OAuthError::access_denied("No audience parameter was provided, and no default audience has been configured")
    })?;
    let api = p
        .store
        .find_resource_server_by_identifier(&tenant.id, audience)
        .await?
        .ok_or_else(|| OAuthError::access_denied(format!("Service not found: {audience}")))?;
    let grant = p.store.find_client_grant(&tenant.id, &client.client_id, audience).await?.ok_or_else(|| {
        OAuthError::access_denied(format!(
            "Client is not authorized to access \"{audience}\". You need to create a \"client-grant\" associated to this API."
        ))
    })?;
    let scope: Vec<String> = match req.get("scope") {
        Some(s) => parse_scope(s).into_iter().filter(|x| grant.scope.contains(x)).collect(),
        None => grant.scope.clone(),
    };
    // credentials-exchange actions may deny (with one of Auth0's codes) or add claims.
    let claims = match crate::actions::run_credentials_exchange(p, tenant, client, audience, &scope, &req.meta).await? {
        Ok((claims, _execution)) => claims,
        Err((code, reason)) => {
            let code = match code.as_str() {
                "invalid_scope" => "invalid_scope",
                "invalid_request" => "invalid_request",
                "server_error" => "server_error",
                _ => "access_denied",
            };
            return Err(OAuthError::new(code, reason).into());
        }
    };
    let custom: Map<String, serde_json::Value> = claims.into_iter().filter(|(k, _)| !crate::tokens::is_restricted_claim(k)).collect();
    let now = p.clock.now();
    let keys = p.keys.get(p.store.as_ref(), &p.master_key, &tenant.id, now).await?;
    let input = AccessTokenInput {
        tenant,
        client_id: &client.client_id,
        subject: format!("{}@clients", client.client_id),
        api: Some(&api),
        scope: &scope,
        permissions: None,
        grant_type_claim: Some("client-credentials"),
        now,
        custom: &custom,
    };
    let lifetime = input.lifetime(p.settings.default_access_token_lifetime);
    let access_token = tokens::sign_access_token(&keys, Some(&api), &tokens::access_token_claims(&input, lifetime))?;
    Ok(TokenResponse { access_token, id_token: None, refresh_token: None, scope: Some(scope.join(" ")), expires_in: lifetime, token_type: "Bearer" })
}
