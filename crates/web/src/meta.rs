//! Who is asking: client IP and user agent, for logs and brute-force counters.

use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use portcullis_oidc::logs::RequestMeta;
use std::convert::Infallible;
use std::net::SocketAddr;

pub struct Meta(pub RequestMeta);

impl FromRequestParts<AppState> for Meta {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        let forwarded = if s.settings.trust_forwarded_for {
            parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()).and_then(|v| v.split(',').next()).map(|v| v.trim().to_string())
        } else {
            None
        };
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
        let ua = parts.headers.get(axum::http::header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_string);
        let mfa_remember = crate::cookies::get(&parts.headers, crate::cookies::MFA_REMEMBER);
        Ok(Meta(RequestMeta { ip: forwarded.or(peer), user_agent: ua, mfa_remember }))
    }
}
