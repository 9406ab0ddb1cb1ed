//! One handler invocation's recorder: the `api` calls land here, are validated against the
//! trigger contract, and are either recorded as commands or answered by the host.

use std::rc::Rc;
use std::sync::Arc;

use rquickjs::{Ctx, Exception, Value};
use serde_json::Value as Json;

use super::host::HostState;
use crate::cache::{self, ActionCache};
use crate::jwt::{self, TokenContext};
use crate::model::{Command, Handler, TriggerId};
use crate::triggers::{self, CallCtx, Returns};

/// Most `api` calls one action may make (a guard against loops filling host memory).
const MAX_COMMANDS: usize = 1_000;

pub struct Invocation {
    /// Identifies the `api` object handed to this invocation; calls on stale objects (from a
    /// previous execution on a reused runtime) are refused.
    pub gen: u64,
    pub trigger: TriggerId,
    pub handler: Handler,
    pub commands: Vec<Command>,
    /// Commands of the actions that ran before, in this trigger execution.
    pub earlier: Vec<Command>,
    pub cache: Arc<dyn ActionCache>,
    pub cache_scope: String,
    pub cache_side_effects: usize,
    pub token_ctx: TokenContext,
    pub can_redirect: bool,
    pub fetches: usize,
    pub max_fetches: usize,
}

impl Invocation {
    pub fn count_fetch(&mut self) -> Result<(), String> {
        self.fetches += 1;
        if self.fetches > self.max_fetches {
            return Err(format!("fetch: at most {} requests per action", self.max_fetches));
        }
        Ok(())
    }
}

/// `api.redirect.canRedirect()`: false for `prompt=none` and non-interactive protocols.
pub fn can_redirect(event: &Json) -> bool {
    const NON_INTERACTIVE: &[&str] = &["oauth2-resource-owner", "oauth2-refresh-token", "oauth2-password", "oauth2-webauthn"];
    let protocol = event.pointer("/transaction/protocol").and_then(Json::as_str).unwrap_or_default();
    let prompt_none = event.pointer("/transaction/prompt").and_then(Json::as_array).is_some_and(|p| p.iter().any(|x| x == "none"))
        || event.pointer("/request/query/prompt").and_then(Json::as_str) == Some("none");
    !prompt_none && !NON_INTERACTIVE.contains(&protocol)
}

fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

fn to_js<'js>(ctx: &Ctx<'js>, v: Option<Json>) -> rquickjs::Result<Value<'js>> {
    match v {
        None => Ok(Value::new_undefined(ctx.clone())),
        Some(v) => ctx.json_parse(v.to_string()),
    }
}

pub fn api_call<'js>(ctx: &Ctx<'js>, st: &Rc<HostState>, gen: u64, name: &str, args: Value<'js>) -> rquickjs::Result<Value<'js>> {
    let json = ctx.json_stringify(args)?.map(|s| s.to_string()).transpose()?.unwrap_or_else(|| "[]".into());
    let args: Vec<Json> = serde_json::from_str(&json).map_err(|e| Exception::throw_type(ctx, &format!("api.{name}: {e}")))?;
    let mut guard = st.invocation.borrow_mut();
    let inv = match guard.as_mut() {
        Some(inv) if inv.gen == gen => inv,
        _ => return Err(Exception::throw_message(ctx, &format!("api.{name} was called after its execution ended"))),
    };
    let returns = triggers::api_methods(inv.trigger).iter().find(|(m, _)| *m == name).map(|(_, r)| *r);
    let Some(returns) = returns else {
        return Err(Exception::throw_type(ctx, &format!("api.{name} is not available in this trigger")));
    };
    let all_earlier: Vec<Command>;
    let earlier: &[Command] = if inv.earlier.is_empty() {
        &inv.commands
    } else {
        all_earlier = inv.earlier.iter().chain(inv.commands.iter()).cloned().collect();
        &all_earlier
    };
    let call_ctx = CallCtx { handler: inv.handler, earlier };
    triggers::check_call(inv.trigger, name, &args, &call_ctx).map_err(|m| Exception::throw_message(ctx, &m))?;
    if returns != Returns::Host {
        if inv.commands.len() >= MAX_COMMANDS {
            return Err(Exception::throw_message(ctx, &format!("Too many api calls: at most {MAX_COMMANDS} per action")));
        }
        inv.commands.push(Command { api: name.to_owned(), args });
        return Ok(Value::new_undefined(ctx.clone()));
    }
    let key = || args.first().and_then(Json::as_str).unwrap_or_default().to_owned();
    let result = match name {
        "cache.get" => cache::get(inv.cache.as_ref(), &inv.cache_scope, &key(), now_ms()),
        "cache.set" => Some(cache::set(inv.cache.as_ref(), &inv.cache_scope, &args, now_ms(), &mut inv.cache_side_effects)),
        "cache.delete" => Some(cache::delete(inv.cache.as_ref(), &inv.cache_scope, &key(), &mut inv.cache_side_effects)),
        "redirect.canRedirect" => Some(Json::Bool(inv.can_redirect)),
        "redirect.encodeToken" => {
            let opts = args.first().cloned().unwrap_or(Json::Null);
            let t = jwt::encode(&opts, &inv.token_ctx, now_ms() / 1000).map_err(|m| Exception::throw_message(ctx, &m))?;
            Some(Json::String(t))
        }
        "redirect.validateToken" => {
            let opts = args.first().cloned().unwrap_or(Json::Null);
            Some(jwt::validate(&opts, &inv.token_ctx, now_ms() / 1000).map_err(|m| Exception::throw_message(ctx, &m))?)
        }
        _ => None,
    };
    drop(guard);
    to_js(ctx, result)
}
