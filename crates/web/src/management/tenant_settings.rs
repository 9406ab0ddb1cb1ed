//! `/api/v2/tenants/settings` and `/api/v2/branding`.

use super::auth::Caller;
use super::wire::parse_body;
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use portcullis_admin::tenant_settings;
use portcullis_domain::tenant::Tenant;
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    Router::new().route("/tenants/settings", get(read).patch(update)).route("/branding", get(branding).patch(update_branding))
}

fn settings_wire(t: &Tenant) -> Value {
    json!({
        "friendly_name": t.friendly_name,
        "picture_url": t.branding.logo_url,
        "support_email": t.settings.support_email,
        "session_lifetime": t.settings.session_lifetime_hours,
        "idle_session_lifetime": t.settings.idle_session_lifetime_hours,
        "default_directory": portcullis_domain::connection::DEFAULT_DATABASE_CONNECTION,
        "enabled_locales": ["en"],
        "flags": {"enable_client_connections": false, "revoke_refresh_token_grant": false, "disable_clickjack_protection_headers": false},
        "sandbox_version": "22",
        "universal_login": {"colors": {"primary": t.branding.primary_color}},
    })
}

fn branding_wire(t: &Tenant) -> Value {
    json!({"logo_url": t.branding.logo_url, "colors": {"primary": t.branding.primary_color}})
}

async fn read(c: Caller) -> Result<Json<Value>, WebError> {
    c.require("read:tenant_settings")?;
    Ok(Json(settings_wire(&c.tenant)))
}

async fn update(State(s): State<AppState>, c: Caller, Json(v): Json<Value>) -> Result<Json<Value>, WebError> {
    c.require("update:tenant_settings")?;
    let t = tenant_settings::update(&s.platform, &c.tenant, parse_body(v)?).await?;
    s.forget_tenant(&t.domain);
    Ok(Json(settings_wire(&t)))
}

async fn branding(c: Caller) -> Result<Json<Value>, WebError> {
    c.require("read:branding")?;
    Ok(Json(branding_wire(&c.tenant)))
}

async fn update_branding(State(s): State<AppState>, c: Caller, Json(v): Json<Value>) -> Result<Json<Value>, WebError> {
    c.require("update:branding")?;
    let t = tenant_settings::update_branding(&s.platform, &c.tenant, parse_body(v)?).await?;
    s.forget_tenant(&t.domain);
    Ok(Json(branding_wire(&t)))
}
