// `querystring`: parse/stringify/escape/unescape.
(function () {
  "use strict";
  const escape = (s) => encodeURIComponent(s);
  const unescape = (s) => { try { return decodeURIComponent(s); } catch (_) { return s; } };
  function stringify(obj, sep = "&", eq = "=") {
    if (obj === null || typeof obj !== "object") return "";
    const enc = (v) => escape(typeof v === "string" ? v : typeof v === "number" && isFinite(v) ? String(v) : typeof v === "boolean" || typeof v === "bigint" ? String(v) : "");
    return Object.keys(obj).map((k) => {
      const v = obj[k];
      return Array.isArray(v) ? v.map((x) => enc(k) + eq + enc(x)).join(sep) : enc(k) + eq + enc(v);
    }).filter(Boolean).join(sep);
  }
  function parse(str, sep = "&", eq = "=") {
    const out = Object.create(null);
    if (typeof str !== "string" || str.length === 0) return out;
    for (const part of str.split(sep)) {
      if (!part) continue;
      const i = part.indexOf(eq);
      const k = unescape((i >= 0 ? part.slice(0, i) : part).replace(/\+/g, " "));
      const v = i >= 0 ? unescape(part.slice(i + eq.length).replace(/\+/g, " ")) : "";
      if (k in out) out[k] = Array.isArray(out[k]) ? out[k].concat(v) : [out[k], v];
      else out[k] = v;
    }
    return out;
  }
  const qs = { parse, stringify, escape, unescape, decode: parse, encode: stringify };
  return { module: qs };
})
