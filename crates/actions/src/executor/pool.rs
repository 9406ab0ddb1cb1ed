//! Warm runtimes of one worker, keyed by tenant + action + version: module state of an action
//! version persists across its executions (as on Auth0's Node 22 runtime) but a runtime is never
//! handed to another action or tenant.

use std::collections::{HashMap, VecDeque};

use sha2::{Digest, Sha256};

use crate::limits::Limits;
use crate::sandbox::{Failure, Sandbox};

pub struct RuntimePool {
    idle: HashMap<String, Vec<([u8; 32], Sandbox)>>,
    order: VecDeque<String>,
    count: usize,
    max: usize,
    /// Restorable runtimes for single-use executions, not in use, already reset to their
    /// bootstrapped state (`clean`) or still holding their last execution (`used`, reset while
    /// the worker is idle so no execution's data stays in memory longer than that).
    clean: Vec<Sandbox>,
    used: Vec<Sandbox>,
    /// Restorable runtimes of this worker, in use or not.
    restorable: usize,
    /// How many restorable runtimes this worker may have (beyond that, a single-use execution
    /// gets a runtime created for it and freed afterwards).
    restorable_max: usize,
    /// Limits of the latest single-use execution: restorable runtimes made while idle use them.
    fresh_limits: Limits,
}

fn code_hash(code: &str) -> [u8; 32] {
    Sha256::digest(code.as_bytes()).into()
}

impl RuntimePool {
    pub fn new(max: usize, restorable_max: usize) -> Self {
        Self { idle: HashMap::new(), order: VecDeque::new(), count: 0, max, clean: Vec::new(), used: Vec::new(), restorable: 0, restorable_max, fresh_limits: Limits::default() }
    }

    /// A runtime in which no code but the bootstrap ever ran: a restorable one reset to its
    /// bootstrapped state when this worker has one (or may make one), otherwise a new one.
    pub fn fresh(&mut self, limits: &Limits) -> Result<Sandbox, Failure> {
        self.fresh_limits = limits.clone();
        // Runtimes whose memory is too small for these limits are retired.
        let before = self.clean.len() + self.used.len();
        self.clean.retain(|s| s.can_serve(limits));
        self.used.retain(|s| s.can_serve(limits));
        self.restorable -= before - (self.clean.len() + self.used.len());
        if let Some(mut s) = self.clean.pop() {
            s.set_limits(limits);
            return Ok(s);
        }
        if let Some(mut s) = self.used.pop() {
            s.reset(limits);
            return Ok(s);
        }
        if self.restorable < self.restorable_max {
            let s = Sandbox::new_restorable(limits)?;
            if s.is_restorable() {
                self.restorable += 1;
            }
            return Ok(s);
        }
        Sandbox::new(limits)
    }

    /// A runtime that must not serve this execution's action again: a restorable one waits for
    /// its reset, any other is freed.
    pub fn discard(&mut self, sandbox: Sandbox) {
        if sandbox.is_restorable() {
            self.used.push(sandbox);
        }
    }

    /// One unit of background work (reset a used restorable runtime, collect the garbage an
    /// execution left in a kept one, or make a restorable runtime ahead of need); returns
    /// whether there was any. The worker calls it only when no request is waiting.
    pub fn idle_work(&mut self) -> bool {
        if let Some(mut s) = self.used.pop() {
            s.reset(&self.fresh_limits);
            self.clean.push(s);
            return true;
        }
        for list in self.idle.values_mut() {
            if let Some((_, s)) = list.iter_mut().find(|(_, s)| s.has_garbage()) {
                s.collect_garbage();
                return true;
            }
        }
        // One ready runtime ahead of need, once single-use executions have been asked for.
        if self.clean.is_empty() && self.restorable < self.restorable_max && self.restorable > 0 {
            if let Ok(s) = Sandbox::new_restorable(&self.fresh_limits) {
                if s.is_restorable() {
                    self.restorable += 1;
                    self.clean.push(s);
                    return true;
                }
            }
        }
        false
    }

    /// An idle runtime with this action version loaded, if any.
    pub fn take(&mut self, key: &str, code: &str) -> Option<Sandbox> {
        let h = code_hash(code);
        let list = self.idle.get_mut(key)?;
        let pos = list.iter().position(|(c, _)| *c == h)?;
        let (_, s) = list.swap_remove(pos);
        self.count -= 1;
        Some(s)
    }

    pub fn put(&mut self, key: String, code: &str, sandbox: Sandbox) {
        if self.max == 0 {
            return;
        }
        while self.count >= self.max {
            let Some(old) = self.order.pop_front() else { break };
            if let Some(list) = self.idle.get_mut(&old) {
                if !list.is_empty() {
                    list.remove(0);
                    self.count -= 1;
                }
                if list.is_empty() {
                    self.idle.remove(&old);
                }
            }
        }
        self.order.retain(|k| *k != key);
        self.order.push_back(key.clone());
        self.idle.entry(key).or_default().push((code_hash(code), sandbox));
        self.count += 1;
    }


}

#[cfg(test)]
mod tests {
    use super::RuntimePool;
    use crate::sandbox::{EventJson, Invocation, Pump, Sandbox};
    use crate::{Handler, InMemoryCache, Limits, TriggerId};
    use std::sync::Arc;

    const CYCLES: &str = "exports.onExecutePostLogin = async (event, api) => { for (let i = 0; i < 500; i++) { const a = {}; const b = { a }; a.b = b; } };";

    fn run_once(sb: &mut Sandbox) {
        let inv = Invocation {
            gen: 1, trigger: TriggerId::PostLogin, handler: Handler::Execute, commands: vec![], earlier: vec![],
            cache: Arc::new(InMemoryCache::default()), cache_scope: "t/post-login".into(), cache_side_effects: 0,
            token_ctx: Default::default(), can_redirect: true, fetches: 0, max_fetches: 1,
        };
        sb.begin(inv, "onExecutePostLogin", &EventJson::from_text("{}"), "{}", None).expect("begin");
        assert!(matches!(sb.pump(None), Pump::Done(Ok(()))));
        sb.end(true);
    }

    #[test]
    fn an_idle_worker_collects_the_cycles_a_kept_runtime_was_left_with() {
        let mut sb = Sandbox::new(&Limits::default()).expect("sandbox");
        sb.load_action(CYCLES, None, None, true).expect("load");
        for _ in 1..crate::sandbox::GC_EVERY {
            run_once(&mut sb);
            assert!(!sb.has_garbage(), "not worth a collection yet");
        }
        run_once(&mut sb);
        let before = sb.memory_used();
        assert!(sb.has_garbage());
        let mut pool = RuntimePool::new(4, 0);
        pool.put("t\u{1}a\u{1}v".into(), CYCLES, sb);
        assert!(pool.idle_work(), "collecting is idle work");
        assert!(!pool.idle_work(), "nothing left to do");
        let mut sb = pool.take("t\u{1}a\u{1}v", CYCLES).expect("kept");
        assert!(!sb.has_garbage());
        let after = sb.memory_used();
        assert!(after < before, "{after} bytes after vs {before} before");
        sb.collect_garbage();
        assert_eq!(sb.memory_used(), after, "the idle collection left nothing to collect");
    }
}
