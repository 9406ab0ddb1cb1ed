// `structuredClone` (the structured clone algorithm for the common types).
(function () {
  "use strict";
  function structuredClone(value) {
    const seen = new Map();
    function c(v) {
      if (v === null || typeof v !== "object") {
        if (typeof v === "function" || typeof v === "symbol") throw new DOMExceptionLike(String(v) + " could not be cloned.");
        return v;
      }
      if (seen.has(v)) return seen.get(v);
      let out;
      if (v instanceof Date) out = new Date(v.getTime());
      else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
      else if (v instanceof ArrayBuffer) out = v.slice(0);
      else if (ArrayBuffer.isView(v)) out = new v.constructor(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
      else if (v instanceof Map) { out = new Map(); seen.set(v, out); for (const [k, x] of v) out.set(c(k), c(x)); return out; }
      else if (v instanceof Set) { out = new Set(); seen.set(v, out); for (const x of v) out.add(c(x)); return out; }
      else if (v instanceof Error) { out = new (v.constructor || Error)(v.message); if (v.stack) out.stack = v.stack; }
      else if (Array.isArray(v)) { out = new Array(v.length); seen.set(v, out); for (let i = 0; i < v.length; i++) if (i in v) out[i] = c(v[i]); return out; }
      else if (v instanceof Number || v instanceof String || v instanceof Boolean) out = Object(v.valueOf());
      else {
        const t = Object.prototype.toString.call(v);
        if (t !== "[object Object]") throw new DOMExceptionLike(t + " could not be cloned.");
        out = {};
        seen.set(v, out);
        for (const k of Object.keys(v)) out[k] = c(v[k]);
        return out;
      }
      seen.set(v, out);
      return out;
    }
    return c(value);
  }
  class DOMExceptionLike extends Error { constructor(m) { super(m); this.name = "DataCloneError"; } }
  return { structuredClone };
})
