//! Tenant log events are written off the request path: `append_log` hands the event to a
//! background task that inserts whatever has queued up in one statement. Reads of the logs
//! (`find_log`, `list_logs`) and `SqlStore::flush_logs` wait until everything queued before them
//! is written, so a node always reads its own log events. Without a running task (the Tokio
//! runtime that started it has ended) events are written directly.

use crate::codec::{db_err, to_json};
use portcullis_domain::log::LogEvent;
use portcullis_store::StoreResult;
use sqlx::AnyPool;
use tokio::sync::{mpsc, oneshot};

/// Rows per INSERT statement (7 parameters each, well under both engines' limits).
const BATCH: usize = 64;

enum Msg {
    Event(LogEvent),
    Flush(oneshot::Sender<()>),
}

#[derive(Debug)]
pub(crate) struct LogQueue {
    tx: Option<mpsc::UnboundedSender<Msg>>,
}

impl LogQueue {
    /// Starts the writer on the current Tokio runtime (none: writes stay synchronous).
    pub fn start(pool: AnyPool) -> Self {
        let Ok(rt) = tokio::runtime::Handle::try_current() else { return LogQueue { tx: None } };
        let (tx, rx) = mpsc::unbounded_channel();
        rt.spawn(writer(pool, rx));
        LogQueue { tx: Some(tx) }
    }

    /// Queues `event`; gives it back when no writer is running.
    pub fn push(&self, event: LogEvent) -> Option<LogEvent> {
        match &self.tx {
            Some(tx) => tx.send(Msg::Event(event)).err().map(|e| match e.0 {
                Msg::Event(ev) => ev,
                Msg::Flush(_) => unreachable!("only events are pushed here"),
            }),
            None => Some(event),
        }
    }

    /// Waits until every event queued before this call is written (or failed and was reported).
    pub async fn flush(&self) {
        let Some(tx) = &self.tx else { return };
        let (done, wait) = oneshot::channel();
        if tx.send(Msg::Flush(done)).is_ok() {
            let _ = wait.await;
        }
    }
}

async fn writer(pool: AnyPool, mut rx: mpsc::UnboundedReceiver<Msg>) {
    let mut events = Vec::with_capacity(BATCH);
    let mut flushes = Vec::new();
    while let Some(first) = rx.recv().await {
        let mut next = Some(first);
        while let Some(msg) = next.take() {
            match msg {
                Msg::Event(e) => events.push(e),
                Msg::Flush(f) => flushes.push(f),
            }
            if events.len() >= BATCH {
                break;
            }
            next = rx.try_recv().ok();
        }
        if !events.is_empty() {
            write_batch(&pool, &events).await;
            events.clear();
        }
        for f in flushes.drain(..) {
            let _ = f.send(());
        }
    }
}

/// One multi-row INSERT; if it fails (say one duplicate id), each row on its own so only the
/// bad one is lost, and reported.
async fn write_batch(pool: &AnyPool, events: &[LogEvent]) {
    if events.len() > 1 && insert(pool, events).await.is_ok() {
        return;
    }
    for e in events {
        if let Err(err) = insert(pool, std::slice::from_ref(e)).await {
            tracing::error!(error = %err, kind = %e.kind, log_id = %e.log_id, "could not write tenant log event");
        }
    }
}

pub(crate) async fn insert(pool: &AnyPool, events: &[LogEvent]) -> StoreResult<()> {
    let mut sql = String::from("INSERT INTO logs (tenant_id, log_id, logged_at, kind, user_id, client_id, data) VALUES ");
    for i in 0..events.len() {
        let b = i * 7;
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!("(${}, ${}, ${}, ${}, ${}, ${}, ${})", b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7));
    }
    let mut q = sqlx::query(&sql);
    for e in events {
        q = q
            .bind(e.tenant_id.clone())
            .bind(e.log_id.clone())
            .bind(e.date.millis())
            .bind(e.kind.clone())
            .bind(e.user_id.clone())
            .bind(e.client_id.clone())
            .bind(to_json(e)?);
    }
    q.execute(pool).await.map_err(db_err)?;
    Ok(())
}
