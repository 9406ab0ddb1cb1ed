//! The executor: a pool of OS-thread workers owning the JavaScript runtimes. Async callers send
//! serializable requests over channels and await serializable outcomes, so the pool can later
//! move into a separate process unchanged.

mod execution;
mod pool;
mod slice;
mod worker;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::sync::{oneshot, Mutex as AsyncMutex};

use crate::cache::{ActionCache, InMemoryCache};
use crate::error::{ActionErrorBody, ActionErrorCode, ActionsError};
use crate::fetch::{EgressPolicy, FetchClient};
use crate::limits::Limits;
use crate::model::{ActionSource, Dependency, Handler, TestResult, TriggerId, TriggerOutcome, TriggerRequest};
use crate::npm::{DependencySet, NpmStore};
use crate::triggers::Fold;
use execution::Job;
use worker::{Envelope, Worker};

/// Where npm dependencies come from and where they are stored.
#[derive(Debug, Clone)]
pub struct NpmConfig {
    pub store_dir: PathBuf,
    /// Registry URL; `None` reads `npm_config_registry` or `npm config get registry`.
    pub registry: Option<String>,
}

#[derive(Clone)]
pub struct ExecutorConfig {
    /// Worker threads (each owns its runtimes).
    pub workers: usize,
    /// Executions one worker multiplexes while they wait on IO.
    pub max_concurrent_per_worker: usize,
    /// Idle warm runtimes kept per worker.
    pub warm_runtimes_per_worker: usize,
    /// Restorable runtimes per worker for single-use (fresh-runtime) executions: each is
    /// bootstrapped once, its heap copied, and the copy put back before every execution (one
    /// memory copy instead of creating, bootstrapping and freeing a runtime). More concurrent
    /// single-use executions than this get runtimes created for them. 0: always create.
    pub restorable_runtimes_per_worker: usize,
    /// Stack size of worker threads (must exceed `Limits::stack_bytes` comfortably).
    pub thread_stack_bytes: usize,
    /// Scheduler slice each worker thread asks for (`slice.rs`); 0 keeps the kernel's default.
    pub worker_slice_ns: u64,
    pub egress: EgressPolicy,
    pub cache: Arc<dyn ActionCache>,
    pub npm: Option<NpmConfig>,
    /// The Tokio runtime that performs actions' `fetch` requests; `None` (the default): each
    /// worker thread performs its own executions' requests, on an IO runtime it drives itself.
    pub io_runtime: Option<tokio::runtime::Handle>,
}

impl Default for ExecutorConfig {
    fn default() -> Self {
        Self {
            workers: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2),
            max_concurrent_per_worker: 64,
            warm_runtimes_per_worker: 256,
            restorable_runtimes_per_worker: 8,
            thread_stack_bytes: 16 << 20,
            worker_slice_ns: slice::WORKER_SLICE_NS,
            egress: EgressPolicy::default(),
            cache: Arc::new(InMemoryCache::default()),
            npm: None,
            io_runtime: None,
        }
    }
}

pub struct Executor {
    jobs: Option<flume::Sender<Envelope>>,
    threads: Vec<std::thread::JoinHandle<()>>,
    config: ExecutorConfig,
    npm: Option<Arc<NpmStore>>,
    installed: AsyncMutex<HashMap<Vec<Dependency>, Arc<DependencySet>>>,
    npm_error: Mutex<Option<String>>,
}

impl Executor {
    pub fn new(config: ExecutorConfig) -> Self {
        let (tx, rx) = flume::bounded::<Envelope>(1024);
        let mut threads = Vec::new();
        let mut npm_error = None;
        for i in 0..config.workers.max(1) {
            let w = Worker {
                jobs: rx.clone(),
                fetch: FetchClient::new(config.io_runtime.clone()),
                max_concurrent: config.max_concurrent_per_worker.max(1),
                warm_runtimes: config.warm_runtimes_per_worker,
                restorable_runtimes: config.restorable_runtimes_per_worker,
                slice_ns: config.worker_slice_ns,
            };
            let spawned = std::thread::Builder::new().name(format!("actions-js-{i}")).stack_size(config.thread_stack_bytes).spawn(move || w.run());
            match spawned {
                Ok(h) => threads.push(h),
                Err(e) => tracing::error!(error = %e, "could not start an actions worker"),
            }
        }
        let npm = match &config.npm {
            Some(c) => match NpmStore::new(c.store_dir.clone(), c.registry.clone()) {
                Ok(s) => Some(Arc::new(s)),
                Err(e) => {
                    npm_error = Some(e.to_string());
                    None
                }
            },
            None => None,
        };
        Self { jobs: Some(tx), threads, config, npm, installed: AsyncMutex::default(), npm_error: Mutex::new(npm_error) }
    }

