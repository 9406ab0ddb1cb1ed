//! `/api/v2/users/{id}/logs` and `/api/v2/stats/daily`, both read from the tenant log.

use super::auth::Caller;
use super::other::log_wire;
use super::wire::Paging;
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use portcullis_admin::{stats, users};
use portcullis_store::LogQuery;
use serde::Deserialize;
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    Router::new().route("/users/{id}/logs", get(user_logs)).route("/stats/daily", get(daily))
}

async fn user_logs(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Query(q): Query<Paging>) -> Result<Json<Value>, WebError> {
    c.require("read:logs")?;
    users::get(&s.platform, &c.tenant, &id).await?;
    let query = LogQuery { user_id: Some(id), ..Default::default() };
    let res = s.platform.store.list_logs(&c.tenant.id, &query, q.page()).await?;
    Ok(Json(q.wrap("logs", res.items.iter().map(log_wire).collect(), res.total)))
}

#[derive(Deserialize)]
struct Range {
    from: Option<String>,
    to: Option<String>,
}

async fn daily(State(s): State<AppState>, c: Caller, Query(r): Query<Range>) -> Result<Json<Value>, WebError> {
    c.require("read:stats")?;
    let days = stats::daily(&s.platform, &c.tenant, r.from.as_deref(), r.to.as_deref()).await?;
    let now = s.platform.clock.now().to_iso8601();
    let items = days
        .iter()
        .map(|d| json!({"date": d.day.to_iso8601(), "logins": d.logins, "signups": d.signups, "leaked_passwords": 0, "updated_at": now, "created_at": d.day.to_iso8601()}))
        .collect();
    Ok(Json(Value::Array(items)))
}
