// Evaluated once per runtime. Receives the native `host` object, installs Node-compatible
// globals, and returns the runtime's internal entry points. `host` is only reachable through
// closures here; it is never stored on a global.
(function (host) {
  "use strict";
  const G = globalThis;
  const ops = new Map();
  const lazyCache = Object.create(null);
  const define = (o, k, v) => Object.defineProperty(o, k, { value: v, writable: true, configurable: true, enumerable: false });

  function shim(name) {
    let m = lazyCache[name];
    if (m === undefined) {
      m = host.shim(name)(host, shim, ops);
      lazyCache[name] = m;
    }
    return m;
  }
  function lazy(name, mod, key) {
    Object.defineProperty(G, name, {
      configurable: true, enumerable: false,
      get() { const v = shim(mod)[key || name]; define(G, name, v); return v; },
      set(v) { define(G, name, v); },
    });
  }

  // console: captured by the host, capped per execution.
  const fmt = (args) => shim("util").format.apply(null, args);
  const mk = (level) => function () { host.log(level, fmt(arguments)); };
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
  const process = {
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
  };
  define(G, "process", process);

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

  // `api`: every method records a command through the host (which validates arguments).
  function makeApi(spec, event, gen) {
    const api = {};
    for (let i = 0; i < spec.length; i++) {
      const name = spec[i][0], kind = spec[i][1];
      const dot = name.indexOf(".");
      const ns = name.slice(0, dot), m = name.slice(dot + 1);
      const o = api[ns] || (api[ns] = {});
      if (name === "transaction.setMetadata") {
        o[m] = function (...args) {
          host.apiCall(gen, name, args);
          const t = event.transaction || (event.transaction = {});
          const md = t.metadata || (t.metadata = {});
          if (args[1] === null) delete md[args[0]]; else md[args[0]] = args[1];
        };
      } else if (kind === 0) {
        o[m] = function (...args) { host.apiCall(gen, name, args); return api; };
      } else {
        o[m] = function (...args) { return host.apiCall(gen, name, args); };
      }
    }
    return api;
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
    Set.prototype, Symbol.prototype, JSON, Math, Reflect, Object, Array, Promise];
  const { getOwnPropertyDescriptor, getPrototypeOf } = Object;
  const ownKeys = Reflect.ownKeys;
  let snap = null;
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

  return { makeApi, complete, loadAction, describeError, intrinsicsIntact, snapshotIntrinsics, ops };
})
