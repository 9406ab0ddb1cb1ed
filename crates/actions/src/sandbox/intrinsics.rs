//! Detecting modified intrinsics (prototype pollution) on a reused runtime in about a
//! microsecond, by comparing the engine's own property storage of each watched object with a
//! snapshot taken before any action code ran.
//!
//! A watched object's own properties live in two places: its shape (prototype, property keys
//! and attribute flags) and its property-value array. Any observable change to the object
//! (adding, deleting or redefining a property, assigning a value, changing the prototype,
//! preventing extensions) changes the shape's prototype, key count, keys or flags, a value
//! slot, or the `extensible` bit, which is exactly what is compared here. The values in the
//! snapshot are kept referenced, so their addresses cannot be reused by a different value.
//!
//! This reads QuickJS internals, whose layout is not public API. The layout is checked once per
//! process against the public API on a probe object (`layout_ok`); if anything disagrees the
//! caller falls back to the slower property-by-property check written in JavaScript.
//! `rquickjs` is pinned to an exact version in Cargo.toml for this reason.

use std::sync::OnceLock;

use rquickjs::{qjs, Ctx, Object, Value};

// Offsets for quickjs-ng as bundled by rquickjs-sys 0.14.0 on 64-bit targets (`struct JSObject`
// and `struct JSShape` in quickjs.c).
const OBJ_FLAGS: usize = 16; // bit 1: extensible
const OBJ_CLASS_ID: usize = 18;
const OBJ_SHAPE: usize = 24;
const OBJ_PROP: usize = 32;
const SH_HASH_MASK: usize = 24;
const SH_PROP_COUNT: usize = 32;
const SH_DELETED: usize = 36;
const SH_PROTO: usize = 48;
const SH_HASH_TABLE: usize = 56;
/// `JSShapeProperty` is `{hash_next: 26 bits, flags: 6 bits, atom: u32}`; the hash chain link
/// may change on a rehash without any observable change, so it is masked out.
const KEY_MASK: u64 = !0x03FF_FFFF;

#[derive(PartialEq, Eq)]
struct Layout {
    extensible: bool,
    proto: usize,
    count: i32,
    deleted: i32,
    /// The shape's property array and the object's value array, byte for byte: what `intact`
    /// compares. Bytes that differ without an observable change (an int slot's unused upper
    /// half rewritten, a hash chain relinked) only cost a discarded runtime, never a miss.
    raw_keys: Vec<u8>,
    raw_values: Vec<u8>,
}

impl Layout {
    fn len(&self) -> usize {
        self.raw_keys.len() / 8
    }
    /// Flags and atom of property slot `i`.
    fn key(&self, i: usize) -> u64 {
        // SAFETY: `i < len()`, inside the copied bytes.
        unsafe { key_at(self.raw_keys.as_ptr(), i) }
    }
    /// Value slot `i` (data value, getter/setter pair...), 32-bit payloads masked.
    fn value(&self, i: usize) -> [u64; 2] {
        // SAFETY: as above.
        unsafe { value_at(self.raw_values.as_ptr(), i, self.key(i)) }
    }
}

unsafe fn rd<T: Copy>(p: *const u8, off: usize) -> T {
    std::ptr::read_unaligned(p.add(off).cast::<T>())
}

/// Read an object's property storage. `obj` must point to a live `JSObject`.
unsafe fn read(obj: *const u8) -> Option<Layout> {
    let shape = rd::<usize>(obj, OBJ_SHAPE) as *const u8;
    if shape.is_null() || (shape as usize) % 8 != 0 {
        return None;
    }
    let mask = rd::<u32>(shape, SH_HASH_MASK) as usize;
    let count = rd::<i32>(shape, SH_PROP_COUNT);
    let deleted = rd::<i32>(shape, SH_DELETED);
    if !(0..=100_000).contains(&count) || mask >= 1 << 20 || !(mask + 1).is_power_of_two() {
        return None;
    }
    let props = rd::<usize>(obj, OBJ_PROP) as *const u8;
    if count > 0 && props.is_null() {
        return None;
    }
    let sprops = shape.add(SH_HASH_TABLE + (mask + 1) * 4);
    let n = count as usize;
    let raw_keys = if n > 0 { std::slice::from_raw_parts(sprops, n * 8).to_vec() } else { Vec::new() };
    let raw_values = if n > 0 { std::slice::from_raw_parts(props, n * 16).to_vec() } else { Vec::new() };
    Some(Layout { extensible: rd::<u8>(obj, OBJ_FLAGS) & 2 != 0, proto: rd::<usize>(shape, SH_PROTO), count, deleted, raw_keys, raw_values })
}

unsafe fn key_at(sprops: *const u8, i: usize) -> u64 {
    rd::<u64>(sprops, i * 8) & KEY_MASK
}

