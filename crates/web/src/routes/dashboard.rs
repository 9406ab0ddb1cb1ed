//! The dashboard: a static single-page app embedded at build time, served at `/dashboard/`,
//! and the configuration it needs to log an operator in.

use crate::error::WebError;
use crate::state::AppState;
use crate::tenant::CurrentTenant;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

#[derive(rust_embed::RustEmbed)]
#[folder = "../../dashboard/dist"]
#[allow_missing = true]
struct Assets;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dashboard", get(|| async { crate::pages::found("/dashboard/") }))
        .route("/dashboard/", get(index))
        .route("/dashboard/config.json", get(config))
        .route("/dashboard/{*path}", get(asset))
}

async fn config(State(s): State<AppState>, CurrentTenant(t): CurrentTenant) -> Result<Json<serde_json::Value>, WebError> {
    let c = portcullis_admin::bootstrap::ensure_dashboard(&s.platform, &t).await?;
    Ok(Json(serde_json::json!({"domain": t.domain, "client_id": c.client_id, "audience": t.management_audience()})))
}

fn serve(path: &str) -> Option<Response> {
    let file = Assets::get(path)?;
    let mime = file.metadata.mimetype().to_string();
    let mut r = (StatusCode::OK, file.data.into_owned()).into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&mime) {
        h.insert(header::CONTENT_TYPE, v);
    }
    // Hashed asset names may be cached for long; the index never.
    let cache = if path.starts_with("assets/") { "public, max-age=31536000, immutable" } else { "no-cache" };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    Some(r)
}

async fn index() -> Response {
    serve("index.html").unwrap_or_else(|| {
        crate::pages::html(
            StatusCode::SERVICE_UNAVAILABLE,
            crate::pages::message_page("Dashboard not built", "This binary was built without the dashboard. Run ./scripts/start.sh (it builds dashboard/ with npm first)."),
        )
    })
}

/// Files by path; any other path is a client-side route of the single-page app.
async fn asset(Path(path): Path<String>) -> Response {
    match serve(&path) {
        Some(r) => r,
        None if path.starts_with("assets/") => StatusCode::NOT_FOUND.into_response(),
        None => index().await,
    }
}
