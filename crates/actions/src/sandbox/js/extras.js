// Rarely used parts of the runtime, evaluated the first time one is needed (most runtimes
// never load it): the JavaScript wrappers of the host operations used by the shims, npm
// `require` and `process`. Receives the native dispatcher and the bootstrap's `shim`.
(function (H, shim, JSONparse) {
  "use strict";
  // Operation numbers: see `mod op` in host.rs.
  const host = {
    log: (level, text) => H(0, level, text),
    timer: (ms, kind) => H(1, ms, kind),
    clearTimer: (id) => H(2, id),
    fetch: (head, body) => H(3, head, body),
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
    urlHref: (input) => H(30, input),
    urlSet: (href, field, v) => H(18, href, field, v),
    resolve: (dir, req) => H(19, dir, req),
    compile: (path) => H(20, path),
    readJson: (path) => H(21, path),
    isNodeBuiltin: (name) => H(22, name),
    resolveBrowser: (dir, req) => H(28, dir, req),
    zlib: (mode, data, level) => H(29, mode, data, level),
    keyParse: (spec, data) => H(24, spec, data),
    keySign: (spec, der, data) => H(25, spec, der, data),
    keyVerify: (spec, parts) => H(26, spec, parts),
    keyExport: (spec, der) => H(27, spec, der),
  };

  const notAvailable = (name) => { const e = new Error('The module "' + name + '" is not available in Actions'); e.code = "ERR_ACTIONS_MODULE_NOT_AVAILABLE"; return e; };
  const makeProcess = () => { const process = {
    env: {},
    stdout: { fd: 1, isTTY: false, write: (s) => { H(0, "log", String(s)); return true; } },
    stderr: { fd: 2, isTTY: false, write: (s) => { H(0, "error", String(s)); return true; } },
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
  const BUILTINS = { crypto: "crypto", url: "url", util: "util", querystring: "querystring", buffer: "buffer", events: "events", stream: "stream", zlib: "zlib", path: "path" };
  const MISC = { os: 1, tty: 1, assert: 1, "assert/strict": 1, string_decoder: 1, timers: 1, "timers/promises": 1, perf_hooks: 1 };
  const modules = new Map();
  let depth = 0; // modules being evaluated right now
  let lenient = 0; // > 0 while a package loads with stand-ins for missing built-ins
  const standIns = new Map();
  // A missing built-in whose every member throws when used (`require("http").get(...)`).
  function standIn(name) {
    let m = standIns.get(name);
    if (m === undefined) {
      const fail = (key) => function () { throw notAvailable(name + "." + String(key)); };
      m = new Proxy({}, { get: (t, key) => (key === "__esModule" || key === "default" || typeof key === "symbol" ? undefined : fail(key)) });
      standIns.set(name, m);
    }
    return m;
  }
  function makeRequire(dir) {
    function require(name) {
      if (typeof name !== "string") throw new TypeError('The "id" argument must be of type string');
      const bare = name.startsWith("node:") ? name.slice(5) : name;
      if (Object.prototype.hasOwnProperty.call(BUILTINS, bare)) {
        const m = shim(BUILTINS[bare]);
        return m.module || m;
      }
      if (Object.prototype.hasOwnProperty.call(MISC, bare)) return shim("node_misc")[bare].module;
      if (bare === "process") return globalThis.process;
      if (bare === "console") return globalThis.console;
      const path = host.resolve(dir, name);
      if (path == null) {
        if (host.isNodeBuiltin(bare)) {
          if (lenient > 0) return standIn(bare);
          throw notAvailable(bare);
        }
        const e = new Error("Cannot find module '" + name + "'");
        e.code = "MODULE_NOT_FOUND";
        throw e;
      }
      try {
        return load(path);
      } catch (e) {
        // A package the action requires whose Node build needs a missing built-in (`http`,
        // `zlib`...) gets its browser build instead, when it has one (HTTP clients then use
        // `fetch`). Only for the outermost require: a dependency's browser build would expect a
        // browser around it.
        // Without one, the package loads with stand-ins for the missing modules that throw
        // only when used (a JWT library that can also fetch key sets over `https` still signs
        // and verifies).
        if (depth !== 0 || !e || e.code !== "ERR_ACTIONS_MODULE_NOT_AVAILABLE") throw e;
        const alt = host.resolveBrowser(dir, name);
        if (alt != null) {
          try { return load(alt); } catch (_) { /* fall through to stand-ins */ }
        }
        lenient++;
        try { return load(path); } finally { lenient--; }
      }
    }
    function load(path) {
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
          depth++;
          try { fn.call(module.exports, module.exports, module.require, module, path, d); } finally { depth--; }
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


  return { host, makeProcess, makeRequire };
})
