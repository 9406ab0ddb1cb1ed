//! The JavaScript sandbox: one QuickJS runtime and context with limits, Node-compatible globals,
//! one loaded action module, and a small event loop (jobs, timers, host ops).
//!
//! A `Sandbox` is `!Send`: it lives and dies on one worker thread.

mod accessors;
mod arena;
mod bytecode;
mod image;
mod event_loop;
mod event;
mod host;
mod intrinsics;
mod key_ops;
mod url_ops;
mod zlib_ops;
mod outcome;
pub(crate) mod invocation;
pub(crate) mod shims;

use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rquickjs::function::Args;
use rquickjs::{Array, Context, Ctx, Function, Object, Persistent, Runtime, Value};

use crate::error::ActionErrorCode;
use crate::limits::Limits;
use crate::model::TriggerId;
use crate::npm::DependencySet;
use crate::triggers::{self, Returns};
use host::HostState;
pub use event::EventJson;
pub use outcome::{constant_time_eq, Failure, Pump};
use outcome::describe_error;
pub use invocation::Invocation;

/// Executions of a kept runtime between idle-time garbage collections.
pub const GC_EVERY: u32 = 8;

pub struct Sandbox {
    // JavaScript handles first: they must drop before the context and the runtime.
    entry: Persistent<Object<'static>>,
    exports: Option<Persistent<Object<'static>>>,
    handler: Option<Persistent<Value<'static>>>,
    /// The api method lists handed to `begin`, one per trigger used so far.
    specs: Vec<(TriggerId, Persistent<Array<'static>>)>,
    /// The top-level keys of the last event as a JavaScript array, handed over unchanged while
    /// events keep the same keys (the lazy `event` layout is then reused as is).
    event_keys: Option<(Vec<String>, Persistent<Array<'static>>)>,
    begin_fn: Persistent<Function<'static>>,
    release_fn: Persistent<Function<'static>>,
    /// The native dispatcher, held so that no execution can ever let it be collected (its Rust
    /// closure must outlive every copy of a restorable heap).
    _dispatcher: Persistent<Function<'static>>,
    /// Native snapshot of the intrinsics (reusable runtimes; `None` falls back to the
    /// JavaScript check). Released in `Drop`, before the context.
    snapshot: Option<intrinsics::Snapshot>,
    ctx: Context,
    rt: Runtime,
    host: Rc<HostState>,
    limits: Limits,
    /// Set once a limit was hit or the intrinsics were modified: never reuse this runtime.
    pub tainted: bool,
    /// The loaded action will serve later executions (lazy `event`/`api` pay off only then).
    reusable: bool,
    /// Executions ended since the last garbage collection (cycles they left are still held).
    runs_since_gc: u32,
    /// The copy `reset` restores (restorable sandboxes only).
    image: Option<image::Image>,
    /// The memory the runtime allocates from (restorable sandboxes only). Last: it must be
    /// unmapped after the runtime is freed.
    arena: Option<Box<arena::Arena>>,
}

impl Sandbox {
    /// A fresh runtime and context with the limits applied and the globals installed.
    pub fn new(limits: &Limits) -> Result<Self, Failure> {
        Self::build(limits, None)
    }

    fn build(limits: &Limits, mut arena: Option<Box<arena::Arena>>) -> Result<Self, Failure> {
        let platform = |e: rquickjs::Error| Failure::new(ActionErrorCode::PlatformError, format!("runtime: {e}"));
        let rt = match arena.as_deref_mut() {
            Some(a) => image::runtime_in(a),
            None => Runtime::new(),
        }
        .map_err(platform)?;
        let host = Rc::new(HostState::default());
        let h = host.clone();
        rt.set_interrupt_handler(Some(Box::new(move || h.should_interrupt())));
        let ctx = Context::full(&rt).map_err(platform)?;
        host.deadline.set(Some(Instant::now() + Duration::from_millis(limits.cpu_ms.max(1000))));
        let entry = ctx.with(|ctx| -> rquickjs::Result<_> {
            let dispatcher = host::install(&ctx, &host)?;
            let boot: Function = shims::load(&ctx, "bootstrap")?.get()?;
            let entry: Object = boot.call((dispatcher.clone(),))?;
            let begin: Function = entry.get("begin")?;
            let release: Function = entry.get("release")?;
            Ok((Persistent::save(&ctx, entry), Persistent::save(&ctx, begin), Persistent::save(&ctx, release), Persistent::save(&ctx, dispatcher)))
        });
        host.deadline.set(None);
        let (entry, begin_fn, release_fn, dispatcher) = entry.map_err(platform)?;
        let mut sb = Self {
            entry, exports: None, handler: None, specs: Vec::new(), event_keys: None, begin_fn, release_fn, _dispatcher: dispatcher, snapshot: None,
            ctx, rt, host, limits: limits.clone(), tainted: false, reusable: false, runs_since_gc: 0, image: None, arena,
        };
        sb.set_limits(limits);
        Ok(sb)
    }

    /// Apply `limits` to the next executions.
    pub fn set_limits(&mut self, limits: &Limits) {
        self.rt.set_memory_limit(limits.memory_bytes);
        self.rt.set_max_stack_size(limits.stack_bytes);
        self.host.log_cap.set(limits.console_bytes);
        self.host.zlib_cap.set(limits.memory_bytes / 4);
        if self.limits != *limits {
            self.limits = limits.clone();
        }
    }

    fn arm(&self, wall_deadline: Option<Instant>) {
        let cpu = Instant::now() + Duration::from_millis(self.limits.cpu_ms);
        let d = match wall_deadline {
            Some(w) => w.min(cpu),
            None => cpu,
        };
        self.host.wall_deadline.set(wall_deadline);
        self.host.deadline.set(Some(d));
    }

    fn disarm(&self) {
        self.host.deadline.set(None);
    }

    /// Turn a pending JavaScript exception into a typed failure.
    fn failure(&self, ctx: &Ctx<'_>, default: ActionErrorCode) -> Failure {
        let thrown = ctx.catch();
        if let Some(code) = self.host.interrupted.get() {
            return self.limit_failure(code);
        }
        let message = describe_error(ctx, thrown);
        if message.contains("out of memory") {
            return self.limit_failure(ActionErrorCode::ActionMemoryLimit);
        }
        if message.contains("Maximum call stack size exceeded") || message.contains("stack overflow") {
            return self.limit_failure(ActionErrorCode::ActionStackOverflow);
        }
        Failure::new(default, message)
    }

    fn limit_failure(&self, code: ActionErrorCode) -> Failure {
        let l = &self.limits;
        let message = match code {
            ActionErrorCode::ActionTimeout => format!("Action execution exceeded the time limit of {} ms", l.wall_ms),
            ActionErrorCode::ActionCpuLimit => format!("Action ran on the CPU for more than {} ms without yielding", l.cpu_ms),
            ActionErrorCode::ActionLogLimit => format!("Console output exceeded the limit of {} bytes", l.console_bytes),
            ActionErrorCode::ActionMemoryLimit => format!("Action exceeded the memory limit of {} bytes", l.memory_bytes),
            ActionErrorCode::ActionStackOverflow => "Maximum call stack size exceeded".into(),
            _ => code.as_str().into(),
        };
        Failure::new(code, message)
    }

    /// Compile (bytecode-cached) and evaluate the action module; returns whether the code was
    /// compiled now (a cache miss) rather than loaded from cached bytecode.
    /// `reusable`: the runtime will serve later executions, so the intrinsics are snapshotted
    /// first (to detect pollution after each run).
    pub fn load_action(&mut self, code: &str, deps: Option<Arc<DependencySet>>, wall_deadline: Option<Instant>, reusable: bool) -> Result<bool, Failure> {
        if code.len() > self.limits.code_bytes {
            return Err(Failure::new(ActionErrorCode::ActionCompilationFailed, format!("Action code is larger than the limit of {} bytes", self.limits.code_bytes)));
        }
        *self.host.deps.borrow_mut() = deps;
        self.arm(wall_deadline);
        let r = self.ctx.with(|ctx| {
            let (bc, hit) = shims::bytecode_for(&ctx, "/action.js", &shims::wrap_commonjs(code))
                .map_err(|_| self.failure(&ctx, ActionErrorCode::ActionCompilationFailed))?;
            let load = || -> rquickjs::Result<(Object, Option<intrinsics::Snapshot>)> {
                let f = bytecode::run(&ctx, &bc)?;
                let entry = self.entry.clone().restore(&ctx)?;
                let mut snapshot = None;
                if reusable {
                    let extras: Object = entry.get::<_, Function>("reuse")?.call(())?;
                    let objects: Vec<Value> = extras.get::<_, Function>("intrinsics")?.call(())?;
                    snapshot = intrinsics::Snapshot::take(&ctx, &objects);
                    if snapshot.is_none() {
                        extras.get::<_, Function>("snapshotIntrinsics")?.call::<_, ()>(())?;
                    }
                }
                let load: Function = entry.get("loadAction")?;
                match load.call((f,)) {
                    Ok(e) => Ok((e, snapshot)),
                    Err(e) => {
                        if let Some(mut s) = snapshot {
                            s.release(&ctx);
                        }
                        Err(e)
                    }
                }
            };
            let (exports, snapshot) = load().map_err(|_| self.failure(&ctx, ActionErrorCode::ActionError))?;
            while ctx.execute_pending_job() {}
            Ok((Persistent::save(&ctx, exports), !hit, snapshot))
        });
        self.disarm();
        let (exports, compiled, snapshot) = r.inspect_err(|_| self.tainted = true)?;
        if let Some(mut old) = std::mem::replace(&mut self.snapshot, snapshot) {
            self.ctx.with(|ctx| old.release(&ctx));
        }
        self.exports = Some(exports);
        self.reusable = reusable;
        Ok(compiled)
    }

    fn spec_for<'js>(&mut self, ctx: &Ctx<'js>, trigger: TriggerId) -> rquickjs::Result<Array<'js>> {
        if let Some((_, s)) = self.specs.iter().find(|(t, _)| *t == trigger) {
            return s.clone().restore(ctx);
        }
        let arr = Array::new(ctx.clone())?;
        for (i, (name, ret)) in triggers::api_methods(trigger).iter().enumerate() {
            let kind = match ret {
                Returns::Api => 0,
                Returns::Nothing => 1,
                Returns::Host => 2,
            };
            let pair = Array::new(ctx.clone())?;
            pair.set(0, *name)?;
            pair.set(1, kind)?;
            arr.set(i, pair)?;
        }
        self.specs.push((trigger, Persistent::save(ctx, arr.clone())));
        Ok(arr)
    }

