//! What a sandboxed run reports back: its failure, the state of its event loop, and the message
//! of a thrown JavaScript value.

use std::time::Instant;

use rquickjs::{Ctx, Value};

use crate::error::ActionErrorCode;

/// Why a sandboxed run failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: ActionErrorCode,
    pub message: String,
}

impl Failure {
    pub fn new(code: ActionErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }
}

/// State of the running handler after a pump of the event loop.
#[derive(Debug)]
pub enum Pump {
    /// The handler settled and nothing keeps the execution alive (or it failed).
    Done(Result<(), Failure>),
    /// Waiting for host ops (fetch) or a timer; `wake_at` is the next timer's due time.
    Waiting { wake_at: Option<Instant> },
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// The message of a thrown value, as Node prints it: `Name: message` for errors (and objects
/// with a `message`), `String(value)` otherwise. Runs no sandbox code of ours, so it works on a
/// runtime that ran out of memory.
pub(crate) fn describe_error<'js>(ctx: &Ctx<'js>, thrown: Value<'js>) -> String {
    use rquickjs::convert::Coerced;
    use rquickjs::FromJs;
    let text = |v: Value<'js>| Coerced::<String>::from_js(ctx, v).map(|c| c.0);
    let truthy = |v: &Value<'js>| {
        if let Some(b) = v.as_bool() {
            b
        } else if let Some(n) = v.as_number() {
            n != 0.0 && !n.is_nan()
        } else if let Some(s) = v.as_string() {
            s.to_string().map_or(true, |s| !s.is_empty())
        } else {
            !(v.is_undefined() || v.is_null())
        }
    };
    if let Some(o) = thrown.as_object().filter(|_| !thrown.is_function()) {
        if o.contains_key("message").unwrap_or(false) {
            if let Ok(m) = o.get::<_, Value>("message").and_then(text) {
                let name = o.get::<_, Value>("name").ok().filter(truthy).and_then(|n| text(n).ok());
                return match name {
                    Some(n) if n != "Error" => format!("{n}: {m}"),
                    _ => m,
                };
            }
            let _ = ctx.catch();
        }
    }
    text(thrown).unwrap_or_else(|_| {
        let _ = ctx.catch();
        "non-error value thrown".into()
    })
}

