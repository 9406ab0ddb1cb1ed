use crate::consent::{check_operator_rules, consent_items, consent_required, remembered_consent_matters};
use crate::outcome::{AuthorizationResponse, Outcome};
use portcullis_crypto::{digest, random};
use portcullis_domain::client::Client;
use portcullis_domain::connection::DEFAULT_DATABASE_CONNECTION;
use portcullis_domain::flow::{AuthorizationCode, Grant, LoginTransaction, Prompt, Session};
use portcullis_domain::log::types;
use portcullis_domain::tenant::Tenant;
use portcullis_domain::user::User;
use portcullis_oidc::actions::{run_post_login, PostLoginContext, PostLoginOutcome};
use portcullis_oidc::authn::{authenticate_password, PasswordAttempt};
use portcullis_oidc::tokens::is_restricted_claim;
use portcullis_oidc::authorize::{validate, AuthorizeError, RawParams};
use portcullis_oidc::error::OidcResult;
use portcullis_oidc::grants::{effective_scope, user_permissions};
use portcullis_oidc::logs::{self, LogEntry, RequestMeta};
use portcullis_oidc::{OAuthError, Platform};
use portcullis_store::SessionWrite;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Login,
    Signup,
    Consent,
    MfaEnroll,
    MfaChallenge,
    MfaRecovery,
}

/// Handles `/authorize`. `session_id` is the SSO cookie's value, if any.
pub async fn authorize(p: &Platform, tenant: &Tenant, params: &HashMap<String, String>, session_id: Option<&str>, meta: &RequestMeta) -> OidcResult<Outcome> {
    let raw = RawParams { params };
    let Some(client_id) = raw.get("client_id") else {
        return Ok(Outcome::ErrorPage(OAuthError::invalid_request("Missing required parameter: client_id")));
    };
    let Some(client) = p.store.find_client(&tenant.id, client_id).await? else {
        return Ok(Outcome::ErrorPage(OAuthError::invalid_request(format!("Unknown client: {client_id}"))));
    };
    let mut req = match validate(&raw, &client) {
        Ok(r) => r,
        Err(AuthorizeError::Page(e)) => return Ok(Outcome::ErrorPage(e)),
        Err(AuthorizeError::Redirect { error, redirect_uri, response_mode, state }) => {
            return Ok(respond_error(&redirect_uri, response_mode, &error, state.as_deref()));
        }
    };
    if let Err(e) = check_operator_rules(&tenant.management_audience(), &client, &mut req) {
        return Ok(respond_error(&req.redirect_uri, req.response_mode, &e, req.state.as_deref()));
    }
    let fail = |e: OAuthError| respond_error(&req.redirect_uri, req.response_mode, &e, req.state.as_deref());
    if let Some(aud) = &req.audience {
        if p.store.find_resource_server_by_identifier(&tenant.id, aud).await?.is_none() {
            return Ok(fail(OAuthError::access_denied(format!("Service not found: {aud}"))));
        }
    }
    let now = p.clock.now();
    let mut session = match session_id {
        Some(id) => p.store.find_session(&tenant.id, id, now).await?,
        None => None,
    };
    // OIDC Core §3.1.2.1 max_age: an older authentication must be redone.
    if let (Some(s), Some(max_age)) = (&session, req.max_age) {
        if now.secs() - s.auth_time.secs() > max_age {
            session = None;
        }
    }
    if let Some(s) = &session {
        // A session serves only its own kind of user: operators in the dashboard, end users elsewhere.
        let wants_operator = req.connection.as_deref() == Some(portcullis_domain::connection::OPERATORS_CONNECTION);
        let usable = match p.store.find_user(&tenant.id, &s.user_id).await? {
            Some(u) => !u.blocked && (u.connection == portcullis_domain::connection::OPERATORS_CONNECTION) == wants_operator,
            None => false,
        };
        if !usable {
            session = None;
        }
    }
    let mut txn = LoginTransaction {
        tenant_id: tenant.id.clone(),
        id: random::token(24),
        request: req.clone(),
        user_id: None,
        auth_time: None,
        amr: vec![],
        session_id: None,
        mfa_required: false,
        mfa_enrollment_sealed: None,
        recovery_code_sealed: None,
        effects: None,
        suspended: None,
        created_at: now,
        expires_at: now.plus_secs(p.settings.login_transaction_lifetime),
        in_database: false,
    };
    match (req.prompt, session) {
        // OIDC Core §3.1.2.6: prompt=none without a session -> login_required, never a page.
        (Some(Prompt::None), None) => {
            log_silent_failure(p, tenant, &client, meta, "Login required").await;
            Ok(fail(OAuthError::login_required("Login required")))
        }
        (Some(Prompt::Login), _) | (_, None) => {
            p.store.put_transaction(&txn).await?;
            Ok(if req.screen_hint.as_deref() == Some("signup") { Outcome::SignupPage { state: txn.id } } else { Outcome::LoginPage { state: txn.id } })
        }
        (prompt, Some(s)) => {
            txn.user_id = Some(s.user_id.clone());
            txn.auth_time = Some(s.auth_time);
            txn.amr = s.amr.clone();
            txn.session_id = Some(s.id.clone());
            next_step(p, tenant, &client, txn, meta, prompt == Some(Prompt::None)).await
        }
    }
}

