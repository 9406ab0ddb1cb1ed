//! Compiling classic (non-module) scripts to QuickJS bytecode and running that bytecode.
//!
//! rquickjs only exposes bytecode for ES modules; action code is CommonJS and must run in sloppy
//! mode like on Node, so scripts are compiled through the raw API here. The bytecode loaded is
//! only ever bytecode this process produced with the same engine.

use std::ffi::CString;
use std::mem::MaybeUninit;

use rquickjs::{qjs, Ctx, Error, Value};

fn is_exception(v: qjs::JSValue) -> bool {
    // SAFETY: reading the tag of a value returned by the engine.
    unsafe { qjs::JS_VALUE_GET_TAG(v) == qjs::JS_TAG_EXCEPTION }
}

/// How much of the source survives in bytecode.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Source text and line numbers (user code: `toString()` and stack traces work).
    Everything,
    /// Neither (the runtime's own shims: smaller bytecode, faster to load per runtime).
    CodeOnly,
}

/// Compile `source` as a global script; returns its bytecode. A syntax error is left pending
/// on the context (read it with `ctx.catch()`).
pub fn compile(ctx: &Ctx<'_>, source: &str, filename: &str, keep: Keep) -> rquickjs::Result<Vec<u8>> {
    let src = CString::new(source)?;
    let name = CString::new(filename)?;
    let flags = (qjs::JS_EVAL_TYPE_GLOBAL | qjs::JS_EVAL_FLAG_COMPILE_ONLY) as i32;
    let raw = ctx.as_raw().as_ptr();
    // SAFETY: `src` is NUL-terminated and `source.len()` excludes the NUL, as JS_Eval requires.
    let func = unsafe { qjs::JS_Eval(raw, src.as_ptr(), source.len() as _, name.as_ptr(), flags) };
    if is_exception(func) {
        return Err(Error::Exception);
    }
    // SAFETY: `func` is an owned value; wrapping it frees it when dropped.
    let func = unsafe { Value::from_raw(ctx.clone(), func) };
    let mut len = MaybeUninit::uninit();
    // SAFETY: `func` is alive for the call; on success the engine returns a buffer of `len`
    // bytes allocated with its allocator, copied then freed with `js_free`.
    unsafe {
        let mut flags = qjs::JS_WRITE_OBJ_BYTECODE as i32;
        if keep == Keep::CodeOnly {
            flags |= (qjs::JS_WRITE_OBJ_STRIP_SOURCE | qjs::JS_WRITE_OBJ_STRIP_DEBUG) as i32;
        }
        let buf = qjs::JS_WriteObject(raw, len.as_mut_ptr(), func.as_raw(), flags);
        if buf.is_null() {
            return Err(Error::Exception);
        }
        let len = len.assume_init();
        let out = std::slice::from_raw_parts(buf, len as usize).to_vec();
        qjs::js_free(raw, buf.cast());
        Ok(out)
    }
}

/// Run bytecode produced by [`compile`] and return the script's completion value.
pub fn run<'js>(ctx: &Ctx<'js>, bytecode: &[u8]) -> rquickjs::Result<Value<'js>> {
    let raw = ctx.as_raw().as_ptr();
    // SAFETY: `bytecode` came from `compile` in this process (same engine build).
    unsafe {
        let func = qjs::JS_ReadObject(raw, bytecode.as_ptr(), bytecode.len() as _, qjs::JS_READ_OBJ_BYTECODE as i32);
        if is_exception(func) {
            return Err(Error::Exception);
        }
        // JS_EvalFunction takes ownership of `func`.
        let result = qjs::JS_EvalFunction(raw, func);
        if is_exception(result) {
            return Err(Error::Exception);
        }
        Ok(Value::from_raw(ctx.clone(), result))
    }
}
