//! A worker: one OS thread owning its runtimes, multiplexing many executions. While one
//! execution waits on `fetch` or a timer, the thread runs the others.
//!
//! The thread also performs its executions' `fetch` requests, on a single-threaded IO runtime
//! of its own that it drives whenever it waits: a request and its answer then never cross to
//! another thread (nor queue behind the server's own tasks) on their way between the action and
//! the socket.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, oneshot};

use super::execution::{Execution, Job, Status};
use super::pool::RuntimePool;
use crate::fetch::{FetchClient, FetchResponse};
use crate::model::TriggerOutcome;

pub struct Envelope {
    pub job: Job,
    pub reply: oneshot::Sender<TriggerOutcome>,
}

enum Event {
    FetchDone { exec: u64, op: u64, result: Result<FetchResponse, String>, took: Duration },
}

struct Running {
    exec: Execution,
    reply: Option<oneshot::Sender<TriggerOutcome>>,
    wake_at: Instant,
}

/// Hands a finished request to its execution, which is then driven this turn.
fn deliver(ev: Event, running: &mut HashMap<u64, Running>, touched: &mut Vec<u64>) {
    let Event::FetchDone { exec, op, result, took } = ev;
    if let Some(r) = running.get_mut(&exec) {
        let _ = catch_unwind(AssertUnwindSafe(|| r.exec.on_fetch(op, result, took)));
        touched.push(exec);
    }
}

pub struct Worker {
    pub jobs: flume::Receiver<Envelope>,
    pub fetch: FetchClient,
    pub max_concurrent: usize,
    pub warm_runtimes: usize,
    pub restorable_runtimes: usize,
    pub slice_ns: u64,
}

impl Worker {
    pub fn run(self) {
        if self.slice_ns > 0 && !super::slice::request_slice(self.slice_ns) {
            tracing::debug!(slice_ns = self.slice_ns, "the kernel kept its default scheduler slice for an actions worker");
        }
        match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(rt) => rt.block_on(self.serve()),
            Err(e) => tracing::error!(error = %e, "could not start an actions worker's IO runtime"),
        }
    }

    async fn serve(self) {
        let mut pool = RuntimePool::new(self.warm_runtimes, self.restorable_runtimes);
        let mut running: HashMap<u64, Running> = HashMap::new();
        let (events_tx, mut events) = mpsc::unbounded_channel::<Event>();
        let mut next_exec = 0u64;
        let mut closed = false;
        loop {
            if closed && running.is_empty() {
                return;
            }
            let wake = running.values().map(|r| r.wake_at).min();
            let accepting = !closed && running.len() < self.max_concurrent;
            let due = wake.is_some_and(|w| w <= Instant::now());
            // Idle: reset used runtimes and make restorable ones ahead, one at a time, as long as no
            // request or event is waiting; requests in flight make progress in between.
            if !closed && !due && (!accepting || self.jobs.is_empty()) && events.is_empty() && pool.idle_work() {
                tokio::task::yield_now().await;
                continue;
            }
            let mut touched: Vec<u64> = Vec::new();
            let mut job = None;
            if due {
                // Something is due now: let requests in flight make progress once, then take
                // what is ready without waiting (the timer's millisecond granularity would only
                // delay it).
                tokio::task::yield_now().await;
                while let Ok(ev) = events.try_recv() {
                    deliver(ev, &mut running, &mut touched);
                }
                if accepting {
                    match self.jobs.try_recv() {
                        Ok(env) => job = Some(env),
                        Err(flume::TryRecvError::Disconnected) => closed = true,
                        Err(flume::TryRecvError::Empty) => {}
                    }
                }
            } else {
                let until = wake.unwrap_or_else(|| Instant::now() + Duration::from_secs(3600));
                tokio::select! {
                    biased;
                    Some(ev) = events.recv() => deliver(ev, &mut running, &mut touched),
                    msg = self.jobs.recv_async(), if accepting => match msg {
                        Ok(env) => job = Some(env),
                        Err(_) => closed = true,
                    },
                    () = tokio::time::sleep_until(until.into()) => {}
                }
            }
            if let Some(env) = job {
                next_exec += 1;
                running.insert(next_exec, Running { exec: Execution::new(env.job), reply: Some(env.reply), wake_at: Instant::now() });
                touched.push(next_exec);
            }
            let now = Instant::now();
            touched.extend(running.iter().filter(|(_, r)| r.wake_at <= now).map(|(id, _)| *id));
            touched.sort_unstable();
            touched.dedup();
            for id in touched {
                let Some(r) = running.get_mut(&id) else { continue };
                let status = self.drive(id, &mut r.exec, &mut pool, &events_tx);
                match status {
                    Status::Waiting { wake_at } => r.wake_at = wake_at,
                    Status::Finished(outcome) => {
                        if let Some(mut r) = running.remove(&id) {
                            if let Some(tx) = r.reply.take() {
                                let _ = tx.send(*outcome);
                            }
                            drop(r);
                        }
                    }
                }
            }
        }
    }

    fn drive(&self, id: u64, exec: &mut Execution, pool: &mut RuntimePool, events: &mpsc::UnboundedSender<Event>) -> Status {
        let egress = exec.egress().clone();
        let timeout = exec.fetch_timeout();
        let max_bytes = exec.fetch_max_bytes();
        let mut start = |op: u64, req| {
            let events = events.clone();
            self.fetch.start(req, &egress, timeout, max_bytes, Box::new(move |result, took| {
                let _ = events.send(Event::FetchDone { exec: id, op, result, took });
            }));
        };
        let mut cancel = |_op: u64| {};
        match catch_unwind(AssertUnwindSafe(|| exec.advance(pool, &mut start, &mut cancel))) {
            Ok(s) => s,
            Err(_) => Status::Finished(Box::new(exec.platform_failure("the actions runtime failed unexpectedly"))),
        }
    }
}
