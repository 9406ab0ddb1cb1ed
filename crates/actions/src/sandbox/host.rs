//! The per-runtime host state and the native functions behind the JavaScript shims.
//! Native functions validate their inputs and never panic; errors become JavaScript errors.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use rquickjs::function::Opt;
use rquickjs::{Ctx, Exception, FromJs, Function, IntoJs, Object, TypedArray, Value};
use sha2::Digest;

use super::invocation::Invocation;
use super::shims;
use crate::error::ActionErrorCode;
use crate::fetch::FetchRequest;
use crate::npm::DependencySet;

/// A timer: `keep_alive` timers (setTimeout) keep the execution running after the handler
/// resolved; intervals and `AbortSignal.timeout` timers do not.
#[derive(Debug, Clone)]
pub struct Timer {
    pub due: Instant,
    pub every: Option<Duration>,
    pub keep_alive: bool,
}

#[derive(Default)]
pub struct HostState {
    /// When the interrupt handler stops the script (the sooner of the CPU and wall deadlines).
    pub deadline: Cell<Option<Instant>>,
    pub wall_deadline: Cell<Option<Instant>>,
    /// Forces an interrupt at the next poll (console cap reached).
    pub kill: Cell<Option<ActionErrorCode>>,
    /// Which limit made the interrupt handler stop the script.
    pub interrupted: Cell<Option<ActionErrorCode>>,
    pub logs: RefCell<String>,
    pub log_cap: Cell<usize>,
    /// Largest output of one zlib call (a quarter of the memory limit).
    pub zlib_cap: Cell<usize>,
    pub next_id: Cell<u64>,
    pub timers: RefCell<BTreeMap<u64, Timer>>,
    pub new_fetches: RefCell<Vec<(u64, FetchRequest)>>,
    pub cancelled: RefCell<Vec<u64>>,
    pub in_flight: RefCell<HashSet<u64>>,
    pub invocation: RefCell<Option<Invocation>>,
    pub deps: RefCell<Option<Arc<DependencySet>>>,
    /// Resolved accessor lists of host op 23 (released in `Sandbox::drop`).
    pub accessors: super::accessors::AccessorCache,
}

impl HostState {
    /// Back to the state of a runtime that never ran an execution (ids keep counting up).
    pub fn reset(&self) {
        self.deadline.set(None);
        self.wall_deadline.set(None);
        self.kill.set(None);
        self.interrupted.set(None);
        self.logs.borrow_mut().clear();
        self.timers.borrow_mut().clear();
        self.new_fetches.borrow_mut().clear();
        self.cancelled.borrow_mut().clear();
        self.in_flight.borrow_mut().clear();
        *self.invocation.borrow_mut() = None;
        *self.deps.borrow_mut() = None;
    }

    pub fn next_id(&self) -> u64 {
        let id = self.next_id.get() + 1;
        self.next_id.set(id);
        id
    }

    /// Polled by QuickJS; returning true raises an uncatchable "interrupted" error.
    pub fn should_interrupt(&self) -> bool {
        if let Some(code) = self.kill.get() {
            self.interrupted.set(Some(code));
            return true;
        }
        let Some(deadline) = self.deadline.get() else { return false };
        let now = Instant::now();
        if now < deadline {
            return false;
        }
        let wall = self.wall_deadline.get().is_some_and(|w| now >= w);
        self.interrupted.set(Some(if wall { ActionErrorCode::ActionTimeout } else { ActionErrorCode::ActionCpuLimit }));
        true
    }

    fn log(&self, level: &str, text: &str) {
        let mut logs = self.logs.borrow_mut();
        let cap = self.log_cap.get();
        let prefix = match level {
            "warn" | "error" => level,
            _ => "",
        };
        let extra = text.len() + prefix.len() + 3;
        if logs.len() + extra > cap {
            let room = cap.saturating_sub(logs.len());
            let mut cut = room.min(text.len());
            while cut > 0 && !text.is_char_boundary(cut) {
                cut -= 1;
            }
            logs.push_str(&text[..cut]);
            logs.push_str("\n[console output truncated: limit reached]\n");
            self.kill.set(Some(ActionErrorCode::ActionLogLimit));
            return;
        }
        if !prefix.is_empty() {
            logs.push_str(prefix);
            logs.push_str(": ");
        }
        logs.push_str(text);
        logs.push('\n');
    }
}

const LENIENT_B64: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
);

fn bytes_of(a: &TypedArray<'_, u8>) -> Vec<u8> {
    // SAFETY: the slice is copied before any JavaScript runs again.
    unsafe { a.as_bytes() }.map(<[u8]>::to_vec).unwrap_or_default()
}