unsafe fn value_at(props: *const u8, i: usize, key: u64) -> [u64; 2] {
    let (mut payload, tag) = (rd::<u64>(props, i * 16), rd::<u64>(props, i * 16 + 8));
    // 32-bit payloads (int, bool, null, undefined...) leave the upper half unspecified.
    if (key as u32 >> 26) & qjs::JS_PROP_TMASK == qjs::JS_PROP_NORMAL && (0..=6).contains(&(tag as i64)) {
        payload &= 0xFFFF_FFFF;
    }
    [payload, tag]
}

/// `read(obj) == Some(l)` without allocating.
unsafe fn unchanged(obj: *const u8, l: &Layout) -> bool {
    let shape = rd::<usize>(obj, OBJ_SHAPE) as *const u8;
    if shape.is_null() || (shape as usize) % 8 != 0 {
        return false;
    }
    let mask = rd::<u32>(shape, SH_HASH_MASK) as usize;
    if rd::<i32>(shape, SH_PROP_COUNT) != l.count
        || rd::<i32>(shape, SH_DELETED) != l.deleted
        || rd::<usize>(shape, SH_PROTO) != l.proto
        || (rd::<u8>(obj, OBJ_FLAGS) & 2 != 0) != l.extensible
        || mask >= 1 << 20
    {
        return false;
    }
    let n = l.len();
    if n == 0 {
        return true;
    }
    let props = rd::<usize>(obj, OBJ_PROP) as *const u8;
    let sprops = shape.add(SH_HASH_TABLE + (mask + 1) * 4);
    std::slice::from_raw_parts(sprops, n * 8) == l.raw_keys.as_slice() && std::slice::from_raw_parts(props, n * 16) == l.raw_values.as_slice()
}

fn ptr_of(v: &Value<'_>) -> Option<*const u8> {
    if !v.is_object() {
        return None;
    }
    // SAFETY: an object value's payload is its `JSObject` pointer.
    Some(unsafe { qjs::JS_VALUE_GET_PTR(v.as_raw()) } as *const u8)
}

fn atom(ctx: &Ctx<'_>, name: &std::ffi::CStr) -> u32 {
    // SAFETY: the atom is only compared, then released.
    unsafe {
        let a = qjs::JS_NewAtom(ctx.as_raw().as_ptr(), name.as_ptr());
        qjs::JS_FreeAtom(ctx.as_raw().as_ptr(), a);
        a
    }
}

/// Whether the layout assumptions hold for this engine build (checked once per process on a
/// probe object, through the public API).
pub fn layout_ok(ctx: &Ctx<'_>) -> bool {
    static OK: OnceLock<bool> = OnceLock::new();
    *OK.get_or_init(|| cfg!(target_pointer_width = "64") && probe(ctx).unwrap_or(false))
}

fn probe(ctx: &Ctx<'_>) -> Option<bool> {
    let o = Object::new(ctx.clone()).ok()?;
    o.set("a", 1).ok()?;
    o.set("b", "x").ok()?;
    let v = o.clone().into_value();
    let p = ptr_of(&v)?;
    let raw_ctx = ctx.as_raw().as_ptr();
    // SAFETY: `p` is a live object (held by `o`); reads stay inside its header unless the
    // shape pointer looks valid.
    unsafe {
        if rd::<u16>(p, OBJ_CLASS_ID) as u32 != qjs::JS_GetClassID(v.as_raw()) {
            return Some(false);
        }
        let shape = rd::<usize>(p, OBJ_SHAPE);
        if shape == 0 || shape % 8 != 0 || shape.abs_diff(p as usize) > 1 << 40 {
            return Some(false);
        }
        let proto = qjs::JS_GetPrototype(raw_ctx, v.as_raw());
        let proto_ptr = qjs::JS_VALUE_GET_PTR(proto) as usize;
        qjs::JS_FreeValue(raw_ctx, proto);
        let l = read(p)?;
        let flags = |k: u64| ((k as u32) >> 26) as u32;
        let ok = l.extensible
            && l.proto == proto_ptr
            && l.count == 2
            && l.deleted == 0
            && (l.key(0) >> 32) as u32 == atom(ctx, c"a")
            && (l.key(1) >> 32) as u32 == atom(ctx, c"b")
            && flags(l.key(0)) == qjs::JS_PROP_C_W_E
            && l.value(0) == [1, qjs::JS_TAG_INT as i64 as u64]
            && l.value(1)[1] == qjs::JS_TAG_STRING as i64 as u64;
        if !ok {
            return Some(false);
        }
        o.set("a", 5).ok()?;
        o.set("c", 2.5).ok()?;
        let l2 = read(p)?;
        if l2.count != 3 || l2.value(0) != [5, qjs::JS_TAG_INT as i64 as u64] || (l2.key(2) >> 32) as u32 != atom(ctx, c"c") {
            return Some(false);
        }
        o.remove("b").ok()?;
        let l3 = read(p)?;
        if l3 == l2 {
            return Some(false);
        }
        qjs::JS_PreventExtensions(raw_ctx, v.as_raw());
        let l4 = read(p)?;
        Some(!l4.extensible && l4.proto == proto_ptr)
    }
}

