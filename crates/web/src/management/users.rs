//! `/api/v2/users`, `/api/v2/users-by-email`, `/api/v2/user-blocks`.

use super::auth::Caller;
use super::wire::{self, parse_body, Paging};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use portcullis_admin::users::{self, UserChanges};
use portcullis_domain::connection::OPERATORS_CONNECTION;
use portcullis_store::UserQuery;
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users", get(list).post(create))
        .route("/users/{id}", get(read).patch(update).delete(remove))
        .route("/users/{id}/roles", get(user_roles).post(assign_roles))
        .route("/users-by-email", get(by_email))
        .route("/user-blocks/{id}", get(blocks).delete(unblock))
}

/// Auth0's `q` is Lucene syntax; the common forms (`email:"x"`, `name:x*`, a bare word) become a
/// substring or exact-email filter.
fn query_of(q: &Paging) -> UserQuery {
    let mut out = UserQuery { text: None, email: q.email.clone(), exclude_connection: None };
    if let Some(raw) = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let (field, value) = raw.split_once(':').unwrap_or(("", raw));
        let value = value.trim().trim_matches('"').trim_end_matches('*').to_string();
        if field == "email" && !raw.ends_with('*') {
            out.email = Some(value);
        } else {
            out.text = Some(value);
        }
    }
    out
}

async fn list(State(s): State<AppState>, c: Caller, Query(q): Query<Paging>) -> Result<Json<Value>, WebError> {
    c.require("read:users")?;
    // Operators are not the tenant's users.
    let mut query = query_of(&q);
    query.exclude_connection = Some(OPERATORS_CONNECTION.to_string());
    let page = s.platform.store.list_users(&c.tenant.id, &query, q.page()).await?;
    Ok(Json(q.wrap("users", page.items.iter().map(wire::user).collect(), page.total)))
}

async fn create(State(s): State<AppState>, c: Caller, Json(v): Json<Value>) -> Result<Response, WebError> {
    c.require("create:users")?;
    let u = users::create(&s.platform, &c.tenant, parse_body::<UserChanges>(v)?).await?;
    Ok((StatusCode::CREATED, Json(wire::user(&u))).into_response())
}

async fn read(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<Json<Value>, WebError> {
    c.require("read:users")?;
    Ok(Json(wire::user(&users::get(&s.platform, &c.tenant, &id).await?)))
}

async fn update(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Json(v): Json<Value>) -> Result<Json<Value>, WebError> {
    c.require("update:users")?;
    Ok(Json(wire::user(&users::update(&s.platform, &c.tenant, &id, parse_body(v)?).await?)))
}

async fn remove(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<StatusCode, WebError> {
    c.require("delete:users")?;
    users::delete(&s.platform, &c.tenant, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn user_roles(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Query(q): Query<Paging>) -> Result<Json<Value>, WebError> {
    c.require("read:roles")?;
    let roles = s.platform.store.roles_of_user(&c.tenant.id, &id).await?;
    let total = roles.len() as i64;
    Ok(Json(q.wrap("roles", roles.iter().map(wire::role).collect(), total)))
}

async fn assign_roles(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Json(v): Json<Value>) -> Result<StatusCode, WebError> {
    c.require("update:users")?;
    let roles: Vec<String> = v.get("roles").and_then(|r| serde_json::from_value(r.clone()).ok()).unwrap_or_default();
    for r in roles {
        portcullis_admin::roles::assign_users(&s.platform, &c.tenant, &r, std::slice::from_ref(&id)).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

async fn by_email(State(s): State<AppState>, c: Caller, Query(q): Query<Paging>) -> Result<Json<Value>, WebError> {
    c.require("read:users")?;
    let email = q.email.clone().ok_or_else(|| WebError::management(StatusCode::BAD_REQUEST, "Query validation error: 'Missing required property: email'", Some("invalid_query_string")))?;
    let mut found = s.platform.store.find_users_by_email(&c.tenant.id, &email).await?;
    found.retain(|u| u.connection != OPERATORS_CONNECTION);
    Ok(Json(Value::Array(found.iter().map(wire::user).collect())))
}

async fn blocks(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<Json<Value>, WebError> {
    c.require("read:users")?;
    let ips = users::blocks(&s.platform, &c.tenant, &id).await?;
    Ok(Json(json!({"blocked_for": ips.iter().map(|ip| json!({"identifier": id, "ip": ip})).collect::<Vec<_>>()})))
}

async fn unblock(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<StatusCode, WebError> {
    c.require("update:users")?;
    users::unblock(&s.platform, &c.tenant, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