fn u8array<'js>(ctx: &Ctx<'js>, bytes: Vec<u8>) -> rquickjs::Result<TypedArray<'js, u8>> {
    TypedArray::new(ctx.clone(), bytes)
}

fn throw(ctx: &Ctx<'_>, msg: &str) -> rquickjs::Error {
    Exception::throw_message(ctx, msg)
}

pub fn digest(alg: &str, data: &[u8]) -> Option<Vec<u8>> {
    Some(match alg {
        "sha256" => sha2::Sha256::digest(data).to_vec(),
        "sha384" => sha2::Sha384::digest(data).to_vec(),
        "sha512" => sha2::Sha512::digest(data).to_vec(),
        "sha1" => sha1::Sha1::digest(data).to_vec(),
        "md5" => md5::Md5::digest(data).to_vec(),
        _ => return None,
    })
}

fn hmac(alg: &str, key: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    use hmac::{Hmac, Mac};
    macro_rules! run {
        ($h:ty) => {{
            let mut m = Hmac::<$h>::new_from_slice(key).ok()?;
            m.update(data);
            m.finalize().into_bytes().to_vec()
        }};
    }
    Some(match alg {
        "sha256" => run!(sha2::Sha256),
        "sha384" => run!(sha2::Sha384),
        "sha512" => run!(sha2::Sha512),
        "sha1" => run!(sha1::Sha1),
        "md5" => run!(md5::Md5),
        _ => return None,
    })
}

/// Operation numbers of the native dispatcher; `bootstrap.js` wraps each one in a plain
/// JavaScript method of its `host` object (one native function per runtime instead of one per
/// operation keeps runtime creation cheap).
mod op {
    pub const LOG: i32 = 0;
    pub const TIMER: i32 = 1;
    pub const CLEAR_TIMER: i32 = 2;
    pub const FETCH: i32 = 3;
    pub const CANCEL: i32 = 4;
    pub const API_CALL: i32 = 5;
    pub const SHIM: i32 = 6;
    pub const UTF8_ENCODE: i32 = 7;
    pub const UTF8_DECODE: i32 = 8;
    pub const HEX_ENCODE: i32 = 9;
    pub const HEX_DECODE: i32 = 10;
    pub const B64_ENCODE: i32 = 11;
    pub const B64_DECODE: i32 = 12;
    pub const HASH: i32 = 13;
    pub const HMAC: i32 = 14;
    pub const RANDOM_BYTES: i32 = 15;
    pub const UUID: i32 = 16;
    // 17, 18, 30: URLs (url_ops.rs)
    pub const RESOLVE: i32 = 19;
    pub const COMPILE: i32 = 20;
    pub const READ_JSON: i32 = 21;
    pub const IS_NODE_BUILTIN: i32 = 22;
    pub const DEFINE_ACCESSORS: i32 = 23;
    // 24-27: key operations (key_ops.rs)
    pub const RESOLVE_BROWSER: i32 = 28;
    // 29: zlib (zlib_ops.rs)
}

/// The native dispatcher handed to the bootstrap: `host(op, a, b, c)`.
pub fn install<'js>(ctx: &Ctx<'js>, st: &Rc<HostState>) -> rquickjs::Result<Function<'js>> {
    let s = st.clone();
    Function::new(ctx.clone(), move |ctx: Ctx<'js>, op: i32, a: Opt<Value<'js>>, b: Opt<Value<'js>>, c: Opt<Value<'js>>| {
        dispatch(&ctx, &s, op, [a.0, b.0, c.0])
    })
}

/// A required argument (a missing one converts like `undefined`, as a typed parameter would).
fn arg<'js, T: FromJs<'js>>(ctx: &Ctx<'js>, args: &[Option<Value<'js>>; 3], i: usize) -> rquickjs::Result<T> {
    match &args[i] {
        Some(v) => T::from_js(ctx, v.clone()),
        None => T::from_js(ctx, Value::new_undefined(ctx.clone())),
    }
}

/// An optional argument: missing or `undefined` is `None`.
fn opt<'js, T: FromJs<'js>>(ctx: &Ctx<'js>, args: &[Option<Value<'js>>; 3], i: usize) -> rquickjs::Result<Option<T>> {
    match &args[i] {
        Some(v) if !v.is_undefined() => T::from_js(ctx, v.clone()).map(Some),
        _ => Ok(None),
    }
}

