//! `/api/v2/resource-servers`, `/api/v2/roles`, `/api/v2/logs`, `/api/v2/keys/signing`.

use super::auth::Caller;
use super::wire::{self, parse_body, Paging};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use portcullis_admin::{resource_servers, roles};
use portcullis_domain::log::LogEvent;
use portcullis_domain::role::Permission;
use portcullis_store::LogQuery;
use serde::Deserialize;
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/resource-servers", get(list_apis).post(create_api))
        .route("/resource-servers/{id}", get(read_api).patch(update_api).delete(delete_api))
        .route("/roles", get(list_roles).post(create_role))
        .route("/roles/{id}", get(read_role).patch(update_role).delete(delete_role))
        .route("/roles/{id}/users", get(role_users).post(assign))
        .route("/roles/{id}/permissions", get(role_permissions).post(add_permissions))
        .route("/logs", get(list_logs))
        .route("/logs/{id}", get(read_log))
        .route("/keys/signing", get(list_keys))
        .route("/keys/signing/rotate", post(rotate_keys))
}

async fn list_apis(State(s): State<AppState>, c: Caller, Query(q): Query<Paging>) -> Result<Json<Value>, WebError> {
    c.require("read:resource_servers")?;
    let page = s.platform.store.list_resource_servers(&c.tenant.id, q.page()).await?;
    Ok(Json(q.wrap("resource_servers", page.items.iter().map(wire::resource_server).collect(), page.total)))
}

async fn create_api(State(s): State<AppState>, c: Caller, Json(v): Json<Value>) -> Result<Response, WebError> {
    c.require("create:resource_servers")?;
    let r = resource_servers::create(&s.platform, &c.tenant, parse_body(v)?).await?;
    Ok((StatusCode::CREATED, Json(wire::resource_server(&r))).into_response())
}

