//! Operators of the home tenant (the default tenant of `portcullis serve`) administer every tenant
//! of the deployment, as a master realm's administrators do: they list the tenants and get
//! short-lived Management API tokens for any of them. Operators of any other tenant manage only
//! their own tenant, through that tenant's own dashboard.

use crate::bootstrap::{find_dashboard, DASHBOARD_CLIENT_NAME, MANAGEMENT_SCOPES};
use crate::{AdminError, AdminResult};
use portcullis_domain::connection::OPERATORS_CONNECTION;
use portcullis_domain::log::types;
use portcullis_domain::tenant::Tenant;
use portcullis_domain::user::User;
use portcullis_oidc::logs::{self, LogEntry, RequestMeta};
use portcullis_oidc::tokens::{self, AccessTokenInput, TokenResponse};
use portcullis_oidc::Platform;
use serde_json::{json, Map};

/// Seconds a token for another tenant lives: enough for a few pages; the dashboard asks again.
pub const TENANT_TOKEN_LIFETIME: i64 = 600;

/// A person signed in at the home tenant as one of its operators.
pub struct HomeOperator {
    pub home: Tenant,
    pub user: User,
}

/// The caller of `tenant`, known by its token's `sub`, may manage every tenant: `tenant` is the
/// home tenant and `subject` an unblocked user of its operators connection. Machine tokens
/// (`{client_id}@clients`) and tokens minted for another tenant (`operator|...`) name no such user.
pub async fn check_home_operator(p: &Platform, home_domain: &str, tenant: Tenant, subject: &str) -> AdminResult<HomeOperator> {
    if !tenant.domain.eq_ignore_ascii_case(home_domain) {
        return Err(AdminError::NotFound("Tenants are managed from the home tenant's dashboard".into()));
    }
    match p.store.find_user(&tenant.id, subject).await? {
        Some(user) if user.connection == OPERATORS_CONNECTION && !user.blocked => Ok(HomeOperator { home: tenant, user }),
        _ => Err(AdminError::Forbidden("Only operators of the home tenant can manage its tenants".into())),
    }
}

/// Every tenant of the deployment: the home tenant first, then the others by domain.
pub async fn list_tenants(p: &Platform, op: &HomeOperator) -> AdminResult<Vec<Tenant>> {
    let mut all = p.store.list_tenants().await?;
    all.sort_by(|a, b| (a.id != op.home.id, &a.domain).cmp(&(b.id != op.home.id, &b.domain)));
    Ok(all)
}

/// A Management API access token for the tenant served on `domain`, signed with that tenant's key
/// and issuer, for the operator. It carries the Management scopes the operator's home token has
/// (all of them for a dashboard token), never more. Logged in the target tenant's log.
pub async fn mint_tenant_token(p: &Platform, op: &HomeOperator, domain: &str, held_scopes: &[String], meta: &RequestMeta) -> AdminResult<TokenResponse> {
    let target = p
        .store
        .find_tenant_by_domain(&domain.to_ascii_lowercase())
        .await?
        .ok_or_else(|| AdminError::NotFound(format!("No tenant is served on \"{domain}\"")))?;
    let audience = target.management_audience();
    let api = p
        .store
        .find_resource_server_by_identifier(&target.id, &audience)
        .await?
        .ok_or_else(|| AdminError::Internal(format!("tenant {} has no Management API", target.domain)))?;
    let dashboard = find_dashboard(p, &op.home).await?.ok_or_else(|| AdminError::Internal("the home tenant has no dashboard client".into()))?;
    let scope: Vec<String> = MANAGEMENT_SCOPES.iter().filter(|s| held_scopes.iter().any(|h| h == *s)).map(|s| s.to_string()).collect();
    let subject = format!("operator|{}", op.user.user_id);
    let now = p.clock.now();
    let keys = p.keys.get(p.store.as_ref(), &p.master_key, &target.id, now).await?;
    let input = AccessTokenInput {
        tenant: &target,
        client_id: &dashboard.client_id,
        subject: subject.clone(),
        api: Some(&api),
        scope: &scope,
        permissions: None,
        grant_type_claim: None,
        now,
        custom: &Map::new(),
    };
    let access_token = tokens::sign_access_token(&keys, Some(&api), &tokens::access_token_claims(&input, TENANT_TOKEN_LIFETIME))?;
    logs::write(p, &target.id, meta, LogEntry {
        kind: types::SUCCESS_API_OPERATION,
        description: Some(format!("Management API token for an operator of {}", op.home.domain)),
        client_id: Some(&dashboard.client_id),
        client_name: Some(DASHBOARD_CLIENT_NAME),
        user_id: Some(&subject),
        user_name: op.user.email.as_deref(),
        details: Some(json!({"home_tenant": op.home.domain, "audience": audience})),
        ..Default::default()
    })
    .await;
    Ok(TokenResponse { access_token, id_token: None, refresh_token: None, scope: Some(scope.join(" ")), expires_in: TENANT_TOKEN_LIFETIME, token_type: "Bearer" })
}