fn dispatch<'js>(ctx: &Ctx<'js>, s: &Rc<HostState>, op: i32, args: [Option<Value<'js>>; 3]) -> rquickjs::Result<Value<'js>> {
    let args = &args;
    let undefined = || Ok(Value::new_undefined(ctx.clone()));
    match op {
        op::LOG => {
            let (level, text): (String, String) = (arg(ctx, args, 0)?, arg(ctx, args, 1)?);
            s.log(&level, &text);
            undefined()
        }
        op::TIMER => {
            let (ms, kind): (f64, i32) = (arg(ctx, args, 0)?, arg(ctx, args, 1)?);
            let id = s.next_id();
            let d = Duration::from_millis(ms.clamp(0.0, 1e9) as u64);
            s.timers.borrow_mut().insert(id, Timer { due: Instant::now() + d, every: (kind == 1).then_some(d.max(Duration::from_millis(1))), keep_alive: kind == 0 });
            id.into_js(ctx)
        }
        op::CLEAR_TIMER => {
            let id: u64 = arg(ctx, args, 0)?;
            s.timers.borrow_mut().remove(&id);
            undefined()
        }
        op::FETCH => {
            // `[url, method, redirect, name, value, name, value...]` and the body bytes.
            let head: rquickjs::Array = arg(ctx, args, 0)?;
            let body = args[1].clone().and_then(|b| TypedArray::<u8>::from_value(b).ok()).map(|b| bytes_of(&b));
            let mut request = FetchRequest { url: head.get(0)?, method: head.get(1)?, redirect: head.get(2)?, headers: Vec::with_capacity(head.len().saturating_sub(3) / 2), body };
            for i in (3..head.len().saturating_sub(1)).step_by(2) {
                request.headers.push((head.get(i)?, head.get(i + 1)?));
            }
            s.invocation.borrow_mut().as_mut().map(Invocation::count_fetch).transpose().map_err(|m| throw(ctx, &m))?;
            let id = s.next_id();
            s.in_flight.borrow_mut().insert(id);
            s.new_fetches.borrow_mut().push((id, request));
            id.into_js(ctx)
        }
        op::CANCEL => {
            let id: u64 = arg(ctx, args, 0)?;
            if s.in_flight.borrow_mut().remove(&id) {
                s.cancelled.borrow_mut().push(id);
            }
            undefined()
        }
        op::API_CALL => {
            let (gen, name): (u64, String) = (arg(ctx, args, 0)?, arg(ctx, args, 1)?);
            let a = args[2].clone().unwrap_or_else(|| Value::new_undefined(ctx.clone()));
            super::invocation::api_call(ctx, s, gen, &name, a)
        }
        op::SHIM => {
            let name: String = arg(ctx, args, 0)?;
            shims::load(ctx, &name)
        }
        op::UTF8_ENCODE => {
            let text: String = arg(ctx, args, 0)?;
            u8array(ctx, text.into_bytes())?.into_js(ctx)
        }
        op::UTF8_DECODE => {
            let b: TypedArray<'js, u8> = arg(ctx, args, 0)?;
            let fatal: Option<bool> = opt(ctx, args, 1)?;
            let v = bytes_of(&b);
            if fatal.unwrap_or(false) {
                String::from_utf8(v).map_err(|_| Exception::throw_type(ctx, "The encoded data was not valid for encoding utf-8"))?.into_js(ctx)
            } else {
                String::from_utf8_lossy(&v).into_owned().into_js(ctx)
            }
        }
        op::HEX_ENCODE => {
            let b: TypedArray<'js, u8> = arg(ctx, args, 0)?;
            bytes_of(&b).iter().map(|x| format!("{x:02x}")).collect::<String>().into_js(ctx)
        }
        op::HEX_DECODE => {
            let text: String = arg(ctx, args, 0)?;
            // Node stops at the first invalid pair.
            let v: Vec<u8> = text.as_bytes().chunks_exact(2).map_while(|p| std::str::from_utf8(p).ok().and_then(|p| u8::from_str_radix(p, 16).ok())).collect();
            u8array(ctx, v)?.into_js(ctx)
        }
        op::B64_ENCODE => {
            let (b, url): (TypedArray<'js, u8>, bool) = (arg(ctx, args, 0)?, arg(ctx, args, 1)?);
            let v = bytes_of(&b);
            if url { URL_SAFE_NO_PAD.encode(v) } else { STANDARD.encode(v) }.into_js(ctx)
        }
        op::B64_DECODE => {
            let text: String = arg(ctx, args, 0)?;
            // Node accepts both alphabets, missing padding, whitespace, and stops at junk.
            let mut clean: String = text
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| match c { '-' => '+', '_' => '/', c => c })
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/')
                .collect();
            if clean.len() % 4 == 1 {
                clean.pop();
            }
            u8array(ctx, LENIENT_B64.decode(&clean).unwrap_or_default())?.into_js(ctx)
        }
        op::HASH => {
            let (alg, data): (String, TypedArray<'js, u8>) = (arg(ctx, args, 0)?, arg(ctx, args, 1)?);
            let out = digest(&alg, &bytes_of(&data)).ok_or_else(|| throw(ctx, &format!("Digest method not supported: {alg}")))?;
            u8array(ctx, out)?.into_js(ctx)
        }
        op::HMAC => {
            let (alg, key, data): (String, TypedArray<'js, u8>, TypedArray<'js, u8>) = (arg(ctx, args, 0)?, arg(ctx, args, 1)?, arg(ctx, args, 2)?);
            let out = hmac(&alg, &bytes_of(&key), &bytes_of(&data)).ok_or_else(|| throw(ctx, &format!("Invalid digest: {alg}")))?;
            u8array(ctx, out)?.into_js(ctx)
        }
        op::RANDOM_BYTES => {
            let n: usize = arg(ctx, args, 0)?;
            let mut v = vec![0u8; n.min(65536)];
            rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut v);
            u8array(ctx, v)?.into_js(ctx)
        }
        op::UUID => {
            let mut b = [0u8; 16];
            rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut b);
            b[6] = (b[6] & 0x0f) | 0x40;
            b[8] = (b[8] & 0x3f) | 0x80;
            let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
            format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32]).into_js(ctx)
        }
        super::url_ops::PARSE | super::url_ops::SET | super::url_ops::HREF => {
            let (input, extra, value): (String, Option<String>, Option<String>) = (arg(ctx, args, 0)?, opt(ctx, args, 1)?, opt(ctx, args, 2)?);
            super::url_ops::run(ctx, op, &input, extra.as_deref(), value.as_deref())
        }
        op::DEFINE_ACCESSORS => {
            // `(target, [key, get, set, ...])`: what `Object.defineProperties` does with accessor
            // descriptors, without reading a descriptor object per property.
            let (target, flat): (Object<'js>, rquickjs::Array<'js>) = (arg(ctx, args, 0)?, arg(ctx, args, 1)?);
            s.accessors.define(ctx, &target, &flat)?;
            Ok(target.into_value())
        }
        super::key_ops::PARSE..=super::key_ops::EXPORT => super::key_ops::run(ctx, op, args),
        op::RESOLVE => {
            let (dir, req): (String, String) = (arg(ctx, args, 0)?, arg(ctx, args, 1)?);
            s.deps.borrow().as_ref().and_then(|d| d.resolve(&dir, &req)).into_js(ctx)
        }
        super::zlib_ops::ZLIB => {
            let (mode, data, level): (String, TypedArray<'js, u8>, i32) = (arg(ctx, args, 0)?, arg(ctx, args, 1)?, arg(ctx, args, 2)?);
            let cap = s.zlib_cap.get();
            let out = super::zlib_ops::run(&mode, &bytes_of(&data), level, cap).map_err(|e| throw(ctx, &e))?;
            u8array(ctx, out)?.into_js(ctx)
        }
        op::RESOLVE_BROWSER => {
            let (dir, req): (String, String) = (arg(ctx, args, 0)?, arg(ctx, args, 1)?);
            s.deps.borrow().as_ref().and_then(|d| d.resolve_browser(&dir, &req)).into_js(ctx)
        }
        op::COMPILE => {
            let path: String = arg(ctx, args, 0)?;
            let deps = s.deps.borrow().clone().ok_or_else(|| throw(ctx, "no dependencies"))?;
            let src = deps.read(&path).map_err(|e| throw(ctx, &e))?;
            shims::compile_commonjs(ctx, &src, &path)
        }
        op::READ_JSON => {
            let path: String = arg(ctx, args, 0)?;
            let deps = s.deps.borrow().clone().ok_or_else(|| throw(ctx, "no dependencies"))?;
            deps.read(&path).map_err(|e| throw(ctx, &e))?.into_js(ctx)
        }
        op::IS_NODE_BUILTIN => {
            let name: String = arg(ctx, args, 0)?;
            crate::npm::is_node_builtin(&name).into_js(ctx)
        }
        _ => Err(throw(ctx, "unknown host operation")),
    }
}
