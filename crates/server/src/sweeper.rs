//! The expiry sweep: every `sweep_interval_s` each node deletes the login state that expired
//! (abandoned login transactions, authorization codes past their replay window, sessions,
//! cached action values), which nothing reads any more and which would otherwise stay for ever,
//! and the log events and action execution records older than their retention.
//! Nodes sharing a PostgreSQL database may sweep at the same time: the deletes are idempotent.

use portcullis_domain::{Clock, Timestamp};
use portcullis_store::{ExpiryStore, Store, SweepBefore, Swept};
use std::sync::Arc;
use std::time::Duration;

/// Rows per kind per statement: each batch is one short write, so logins never wait long
/// behind a sweep that catches up with a backlog. Deleting a code costs about 25 µs on SQLite
/// (its random primary-key entry; a model of 300,000 codes of 1 KB on a 2-vCPU guest): a
/// batch of 250 holds the write lock for about 2-7 ms, one of 1,000 for about 25.
pub const BATCH: u32 = 250;

/// How long a code stays after its expiry. A used code presented again is how a replay is
/// recognised (RFC 6749 §4.1.2: deny, and revoke the tokens issued from it); once the code is
/// deleted the request is still refused, only without the revocation.
pub const CODE_REPLAY_WINDOW_SECS: i64 = 86_400;

/// How many days log events and execution records are kept (0: for ever).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Retention {
    pub log_days: u32,
    pub execution_days: u32,
}

impl Retention {
    fn cutoff(days: u32, now: Timestamp) -> Option<Timestamp> {
        (days > 0).then(|| now.plus_secs(-i64::from(days) * 86_400))
    }
}

/// Starts the periodic sweep (none for a zero interval); the first runs one interval after start.
pub fn spawn(store: Arc<dyn Store>, clock: Arc<dyn Clock>, every: Duration, retention: Retention) {
    if every.is_zero() {
        return;
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            sweep_once(&*store, clock.now(), retention).await;
        }
    });
}

/// Sweeps in batches until none is full; returns what went. A failing batch ends this sweep
/// (logged); the next interval tries again.
pub async fn sweep_once<S: ExpiryStore + ?Sized>(store: &S, now: Timestamp, retention: Retention) -> Swept {
    let before = SweepBefore {
        state: now,
        codes: now.plus_secs(-CODE_REPLAY_WINDOW_SECS),
        logs: Retention::cutoff(retention.log_days, now),
        executions: Retention::cutoff(retention.execution_days, now),
    };
    let mut total = Swept::default();
    loop {
        match store.sweep_expired(before, BATCH).await {
            Ok(s) => {
                total += s;
                if !s.reached(BATCH) {
                    break;
                }
                tokio::task::yield_now().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "expiry sweep failed; the next one retries");
                break;
            }
        }
    }
    if total.total() > 0 {
        tracing::info!(
            login_transactions = total.login_transactions,
            codes = total.codes,
            sessions = total.sessions,
            cached_values = total.cached_values,
            logs = total.logs,
            executions = total.executions,
            "deleted expired login state and records past their retention"
        );
    }
    total
}

#[cfg(test)]
mod tests;