    /// Start a handler. Returns `Ok(false)` when the module does not export it.
    pub fn begin(&mut self, inv: Invocation, handler: &str, event: &EventJson, secrets_json: &str, wall_deadline: Option<Instant>) -> Result<bool, Failure> {
        let (trigger, gen) = (inv.trigger, inv.gen);
        let h = &self.host;
        *h.invocation.borrow_mut() = Some(inv);
        h.kill.set(None);
        h.interrupted.set(None);
        h.timers.borrow_mut().clear();
        h.in_flight.borrow_mut().clear();
        h.new_fetches.borrow_mut().clear();
        h.cancelled.borrow_mut().clear();
        self.handler = None;
        self.arm(wall_deadline);
        let ctx = self.ctx.clone();
        let r = ctx.with(|ctx| {
            let spec = self.spec_for(&ctx, trigger).map_err(|_| self.failure(&ctx, ActionErrorCode::PlatformError))?;
            let start = || -> rquickjs::Result<Option<Value>> {
                let exports = match &self.exports {
                    Some(e) => e.clone().restore(&ctx)?,
                    None => return Ok(None),
                };
                let Ok(f) = exports.get::<_, Function>(handler) else { return Ok(None) };
                let begin = self.begin_fn.clone().restore(&ctx)?;
                // A single-use runtime materialises `event` whole: building the lazy accessors
                // once costs more than parsing everything.
                let pairs = if self.reusable { event.with_secrets(secrets_json) } else { None };
                let mut args = Args::new(ctx.clone(), 6 + pairs.as_ref().map_or(0, |p| p.len()));
                args.push_arg(f)?;
                args.push_arg(spec)?;
                args.push_arg(gen)?;
                match pairs {
                    Some(pairs) => {
                        args.push_arg(rquickjs::Undefined)?;
                        args.push_arg(rquickjs::Undefined)?;
                        args.push_arg(event_keys(&mut self.event_keys, &ctx, &pairs)?)?;
                        for (_, raw) in pairs {
                            args.push_arg(raw)?;
                        }
                    }
                    None => {
                        args.push_arg(event.whole().as_ref())?;
                        args.push_arg(secrets_json)?;
                    }
                }
                begin.call_arg(args).map(Some)
            };
            match start() {
                Ok(Some(v)) => Ok(Some(Persistent::save(&ctx, v))),
                Ok(None) => Ok(None),
                Err(_) => Err(self.failure(&ctx, ActionErrorCode::ActionError)),
            }
        });
        self.disarm();
        match r {
            Ok(Some(v)) => {
                self.handler = Some(v);
                Ok(true)
            }
            Ok(None) => Ok(false),
            Err(f) => Err(f),
        }
    }


