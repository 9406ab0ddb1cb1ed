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
    /// The threads that run password hashes (one per core).
    pub hashing: HashPool,
}

impl Platform {
    /// Runs a password hash or verification off the async workers, on the hashing threads.
    pub async fn hash_blocking<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Result<T, crate::OidcError> {
        self.hashing.run(f).await
    }
}

type HashJob = Box<dyn FnOnce() + Send>;

/// A fixed set of threads for password hashing, fed in arrival order. At most one hash per
/// thread runs at once (more only thrash the cores), and each thread keeps its Argon2 working
/// memory from one hash to the next, so that memory stays warm in the cache and the process
/// holds one buffer per thread. (Tokio's blocking pool, used before, handed successive hashes to
/// whichever of its idle threads woke first, each with a cold buffer of its own.)
#[derive(Clone)]
pub struct HashPool {
    jobs: std::sync::mpsc::Sender<HashJob>,
}

impl HashPool {
    /// One thread per core.
    pub fn per_core() -> Self {
        Self::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2))
    }

    pub fn new(threads: usize) -> Self {
        let (jobs, rx) = std::sync::mpsc::channel::<HashJob>();
        let rx = Arc::new(std::sync::Mutex::new(rx));
        for i in 0..threads.max(1) {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new().name(format!("password-hash-{i}")).spawn(move || loop {
                let job = match rx.lock() {
                    Ok(r) => r.recv(),
                    Err(_) => return,
                };
                match job {
                    // A panicking job drops its reply (the caller gets an error); the thread goes on.
                    Ok(job) => drop(std::panic::catch_unwind(std::panic::AssertUnwindSafe(job))),
                    Err(_) => return,
                }
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password hashing thread");
            }
        }
        Self { jobs }
    }

    /// Runs `f` on a hashing thread and waits for its result.
    pub async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Result<T, crate::OidcError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                let _ = tx.send(f());
            }))
            .map_err(|_| crate::OidcError::Internal("the password hashing threads are gone".into()))?;
        rx.await.map_err(|_| crate::OidcError::Internal("a password hash failed on its thread".into()))
    }
}

#[cfg(test)]
mod hash_pool_tests {
    use super::HashPool;

    #[tokio::test]
    async fn a_hash_job_runs_on_a_hashing_thread_and_returns_its_result() {
        let pool = HashPool::new(1);
        let name = pool.run(|| std::thread::current().name().map(str::to_string)).await.unwrap();
        assert_eq!(name.as_deref(), Some("password-hash-0"));
    }

    #[tokio::test]
    async fn successive_jobs_on_a_one_thread_pool_reuse_that_thread() {
        let pool = HashPool::new(1);
        let a = pool.run(|| std::thread::current().id()).await.unwrap();
        let b = pool.run(|| std::thread::current().id()).await.unwrap();
        assert_eq!(a, b);
    }

    #[tokio::test]
    async fn a_panicking_job_is_an_error_and_the_pool_keeps_working() {
        let pool = HashPool::new(1);
        assert!(pool.run(|| -> u8 { panic!("boom") }).await.is_err());
        assert_eq!(pool.run(|| 7).await.unwrap(), 7);
    }

    #[tokio::test]
    async fn concurrent_jobs_all_complete() {
        let pool = HashPool::new(2);
        let runs: Vec<_> = (0..16u64).map(|i| { let p = pool.clone(); tokio::spawn(async move { p.run(move || i * 2).await.unwrap() }) }).collect();
        let mut sum = 0;
        for r in runs {
            sum += r.await.unwrap();
        }
        assert_eq!(sum, (0..16u64).map(|i| i * 2).sum::<u64>());
    }
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
