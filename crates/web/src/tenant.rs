//! The request's tenant, found from its Host. No handler runs without one.

use crate::error::WebError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use portcullis_domain::tenant::Tenant;
use std::sync::Arc;

const CACHE_TTL_MS: i64 = 10_000;

/// Shared with this node's cache: taking it is a reference count, not a copy of the tenant.
pub struct CurrentTenant(pub Arc<Tenant>);

impl FromRequestParts<AppState> for CurrentTenant {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        let raw = parts.headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok());
        let authority = parts.uri.authority().map(|a| a.as_str());
        let given = raw.or(authority).unwrap_or_default();
        // Host names compare case-insensitively; most clients already send lower case.
        let host: std::borrow::Cow<str> =
            if given.bytes().any(|b| b.is_ascii_uppercase()) { given.to_ascii_lowercase().into() } else { given.into() };
        let now = s.platform.clock.now().millis();
        if let Some((t, at)) = s.tenants.read().ok().and_then(|c| c.get(host.as_ref()).cloned()) {
            if now - at < CACHE_TTL_MS {
                return Ok(CurrentTenant(t));
            }
        }
        let t = s.platform.store.find_tenant_by_domain(&host).await.map_err(WebError::from)?;
        match t {
            Some(t) => {
                let t = Arc::new(t);
                if let Ok(mut c) = s.tenants.write() {
                    c.insert(host.into_owned(), (t.clone(), now));
                }
                Ok(CurrentTenant(t))
            }
            None => Err(WebError::UnknownTenant(host.into_owned())),
        }
    }
}
