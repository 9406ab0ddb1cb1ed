//! Users of a tenant's database connection.

use crate::{AdminError, AdminResult};
use portcullis_crypto::random;
use portcullis_domain::tenant::Tenant;
use portcullis_domain::user::{check_email, normalize_email, User};
use portcullis_oidc::Platform;
use serde::Deserialize;
use serde_json::{Map, Value};

#[derive(Debug, Default, Deserialize)]
pub struct UserChanges {
    pub connection: Option<String>,
    pub email: Option<String>,
    pub password: Option<String>,
    pub email_verified: Option<bool>,
    pub username: Option<String>,
    pub name: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub nickname: Option<String>,
    pub picture: Option<String>,
    pub blocked: Option<bool>,
    pub app_metadata: Option<Map<String, Value>>,
    pub user_metadata: Option<Map<String, Value>>,
    pub user_id: Option<String>,
}

async fn hash_password(p: &Platform, tenant: &Tenant, connection: &str, password: &str) -> AdminResult<String> {
    let conn = p.store.find_connection_by_name(&tenant.id, connection).await?.ok_or_else(|| AdminError::Invalid(format!("The connection does not exist. connection: {connection}")))?;
    conn.password_policy.check(password, conn.min_length).map_err(|e| AdminError::Invalid(e.to_string()))?;
    let hasher = p.passwords.clone();
    let pw = password.to_string();
    p.hash_blocking(move || hasher.hash(&pw)).await?.map_err(|e| AdminError::Internal(e.to_string()))
}

pub async fn create(p: &Platform, t: &Tenant, ch: UserChanges) -> AdminResult<User> {
    let connection = ch.connection.clone().ok_or_else(|| AdminError::Invalid("Payload validation error: 'Missing required property: connection'.".into()))?;
    let email = ch.email.clone().ok_or_else(|| AdminError::Invalid("Payload validation error: 'Missing required property: email'.".into()))?;
    check_email(&email)?;
    let password = ch.password.clone().ok_or_else(|| AdminError::Invalid("Payload validation error: 'Missing required property: password'.".into()))?;
    let hash = hash_password(p, t, &connection, &password).await?;
    let now = p.clock.now();
    let local = ch.user_id.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| random::id().to_lowercase());
    let mut u = User {
        tenant_id: t.id.clone(),
        user_id: format!("auth0|{local}"),
        connection,
        email: Some(normalize_email(&email)),
        email_verified: ch.email_verified.unwrap_or(false),
        username: ch.username,
        name: ch.name,
        given_name: ch.given_name,
        family_name: ch.family_name,
        nickname: ch.nickname,
        picture: ch.picture,
        phone_number: None,
        app_metadata: ch.app_metadata.unwrap_or_default(),
        user_metadata: ch.user_metadata.unwrap_or_default(),
        password_hash: Some(hash),
        blocked: ch.blocked.unwrap_or(false),
        logins_count: 0,
        last_login: None,
        last_ip: None,
        created_at: now,
        updated_at: now,
        mfa: Default::default(),
    };
    u.fill_defaults();
    p.store.create_user(&u).await.map_err(|e| match e {
        portcullis_store::StoreError::Conflict(_) => AdminError::Conflict("The user already exists.".into()),
        other => other.into(),
    })?;
    Ok(u)
}

pub async fn get(p: &Platform, t: &Tenant, id: &str) -> AdminResult<User> {
    p.store.find_user(&t.id, id).await?.ok_or_else(|| AdminError::NotFound("The user does not exist.".into()))
}

/// Auth0 PATCH semantics: top-level fields replace; metadata merges at top level, `null` deletes.
pub async fn update(p: &Platform, t: &Tenant, id: &str, ch: UserChanges) -> AdminResult<User> {
    let mut u = get(p, t, id).await?;
    if let Some(e) = &ch.email {
        check_email(e)?;
        u.email = Some(normalize_email(e));
    }
    if let Some(pw) = &ch.password {
        u.password_hash = Some(hash_password(p, t, &u.connection.clone(), pw).await?);
    }
    macro_rules! opt { ($($f:ident),*) => { $( if ch.$f.is_some() { u.$f = ch.$f.clone(); } )* } }
    opt!(username, name, given_name, family_name, nickname, picture);
    if let Some(v) = ch.email_verified {
        u.email_verified = v;
    }
    if let Some(b) = ch.blocked {
        u.blocked = b;
    }
    if let Some(m) = &ch.app_metadata {
        User::merge_metadata(&mut u.app_metadata, m);
    }
    if let Some(m) = &ch.user_metadata {
        User::merge_metadata(&mut u.user_metadata, m);
    }
    u.updated_at = p.clock.now();
    p.store.update_user(&u).await?;
    if ch.password.is_some() {
        // post-change-password actions run after the fact; they never block the change.
        let meta = portcullis_oidc::logs::RequestMeta::default();
        portcullis_oidc::actions::notify(p, t, portcullis_actions::TriggerId::PostChangePassword, &u, None, &meta);
    }
    Ok(u)
}

pub async fn delete(p: &Platform, t: &Tenant, id: &str) -> AdminResult<()> {
    p.store.delete_user(&t.id, id).await?;
    Ok(())
}

/// Lifts brute-force blocks of a user (Auth0's `DELETE /user-blocks/{id}`).
pub async fn unblock(p: &Platform, t: &Tenant, id: &str) -> AdminResult<()> {
    let u = get(p, t, id).await?;
    let key = u.email.clone().map(|e| normalize_email(&e)).unwrap_or_default();
    p.store.unblock_user(&t.id, &key).await?;
    Ok(())
}

/// The IPs a user is blocked from.
pub async fn blocks(p: &Platform, t: &Tenant, id: &str) -> AdminResult<Vec<String>> {
    let u = get(p, t, id).await?;
    let key = u.email.clone().map(|e| normalize_email(&e)).unwrap_or_default();
    Ok(p.store.blocked_ips(&t.id, &key, p.settings.brute_force_threshold).await?)
}
