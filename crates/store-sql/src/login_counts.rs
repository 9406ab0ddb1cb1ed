//! SQLite only: a login's update of the user's login count, last login time and IP is written by
//! the log writer's next batch (log_queue.rs, within 20 ms) instead of in a transaction of its own.
//!
//! Auth0 counts a login when the credentials are accepted, before the post-login actions run
//! (which see the new count), whether or not the login then completes. That update was the one
//! write of a login left outside the writer's batches: a transaction and a commit per login. Now
//! it waits here, and this node (the only one: an embedded database serves one node) adds what
//! waits to every user it reads, so a count read back is the count written plus the logins not
//! yet written. The writer takes the waiting increments while it holds the database connection
//! and adds them to the rows; a read that raced that batch may show a count one login behind
//! for that moment. `update_user` writes the whole user as read (waiting logins included), so
//! it drops what waits for that user; `delete_user` drops it too.
//!
//! Stopping the server (SIGTERM) writes what waits. A crash loses the last batch window's
//! increments (the logins themselves were in memory too).

use portcullis_domain::user::User;
use portcullis_domain::Timestamp;
use std::collections::HashMap;
use std::sync::Mutex;

pub(crate) type Key = (String, String);

/// Logins of one user not yet written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Waiting {
    pub count: i64,
    pub last_login: Timestamp,
    pub last_ip: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct PendingLoginCounts {
    entries: Mutex<HashMap<Key, Waiting>>,
}

impl PendingLoginCounts {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Waiting>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts one login; returns it as a `Waiting` of one, to add to the user the caller read.
    pub fn record(&self, tenant: &str, user_id: &str, at: Timestamp, ip: Option<&str>) -> Waiting {
        let this_login = Waiting { count: 1, last_login: at, last_ip: ip.map(str::to_string) };
        let mut entries = self.lock();
        let w = entries.entry((tenant.to_string(), user_id.to_string())).or_insert(Waiting { count: 0, last_login: at, last_ip: None });
        w.count += 1;
        w.last_login = at;
        w.last_ip = this_login.last_ip.clone();
        this_login
    }

    /// `user` as read from its row, plus its logins not yet written.
    pub fn overlay(&self, user: &mut User) {
        let entries = self.lock();
        if let Some(w) = entries.get(&(user.tenant_id.clone(), user.user_id.clone())) {
            apply(user, w);
        }
    }

    pub fn remove_user(&self, tenant: &str, user_id: &str) {
        self.lock().remove(&(tenant.to_string(), user_id.to_string()));
    }

    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    /// The writer takes everything waiting (while it holds the database connection).
    pub fn take_all(&self) -> Vec<(Key, Waiting)> {
        self.lock().drain().collect()
    }

    /// Puts back what the writer took and could not write, merged with what came since.
    pub fn restore(&self, taken: Vec<(Key, Waiting)>) {
        let mut entries = self.lock();
        for (k, w) in taken {
            match entries.get_mut(&k) {
                Some(newer) => newer.count += w.count,
                None => {
                    entries.insert(k, w);
                }
            }
        }
    }
}

pub(crate) fn apply(user: &mut User, w: &Waiting) {
    user.logins_count += w.count;
    user.last_login = Some(w.last_login);
    user.last_ip = w.last_ip.clone();
}
