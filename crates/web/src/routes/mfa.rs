//! The MFA pages' routes.

use super::hosted::{after_post, check_csrf, expired, render, state_of, F, Q};
use crate::error::WebError;
use crate::meta::Meta;
use crate::pages::{self, FormPage};
use crate::state::AppState;
use crate::tenant::CurrentTenant;
use crate::cookies;
use axum::extract::{Form as FormBody, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use portcullis_login::{mfa, Form};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/u/mfa-otp-enrollment-qr", get(enroll_get).post(enroll_post))
        .route("/u/mfa-otp-challenge", get(challenge_get).post(challenge_post))
        .route("/u/mfa-recovery-code-challenge", get(recovery_get).post(recovery_post))
        .route("/u/mfa-recovery-code", get(show_code).post(confirm_code))
}

async fn enroll_get(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, Query(q): Q) -> Result<Response, WebError> {
    render(&s, &t, &headers, &meta, &state_of(&q, None), Form::MfaEnroll, None, StatusCode::OK).await
}

async fn challenge_get(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, Query(q): Q) -> Result<Response, WebError> {
    render(&s, &t, &headers, &meta, &state_of(&q, None), Form::MfaChallenge, None, StatusCode::OK).await
}

async fn recovery_get(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, Query(q): Q) -> Result<Response, WebError> {
    render(&s, &t, &headers, &meta, &state_of(&q, None), Form::MfaRecovery, None, StatusCode::OK).await
}

fn code(f: &std::collections::HashMap<String, String>) -> String {
    f.get("code").map(|c| c.trim().replace(' ', "")).unwrap_or_default()
}

async fn enroll_post(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, Query(q): Q, FormBody(f): F) -> Result<Response, WebError> {
    check_csrf(&headers, &f)?;
    let o = mfa::submit_enrollment(&s.platform, &t, &state_of(&q, Some(&f)), &code(&f), &meta).await.map_err(|e| WebError::from(e).into_page())?;
    after_post(&s, &t, &headers, &meta, o).await
}

async fn challenge_post(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, Query(q): Q, FormBody(f): F) -> Result<Response, WebError> {
    check_csrf(&headers, &f)?;
    let state = state_of(&q, Some(&f));
    // "Remember this browser": only where allowed, only once the code was right.
    let remember = match (f.get("remember").map(String::as_str), portcullis_login::find_flow(&s.platform, &t, &state).await?) {
        (Some("yes"), Some((txn, _))) if mfa::remember_allowed(&t, &txn) => txn.user_id.clone(),
        _ => None,
    };
    let o = mfa::submit_challenge(&s.platform, &t, &state, &code(&f), &meta).await.map_err(|e| WebError::from(e).into_page())?;
    let passed = !matches!(o, portcullis_login::Outcome::Retry { .. } | portcullis_login::Outcome::ErrorPage(_));
    let mut r = after_post(&s, &t, &headers, &meta, o).await?;
    if let (true, Some(uid)) = (passed, remember) {
        let token = mfa::remember_token(&s.platform, &t, &uid)?;
        r.headers_mut().append(axum::http::header::SET_COOKIE, cookies::mfa_remember(&token, t.settings.guardian.remember_browser_days, s.settings.secure_cookies));
    }
    Ok(r)
}

async fn recovery_post(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, Query(q): Q, FormBody(f): F) -> Result<Response, WebError> {
    check_csrf(&headers, &f)?;
    let o = mfa::submit_recovery(&s.platform, &t, &state_of(&q, Some(&f)), &code(&f), &meta).await.map_err(|e| WebError::from(e).into_page())?;
    after_post(&s, &t, &headers, &meta, o).await
}

async fn show_code(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, headers: HeaderMap, Query(q): Q) -> Result<Response, WebError> {
    let state = state_of(&q, None);
    let Some(rc) = mfa::pending_recovery_code(&s.platform, &t, &state).await? else { return Err(expired()) };
    let csrf = cookies::get(&headers, cookies::CSRF).unwrap_or_default();
    let page = FormPage { tenant: &t, client_name: "", state: &state, csrf: &csrf, error: None };
    Ok(pages::html(StatusCode::OK, pages::mfa::recovery_code_page(&page, &rc)))
}

async fn confirm_code(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, Query(q): Q, FormBody(f): F) -> Result<Response, WebError> {
    check_csrf(&headers, &f)?;
    let o = mfa::confirm_recovery_code(&s.platform, &t, &state_of(&q, Some(&f)), &meta).await.map_err(|e| WebError::from(e).into_page())?;
    after_post(&s, &t, &headers, &meta, o).await
}
