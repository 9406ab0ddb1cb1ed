//! Applications and client grants.

use crate::{AdminError, AdminResult};
use portcullis_crypto::random;
use portcullis_domain::client::{AppType, Client, ClientGrant, RefreshTokenSettings, TokenEndpointAuthMethod};
use portcullis_domain::redirect::check_registrable_url;
use portcullis_domain::tenant::Tenant;
use portcullis_oidc::client_auth::seal_secret;
use portcullis_oidc::Platform;
use serde::Deserialize;

/// The fields of Auth0's client create/update body that Portcullis honours; absent = unchanged
/// (update) or default (create).
#[derive(Debug, Default, Deserialize)]
pub struct ClientChanges {
    pub name: Option<String>,
    pub description: Option<String>,
    pub app_type: Option<AppType>,
    pub token_endpoint_auth_method: Option<TokenEndpointAuthMethod>,
    pub callbacks: Option<Vec<String>>,
    pub allowed_logout_urls: Option<Vec<String>>,
    pub web_origins: Option<Vec<String>>,
    pub allowed_origins: Option<Vec<String>>,
    pub grant_types: Option<Vec<String>>,
    pub refresh_token: Option<RefreshTokenSettings>,
    pub is_first_party: Option<bool>,
    pub oidc_conformant: Option<bool>,
    pub logo_uri: Option<String>,
    pub client_metadata: Option<serde_json::Map<String, serde_json::Value>>,
    pub id_token_lifetime: Option<i64>,
}

const GRANTS: &[&str] = &["authorization_code", "implicit", "refresh_token", "client_credentials", "password", "http://auth0.com/oauth/grant-type/password-realm"];

fn apply(c: &mut Client, ch: ClientChanges) -> AdminResult<()> {
    if let Some(n) = ch.name {
        if n.trim().is_empty() {
            return Err(AdminError::Invalid("Payload validation error: 'String is too short (0 chars), minimum 1' on property name".into()));
        }
        c.name = n;
    }
    if let Some(d) = ch.description {
        c.description = d;
    }
    for list in [&ch.callbacks, &ch.allowed_logout_urls] {
        for u in list.iter().flatten() {
            check_registrable_url(u)?;
        }
    }
    if let Some(g) = &ch.grant_types {
        if let Some(bad) = g.iter().find(|x| !GRANTS.contains(&x.as_str())) {
            return Err(AdminError::Invalid(format!("Payload validation error: invalid grant type '{bad}' on property grant_types")));
        }
    }
    macro_rules! set { ($($f:ident),*) => { $( if let Some(v) = ch.$f { c.$f = v; } )* } }
    set!(callbacks, allowed_logout_urls, web_origins, allowed_origins, grant_types, refresh_token, is_first_party, oidc_conformant, client_metadata, id_token_lifetime, token_endpoint_auth_method);
    if ch.logo_uri.is_some() {
        c.logo_uri = ch.logo_uri;
    }
    Ok(())
}

/// Creates an application; returns it with its secret in clear (only confidential clients).
pub async fn create(p: &Platform, t: &Tenant, mut ch: ClientChanges) -> AdminResult<(Client, Option<String>)> {
    let app_type = ch.app_type.unwrap_or(AppType::RegularWeb);
    let name = ch.name.clone().ok_or_else(|| AdminError::Invalid("Payload validation error: 'Missing required property: name'".into()))?;
    let client_id = crate::new_client_id();
    let mut c = Client::new(t.id.clone(), client_id.clone(), name, app_type, p.clock.now());
    if let Some(method) = ch.token_endpoint_auth_method.take() {
        c.token_endpoint_auth_method = method;
    }
    apply(&mut c, ch)?;
    // Auth0 keeps a secret on every client; public ones simply never use it.
    let secret = random::token(48);
    c.client_secret_sealed = Some(seal_secret(p, &t.id, &client_id, &secret)?);
    p.store.create_client(&c).await?;
    Ok((c, Some(secret)))
}

pub async fn get(p: &Platform, t: &Tenant, id: &str) -> AdminResult<Client> {
    p.store.find_client(&t.id, id).await?.ok_or_else(|| AdminError::NotFound("The client does not exist".into()))
}

pub async fn update(p: &Platform, t: &Tenant, id: &str, ch: ClientChanges) -> AdminResult<Client> {
    let mut c = get(p, t, id).await?;
    if ch.app_type.is_some() {
        c.app_type = ch.app_type.unwrap_or(c.app_type);
    }
    apply(&mut c, ch)?;
    p.store.update_client(&c).await?;
    Ok(c)
}

pub async fn delete(p: &Platform, t: &Tenant, id: &str) -> AdminResult<()> {
    let c = get(p, t, id).await?;
    if c.global {
        return Err(AdminError::Forbidden("The bootstrap Management client cannot be deleted".into()));
    }
    Ok(p.store.delete_client(&t.id, id).await?)
}

pub async fn rotate_secret(p: &Platform, t: &Tenant, id: &str) -> AdminResult<(Client, String)> {
    let mut c = get(p, t, id).await?;
    let secret = random::token(48);
    c.client_secret_sealed = Some(seal_secret(p, &t.id, id, &secret)?);
    p.store.update_client(&c).await?;
    Ok((c, secret))
}

#[derive(Debug, Deserialize)]
pub struct NewClientGrant {
    pub client_id: String,
    pub audience: String,
    #[serde(default)]
    pub scope: Vec<String>,
}

pub async fn create_grant(p: &Platform, t: &Tenant, g: NewClientGrant) -> AdminResult<ClientGrant> {
    get(p, t, &g.client_id).await?;
    let api = p.store.find_resource_server_by_identifier(&t.id, &g.audience).await?.ok_or_else(|| AdminError::NotFound(format!("No resource server found by audience: {}", g.audience)))?;
    if let Some(bad) = g.scope.iter().find(|s| !api.has_scope(s)) {
        return Err(AdminError::Invalid(format!("Scope '{bad}' is not defined by the resource server")));
    }
    let grant = ClientGrant { tenant_id: t.id.clone(), id: format!("cgr_{}", random::id()), client_id: g.client_id, audience: g.audience, scope: g.scope };
    p.store.create_client_grant(&grant).await?;
    Ok(grant)
}

/// Lists applications; `is_global` keeps only (or drops) the tenant-wide system clients, as
/// Auth0's `is_global` filter does.
pub async fn list(p: &Platform, t: &Tenant, page: portcullis_store::Page, is_global: Option<bool>) -> AdminResult<portcullis_store::Paged<Client>> {
    let Some(want) = is_global else {
        return Ok(p.store.list_clients(&t.id, page).await?);
    };
    let all = p.store.list_clients(&t.id, portcullis_store::Page { page: 0, per_page: 10_000 }).await?;
    let matching: Vec<Client> = all.items.into_iter().filter(|c| c.global == want).collect();
    let total = matching.len() as i64;
    let items = matching.into_iter().skip(page.offset() as usize).take(page.per_page as usize).collect();
    Ok(portcullis_store::Paged { items, total })
}
