//! Discovery, JWKS, `/authorize`, userinfo and logout.

use super::hosted::deliver;
use super::token;
use crate::cookies;
use crate::error::WebError;
use crate::meta::Meta;
use crate::pages;
use crate::state::AppState;
use crate::tenant::CurrentTenant;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use portcullis_login::logout::{logout, LogoutOutcome, LogoutRequest};
use portcullis_oidc::{discovery, userinfo};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/.well-known/openid-configuration", get(openid_configuration))
        .route("/.well-known/jwks.json", get(jwks))
        .route("/authorize", get(authorize))
        .route("/userinfo", get(userinfo_handler).post(userinfo_handler))
        .route("/v2/logout", get(v2_logout))
        .route("/oidc/logout", get(oidc_logout).post(oidc_logout))
        .merge(token::router())
}

async fn openid_configuration(CurrentTenant(t): CurrentTenant) -> Response {
    let mut r = Json(discovery::openid_configuration(&t)).into_response();
    r.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, header::HeaderValue::from_static("*"));
    r
}

async fn jwks(State(s): State<AppState>, CurrentTenant(t): CurrentTenant) -> Result<Response, WebError> {
    let p = &s.platform;
    let keys = p.keys.get(p.store.as_ref(), &p.master_key, &t.id, p.clock.now()).await?;
    let mut r = Json(serde_json::json!({"keys": keys.jwks})).into_response();
    r.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, header::HeaderValue::from_static("*"));
    Ok(r)
}

async fn authorize(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, Query(q): Query<HashMap<String, String>>) -> Result<Response, WebError> {
    let sid = cookies::get(&headers, cookies::SESSION);
    let outcome = portcullis_login::authorize(&s.platform, &t, &q, sid.as_deref(), &meta).await?;
    Ok(deliver(&s, &t, outcome))
}

async fn userinfo_handler(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, headers: HeaderMap) -> Result<Response, WebError> {
    let bearer = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")));
    let claims = userinfo::userinfo(&s.platform, &t, bearer).await?;
    Ok(Json(claims).into_response())
}

async fn v2_logout(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, Query(q): Query<HashMap<String, String>>) -> Result<Response, WebError> {
    let sid = cookies::get(&headers, cookies::SESSION);
    let req = LogoutRequest { client_id: q.get("client_id").map(String::as_str), return_to: q.get("returnTo").map(String::as_str), id_token_hint: None, state: None, session_id: sid.as_deref(), meta: &meta };
    finish_logout(&s, logout(&s.platform, &t, req).await.map_err(|e| WebError::from(e).into_page())?)
}

async fn oidc_logout(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, Query(q): Query<HashMap<String, String>>) -> Result<Response, WebError> {
    let sid = cookies::get(&headers, cookies::SESSION);
    let req = LogoutRequest {
        client_id: q.get("client_id").map(String::as_str),
        return_to: q.get("post_logout_redirect_uri").map(String::as_str),
        id_token_hint: q.get("id_token_hint").map(String::as_str),
        state: q.get("state").map(String::as_str),
        session_id: sid.as_deref(),
        meta: &meta,
    };
    finish_logout(&s, logout(&s.platform, &t, req).await.map_err(|e| WebError::from(e).into_page())?)
}

fn finish_logout(s: &AppState, o: LogoutOutcome) -> Result<Response, WebError> {
    let mut r = match o {
        LogoutOutcome::Redirect(url) => pages::found(&url),
        LogoutOutcome::LoggedOut => pages::html(StatusCode::OK, pages::message_page("Logged out", "You have been logged out.")),
        LogoutOutcome::ErrorPage(e) => WebError::Page(e).into_response(),
    };
    r.headers_mut().append(header::SET_COOKIE, cookies::clear_session(s.settings.secure_cookies));
    Ok(r)
}
