//! The RBAC endpoints around roles and users: a user's effective permissions, removing roles
//! from a user, and removing permissions and members from a role.

use super::auth::Caller;
use super::wire::{self, Paging};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use portcullis_admin::roles;
use portcullis_domain::role::Permission;
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users/{id}/permissions", get(user_permissions))
        .route("/users/{id}/roles", delete(remove_user_roles))
        .route("/roles/{id}/permissions", delete(remove_permissions))
        .route("/roles/{id}/users", delete(remove_members))
}

fn list_of<T: serde::de::DeserializeOwned>(v: &Value, key: &str) -> Result<Vec<T>, WebError> {
    v.get(key)
        .cloned()
        .ok_or_else(|| WebError::management(StatusCode::BAD_REQUEST, format!("Payload validation error: 'Missing required property: {key}'."), Some("invalid_body")))
        .and_then(wire::parse_body)
}

async fn user_permissions(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Query(q): Query<Paging>) -> Result<Json<Value>, WebError> {
    c.require("read:users")?;
    let perms = roles::permissions_of_user(&s.platform, &c.tenant, &id).await?;
    let total = perms.len() as i64;
    let p = q.page();
    let items = perms
        .iter()
        .skip(p.offset() as usize)
        .take(p.per_page as usize)
        .map(|(pm, from)| {
            json!({
                "permission_name": pm.permission_name, "resource_server_identifier": pm.resource_server_identifier, "description": "",
                "sources": from.iter().map(|r| json!({"source_id": r.id, "source_name": r.name, "source_type": "ROLE"})).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Json(q.wrap("permissions", items, total)))
}

async fn remove_user_roles(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Json(v): Json<Value>) -> Result<StatusCode, WebError> {
    c.require("update:users")?;
    roles::remove_user_roles(&s.platform, &c.tenant, &id, &list_of::<String>(&v, "roles")?).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn remove_permissions(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Json(v): Json<Value>) -> Result<StatusCode, WebError> {
    c.require("update:roles")?;
    roles::remove_permissions(&s.platform, &c.tenant, &id, &list_of::<Permission>(&v, "permissions")?).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn remove_members(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Json(v): Json<Value>) -> Result<StatusCode, WebError> {
    c.require("delete:role_members")?;
    roles::unassign_users(&s.platform, &c.tenant, &id, &list_of::<String>(&v, "users")?).await?;
    Ok(StatusCode::NO_CONTENT)
}
