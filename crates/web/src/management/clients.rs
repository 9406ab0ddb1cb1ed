//! `/api/v2/clients` and `/api/v2/client-grants`.

use super::auth::Caller;
use super::wire::{self, parse_body, Paging};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use portcullis_admin::clients::{self, ClientChanges, NewClientGrant};
use portcullis_oidc::client_auth::open_secret;
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/clients", get(list).post(create))
        .route("/clients/{id}", get(read).patch(update).delete(remove))
        .route("/clients/{id}/rotate-secret", post(rotate))
        .route("/client-grants", get(list_grants).post(create_grant))
        .route("/client-grants/{id}", axum::routing::delete(delete_grant))
}


async fn list(State(s): State<AppState>, c: Caller, Query(q): Query<Paging>) -> Result<Json<Value>, WebError> {
    c.require("read:clients")?;
    let page = clients::list(&s.platform, &c.tenant, q.page(), q.is_global).await?;
    let items = page.items.iter().map(|x| wire::client(&c.tenant, x, open_secret(&s.platform, x).as_deref())).collect();
    Ok(Json(q.wrap("clients", items, page.total)))
}

async fn create(State(s): State<AppState>, c: Caller, Json(v): Json<Value>) -> Result<Response, WebError> {
    c.require("create:clients")?;
    let (client, secret) = clients::create(&s.platform, &c.tenant, parse_body::<ClientChanges>(v)?).await?;
    Ok((StatusCode::CREATED, Json(wire::client(&c.tenant, &client, secret.as_deref()))).into_response())
}

async fn read(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<Json<Value>, WebError> {
    c.require("read:clients")?;
    let x = clients::get(&s.platform, &c.tenant, &id).await?;
    Ok(Json(wire::client(&c.tenant, &x, open_secret(&s.platform, &x).as_deref())))
}

async fn update(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Json(v): Json<Value>) -> Result<Json<Value>, WebError> {
    c.require("update:clients")?;
    let x = clients::update(&s.platform, &c.tenant, &id, parse_body(v)?).await?;
    Ok(Json(wire::client(&c.tenant, &x, open_secret(&s.platform, &x).as_deref())))
}

async fn remove(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<StatusCode, WebError> {
    c.require("delete:clients")?;
    clients::delete(&s.platform, &c.tenant, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn rotate(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<Json<Value>, WebError> {
    c.require("update:client_keys")?;
    let (x, secret) = clients::rotate_secret(&s.platform, &c.tenant, &id).await?;
    Ok(Json(wire::client(&c.tenant, &x, Some(&secret))))
}

async fn list_grants(State(s): State<AppState>, c: Caller, Query(q): Query<Paging>) -> Result<Json<Value>, WebError> {
    c.require("read:client_grants")?;
    let page = s.platform.store.list_client_grants(&c.tenant.id, q.page()).await?;
    let items = page.items.iter().map(|g| json!({"id": g.id, "client_id": g.client_id, "audience": g.audience, "scope": g.scope})).collect();
    Ok(Json(q.wrap("client_grants", items, page.total)))
}

async fn create_grant(State(s): State<AppState>, c: Caller, Json(v): Json<Value>) -> Result<Response, WebError> {
    c.require("create:client_grants")?;
    let g = clients::create_grant(&s.platform, &c.tenant, parse_body::<NewClientGrant>(v)?).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": g.id, "client_id": g.client_id, "audience": g.audience, "scope": g.scope})) ).into_response())
}

async fn delete_grant(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<StatusCode, WebError> {
    c.require("delete:client_grants")?;
    s.platform.store.delete_client_grant(&c.tenant.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
