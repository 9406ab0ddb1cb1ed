//! SQLite only: the session a login creates is written with the log writer's next batch
//! (log_queue.rs, within 20 ms) instead of in a transaction of its own.
//!
//! With the login in progress and the authorization code in memory (flow_memory.rs,
//! code_memory.rs), the new session was the last thing a login wrote in its own transaction:
//! four b-tree pages and a commit per login, against a share of one commit for all the sessions of
//! a batch. Until written, a session is pending here, and this node (the only one: an embedded
//! database serves one node) reads, updates and deletes it here first:
//! - `find` sees a pending session, so the SSO session of a login just finished works at once;
//! - an update of a pending session replaces it here (the writer writes the newest);
//! - a deletion removes it here before deleting the row. The writer takes its copy only while
//!   it holds the database connection, and drops an entry only after its commit and only if
//!   nothing replaced it meanwhile, so a deletion that runs while a batch is being written
//!   waits for that batch's commit and then deletes the row: a deleted session never comes back.
//!
//! Stopping the server (SIGTERM) writes the pending sessions. A crash loses the ones of the last
//! batch window; their users log in again (their codes were in memory too).

use portcullis_domain::flow::Session;
use portcullis_store::{SessionWrite, StoreError, StoreResult};
use std::collections::HashMap;
use std::sync::Mutex;

/// Pending sessions beyond this (the writer is failing, or far behind) are written by the
/// login itself, as before.
pub const CAP: usize = 10_000;

type Key = (String, String);

#[derive(Debug, Default)]
struct State {
    /// Each entry with the generation of its last change.
    entries: HashMap<Key, (Session, u64)>,
    next: u64,
}

#[derive(Debug, Default)]
pub(crate) struct PendingSessions {
    state: Mutex<State>,
}

fn key(s: &Session) -> Key {
    (s.tenant_id.clone(), s.id.clone())
}

impl PendingSessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether a login's session write goes here (`false`: to the database, in the login's
    /// transaction). A new session goes here while there is room; its id pending already is
    /// refused, as the primary key would refuse it. An update goes here if the session is
    /// pending (`replace` after the login's other writes).
    pub fn accepts(&self, w: SessionWrite<'_>) -> StoreResult<bool> {
        let st = self.lock();
        match w {
            SessionWrite::Create(s) if st.entries.contains_key(&key(s)) => Err(StoreError::Conflict("session exists".into())),
            SessionWrite::Create(_) => Ok(st.entries.len() < CAP),
            SessionWrite::Update(s) => Ok(st.entries.contains_key(&key(s))),
        }
    }

    /// Queues a new session (after `accepts`).
    pub fn create(&self, s: &Session) {
        let mut st = self.lock();
        st.next += 1;
        let generation = st.next;
        st.entries.insert(key(s), (s.clone(), generation));
    }

    /// Replaces a pending session; `false`: it is not pending any more (written, or deleted),
    /// so the caller updates the row, which fails if it was deleted.
    pub fn replace(&self, s: &Session) -> bool {
        let mut st = self.lock();
        st.next += 1;
        let generation = st.next;
        match st.entries.get_mut(&key(s)) {
            Some(e) => {
                *e = (s.clone(), generation);
                true
            }
            None => false,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lock().entries.is_empty()
    }

    pub fn get(&self, tenant: &str, id: &str) -> Option<Session> {
        self.lock().entries.get(&(tenant.to_string(), id.to_string())).map(|(s, _)| s.clone())
    }

    /// Removes a pending session (before its row, if any, is deleted); whether it was pending.
    pub fn remove(&self, tenant: &str, id: &str) -> bool {
        self.lock().entries.remove(&(tenant.to_string(), id.to_string())).is_some()
    }

    /// Removes a user's pending sessions; how many.
    pub fn remove_user(&self, tenant: &str, user_id: &str) -> u64 {
        let mut st = self.lock();
        let before = st.entries.len();
        st.entries.retain(|(t, _), (s, _)| !(t == tenant && s.user_id == user_id));
        (before - st.entries.len()) as u64
    }

    /// The writer's copy, taken while it holds the database connection.
    pub fn snapshot(&self) -> Vec<(Session, u64)> {
        self.lock().entries.values().cloned().collect()
    }

    /// After the writer's commit: drops what it wrote, unless changed since.
    pub fn written(&self, written: &[(Session, u64)]) {
        let mut st = self.lock();
        for (s, generation) in written {
            let k = key(s);
            if st.entries.get(&k).is_some_and(|(_, g)| g == generation) {
                st.entries.remove(&k);
            }
        }
    }
}
