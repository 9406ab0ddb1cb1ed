// HTTP plumbing shared by the helpers and tests: a fetch that trusts the server's
// development certificate, a tiny cookie jar, and an HTML form reader.
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Returns a fetch-compatible function for talking to the server over TLS.
 *
 * When NODE_EXTRA_CA_CERTS points at the development certificate (that is what
 * scripts/acceptance.sh arranges) Node's own fetch already trusts it, and that
 * is what real clients use, so we hand it back unchanged. Otherwise (a test file
 * started its own server after Node was already running) we fall back to
 * node:https with the certificate passed explicitly as `ca`.
 *
 * The fallback never follows redirects (every caller here uses
 * `redirect: 'manual'` anyway) and supports string/URLSearchParams/Uint8Array bodies.
 */
export function fetchTrusting(caPath) {
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  if (!caPath || (extra && path.resolve(extra) === path.resolve(caPath))) return globalThis.fetch;
  const ca = fs.readFileSync(caPath);
  const agent = new https.Agent({ ca, keepAlive: true });
  return (input, init = {}) => httpsFetch(input, init, agent);
}

function httpsFetch(input, init, agent) {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  const method = (init.method || 'GET').toUpperCase();
  const headers = new Headers(init.headers || {});
  let body = init.body;
  if (body instanceof URLSearchParams) {
    if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    body = body.toString();
  }
  if (body != null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new TypeError('fetchTrusting fallback: unsupported body type');
  }
  const outHeaders = {};
  for (const [k, v] of headers) outHeaders[k] = v;
  if (body != null) outHeaders['content-length'] = Buffer.byteLength(body);
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers: outHeaders, agent, signal: init.signal }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const h = new Headers();
        const raw = res.rawHeaders;
        for (let i = 0; i < raw.length; i += 2) h.append(raw[i], raw[i + 1]);
        const buf = Buffer.concat(chunks);
        const nullBody = [101, 204, 205, 304].includes(res.statusCode) || method === 'HEAD';
        const response = new Response(nullBody ? null : buf, { status: res.statusCode, statusText: res.statusMessage, headers: h });
        Object.defineProperty(response, 'url', { value: url.href });
        resolve(response);
      });
    });
    req.on('error', reject);
    if (body != null) req.write(body);
    req.end();
  });
}

/** Minimal cookie jar for one host (the server under test): name -> value. */
export class CookieJar {
  constructor() { this.cookies = new Map(); }
  store(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v = ''] = a.trim().split('=');
        if (k.toLowerCase() === 'max-age') return Number(v) <= 0;
        if (k.toLowerCase() === 'expires') return Date.parse(v) <= Date.now();
        return false;
      });
      if (expired) this.cookies.delete(name); else this.cookies.set(name, value);
    }
  }
  header() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", nbsp: '\u00a0' };
export function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#39);/gi, (m, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

function attributes(tagInner) {
  const out = {};
  for (const m of tagInner.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    out[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/**
 * Reads every <form> of a page: its action/method, named <input>s with their
 * values, and named submit buttons (which only count when clicked).
 */
export function parseForms(html, baseUrl) {
  const forms = [];
  for (const f of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = attributes(f[1]);
    const fields = [];
    const buttons = [];
    for (const m of f[2].matchAll(/<(input|button)\b([^>]*)>/gi)) {
      const a = attributes(m[2]);
      const tag = m[1].toLowerCase();
      const type = (a.type || (tag === 'button' ? 'submit' : 'text')).toLowerCase();
      if (type === 'submit' || type === 'image') { buttons.push(a); continue; }
      if (tag === 'button' || !a.name) continue;
      if ((type === 'checkbox' || type === 'radio') && !('checked' in a)) continue;
      fields.push({ name: a.name, value: a.value ?? '', type, id: a.id });
    }
    forms.push({
      action: new URL(attrs.action || baseUrl, baseUrl).href,
      method: (attrs.method || 'GET').toUpperCase(),
      id: attrs.id,
      fields,
      buttons,
    });
  }
  return forms;
}

/** Text content of the first element with the given id, tags stripped. */
export function elementTextById(html, id) {
  const re = new RegExp(`<([a-z0-9]+)\\b[^>]*\\bid\\s*=\\s*["']${id}["'][^>]*>([\\s\\S]*?)</\\1>`, 'i');
  const m = html.match(re);
  return m ? decodeEntities(m[2].replace(/<[^>]*>/g, '')).trim() : null;
}

/** Decodes a JWT's header and payload without verifying anything. */
export function decodeJwt(token) {
  const [h, p] = String(token).split('.');
  const part = (s) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  return { header: part(h), payload: part(p) };
}
