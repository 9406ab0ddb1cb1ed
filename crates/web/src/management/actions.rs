//! `/api/v2/actions/*`: actions, versions, deploy, test, triggers, bindings, executions.

use super::auth::Caller;
use super::wire::parse_body;
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use portcullis_actions::TriggerId;
use portcullis_admin::{actions, bindings};
use portcullis_domain::action::{Action, ActionVersion, Binding};
use portcullis_store::{ActionQuery, Page};
use serde::Deserialize;
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/actions/actions", get(list).post(create))
        .route("/actions/actions/{id}", get(read).patch(update).delete(remove))
        .route("/actions/actions/{id}/deploy", post(deploy))
        .route("/actions/actions/{id}/test", post(test))
        .route("/actions/actions/{id}/versions", get(versions))
        .route("/actions/actions/{id}/versions/{vid}", get(version))
        .route("/actions/actions/{id}/versions/{vid}/deploy", post(rollback))
        .route("/actions/triggers", get(triggers))
        .route("/actions/triggers/{trigger}/bindings", get(list_bindings).patch(patch_bindings))
        .route("/actions/executions/{id}", get(execution))
}

fn secrets(v: &[portcullis_domain::action::ActionSecret]) -> Value {
    Value::Array(v.iter().map(|s| json!({"name": s.name, "updated_at": s.updated_at.to_iso8601()})).collect())
}

fn status(s: portcullis_domain::action::BuildStatus) -> Value {
    serde_json::to_value(s).unwrap_or(Value::Null)
}

pub fn version_wire(v: &ActionVersion, a: Option<&Action>) -> Value {
    let mut out = json!({
        "id": v.id, "action_id": v.action_id, "code": v.code, "dependencies": v.dependencies, "deployed": v.deployed,
        "number": v.number, "runtime": v.runtime, "secrets": secrets(&v.secrets), "status": status(v.status),
        "supported_triggers": v.supported_triggers, "created_at": v.created_at.to_iso8601(), "updated_at": v.updated_at.to_iso8601(), "errors": [],
    });
    if let Some(a) = a {
        out["action"] = json!({"id": a.id, "name": a.name, "supported_triggers": a.supported_triggers, "all_changes_deployed": a.all_changes_deployed, "created_at": a.created_at.to_iso8601(), "updated_at": a.updated_at.to_iso8601()});
    }
    out
}

async fn action_wire(s: &AppState, a: &Action) -> Result<Value, WebError> {
    let mut v = json!({
        "id": a.id, "name": a.name, "supported_triggers": a.supported_triggers, "code": a.code, "dependencies": a.dependencies,
        "runtime": a.runtime, "secrets": secrets(&a.secrets), "status": status(a.status), "all_changes_deployed": a.all_changes_deployed,
        "created_at": a.created_at.to_iso8601(), "updated_at": a.updated_at.to_iso8601(),
        "errors": a.errors.iter().map(|e| json!({"id": e.id, "msg": e.msg})).collect::<Vec<_>>(),
    });
    if let Some(vid) = &a.deployed_version_id {
        if let Some(ver) = s.platform.store.find_version(&a.tenant_id, &a.id, vid).await? {
            v["deployed_version"] = version_wire(&ver, None);
        }
    }
    Ok(v)
}

#[derive(Deserialize, Default)]
struct ListParams {
    #[serde(rename = "triggerId")]
    trigger_id: Option<String>,
    #[serde(rename = "actionName")]
    action_name: Option<String>,
    deployed: Option<bool>,
    installed: Option<bool>,
    page: Option<u32>,
    per_page: Option<u32>,
}

fn page(p: Option<u32>, pp: Option<u32>) -> Page {
    Page { page: p.unwrap_or(0), per_page: pp.unwrap_or(50).clamp(1, 100) }
}

async fn list(State(s): State<AppState>, c: Caller, Query(q): Query<ListParams>) -> Result<Json<Value>, WebError> {
    c.require("read:actions")?;
    let _ = q.installed;
    let pg = page(q.page, q.per_page);
    let res = s.platform.store.list_actions(&c.tenant.id, &ActionQuery { trigger_id: q.trigger_id, name: q.action_name, deployed: q.deployed }, pg).await?;
    let mut items = vec![];
    for a in &res.items {
        items.push(action_wire(&s, a).await?);
    }
    Ok(Json(json!({"actions": items, "total": res.total, "page": pg.page, "per_page": pg.per_page})))
}

async fn create(State(s): State<AppState>, c: Caller, Json(v): Json<Value>) -> Result<Response, WebError> {
    c.require("create:actions")?;
    let a = actions::create(&s.platform, &c.tenant, parse_body(v)?).await?;
    Ok((StatusCode::CREATED, Json(action_wire(&s, &a).await?)).into_response())
}