    /// Install (once) the dependencies of an action.
    pub async fn install_dependencies(&self, deps: &[Dependency]) -> Result<Arc<DependencySet>, ActionsError> {
        let mut key = deps.to_vec();
        key.sort_by(|a, b| a.name.cmp(&b.name));
        let mut installed = self.installed.lock().await;
        if let Some(s) = installed.get(&key) {
            return Ok(s.clone());
        }
        let Some(npm) = &self.npm else {
            let why = self.npm_error.lock().ok().and_then(|e| e.clone()).unwrap_or_else(|| "no npm store configured".into());
            return Err(ActionsError::Registry(why));
        };
        let set = Arc::new(npm.install(&key).await?);
        installed.insert(key, set.clone());
        Ok(set)
    }

    /// Run a trigger execution.
    pub async fn run(&self, req: TriggerRequest) -> TriggerOutcome {
        let mut deps = Vec::with_capacity(req.actions.len());
        for a in &req.actions {
            if a.dependencies.is_empty() {
                deps.push(None);
                continue;
            }
            match self.install_dependencies(&a.dependencies).await {
                Ok(s) => deps.push(Some(s)),
                Err(e) => return failed(&req, a, ActionErrorCode::ActionCompilationFailed, &format!("Compilation failed: {e}")),
            }
        }
        // What a failure report needs, kept back; the request itself (event, code) moves to the worker.
        let head = RequestHead::of(&req);
        let job = Job { req, deps, cache: self.config.cache.clone(), egress: self.config.egress.clone() };
        let (tx, rx) = oneshot::channel();
        let Some(jobs) = &self.jobs else { return head.failed("executor is shut down") };
        let mut env = Envelope { job, reply: tx };
        loop {
            match jobs.try_send(env) {
                Ok(()) => break,
                Err(flume::TrySendError::Full(e)) => {
                    env = e;
                    tokio::time::sleep(std::time::Duration::from_millis(1)).await;
                }
                Err(flume::TrySendError::Disconnected(_)) => return head.failed("executor is shut down"),
            }
        }
        match rx.await {
            Ok(o) => o,
            Err(_) => head.failed("the actions worker stopped"),
        }
    }

    /// Run one action's handler with an event in a fresh runtime (Management API "test", CLI).
    pub async fn test_action(&self, trigger: TriggerId, code: &str, event: Value, secrets: Vec<(String, String)>, dependencies: Vec<Dependency>, limits: Limits) -> TestResult {
        let action = ActionSource { action_id: "test".into(), name: "test".into(), version_id: "test".into(), code: code.into(), secrets, dependencies };
        let req = TriggerRequest { tenant_id: "test".into(), trigger, handler: Handler::Execute, actions: vec![action], event, limits, fresh_runtime: true };
        let mut outcome = self.run(req).await;
        match outcome.actions.pop() {
            Some(r) => TestResult { commands: r.commands, logs: r.logs, stats: r.stats, error: r.error },
            None => TestResult { commands: Vec::new(), logs: String::new(), stats: Default::default(), error: None },
        }
    }
}

fn failed(req: &TriggerRequest, a: &ActionSource, code: ActionErrorCode, message: &str) -> TriggerOutcome {
    failed_as(req.trigger, &a.action_id, &a.name, &a.version_id, code, message)
}

fn failed_as(trigger: TriggerId, action_id: &str, name: &str, version_id: &str, code: ActionErrorCode, message: &str) -> TriggerOutcome {
    let err = ActionErrorBody { code, action_name: name.into(), message: message.into() };
    let mut fold = Fold::new(trigger);
    fold.apply_error(&err);
    let now = execution::epoch_ms();
    let run = crate::model::ActionRun {
        action_id: action_id.into(),
        action_name: name.into(),
        version_id: version_id.into(),
        commands: Vec::new(),
        logs: String::new(),
        stats: Default::default(),
        error: Some(err),
        started_at: now,
        ended_at: now,
    };
    TriggerOutcome { actions: vec![run], decision: fold.finish() }
}

/// The trigger and the first action's identity: enough to report a platform failure after the
/// request has gone to a worker.
struct RequestHead {
    trigger: TriggerId,
    first: Option<(String, String, String)>,
}

impl RequestHead {
    fn of(req: &TriggerRequest) -> Self {
        Self { trigger: req.trigger, first: req.actions.first().map(|a| (a.action_id.clone(), a.name.clone(), a.version_id.clone())) }
    }

    /// A platform error charged to the first action (no action: an empty outcome).
    fn failed(&self, message: &str) -> TriggerOutcome {
        match &self.first {
            Some((id, name, version)) => failed_as(self.trigger, id, name, version, ActionErrorCode::PlatformError, message),
            None => TriggerOutcome { actions: Vec::new(), decision: Fold::new(self.trigger).finish() },
        }
    }
}

impl Drop for Executor {
    fn drop(&mut self) {
        self.jobs = None;
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}