    /// End the invocation: returns the recorder and the captured console output. Checks the
    /// runtime is still fit for reuse (intrinsics unmodified, no limit hit).
    pub fn end(&mut self, check_reuse: bool) -> (Option<Invocation>, String) {
        self.handler = None;
        self.runs_since_gc += 1;
        if check_reuse && !self.tainted {
            // Only our own code runs here (it clears a field of an internal object).
            let release = self.release_fn.clone();
            self.ctx.with(|ctx| {
                if release.restore(&ctx).and_then(|f| f.call::<_, ()>(())).is_err() {
                    let _ = ctx.catch();
                }
            });
        }
        let inv = self.host.invocation.borrow_mut().take();
        let logs = std::mem::take(&mut *self.host.logs.borrow_mut());
        self.host.timers.borrow_mut().clear();
        self.host.in_flight.borrow_mut().clear();
        if check_reuse && !self.tainted {
            self.arm(None);
            let intact = match &self.snapshot {
                Some(s) => s.intact(),
                None => self.ctx.with(|ctx| -> bool {
                    let extras = self.entry.clone().restore(&ctx).and_then(|e| e.get::<_, Function>("reuse")?.call::<_, Object>(()));
                    let f = extras.and_then(|e| e.get::<_, Function>("intrinsicsIntact"));
                    f.and_then(|f| f.call::<_, bool>(())).unwrap_or(false)
                }),
            };
            self.disarm();
            if !intact || self.host.interrupted.get().is_some() {
                self.tainted = true;
            }
        }
        (inv, logs)
    }