async fn read(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<Json<Value>, WebError> {
    c.require("read:actions")?;
    let a = actions::get(&s.platform, &c.tenant, &id).await?;
    Ok(Json(action_wire(&s, &a).await?))
}

async fn update(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Json(v): Json<Value>) -> Result<Json<Value>, WebError> {
    c.require("update:actions")?;
    let a = actions::update(&s.platform, &c.tenant, &id, parse_body(v)?).await?;
    Ok(Json(action_wire(&s, &a).await?))
}

#[derive(Deserialize)]
struct Force {
    force: Option<bool>,
}

async fn remove(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Query(f): Query<Force>) -> Result<StatusCode, WebError> {
    c.require("delete:actions")?;
    actions::delete(&s.platform, &c.tenant, &id, f.force.unwrap_or(false)).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn deploy(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<Response, WebError> {
    c.require("create:actions")?;
    let v = actions::deploy(&s.platform, &c.tenant, &id).await?;
    let a = actions::get(&s.platform, &c.tenant, &id).await?;
    Ok((StatusCode::OK, Json(version_wire(&v, Some(&a)))).into_response())
}

async fn test(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Json(v): Json<Value>) -> Result<Json<Value>, WebError> {
    c.require("create:actions")?;
    let event = v.get("payload").cloned().unwrap_or_else(|| json!({}));
    let r = actions::test(&s.platform, &c.tenant, &id, event).await?;
    Ok(Json(json!({"payload": {"commands": r.commands, "logs": r.logs, "stats": r.stats, "error": r.error}})))
}

async fn versions(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Query(q): Query<ListParams>) -> Result<Json<Value>, WebError> {
    c.require("read:actions")?;
    let a = actions::get(&s.platform, &c.tenant, &id).await?;
    let pg = page(q.page, q.per_page);
    let res = s.platform.store.list_versions(&c.tenant.id, &id, pg).await?;
    Ok(Json(json!({"versions": res.items.iter().map(|v| version_wire(v, Some(&a))).collect::<Vec<_>>(), "total": res.total, "page": pg.page, "per_page": pg.per_page})))
}

async fn version(State(s): State<AppState>, c: Caller, Path((id, vid)): Path<(String, String)>) -> Result<Json<Value>, WebError> {
    c.require("read:actions")?;
    let a = actions::get(&s.platform, &c.tenant, &id).await?;
    let v = s.platform.store.find_version(&c.tenant.id, &id, &vid).await?.ok_or_else(|| WebError::management(StatusCode::NOT_FOUND, "The action version does not exist.", Some("inexistent_resource")))?;
    Ok(Json(version_wire(&v, Some(&a))))
}

async fn rollback(State(s): State<AppState>, c: Caller, Path((id, vid)): Path<(String, String)>, body: Option<Json<Value>>) -> Result<Response, WebError> {
    c.require("create:actions")?;
    let update_draft = body.and_then(|Json(b)| b.get("update_draft").and_then(Value::as_bool)).unwrap_or(false);
    let v = actions::deploy_version(&s.platform, &c.tenant, &id, &vid, update_draft).await?;
    let a = actions::get(&s.platform, &c.tenant, &id).await?;
    Ok((StatusCode::OK, Json(version_wire(&v, Some(&a)))).into_response())
}

async fn triggers(c: Caller) -> Result<Json<Value>, WebError> {
    c.require("read:actions")?;
    let list: Vec<Value> = TriggerId::ALL
        .iter()
        .map(|t| json!({"id": t.as_str(), "version": t.version(), "status": "CURRENT", "runtimes": ["node22"], "default_runtime": "node22", "compatible_triggers": [], "binding_policy": "trigger-bound"}))
        .collect();
    Ok(Json(json!({"triggers": list})))
}

fn binding_wire(b: &Binding, a: Option<&Action>) -> Value {
    json!({
        "id": b.id, "trigger_id": b.trigger_id, "display_name": b.display_name,
        "created_at": b.created_at.to_iso8601(), "updated_at": b.updated_at.to_iso8601(),
        "action": a.map(|a| json!({"id": a.id, "name": a.name, "supported_triggers": a.supported_triggers, "all_changes_deployed": a.all_changes_deployed, "created_at": a.created_at.to_iso8601(), "updated_at": a.updated_at.to_iso8601()})),
    })
}

async fn list_bindings(State(s): State<AppState>, c: Caller, Path(trigger): Path<String>) -> Result<Json<Value>, WebError> {
    c.require("read:actions")?;
    let list = bindings::list(&s.platform, &c.tenant, &trigger).await?;
    let total = list.len();
    Ok(Json(json!({"bindings": list.iter().map(|(b, a)| binding_wire(b, a.as_ref())).collect::<Vec<_>>(), "total": total, "page": 0, "per_page": 50})))
}

async fn patch_bindings(State(s): State<AppState>, c: Caller, Path(trigger): Path<String>, Json(v): Json<Value>) -> Result<Json<Value>, WebError> {
    c.require("update:actions")?;
    let input = parse_body(v.get("bindings").cloned().unwrap_or(Value::Array(vec![])))?;
    let list = bindings::replace(&s.platform, &c.tenant, &trigger, input).await?;
    Ok(Json(json!({"bindings": list.iter().map(|(b, a)| binding_wire(b, a.as_ref())).collect::<Vec<_>>()})))
}

async fn execution(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<Json<Value>, WebError> {
    c.require("read:actions")?;
    let e = s.platform.store.find_execution(&c.tenant.id, &id).await?.ok_or_else(|| WebError::management(StatusCode::NOT_FOUND, "The execution does not exist.", Some("inexistent_resource")))?;
    Ok(Json(json!({"id": e.id, "trigger_id": e.trigger_id, "status": e.status, "results": e.results, "created_at": e.created_at.to_iso8601(), "updated_at": e.updated_at.to_iso8601()})))
}
