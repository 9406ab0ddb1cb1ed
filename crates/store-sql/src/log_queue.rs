//! Tenant log events (and trigger execution records, `record_execution`; on SQLite also the used
//! authorization codes redeemed from memory, code_memory.rs, the new sessions pending in memory,
//! session_memory.rs, and the users' login counts, login_counts.rs) are written off the request
//! path: `append_log` hands the event to a
//! background task that lets events gather for a moment (`LINGER`) and then inserts them in
//! multi-row statements on one connection. Reads of the logs (`find_log`, `list_logs`) and
//! `SqlStore::flush_logs` cut the wait short and return once everything queued before them is
//! written, so a node always reads its own log events. Without a running task (the Tokio runtime
//! that started it has ended) events are written directly.
//!
//! Why linger: every write costs a hop to the database's worker thread, a commit and, on SQLite,
//! re-reading the pages another pooled connection changed. Written one by one under load, a grant's
//! log event cost more CPU than everything else the grant does except its signature; gathered for
//! 20 ms, those costs are shared by all the events of the window.

use crate::code_memory::{self, CodeMemory};
use crate::codec::{db_err, to_json};
use crate::db;
use crate::db::Db;
use crate::login_counts::{Key as LoginKey, PendingLoginCounts, Waiting};
use crate::session_memory::PendingSessions;
use crate::Backend;
use portcullis_domain::action::Execution;
use portcullis_domain::flow::{AuthorizationCode, Session};
use portcullis_domain::log::LogEvent;
use portcullis_domain::Timestamp;
use portcullis_store::StoreResult;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot, Notify};

/// Rows per INSERT statement (7 parameters each, well under both engines' limits).
const BATCH: usize = 64;

/// How long the first event of a batch waits for others. Events queued when the process is killed
/// (not stopped: SIGTERM flushes) within this window are lost.
const LINGER: Duration = Duration::from_millis(20);

enum Msg {
    Event(LogEvent),
    Execution(Box<Execution>),
    UsedCode(Box<UsedCode>),
    /// A session or a login count waits in memory: write what waits with this batch.
    Pending,
    Flush(oneshot::Sender<()>),
}

/// SQLite: what the writer writes from memory, and drops from there once written.
#[derive(Clone, Debug, Default)]
pub(crate) struct Memory {
    pub codes: Option<Arc<CodeMemory>>,
    pub sessions: Option<Arc<PendingSessions>>,
    pub login_counts: Option<Arc<PendingLoginCounts>>,
}

impl Memory {
    fn waiting(&self) -> bool {
        self.sessions.as_deref().is_some_and(|p| !p.is_empty()) || self.login_counts.as_deref().is_some_and(|p| !p.is_empty())
    }
}

/// A code redeemed from memory, to be written as used.
pub(crate) struct UsedCode {
    pub code: AuthorizationCode,
    pub used_at: Timestamp,
}

#[derive(Debug)]
pub(crate) struct LogQueue {
    tx: Option<mpsc::UnboundedSender<Msg>>,
    /// Ends the writer's linger at once (a flush is waiting).
    hurry: Arc<Notify>,
}

impl LogQueue {
    /// Starts the writer on the current Tokio runtime (none: writes stay synchronous).
    pub fn start(db: Db, backend: Backend, memory: Memory) -> Self {
        let hurry = Arc::new(Notify::new());
        let Ok(rt) = tokio::runtime::Handle::try_current() else {
            return LogQueue { tx: None, hurry };
        };
        let (tx, rx) = mpsc::unbounded_channel();
        rt.spawn(writer(db, backend, rx, hurry.clone(), memory));
        LogQueue {
            tx: Some(tx),
            hurry,
        }
    }

    /// Queues `event`; gives it back when no writer is running.
    pub fn push(&self, event: LogEvent) -> Option<LogEvent> {
        match &self.tx {
            Some(tx) => tx.send(Msg::Event(event)).err().and_then(|e| match e.0 {
                Msg::Event(ev) => Some(ev),
                _ => None,
            }),
            None => Some(event),
        }
    }

    /// Queues an execution record; gives it back when no writer is running.
    pub fn push_execution(&self, execution: Execution) -> Option<Execution> {
        match &self.tx {
            Some(tx) => tx
                .send(Msg::Execution(Box::new(execution)))
                .err()
                .and_then(|e| match e.0 {
                    Msg::Execution(ex) => Some(*ex),
                    _ => None,
                }),
            None => Some(execution),
        }
    }

