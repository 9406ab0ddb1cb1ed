// WHATWG `URL` (parsed by the host's URL parser) and `URLSearchParams`; also the `url` module.
(function (host, shim) {
  "use strict";
  const enc = (s) => encodeURIComponent(s).replace(/%20/g, "+").replace(/[!'()~]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  const dec = (s) => { try { return decodeURIComponent(s.replace(/\+/g, " ")); } catch (_) { return s; } };
  class URLSearchParams {
    constructor(init) {
      this._list = [];
      this._url = null;
      if (init === undefined || init === null) return;
      if (typeof init === "string") this._parse(init);
      else if (init instanceof URLSearchParams) this._list = init._list.map((p) => p.slice());
      else if (typeof init[Symbol.iterator] === "function") for (const [k, v] of init) this._list.push([String(k), String(v)]);
      else for (const k of Object.keys(init)) this._list.push([k, String(init[k])]);
    }
    _parse(s) {
      this._list = [];
      if (s.startsWith("?")) s = s.slice(1);
      for (const part of s.split("&")) {
        if (!part) continue;
        const i = part.indexOf("=");
        this._list.push(i >= 0 ? [dec(part.slice(0, i)), dec(part.slice(i + 1))] : [dec(part), ""]);
      }
    }
    _update() { if (this._url) { const s = this.toString(); this._url._set("search", s ? "?" + s : ""); } }
    append(k, v) { this._list.push([String(k), String(v)]); this._update(); }
    delete(k) { this._list = this._list.filter((p) => p[0] !== String(k)); this._update(); }
    get(k) { const p = this._list.find((p) => p[0] === String(k)); return p ? p[1] : null; }
    getAll(k) { return this._list.filter((p) => p[0] === String(k)).map((p) => p[1]); }
    has(k) { return this._list.some((p) => p[0] === String(k)); }
    set(k, v) {
      k = String(k); v = String(v);
      const i = this._list.findIndex((p) => p[0] === k);
      if (i < 0) this._list.push([k, v]);
      else { this._list[i][1] = v; this._list = this._list.filter((p, j) => j <= i || p[0] !== k); }
      this._update();
    }
    sort() { this._list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); this._update(); }
    forEach(fn, self) { for (const [k, v] of this._list) fn.call(self, v, k, this); }
    keys() { return this._list.map((p) => p[0])[Symbol.iterator](); }
    values() { return this._list.map((p) => p[1])[Symbol.iterator](); }
    entries() { return this._list.map((p) => [p[0], p[1]])[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
    get size() { return this._list.length; }
    toString() { return this._list.map(([k, v]) => enc(k) + "=" + enc(v)).join("&"); }
  }
  const parseUrl = (input, base) => (base === undefined ? host.urlParse(String(input)) : host.urlParse(String(input), String(base)));
  const FIELDS = ["href", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash"];
  class URL {
    constructor(input, base) {
      const p = parseUrl(input, base);
      if (p === null) { const e = new TypeError("Invalid URL"); e.code = "ERR_INVALID_URL"; e.input = String(input); throw e; }
      this._p = p;
      this._sp = new URLSearchParams(p.search);
      this._sp._url = this;
    }
    static canParse(input, base) { return parseUrl(input, base) !== null; }
    _set(field, value) {
      const p = host.urlSet(this._p.href, field, String(value));
      if (p !== null) this._p = p;
      if (field !== "search") this._sp._parse(this._p.search);
    }
    get origin() { return this._p.origin; }
    get searchParams() { return this._sp; }
    toString() { return this._p.href; }
    toJSON() { return this._p.href; }
  }
  for (const f of FIELDS) {
    Object.defineProperty(URL.prototype, f, {
      get() { return this._p[f]; },
      set(v) { if (f === "href") { const p = host.urlParse(String(v)); if (p === null) throw new TypeError("Invalid URL"); this._p = p; this._sp._parse(p.search); } else { this._set(f, v); if (f === "search") this._sp._parse(this._p.search); } },
      enumerable: true, configurable: true,
    });
  }
  // Legacy `url.parse`/`url.format`, enough for common use.
  function parse(s, parseQuery) {
    let u;
    try { u = new URL(s); } catch (_) { u = null; }
    if (!u) return { href: s, pathname: s, path: s, query: parseQuery ? {} : null, search: null };
    const query = parseQuery ? shim("querystring").module.parse(u.search.slice(1)) : u.search.slice(1) || null;
    return { protocol: u.protocol, slashes: true, auth: u.username ? u.username + (u.password ? ":" + u.password : "") : null, host: u.host, port: u.port || null, hostname: u.hostname, hash: u.hash || null, search: u.search || null, query, pathname: u.pathname, path: u.pathname + u.search, href: u.href };
  }
  function format(o) {
    if (o instanceof URL) return o.href;
    const proto = o.protocol ? (o.protocol.endsWith(":") ? o.protocol : o.protocol + ":") : "";
    const hostPart = o.host || (o.hostname ? o.hostname + (o.port ? ":" + o.port : "") : "");
    let search = o.search || "";
    if (!search && o.query && typeof o.query === "object") { const q = shim("querystring").module.stringify(o.query); search = q ? "?" + q : ""; }
    return proto + (hostPart ? "//" + (o.auth ? o.auth + "@" : "") + hostPart : "") + (o.pathname || "") + search + (o.hash || "");
  }
  const module = { URL, URLSearchParams, parse, format, resolve: (from, to) => new URL(to, new URL(from, "resolve://")).href.replace(/^resolve:\/\//, "") };
  return { URL, URLSearchParams, module };
})
