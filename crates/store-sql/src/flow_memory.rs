//! SQLite only: logins in progress live in this node's memory instead of the database.
//!
//! A login transaction lives for a few requests of one browser (minutes at most) and nothing but
//! those requests reads it. On the embedded database, writing it at `/authorize`, reading it on
//! the login page and at the password POST, and deleting it when the login completes were 2 of a
//! login's 6 SQL writes and 2 of its 5 reads, about 6% of its CPU (side-by-side runs of one binary
//! with and without, bench/FINDINGS.md, sixteenth round). An embedded database serves one node,
//! so no other node needs to see them. PostgreSQL (several nodes) keeps them in the database.
//!
//! Where each transaction is, is decided once, by its first write, and it stays there:
//! - in memory while fewer than `cap` transactions are held (a flood of abandoned `/authorize`
//!   requests cannot grow memory past that; expired ones go with the expiry sweep, or when the
//!   map is full);
//! - otherwise in the database, as before; a transaction read from there carries
//!   `in_database`, so its updates and its deletion go back there.
//!
//! Stopping the server writes the ones in memory to the database (`SqlStore::flush_before_exit`,
//! called on SIGTERM), so a restart loses no login in progress; a crash loses them (their users see the
//! "login session expired" page and start again).

use portcullis_domain::flow::LoginTransaction;
use portcullis_domain::Timestamp;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Transactions held per node by default: about 1-2 KB each.
pub const DEFAULT_CAP: usize = 10_000;

type Key = (String, String);

#[derive(Debug)]
pub(crate) struct FlowMemory {
    cap: AtomicUsize,
    entries: Mutex<HashMap<Key, LoginTransaction>>,
}

impl FlowMemory {
    pub fn new(cap: usize) -> Self {
        FlowMemory { cap: AtomicUsize::new(cap), entries: Mutex::new(HashMap::new()) }
    }

    pub fn set_cap(&self, cap: usize) {
        self.cap.store(cap, Ordering::Relaxed);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, LoginTransaction>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps `t` if it belongs here (not read from the database, and held already or room for
    /// it); `false`: the caller writes it to the database.
    pub fn put(&self, t: &LoginTransaction) -> bool {
        if t.in_database {
            return false;
        }
        let cap = self.cap.load(Ordering::Relaxed);
        let mut entries = self.lock();
        let key = (t.tenant_id.clone(), t.id.clone());
        if let Some(held) = entries.get_mut(&key) {
            *held = t.clone();
            return true;
        }
        if entries.len() >= cap {
            // Make room from the expired ones before sending a new one to the database.
            entries.retain(|_, held| held.expires_at > t.created_at);
            if entries.len() >= cap {
                return false;
            }
        }
        entries.insert(key, t.clone());
        true
    }

    /// The held transaction, if any and not expired at `now`.
    pub fn get(&self, tenant: &str, id: &str, now: Timestamp) -> Option<LoginTransaction> {
        let entries = self.lock();
        entries.get(&(tenant.to_string(), id.to_string())).filter(|t| t.expires_at > now).cloned()
    }

    /// Removes and returns the held transaction (`None`: it may be in the database).
    pub fn take(&self, tenant: &str, id: &str) -> Option<LoginTransaction> {
        self.lock().remove(&(tenant.to_string(), id.to_string()))
    }

    /// Drops up to `limit` of the ones expired at or before `before` (the sweep's batch, as for
    /// the database's rows); how many.
    pub fn sweep(&self, before: Timestamp, limit: u32) -> u64 {
        let mut entries = self.lock();
        let expired: Vec<Key> = entries.iter().filter(|(_, t)| t.expires_at <= before).map(|(k, _)| k.clone()).take(limit as usize).collect();
        for k in &expired {
            entries.remove(k);
        }
        expired.len() as u64
    }

    /// Takes every held transaction (to write them to the database).
    pub fn drain(&self) -> Vec<LoginTransaction> {
        self.lock().drain().map(|(_, t)| t).collect()
    }
}
