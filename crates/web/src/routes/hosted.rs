//! The hosted login pages (`/u/login`, `/u/signup`, `/u/consent`) and delivery of outcomes.

use crate::cookies;
use crate::error::WebError;
use crate::meta::Meta;
use crate::pages::{self, FormPage};
use crate::state::AppState;
use crate::tenant::CurrentTenant;
use axum::extract::{Form as FormBody, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use portcullis_crypto::{digest::constant_time_eq, random};
use portcullis_domain::flow::ResponseMode;
use portcullis_domain::redirect::origin_of;
use portcullis_domain::tenant::Tenant;
use portcullis_login::{find_flow, AuthorizationResponse, Form, Outcome};
use portcullis_oidc::logs::RequestMeta;
use portcullis_oidc::OAuthError;
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/u/login", get(login_get).post(login_post))
        .route("/u/signup", get(signup_get).post(signup_post))
        .route("/u/consent", get(consent_get).post(consent_post))
        .route("/continue", get(continue_get).post(continue_post))
}

/// Turns a login outcome into what the browser gets.
pub fn deliver(s: &AppState, t: &Tenant, o: Outcome) -> Response {
    match o {
        Outcome::LoginPage { state } => pages::found(&format!("/u/login?state={state}")),
        Outcome::SignupPage { state } => pages::found(&format!("/u/signup?state={state}")),
        Outcome::ConsentPage { state } => pages::found(&format!("/u/consent?state={state}")),
        Outcome::MfaEnrollPage { state } => pages::found(&format!("/u/mfa-otp-enrollment-qr?state={state}")),
        Outcome::MfaChallengePage { state } => pages::found(&format!("/u/mfa-otp-challenge?state={state}")),
        Outcome::RecoveryCodePage { state } => pages::found(&format!("/u/mfa-recovery-code?state={state}")),
        Outcome::Retry { state, .. } => pages::found(&format!("/u/login?state={state}")),
        Outcome::RedirectTo(url) => pages::found(&url),
        Outcome::ErrorPage(e) => WebError::Page(e).into_response(),
        Outcome::Respond { response, session } => {
            let mut r = respond(&response);
            if let Some(sid) = session {
                let max_age = t.settings.session_lifetime_hours * 3600;
                r.headers_mut().append(header::SET_COOKIE, cookies::session(&sid, max_age, s.settings.secure_cookies));
            }
            r
        }
    }
}

