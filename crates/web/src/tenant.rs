//! The request's tenant, found from its Host. No handler runs without one.

use crate::error::WebError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use portcullis_domain::tenant::Tenant;

const CACHE_TTL_MS: i64 = 10_000;

pub struct CurrentTenant(pub Tenant);

impl FromRequestParts<AppState> for CurrentTenant {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        let host = parts
            .headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_string)
            .or_else(|| parts.uri.authority().map(|a| a.to_string()))
            .unwrap_or_default()
            .to_ascii_lowercase();
        let now = s.platform.clock.now().millis();
        if let Some((t, at)) = s.tenants.read().ok().and_then(|c| c.get(&host).cloned()) {
            if now - at < CACHE_TTL_MS {
                return Ok(CurrentTenant(t));
            }
        }
        let t = s.platform.store.find_tenant_by_domain(&host).await.map_err(WebError::from)?;
        match t {
            Some(t) => {
                if let Ok(mut c) = s.tenants.write() {
                    c.insert(host, (t.clone(), now));
                }
                Ok(CurrentTenant(t))
            }
            None => Err(WebError::UnknownTenant(host)),
        }
    }
}
