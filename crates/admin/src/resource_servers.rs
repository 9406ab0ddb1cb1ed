//! APIs (resource servers).

use crate::{AdminError, AdminResult};
use portcullis_crypto::random;
use portcullis_domain::resource_server::{ResourceServer, ResourceServerScope, SigningAlg, TokenDialect};
use portcullis_domain::tenant::Tenant;
use portcullis_oidc::Platform;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct ApiChanges {
    pub name: Option<String>,
    pub identifier: Option<String>,
    pub scopes: Option<Vec<ResourceServerScope>>,
    pub signing_alg: Option<SigningAlg>,
    pub token_lifetime: Option<i64>,
    pub token_lifetime_for_web: Option<i64>,
    pub enforce_policies: Option<bool>,
    pub token_dialect: Option<TokenDialect>,
    pub allow_offline_access: Option<bool>,
    pub skip_consent_for_verifiable_first_party_clients: Option<bool>,
}

fn apply(r: &mut ResourceServer, ch: ApiChanges) {
    macro_rules! set { ($($f:ident),*) => { $( if let Some(v) = ch.$f { r.$f = v; } )* } }
    set!(name, scopes, signing_alg, token_lifetime, token_lifetime_for_web, enforce_policies, token_dialect, allow_offline_access, skip_consent_for_verifiable_first_party_clients);
}

pub async fn create(p: &Platform, t: &Tenant, ch: ApiChanges) -> AdminResult<ResourceServer> {
    let identifier = ch.identifier.clone().filter(|s| !s.is_empty()).ok_or_else(|| AdminError::Invalid("Payload validation error: 'Missing required property: identifier'.".into()))?;
    let mut r = ResourceServer {
        tenant_id: t.id.clone(),
        id: random::id().to_lowercase(),
        name: identifier.clone(),
        identifier,
        scopes: vec![],
        signing_alg: SigningAlg::RS256,
        token_lifetime: 86_400,
        token_lifetime_for_web: 7200,
        enforce_policies: false,
        token_dialect: TokenDialect::AccessToken,
        allow_offline_access: false,
        skip_consent_for_verifiable_first_party_clients: true,
        is_system: false,
    };
    apply(&mut r, ch);
    p.store.create_resource_server(&r).await.map_err(|e| match e {
        portcullis_store::StoreError::Conflict(_) => AdminError::Conflict("A resource server with the same identifier already exists".into()),
        other => other.into(),
    })?;
    Ok(r)
}

pub async fn get(p: &Platform, t: &Tenant, id: &str) -> AdminResult<ResourceServer> {
    if let Some(r) = p.store.find_resource_server(&t.id, id).await? {
        return Ok(r);
    }
    p.store.find_resource_server_by_identifier(&t.id, id).await?.ok_or_else(|| AdminError::NotFound("The resource server does not exist".into()))
}

pub async fn update(p: &Platform, t: &Tenant, id: &str, ch: ApiChanges) -> AdminResult<ResourceServer> {
    let mut r = get(p, t, id).await?;
    if r.is_system {
        return Err(AdminError::Forbidden("The Management API cannot be modified".into()));
    }
    apply(&mut r, ch);
    p.store.update_resource_server(&r).await?;
    Ok(r)
}

pub async fn delete(p: &Platform, t: &Tenant, id: &str) -> AdminResult<()> {
    let r = get(p, t, id).await?;
    if r.is_system {
        return Err(AdminError::Forbidden("The Management API cannot be deleted".into()));
    }
    Ok(p.store.delete_resource_server(&t.id, &r.id).await?)
}
