//! Auth0 features Portcullis does not offer, answered the way Auth0 answers a tenant without
//! them, so that configuration-as-code tools (auth0-deploy-cli export) can read a whole tenant:
//! `403 feature_not_enabled` where Auth0 gates a feature by plan, and the empty default
//! documents Auth0 returns for a tenant that never configured the feature. Any valid
//! Management token may read them: they reveal nothing, and the bootstrap client's grant
//! predates these scopes.

use super::auth::Caller;
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

/// Features Auth0 answers with `403 feature_not_enabled` on tenants without them.
const NOT_ENABLED: &[&str] = &[
    "/rules",
    "/rules-configs",
    "/hooks",
    "/network-acls",
    "/user-attribute-profiles",
    "/connection-profiles",
    "/token-exchange-profiles",
    "/supplemental-signals",
    "/rate-limit-policies",
    "/attack-protection/bot-detection",
    "/attack-protection/captcha",
];

/// `(path, body)`: what a tenant that never configured the feature reads.
fn empty_defaults() -> Vec<(&'static str, Value)> {
    vec![
        ("/custom-domains", json!([])),
        ("/log-streams", json!([])),
        ("/organizations", json!({"organizations": [], "start": 0, "limit": 50, "total": 0})),
        ("/forms", json!({"forms": [], "start": 0, "limit": 50, "total": 0})),
        ("/flows", json!({"flows": [], "start": 0, "limit": 50, "total": 0})),
        ("/flows/vault/connections", json!({"connections": [], "start": 0, "limit": 50, "total": 0})),
        ("/self-service-profiles", json!({"self_service_profiles": [], "start": 0, "limit": 50, "total": 0})),
        ("/event-streams", json!({"eventStreams": []})),
        ("/actions/modules", json!({"modules": [], "total": 0, "page": 0, "per_page": 50})),
        ("/branding/phone/providers", json!({"providers": []})),
        ("/branding/phone/templates", json!({"templates": []})),
        ("/prompts", json!({"universal_login_experience": "new", "identifier_first": false, "webauthn_platform_first_factor": false})),
        ("/prompts/rendering", json!({"configs": [], "start": 0, "limit": 50, "total": 0})),
        (
            "/attack-protection/breached-password-detection",
            json!({"enabled": false, "shields": [], "admin_notification_frequency": [], "method": "standard", "stage": {"pre-user-registration": {"shields": []}}}),
        ),
        (
            "/attack-protection/suspicious-ip-throttling",
            json!({"enabled": false, "shields": [], "allowlist": [], "stage": {"pre-login": {"max_attempts": 100, "rate": 864000}, "pre-user-registration": {"max_attempts": 50, "rate": 1200}}}),
        ),
    ]
}

pub fn router() -> Router<AppState> {
    let mut r = Router::new()
        .route("/attack-protection/brute-force-protection", get(brute_force))
        // The hosted pages' texts and partials are Portcullis's own: none are customised.
        .route("/prompts/{prompt}/custom-text/{language}", get(|_c: Caller| async { Json(json!({})) }))
        .route("/prompts/{prompt}/partials", get(|_c: Caller| async { Json(json!({})) }))
        .route("/connections-directory-provisionings", get(|_c: Caller| async { Json(json!({"directory_provisionings": []})) }));
    for path in NOT_ENABLED {
        r = r.route(path, get(not_enabled));
    }
    for (path, body) in empty_defaults() {
        r = r.route(path, get(move |_c: Caller| async move { Json(body) }));
    }
    r
}

async fn not_enabled(_c: Caller) -> WebError {
    WebError::management(StatusCode::FORBIDDEN, "This feature is not enabled for this tenant.", Some("feature_not_enabled"))
}

/// Portcullis always blocks an IP for a user after the configured number of failures.
async fn brute_force(State(s): State<AppState>, _c: Caller) -> Json<Value> {
    let max = s.platform.settings.brute_force_threshold;
    Json(json!({"enabled": true, "shields": ["block"], "allowlist": [], "mode": "count_per_identifier_and_ip", "max_attempts": max}))
}
