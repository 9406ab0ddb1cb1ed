//! A worker: one OS thread owning its runtimes, multiplexing many executions. While one
//! execution waits on `fetch` or a timer, the thread runs the others.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use tokio::sync::oneshot;

use super::execution::{Execution, Job, Status};
use super::pool::RuntimePool;
use crate::fetch::{FetchClient, FetchResponse};
use crate::model::TriggerOutcome;

pub struct Envelope {
    pub job: Job,
    pub reply: oneshot::Sender<TriggerOutcome>,
}

pub enum Event {
    FetchDone { exec: u64, op: u64, result: Result<FetchResponse, String>, took: Duration },
}

struct Running {
    exec: Execution,
    reply: Option<oneshot::Sender<TriggerOutcome>>,
    wake_at: Instant,
}

pub struct Worker {
    pub jobs: Receiver<Envelope>,
    pub events_tx: Sender<Event>,
    pub events: Receiver<Event>,
    pub fetch: Arc<FetchClient>,
    pub max_concurrent: usize,
    pub warm_runtimes: usize,
    pub restorable_runtimes: usize,
}

impl Worker {
    pub fn run(self) {
        let mut pool = RuntimePool::new(self.warm_runtimes, self.restorable_runtimes);
        let mut running: HashMap<u64, Running> = HashMap::new();
        let mut next_exec = 0u64;
        let never = crossbeam_channel::never();
        let mut closed = false;
        loop {
            if closed && running.is_empty() {
                return;
            }
            let wake = running.values().map(|r| r.wake_at).min();
            let timeout = wake.map(|w| w.saturating_duration_since(Instant::now()));
            let jobs = if !closed && running.len() < self.max_concurrent { &self.jobs } else { &never };
            // Idle: reset used runtimes and make restorable ones ahead, one at a time, as long as no
            // request or event is waiting.
            let due = wake.is_some_and(|w| w <= Instant::now());
            if !closed && !due && jobs.is_empty() && self.events.is_empty() && pool.idle_work() {
                continue;
            }
            let mut touched: Vec<u64> = Vec::new();
            crossbeam_channel::select! {
                recv(jobs) -> msg => match msg {
                    Ok(env) => {
                        next_exec += 1;
                        running.insert(next_exec, Running { exec: Execution::new(env.job), reply: Some(env.reply), wake_at: Instant::now() });
                        touched.push(next_exec);
                    }
                    Err(_) => closed = true,
                },
                recv(self.events) -> ev => if let Ok(Event::FetchDone { exec, op, result, took }) = ev {
                    if let Some(r) = running.get_mut(&exec) {
                        let _ = catch_unwind(AssertUnwindSafe(|| r.exec.on_fetch(op, result, took)));
                        touched.push(exec);
                    }
                },
                default(timeout.unwrap_or(Duration::from_secs(3600))) => {}
            }
            let now = Instant::now();
            touched.extend(running.iter().filter(|(_, r)| r.wake_at <= now).map(|(id, _)| *id));
            touched.sort_unstable();
            touched.dedup();
            for id in touched {
                let Some(r) = running.get_mut(&id) else { continue };
                let status = self.drive(id, &mut r.exec, &mut pool);
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

    fn drive(&self, id: u64, exec: &mut Execution, pool: &mut RuntimePool) -> Status {
        let fetch = self.fetch.clone();
        let events = self.events_tx.clone();
        let egress = exec.egress().clone();
        let timeout = exec.fetch_timeout();
        let max_bytes = exec.fetch_max_bytes();
        let mut start = move |op: u64, req| {
            let events = events.clone();
            fetch.start(req, &egress, timeout, max_bytes, Box::new(move |result, took| {
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
