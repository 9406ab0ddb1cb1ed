//! `/oauth/token` and `/oauth/revoke`: form or JSON bodies, Basic or body client credentials,
//! CORS for browser clients.

use crate::error::WebError;
use crate::meta::Meta;
use crate::state::AppState;
use crate::tenant::CurrentTenant;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use base64::Engine;
use portcullis_domain::redirect::{origin_is_allowed, origin_of};
use portcullis_oidc::client_auth::PresentedCredentials;
use portcullis_oidc::grants::{self, TokenRequest};
use portcullis_oidc::{revoke, OAuthError};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new().route("/oauth/token", post(token).options(preflight)).route("/oauth/revoke", post(revoke_handler).options(preflight))
}

/// Form (RFC 6749 §3.2) or JSON (Auth0 clients); JSON `null` means absent, numbers and booleans
/// become strings.
fn parse_body(headers: &HeaderMap, body: &Bytes) -> Result<HashMap<String, String>, OAuthError> {
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_ascii_lowercase();
    if ct.starts_with("application/json") {
        let v: serde_json::Value = serde_json::from_slice(body).map_err(|_| OAuthError::invalid_request("The request body is not valid JSON"))?;
        let obj = v.as_object().ok_or_else(|| OAuthError::invalid_request("The request body must be a JSON object"))?;
        Ok(obj
            .iter()
            .filter_map(|(k, v)| match v {
                serde_json::Value::Null => None,
                serde_json::Value::String(s) => Some((k.clone(), s.clone())),
                serde_json::Value::Number(_) | serde_json::Value::Bool(_) => Some((k.clone(), v.to_string())),
                other => Some((k.clone(), other.to_string())),
            })
            .collect())
    } else {
        let mut m = HashMap::new();
        for (k, v) in url::form_urlencoded::parse(body) {
            // RFC 6749 §3.2: "Request and response parameters MUST NOT be included more than once."
            if m.insert(k.to_string(), v.to_string()).is_some() {
                return Err(OAuthError::invalid_request(format!("Parameter {k} was given more than once")));
            }
        }
        Ok(m)
    }
}

/// RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. A client MUST NOT use
/// more than one authentication method per request.
fn credentials(headers: &HeaderMap, fields: &HashMap<String, String>) -> Result<PresentedCredentials, OAuthError> {
    let basic = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Basic ").or_else(|| v.strip_prefix("basic ")));
    let body_id = fields.get("client_id").cloned().filter(|s| !s.is_empty());
    let body_secret = fields.get("client_secret").cloned().filter(|s| !s.is_empty());
    match basic {
        Some(b) => {
            if body_secret.is_some() {
                return Err(OAuthError::invalid_request("Use only one client authentication method"));
            }
            let raw = base64::engine::general_purpose::STANDARD.decode(b.trim()).map_err(|_| OAuthError::invalid_client("Malformed Basic credentials"))?;
            let raw = String::from_utf8(raw).map_err(|_| OAuthError::invalid_client("Malformed Basic credentials"))?;
            let (id, secret) = raw.split_once(':').ok_or_else(|| OAuthError::invalid_client("Malformed Basic credentials"))?;
            let dec = |s: &str| url::form_urlencoded::parse(format!("x={s}").as_bytes()).next().map(|(_, v)| v.to_string()).unwrap_or_default();
            let id = dec(id);
            if body_id.as_ref().is_some_and(|b| *b != id) {
                return Err(OAuthError::invalid_request("client_id differs between the header and the body"));
            }
            Ok(PresentedCredentials { client_id: Some(id), client_secret: Some(dec(secret)), basic: true })
        }
        None => Ok(PresentedCredentials { client_id: body_id, client_secret: body_secret, basic: false }),
    }
}

/// Preflights carry no credentials and read nothing: answering them for any origin is safe; the
/// real response only gets `Access-Control-Allow-Origin` for the client's allowed origins.
async fn preflight(headers: HeaderMap) -> Response {
    let mut r = StatusCode::NO_CONTENT.into_response();
    let h = r.headers_mut();
    if let Some(o) = headers.get(header::ORIGIN) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, o.clone());
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("POST, OPTIONS"));
    let allow = headers.get(header::ACCESS_CONTROL_REQUEST_HEADERS).cloned().unwrap_or(HeaderValue::from_static("content-type, auth0-client"));
    h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allow);
    h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
    r
}

async fn cors(s: &AppState, tenant: &str, headers: &HeaderMap, client_id: Option<&str>, mut r: Response) -> Response {
    let (Some(origin), Some(cid)) = (headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()), client_id) else { return r };
    if let Ok(Some(c)) = s.platform.store.find_client(tenant, cid).await {
        let mut allowed = c.web_origins.clone();
        allowed.extend(c.allowed_origins.iter().cloned());
        allowed.extend(c.callbacks.iter().filter_map(|u| origin_of(u)));
        if origin_is_allowed(origin, &allowed) {
            if let Ok(v) = HeaderValue::from_str(origin) {
                r.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
                r.headers_mut().insert(header::VARY, HeaderValue::from_static("Origin"));
            }
        }
    }
    r
}

async fn token(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, body: Bytes) -> Response {
    let result = async {
        let fields = parse_body(&headers, &body)?;
        let credentials = credentials(&headers, &fields)?;
        Ok::<_, OAuthError>(TokenRequest { fields, credentials, meta })
    }
    .await;
    let (resp, cid) = match result {
        Err(e) => (WebError::OAuth(e).into_response(), None),
        Ok(req) => {
            let cid = req.credentials.client_id.clone();
            let r = match grants::token(&s.platform, &t, &req).await {
                Ok(tr) => {
                    let mut r = Json(tr).into_response();
                    // RFC 6749 §5.1: "Cache-Control: no-store".
                    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                    r.headers_mut().insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
                    r
                }
                Err(e) => WebError::from(e).into_response(),
            };
            (r, cid)
        }
    };
    cors(&s, &t.id, &headers, cid.as_deref(), resp).await
}

async fn revoke_handler(State(s): State<AppState>, CurrentTenant(t): CurrentTenant, Meta(meta): Meta, headers: HeaderMap, body: Bytes) -> Response {
    let fields = match parse_body(&headers, &body) {
        Ok(f) => f,
        Err(e) => return WebError::OAuth(e).into_response(),
    };
    let creds = match credentials(&headers, &fields) {
        Ok(c) => c,
        Err(e) => return WebError::OAuth(e).into_response(),
    };
    let r = match revoke::revoke(&s.platform, &t, &creds, fields.get("token").map(String::as_str), &meta).await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => WebError::from(e).into_response(),
    };
    cors(&s, &t.id, &headers, creds.client_id.as_deref(), r).await
}