    /// Whether enough executions ended since the last collection for their leftover cycles to be
    /// worth a collection (see `collect_garbage`). A collection walks every live object, which
    /// costs several times a warm execution, and an action's own code rarely leaves cycles, so it
    /// runs once per `GC_EVERY` executions; QuickJS still collects on its own when allocations
    /// grow past its threshold.
    pub fn has_garbage(&self) -> bool {
        self.runs_since_gc >= GC_EVERY
    }

    /// Free what earlier executions left unreachable (reference cycles such as closures that
    /// point at each other). The pool calls this for idle runtimes while the worker has nothing
    /// else to do, so a kept runtime holds only its live state.
    pub fn collect_garbage(&mut self) {
        self.rt.run_gc();
        self.runs_since_gc = 0;
    }

    /// Bytes allocated by this runtime (the engine's heap plus the native intrinsics snapshot).
    pub fn memory_used(&self) -> usize {
        self.rt.memory_usage().malloc_size.max(0) as usize + self.snapshot.as_ref().map_or(0, |s| s.size())
    }
}

/// The JavaScript array of `pairs`' keys: the kept one while the keys are the same as last time.
fn event_keys<'js>(kept: &mut Option<(Vec<String>, Persistent<Array<'static>>)>, ctx: &Ctx<'js>, pairs: &[(&str, &str)]) -> rquickjs::Result<Array<'js>> {
    if let Some((keys, arr)) = kept {
        if keys.len() == pairs.len() && keys.iter().zip(pairs).all(|(k, (p, _))| k == p) {
            return arr.clone().restore(ctx);
        }
    }
    let arr = Array::new(ctx.clone())?;
    for (i, (k, _)) in pairs.iter().enumerate() {
        arr.set(i, *k)?;
    }
    *kept = Some((pairs.iter().map(|(k, _)| (*k).to_owned()).collect(), Persistent::save(ctx, arr.clone())));
    Ok(arr)
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let snapshot = self.snapshot.take();
        self.ctx.with(|ctx| {
            if let Some(mut s) = snapshot {
                s.release(&ctx);
            }
            self.host.accessors.release(&ctx);
        });
    }
}

