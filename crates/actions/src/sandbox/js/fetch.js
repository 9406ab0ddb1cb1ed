// `fetch` with Headers, Request, Response, FormData, AbortController and AbortSignal. The host
// performs the request while the action waits, applying the egress policy and timeouts.
(function (host, shim, ops) {
  "use strict";
  const Buf = () => shim("buffer");
  class Headers {
    constructor(init) {
      this._m = new Map();
      if (init instanceof Headers) for (const [k, v] of init) this.append(k, v);
      else if (Array.isArray(init)) for (const [k, v] of init) this.append(k, v);
      else if (init && typeof init === "object") for (const k of Object.keys(init)) this.append(k, init[k]);
    }
    append(k, v) { k = String(k).toLowerCase(); v = String(v); const c = this._m.get(k); this._m.set(k, c === undefined ? v : c + ", " + v); }
    set(k, v) { this._m.set(String(k).toLowerCase(), String(v)); }
    get(k) { const v = this._m.get(String(k).toLowerCase()); return v === undefined ? null : v; }
    has(k) { return this._m.has(String(k).toLowerCase()); }
    delete(k) { this._m.delete(String(k).toLowerCase()); }
    forEach(fn, self) { for (const [k, v] of this) fn.call(self, v, k, this); }
    keys() { return [...this._m.keys()].sort()[Symbol.iterator](); }
    values() { return [...this.entries()].map((e) => e[1])[Symbol.iterator](); }
    entries() { return [...this._m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
    // The host's `[name, value, name, value...]`: names already lower case, values strings.
    _fill(flat) { for (let i = 0; i + 1 < flat.length; i += 2) { const k = flat[i], c = this._m.get(k); this._m.set(k, c === undefined ? flat[i + 1] : c + ", " + flat[i + 1]); } }
    getSetCookie() { const v = this.get("set-cookie"); return v === null ? [] : v.split(", "); }
  }
  class FormData {
    constructor() { this._l = []; }
    append(k, v) { this._l.push([String(k), String(v)]); }
    set(k, v) { this.delete(k); this.append(k, v); }
    get(k) { const e = this._l.find((e) => e[0] === k); return e ? e[1] : null; }
    getAll(k) { return this._l.filter((e) => e[0] === k).map((e) => e[1]); }
    has(k) { return this._l.some((e) => e[0] === k); }
    delete(k) { this._l = this._l.filter((e) => e[0] !== k); }
    entries() { return this._l.map((e) => e.slice())[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
  }
  // Blob and File: bytes with a type (no streams).
  function blobBytes(parts) {
    const chunks = [];
    for (const p of parts || []) {
      if (p instanceof Blob) chunks.push(p._b);
      else if (p instanceof ArrayBuffer) chunks.push(new Uint8Array(p.slice(0)));
      else if (ArrayBuffer.isView(p)) chunks.push(new Uint8Array(p.buffer.slice(p.byteOffset, p.byteOffset + p.byteLength)));
      else chunks.push(host.utf8Encode(String(p)));
    }
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let o = 0;
    for (const c of chunks) { out.set(c, o); o += c.length; }
    return out;
  }
  class Blob {
    constructor(parts, options) {
      if (parts !== undefined && (parts === null || typeof parts[Symbol.iterator] !== "function")) throw new TypeError("Failed to construct 'Blob': The provided value cannot be converted to a sequence.");
      Object.defineProperty(this, "_b", { value: blobBytes(parts) });
      this._type = options && options.type ? String(options.type).toLowerCase() : "";
    }
    get size() { return this._b.length; }
    get type() { return this._type; }
    async arrayBuffer() { return this._b.buffer.slice(0); }
    async bytes() { return new Uint8Array(this._b); }
    async text() { return host.utf8Decode(this._b, false); }
    slice(start = 0, end = this._b.length, type = "") { return new Blob([this._b.slice(start, end)], { type }); }
    get [Symbol.toStringTag]() { return "Blob"; }
  }
  class File extends Blob {
    constructor(parts, name, options) { super(parts, options); this.name = String(name); this.lastModified = options && options.lastModified || Date.now(); }
    get [Symbol.toStringTag]() { return "File"; }
  }
  function encodeBody(body, headers) {
    if (body === undefined || body === null) return undefined;
    const setType = (t) => { if (!headers.has("content-type")) headers.set("content-type", t); };
    if (typeof body === "string") { setType("text/plain;charset=UTF-8"); return host.utf8Encode(body); }
    if (body instanceof shim("url").URLSearchParams) { setType("application/x-www-form-urlencoded;charset=UTF-8"); return host.utf8Encode(body.toString()); }
    if (body instanceof FormData) {
      const boundary = "----PortcullisFormBoundary" + host.hexEncode(host.randomBytes(8));
      setType("multipart/form-data; boundary=" + boundary);
      let s = "";
      for (const [k, v] of body._l) s += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k.replace(/"/g, "%22") + "\"\r\n\r\n" + v + "\r\n";
      return host.utf8Encode(s + "--" + boundary + "--\r\n");
    }
    if (body instanceof Blob) { if (body.type) setType(body.type); return new Uint8Array(body._b); }
    if (body instanceof ArrayBuffer) return new Uint8Array(body.slice(0));
    if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
    setType("text/plain;charset=UTF-8");
    return host.utf8Encode(String(body));
  }
  class Body {
    _consume() {
      if (this.bodyUsed) return Promise.reject(new TypeError("Body is unusable: Body has already been read"));
      this._used = true;
      return Promise.resolve(this._bytes || new Uint8Array(0));
    }
    get bodyUsed() { return !!this._used; }
    async text() { return host.utf8Decode(await this._consume(), false); }
    async json() { return JSON.parse(await this.text()); }
    async arrayBuffer() { const b = await this._consume(); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); }
    async bytes() { return new Uint8Array(await this.arrayBuffer()); }
    async formData() { const fd = new FormData(); for (const [k, v] of new (shim("url").URLSearchParams)(await this.text())) fd.append(k, v); return fd; }
    async blob() { const t = this.headers && this.headers.get("content-type"); return new Blob([await this._consume()], { type: t || "" }); }
  }
  // What `new URL(input).href` gives, without building a URL object.
  function hrefOf(input) {
    const href = host.urlHref(String(input));
    if (href === null) { const e = new TypeError("Invalid URL"); e.code = "ERR_INVALID_URL"; e.input = String(input); throw e; }
    return href;
  }
  class Request extends Body {
    constructor(input, init = {}) {
      super();
      const base = input instanceof Request ? input : null;
      this.url = base ? base.url : hrefOf(input);
      this.method = String(init.method || (base && base.method) || "GET").toUpperCase();
      this.headers = new Headers(init.headers || (base && base.headers) || undefined);
      this.signal = init.signal || (base && base.signal) || null;
      this.redirect = init.redirect || "follow";
      const body = init.body !== undefined ? init.body : base ? base._bytes : undefined;
      if (body !== undefined && body !== null && (this.method === "GET" || this.method === "HEAD")) throw new TypeError("Request with GET/HEAD method cannot have body.");
      this._bytes = encodeBody(body, this.headers);
    }
    clone() { return new Request(this); }
  }
  class Response extends Body {
    constructor(body, init = {}) {
      super();
      this.status = init.status === undefined ? 200 : init.status;
      this.statusText = init.statusText || "";
      this.headers = new Headers(init.headers);
      this.url = init.url || "";
      this.redirected = !!init.redirected;
      this.type = "basic";
      this._bytes = body instanceof Uint8Array && init._raw ? body : encodeBody(body, this.headers);
    }
    get ok() { return this.status >= 200 && this.status < 300; }
    clone() { if (this.bodyUsed) throw new TypeError("Response.clone: Body has already been consumed."); return new Response(this._bytes, { status: this.status, statusText: this.statusText, headers: this.headers, url: this.url, _raw: true }); }
    static json(data, init = {}) { const h = new Headers(init.headers); h.set("content-type", "application/json"); return new Response(JSON.stringify(data), { ...init, headers: h }); }
    static error() { const r = new Response(null, { status: 0 }); r.type = "error"; return r; }
    static redirect(url, status = 302) { return new Response(null, { status, headers: { location: String(url) } }); }
  }
  const abortError = (reason) => reason !== undefined ? reason : Object.assign(new Error("This operation was aborted"), { name: "AbortError", code: 20 });
  class AbortSignal {
    constructor() { this.aborted = false; this.reason = undefined; this._l = []; this.onabort = null; }
    addEventListener(t, fn) { if (t === "abort") this._l.push(fn); }
    removeEventListener(t, fn) { this._l = this._l.filter((x) => x !== fn); }
    throwIfAborted() { if (this.aborted) throw this.reason; }
    _abort(reason) {
      if (this.aborted) return;
      this.aborted = true; this.reason = abortError(reason);
      const ev = { type: "abort", target: this };
      if (typeof this.onabort === "function") this.onabort(ev);
      for (const fn of this._l.slice()) fn(ev);
    }
    static abort(reason) { const s = new AbortSignal(); s._abort(reason); return s; }
    static timeout(ms) {
      const s = new AbortSignal();
      const id = host.timer(Math.max(0, Number(ms) || 0), 2);
      ops.set(id, { timer: () => s._abort(Object.assign(new Error("The operation was aborted due to timeout"), { name: "TimeoutError", code: 23 })) });
      return s;
    }
    static any(signals) { const s = new AbortSignal(); for (const x of signals) { if (x.aborted) { s._abort(x.reason); break; } x.addEventListener("abort", () => s._abort(x.reason)); } return s; }
  }
  class AbortController {
    constructor() { this.signal = new AbortSignal(); }
    abort(reason) { this.signal._abort(reason); }
  }
  function fetch(input, init) {
    let req;
    try { req = input instanceof Request && init === undefined ? input : new Request(input, init || {}); }
    catch (e) { return Promise.reject(e); }
    const signal = req.signal;
    if (signal && signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const head = [req.url, req.method, req.redirect];
      for (const [k, v] of req.headers._m) head.push(k, v);
      const id = host.fetch(head, req._bytes);
      const done = () => { if (signal) signal.removeEventListener("abort", onAbort); };
      const onAbort = () => { if (ops.has(id)) { ops.delete(id); host.cancel(id); reject(signal.reason); } };
      if (signal) signal.addEventListener("abort", onAbort);
      ops.set(id, {
        resolve: (r) => {
          done();
          const res = new Response(r.body, { status: r.status, statusText: r.statusText, url: r.url, redirected: r.redirected, _raw: true });
          res.headers._fill(r.headers);
          resolve(res);
        },
        reject: (m) => { done(); reject(new TypeError("fetch failed: " + m)); },
      });
    });
  }
  return { fetch, Headers, Request, Response, FormData, AbortController, AbortSignal, Blob, File };
})