/// The login form's POST.
pub async fn submit_password(p: &Platform, tenant: &Tenant, state: &str, username: &str, password: &str, meta: &RequestMeta) -> OidcResult<Outcome> {
    let Some((mut txn, client)) = find_flow(p, tenant, state).await? else { return Ok(expired()) };
    let connection = txn.request.connection.clone().unwrap_or_else(|| DEFAULT_DATABASE_CONNECTION.to_string());
    let attempt = PasswordAttempt { tenant: &tenant.id, connection: &connection, username, password, client: &client, meta };
    let user = match authenticate_password(p, attempt).await? {
        Ok(u) => u,
        Err(f) => return Ok(Outcome::Retry { state: txn.id, message: f.message().to_string(), form: Form::Login }),
    };
    after_first_factor(p, tenant, &client, &mut txn, &user, meta).await
}

/// The consent form's POST.
pub async fn finish_consent(p: &Platform, tenant: &Tenant, state: &str, accept: bool, meta: &RequestMeta) -> OidcResult<Outcome> {
    let Some((txn, client)) = find_flow(p, tenant, state).await? else { return Ok(expired()) };
    let Some(user_id) = txn.user_id.clone() else { return Ok(Outcome::LoginPage { state: txn.id }) };
    if !accept {
        p.store.delete_transaction(&tenant.id, &txn.id).await?;
        let e = OAuthError::access_denied("User did not authorize the request");
        return Ok(respond_error(&txn.request.redirect_uri, txn.request.response_mode, &e, txn.request.state.as_deref()));
    }
    p.store.grant_consent(&tenant.id, &user_id, &client.client_id, &consent_items(&txn.request)).await?;
    finish(p, tenant, &client, txn, meta, false, None).await
}

pub(crate) async fn after_first_factor(p: &Platform, tenant: &Tenant, client: &Client, txn: &mut LoginTransaction, user: &User, meta: &RequestMeta) -> OidcResult<Outcome> {
    let now = p.clock.now();
    txn.user_id = Some(user.user_id.clone());
    txn.auth_time = Some(now);
    txn.amr = vec!["pwd".into()];
    txn.session_id = None;
    let user = p.store.record_login(&tenant.id, &user.user_id, now, meta.ip.as_deref()).await?;
    next_step_with(p, tenant, client, txn.clone(), meta, false, None, Some(user)).await
}

/// After the first factor (or with an SSO session): MFA if required, then consent if required,
/// then the authorization response. `silent` (prompt=none) may not show any page.
pub(crate) async fn next_step(p: &Platform, tenant: &Tenant, client: &Client, txn: LoginTransaction, meta: &RequestMeta, silent: bool) -> OidcResult<Outcome> {
    next_step_with(p, tenant, client, txn, meta, silent, None, None).await
}

