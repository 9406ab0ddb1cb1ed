//! First start: the default tenant, its database connection, the Management API and an M2M
//! application authorized for it. Idempotent: running it again changes nothing.

use crate::AdminResult;
use portcullis_crypto::random;
use portcullis_domain::client::{AppType, Client, ClientGrant};
use portcullis_domain::connection::{Connection, PasswordPolicy, DEFAULT_DATABASE_CONNECTION};
use portcullis_domain::resource_server::{ResourceServer, ResourceServerScope, SigningAlg, TokenDialect};
use portcullis_domain::tenant::{Branding, Tenant, TenantSettings};
use portcullis_oidc::client_auth::{open_secret, seal_secret};
use portcullis_oidc::Platform;

/// Auth0's Management API scopes that Portcullis serves.
pub const MANAGEMENT_SCOPES: &[&str] = &[
    "read:clients", "create:clients", "update:clients", "delete:clients", "read:client_keys", "update:client_keys",
    "read:client_grants", "create:client_grants", "update:client_grants", "delete:client_grants",
    "read:resource_servers", "create:resource_servers", "update:resource_servers", "delete:resource_servers",
    "read:connections", "create:connections", "update:connections", "delete:connections",
    "read:users", "create:users", "update:users", "delete:users", "read:users_app_metadata", "update:users_app_metadata",
    "read:user_idp_tokens", "read:roles", "create:roles", "update:roles", "delete:roles", "create:role_members", "read:role_members", "delete:role_members",
    "read:logs", "read:logs_users", "read:tenant_settings", "update:tenant_settings", "read:signing_keys", "create:signing_keys", "update:signing_keys",
    "read:actions", "create:actions", "update:actions", "delete:actions", "read:guardian_factors", "update:guardian_factors",
    "read:mfa_policies", "update:mfa_policies", "delete:guardian_enrollments", "read:authentication_methods", "update:authentication_methods",
    "create:authentication_methods", "delete:authentication_methods", "read:stats", "read:branding", "update:branding",
];

pub const MANAGEMENT_CLIENT_NAME: &str = "Portcullis Management (bootstrap)";

/// The tenant served on `domain`, created with everything it needs when absent.
pub async fn ensure_tenant(p: &Platform, domain: &str) -> AdminResult<Tenant> {
    let domain = domain.to_ascii_lowercase();
    if let Some(t) = p.store.find_tenant_by_domain(&domain).await? {
        return Ok(t);
    }
    let now = p.clock.now();
    let t = Tenant {
        id: random::id(),
        domain: domain.clone(),
        friendly_name: "Portcullis".into(),
        branding: Branding::default(),
        settings: TenantSettings::default(),
        created_at: now,
    };
    p.store.create_tenant(&t).await?;
    p.store
        .create_connection(&Connection {
            tenant_id: t.id.clone(),
            id: format!("con_{}", random::id()),
            name: DEFAULT_DATABASE_CONNECTION.into(),
            strategy: "auth0".into(),
            password_policy: PasswordPolicy::Good,
            min_length: None,
            disable_signup: false,
            enabled_clients: vec![],
        })
        .await?;
    p.store
        .create_resource_server(&ResourceServer {
            tenant_id: t.id.clone(),
            id: random::id().to_lowercase(),
            name: "Auth0 Management API".into(),
            identifier: t.management_audience(),
            scopes: MANAGEMENT_SCOPES.iter().map(|s| ResourceServerScope { value: s.to_string(), description: String::new() }).collect(),
            signing_alg: SigningAlg::RS256,
            token_lifetime: 86_400,
            token_lifetime_for_web: 7200,
            enforce_policies: false,
            token_dialect: TokenDialect::AccessToken,
            allow_offline_access: false,
            skip_consent_for_verifiable_first_party_clients: false,
            is_system: true,
        })
        .await?;
    p.keys.get(p.store.as_ref(), &p.master_key, &t.id, now).await?;
    Ok(t)
}

