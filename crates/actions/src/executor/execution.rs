//! One trigger execution as a state machine the worker drives: actions run one after another
//! in binding order, each in its own runtime; their commands are folded as they finish.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use super::pool::RuntimePool;
use crate::cache::ActionCache;
use crate::error::{ActionErrorBody, ActionErrorCode};
use crate::fetch::{EgressPolicy, FetchRequest, FetchResponse};
use crate::jwt::TokenContext;
use crate::model::{ActionRun, Command, Handler, Stats, TriggerOutcome, TriggerRequest};
use crate::npm::DependencySet;
use crate::sandbox::EventJson;
use crate::sandbox::invocation::can_redirect;
use crate::sandbox::{Failure, Invocation, Pump, Sandbox};
use crate::triggers::{Flow, Fold};

/// Everything a worker needs to run one request.
pub struct Job {
    pub req: TriggerRequest,
    /// Installed dependencies, one entry per action.
    pub deps: Vec<Option<Arc<DependencySet>>>,
    pub cache: Arc<dyn ActionCache>,
    pub egress: EgressPolicy,
}

struct Active {
    sandbox: Sandbox,
    key: String,
    started: Instant,
    started_at: u64,
    boot_ms: f64,
    compile_ms: f64,
    handler_started: Instant,
    external: Duration,
}

pub enum Status {
    Finished(Box<TriggerOutcome>),
    Waiting { wake_at: Instant },
}

pub fn epoch_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub struct Execution {
    job: Job,
    deadline: Instant,
    index: usize,
    event: Value,
    /// The event as the sandbox takes it, until a command changes the event (every action of
    /// the execution reads the same text otherwise).
    event_json: Option<EventJson>,
    fold: Option<Fold>,
    runs: Vec<ActionRun>,
    earlier: Vec<Command>,
    current: Option<Active>,
    stopped: bool,
    pending_failure: Option<Failure>,
}

impl Execution {
    pub fn new(mut job: Job) -> Self {
        let deadline = Instant::now() + Duration::from_millis(job.req.limits.wall_ms);
        // The execution owns the event from here on (the actions' commands update it).
        let event = std::mem::take(&mut job.req.event);
        let fold = Some(Fold::new(job.req.trigger));
        Self { job, deadline, index: 0, event, event_json: None, fold, runs: Vec::new(), earlier: Vec::new(), current: None, stopped: false, pending_failure: None }
    }

    pub fn egress(&self) -> &EgressPolicy {
        &self.job.egress
    }

    pub fn fetch_timeout(&self) -> Duration {
        let per_call = Duration::from_millis(self.job.req.limits.fetch_timeout_ms);
        per_call.min(self.deadline.saturating_duration_since(Instant::now()))
    }

    pub fn fetch_max_bytes(&self) -> usize {
        self.job.req.limits.fetch_max_response_bytes
    }

    /// Run until the execution finishes or waits; `start_fetch` dispatches new requests.
    pub fn advance(&mut self, pool: &mut RuntimePool, start_fetch: &mut dyn FnMut(u64, FetchRequest), cancel: &mut dyn FnMut(u64)) -> Status {
        loop {
            if self.current.is_none() {
                if self.stopped || self.index >= self.job.req.actions.len() {
                    return Status::Finished(Box::new(self.finish()));
                }
                if let Err(f) = self.start_action(pool) {
                    self.finish_action(pool, Err(f));
                    continue;
                }
                if self.current.is_none() {
                    continue;
                }
            }
            let Some(active) = self.current.as_mut() else { continue };
            let now = Instant::now();
            let pump = if let Some(f) = self.pending_failure.take() {
                Pump::Done(Err(f))
            } else if now >= self.deadline {
                Pump::Done(Err(Failure::new(ActionErrorCode::ActionTimeout, format!("Action execution exceeded the time limit of {} ms", self.job.req.limits.wall_ms))))
            } else {
                active.sandbox.pump(Some(self.deadline))
            };
            let (fetches, cancels) = active.sandbox.take_host_ops();
            for id in cancels {
                cancel(id);
            }
            for (id, req) in fetches {
                start_fetch(id, req);
            }
            match pump {
                Pump::Done(r) => self.finish_action(pool, r),
                Pump::Waiting { wake_at } => {
                    let wake = wake_at.map_or(self.deadline, |w| w.min(self.deadline));
                    return Status::Waiting { wake_at: wake };
                }
            }
        }
    }

    /// A fetch finished: deliver it to the running action.
    pub fn on_fetch(&mut self, op: u64, result: Result<FetchResponse, String>, took: Duration) {
        let deadline = self.deadline;
        let Some(active) = self.current.as_mut() else { return };
        active.external += took;
        if let Err(f) = active.sandbox.complete_fetch(op, result, Some(deadline)) {
            self.finish_action_error_later(f);
        }
    }

    fn finish_action_error_later(&mut self, f: Failure) {
        // Remembered as a kill: the next pump reports it.
        if let Some(a) = self.current.as_mut() {
            a.sandbox.tainted = true;
            self.pending_failure = Some(f);
        }
    }