/// `next_step` with the query an action's redirect came back with, and `known`: the
/// transaction's user as just read (or written) by the caller, to spare a read.
#[allow(clippy::too_many_arguments)]
async fn next_step_with(p: &Platform, tenant: &Tenant, client: &Client, mut txn: LoginTransaction, meta: &RequestMeta, silent: bool, resume_query: Option<serde_json::Map<String, serde_json::Value>>, known: Option<User>) -> OidcResult<Outcome> {
    let req = txn.request.clone();
    let fail = |e: OAuthError| respond_error(&req.redirect_uri, req.response_mode, &e, req.state.as_deref());
    let user_id = txn.user_id.clone().unwrap_or_default();
    let user = match known.filter(|u| u.user_id == user_id) {
        Some(u) => u,
        None => match p.store.find_user(&tenant.id, &user_id).await? {
            Some(u) => u,
            None => return Ok(expired()),
        },
    };
    // Post-login actions run once per transaction, after the first factor and before MFA,
    // consent and the tokens.
    if txn.effects.is_none() {
        let ctx = PostLoginContext {
            tenant,
            client,
            user: &user,
            meta,
            protocol: "oidc-basic-profile",
            requested_scopes: &req.scope,
            audience: req.audience.as_deref(),
            redirect_uri: Some(&req.redirect_uri),
            state: req.state.as_deref(),
            transaction_id: &txn.id,
            session_id: txn.session_id.as_deref(),
            amr: &txn.amr,
            auth_time: txn.auth_time.unwrap_or_else(|| p.clock.now()),
            query: resume_query.clone().unwrap_or_default(),
        };
        match run_post_login(p, &ctx, txn.suspended.as_ref()).await? {
            PostLoginOutcome::Denied { description } => {
                p.store.delete_transaction(&tenant.id, &txn.id).await?;
                return Ok(fail(OAuthError::access_denied(description)));
            }
            PostLoginOutcome::Suspended { url, flow } => {
                if silent && url.is_some() {
                    return Ok(fail(OAuthError::new("interaction_required", "An action requires user interaction")));
                }
                txn.mfa_required = txn.mfa_required || flow.mfa_required;
                txn.suspended = Some(flow.clone());
                match url {
                    Some(u) => {
                        p.store.put_transaction(&txn).await?;
                        return Ok(Outcome::RedirectTo(u));
                    }
                    // An authentication challenge: the actions after it resume once MFA passed.
                    None => txn.effects = None,
                }
            }
            PostLoginOutcome::Proceed { effects, mfa_required } => {
                txn.effects = Some(effects);
                txn.suspended = None;
                txn.mfa_required = txn.mfa_required || mfa_required;
            }
        }
    }
    let guardian = &tenant.settings.guardian;
    let wants_mfa = txn.mfa_required || guardian.policy == portcullis_domain::mfa::MfaPolicy::AllApplications;
    if wants_mfa && !txn.amr.iter().any(|a| a == "mfa") && crate::mfa::remember_allowed(tenant, &txn) && user.mfa.is_enrolled() && crate::mfa::is_remembered(p, tenant, &user, meta.mfa_remember.as_deref()) {
        // A remembered browser counts as the second factor (Auth0's "remember this browser").
        txn.amr.push("mfa".into());
    }
    if wants_mfa && !txn.amr.iter().any(|a| a == "mfa") {
        if !guardian.otp_enabled {
            // Fail closed: MFA was asked for and cannot be performed.
            return Ok(fail(OAuthError::access_denied("Multifactor authentication is required but no factor is enabled for this tenant")));
        }
        if silent {
            // The SPA SDK recognises this exact description.
            log_silent_failure(p, tenant, client, meta, "Multifactor authentication required").await;
            return Ok(fail(OAuthError::login_required("Multifactor authentication required")));
        }
        txn.mfa_required = true;
        p.store.put_transaction(&txn).await?;
        return Ok(if user.mfa.totp().is_some() { Outcome::MfaChallengePage { state: txn.id } } else { Outcome::MfaEnrollPage { state: txn.id } });
    }
    let granted = if remembered_consent_matters(client, &req) { p.store.find_consent(&tenant.id, &user_id, &client.client_id).await? } else { None };
    if consent_required(client, &req, granted.as_deref()) {
        if silent {
            log_silent_failure(p, tenant, client, meta, "Consent required").await;
            return Ok(fail(OAuthError::new("consent_required", "Consent required")));
        }
        p.store.put_transaction(&txn).await?;
        return Ok(Outcome::ConsentPage { state: txn.id });
    }
    finish(p, tenant, client, txn, meta, silent, Some(user)).await
}