/// Snapshot of the watched intrinsics of one runtime.
pub struct Snapshot {
    entries: Vec<(usize, Layout)>,
    /// References keeping every snapshotted value alive (released by `release`).
    refs: Vec<qjs::JSValue>,
}

impl Snapshot {
    /// Take the snapshot; `None` when the layout check failed (use the JavaScript check).
    pub fn take<'js>(ctx: &Ctx<'js>, objects: &[Value<'js>]) -> Option<Snapshot> {
        if !layout_ok(ctx) {
            return None;
        }
        let mut s = Snapshot { entries: Vec::with_capacity(objects.len()), refs: Vec::new() };
        let raw_ctx = ctx.as_raw().as_ptr();
        for v in objects {
            let Some(p) = ptr_of(v) else { continue };
            // SAFETY: `p` is a live object; the layout was validated above.
            let Some(l) = (unsafe { read(p) }) else {
                s.release(ctx);
                return None;
            };
            // SAFETY: keep the object and each reference-counted value alive while the snapshot
            // exists, so no other value can take their addresses.
            unsafe {
                s.refs.push(qjs::JS_DupValue(raw_ctx, v.as_raw()));
                for i in 0..l.len() {
                    let (k, val) = (l.key(i), l.value(i));
                    let kind = ((k as u32) >> 26) & qjs::JS_PROP_TMASK;
                    if kind == qjs::JS_PROP_NORMAL {
                        let jv = qjs::JSValue { u: qjs::JSValueUnion { ptr: val[0] as usize as *mut _ }, tag: val[1] as i64 };
                        if (jv.tag as i32) < 0 {
                            s.refs.push(qjs::JS_DupValue(raw_ctx, jv));
                        }
                    } else if kind == qjs::JS_PROP_GETSET {
                        for ptr in [val[0], val[1]] {
                            if ptr != 0 {
                                s.refs.push(qjs::JS_DupValue(raw_ctx, qjs::JS_MKPTR(qjs::JS_TAG_OBJECT, ptr as *mut _)));
                            }
                        }
                    }
                }
            }
            s.entries.push((p as usize, l));
        }
        Some(s)
    }

    /// Whether every watched object is exactly as snapshotted.
    pub fn intact(&self) -> bool {
        // SAFETY: the watched objects are kept alive by `refs`.
        self.entries.iter().all(|(p, l)| unsafe { unchanged(*p as *const u8, l) })
    }

    /// Bytes held by the snapshot.
    pub fn size(&self) -> usize {
        self.entries.iter().map(|(_, l)| l.raw_keys.len() + l.raw_values.len() + 64).sum::<usize>() + self.refs.len() * 16
    }

    /// Drop the references; must run before the context is freed.
    pub fn release(&mut self, ctx: &Ctx<'_>) {
        for v in self.refs.drain(..) {
            // SAFETY: each value was duplicated once in `take`.
            unsafe { qjs::JS_FreeValue(ctx.as_raw().as_ptr(), v) };
        }
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_matches_this_engine_and_detects_changes() {
        let rt = rquickjs::Runtime::new().unwrap();
        let ctx = rquickjs::Context::full(&rt).unwrap();
        ctx.with(|ctx| {
            assert!(layout_ok(&ctx), "the QuickJS layout check failed: intrinsics.rs needs updating for this engine");
            // As bootstrap.js `intrinsics()` does: read every property first, so lazily
            // initialised ones are materialised before the snapshot.
            let watched: Vec<Value> = ctx
                .eval("const w = [Object.prototype, Array.prototype, Function.prototype, JSON]; for (const o of w) for (const k of Reflect.ownKeys(o)) Object.getOwnPropertyDescriptor(o, k); w")
                .unwrap();
            let mut snap = Snapshot::take(&ctx, &watched).unwrap();
            assert!(snap.intact());
            let _: Value = ctx.eval("({a: 1}).b = 2; [1, 2].push(3); const f = Array.prototype.push; Array.prototype.push = f;").unwrap();
            assert!(snap.intact(), "ordinary code (and writing back the same value) is not a change");
            for (change, undo) in [
                ("Object.prototype.polluted = 1", "delete Object.prototype.polluted"),
                ("Array.prototype[0] = 1", "Array.prototype.length = 0"),
                ("JSON.stringify = () => 'x'", ""),
                ("Object.defineProperty(Function.prototype, 'call', {writable: false})", ""),
            ] {
                let _: Value = ctx.eval(change).unwrap();
                assert!(!snap.intact(), "{change} went unnoticed");
                if undo.is_empty() {
                    break;
                }
                let _: Value = ctx.eval(undo).unwrap();
            }
            snap.release(&ctx);
        });
    }
}
