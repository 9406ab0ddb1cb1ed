//! The composition root: the one place that picks a backend and wires the platform.

use crate::config::{abs, Config};
use anyhow::{Context, Result};
use portcullis_crypto::password::PasswordHasher;
use portcullis_crypto::secretbox::MasterKey;
use portcullis_domain::SystemClock;
use portcullis_oidc::keys::KeyRing;
use portcullis_oidc::platform::{ActionLimits, ProtocolSettings};
use portcullis_oidc::Platform;
use std::sync::Arc;

pub struct Composed {
    pub platform: Platform,
    pub backend: &'static str,
    /// The same store as `platform.store`, for what only the SQL store offers (flushing logs).
    pub sql: portcullis_store_sql::SqlStore,
}

/// The master key from config, or the one kept in the data directory (created on first start,
/// readable only by its owner).
fn master_key(cfg: &Config) -> Result<MasterKey> {
    if let Some(k) = &cfg.master_key {
        return MasterKey::from_base64(k).map_err(|e| anyhow::anyhow!("master_key: {e}"));
    }
    let path = abs(&cfg.data_dir).join("master.key");
    if path.exists() {
        let s = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        return MasterKey::from_base64(s.trim()).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()));
    }
    std::fs::create_dir_all(abs(&cfg.data_dir))?;
    let (k, b64) = MasterKey::generate();
    write_private(&path, &b64)?;
    tracing::info!(path = %path.display(), "generated the master key (keep it: it decrypts secrets at rest)");
    Ok(k)
}

pub fn write_private(path: &std::path::Path, content: &str) -> Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    o.mode(0o600);
    let mut f = o.open(path).with_context(|| format!("writing {}", path.display()))?;
    f.write_all(content.as_bytes())?;
    Ok(())
}

pub async fn compose(cfg: &Config) -> Result<Composed> {
    std::fs::create_dir_all(abs(&cfg.data_dir)).with_context(|| format!("creating data dir {}", cfg.data_dir.display()))?;
    let store = portcullis_store_sql::connect(&cfg.database_url()).await.map_err(|e| anyhow::anyhow!("database: {e}"))?;
    store.set_cache_ttl(std::time::Duration::from_millis(cfg.cache_ttl_ms));
    let backend = store.backend_name();
    let passwords = PasswordHasher::new(cfg.password_hash.clone()).map_err(|e| anyhow::anyhow!("password_hash: {e}"))?;
    let actions = executor(cfg);
    let platform = Platform {
        store: Arc::new(store.clone()),
        clock: Arc::new(SystemClock),
        keys: KeyRing::default(),
        master_key: master_key(cfg)?,
        passwords,
        settings: ProtocolSettings::default(),
        actions: Arc::new(actions),
        action_limits: ActionLimits::default(),
        live: Default::default(),
        hashing: portcullis_oidc::platform::HashPool::per_core(),
    };
    Ok(Composed { platform, backend, sql: store })
}

/// The JavaScript executor pool for Actions.
pub fn executor(cfg: &Config) -> portcullis_actions::Executor {
    let mut ec = portcullis_actions::ExecutorConfig::default();
    if let Some(w) = cfg.actions.workers {
        ec.workers = w.max(1);
    }
    ec.worker_slice_ns = cfg.actions.worker_slice_us.saturating_mul(1000);
    ec.egress = portcullis_actions::EgressPolicy { allow_hosts: cfg.actions.allow_hosts.clone(), deny_hosts: cfg.actions.deny_hosts.clone(), allow_private: cfg.actions.allow_private_egress };
    ec.npm = Some(portcullis_actions::NpmConfig { store_dir: abs(&cfg.data_dir).join("npm"), registry: cfg.actions.npm_registry.clone() });
    // Actions' fetch requests run on the worker threads that run the actions (the default), not
    // on the server's runtime: under load they would wait there behind the server's own tasks.
    portcullis_actions::Executor::new(ec)
}
