// What only a runtime that serves several executions needs (loaded by those only): the lazily
// materialised `event`/`api` objects and the intrinsics snapshot that detects prototype
// pollution. Receives the native dispatcher.
(function (H, JSONparse) {
  "use strict";
  const { defineProperty } = Object;

  // Lazily materialised own properties. `event` and `api` are plain objects whose top-level
  // properties start as enumerable accessors shared by the whole runtime; the first read (or
  // write) replaces the accessor with an ordinary data property. The per-object state lives in
  // a WeakMap, invisible to the action. So an execution pays only for the parts it touches,
  // while `Object.keys`, `JSON.stringify`, spreading and assignment behave as on plain data.
  const lazyState = new WeakMap();
  const descCache = new Map();
  const { getPrototypeOf: protoOf } = Object;
  function stateOf(o) {
    for (let t = o; t !== null && t !== undefined; t = protoOf(t)) {
      const st = lazyState.get(t);
      if (st !== undefined) return [t, st];
    }
    return undefined;
  }
  const dataDesc = (v) => ({ value: v, writable: true, enumerable: true, configurable: true });
  // `[key, get, set, ...]`, defined natively on each new object (host op 23).
  function lazyAccessors(kind, keys, sig) {
    const id = kind + "\u0000" + sig;
    let d = descCache.get(id);
    if (d !== undefined) return d;
    d = [];
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const desc = {
        get() {
          const found = stateOf(this);
          if (found === undefined) return undefined;
          const [o, st] = found;
          if (k in st.done) return st.done[k];
          const v = st.make(k);
          st.done[k] = v;
          try { defineProperty(o, k, dataDesc(v)); } catch (_) {}
          return v;
        },
        set(x) {
          const found = stateOf(this);
          if (found === undefined || found[0] !== this) { defineProperty(this, k, dataDesc(x)); return; }
          try { defineProperty(this, k, dataDesc(x)); found[1].done[k] = x; } catch (_) {}
        },
      };
      d.push(k, desc.get, desc.set);
    }
    if (descCache.size < 256) descCache.set(id, d);
    return d;
  }
  function lazyObject(kind, keys, sig, make) {
    const o = H(23, {}, lazyAccessors(kind, keys, sig));
    lazyState.set(o, { done: Object.create(null), make });
    return o;
  }

  // `event`: a fresh copy per execution; each top-level property is parsed from its own JSON
  // text on first access. `args[from]` is the array of keys (the same array object while the
  // host sees the same keys), then one JSON text per key.
  let layoutKeys = null, layoutIndex = null, layoutAccessors = null;
  function makeEvent(args, from) {
    const keys = args[from];
    if (keys !== layoutKeys) {
      const index = Object.create(null);
      for (let i = 0; i < keys.length; i++) index[keys[i]] = i;
      layoutAccessors = lazyAccessors("event", keys, keys.join("\u0000"));
      layoutKeys = keys; layoutIndex = index;
    }
    // The texts stay in `args` (the host call's arguments object): no copy.
    const index = layoutIndex, base = from + 1;
    const o = H(23, {}, layoutAccessors);
    lazyState.set(o, { done: Object.create(null), make: (k) => { const i = base + index[k]; const v = JSONparse(args[i]); args[i] = undefined; return v; } });
    return o;
  }
  // Snapshot of the intrinsics, taken before action code runs on a runtime that will be reused,
  // to detect prototype pollution cheaply after each run (a polluted runtime is discarded).
  const PROTOS = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype,
    Boolean.prototype, Promise.prototype, RegExp.prototype, Date.prototype, Error.prototype, Map.prototype,
    Set.prototype, Symbol.prototype, JSON, Math, Reflect, Object, Array, Promise,
    String, Number, Boolean, Function, Symbol, Error, TypeError.prototype, RangeError.prototype,
    SyntaxError.prototype, WeakMap.prototype, WeakSet.prototype, ArrayBuffer.prototype, Uint8Array.prototype,
    Object.getPrototypeOf(Uint8Array.prototype), Object.getPrototypeOf([][Symbol.iterator]()),
    Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()))];
  const { getOwnPropertyDescriptor, getPrototypeOf } = Object;
  const ownKeys = Reflect.ownKeys;
  let snap = null;
  // The watched objects, after reading every property once (so lazily initialised properties
  // are materialised before the native snapshot).
  function intrinsics() {
    for (let i = 0; i < PROTOS.length; i++) for (const k of ownKeys(PROTOS[i])) getOwnPropertyDescriptor(PROTOS[i], k);
    return PROTOS;
  }
  function snapshotIntrinsics() {
    snap = PROTOS.map((p) => {
      const data = [], accessors = [];
      for (const k of ownKeys(p)) {
        const d = getOwnPropertyDescriptor(p, k);
        if ("value" in d) data.push(k, d.value); else accessors.push(k, d.get, d.set);
      }
      return [p, data.length / 2 + accessors.length / 3, data, accessors, getPrototypeOf(p)];
    });
  }
  function intrinsicsIntact() {
    if (snap === null) return false;
    for (let i = 0; i < snap.length; i++) {
      const s = snap[i], p = s[0], data = s[2], acc = s[3];
      if (getPrototypeOf(p) !== s[4] || ownKeys(p).length !== s[1]) return false;
      for (let j = 0; j < data.length; j += 2) if (p[data[j]] !== data[j + 1]) return false;
      for (let j = 0; j < acc.length; j += 3) {
        const d = getOwnPropertyDescriptor(p, acc[j]);
        if (d === undefined || d.get !== acc[j + 1] || d.set !== acc[j + 2]) return false;
      }
    }
    return true;
  }

  return { lazyObject, makeEvent, intrinsics, snapshotIntrinsics, intrinsicsIntact };
})