fn respond(a: &AuthorizationResponse) -> Response {
    let encoded = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(a.params.iter()).finish();
    match a.response_mode {
        ResponseMode::Query => {
            let sep = if a.redirect_uri.contains('?') { '&' } else { '?' };
            pages::found(&format!("{}{sep}{encoded}", a.redirect_uri))
        }
        ResponseMode::Fragment => pages::found(&format!("{}#{encoded}", a.redirect_uri)),
        ResponseMode::FormPost => {
            let mut r = pages::html(StatusCode::OK, pages::form_post_page(&a.redirect_uri, &a.params));
            r.headers_mut().insert("content-security-policy", HeaderValue::from_static("default-src 'none'; script-src 'unsafe-inline'; form-action *; frame-ancestors 'none'"));
            r
        }
        ResponseMode::WebMessage => {
            let origin = origin_of(&a.redirect_uri).unwrap_or_default();
            let mut r = (StatusCode::OK, pages::web_message_page(&origin, &a.params)).into_response();
            let h = r.headers_mut();
            // This page lives in the SDK's hidden iframe: it must be frameable.
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
    }
}

/// The CSRF double-submit token of this browser, created when missing.
fn csrf_token(headers: &HeaderMap) -> (String, bool) {
    match cookies::get(headers, cookies::CSRF).filter(|v| v.len() >= 16) {
        Some(v) => (v, false),
        None => (random::token(24), true),
    }
}

pub(crate) fn check_csrf(headers: &HeaderMap, form: &HashMap<String, String>) -> Result<(), WebError> {
    let cookie = cookies::get(headers, cookies::CSRF).unwrap_or_default();
    let sent = form.get("csrf").cloned().unwrap_or_default();
    if cookie.is_empty() || !constant_time_eq(cookie.as_bytes(), sent.as_bytes()) {
        return Err(WebError::Page(OAuthError::new("invalid_request", "The form could not be verified (CSRF token missing or invalid). Go back to the application and try again.")));
    }
    Ok(())
}

pub(crate) async fn render(s: &AppState, t: &Tenant, headers: &HeaderMap, meta: &RequestMeta, state: &str, form: Form, error: Option<&str>, status: StatusCode) -> Result<Response, WebError> {
    let p = &s.platform;
    let Some((txn, client)) = find_flow(p, t, state).await? else { return Err(expired()) };
    let (csrf, fresh) = csrf_token(headers);
    let page = FormPage { tenant: t, client_name: &client.name, state, csrf: &csrf, error };
    let html = match form {
        Form::Login => pages::login_page(&page, txn.request.login_hint.as_deref()),
        Form::Signup => pages::signup_page(&page),
        Form::Consent => {
            let who = match &txn.user_id {
                Some(id) => p.store.find_user(&t.id, id).await?.and_then(|u| u.email.or(u.name)).unwrap_or_default(),
                None => return Ok(pages::found(&format!("/u/login?state={state}"))),
            };
            pages::consent_page(&page, &who, &txn.request.scope, txn.request.audience.as_deref())
        }
        Form::MfaEnroll => match portcullis_login::mfa::enrollment(p, t, state, meta).await? {
            Some(v) => pages::mfa::enrollment_page(&page, &v.secret_base32, &v.otpauth_uri),
            None => return Err(expired()),
        },
        Form::MfaChallenge => {
            let has_recovery = match &txn.user_id {
                Some(id) => p.store.find_user(&t.id, id).await?.map(|u| u.mfa.recovery_code_hash.is_some()).unwrap_or(false),
                None => false,
            };
            let remember = portcullis_login::mfa::remember_allowed(t, &txn).then_some(t.settings.guardian.remember_browser_days);
            pages::mfa::challenge_page(&page, has_recovery && t.settings.guardian.recovery_code_enabled, remember)
        }
        Form::MfaRecovery => pages::mfa::recovery_challenge_page(&page),
    };
    let mut r = pages::html(status, html);
    if fresh {
        r.headers_mut().append(header::SET_COOKIE, cookies::csrf(&csrf, s.settings.secure_cookies));
    }
    Ok(r)
}

pub(crate) fn expired() -> WebError {
    WebError::Page(OAuthError::invalid_request("Your login session expired or is invalid. Please go back to the application and try again."))
}

pub(crate) async fn after_post(s: &AppState, t: &Tenant, headers: &HeaderMap, meta: &RequestMeta, o: Outcome) -> Result<Response, WebError> {
    match o {
        Outcome::Retry { state, message, form } => render(s, t, headers, meta, &state, form, Some(&message), StatusCode::BAD_REQUEST).await,
        other => Ok(deliver(s, t, other)),
    }
}

pub(crate) type Q = Query<HashMap<String, String>>;
pub(crate) type F = FormBody<HashMap<String, String>>;

pub(crate) fn state_of(q: &HashMap<String, String>, f: Option<&HashMap<String, String>>) -> String {
    q.get("state").or_else(|| f.and_then(|f| f.get("state"))).cloned().unwrap_or_default()
}

async fn login_get(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, Query(q): Q) -> Result<Response, WebError> {
    render(&s, &t, &headers, &meta, &state_of(&q, None), Form::Login, None, StatusCode::OK).await
}

async fn signup_get(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, Query(q): Q) -> Result<Response, WebError> {
    render(&s, &t, &headers, &meta, &state_of(&q, None), Form::Signup, None, StatusCode::OK).await
}

async fn consent_get(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, Query(q): Q) -> Result<Response, WebError> {
    render(&s, &t, &headers, &meta, &state_of(&q, None), Form::Consent, None, StatusCode::OK).await
}

async fn login_post(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, Query(q): Q, FormBody(f): F) -> Result<Response, WebError> {
    check_csrf(&headers, &f)?;
    let state = state_of(&q, Some(&f));
    let field = |k: &str| f.get(k).map(String::as_str).unwrap_or_default();
    if field("username").is_empty() || field("password").is_empty() {
        return render(&s, &t, &headers, &meta, &state, Form::Login, Some("Enter your email address and password."), StatusCode::BAD_REQUEST).await;
    }
    let o = portcullis_login::submit_password(&s.platform, &t, &state, field("username"), field("password"), &meta).await.map_err(|e| WebError::from(e).into_page())?;
    after_post(&s, &t, &headers, &meta, o).await
}

async fn signup_post(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, Query(q): Q, FormBody(f): F) -> Result<Response, WebError> {
    check_csrf(&headers, &f)?;
    let state = state_of(&q, Some(&f));
    let field = |k: &str| f.get(k).map(String::as_str).unwrap_or_default();
    let o = portcullis_login::submit_signup(&s.platform, &t, &state, field("email"), field("password"), &meta).await.map_err(|e| WebError::from(e).into_page())?;
    after_post(&s, &t, &headers, &meta, o).await
}

async fn consent_post(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, Query(q): Q, FormBody(f): F) -> Result<Response, WebError> {
    check_csrf(&headers, &f)?;
    let state = state_of(&q, Some(&f));
    let accept = f.get("action").map(String::as_str) == Some("accept");
    let o = portcullis_login::finish_consent(&s.platform, &t, &state, accept, &meta).await.map_err(|e| WebError::from(e).into_page())?;
    after_post(&s, &t, &headers, &meta, o).await
}

/// `/continue?state=...`: back from an action's redirect (`api.redirect.sendUserTo`).
async fn continue_get(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, Query(q): Q) -> Result<Response, WebError> {
    resume(&s, &t, &headers, &meta, q).await
}

async fn continue_post(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, Query(mut q): Q, FormBody(f): F) -> Result<Response, WebError> {
    q.extend(f);
    resume(&s, &t, &headers, &meta, q).await
}

async fn resume(s: &AppState, t: &Tenant, headers: &HeaderMap, meta: &RequestMeta, q: HashMap<String, String>) -> Result<Response, WebError> {
    let state = q.get("state").cloned().unwrap_or_default();
    let query: serde_json::Map<String, serde_json::Value> = q.into_iter().map(|(k, v)| (k, serde_json::Value::String(v))).collect();
    let o = portcullis_login::resume(&s.platform, t, &state, query, meta).await.map_err(|e| WebError::from(e).into_page())?;
    after_post(s, t, headers, meta, o).await
}
