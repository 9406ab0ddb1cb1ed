use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use portcullis_domain::tenant::Tenant;
use portcullis_oidc::Platform;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

#[derive(Clone, Debug)]
pub struct WebSettings {
    /// Whether cookies carry `Secure` (always, unless serving plain HTTP behind nothing).
    pub secure_cookies: bool,
    /// Trust `X-Forwarded-For` for the client IP (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    /// Domain of the home tenant (the default tenant of `portcullis serve`): its operators manage
    /// every tenant, and its dashboard's origin may call every tenant's Management API (CORS).
    pub home_domain: String,
}

#[derive(Default)]
pub struct Metrics {
    pub requests: AtomicU64,
    pub responses_5xx: AtomicU64,
    pub responses_4xx: AtomicU64,
    pub started_at_ms: AtomicU64,
}

/// Cloned by every extractor of every request: shared parts only, so a clone is a few reference
/// counts (cloning `Platform` and `WebSettings` by value allocated on each request).
#[derive(Clone)]
pub struct AppState {
    pub platform: Arc<Platform>,
    pub settings: Arc<WebSettings>,
    pub metrics: Arc<Metrics>,
    pub(crate) tenants: Arc<RwLock<HashMap<String, (Arc<Tenant>, i64)>>>,
}

impl AppState {
    /// Drops this node's cached copy of a tenant after a change.
    pub fn forget_tenant(&self, domain: &str) {
        if let Ok(mut c) = self.tenants.write() {
            c.remove(domain);
        }
    }

    pub fn new(platform: Platform, settings: WebSettings) -> Self {
        AppState { platform: Arc::new(platform), settings: Arc::new(settings), metrics: Arc::new(Metrics::default()), tenants: Default::default() }
    }
}

pub(crate) async fn count_requests(State(s): State<AppState>, req: Request, next: Next) -> Response {
    s.metrics.requests.fetch_add(1, Ordering::Relaxed);
    let res = next.run(req).await;
    let code = res.status().as_u16();
    if code >= 500 {
        s.metrics.responses_5xx.fetch_add(1, Ordering::Relaxed);
    } else if code >= 400 {
        s.metrics.responses_4xx.fetch_add(1, Ordering::Relaxed);
    }
    res
}
