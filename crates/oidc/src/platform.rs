//! What the use-cases need from the outside world, passed in once at composition.

use crate::keys::KeyRing;
use portcullis_actions::Executor;
use portcullis_crypto::password::PasswordHasher;
use portcullis_crypto::secretbox::MasterKey;
use portcullis_domain::Clock;
use portcullis_store::Store;
use std::sync::Arc;

/// Token lifetimes and protocol knobs (seconds).
#[derive(Clone, Debug)]
pub struct ProtocolSettings {
    pub code_lifetime: i64,
    pub login_transaction_lifetime: i64,
    pub default_access_token_lifetime: i64,
    /// After this many failed passwords for one user from one IP, the pair is blocked.
    pub brute_force_threshold: i64,
}

impl Default for ProtocolSettings {
    fn default() -> Self {
        ProtocolSettings {
            code_lifetime: 60,
            login_transaction_lifetime: 3600,
            default_access_token_lifetime: 86_400,
            brute_force_threshold: 10,
        }
    }
}

#[derive(Clone)]
pub struct Platform {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub keys: KeyRing,
    pub master_key: MasterKey,
    pub passwords: PasswordHasher,
    pub settings: ProtocolSettings,
    pub actions: Arc<Executor>,
    pub action_limits: ActionLimits,
    /// This node's live feed of action executions and console output, per tenant.
    pub live: LiveFeed,
    /// Password hashing runs at most this many at once (one per core): more only thrash the
    /// cores and hold one Argon2 buffer each.
    pub hash_slots: Arc<tokio::sync::Semaphore>,
}

impl Platform {
    /// Runs a password hash or verification off the async workers, one per core at a time.
    pub async fn hash_blocking<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Result<T, crate::OidcError> {
        let _slot = self.hash_slots.acquire().await.map_err(|e| crate::OidcError::Internal(e.to_string()))?;
        tokio::task::spawn_blocking(f).await.map_err(|e| crate::OidcError::Internal(e.to_string()))
    }
}

pub fn hash_slots() -> Arc<tokio::sync::Semaphore> {
    Arc::new(tokio::sync::Semaphore::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)))
}

/// A broadcast of `(tenant_id, event)` for the dashboard's real-time action logs. Only this
/// node's executions: with several nodes, each streams its own.
#[derive(Clone)]
pub struct LiveFeed(pub tokio::sync::broadcast::Sender<(String, serde_json::Value)>);

impl Default for LiveFeed {
    fn default() -> Self {
        LiveFeed(tokio::sync::broadcast::channel(1024).0)
    }
}

impl LiveFeed {
    /// Sends the event `make` builds, built only when someone is watching.
    pub fn publish(&self, tenant: &str, make: impl FnOnce() -> serde_json::Value) {
        if self.0.receiver_count() > 0 {
            let _ = self.0.send((tenant.to_string(), make()));
        }
    }
}

/// Auth0's Actions limits, as configurable defaults.
#[derive(Clone, Debug)]
pub struct ActionLimits {
    pub actions_per_tenant: i64,
    pub actions_per_trigger: usize,
    pub versions_kept: i64,
    pub secrets_per_action: usize,
    pub dependencies_per_action: usize,
    pub code_bytes: usize,
    pub runtime: portcullis_actions::Limits,
}

impl Default for ActionLimits {
    fn default() -> Self {
        ActionLimits {
            actions_per_tenant: 100,
            actions_per_trigger: 20,
            versions_kept: 50,
            secrets_per_action: 30,
            dependencies_per_action: 10,
            code_bytes: 100 * 1024,
            runtime: portcullis_actions::Limits::default(),
        }
    }
}
