//! SQLite only: authorization codes live in this node's memory from the end of the login until
//! their redemption.
//!
//! A code is issued by the password POST and, in the normal flow, exchanged by the client a few
//! milliseconds later. In the database that was a row written in the login's last transaction,
//! an `UPDATE` (a transaction and a commit of its own) at the exchange, and the row kept for a
//! day after that, so that a code presented twice is recognised as a replay and the tokens issued
//! from it are revoked (RFC 6749 §4.1.2). An embedded database serves one node, so no other
//! node redeems the code; PostgreSQL (several nodes) keeps codes in the database.
//!
//! Here:
//! - a new code is held in memory while fewer than `cap` are (a flood of codes never exchanged
//!   cannot grow memory past that: expired ones go with the expiry sweep, or when the map is
//!   full); further ones are written to the database as before;
//! - the redemption of a held code is decided in memory, under one lock, so of concurrent
//!   redemptions exactly one wins; the used code is then handed to the log writer
//!   (log_queue.rs), which writes it with the next batch of log events, and dropped from memory
//!   once written. Until then a replay is recognised here, afterwards by the row;
//! - stopping the server writes the queued used codes and the unused held ones to the database
//!   (`SqlStore::flush_before_exit`), so a code issued just before a graceful restart can still
//!   be exchanged after it. A crash loses the held ones: their exchange fails with
//!   `invalid_grant` and the user logs in again (a replay of a code redeemed within the writer's
//!   last 20 ms is then refused without the revocation).

use portcullis_domain::flow::AuthorizationCode;
use portcullis_domain::Timestamp;
use portcullis_store::{CodeRedemption, StoreError, StoreResult};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Unused codes held per node by default: about 1 KB each.
pub const DEFAULT_CAP: usize = 10_000;

pub(crate) type Key = (String, String);

#[derive(Debug)]
struct Held {
    code: AuthorizationCode,
    /// Set by the redemption; the entry then waits for the log writer to write it.
    used_at: Option<Timestamp>,
}

#[derive(Debug)]
pub(crate) struct CodeMemory {
    cap: AtomicUsize,
    entries: Mutex<HashMap<Key, Held>>,
}

pub(crate) fn key(code: &AuthorizationCode) -> Key {
    (code.grant.tenant_id.clone(), code.code_hash.clone())
}

impl CodeMemory {
    pub fn new(cap: usize) -> Self {
        CodeMemory { cap: AtomicUsize::new(cap), entries: Mutex::new(HashMap::new()) }
    }

    pub fn set_cap(&self, cap: usize) {
        self.cap.store(cap, Ordering::Relaxed);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Held>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Holds `code` if there is room (`false`: the caller writes it to the database). When
    /// full, the unused codes expired at `now` make room first. A code hash held already is
    /// refused, as the database's primary key would refuse it.
    pub fn hold(&self, code: &AuthorizationCode, now: Timestamp) -> StoreResult<bool> {
        let cap = self.cap.load(Ordering::Relaxed);
        let mut entries = self.lock();
        let k = key(code);
        if entries.contains_key(&k) {
            return Err(StoreError::Conflict("authorization code exists".into()));
        }
        if entries.len() >= cap {
            entries.retain(|_, h| h.used_at.is_some() || h.code.expires_at > now);
            if entries.len() >= cap {
                return Ok(false);
            }
        }
        entries.insert(k, Held { code: code.clone(), used_at: None });
        Ok(true)
    }

    /// Drops a held code whose login's completion failed (nobody received it).
    pub fn release(&self, code: &AuthorizationCode) {
        self.lock().remove(&key(code));
    }

    /// The redemption of a held code (`None`: not held here, it may be in the database).
    /// `Redeemed`: the caller hands the code to the writer, then `forget`s it once written.
    pub fn redeem(&self, tenant: &str, code_hash: &str, at: Timestamp) -> Option<CodeRedemption> {
        let mut entries = self.lock();
        let held = entries.get_mut(&(tenant.to_string(), code_hash.to_string()))?;
        Some(match held.used_at {
            Some(_) => CodeRedemption::AlreadyUsed(held.code.clone()),
            None => {
                held.used_at = Some(at);
                CodeRedemption::Redeemed(held.code.clone())
            }
        })
    }

    /// Drops used codes now written to the database.
    pub fn forget(&self, keys: &[Key]) {
        let mut entries = self.lock();
        for k in keys {
            if entries.get(k).is_some_and(|h| h.used_at.is_some()) {
                entries.remove(k);
            }
        }
    }

    /// Drops up to `limit` unused codes expired at or before `before` (they can no longer be
    /// exchanged; a used one waits for its write); how many.
    pub fn sweep(&self, before: Timestamp, limit: u32) -> u64 {
        let mut entries = self.lock();
        let expired: Vec<Key> = entries
            .iter()
            .filter(|(_, h)| h.used_at.is_none() && h.code.expires_at <= before)
            .map(|(k, _)| k.clone())
            .take(limit as usize)
            .collect();
        for k in &expired {
            entries.remove(k);
        }
        expired.len() as u64
    }

    /// Takes every held code with its redemption time, if any (to write them to the database).
    pub fn drain(&self) -> Vec<(AuthorizationCode, Option<Timestamp>)> {
        self.lock().drain().map(|(_, h)| (h.code, h.used_at)).collect()
    }
}
