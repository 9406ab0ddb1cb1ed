//! `/api/v2/guardian/*` and the users' MFA endpoints.

use super::auth::Caller;
use super::wire::Paging;
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use portcullis_admin::mfa;
use portcullis_domain::mfa::Authenticator;
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/guardian/factors", get(factors))
        .route("/guardian/factors/{name}", put(set_factor))
        .route("/guardian/policies", get(policies).put(set_policies))
        .route("/guardian/enrollments/{id}", get(enrollment).delete(delete_enrollment))
        .route("/users/{id}/authentication-methods", get(methods).post(create_method).delete(delete_all_methods))
        .route("/users/{id}/authentication-methods/{mid}", get(method).delete(delete_method))
        .route("/users/{id}/enrollments", get(enrollments))
        .route("/users/{id}/multifactor/actions/invalidate-remember-browser", post(invalidate))
        .route("/users/{id}/recovery-code-regeneration", post(regenerate))
}

async fn factors(c: Caller) -> Result<Json<Value>, WebError> {
    c.require("read:guardian_factors")?;
    Ok(Json(Value::Array(mfa::FACTORS.iter().map(|n| json!({"name": n, "enabled": mfa::factor_enabled(&c.tenant, n), "trial_expired": false})).collect())))
}

async fn set_factor(State(s): State<AppState>, c: Caller, Path(name): Path<String>, Json(v): Json<Value>) -> Result<Json<Value>, WebError> {
    c.require("update:guardian_factors")?;
    let enabled = v.get("enabled").and_then(Value::as_bool).ok_or_else(|| WebError::management(StatusCode::BAD_REQUEST, "Payload validation error: 'Missing required property: enabled'.", Some("invalid_body")))?;
    mfa::set_factor(&s.platform, &c.tenant, &name, enabled).await?;
    s.forget_tenant(&c.tenant.domain);
    Ok(Json(json!({"enabled": enabled})))
}

async fn policies(c: Caller) -> Result<Json<Value>, WebError> {
    c.require("read:mfa_policies")?;
    Ok(Json(json!(mfa::policy_names(&c.tenant))))
}

async fn set_policies(State(s): State<AppState>, c: Caller, Json(v): Json<Vec<String>>) -> Result<Json<Value>, WebError> {
    c.require("update:mfa_policies")?;
    let t = mfa::set_policy(&s.platform, &c.tenant, &v).await?;
    s.forget_tenant(&c.tenant.domain);
    Ok(Json(json!(mfa::policy_names(&t))))
}

fn method_wire(a: &Authenticator) -> Value {
    json!({"id": a.id, "type": a.kind, "confirmed": true, "name": a.name, "created_at": a.created_at.to_iso8601(), "last_auth_date": a.last_auth_at.map(|d| d.to_iso8601())})
}

fn enrollment_wire(a: &Authenticator) -> Value {
    json!({"id": a.id, "status": "confirmed", "type": "authenticator", "name": a.name, "enrolled_at": a.created_at.to_iso8601(), "last_auth": a.last_auth_at.map(|d| d.to_iso8601())})
}

async fn methods(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Query(q): Query<Paging>) -> Result<Json<Value>, WebError> {
    c.require("read:authentication_methods")?;
    let list = mfa::list_authenticators(&s.platform, &c.tenant, &id).await?;
    let total = list.len() as i64;
    Ok(Json(q.wrap("authenticators", list.iter().map(method_wire).collect(), total)))
}

async fn method(State(s): State<AppState>, c: Caller, Path((id, mid)): Path<(String, String)>) -> Result<Json<Value>, WebError> {
    c.require("read:authentication_methods")?;
    let list = mfa::list_authenticators(&s.platform, &c.tenant, &id).await?;
    let a = list.iter().find(|a| a.id == mid).ok_or_else(|| WebError::management(StatusCode::NOT_FOUND, "The authentication method does not exist", Some("inexistent_resource")))?;
    Ok(Json(method_wire(a)))
}

async fn create_method(State(s): State<AppState>, c: Caller, Path(id): Path<String>, Json(v): Json<Value>) -> Result<Response, WebError> {
    c.require("create:authentication_methods")?;
    if v.get("type").and_then(Value::as_str) != Some("totp") {
        return Err(WebError::management(StatusCode::BAD_REQUEST, "Only authentication methods of type 'totp' can be created", Some("invalid_body")));
    }
    let secret = v.get("totp_secret").and_then(Value::as_str).unwrap_or_default();
    let name = v.get("name").and_then(Value::as_str).map(str::to_string);
    let a = mfa::create_totp(&s.platform, &c.tenant, &id, secret, name).await?;
    Ok((StatusCode::CREATED, Json(method_wire(&a))).into_response())
}

async fn delete_method(State(s): State<AppState>, c: Caller, Path((id, mid)): Path<(String, String)>) -> Result<StatusCode, WebError> {
    c.require("delete:authentication_methods")?;
    mfa::delete_authenticators(&s.platform, &c.tenant, &id, Some(&mid)).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn delete_all_methods(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<StatusCode, WebError> {
    c.require("delete:authentication_methods")?;
    mfa::delete_authenticators(&s.platform, &c.tenant, &id, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn enrollments(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<Json<Value>, WebError> {
    c.require("read:users")?;
    let list = mfa::list_authenticators(&s.platform, &c.tenant, &id).await?;
    Ok(Json(Value::Array(list.iter().map(enrollment_wire).collect())))
}

async fn enrollment(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<Json<Value>, WebError> {
    c.require("read:users")?;
    let (u, a) = mfa::find_enrollment(&s.platform, &c.tenant, &id).await?;
    let mut v = enrollment_wire(&a);
    v["user_id"] = json!(u.user_id);
    Ok(Json(v))
}

async fn delete_enrollment(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<StatusCode, WebError> {
    c.require("delete:guardian_enrollments")?;
    let (u, _) = mfa::find_enrollment(&s.platform, &c.tenant, &id).await?;
    mfa::delete_authenticators(&s.platform, &c.tenant, &u.user_id, Some(&id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn invalidate(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<StatusCode, WebError> {
    c.require("update:users")?;
    mfa::invalidate_remember_browser(&s.platform, &c.tenant, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn regenerate(State(s): State<AppState>, c: Caller, Path(id): Path<String>) -> Result<Json<Value>, WebError> {
    c.require("update:users")?;
    Ok(Json(json!({"recovery_code": mfa::regenerate_recovery_code(&s.platform, &c.tenant, &id).await?})))
}
