//! RFC 6749 §6 with rotation and reuse detection (OAuth 2.0 Security BCP §4.14.2).

use super::{issue_user_tokens, user_permissions, TokenRequest, UserTokenRequest};
use crate::error::{OAuthError, OidcResult};
use crate::logs::{self, LogEntry};
use crate::platform::Platform;
use crate::tokens::{CustomClaims, TokenResponse};
use portcullis_crypto::digest;
use portcullis_domain::client::Client;
use portcullis_domain::log::types;
use portcullis_domain::scope::parse_scope;
use portcullis_domain::tenant::Tenant;
use portcullis_store::RefreshRotation;

const INVALID: &str = "Unknown or invalid refresh token.";

pub async fn exchange(p: &Platform, tenant: &Tenant, client: &Client, req: &TokenRequest) -> OidcResult<TokenResponse> {
    let r = refresh(p, tenant, client, req).await;
    let (kind, desc, user) = match &r {
        Ok((_, u)) => (types::SUCCESS_EXCHANGE_REFRESH_TOKEN, "Refresh Token for Access Token".to_string(), Some(u.clone())),
        Err(e) => (types::FAILED_EXCHANGE_REFRESH_TOKEN, e.to_string(), None),
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

async fn refresh(p: &Platform, tenant: &Tenant, client: &Client, req: &TokenRequest) -> OidcResult<(TokenResponse, String)> {
    let now = p.clock.now();
    let presented = req.require("refresh_token")?;
    let hash = digest::sha256_b64url(presented.as_bytes());
    let old = p.store.find_refresh_token(&tenant.id, &hash).await?;
    let old = match old {
        Some(t) => t,
        None => {
            // Possibly a rotated token presented again: the store revokes its family.
            if client.refresh_token.rotation_type == portcullis_domain::client::RotationType::Rotating {
                if let RefreshRotation::Reused(t) = p.store.rotate_refresh_token(&tenant.id, &hash, &placeholder(&hash), now).await? {
                    logs::write(p, &tenant.id, &req.meta, LogEntry {
                        kind: types::REFRESH_TOKEN_REUSED,
                        description: Some("Reused rotating refresh token detected; the token family was revoked".into()),
                        client_id: Some(&client.client_id),
                        user_id: Some(&t.grant.user_id),
                        ..Default::default()
                    })
                    .await;
                }
            }
            return Err(OAuthError::invalid_grant(INVALID).into());
        }
    };
    // RFC 6749 §6: "the refresh token was issued to the authenticated client".
    if old.grant.client_id != client.client_id {
        return Err(OAuthError::invalid_grant(INVALID).into());
    }
    let expired = old.expires_at.map(|e| e <= now).unwrap_or(false) || old.idle_expires_at.map(|e| e <= now).unwrap_or(false);
    if expired {
        return Err(OAuthError::invalid_grant(INVALID).into());
    }
    let user = p.store.find_user(&tenant.id, &old.grant.user_id).await?.ok_or_else(|| OAuthError::invalid_grant(INVALID))?;
    if user.blocked {
        return Err(OAuthError::invalid_grant("user is blocked").into());
    }
    // RFC 6749 §6: a narrower scope may be requested, never a wider one.
    let mut grant = old.grant.clone();
    if let Some(s) = req.get("scope") {
        let asked = parse_scope(s);
        if let Some(extra) = asked.iter().find(|x| !old.grant.scope.contains(x)) {
            return Err(OAuthError::invalid_scope(format!("The scope {extra} was not granted originally")).into());
        }
        grant.scope = asked;
    }
    let api = match &grant.audience {
        Some(a) => p.store.find_resource_server_by_identifier(&tenant.id, a).await?,
        None => None,
    };
    let perms = user_permissions(p, &tenant.id, &user.user_id, api.as_ref()).await?;
    // Auth0 runs post-login on refresh-token exchanges too: actions may deny or change claims.
    match crate::actions::post_login_for_token(p, tenant, client, &user, &grant, &req.meta, "oauth2-refresh-token").await? {
        Ok(effects) if !effects.executions.is_empty() => crate::actions::apply_effects(&mut grant, &effects),
        Ok(_) => {}
        Err(e) => return Err(e.into()),
    }
    let custom = CustomClaims { id_token: grant.custom_id_token_claims.clone(), access_token: grant.custom_access_token_claims.clone() };
    let (mut resp, new_rt, _) = issue_user_tokens(p, UserTokenRequest {
        tenant,
        client,
        user: &user,
        grant: &grant,
        api: api.as_ref(),
        permissions: perms.as_deref(),
        nonce: None,
        custom: &custom,
        new_refresh_token: old.rotating,
        family_expires_at: old.expires_at,
    })
    .await?;
    if let Some(new_rt) = new_rt {
        // The new token keeps the original grant (scope narrowing applies to this response only).
        let mut stored = new_rt;
        stored.grant = old.grant.clone();
        match p.store.rotate_refresh_token(&tenant.id, &hash, &stored, now).await? {
            RefreshRotation::Rotated(_) => {}
            _ => {
                resp.refresh_token = None;
                return Err(OAuthError::invalid_grant(INVALID).into());
            }
        }
    }
    Ok((resp, user.user_id))
}

/// `rotate_refresh_token` needs a successor even when we only want its reuse detection; this
/// one is never stored because the presented token is not live.
fn placeholder(hash: &str) -> portcullis_domain::flow::RefreshToken {
    portcullis_domain::flow::RefreshToken {
        token_hash: format!("never-stored:{hash}"),
        grant: portcullis_domain::flow::Grant {
            tenant_id: String::new(),
            client_id: String::new(),
            user_id: String::new(),
            scope: vec![],
            audience: None,
            session_id: None,
            auth_time: Default::default(),
            amr: vec![],
            family_id: String::new(),
            custom_id_token_claims: Default::default(),
            custom_access_token_claims: Default::default(),
        },
        rotating: true,
        created_at: Default::default(),
        expires_at: None,
        idle_expires_at: None,
    }
}
