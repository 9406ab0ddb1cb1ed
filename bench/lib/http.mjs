// HTTP plumbing for the load generator: a small HTTP/1.1 client over keep-alive TLS
// connections (no pipelining, TLS trusting the development certificate), a per-login cookie
// jar and a reader for the one HTML form a login page carries. The client writes each request
// in one buffer and parses responses with plain Buffer searches: it costs the generator's core
// several times less per request than a general-purpose client, so the generator is not what
// limits the fastest flows.
import tls from 'node:tls';

const CRLF2 = Buffer.from('\r\n\r\n');
const REQUEST_TIMEOUT_MS = 30_000;

/** One response being read from a connection's byte stream. */
class Reader {
  constructor() { this.buf = Buffer.alloc(0); this.head = null; }
  push(chunk) { this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk; }
  /** A complete response { status, headers, text, close } or null when more bytes are needed. */
  take() {
    if (!this.head) {
      const end = this.buf.indexOf(CRLF2);
      if (end < 0) return null;
      const lines = this.buf.toString('latin1', 0, end).split('\r\n');
      const status = +lines[0].split(' ')[1];
      const headers = {};
      for (let i = 1; i < lines.length; i++) {
        const c = lines[i].indexOf(':');
        if (c < 1) continue;
        const k = lines[i].slice(0, c).trim().toLowerCase();
        const v = lines[i].slice(c + 1).trim();
        if (k === 'set-cookie') (headers[k] ||= []).push(v);
        else headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
      }
      this.head = { status, headers, chunked: /chunked/i.test(headers['transfer-encoding'] || ''), length: +(headers['content-length'] || 0) };
      this.buf = this.buf.subarray(end + 4);
    }
    const h = this.head;
    let body;
    if (h.chunked) {
      const parts = [];
      let at = 0;
      for (;;) {
        const eol = this.buf.indexOf('\r\n', at);
        if (eol < 0) return null;
        const size = parseInt(this.buf.toString('latin1', at, eol), 16);
        if (this.buf.length < eol + 2 + size + 2) return null;
        if (size === 0) { at = eol + 4; break; }
        parts.push(this.buf.subarray(eol + 2, eol + 2 + size));
        at = eol + 2 + size + 2;
      }
      body = Buffer.concat(parts);
      this.buf = this.buf.subarray(at);
    } else {
      if (this.buf.length < h.length) return null;
      body = this.buf.subarray(0, h.length);
      this.buf = this.buf.subarray(h.length);
    }
    this.head = null;
    return { status: h.status, headers: h.headers, text: body.toString('utf8'), close: /close/i.test(h.headers.connection || '') };
  }
}

class Connection {
  constructor(client) {
    this.reader = new Reader();
    this.pending = null;
    this.served = 0;
    this.socket = tls.connect({ host: '127.0.0.1', port: client.port, servername: client.hostname, ca: client.ca });
    this.socket.setNoDelay(true);
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('secureConnect', resolve);
      this.socket.once('error', reject);
    });
    this.socket.on('data', (chunk) => {
      this.reader.push(chunk);
      const res = this.pending && this.reader.take();
      if (res) {
        const { resolve } = this.pending;
        this.pending = null;
        if (res.close) this.dead = true;
        resolve(res);
      }
    });
    const fail = (e) => {
      this.dead = true;
      if (this.pending) { this.pending.reject(e || new Error('connection closed')); this.pending = null; }
    };
    this.socket.on('error', fail);
    this.socket.on('end', () => fail());
    this.socket.on('close', () => fail());
  }

  /** Writes one request and resolves with its response; fails on a closed connection and after `REQUEST_TIMEOUT_MS`. */
  async send(bytes) {
    await this.ready;
    if (this.dead) throw new Error('connection closed');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.dead = true;
        this.pending = null;
        reject(new Error(`no response within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      this.pending = {
        resolve: (r) => { clearTimeout(timer); resolve(r); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      };
      this.socket.write(bytes);
    });
  }
}

export class Client {
  /** @param origin like https://localhost:9443 ; @param ca PEM of the server certificate */
  constructor(origin, ca, connections = 16) {
    const u = new URL(origin);
    this.origin = origin;
    this.host = u.host;
    this.hostname = u.hostname;
    this.port = +u.port || 443;
    this.ca = ca;
    this.max = connections;
    this.open = 0;
    this.idle = [];
    this.waiting = [];
  }

  async acquire() {
    // A server may have closed an idle connection (Node.js does after 5 s): never reuse those.
    for (let c = this.idle.pop(); c; c = this.idle.pop()) {
      if (!c.dead) return c;
      this.open--;
      c.socket.destroy();
    }
    if (this.open < this.max) { this.open++; return new Connection(this); }
    return new Promise((r) => this.waiting.push(r));
  }

  release(c) {
    if (c.dead) { this.open--; c.socket.destroy(); }
    else if (this.waiting.length) { this.waiting.shift()(c); return; }
    else { this.idle.push(c); return; }
    if (this.waiting.length) { this.open++; this.waiting.shift()(new Connection(this)); }
  }

  /** Returns { status, headers, text }; reads the body fully. */
  async request(method, path, { headers = {}, body, form, json } = {}) {
    let b = body;
    let type;
    if (form) { b = new URLSearchParams(form).toString(); type = 'application/x-www-form-urlencoded'; }
    if (json !== undefined) { b = JSON.stringify(json); type = 'application/json'; }
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.host}\r\n`;
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
    if (type) head += `content-type: ${type}\r\n`;
    const payload = b === undefined ? null : Buffer.from(b);
    if (payload) head += `content-length: ${payload.length}\r\n`;
    const bytes = payload ? Buffer.concat([Buffer.from(head + '\r\n', 'latin1'), payload]) : Buffer.from(head + '\r\n', 'latin1');
    for (let attempt = 0; ; attempt++) {
      const c = await this.acquire();
      const reused = c.served > 0;
      try {
        const r = await c.send(bytes);
        c.served++;
        return { status: r.status, headers: r.headers, text: r.text };
      } catch (e) {
        // The server closed a kept-alive connection as this request went out (it had not
        // answered anything): send it again, on the next idle connection or a new one. A close
        // that finds the request unread in the server's buffer arrives as a reset (ECONNRESET,
        // EPIPE): a paused peer closes all its expired idle connections the moment it is resumed.
        const closedUnder = /connection closed/.test(e.message) || e.code === 'ECONNRESET' || e.code === 'EPIPE';
        if (!(reused && attempt <= this.max && c.reader.buf.length === 0 && !c.reader.head && closedUnder)) throw e;
      } finally {
        this.release(c);
      }
    }
  }

  async close() {
    for (const c of this.idle) c.socket.end();
    this.idle = [];
  }
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
