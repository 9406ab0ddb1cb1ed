// Evaluated once per runtime (from bytecode compiled once per process). Receives the native
// dispatcher `hostCall(op, a, b, c)`, installs Node-compatible globals (the rarely used ones
// lazily, on first access), and returns the runtime's internal entry points. The dispatcher
// and the `host` wrapper are only reachable through closures here, never from a global.
(function (hostCall) {
  "use strict";
  const G = globalThis;
  const H = hostCall;
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
  const ops = new Map();
  const lazyCache = Object.create(null);
  const { defineProperty } = Object;
  const JSONparse = JSON.parse;
  const define = (o, k, v) => defineProperty(o, k, { value: v, writable: true, configurable: true, enumerable: false });

  function shim(name) {
    let m = lazyCache[name];
    if (m === undefined) {
      m = host.shim(name)(host, shim, ops);
      lazyCache[name] = m;
    }
    return m;
  }
  // A global created on first access (reading it, or replacing it).
  function lazyGlobal(name, make) {
    defineProperty(G, name, {
      configurable: true, enumerable: false,
      get() { const v = make(); define(G, name, v); return v; },
      set(v) { define(G, name, v); },
    });
  }
  const lazy = (name, mod, key) => lazyGlobal(name, () => shim(mod)[key || name]);

  // console: captured by the host, capped per execution.
  const fmt = (args) => shim("util").format.apply(null, args);
  const mk = (level) => (...args) => { host.log(level, fmt(args)); };
  const console = {};
  for (const l of ["log", "info", "warn", "error", "debug", "trace"]) console[l] = mk(l);
  console.dir = (o) => host.log("log", shim("util").inspect(o));
  console.table = console.log;
  define(G, "console", console);

  // Timers: the host keeps the clock; callbacks run when it completes the op.
  function setTimeout(fn, ms, ...args) {
    if (typeof fn !== "function") throw new TypeError('The "callback" argument must be of type function');
    const id = host.timer(Math.max(0, Number(ms) || 0), 0);
    ops.set(id, { timer: () => fn(...args) });
    return id;
  }
  function setInterval(fn, ms, ...args) {
    if (typeof fn !== "function") throw new TypeError('The "callback" argument must be of type function');
    const id = host.timer(Math.max(1, Number(ms) || 0), 1);
    ops.set(id, { timer: () => fn(...args), repeat: true });
    return id;
  }
  function clearTimer(id) {
    if (typeof id === "number" && ops.has(id) && ops.get(id).timer) { ops.delete(id); host.clearTimer(id); }
  }
  define(G, "setTimeout", setTimeout);
  define(G, "setInterval", setInterval);
  define(G, "setImmediate", (fn, ...args) => setTimeout(fn, 0, ...args));
  define(G, "clearTimeout", clearTimer);
  define(G, "clearInterval", clearTimer);
  define(G, "clearImmediate", clearTimer);
  define(G, "global", G);

  lazy("Buffer", "buffer");
  lazy("TextEncoder", "encoding");
  lazy("TextDecoder", "encoding");
  lazy("URL", "url");
  lazy("URLSearchParams", "url");
  lazy("structuredClone", "clone");
  lazy("crypto", "crypto", "webcrypto");
  for (const k of ["fetch", "Headers", "Request", "Response", "FormData", "AbortController", "AbortSignal"]) lazy(k, "fetch");

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
  lazyGlobal("process", makeProcess);

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

  // The action module itself.
  function loadAction(fn) {
    const module = { exports: {}, id: ".", filename: "/action.js", loaded: false, children: [], paths: [] };
    const require = makeRequire("/");
    module.require = require;
    fn.call(module.exports, module.exports, require, module, "/action.js", "/");
    module.loaded = true;
    return module.exports;
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
  function lazyDescriptors(kind, keys, sig) {
    const id = kind + "\u0000" + sig;
    let d = descCache.get(id);
    if (d !== undefined) return d;
    d = {};
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      d[k] = {
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
        enumerable: true, configurable: true,
      };
    }
    if (descCache.size < 256) descCache.set(id, d);
    return d;
  }
  function lazyObject(kind, keys, sig, make) {
    const o = Object.defineProperties({}, lazyDescriptors(kind, keys, sig));
    lazyState.set(o, { done: Object.create(null), make });
    return o;
  }

  // `api`: every method records a command through the host (which validates arguments).
  // The namespace/method layout of a trigger is computed once per runtime; each execution gets
  // its own objects and closures (bound to its generation, so stale objects are refused),
  // created when a namespace is first used.
  let layoutSpec = null, layout = null;
  function apiLayout(spec) {
    if (spec === layoutSpec) return layout;
    const names = [], byNs = Object.create(null);
    for (let i = 0; i < spec.length; i++) {
      const name = spec[i][0], dot = name.indexOf(".");
      const ns = name.slice(0, dot);
      if (byNs[ns] === undefined) { byNs[ns] = []; names.push(ns); }
      byNs[ns].push([name.slice(dot + 1), name, name === "transaction.setMetadata" ? 3 : spec[i][1]]);
    }
    layoutSpec = spec; layout = { names, byNs, sig: names.join(",") };
    return layout;
  }
  function makeApi(spec, event, gen) {
    const L = apiLayout(spec);
    let api;
    const makeNs = (ns) => {
      const methods = L.byNs[ns], o = {};
      for (let j = 0; j < methods.length; j++) {
        const name = methods[j][1], kind = methods[j][2];
        if (kind === 3) {
          o[methods[j][0]] = function (...args) {
            host.apiCall(gen, name, args);
            const t = event.transaction || (event.transaction = {});
            const md = t.metadata || (t.metadata = {});
            if (args[1] === null) delete md[args[0]]; else md[args[0]] = args[1];
          };
        } else if (kind === 0) {
          o[methods[j][0]] = function (...args) { host.apiCall(gen, name, args); return api; };
        } else {
          o[methods[j][0]] = function (...args) { return host.apiCall(gen, name, args); };
        }
      }
      return o;
    };
    api = lazyObject("api", L.names, L.sig, makeNs);
    return api;
  }

  // `event`: a fresh copy per execution; each top-level property is parsed from its own JSON
  // text on first access.
  function makeEvent(args, from) {
    const keys = [], raws = Object.create(null);
    for (let i = from; i < args.length; i += 2) { keys.push(args[i]); raws[args[i]] = args[i + 1]; }
    return lazyObject("event", keys, keys.join("\u0000"), (k) => { const v = JSONparse(raws[k]); raws[k] = undefined; return v; });
  }
  // Start a handler: build `event` (from the whole JSON, or from `key, json` pairs) and `api`,
  // then call it.
  function begin(handler, spec, gen, whole, secrets) {
    let event;
    if (whole !== undefined) {
      event = JSONparse(whole);
      event.secrets = JSONparse(secrets);
      event.configuration = {};
    } else {
      event = makeEvent(arguments, 5);
    }
    return handler(event, makeApi(spec, event, gen));
  }

  // Completion of a host op (timer fired, fetch finished).
  function complete(id, ok, value) {
    const op = ops.get(id);
    if (op === undefined) return;
    if (op.timer) {
      if (!op.repeat) ops.delete(id);
      op.timer();
      return;
    }
    ops.delete(id);
    if (ok) op.resolve(value); else op.reject(value);
  }

  function describeError(e) {
    if (e instanceof Error || (e && typeof e === "object" && "message" in e)) {
      let m = String(e.message);
      if (e.name && e.name !== "Error") m = e.name + ": " + m;
      return m;
    }
    try { return String(e); } catch (_) { return "non-error value thrown"; }
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

  return { begin, makeApi, complete, loadAction, describeError, intrinsics, intrinsicsIntact, snapshotIntrinsics, ops };
})
