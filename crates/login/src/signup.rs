//! Signup on the hosted pages: the connection's rules, pre-user-registration actions, the new
//! user, post-user-registration, then the login goes on as after a password.

use crate::outcome::Outcome;
use crate::service::{after_first_factor, expired, find_flow, Form};
use portcullis_crypto::random;
use portcullis_domain::connection::DEFAULT_DATABASE_CONNECTION;
use portcullis_domain::log::types;
use portcullis_domain::tenant::Tenant;
use portcullis_domain::user::{check_email, normalize_email, User};
use portcullis_oidc::error::OidcResult;
use portcullis_oidc::logs::{self, LogEntry, RequestMeta};
use portcullis_oidc::Platform;

/// The signup form's POST.
pub async fn submit_signup(p: &Platform, tenant: &Tenant, state: &str, email: &str, password: &str, meta: &RequestMeta) -> OidcResult<Outcome> {
    let Some((mut txn, client)) = find_flow(p, tenant, state).await? else { return Ok(expired()) };
    let retry = |m: String| Ok(Outcome::Retry { state: state.to_string(), message: m, form: Form::Signup });
    let conn_name = txn.request.connection.clone().unwrap_or_else(|| DEFAULT_DATABASE_CONNECTION.to_string());
    let Some(conn) = p.store.find_connection_by_name(&tenant.id, &conn_name).await? else { return retry("Signups are not available".into()) };
    if conn.disable_signup {
        return retry("Signups are disabled for this application".into());
    }
    if let Err(e) = check_email(email) {
        return retry(format!("{e}"));
    }
    if let Err(e) = conn.password_policy.check(password, conn.min_length) {
        return retry(e.to_string());
    }
    let hasher = p.passwords.clone();
    let pw = password.to_string();
    let hash = match p.hash_blocking(move || hasher.hash(&pw)).await {
        Ok(Ok(h)) => h,
        _ => return Err(portcullis_oidc::OidcError::Internal("password hashing failed".into())),
    };
    let now = p.clock.now();
    let mut user = User {
        tenant_id: tenant.id.clone(),
        user_id: format!("auth0|{}", random::id()),
        connection: conn.name.clone(),
        email: Some(normalize_email(email)),
        email_verified: false,
        username: None,
        name: None,
        given_name: None,
        family_name: None,
        nickname: None,
        picture: None,
        phone_number: None,
        app_metadata: Default::default(),
        user_metadata: Default::default(),
        password_hash: Some(hash),
        blocked: false,
        logins_count: 0,
        last_login: None,
        last_ip: None,
        created_at: now,
        updated_at: now,
        mfa: Default::default(),
    };
    user.fill_defaults();
    match portcullis_oidc::actions::run_pre_user_registration(p, tenant, &client, &user, meta).await? {
        Err(message) => {
            logs::write(p, &tenant.id, meta, LogEntry { kind: types::FAILED_SIGNUP, description: Some(message.clone()), client_id: Some(&client.client_id), client_name: Some(&client.name), user_name: Some(email), connection: Some(&conn.name), ..Default::default() }).await;
            return retry(message);
        }
        Ok((app_metadata, user_metadata)) => {
            User::merge_metadata(&mut user.app_metadata, &app_metadata);
            User::merge_metadata(&mut user.user_metadata, &user_metadata);
        }
    }
    match p.store.create_user(&user).await {
        Ok(()) => {}
        Err(portcullis_store::StoreError::Conflict(_)) => {
            logs::write(p, &tenant.id, meta, LogEntry { kind: types::FAILED_SIGNUP, description: Some("The user already exists.".into()), client_id: Some(&client.client_id), client_name: Some(&client.name), user_name: Some(email), connection: Some(&conn.name), ..Default::default() }).await;
            return retry("The user already exists.".into());
        }
        Err(e) => return Err(e.into()),
    }
    portcullis_oidc::actions::notify(p, tenant, portcullis_actions::TriggerId::PostUserRegistration, &user, Some(&client), meta);
    logs::write(p, &tenant.id, meta, LogEntry { kind: types::SUCCESS_SIGNUP, description: Some("Successful signup".into()), client_id: Some(&client.client_id), client_name: Some(&client.name), user_id: Some(&user.user_id), user_name: user.email.as_deref(), connection: Some(&conn.name), ..Default::default() }).await;
    after_first_factor(p, tenant, &client, &mut txn, &user, meta).await
}
