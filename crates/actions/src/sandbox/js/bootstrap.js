// Evaluated once per runtime (from bytecode compiled once per process). Receives the native
// dispatcher `hostCall(op, a, b, c)`, installs Node-compatible globals (the rarely used ones
// lazily, on first access), and returns the runtime's internal entry points. The dispatcher
// is only reachable through closures here and in the shims, never from a global.
//
// Kept small on purpose (runtime creation reads and runs all of it): the rarely used parts
// live in extras.js, loaded on first use.
(function (hostCall) {
  "use strict";
  const G = globalThis;
  // Operation numbers: see `mod op` in host.rs.
  const H = hostCall;
  const ops = new Map();
  const lazyCache = Object.create(null);
  const { defineProperty } = Object;
  const JSONparse = JSON.parse;
  const define = (o, k, v) => defineProperty(o, k, { value: v, writable: true, configurable: true, enumerable: false });

  let extras, reusing;
  function more() {
    if (extras === undefined) extras = H(6, "extras")(H, shim, JSONparse);
    return extras;
  }
  function reuse() {
    if (reusing === undefined) reusing = H(6, "reuse")(H, JSONparse);
    return reusing;
  }
  function shim(name) {
    let m = lazyCache[name];
    if (m === undefined) {
      m = H(6, name)(more().host, shim, ops);
      lazyCache[name] = m;
    }
    return m;
  }
  // Globals created on first access (reading or replacing them): an accessor per name whose
  // getter and setter only know the name; what to create is looked up in `makers` (a shim
  // name, "shim#export", or a function), so each name costs two small closures.
  const makers = Object.create(null);
  function materialise(name, replaced, value) {
    const make = makers[name];
    makers[name] = undefined;
    let v = value;
    if (!replaced) {
      if (typeof make === "function") v = make();
      else { const i = make.indexOf("#"); v = i < 0 ? shim(make)[name] : shim(make.slice(0, i))[make.slice(i + 1)]; }
    }
    define(G, name, v);
    return v;
  }
  function lazyGlobal(name, make) {
    makers[name] = make;
    // Method syntax: unlike `function` expressions, methods get no `prototype` object.
    defineProperty(G, name, {
      configurable: true, enumerable: false,
      get() { return materialise(name, false); },
      set(v) { materialise(name, true, v); },
    });
  }
  const lazy = (name, mod, key) => lazyGlobal(name, key ? mod + "#" + key : mod);

  // console: captured by the host, capped per execution.
  lazyGlobal("console", () => {
    const fmt = (args) => shim("util").format.apply(null, args);
    const mk = (level) => (...args) => { H(0, level, fmt(args)); };
    const console = {};
    for (const l of ["log", "info", "warn", "error", "debug", "trace"]) console[l] = mk(l);
    console.dir = (o) => H(0, "log", shim("util").inspect(o));
    console.table = console.log;
    return console;
  });

  // Timers: the host keeps the clock; callbacks run when it completes the op.
  function setTimeout(fn, ms, ...args) {
    if (typeof fn !== "function") throw new TypeError('The "callback" argument must be of type function');
    const id = H(1, Math.max(0, Number(ms) || 0), 0);
    ops.set(id, { timer: () => fn(...args) });
    return id;
  }
  function setInterval(fn, ms, ...args) {
    if (typeof fn !== "function") throw new TypeError('The "callback" argument must be of type function');
    const id = H(1, Math.max(1, Number(ms) || 0), 1);
    ops.set(id, { timer: () => fn(...args), repeat: true });
    return id;
  }
  function clearTimer(id) {
    if (typeof id === "number" && ops.has(id) && ops.get(id).timer) { ops.delete(id); H(2, id); }
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
  for (const k of ["Event", "EventTarget", "CustomEvent"]) lazy(k, "events");
  lazy("crypto", "crypto", "webcrypto");
  for (const k of ["fetch", "Headers", "Request", "Response", "FormData", "AbortController", "AbortSignal", "Blob", "File"]) lazy(k, "fetch");

  lazyGlobal("process", () => more().makeProcess());

  // The action module itself; its `require` loads the CommonJS loader on first use.
  function loadAction(fn) {
    const module = { exports: {}, id: ".", filename: "/action.js", loaded: false, children: [], paths: [] };
    let root;
    const real = () => root || (root = more().makeRequire("/"));
    const require = function require(name) { return real()(name); };
    require.resolve = (name) => real().resolve(name);
    require.cache = Object.create(null);
    module.require = require;
    fn.call(module.exports, module.exports, require, module, "/action.js", "/");
    module.loaded = true;
    return module.exports;
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
  function makeNs(L, ns, api, event, gen) {
    const methods = L.byNs[ns], o = {};
    for (let j = 0; j < methods.length; j++) {
      const name = methods[j][1], kind = methods[j][2];
      if (kind === 3) {
        o[methods[j][0]] = function (...args) {
          H(5, gen, name, args);
          const t = event.transaction || (event.transaction = {});
          const md = t.metadata || (t.metadata = {});
          if (args[1] === null) delete md[args[0]]; else md[args[0]] = args[1];
        };
      } else if (kind === 0) {
        o[methods[j][0]] = function (...args) { H(5, gen, name, args); return api.self; };
      } else {
        o[methods[j][0]] = function (...args) { return H(5, gen, name, args); };
      }
    }
    return o;
  }
  // `lazy`: namespaces created on first use (reused runtimes); otherwise all at once.
  // The api and its methods point at each other through `ref`; `release` (called by the host
  // when the execution ends; methods of an ended execution are refused anyway) cuts that link,
  // so the api is freed by reference counting instead of waiting for the cycle collector.
  let lastRef = null;
  function release() {
    if (lastRef !== null) { lastRef.self = undefined; lastRef = null; }
  }
  function makeApi(spec, event, gen, lazy) {
    release();
    const L = apiLayout(spec), ref = lastRef = { self: undefined };
    if (lazy) {
      ref.self = reuse().lazyObject("api", L.names, L.sig, (ns) => makeNs(L, ns, ref, event, gen));
    } else {
      const api = ref.self = {};
      for (let i = 0; i < L.names.length; i++) api[L.names[i]] = makeNs(L, L.names[i], ref, event, gen);
    }
    return ref.self;
  }

  // Start a handler: build `event` (from the whole JSON, or from `key, json` pairs) and `api`,
  // then call it.
  function begin(handler, spec, gen, whole, secrets) {
    let event;
    const lazy = whole === undefined;
    if (!lazy) {
      event = JSONparse(whole);
      event.secrets = JSONparse(secrets);
      event.configuration = {};
    } else {
      event = reuse().makeEvent(arguments, 5);
    }
    return handler(event, makeApi(spec, event, gen, lazy));
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

  return { begin, complete, loadAction, more, reuse, release, ops };
})
