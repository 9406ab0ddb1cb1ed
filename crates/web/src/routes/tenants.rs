//! The home tenant's tenant switcher for the dashboard: `GET /dashboard/api/tenants` lists every
//! tenant, and `POST /dashboard/api/tenants/{domain}/token` mints a short-lived Management API
//! token for one. Both take the operator's home Management API token (the dashboard's token).

use crate::error::WebError;
use crate::management::auth::Caller;
use crate::meta::Meta;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use portcullis_admin::operators;
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    Router::new().route("/dashboard/api/tenants", get(list)).route("/dashboard/api/tenants/{domain}/token", post(token))
}

async fn list(State(s): State<AppState>, c: Caller) -> Result<Json<Value>, WebError> {
    let op = operators::check_home_operator(&s.platform, &s.settings.home_domain, std::sync::Arc::unwrap_or_clone(c.tenant), &c.subject).await?;
    let tenants = operators::list_tenants(&s.platform, &op).await?;
    Ok(Json(tenants.iter().map(|t| json!({"domain": t.domain, "name": t.friendly_name})).collect()))
}

async fn token(State(s): State<AppState>, c: Caller, Meta(meta): Meta, Path(domain): Path<String>) -> Result<Response, WebError> {
    let scopes = c.scopes().to_vec();
    let op = operators::check_home_operator(&s.platform, &s.settings.home_domain, std::sync::Arc::unwrap_or_clone(c.tenant), &c.subject).await?;
    let t = operators::mint_tenant_token(&s.platform, &op, &domain, &scopes, &meta).await?;
    let body = json!({"access_token": t.access_token, "token_type": t.token_type, "expires_in": t.expires_in, "scope": t.scope});
    let mut r = Json(body).into_response();
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}
