// Rarely used parts of the runtime, evaluated the first time one is needed (most single-use
// runtimes never load it): the JavaScript wrappers of the host operations used by the shims,
// npm `require`, `process`, the lazily materialised `event`/`api` objects of reused runtimes,
// and the fallback intrinsics check. Receives the native dispatcher and the bootstrap's `shim`.
(function (H, shim, JSONparse) {
  "use strict";
  const { defineProperty } = Object;
  // Operation numbers: see `mod op` in host.rs.
  const host = {
    log: (level, text) => H(0, level, text),
    timer: (ms, kind) => H(1, ms, kind),
    clearTimer: (id) => H(2, id),
    fetch: (req, body) => H(3, req, body),
    cancel: (id) => H(4, id),
    apiCall: (gen, name, args) => H(5, gen, name, args),
    shim: (name) => H(6, name),
    utf8Encode: (s) => H(7, s),
    utf8Decode: (b, fatal) => H(8, b, fatal),
    hexEncode: (b) => H(9, b),
    hexDecode: (s) => H(10, s),
    b64Encode: (b, url) => H(11, b, url),
    b64Decode: (s) => H(12, s),
    hash: (alg, data) => H(13, alg, data),
    hmac: (alg, key, data) => H(14, alg, key, data),
    randomBytes: (n) => H(15, n),
    uuid: () => H(16),
    urlParse: (input, base) => H(17, input, base),
    urlSet: (href, field, v) => H(18, href, field, v),
    resolve: (dir, req) => H(19, dir, req),
    compile: (path) => H(20, path),
    readJson: (path) => H(21, path),
    isNodeBuiltin: (name) => H(22, name),
  };

  const notAvailable = (name) => new Error('The module "' + name + '" is not available in Actions');
  const makeProcess = () => { const process = {
    env: {},
    argv: [],
    version: "v22.0.0",
    versions: { node: "22.0.0" },
    platform: "linux",
    arch: "x64",
    release: { name: "node" },
    cwd: () => "/",
    nextTick: (fn, ...args) => queueMicrotask(() => fn(...args)),
    hrtime: Object.assign((prev) => {
      const t = performance.now(); const s = Math.floor(t / 1000); const ns = Math.floor((t % 1000) * 1e6);
      return prev ? [s - prev[0], ns - prev[1]] : [s, ns];
    }, { bigint: () => BigInt(Math.floor(performance.now() * 1e6)) }),
    memoryUsage: () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0 }),
    emitWarning: () => {},
    on: () => process, once: () => process, off: () => process,
    binding(name) { throw notAvailable("process.binding(" + name + ")"); },
    dlopen() { throw notAvailable("process.dlopen"); },
    exit() { throw new Error("process.exit is not available in Actions"); },
    kill() { throw new Error("process.kill is not available in Actions"); },
  }; return process; };


  // CommonJS require: built-in shims, then the action's declared npm dependencies.
  const BUILTINS = { crypto: "crypto", url: "url", util: "util", querystring: "querystring", buffer: "buffer", events: "events" };
  const modules = new Map();
  function makeRequire(dir) {
    function require(name) {
      if (typeof name !== "string") throw new TypeError('The "id" argument must be of type string');
      const bare = name.startsWith("node:") ? name.slice(5) : name;
      if (Object.prototype.hasOwnProperty.call(BUILTINS, bare)) {
        const m = shim(BUILTINS[bare]);
        return m.module || m;
      }
      const path = host.resolve(dir, name);
      if (path == null) {
        if (host.isNodeBuiltin(bare)) throw notAvailable(bare);
        const e = new Error("Cannot find module '" + name + "'");
        e.code = "MODULE_NOT_FOUND";
        throw e;
      }
      if (modules.has(path)) return modules.get(path).exports;
      const module = { exports: {}, id: path, filename: path, loaded: false, children: [], paths: [] };
      modules.set(path, module);
      try {
        if (path.endsWith(".json")) {
          module.exports = JSON.parse(host.readJson(path));
        } else {
          const fn = host.compile(path);
          const d = path.slice(0, path.lastIndexOf("/")) || "/";
          module.require = makeRequire(d);
          fn.call(module.exports, module.exports, module.require, module, path, d);
        }
      } catch (e) {
        modules.delete(path);
        throw e;
      }
      module.loaded = true;
      return module.exports;
    }
    require.resolve = (name) => { const p = host.resolve(dir, name); if (p == null) throw new Error("Cannot find module '" + name + "'"); return p; };
    require.cache = Object.create(null);
    return require;
  }


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
  // text on first access.
  function makeEvent(args, from) {
    const keys = [], raws = Object.create(null);
    for (let i = from; i < args.length; i += 2) { keys.push(args[i]); raws[args[i]] = args[i + 1]; }
    return lazyObject("event", keys, keys.join("\u0000"), (k) => { const v = JSONparse(raws[k]); raws[k] = undefined; return v; });
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

  return { host, makeProcess, makeRequire, lazyObject, makeEvent, intrinsics, snapshotIntrinsics, intrinsicsIntact };
})