    fn start_action(&mut self, pool: &mut RuntimePool) -> Result<(), Failure> {
        let req = &self.job.req;
        let i = self.index;
        let action = &req.actions[i];
        let handler = if i == 0 { req.handler } else { Handler::Execute };
        let started = Instant::now();
        let started_at = epoch_ms();
        let Some(handler_name) = req.trigger.handler_name(handler) else {
            self.record_run(None, started_at, Vec::new(), String::new(), Stats::default());
            return Ok(());
        };
        let key = format!("{}\u{1}{}\u{1}{}", req.tenant_id, action.action_id, action.version_id);
        let (mut sandbox, fresh) = match (!req.fresh_runtime).then(|| pool.take(&key, &action.code)).flatten() {
            Some(s) => (s, false),
            None => (pool.fresh(&req.limits)?, true),
        };
        let booted = Instant::now();
        let mut compile_ms = 0.0;
        let mut boot_ms = ms(booted - started);
        if fresh {
            let compiled = sandbox.load_action(&action.code, self.job.deps.get(i).cloned().flatten(), Some(self.deadline), !req.fresh_runtime)?;
            let load = ms(booted.elapsed());
            if compiled { compile_ms = load } else { boot_ms += load }
        }
        let secrets: Map<String, Value> = action.secrets.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
        static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let gen = GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let inv = Invocation {
            gen,
            trigger: req.trigger,
            handler,
            commands: Vec::new(),
            earlier: self.earlier.clone(),
            cache: self.job.cache.clone(),
            cache_scope: format!("{}/{}", req.tenant_id, req.trigger.as_str()),
            cache_side_effects: 0,
            token_ctx: TokenContext::from_event(&self.event),
            can_redirect: can_redirect(&self.event),
            fetches: 0,
            max_fetches: req.limits.fetch_max_calls,
        };
        // A single-use runtime parses the event whole; a reused one reads it by property.
        let (event, fresh) = (&self.event, req.fresh_runtime);
        let event_json = self.event_json.get_or_insert_with(|| {
            if fresh {
                EventJson::Whole(serde_json::to_string(event).unwrap_or_default())
            } else {
                EventJson::from_value(event)
            }
        });
        let secrets_json = serde_json::to_string(&Value::Object(secrets)).unwrap_or_default();
        let handler_started = Instant::now();
        let has = sandbox.begin(inv, handler_name, event_json, &secrets_json, Some(self.deadline));
        self.current = Some(Active { sandbox, key, started, started_at, boot_ms, compile_ms, handler_started, external: Duration::ZERO });
        match has {
            Ok(true) => Ok(()),
            Ok(false) => {
                self.finish_action(pool, Ok(()));
                Ok(())
            }
            Err(f) => Err(f),
        }
    }

    /// Close the current action (or a failed start) and fold its commands.
    fn finish_action(&mut self, pool: &mut RuntimePool, result: Result<(), Failure>) {
        let action_name = self.job.req.actions[self.index].name.clone();
        let (commands, logs, stats, started_at) = match self.current.take() {
            Some(mut a) => {
                let handler_ms = ms(a.handler_started.elapsed());
                let reuse = !self.job.req.fresh_runtime && result.as_ref().map_or_else(|f| !f.code.taints_runtime(), |_| true);
                let (inv, logs) = a.sandbox.end(reuse);
                if reuse && !a.sandbox.tainted {
                    pool.put(a.key, &self.job.req.actions[self.index].code, a.sandbox);
                } else {
                    pool.discard(a.sandbox);
                }
                let stats = Stats { boot_ms: a.boot_ms, compile_ms: a.compile_ms, handler_ms, external_ms: ms(a.external), total_ms: ms(a.started.elapsed()) };
                (inv.map(|i| i.commands).unwrap_or_default(), logs, stats, a.started_at)
            }
            None => (Vec::new(), String::new(), Stats::default(), epoch_ms()),
        };
        let error = result.err().map(|f| ActionErrorBody { code: f.code, action_name: action_name.clone(), message: f.message });
        self.record_run(error, started_at, commands, logs, stats);
    }

    fn record_run(&mut self, error: Option<ActionErrorBody>, started_at: u64, commands: Vec<Command>, logs: String, stats: Stats) {
        let action = &self.job.req.actions[self.index];
        let Some(fold) = self.fold.as_mut() else { return };
        let flow = match &error {
            Some(e) => {
                // A failed action's commands are not applied; gating triggers fail closed.
                fold.apply_error(e)
            }
            None => {
                for c in &commands {
                    if fold.update_event(&mut self.event, c) {
                        self.event_json = None;
                    }
                }
                fold.apply_action(self.index, &action.name, &commands)
            }
        };
        if error.is_none() {
            self.earlier.extend(commands.iter().cloned());
        }
        self.runs.push(ActionRun {
            action_id: action.action_id.clone(),
            action_name: action.name.clone(),
            version_id: action.version_id.clone(),
            commands,
            logs,
            stats,
            error,
            started_at,
            ended_at: epoch_ms(),
        });
        self.index += 1;
        if flow != Flow::Continue {
            self.stopped = true;
        }
    }

    fn finish(&mut self) -> TriggerOutcome {
        let decision = self.fold.take().unwrap_or_else(|| Fold::new(self.job.req.trigger)).finish();
        TriggerOutcome { actions: std::mem::take(&mut self.runs), decision }
    }

    /// The outcome when the worker could not run the execution at all.
    pub fn platform_failure(&mut self, message: &str) -> TriggerOutcome {
        self.current = None;
        let name = self.job.req.actions.get(self.index).map(|a| a.name.clone()).unwrap_or_default();
        let err = ActionErrorBody { code: ActionErrorCode::PlatformError, action_name: name, message: message.into() };
        if let Some(f) = self.fold.as_mut() {
            f.apply_error(&err);
        }
        self.finish()
    }
}