/// The M2M application authorized for the Management API with all scopes; created once.
pub async fn ensure_management_client(p: &Platform, t: &Tenant) -> AdminResult<(String, String)> {
    let existing = p.store.list_clients(&t.id, portcullis_store::Page { page: 0, per_page: 1000 }).await?;
    if let Some(c) = existing.items.iter().find(|c| c.global && c.name == MANAGEMENT_CLIENT_NAME) {
        let secret = open_secret(p, c).unwrap_or_default();
        return Ok((c.client_id.clone(), secret));
    }
    let client_id = crate::new_client_id();
    let secret = random::token(48);
    let c = Client {
        description: "Created by `portcullis tenant bootstrap` for tools and CI".into(),
        client_secret_sealed: Some(seal_secret(p, &t.id, &client_id, &secret)?),
        global: true,
        ..Client::new(t.id.clone(), client_id.clone(), MANAGEMENT_CLIENT_NAME.into(), AppType::NonInteractive, p.clock.now())
    };
    p.store.create_client(&c).await?;
    p.store
        .create_client_grant(&ClientGrant {
            tenant_id: t.id.clone(),
            id: format!("cgr_{}", random::id()),
            client_id: client_id.clone(),
            audience: t.management_audience(),
            scope: MANAGEMENT_SCOPES.iter().map(|s| s.to_string()).collect(),
        })
        .await?;
    Ok((client_id, secret))
}

pub const DASHBOARD_CLIENT_NAME: &str = "Portcullis Dashboard";

/// The dashboard's own SPA client (PKCE, refresh-token rotation) and the operators' connection.
pub async fn ensure_dashboard(p: &Platform, t: &Tenant) -> AdminResult<Client> {
    use portcullis_domain::connection::OPERATORS_CONNECTION;
    if p.store.find_connection_by_name(&t.id, OPERATORS_CONNECTION).await?.is_none() {
        p.store
            .create_connection(&Connection {
                tenant_id: t.id.clone(),
                id: format!("con_{}", random::id()),
                name: OPERATORS_CONNECTION.into(),
                strategy: "auth0".into(),
                password_policy: PasswordPolicy::Good,
                min_length: Some(12),
                disable_signup: true,
                enabled_clients: vec![],
            })
            .await?;
    }
    if let Some(c) = find_dashboard(p, t).await? {
        return Ok(c);
    }
    let base = format!("https://{}", t.domain);
    let client_id = crate::new_client_id();
    let c = Client {
        description: "The Portcullis dashboard".into(),
        callbacks: vec![format!("{base}/dashboard/")],
        allowed_logout_urls: vec![format!("{base}/dashboard/")],
        web_origins: vec![base.clone()],
        allowed_origins: vec![base],
        grant_types: vec!["authorization_code".into(), "refresh_token".into()],
        global: true,
        ..Client::new(t.id.clone(), client_id, DASHBOARD_CLIENT_NAME.into(), AppType::Spa, p.clock.now())
    };
    p.store.create_client(&c).await?;
    Ok(c)
}

pub async fn find_dashboard(p: &Platform, t: &Tenant) -> AdminResult<Option<Client>> {
    let all = p.store.list_clients(&t.id, portcullis_store::Page { page: 0, per_page: 1000 }).await?;
    Ok(all.items.into_iter().find(|c| c.global && c.name == DASHBOARD_CLIENT_NAME))
}

/// Creates an operator (a dashboard user). Returns false when one with that email exists.
pub async fn create_operator(p: &Platform, t: &Tenant, email: &str, password: &str) -> AdminResult<bool> {
    use portcullis_domain::connection::OPERATORS_CONNECTION;
    let changes = crate::users::UserChanges {
        connection: Some(OPERATORS_CONNECTION.into()),
        email: Some(email.into()),
        password: Some(password.into()),
        email_verified: Some(true),
        ..Default::default()
    };
    match crate::users::create(p, t, changes).await {
        Ok(_) => Ok(true),
        Err(crate::AdminError::Conflict(_)) => Ok(false),
        Err(e) => Err(e),
    }
}
