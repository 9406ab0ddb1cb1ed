// `path` (POSIX): pure string functions; the working directory is "/".
(function () {
  "use strict";
  function check(p) { if (typeof p !== "string") throw new TypeError('The "path" argument must be of type string. Received ' + typeof p); }
  function normalizeParts(parts, absolute) {
    const out = [];
    for (const p of parts) {
      if (p === "" || p === ".") continue;
      if (p === "..") { if (out.length && out[out.length - 1] !== "..") out.pop(); else if (!absolute) out.push(".."); continue; }
      out.push(p);
    }
    return out;
  }
  function normalize(p) {
    check(p);
    if (p === "") return ".";
    const abs = p.startsWith("/"), trailing = p.endsWith("/");
    let s = normalizeParts(p.split("/"), abs).join("/");
    if (!s && !abs) s = ".";
    if (s && trailing) s += "/";
    return (abs ? "/" : "") + s;
  }
  function join(...parts) { parts.forEach(check); const j = parts.filter((x) => x !== "").join("/"); return j === "" ? "." : normalize(j); }
  function resolve(...parts) {
    let r = "";
    for (let i = parts.length - 1; i >= 0 && !r.startsWith("/"); i--) { check(parts[i]); if (parts[i]) r = parts[i] + (r ? "/" + r : ""); }
    if (!r.startsWith("/")) r = "/" + r;
    const s = normalizeParts(r.split("/"), true).join("/");
    return "/" + s;
  }
  function dirname(p) { check(p); if (!p) return "."; const s = p.replace(/\/+$/, ""); if (!s) return "/"; const i = s.lastIndexOf("/"); return i < 0 ? "." : i === 0 ? "/" : s.slice(0, i); }
  function basename(p, ext) { check(p); const s = p.replace(/\/+$/, ""); let b = s.slice(s.lastIndexOf("/") + 1); if (ext && b.endsWith(ext) && b !== ext) b = b.slice(0, -ext.length); return b; }
  function extname(p) { check(p); const b = basename(p); const i = b.lastIndexOf("."); return i <= 0 ? "" : b.slice(i); }
  function relative(from, to) {
    const f = resolve(from).split("/").filter(Boolean), t = resolve(to).split("/").filter(Boolean);
    let i = 0;
    while (i < f.length && i < t.length && f[i] === t[i]) i++;
    return [...Array(f.length - i).fill(".."), ...t.slice(i)].join("/");
  }
  function parse(p) {
    check(p);
    const root = p.startsWith("/") ? "/" : "", base = basename(p), ext = extname(p);
    let dir = dirname(p); if (dir === "." && !p.includes("/")) dir = "";
    return { root, dir, base, ext, name: ext ? base.slice(0, -ext.length) : base };
  }
  function format(o) { const dir = o.dir || o.root || ""; const base = o.base || (o.name || "") + (o.ext || ""); return dir ? (dir === o.root ? dir + base : dir + "/" + base) : base; }
  const path = { sep: "/", delimiter: ":", normalize, join, resolve, dirname, basename, extname, relative, parse, format,
    isAbsolute: (p) => { check(p); return p.startsWith("/"); }, toNamespacedPath: (p) => p };
  path.posix = path;
  path.win32 = path;
  return { module: path };
})
