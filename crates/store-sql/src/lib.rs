//! The SQL storage backend: one implementation of every `portcullis_store` trait that serves
//! both SQLite (the embedded default) and PostgreSQL (several nodes on one database), plus the
//! forward-only migrations of both engines.
//!
//! This crate owns the SQL, the schema, and how each atomic operation is made atomic on each
//! engine. It must never make business decisions (expiry checks, consent rules, lockout
//! thresholds, what a reused token means to the protocol): it stores and reports, and its
//! callers decide. Every query is scoped by tenant.

mod action_cache;
mod action_writes;
mod actions;
mod attempts;
mod clients;
mod code_memory;
mod codec;
mod connections;
mod db;
mod executions;
mod expiry;
mod flow_memory;
mod grants;
mod hot;
mod keys;
mod log_queue;
mod login_flow;
mod login_counts;
mod logs;
mod migrate;
mod resource_servers;
mod roles;
mod session_memory;
mod sessions;
mod tenants;
mod users;

use portcullis_store::{StoreError, StoreResult};
use sqlx::any::AnyPoolOptions;
use std::time::Duration;

/// The SQL store. Cloning is cheap: clones share one database handle (a PostgreSQL pool, or the
/// one SQLite connection).
#[derive(Clone, Debug)]
pub struct SqlStore {
    db: db::Db,
    backend: Backend,
    hot: std::sync::Arc<hot::Hot>,
    logs: std::sync::Arc<log_queue::LogQueue>,
    /// SQLite: the logins in progress (flow_memory.rs); PostgreSQL: none, they are in the database.
    flows: Option<std::sync::Arc<flow_memory::FlowMemory>>,
    /// SQLite: authorization codes until their redemption (code_memory.rs); PostgreSQL: none.
    codes: Option<std::sync::Arc<code_memory::CodeMemory>>,
    /// SQLite with the log writer running: new sessions until the writer writes them
    /// (session_memory.rs); otherwise none.
    sessions: Option<std::sync::Arc<session_memory::PendingSessions>>,
    /// SQLite with the log writer running: logins not yet added to their users' rows
    /// (login_counts.rs); otherwise none.
    login_counts: Option<std::sync::Arc<login_counts::PendingLoginCounts>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres,
}

/// Opens (creating if needed) the database at `url` and brings its schema up to date.
///
/// `url` is `sqlite:///abs/path.db`, `sqlite://relative.db` (query parameters such as
/// `?mode=rwc` pass through; a missing `mode` means read-write-create) or `postgres://...`.
pub async fn connect(url: &str) -> Result<SqlStore, StoreError> {
    let (backend, url) = prepare_url(url)?;
    sqlx::any::install_default_drivers();
    let db = match backend {
        Backend::Sqlite => db::Db::open_sqlite(&url).await?,
        Backend::Postgres => db::Db::Any(
            AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(&url)
                .await
                .map_err(codec::db_err)?,
        ),
    };
    let sqlite = backend == Backend::Sqlite;
    let memory = log_queue::Memory {
        codes: sqlite.then(|| std::sync::Arc::new(code_memory::CodeMemory::new(code_memory::DEFAULT_CAP))),
        sessions: sqlite.then(|| std::sync::Arc::new(session_memory::PendingSessions::default())),
        login_counts: sqlite.then(|| std::sync::Arc::new(login_counts::PendingLoginCounts::default())),
    };
    let logs = std::sync::Arc::new(log_queue::LogQueue::start(db.clone(), backend, memory.clone()));
    let runs = logs.runs();
    let (codes, sessions, login_counts) = (memory.codes, memory.sessions.filter(|_| runs), memory.login_counts.filter(|_| runs));
    let store = SqlStore {
        db,
        backend,
        hot: std::sync::Arc::new(hot::Hot::new()),
        logs,
        flows: sqlite.then(|| std::sync::Arc::new(flow_memory::FlowMemory::new(flow_memory::DEFAULT_CAP))),
        codes,
        sessions,
        login_counts,
    };
    migrate::run(&store).await?;
    Ok(store)
}

