//! Host operation 23 (`DEFINE_ACCESSORS`): defines a list of lazy accessors on a new object.
//! The `[key, get, set, ...]` lists are built once per runtime by reuse.js; their atoms and
//! functions are resolved once and kept here (referenced, so the list's address cannot be
//! reused by another value), so each execution only pays for the definitions themselves.

use std::cell::RefCell;

use rquickjs::{qjs, Array, Ctx, Object, Value};

const FLAGS: i32 = (qjs::JS_PROP_HAS_GET | qjs::JS_PROP_HAS_SET | qjs::JS_PROP_HAS_ENUMERABLE | qjs::JS_PROP_ENUMERABLE | qjs::JS_PROP_HAS_CONFIGURABLE | qjs::JS_PROP_CONFIGURABLE) as i32;
/// Lists kept per runtime (a runtime uses two: its event's and its api's).
const MAX_LISTS: usize = 8;

struct Resolved {
    list: qjs::JSValue,
    props: Vec<(qjs::JSAtom, qjs::JSValue, qjs::JSValue)>,
}

#[derive(Default)]
pub struct AccessorCache {
    lists: RefCell<Vec<Resolved>>,
}

fn address(v: qjs::JSValue) -> usize {
    // SAFETY: only called on object values.
    unsafe { qjs::JS_VALUE_GET_PTR(v) as usize }
}

impl AccessorCache {
    /// Define every accessor of `flat` on `target`.
    pub fn define<'js>(&self, ctx: &Ctx<'js>, target: &Object<'js>, flat: &Array<'js>) -> rquickjs::Result<()> {
        let raw = ctx.as_raw().as_ptr();
        let id = address(flat.as_raw());
        let mut lists = self.lists.borrow_mut();
        let pos = match lists.iter().position(|r| address(r.list) == id) {
            Some(p) => p,
            None => {
                let resolved = resolve(ctx, flat)?;
                if lists.len() >= MAX_LISTS {
                    free(raw, lists.remove(0));
                }
                lists.push(resolved);
                lists.len() - 1
            }
        };
        let undefined = Value::new_undefined(ctx.clone());
        for &(atom, get, set) in &lists[pos].props {
            // SAFETY: atom, getter and setter are kept alive by this cache; JS_DefineProperty
            // takes its own references.
            if unsafe { qjs::JS_DefineProperty(raw, target.as_raw(), atom, undefined.as_raw(), get, set, FLAGS) } < 0 {
                return Err(rquickjs::Error::Exception);
            }
        }
        Ok(())
    }

    /// Forget every list without releasing it: for a heap that was just replaced by a copy
    /// taken before the lists were resolved.
    pub fn forget(&self) {
        self.lists.borrow_mut().clear();
    }

    /// Drop every reference; must run before the context is freed.
    pub fn release(&self, ctx: &Ctx<'_>) {
        let raw = ctx.as_raw().as_ptr();
        for r in self.lists.borrow_mut().drain(..) {
            free(raw, r);
        }
    }
}

fn resolve<'js>(ctx: &Ctx<'js>, flat: &Array<'js>) -> rquickjs::Result<Resolved> {
    let raw = ctx.as_raw().as_ptr();
    // SAFETY: every value taken here is duplicated once and freed once in `free`.
    let mut r = Resolved { list: unsafe { qjs::JS_DupValue(raw, flat.as_raw()) }, props: Vec::new() };
    let mut i = 0;
    while i + 2 < flat.len() {
        let (key, get, set): (Value, Value, Value) = (flat.get(i)?, flat.get(i + 1)?, flat.get(i + 2)?);
        let atom = unsafe { qjs::JS_ValueToAtom(raw, key.as_raw()) };
        if atom == qjs::JS_ATOM_NULL {
            free(raw, r);
            return Err(rquickjs::Error::Exception);
        }
        r.props.push((atom, unsafe { qjs::JS_DupValue(raw, get.as_raw()) }, unsafe { qjs::JS_DupValue(raw, set.as_raw()) }));
        i += 3;
    }
    Ok(r)
}

fn free(raw: *mut qjs::JSContext, r: Resolved) {
    // SAFETY: releases exactly the references `resolve` took.
    unsafe {
        for (atom, get, set) in r.props {
            qjs::JS_FreeAtom(raw, atom);
            qjs::JS_FreeValue(raw, get);
            qjs::JS_FreeValue(raw, set);
        }
        qjs::JS_FreeValue(raw, r.list);
    }
}
