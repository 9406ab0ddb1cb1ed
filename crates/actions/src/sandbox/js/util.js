// `util` (format, inspect, promisify, inherits, types, deprecate) and `querystring` helpers.
(function (host, shim) {
  "use strict";
  function inspect(v, opts) {
    const depth = opts && typeof opts.depth === "number" ? opts.depth : 2;
    const seen = new Set();
    function fmt(v, d) {
      switch (typeof v) {
        case "string": return d === 0 ? v : JSON.stringify(v).replace(/^"|"$/g, "'");
        case "number": case "boolean": case "undefined": return String(v);
        case "bigint": return v + "n";
        case "symbol": return v.toString();
        case "function": return "[Function: " + (v.name || "(anonymous)") + "]";
      }
      if (v === null) return "null";
      if (seen.has(v)) return "[Circular *1]";
      if (v instanceof Error) return v.stack ? String(v.name) + ": " + v.message + "\n" + v.stack : String(v);
      if (v instanceof Date) return isNaN(v) ? "Invalid Date" : v.toISOString();
      if (v instanceof RegExp) return String(v);
      if (d > depth) return Array.isArray(v) ? "[Array]" : "[Object]";
      seen.add(v);
      let out;
      if (Array.isArray(v)) {
        out = v.length === 0 ? "[]" : "[ " + v.map((x) => fmt(x, d + 1)).join(", ") + " ]";
      } else if (v instanceof Map) {
        out = "Map(" + v.size + ") {" + [...v].map(([k, x]) => " " + fmt(k, d + 1) + " => " + fmt(x, d + 1)).join(",") + " }";
      } else if (v instanceof Set) {
        out = "Set(" + v.size + ") {" + [...v].map((x) => " " + fmt(x, d + 1)).join(",") + " }";
      } else if (ArrayBuffer.isView(v)) {
        out = (v.constructor && v.constructor.name || "TypedArray") + "(" + v.length + ") [ " + Array.prototype.slice.call(v, 0, 50).join(", ") + " ]";
      } else {
        const keys = Object.keys(v);
        const name = v.constructor && v.constructor !== Object && v.constructor.name ? v.constructor.name + " " : "";
        out = keys.length === 0 ? name + "{}" : name + "{ " + keys.map((k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)) + ": " + fmt(v[k], d + 1)).join(", ") + " }";
      }
      seen.delete(v);
      return out;
    }
    return fmt(v, 1);
  }
  function format(f, ...args) {
    let out = "";
    let rest = args;
    if (typeof f === "string") {
      let i = 0;
      out = f.replace(/%[sdifjoOc%]/g, (m) => {
        if (m === "%%") return "%";
        if (i >= args.length) return m;
        const a = args[i++];
        switch (m) {
          case "%s": return typeof a === "string" ? a : inspect(a, { depth: 0 });
          case "%d": case "%i": return typeof a === "bigint" ? a + "n" : String(m === "%i" ? parseInt(a) : Number(a));
          case "%f": return String(parseFloat(a));
          case "%j": try { return JSON.stringify(a); } catch (_) { return "[Circular]"; }
          case "%c": return "";
          default: return inspect(a);
        }
      });
      rest = args.slice(i);
    } else {
      rest = [f, ...args];
    }
    for (const a of rest) out += (out === "" && typeof f !== "string" && a === rest[0] ? "" : " ") + (typeof a === "string" ? a : inspect(a));
    return out;
  }
  const custom = Symbol.for("nodejs.util.promisify.custom");
  function promisify(fn) {
    if (typeof fn !== "function") throw new TypeError('The "original" argument must be of type function');
    if (typeof fn[custom] === "function") return fn[custom];
    return function (...args) {
      return new Promise((resolve, reject) => {
        fn.call(this, ...args, (err, ...values) => (err ? reject(err) : resolve(values.length > 1 ? values : values[0])));
      });
    };
  }
  promisify.custom = custom;
  function inherits(ctor, superCtor) {
    Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
    Object.setPrototypeOf(ctor, superCtor);
    ctor.super_ = superCtor;
  }
  const types = {
    isPromise: (v) => v instanceof Promise,
    isDate: (v) => v instanceof Date,
    isRegExp: (v) => v instanceof RegExp,
    isUint8Array: (v) => v instanceof Uint8Array,
    isTypedArray: (v) => ArrayBuffer.isView(v) && !(v instanceof DataView),
  };
  const util = {
    format, inspect, promisify, inherits, types,
    deprecate: (fn) => fn,
    isArray: Array.isArray,
    isDeepStrictEqual: (a, b) => JSON.stringify(a) === JSON.stringify(b),
    callbackify: (fn) => function (...args) { const cb = args.pop(); fn.apply(this, args).then((v) => cb(null, v), (e) => cb(e)); },
    get TextEncoder() { return shim("encoding").TextEncoder; },
    get TextDecoder() { return shim("encoding").TextDecoder; },
  };
  return { format, inspect, module: util };
})
