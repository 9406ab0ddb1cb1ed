//! CORS for the Management API. The home tenant's dashboard (`https://{home domain}`) calls every
//! tenant's `/api/v2` with a bearer token, so that one origin, and no other, may read the answers.
//! Bearer tokens only: credentials (cookies) are never allowed.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

const ALLOW_METHODS: &str = "GET, POST, PATCH, PUT, DELETE";
/// What the dashboard sends: the bearer token, JSON bodies, and `Accept` on every call.
const ALLOW_HEADERS: &str = "Authorization, Content-Type, Accept";
const MAX_AGE_SECS: &str = "600";

pub async fn home_dashboard(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let home_origin = format!("https://{}", s.settings.home_domain);
    let origin = req.headers().get(header::ORIGIN).filter(|o| o.as_bytes() == home_origin.as_bytes()).cloned();
    let preflight = req.method() == Method::OPTIONS && req.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut res = match (&origin, preflight) {
        (Some(_), true) => {
            let mut r = StatusCode::NO_CONTENT.into_response();
            let h = r.headers_mut();
            h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(ALLOW_METHODS));
            h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOW_HEADERS));
            h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static(MAX_AGE_SECS));
            r
        }
        _ => next.run(req).await,
    };
    if let Some(o) = origin {
        res.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, o);
    }
    // The answer depends on the Origin, so caches must keep one per origin.
    res.headers_mut().append(header::VARY, HeaderValue::from_static("Origin"));
    res
}
