//! A per-node read cache for the configuration read on every protocol request: clients,
//! client grants, APIs, connections and the actions bound to a trigger. These change rarely and
//! only through this store, so every write here clears its family at once; other nodes (several
//! nodes on one PostgreSQL) see a change after at most the TTL (`cache_ttl_ms`, 0 = no cache).
//!
//! A read that raced with a write never stores its (possibly older) result: each family has a
//! generation, bumped by every write, and a result is kept only if the generation it was read
//! under is still current.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;
use std::time::{Duration, Instant};

use portcullis_domain::action::{ActionVersion, Binding};
use portcullis_domain::client::{Client, ClientGrant};
use portcullis_domain::connection::Connection;
use portcullis_domain::resource_server::ResourceServer;

/// Entries per family before it is simply emptied (bounds memory against lookups of random keys).
const MAX_ENTRIES: usize = 10_000;

pub(crate) struct Memo<K, V> {
    generation: AtomicU64,
    entries: RwLock<HashMap<K, (Instant, V)>>,
}

/// A read started under one generation of a family.
#[derive(Clone, Copy)]
pub(crate) struct Ticket(u64);

impl<K: Eq + Hash, V: Clone> Memo<K, V> {
    fn new() -> Self {
        Memo { generation: AtomicU64::new(0), entries: RwLock::new(HashMap::new()) }
    }

    pub fn get(&self, key: &K, ttl: Duration) -> Option<V> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        let (at, v) = entries.get(key)?;
        (at.elapsed() < ttl).then(|| v.clone())
    }

    /// Call before reading the database; pass the ticket to `put`.
    pub fn ticket(&self) -> Ticket {
        Ticket(self.generation.load(Ordering::Acquire))
    }

    pub fn put(&self, ticket: Ticket, key: K, value: V) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        // Checked under the lock that `clear` also takes, so a write cannot slip in between.
        if self.generation.load(Ordering::Acquire) != ticket.0 {
            return;
        }
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, (Instant::now(), value));
    }

    pub fn clear(&self) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        self.generation.fetch_add(1, Ordering::AcqRel);
        entries.clear();
    }
}

type Pair = (String, String);

pub(crate) struct Hot {
    ttl_ms: AtomicU64,
    pub clients: Memo<Pair, Option<Client>>,
    pub client_grants: Memo<(String, String, String), Option<ClientGrant>>,
    pub apis: Memo<Pair, Option<ResourceServer>>,
    pub connections: Memo<Pair, Option<Connection>>,
    pub connection_lists: Memo<String, Vec<Connection>>,
    pub bound: Memo<Pair, Vec<(Binding, ActionVersion)>>,
}

impl std::fmt::Debug for Hot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hot").field("ttl_ms", &self.ttl_ms.load(Ordering::Relaxed)).finish_non_exhaustive()
    }
}

/// Default freshness bound for other nodes' writes.
pub const DEFAULT_TTL_MS: u64 = 5_000;

impl Hot {
    pub fn new() -> Self {
        Hot {
            ttl_ms: AtomicU64::new(DEFAULT_TTL_MS),
            clients: Memo::new(),
            client_grants: Memo::new(),
            apis: Memo::new(),
            connections: Memo::new(),
            connection_lists: Memo::new(),
            bound: Memo::new(),
        }
    }

    pub fn set_ttl(&self, ttl: Duration) {
        self.ttl_ms.store(ttl.as_millis() as u64, Ordering::Relaxed);
        self.clear_all();
    }

    /// `None` when caching is off.
    pub fn ttl(&self) -> Option<Duration> {
        match self.ttl_ms.load(Ordering::Relaxed) {
            0 => None,
            ms => Some(Duration::from_millis(ms)),
        }
    }

    /// Clients, their grants and APIs change together (deleting a client or an API removes
    /// grants), so one write clears all three.
    pub fn applications_changed(&self) {
        self.clients.clear();
        self.client_grants.clear();
        self.apis.clear();
    }

    pub fn connections_changed(&self) {
        self.connections.clear();
        self.connection_lists.clear();
    }

    pub fn actions_changed(&self) {
        self.bound.clear();
    }

    /// Clears a family when the returned guard drops, i.e. once the write method it sits in has
    /// finished (committed or failed): `let _changed = self.hot.clear_after(Hot::...);`.
    pub fn clear_after(&self, family: fn(&Hot)) -> ClearOnDrop<'_> {
        ClearOnDrop(self, family)
    }

    fn clear_all(&self) {
        self.applications_changed();
        self.connections_changed();
        self.actions_changed();
    }
}

pub(crate) struct ClearOnDrop<'a>(&'a Hot, fn(&Hot));

impl Drop for ClearOnDrop<'_> {
    fn drop(&mut self) {
        (self.1)(self.0);
    }
}

/// Look `key` up in `memo`, else run `load` and remember its result.
macro_rules! cached {
    ($store:expr, $memo:ident, $key:expr, $load:expr) => {{
        let hot = &$store.hot;
        match hot.ttl() {
            None => $load.await,
            Some(ttl) => {
                let key = $key;
                if let Some(v) = hot.$memo.get(&key, ttl) {
                    Ok(v)
                } else {
                    let ticket = hot.$memo.ticket();
                    let v = $load.await?;
                    hot.$memo.put(ticket, key, v.clone());
                    Ok(v)
                }
            }
        }
    }};
}
pub(crate) use cached;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_that_raced_with_a_write_is_not_kept() {
        let m: Memo<u8, u8> = Memo::new();
        let ticket = m.ticket();
        m.clear();
        m.put(ticket, 1, 1);
        assert_eq!(m.get(&1, Duration::from_secs(60)), None);
        let ticket = m.ticket();
        m.put(ticket, 1, 2);
        assert_eq!(m.get(&1, Duration::from_secs(60)), Some(2));
    }

    #[test]
    fn entries_expire_after_the_ttl() {
        let m: Memo<u8, u8> = Memo::new();
        m.put(m.ticket(), 1, 1);
        assert_eq!(m.get(&1, Duration::ZERO), None);
    }
}