async fn read_api(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<Json<Value>, WebError> {
    c.require("read:resource_servers")?;
    Ok(Json(wire::resource_server(&resource_servers::get(&s.platform, &c.tenant, &id).await?)))
}

async fn update_api(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Json(v): Json<Value>) -> Result<Json<Value>, WebError> {
    c.require("update:resource_servers")?;
    Ok(Json(wire::resource_server(&resource_servers::update(&s.platform, &c.tenant, &id, parse_body(v)?).await?)))
}

async fn delete_api(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<StatusCode, WebError> {
    c.require("delete:resource_servers")?;
    resource_servers::delete(&s.platform, &c.tenant, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct RoleBody {
    name: Option<String>,
    description: Option<String>,
}

async fn list_roles(State(s): State<AppState>, c: Caller, Query(q): Query<Paging>) -> Result<Json<Value>, WebError> {
    c.require("read:roles")?;
    let page = s.platform.store.list_roles(&c.tenant.id, q.page()).await?;
    Ok(Json(q.wrap("roles", page.items.iter().map(wire::role).collect(), page.total)))
}

async fn create_role(State(s): State<AppState>, c: Caller, Json(v): Json<Value>) -> Result<Response, WebError> {
    c.require("create:roles")?;
    let b: RoleBody = parse_body(v)?;
    let r = roles::create(&s.platform, &c.tenant, b.name, b.description).await?;
    Ok((StatusCode::OK, Json(wire::role(&r))).into_response())
}

async fn read_role(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<Json<Value>, WebError> {
    c.require("read:roles")?;
    Ok(Json(wire::role(&roles::get(&s.platform, &c.tenant, &id).await?)))
}

async fn update_role(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Json(v): Json<Value>) -> Result<Json<Value>, WebError> {
    c.require("update:roles")?;
    let b: RoleBody = parse_body(v)?;
    Ok(Json(wire::role(&roles::update(&s.platform, &c.tenant, &id, b.name, b.description).await?)))
}

async fn delete_role(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<StatusCode, WebError> {
    c.require("delete:roles")?;
    roles::delete(&s.platform, &c.tenant, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn role_users(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Query(q): Query<Paging>) -> Result<Json<Value>, WebError> {
    c.require("read:role_members")?;
    roles::get(&s.platform, &c.tenant, &id).await?;
    let page = s.platform.store.users_of_role(&c.tenant.id, &id, q.page()).await?;
    let mut items = vec![];
    for uid in &page.items {
        if let Some(u) = s.platform.store.find_user(&c.tenant.id, uid).await? {
            items.push(json!({"user_id": u.user_id, "email": u.email, "name": u.name, "picture": u.picture}));
        }
    }
    Ok(Json(q.wrap("users", items, page.total)))
}

async fn assign(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Json(v): Json<Value>) -> Result<StatusCode, WebError> {
    c.require("create:role_members")?;
    let users: Vec<String> = v.get("users").and_then(|u| serde_json::from_value(u.clone()).ok()).ok_or_else(|| WebError::management(StatusCode::BAD_REQUEST, "Payload validation error: 'Missing required property: users'.", Some("invalid_body")))?;
    roles::assign_users(&s.platform, &c.tenant, &id, &users).await?;
    Ok(StatusCode::OK)
}

async fn role_permissions(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Query(q): Query<Paging>) -> Result<Json<Value>, WebError> {
    c.require("read:roles")?;
    let r = roles::get(&s.platform, &c.tenant, &id).await?;
    let total = r.permissions.len() as i64;
    Ok(Json(q.wrap("permissions", r.permissions.iter().map(|p| json!(p)).collect(), total)))
}

async fn add_permissions(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Json(v): Json<Value>) -> Result<StatusCode, WebError> {
    c.require("update:roles")?;
    let perms: Vec<Permission> = v.get("permissions").and_then(|u| serde_json::from_value(u.clone()).ok()).ok_or_else(|| WebError::management(StatusCode::BAD_REQUEST, "Payload validation error: 'Missing required property: permissions'.", Some("invalid_body")))?;
    roles::add_permissions(&s.platform, &c.tenant, &id, perms).await?;
    Ok(StatusCode::CREATED)
}

pub(super) fn log_wire(l: &LogEvent) -> Value {
    json!({
        "log_id": l.log_id, "_id": l.log_id, "date": l.date.to_iso8601(), "type": l.kind, "description": l.description,
        "client_id": l.client_id, "client_name": l.client_name, "ip": l.ip, "user_agent": l.user_agent,
        "user_id": l.user_id, "user_name": l.user_name, "connection": l.connection, "details": l.details,
    })
}

/// No `#[serde(flatten)]` of `Paging`: through it the query deserializer hands numbers over as
/// strings and `?page=0` would be refused.
#[derive(Deserialize, Default)]
struct LogParams {
    page: Option<u32>,
    per_page: Option<u32>,
    include_totals: Option<bool>,
    /// Lucene-style filter; node-auth0 v7 sends it as `search`.
    q: Option<String>,
    search: Option<String>,
    from: Option<String>,
    take: Option<u32>,
}

impl LogParams {
    fn paging(&self) -> Paging {
        Paging { page: self.page, per_page: self.per_page, include_totals: self.include_totals, q: self.q.clone().or(self.search.clone()), email: None, is_global: None }
    }
}

async fn list_logs(State(s): State<AppState>, c: Caller, Query(q): Query<LogParams>) -> Result<Json<Value>, WebError> {
    c.require("read:logs")?;
    let mut query = LogQuery { from: q.from.clone(), ..Default::default() };
    if let Some(raw) = q.paging().q.as_deref() {
        for part in raw.split(" AND ") {
            if let Some((k, v)) = part.split_once(':') {
                let v = v.trim().trim_matches('"').to_string();
                match k.trim() {
                    // Auth0's range syntax: date:[2024-01-01 TO 2024-01-31] (either end may be *).
                    "date" => {
                        let (a, b) = date_range(&v);
                        query.since = a;
                        query.until = b;
                    }
                    "type" => query.kind = Some(v),
                    "user_id" => query.user_id = Some(v),
                    "client_id" => query.client_id = Some(v),
                    _ => {}
                }
            }
        }
    }
    let mut page = q.paging().page();
    if let Some(take) = q.take {
        page = portcullis_store::Page { page: 0, per_page: take.clamp(1, 100) };
    }
    let res = s.platform.store.list_logs(&c.tenant.id, &query, page).await?;
    let items = res.items.iter().map(log_wire).collect();
    Ok(Json(if q.take.is_some() { Value::Array(items) } else { q.paging().wrap("logs", items, res.total) }))
}

async fn read_log(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<Json<Value>, WebError> {
    c.require("read:logs")?;
    let l = s.platform.store.find_log(&c.tenant.id, &id).await?.ok_or_else(|| WebError::management(StatusCode::NOT_FOUND, "log not found", Some("inexistent_log")))?;
    Ok(Json(log_wire(&l)))
}

async fn list_keys(State(s): State<AppState>, c: Caller) -> Result<Json<Value>, WebError> {
    c.require("read:signing_keys")?;
    let keys = s.platform.store.list_keys(&c.tenant.id).await?;
    Ok(Json(Value::Array(keys.iter().map(|k| json!({"kid": k.kid, "alg": k.alg, "current": k.current, "previous": k.rotated_at.is_some(), "revoked": k.revoked_at.is_some(), "current_since": k.created_at.to_iso8601()})).collect())))
}

async fn rotate_keys(State(s): State<AppState>, c: Caller) -> Result<Response, WebError> {
    c.require("create:signing_keys")?;
    let p = &s.platform;
    let k = p.keys.rotate(p.store.as_ref(), &p.master_key, &c.tenant.id, portcullis_crypto::jwt::Alg::RS256, p.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(json!({"kid": k.kid, "cert": Value::Null}))).into_response())
}

/// `[A TO B]` with ISO dates or date-times; `B` is inclusive of its whole day when it is a date.
fn date_range(v: &str) -> (Option<portcullis_domain::Timestamp>, Option<portcullis_domain::Timestamp>) {
    let inner = v.trim().trim_start_matches(['[', '{']).trim_end_matches([']', '}']);
    let Some((a, b)) = inner.split_once(" TO ") else { return (None, None) };
    let parse = |s: &str, end: bool| -> Option<portcullis_domain::Timestamp> {
        let s = s.trim().trim_matches('"');
        if s == "*" || s.is_empty() {
            return None;
        }
        if s.len() == 10 {
            let t = portcullis_domain::Timestamp::parse_iso8601(&format!("{s}T00:00:00Z"))?;
            return Some(if end { t.plus_secs(86_400) } else { t });
        }
        portcullis_domain::Timestamp::parse_iso8601(s)
    };
    (parse(a, false), parse(b, true))
}

#[cfg(test)]
mod tests {
    use super::date_range;
    use portcullis_domain::Timestamp;

    #[test]
    fn a_date_range_covers_whole_days_and_open_ends() {
        let (a, b) = date_range("[2024-01-01 TO 2024-01-31]");
        assert_eq!(a, Timestamp::parse_iso8601("2024-01-01T00:00:00Z"));
        assert_eq!(b, Timestamp::parse_iso8601("2024-02-01T00:00:00Z"));
        assert_eq!(date_range("[* TO 2024-01-31T12:00:00Z]").0, None);
        assert_eq!(date_range("nonsense"), (None, None));
    }
}