    /// Queues a used code; gives it back when no writer is running.
    pub fn push_used_code(&self, used: UsedCode) -> Option<UsedCode> {
        match &self.tx {
            Some(tx) => tx.send(Msg::UsedCode(Box::new(used))).err().and_then(|e| match e.0 {
                Msg::UsedCode(u) => Some(*u),
                _ => None,
            }),
            None => Some(used),
        }
    }

    /// Whether a writer runs (else every write is the caller's).
    pub fn runs(&self) -> bool {
        self.tx.is_some()
    }

    /// Asks for what waits in memory (sessions, login counts) to be written with the next
    /// batch; `false`: no writer runs.
    pub fn pending(&self) -> bool {
        self.tx.as_ref().is_some_and(|tx| tx.send(Msg::Pending).is_ok())
    }

    /// Waits until every event queued before this call is written (or failed and was reported).
    pub async fn flush(&self) {
        let Some(tx) = &self.tx else { return };
        let (done, wait) = oneshot::channel();
        if tx.send(Msg::Flush(done)).is_ok() {
            self.hurry.notify_one();
            let _ = wait.await;
        }
    }
}

async fn writer(
    db: Db,
    backend: Backend,
    mut rx: mpsc::UnboundedReceiver<Msg>,
    hurry: Arc<Notify>,
    memory: Memory,
) {
    let mut events = Vec::with_capacity(BATCH);
    let mut executions: Vec<Execution> = Vec::new();
    let mut used: Vec<UsedCode> = Vec::new();
    let mut flushes = Vec::new();
    while let Some(first) = rx.recv().await {
        let mut next = Some(first);
        let mut lingered = false;
        loop {
            match next.take() {
                Some(Msg::Event(e)) => events.push(e),
                Some(Msg::Execution(e)) => executions.push(*e),
                Some(Msg::UsedCode(u)) => used.push(*u),
                Some(Msg::Pending) => {}
                Some(Msg::Flush(f)) => flushes.push(f),
                None if lingered || !flushes.is_empty() => break,
                None => {
                    // A flush queued during the wait wakes it; one that was already answered may
                    // leave a stale wake-up, which only ends the next wait early.
                    tokio::select! {
                        _ = tokio::time::sleep(LINGER) => {}
                        _ = hurry.notified() => {}
                    }
                    lingered = true;
                }
            }
            next = rx.try_recv().ok();
        }
        let waiting = memory.waiting().then_some(&memory);
        if !events.is_empty() || !executions.is_empty() || !used.is_empty() || waiting.is_some() {
            write_all(&db, backend, &events, &executions, &used, waiting).await;
            if let Some(codes) = &memory.codes {
                codes.forget(&used.iter().map(|u| code_memory::key(&u.code)).collect::<Vec<_>>());
            }
            events.clear();
            executions.clear();
            used.clear();
        }
        for f in flushes.drain(..) {
            let _ = f.send(());
        }
    }
}

/// Writes `events` in statements of up to `BATCH` rows, then the execution records, the used
/// codes and what waits in memory (`waiting`), all in one transaction (one commit for the whole
/// window). If that fails, statement by statement, so only a bad row is lost (and reported); what
/// waited in memory and could not be written waits for the next batch.
async fn write_all(db: &Db, backend: Backend, events: &[LogEvent], executions: &[Execution], used: &[UsedCode], waiting: Option<&Memory>) {
    let several = events.len() + executions.len() + used.len() > 1 || waiting.is_some();
    if several && write_in_one_transaction(db, backend, events, executions, used, waiting).await.is_ok() {
        return;
    }
    for chunk in events.chunks(BATCH) {
        write_batch(db, backend, chunk).await;
    }
    for e in executions {
        if let Err(err) = crate::executions::insert(db, e).await {
            tracing::error!(error = %err, execution_id = %e.id, "could not write an action execution record");
        }
    }
    for u in used {
        write_used_code(db, u).await;
    }
    if waiting.is_some() {
        if let Err(err) = write_in_one_transaction(db, backend, &[], &[], &[], waiting).await {
            tracing::error!(error = %err, "could not write new sessions or login counts; they wait for the next batch");
        }
    }
}

