//! Writing tenant log events. A failed log write never fails the request it describes.

use crate::platform::Platform;
use portcullis_domain::log::LogEvent;
use serde_json::Value;

/// Who made the request (for `ip` and `user_agent`).
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The browser's "remember this browser" MFA token, if it sent one.
    pub mfa_remember: Option<String>,
}

#[derive(Default)]
pub struct LogEntry<'a> {
    pub kind: &'a str,
    pub description: Option<String>,
    pub client_id: Option<&'a str>,
    pub client_name: Option<&'a str>,
    pub user_id: Option<&'a str>,
    pub user_name: Option<&'a str>,
    pub connection: Option<&'a str>,
    pub details: Option<Value>,
}

pub async fn write(p: &Platform, tenant: &str, meta: &RequestMeta, e: LogEntry<'_>) {
    let now = p.clock.now();
    let event = LogEvent {
        tenant_id: tenant.to_string(),
        log_id: portcullis_crypto::random::time_ordered_id(now.millis()),
        date: now,
        kind: e.kind.to_string(),
        description: e.description,
        client_id: e.client_id.map(str::to_string),
        client_name: e.client_name.map(str::to_string),
        ip: meta.ip.clone(),
        user_agent: meta.user_agent.clone(),
        user_id: e.user_id.map(str::to_string),
        user_name: e.user_name.map(str::to_string),
        connection: e.connection.map(str::to_string),
        details: e.details.unwrap_or(Value::Object(Default::default())),
    };
    if let Err(err) = p.store.append_log(&event).await {
        tracing::error!(error = %err, kind = e.kind, "could not write tenant log event");
    }
}