/// Issues the authorization code and ends the transaction. `known`: the transaction's user as
/// the caller just read it (only its id, connection and email are used here).
async fn finish(p: &Platform, tenant: &Tenant, client: &Client, txn: LoginTransaction, meta: &RequestMeta, silent: bool, known: Option<User>) -> OidcResult<Outcome> {
    let now = p.clock.now();
    let req = &txn.request;
    let user_id = txn.user_id.clone().unwrap_or_default();
    let user = match known.filter(|u| u.user_id == user_id) {
        Some(u) => u,
        None => match p.store.find_user(&tenant.id, &user_id).await? {
            Some(u) => u,
            None => return Ok(expired()),
        },
    };
    let (session, new_session) = match &txn.session_id {
        Some(id) => match p.store.find_session(&tenant.id, id, now).await? {
            Some(mut s) => {
                // A step-up (MFA) during this transaction upgrades the session.
                for m in &txn.amr {
                    if !s.amr.contains(m) {
                        s.amr.push(m.clone());
                    }
                }
                (s, None)
            }
            None => return Ok(expired()),
        },
        None => {
            let s = Session {
                tenant_id: tenant.id.clone(),
                // Time-ordered (128 random bits after the time): a new session goes in at the end
                // of the sessions b-tree rather than at a random page.
                id: random::time_ordered_id(now.millis()),
                user_id: user.user_id.clone(),
                auth_time: txn.auth_time.unwrap_or(now),
                amr: txn.amr.clone(),
                clients: vec![client.client_id.clone()],
                created_at: now,
                last_used_at: now,
                expires_at: now.plus_secs(tenant.settings.session_lifetime_hours * 3600),
                ip: meta.ip.clone(),
                user_agent: meta.user_agent.clone(),
            };
            let id = s.id.clone();
            (s, Some(id))
        }
    };
    // A new session is written with this client already in it; an existing one is updated.
    let mut session = session;
    if new_session.is_none() {
        if !session.clients.contains(&client.client_id) {
            session.clients.push(client.client_id.clone());
        }
        session.last_used_at = now;
    }
    let api = match &req.audience {
        Some(a) => p.store.find_resource_server_by_identifier(&tenant.id, a).await?,
        None => None,
    };
    let perms = user_permissions(p, &tenant.id, &user.user_id, api.as_ref()).await?;
    let effects = txn.effects.clone().unwrap_or_default();
    let mut scope = effective_scope(&req.scope, client, api.as_ref(), perms.as_deref());
    // Operators administer the whole tenant: their dashboard token carries every Management
    // API scope (only the dashboard may ask for this audience, and only operators log in there).
    if let Some(a) = api.as_ref().filter(|a| a.is_system && user.connection == portcullis_domain::connection::OPERATORS_CONNECTION) {
        for sc in &a.scopes {
            if !scope.contains(&sc.value) {
                scope.push(sc.value.clone());
            }
        }
    }
    scope.retain(|s| !effects.scopes_removed.contains(s));
    for s in &effects.scopes_added {
        if !scope.contains(s) {
            scope.push(s.clone());
        }
    }
    let restricted = |m: &serde_json::Map<String, serde_json::Value>| m.iter().filter(|(k, _)| !is_restricted_claim(k)).map(|(k, v)| (k.clone(), v.clone())).collect();
    let grant = Grant {
        tenant_id: tenant.id.clone(),
        client_id: client.client_id.clone(),
        user_id: user.user_id.clone(),
        scope,
        audience: api.as_ref().map(|a| a.identifier.clone()),
        session_id: Some(session.id.clone()),
        auth_time: session.auth_time,
        amr: session.amr.clone(),
        family_id: random::id(),
        custom_id_token_claims: restricted(&effects.id_token_claims),
        custom_access_token_claims: restricted(&effects.access_token_claims),
    };
    let code = random::token(32);
    let stored = AuthorizationCode {
        code_hash: digest::sha256_b64url(code.as_bytes()),
        grant,
        redirect_uri: req.redirect_uri.clone(),
        nonce: req.nonce.clone(),
        code_challenge: req.code_challenge.clone(),
        expires_at: now.plus_secs(p.settings.code_lifetime),
    };
    // Session, code and the end of the transaction in one write.
    let write = if new_session.is_some() { SessionWrite::Create(&session) } else { SessionWrite::Update(&session) };
    p.store.complete_login(write, &stored, &txn.id).await?;
    let kind = if silent { types::SUCCESS_SILENT_AUTH } else { types::SUCCESS_LOGIN };
    let details = serde_json::json!({"actions": {"executions": effects.executions}});
    logs::write(p, &tenant.id, meta, LogEntry { kind, description: Some("Successful login".into()), client_id: Some(&client.client_id), client_name: Some(&client.name), user_id: Some(&user.user_id), user_name: user.email.as_deref(), connection: Some(&user.connection), details: Some(details) }).await;
    let mut params = vec![("code".to_string(), code)];
    if let Some(s) = &req.state {
        params.push(("state".into(), s.clone()));
    }
    Ok(Outcome::Respond { response: AuthorizationResponse { redirect_uri: req.redirect_uri.clone(), response_mode: req.response_mode, params }, session: new_session })
}

