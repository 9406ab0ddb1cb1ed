//! The JavaScript half of the runtime (bootstrap and Node-compatible shims) and the process-wide
//! bytecode cache shared by shims, action code and npm modules.
//!
//! Caching bytecode shares compiled code only, never state: every runtime evaluates it afresh.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use rquickjs::{Ctx, Value};
use sha2::{Digest, Sha256};

use super::bytecode;

const SHIMS: &[(&str, &str)] = &[
    ("bootstrap", include_str!("js/bootstrap.js")),
    ("extras", include_str!("js/extras.js")),
    ("reuse", include_str!("js/reuse.js")),
    ("util", include_str!("js/util.js")),
    ("querystring", include_str!("js/querystring.js")),
    ("events", include_str!("js/events.js")),
    ("stream", include_str!("js/stream.js")),
    ("zlib", include_str!("js/zlib.js")),
    ("path", include_str!("js/path.js")),
    ("node_misc", include_str!("js/node_misc.js")),
    ("clone", include_str!("js/clone.js")),
    ("encoding", include_str!("js/encoding.js")),
    ("buffer", include_str!("js/buffer.js")),
    ("url", include_str!("js/url.js")),
    ("crypto", include_str!("js/crypto.js")),
    ("keys", include_str!("js/keys.js")),
    ("fetch", include_str!("js/fetch.js")),
];

/// Bound on cached compilations; the cache is simply cleared when full.
const MAX_CACHED: usize = 2_048;

type Cache = Mutex<HashMap<[u8; 32], Arc<Vec<u8>>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn key(filename: &str, source: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(filename.as_bytes());
    h.update([0]);
    h.update(source.as_bytes());
    h.finalize().into()
}

/// Bytecode for `source`, compiled once per process. Returns whether it was a cache hit.
pub fn bytecode_for(ctx: &Ctx<'_>, filename: &str, source: &str) -> rquickjs::Result<(Arc<Vec<u8>>, bool)> {
    let k = key(filename, source);
    if let Some(b) = cache().lock().unwrap_or_else(|e| e.into_inner()).get(&k) {
        return Ok((b.clone(), true));
    }
    let b = Arc::new(bytecode::compile(ctx, source, filename, bytecode::Keep::Everything)?);
    let mut c = cache().lock().unwrap_or_else(|e| e.into_inner());
    if c.len() >= MAX_CACHED {
        c.clear();
    }
    c.insert(k, b.clone());
    Ok((b, false))
}

/// Evaluate a built-in shim; its completion value is `function (host, shim, ops) {...}`.
pub fn load<'js>(ctx: &Ctx<'js>, name: &str) -> rquickjs::Result<Value<'js>> {
    let Some(&(name, src)) = SHIMS.iter().find(|(n, _)| *n == name) else {
        return Err(rquickjs::Exception::throw_message(ctx, &format!("unknown shim {name}")));
    };
    // Built-in shims are compiled once per process and found by name (no hashing of the
    // source on every runtime creation).
    type Compiled = Mutex<HashMap<&'static str, Arc<Vec<u8>>>>;
    static COMPILED: OnceLock<Compiled> = OnceLock::new();
    let compiled = COMPILED.get_or_init(Default::default);
    let cached = compiled.lock().unwrap_or_else(|e| e.into_inner()).get(name).cloned();
    let code = match cached {
        Some(c) => c,
        None => {
            let c = Arc::new(bytecode::compile(ctx, src, &format!("<portcullis:{name}>"), bytecode::Keep::CodeOnly)?);
            compiled.lock().unwrap_or_else(|e| e.into_inner()).insert(name, c.clone());
            c
        }
    };
    bytecode::run(ctx, &code)
}

/// Wrap CommonJS source as a function expression. The closing brace goes on its own line so a
/// trailing `//` comment cannot swallow it.
pub fn wrap_commonjs(source: &str) -> String {
    format!("(function (exports, require, module, __filename, __dirname) {{{source}\n}})")
}

/// Compile (cached) and evaluate a CommonJS file into its wrapper function.
pub fn compile_commonjs<'js>(ctx: &Ctx<'js>, source: &str, path: &str) -> rquickjs::Result<Value<'js>> {
    let (code, _) = bytecode_for(ctx, path, &wrap_commonjs(source))?;
    bytecode::run(ctx, &code)
}
