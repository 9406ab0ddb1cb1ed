//! `/api/v2/connections`: the database connection and its password policy.

use super::auth::Caller;
use super::wire::{parse_body, Paging};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use portcullis_admin::connections::{self, effective_min_length, ConnectionFilter};
use portcullis_domain::connection::Connection;
use serde::Deserialize;
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    Router::new().route("/connections", get(list)).route("/connections/{id}", get(read).patch(update)).route("/connections/{id}/clients", get(enabled_clients))
}

fn connection_wire(c: &Connection) -> Value {
    json!({
        "id": c.id, "name": c.name, "display_name": c.name, "strategy": c.strategy, "realms": [c.name],
        "is_domain_connection": false, "enabled_clients": c.enabled_clients, "metadata": {},
        "options": {
            "passwordPolicy": c.password_policy,
            "password_complexity_options": {"min_length": effective_min_length(c)},
            "disable_signup": c.disable_signup,
            "brute_force_protection": true,
            "requires_username": false,
            "import_mode": false,
            "enabledDatabaseCustomization": false,
        },
    })
}

/// No `#[serde(flatten)]`: with it, the query deserializer hands numbers over as strings.
#[derive(Deserialize, Default)]
struct ListParams {
    page: Option<u32>,
    per_page: Option<u32>,
    include_totals: Option<bool>,
    name: Option<String>,
    from: Option<String>,
    take: Option<u32>,
}

fn strategies(raw: Option<&str>) -> Option<Vec<String>> {
    let s: Vec<String> = url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()).filter(|(k, _)| k == "strategy").map(|(_, v)| v.into_owned()).collect();
    Some(s).filter(|s| !s.is_empty())
}

/// `strategy` may repeat (`?strategy=auth0&strategy=...`), so it is read from the raw query.
/// Offset paging (`page`/`per_page`, `include_totals`) or Auth0's checkpoint paging
/// (`take`/`from`, answered as `{connections, next?}`); a tenant has few connections, so the
/// checkpoint is the offset of the next item.
async fn list(State(s): State<AppState>, c: Caller, uri: axum::http::Uri, Query(q): Query<ListParams>) -> Result<Json<Value>, WebError> {
    c.require("read:connections")?;
    let filter = ConnectionFilter { strategy: strategies(uri.query()), name: q.name.clone() };
    let all = connections::list(&s.platform, &c.tenant, &filter).await?;
    let total = all.len();
    if let Some(take) = q.take {
        let start = q.from.as_deref().and_then(|f| f.parse::<usize>().ok()).unwrap_or(0).min(total);
        let end = (start + take.clamp(1, 100) as usize).min(total);
        let mut body = json!({"connections": all[start..end].iter().map(connection_wire).collect::<Vec<_>>()});
        if end < total {
            body["next"] = json!(end.to_string());
        }
        return Ok(Json(body));
    }
    let paging = Paging { page: q.page, per_page: q.per_page, include_totals: q.include_totals, ..Default::default() };
    let p = paging.page();
    let items = all.iter().skip(p.offset() as usize).take(p.per_page as usize).map(connection_wire).collect();
    Ok(Json(paging.wrap("connections", items, total as i64)))
}

async fn read(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<Json<Value>, WebError> {
    c.require("read:connections")?;
    Ok(Json(connection_wire(&connections::get(&s.platform, &c.tenant, &id).await?)))
}

async fn update(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Json(v): Json<Value>) -> Result<Json<Value>, WebError> {
    c.require("update:connections")?;
    Ok(Json(connection_wire(&connections::update(&s.platform, &c.tenant, &id, parse_body(v)?).await?)))
}

/// The applications a connection is enabled for; an empty list in the store means "all".
async fn enabled_clients(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<Json<Value>, WebError> {
    c.require("read:connections")?;
    let ids = connections::enabled_client_ids(&s.platform, &c.tenant, &id).await?;
    Ok(Json(json!({"clients": ids.iter().map(|id| json!({"client_id": id})).collect::<Vec<_>>()})))
}