pub async fn find_flow(p: &Platform, tenant: &Tenant, state: &str) -> OidcResult<Option<(LoginTransaction, Client)>> {
    let Some(txn) = p.store.find_transaction(&tenant.id, state, p.clock.now()).await? else { return Ok(None) };
    let Some(client) = p.store.find_client(&tenant.id, &txn.request.client_id).await? else { return Ok(None) };
    Ok(Some((txn, client)))
}

pub(crate) fn expired() -> Outcome {
    Outcome::ErrorPage(OAuthError::invalid_request("Your login session expired or is invalid. Please go back to the application and try again."))
}

fn respond_error(redirect_uri: &str, mode: portcullis_domain::flow::ResponseMode, e: &OAuthError, state: Option<&str>) -> Outcome {
    Outcome::Respond { response: AuthorizationResponse::error(redirect_uri, mode, e, state), session: None }
}

async fn log_silent_failure(p: &Platform, tenant: &Tenant, client: &Client, meta: &RequestMeta, why: &str) {
    logs::write(p, &tenant.id, meta, LogEntry { kind: types::FAILED_SILENT_AUTH, description: Some(why.into()), client_id: Some(&client.client_id), client_name: Some(&client.name), ..Default::default() }).await;
}

/// `/continue?state=...`: an action's redirect came back; resume the suspended flow.
pub async fn resume(p: &Platform, tenant: &Tenant, state: &str, query: serde_json::Map<String, serde_json::Value>, meta: &RequestMeta) -> OidcResult<Outcome> {
    let Some((txn, client)) = find_flow(p, tenant, state).await? else { return Ok(expired()) };
    if txn.suspended.as_ref().map(|s| s.resume_with_continue) != Some(true) {
        return Ok(Outcome::ErrorPage(OAuthError::invalid_request("There is no suspended login to continue for this state")));
    }
    next_step_with(p, tenant, &client, txn, meta, false, Some(query), None).await
}