impl SqlStore {
    /// `"sqlite"` or `"postgres"`.
    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    /// How long this node may serve clients, client grants, APIs, connections and trigger
    /// bindings from memory before reading them again (writes through this node clear them at
    /// once; other nodes' writes show after at most this). Zero turns the cache off.
    pub fn set_cache_ttl(&self, ttl: Duration) {
        self.hot.set_ttl(ttl);
    }

    /// Readiness: one round trip to the database.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.db
            .execute_script("SELECT 1")
            .await
            .map_err(codec::db_err)
    }

    /// Waits until every tenant log event appended so far is written.
    pub async fn flush_logs(&self) {
        self.logs.flush().await;
    }

    /// Before the process exits: writes the queued log events and used codes, then the logins
    /// in progress and the unused codes held in memory (SQLite) so that they continue after a
    /// restart.
    pub async fn flush_before_exit(&self) {
        self.logs.flush().await;
        self.persist_login_state().await;
    }

    /// How many logins in progress, and how many unused authorization codes, a SQLite store
    /// holds in memory before it writes further ones to the database (default 10,000 each; 0:
    /// all in the database). No effect on PostgreSQL.
    pub fn set_login_memory_cap(&self, cap: usize) {
        if let Some(m) = &self.flows {
            m.set_cap(cap);
        }
        if let Some(m) = &self.codes {
            m.set_cap(cap);
        }
    }

    /// Closes every pooled connection (tests that drop their database call this first).
    pub async fn close(&self) {
        self.flush_before_exit().await;
        self.db.close().await;
    }

    /// A transaction that holds the write lock from its first statement, so reads inside it
    /// see what the commit will be based on. PostgreSQL locks rows as statements touch them.
    async fn begin_write(&self) -> StoreResult<db::Tx> {
        self.begin_write_raw().await.map_err(codec::db_err)
    }

    async fn begin_write_raw(&self) -> Result<db::Tx, db::DbError> {
        self.db.begin(true).await
    }
}

fn prepare_url(url: &str) -> StoreResult<(Backend, String)> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((Backend::Postgres, url.to_string()));
    }
    let Some(rest) = url.strip_prefix("sqlite:") else {
        return Err(StoreError::Backend(format!(
            "unsupported database url scheme in {url:?}"
        )));
    };
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    let path = path.strip_prefix("//").unwrap_or(path);
    let in_memory =
        path.is_empty() || path == ":memory:" || query.is_some_and(|q| q.contains("mode=memory"));
    if !in_memory {
        if let Some(parent) = std::path::Path::new(path).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent).map_err(|e| {
                    StoreError::Backend(format!("creating {}: {e}", parent.display()))
                })?;
            }
        }
    }
    let has_mode = query.is_some_and(|q| q.split('&').any(|kv| kv.starts_with("mode=")));
    let url = match (query, has_mode || in_memory) {
        (_, true) => url.to_string(),
        (Some(_), false) => format!("{url}&mode=rwc"),
        (None, false) => format!("{url}?mode=rwc"),
    };
    Ok((Backend::Sqlite, url))
}

/// `NotFound` when a statement that names one row changed nothing.
fn expect_one(r: db::Done) -> StoreResult<()> {
    if r.rows_affected() == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connecting_is_a_send_future() {
        fn is_send<T: Send>(_: T) {}
        is_send(connect("sqlite::memory:"));
    }

    #[test]
    fn sqlite_urls_default_to_read_write_create() {
        let (b, url) = prepare_url("sqlite://relative-test.db").expect("parse");
        assert_eq!(
            (b, url.as_str()),
            (Backend::Sqlite, "sqlite://relative-test.db?mode=rwc")
        );
        let (_, url) = prepare_url("sqlite::memory:").expect("parse");
        assert_eq!(url, "sqlite::memory:");
        let (b, _) = prepare_url("postgres://u@h/db").expect("parse");
        assert_eq!(b, Backend::Postgres);
    }
}
