//! The sandbox's event loop: promise jobs, due timers, and completions of host operations
//! (`fetch`), until the handler settles or waits on something outside.

use std::time::{Duration, Instant};

use rquickjs::{Function, Object, Value};

use super::{Failure, Pump, Sandbox};
use crate::error::ActionErrorCode;
use crate::fetch::{FetchRequest, FetchResponse};

/// How long one pump may keep running timers that fall due again and again (a `setTimeout(f, 0)`
/// loop): then it returns with a timer due now, and the worker serves its other executions
/// before this one continues.
const TIMER_SLICE: Duration = Duration::from_millis(1);

impl Sandbox {
    /// Run jobs and due timers until idle (or for at most `TIMER_SLICE` of timer rounds), then
    /// report the handler's state.
    pub fn pump(&mut self, wall_deadline: Option<Instant>) -> Pump {
        self.arm(wall_deadline);
        let r = self.run_until_idle();
        self.disarm();
        if let Err(f) = r {
            return Pump::Done(Err(f));
        }
        let settled = self.ctx.with(|ctx| -> Result<bool, Failure> {
            let Some(h) = &self.handler else { return Ok(true) };
            let Ok(v) = h.clone().restore(&ctx) else { return Ok(true) };
            let Some(p) = v.as_promise() else { return Ok(true) };
            match p.state() {
                rquickjs::promise::PromiseState::Pending => Ok(false),
                rquickjs::promise::PromiseState::Resolved => Ok(true),
                rquickjs::promise::PromiseState::Rejected => {
                    let reason = p.result::<Value>().and_then(Result::err);
                    drop(reason);
                    // `result` leaves the rejection reason as the pending exception.
                    Err(self.failure(&ctx, ActionErrorCode::ActionError))
                }
            }
        });
        let settled = match settled {
            Ok(s) => s,
            Err(f) => return Pump::Done(Err(f)),
        };
        let timers = self.host.timers.borrow();
        let keep_alive = !self.host.in_flight.borrow().is_empty() || timers.values().any(|t| t.keep_alive);
        if !keep_alive && (settled || timers.is_empty()) {
            if settled {
                return Pump::Done(Ok(()));
            }
            return Pump::Done(Err(Failure::new(
                ActionErrorCode::ActionNeverSettled,
                "The handler returned a promise that can never settle (nothing is pending that could resolve it)",
            )));
        }
        Pump::Waiting { wake_at: timers.values().map(|t| t.due).min() }
    }

    fn run_until_idle(&mut self) -> Result<(), Failure> {
        let slice_end = Instant::now() + TIMER_SLICE;
        loop {
            loop {
                match self.rt.execute_pending_job() {
                    Ok(true) => continue,
                    Ok(false) => break,
                    Err(e) => return Err(e.0.with(|ctx| self.failure(&ctx, ActionErrorCode::ActionError))),
                }
            }
            if let Some(code) = self.host.interrupted.get() {
                return Err(self.limit_failure(code));
            }
            let now = Instant::now();
            if now >= slice_end {
                return Ok(());
            }
            let due: Vec<u64> = {
                let mut timers = self.host.timers.borrow_mut();
                let ids: Vec<u64> = timers.iter().filter(|(_, t)| t.due <= now).map(|(id, _)| *id).collect();
                for id in &ids {
                    let every = timers.get(id).and_then(|t| t.every);
                    match (every, timers.get_mut(id)) {
                        (Some(d), Some(t)) => t.due = now + d,
                        _ => {
                            timers.remove(id);
                        }
                    }
                }
                ids
            };
            if due.is_empty() {
                return Ok(());
            }
            for id in due {
                self.complete(id, Ok(None))?;
            }
        }
    }

    fn complete(&self, id: u64, result: Result<Option<FetchResponse>, String>) -> Result<(), Failure> {
        self.ctx.with(|ctx| {
            let call = || -> rquickjs::Result<()> {
                let entry = self.entry.clone().restore(&ctx)?;
                let complete: Function = entry.get("complete")?;
                match result {
                    Ok(None) => complete.call((id, true, Value::new_undefined(ctx.clone()))),
                    Ok(Some(resp)) => {
                        // Built directly (no JSON text in between): what the shim's `Response` reads.
                        let o = Object::new(ctx.clone())?;
                        o.set("status", resp.status)?;
                        o.set("statusText", resp.status_text)?;
                        o.set("url", resp.url)?;
                        o.set("redirected", resp.redirected)?;
                        // `[name, value, name, value...]`: the shim's `Headers._fill`.
                        let headers = rquickjs::Array::new(ctx.clone())?;
                        for (i, (k, v)) in resp.headers.into_iter().enumerate() {
                            headers.set(2 * i, k)?;
                            headers.set(2 * i + 1, v)?;
                        }
                        o.set("headers", headers)?;
                        o.set("body", rquickjs::TypedArray::<u8>::new(ctx.clone(), resp.body)?)?;
                        complete.call((id, true, o))
                    }
                    Err(msg) => complete.call((id, false, msg)),
                }
            };
            call().map_err(|_| self.failure(&ctx, ActionErrorCode::ActionError))
        })
    }

    /// Deliver a finished `fetch`; call `pump` afterwards.
    pub fn complete_fetch(&mut self, id: u64, result: Result<FetchResponse, String>, wall_deadline: Option<Instant>) -> Result<(), Failure> {
        if !self.host.in_flight.borrow_mut().remove(&id) {
            return Ok(());
        }
        self.arm(wall_deadline);
        let r = self.complete(id, result.map(Some));
        self.disarm();
        r
    }

    /// Requests the script started since the last call, and requests it aborted.
    pub fn take_host_ops(&self) -> (Vec<(u64, FetchRequest)>, Vec<u64>) {
        (std::mem::take(&mut *self.host.new_fetches.borrow_mut()), std::mem::take(&mut *self.host.cancelled.borrow_mut()))
    }

    pub fn has_fetches_in_flight(&self) -> bool {
        !self.host.in_flight.borrow().is_empty()
    }
}
