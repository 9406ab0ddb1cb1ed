//! The one place where errors become HTTP responses.

use crate::pages;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use portcullis_admin::AdminError;
use portcullis_oidc::{OAuthError, OidcError};
use portcullis_store::StoreError;
use serde_json::json;

#[derive(Debug)]
pub enum WebError {
    /// A protocol error answered as JSON `{error, error_description}` (token, userinfo, revoke).
    OAuth(OAuthError),
    /// A protocol error shown to a person as a page.
    Page(OAuthError),
    /// Management API error in Auth0's shape.
    Management { status: StatusCode, message: String, error_code: Option<String> },
    UnknownTenant(String),
    /// Logged here, answered generically.
    Internal(String),
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        WebError::Internal(e.to_string())
    }
}

impl From<OidcError> for WebError {
    fn from(e: OidcError) -> Self {
        match e {
            OidcError::Protocol(p) => WebError::OAuth(p),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<AdminError> for WebError {
    fn from(e: AdminError) -> Self {
        let (status, code) = match &e {
            AdminError::Invalid(_) => (StatusCode::BAD_REQUEST, Some("invalid_body")),
            AdminError::NotFound(_) => (StatusCode::NOT_FOUND, Some("inexistent_resource")),
            AdminError::Conflict(_) => (StatusCode::CONFLICT, None),
            AdminError::Forbidden(_) => (StatusCode::FORBIDDEN, Some("operation_not_supported")),
            AdminError::Internal(m) => return WebError::Internal(m.clone()),
        };
        WebError::Management { status, message: e.to_string(), error_code: code.map(str::to_string) }
    }
}

impl WebError {
    /// Turns a protocol error into its page form (for browser-facing endpoints).
    pub fn into_page(self) -> Self {
        match self {
            WebError::OAuth(e) => WebError::Page(e),
            other => other,
        }
    }
    pub fn management(status: StatusCode, message: impl Into<String>, code: Option<&str>) -> Self {
        WebError::Management { status, message: message.into(), error_code: code.map(str::to_string) }
    }
}

pub fn oauth_status(code: &str) -> StatusCode {
    match code {
        "invalid_client" | "invalid_token" => StatusCode::UNAUTHORIZED,
        "access_denied" | "unauthorized_client" | "invalid_grant" => StatusCode::FORBIDDEN,
        "server_error" => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::BAD_REQUEST,
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self {
            WebError::OAuth(e) => {
                let status = oauth_status(e.code);
                let mut r = (status, Json(json!({"error": e.code, "error_description": e.description}))).into_response();
                r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                if e.code == "invalid_token" {
                    let v = format!("Bearer error=\"invalid_token\", error_description=\"{}\"", e.description.replace('"', "'"));
                    if let Ok(v) = HeaderValue::from_str(&v) {
                        r.headers_mut().insert(header::WWW_AUTHENTICATE, v);
                    }
                }
                r
            }
            WebError::Page(e) => {
                let status = match oauth_status(e.code) {
                    StatusCode::INTERNAL_SERVER_ERROR => StatusCode::INTERNAL_SERVER_ERROR,
                    _ => StatusCode::BAD_REQUEST,
                };
                pages::html(status, pages::error_page(e.code, &e.description))
            }
            WebError::Management { status, message, error_code } => {
                let mut body = json!({"statusCode": status.as_u16(), "error": status.canonical_reason().unwrap_or(""), "message": message});
                if let Some(c) = error_code {
                    body["errorCode"] = json!(c);
                }
                (status, Json(body)).into_response()
            }
            WebError::UnknownTenant(host) => {
                pages::html(StatusCode::NOT_FOUND, pages::error_page("unknown_tenant", &format!("No tenant is served on \"{host}\".")))
            }
            WebError::Internal(m) => {
                tracing::error!(error = %m, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"statusCode": 500, "error": "Internal Server Error", "message": "Internal Server Error"}))).into_response()
            }
        }
    }
}