/// A used code that cannot be written is only reported: its replay is then refused as unknown,
/// without the revocation.
pub(crate) async fn write_used_code(db: &Db, u: &UsedCode) {
    if let Err(err) = crate::grants::insert_code(db, &u.code, Some(u.used_at)).await {
        tracing::error!(error = %err, "could not write a used authorization code");
    }
}

async fn write_in_one_transaction(db: &Db, backend: Backend, events: &[LogEvent], executions: &[Execution], used: &[UsedCode], waiting: Option<&Memory>) -> StoreResult<()> {
    let mut tx = db.begin(true).await.map_err(db_err)?;
    // Taken while this transaction holds the connection (session_memory.rs and
    // login_counts.rs say why); counts taken and not written are put back.
    let sessions = waiting.and_then(|h| h.sessions.as_deref());
    let pending = sessions.map(PendingSessions::snapshot).unwrap_or_default();
    let counts = waiting.and_then(|h| h.login_counts.as_deref());
    let taken = counts.map(PendingLoginCounts::take_all).unwrap_or_default();
    let rows = Rows { events, executions, used, sessions: &pending, counts: &taken };
    // An error leaves the transaction to be dropped without a commit: it rolls back.
    let committed = match write_rows(&mut tx, backend, rows).await {
        Ok(()) => tx.commit().await.map_err(db_err),
        Err(e) => Err(e),
    };
    match (&committed, sessions, counts) {
        (Ok(()), Some(p), _) => p.written(&pending),
        (Err(_), _, Some(c)) => c.restore(taken),
        _ => {}
    }
    committed
}

/// One window's rows.
struct Rows<'a> {
    events: &'a [LogEvent],
    executions: &'a [Execution],
    used: &'a [UsedCode],
    sessions: &'a [(Session, u64)],
    counts: &'a [(LoginKey, Waiting)],
}

async fn write_rows(tx: &mut db::Tx, backend: Backend, rows: Rows<'_>) -> StoreResult<()> {
    for chunk in rows.events.chunks(BATCH) {
        insert(&mut *tx, backend, chunk).await?;
    }
    for e in rows.executions {
        crate::executions::insert(&mut *tx, e).await?;
    }
    for u in rows.used {
        crate::grants::insert_code(&mut *tx, &u.code, Some(u.used_at)).await?;
    }
    for (s, _) in rows.sessions {
        crate::sessions::upsert(&mut *tx, s).await?;
    }
    for ((tenant, user_id), w) in rows.counts {
        crate::users::add_logins(&mut *tx, tenant, user_id, w).await?;
    }
    Ok(())
}

/// One multi-row INSERT; if it fails (say one duplicate id), each row on its own so only the
/// bad one is lost, and reported.
async fn write_batch(db: &Db, backend: Backend, events: &[LogEvent]) {
    if events.len() > 1 && insert(db, backend, events).await.is_ok() {
        return;
    }
    for e in events {
        if let Err(err) = insert(db, backend, std::slice::from_ref(e)).await {
            tracing::error!(error = %err, kind = %e.kind, log_id = %e.log_id, "could not write tenant log event");
        }
    }
}

/// SQLite gets anonymous `?` parameters: a numbered one (`$7`) is a name that SQLite looks up by
/// scanning all of them, which is quadratic in a 448-parameter statement. PostgreSQL only knows
/// `$n`.
pub(crate) async fn insert<'c>(
    target: impl Into<db::Target<'c>>,
    backend: Backend,
    events: &[LogEvent],
) -> StoreResult<()> {
    let mut sql = String::from(
        "INSERT INTO logs (tenant_id, log_id, logged_at, kind, user_id, client_id, data) VALUES ",
    );
    for i in 0..events.len() {
        if i > 0 {
            sql.push_str(", ");
        }
        match backend {
            Backend::Sqlite => sql.push_str("(?, ?, ?, ?, ?, ?, ?)"),
            Backend::Postgres => {
                let b = i * 7;
                sql.push_str(&format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 6,
                    b + 7
                ));
            }
        }
    }
    let mut q = db::query(&sql);
    for e in events {
        q = q
            .bind(e.tenant_id.as_str())
            .bind(e.log_id.as_str())
            .bind(e.date.millis())
            .bind(e.kind.as_str())
            .bind(e.user_id.as_deref())
            .bind(e.client_id.as_deref())
            .bind(to_json(e)?);
    }
    q.execute(target).await.map_err(db_err)?;
    Ok(())
}
