// HTTP plumbing for the load generator: one undici Pool per server (keep-alive connections,
// no pipelining, TLS trusting the development certificate), a per-login cookie jar and a
// reader for the one HTML form a login page carries.
import { Pool } from 'undici';

/** Always connect to 127.0.0.1 (servers bind IPv4 loopback only), whatever `localhost` resolves to. */
function loopbackLookup(hostname, opts, cb) {
  if (typeof opts === 'function') { cb = opts; opts = {}; }
  if (opts && opts.all) return cb(null, [{ address: '127.0.0.1', family: 4 }]);
  return cb(null, '127.0.0.1', 4);
}

export class Client {
  /** @param origin like https://localhost:9443 ; @param ca PEM of the server certificate */
  constructor(origin, ca, connections = 16) {
    this.origin = origin;
    this.host = new URL(origin).host;
    this.pool = new Pool(origin, {
      connections,
      pipelining: 1,
      keepAliveTimeout: 60_000,
      keepAliveMaxTimeout: 600_000,
      connect: { ca, servername: new URL(origin).hostname, lookup: loopbackLookup },
    });
  }

  /** Returns { status, headers, text }; reads the body fully. */
  async request(method, path, { headers = {}, body, form, json } = {}) {
    const h = { ...headers };
    let b = body;
    if (form) { b = new URLSearchParams(form).toString(); h['content-type'] = 'application/x-www-form-urlencoded'; }
    if (json !== undefined) { b = JSON.stringify(json); h['content-type'] = 'application/json'; }
    const res = await this.pool.request({ method, path, headers: h, body: b });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, text };
  }

  close() { return this.pool.close(); }
}

export class Jar {
  constructor() { this.c = new Map(); }
  take(headers) {
    let sc = headers['set-cookie'];
    if (!sc) return;
    if (!Array.isArray(sc)) sc = [sc];
    for (const line of sc) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (gone) this.c.delete(name); else this.c.set(name, pair.slice(eq + 1).trim());
    }
  }
  header() { return [...this.c].map(([k, v]) => `${k}=${v}`).join('; '); }
}

const attr = (s, n) => (s.match(new RegExp(`\\b${n}\\s*=\\s*["']([^"']*)["']`, 'i')) || [])[1];
const unescape = (s) => s.replace(/&amp;/g, '&').replace(/&#x2F;/gi, '/').replace(/&#47;/g, '/').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

/** The first POST form of a page: { action (path), fields: [[name, value]] } (inputs + named button). */
export function parseForm(html, basePath) {
  for (const f of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    if ((attr(f[1], 'method') || 'get').toLowerCase() !== 'post') continue;
    const fields = [];
    for (const m of f[2].matchAll(/<input\b([^>]*)>/gi)) {
      const n = attr(m[1], 'name');
      if (n) fields.push([n, unescape(attr(m[1], 'value') || '')]);
    }
    // A browser also sends the (first) named submit button it was submitted with.
    const button = [...f[2].matchAll(/<button\b([^>]*)>/gi)].map((m) => m[1]).find((a) => attr(a, 'name'));
    if (button) fields.push([attr(button, 'name'), unescape(attr(button, 'value') || '')]);
    const action = unescape(attr(f[1], 'action') || basePath);
    return { action, fields };
  }
  return null;
}
