// `stream` (minimal): Stream, Readable, Writable, Duplex, Transform and PassThrough as
// EventEmitter-based constructors with `pipe`, `pipeline` and `finished`, for packages that
// subclass or pass streams around; no backpressure, no object-mode distinctions.
(function (host, shim) {
  "use strict";
  const EventEmitter = shim("events").module;
  const later = (fn) => queueMicrotask(fn);
  function inherit(C, Parent) {
    Object.setPrototypeOf(C.prototype, Parent.prototype);
    Object.setPrototypeOf(C, Parent);
  }
  function define(C, methods) {
    for (const k of Reflect.ownKeys(methods)) Object.defineProperty(C.prototype, k, { value: methods[k], writable: true, configurable: true });
  }

  function Stream(opts) { EventEmitter.call(this, opts); }
  inherit(Stream, EventEmitter);
  define(Stream, {
    pipe(dest, opts) {
      this.on("data", (c) => dest.write(c));
      if (!opts || opts.end !== false) this.on("end", () => { if (typeof dest.end === "function") dest.end(); });
      if (typeof dest.emit === "function") dest.emit("pipe", this);
      return dest;
    },
  });

  function Readable(opts) {
    Stream.call(this, opts);
    this.readable = true;
    this._ended = false;
    if (opts && typeof opts.read === "function") this._read = opts.read;
  }
  inherit(Readable, Stream);
  define(Readable, {
    push(chunk) {
      if (chunk === null) { if (!this._ended) { this._ended = true; later(() => { this.readable = false; this.emit("end"); this.emit("close"); }); } return false; }
      later(() => this.emit("data", chunk));
      return true;
    },
    read() { return null; },
    _read() {},
    resume() { return this; },
    pause() { return this; },
    setEncoding() { return this; },
    destroy(err) { if (err) later(() => this.emit("error", err)); later(() => this.emit("close")); return this; },
    async *[Symbol.asyncIterator]() {
      const chunks = [];
      let done = false, wake = null;
      this.on("data", (c) => { chunks.push(c); if (wake) wake(); });
      this.on("end", () => { done = true; if (wake) wake(); });
      for (;;) {
        if (chunks.length) { yield chunks.shift(); continue; }
        if (done) return;
        await new Promise((r) => { wake = r; });
        wake = null;
      }
    },
  });
  Readable.from = (iterable) => {
    const r = new Readable();
    later(async () => { try { for await (const c of iterable) r.push(c); r.push(null); } catch (e) { r.emit("error", e); } });
    return r;
  };

  function Writable(opts) {
    Stream.call(this, opts);
    this.writable = true;
    if (opts && typeof opts.write === "function") this._write = opts.write;
    if (opts && typeof opts.final === "function") this._final = opts.final;
  }
  inherit(Writable, Stream);
  define(Writable, {
    write(chunk, enc, cb) {
      if (typeof enc === "function") { cb = enc; enc = undefined; }
      const done = (err) => { if (err) this.emit("error", err); if (typeof cb === "function") cb(err); };
      if (typeof this._write === "function") this._write(chunk, enc, done); else later(() => done());
      return true;
    },
    end(chunk, enc, cb) {
      if (typeof chunk === "function") { cb = chunk; chunk = undefined; }
      if (chunk !== undefined && chunk !== null) this.write(chunk, enc);
      const finish = () => { this.writable = false; this.emit("finish"); this.emit("close"); if (typeof cb === "function") cb(); };
      if (typeof this._final === "function") this._final((err) => (err ? this.emit("error", err) : finish())); else later(finish);
      return this;
    },
    destroy(err) { if (err) later(() => this.emit("error", err)); later(() => this.emit("close")); return this; },
    cork() {}, uncork() {}, setDefaultEncoding() { return this; },
  });

  function Duplex(opts) { Readable.call(this, opts); Writable.call(this, opts); }
  inherit(Duplex, Readable);
  for (const k of ["write", "end", "cork", "uncork", "setDefaultEncoding"]) Object.defineProperty(Duplex.prototype, k, { value: Writable.prototype[k], writable: true, configurable: true });

  function Transform(opts) {
    Duplex.call(this, opts);
    if (opts && typeof opts.transform === "function") this._transform = opts.transform;
    if (opts && typeof opts.flush === "function") this._flush = opts.flush;
  }
  inherit(Transform, Duplex);
  define(Transform, {
    _write(chunk, enc, cb) {
      this._transform(chunk, enc, (err, out) => { if (out !== undefined && out !== null) this.push(out); cb(err); });
    },
    _transform(chunk, enc, cb) { cb(null, chunk); },
    _final(cb) {
      const end = (err, out) => { if (out !== undefined && out !== null) this.push(out); this.push(null); cb(err); };
      if (typeof this._flush === "function") this._flush(end); else end();
    },
  });
  function PassThrough(opts) { Transform.call(this, opts); }
  inherit(PassThrough, Transform);

  function finished(stream, cb) {
    let called = false;
    const once = (err) => { if (!called) { called = true; cb(err); } };
    stream.on("end", () => once()); stream.on("finish", () => once()); stream.on("error", once);
    return () => {};
  }
  function pipeline(...streams) {
    const cb = typeof streams[streams.length - 1] === "function" ? streams.pop() : () => {};
    for (let i = 0; i < streams.length - 1; i++) streams[i].pipe(streams[i + 1]);
    for (const s of streams) s.on("error", cb);
    finished(streams[streams.length - 1], cb);
    return streams[streams.length - 1];
  }

  Object.assign(Stream, { Stream, Readable, Writable, Duplex, Transform, PassThrough, finished, pipeline });
  Stream.promises = {
    pipeline: (...s) => new Promise((res, rej) => pipeline(...s, (e) => (e ? rej(e) : res()))),
    finished: (s) => new Promise((res, rej) => finished(s, (e) => (e ? rej(e) : res()))),
  };
  return { module: Stream };
})
