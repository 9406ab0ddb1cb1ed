// `Buffer` (common subset): from/alloc/concat/byteLength/isBuffer/compare, toString/equals/slice/
// copy, the integer and float read/write methods, with utf8, hex, base64, base64url,
// latin1/binary and ascii.
(function (host, shim) {
  "use strict";
  const ENC = { "utf8": "utf8", "utf-8": "utf8", "hex": "hex", "base64": "base64", "base64url": "base64url", "latin1": "latin1", "binary": "latin1", "ascii": "ascii" };
  function enc(e) {
    if (e === undefined || e === null) return "utf8";
    const n = ENC[String(e).toLowerCase()];
    if (!n) { const err = new TypeError("Unknown encoding: " + e); err.code = "ERR_UNKNOWN_ENCODING"; throw err; }
    return n;
  }
  function bytesFromString(s, e) {
    switch (enc(e)) {
      case "utf8": return host.utf8Encode(s);
      case "hex": return host.hexDecode(s);
      case "base64": case "base64url": return host.b64Decode(s);
      default: { const u = new Uint8Array(s.length); for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i) & 0xff; return u; }
    }
  }
  class Buffer extends Uint8Array {
    static from(v, encOrOffset, length) {
      if (typeof v === "string") return wrap(bytesFromString(v, encOrOffset));
      if (v instanceof ArrayBuffer) return new Buffer(v, encOrOffset || 0, length === undefined ? v.byteLength - (encOrOffset || 0) : length);
      if (ArrayBuffer.isView(v)) { const b = new Buffer(v.byteLength); b.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)); return b; }
      if (Array.isArray(v)) { const b = new Buffer(v.length); for (let i = 0; i < v.length; i++) b[i] = v[i]; return b; }
      if (v && v.type === "Buffer" && Array.isArray(v.data)) return Buffer.from(v.data);
      if (v && typeof v.valueOf === "function" && v.valueOf() !== v) return Buffer.from(v.valueOf(), encOrOffset, length);
      throw new TypeError("The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.");
    }
    static alloc(n, fill, e) { const b = new Buffer(n); if (fill !== undefined && fill !== 0) b.fill(fill, 0, n, e); return b; }
    static allocUnsafe(n) { return new Buffer(n); }
    static allocUnsafeSlow(n) { return new Buffer(n); }
    static isBuffer(b) { return b instanceof Buffer; }
    static isEncoding(e) { return typeof e === "string" && ENC[e.toLowerCase()] !== undefined; }
    static byteLength(s, e) {
      if (typeof s !== "string") return s.byteLength;
      return bytesFromString(s, e).length;
    }
    static concat(list, total) {
      if (!Array.isArray(list)) throw new TypeError('The "list" argument must be an instance of Array');
      if (total === undefined) total = list.reduce((n, b) => n + b.length, 0);
      const out = Buffer.alloc(total);
      let off = 0;
      for (const b of list) { if (off >= total) break; const part = b.length > total - off ? b.subarray(0, total - off) : b; out.set(part, off); off += part.length; }
      return out;
    }
    static compare(a, b) { return a.compare(b); }
    toString(e, start = 0, end = this.length) {
      const u = new Uint8Array(this.buffer, this.byteOffset + start, Math.max(0, Math.min(end, this.length) - start));
      switch (enc(e)) {
        case "utf8": return host.utf8Decode(u, false);
        case "hex": return host.hexEncode(u);
        case "base64": return host.b64Encode(u, false);
        case "base64url": return host.b64Encode(u, true);
        case "ascii": { let s = ""; for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i] & 0x7f); return s; }
        default: { let s = ""; for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]); return s; }
      }
    }
    toJSON() { return { type: "Buffer", data: Array.from(this) }; }
    equals(o) {
      if (!(o instanceof Uint8Array)) throw new TypeError('The "otherBuffer" argument must be an instance of Buffer or Uint8Array.');
      return this.compare(o) === 0;
    }
    compare(o) {
      const n = Math.min(this.length, o.length);
      for (let i = 0; i < n; i++) if (this[i] !== o[i]) return this[i] < o[i] ? -1 : 1;
      return this.length === o.length ? 0 : this.length < o.length ? -1 : 1;
    }
    slice(s, e) { return this.subarray(s, e); }
    subarray(s, e) { const u = Uint8Array.prototype.subarray.call(this, s, e); return new Buffer(u.buffer, u.byteOffset, u.length); }
    write(s, offset = 0, length, e) {
      if (typeof offset === "string") { e = offset; offset = 0; }
      const b = bytesFromString(s, e);
      const n = Math.min(b.length, this.length - offset, length === undefined ? Infinity : length);
      this.set(b.subarray(0, n), offset);
      return n;
    }
    fill(v, start = 0, end = this.length, e) {
      if (typeof v === "string") {
        const b = v.length ? bytesFromString(v, e) : new Uint8Array([0]);
        for (let i = start, j = 0; i < end; i++, j = (j + 1) % b.length) this[i] = b[j];
        return this;
      }
      return Uint8Array.prototype.fill.call(this, v, start, end);
    }
    includes(v, off, e) { return this.indexOf(v, off, e) !== -1; }
    indexOf(v, off = 0, e) {
      if (typeof v === "number") return Uint8Array.prototype.indexOf.call(this, v, off);
      const n = typeof v === "string" ? bytesFromString(v, e) : v;
      outer: for (let i = off; i <= this.length - n.length; i++) { for (let j = 0; j < n.length; j++) if (this[i + j] !== n[j]) continue outer; return i; }
      return -1;
    }
    copy(target, targetStart = 0, sourceStart = 0, sourceEnd = this.length) {
      const end = Math.min(sourceEnd, this.length, sourceStart + (target.length - targetStart));
      if (end <= sourceStart) return 0;
      target.set(this.subarray(sourceStart, end), targetStart);
      return end - sourceStart;
    }
  }
  // readUInt16LE, writeInt32BE, readBigUInt64LE, readDoubleBE... (and the `Uint` spellings).
  const view = (b) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  function bounds(b, o, size) {
    if (!Number.isInteger(o) || o < 0 || o + size > b.length) {
      const e = new RangeError('The value of "offset" is out of range. It must be >= 0 and <= ' + (b.length - size) + ". Received " + o);
      e.code = "ERR_OUT_OF_RANGE";
      throw e;
    }
  }
  const NUMBERS = [["UInt8", 1, "Uint8"], ["Int8", 1, "Int8"], ["UInt16", 2, "Uint16"], ["Int16", 2, "Int16"], ["UInt32", 4, "Uint32"],
    ["Int32", 4, "Int32"], ["Float", 4, "Float32"], ["Double", 8, "Float64"], ["BigUInt64", 8, "BigUint64"], ["BigInt64", 8, "BigInt64"]];
  for (const [name, size, type] of NUMBERS) {
    for (const end of size === 1 ? [""] : ["LE", "BE"]) {
      const le = end === "LE";
      const read = function (o = 0) { bounds(this, o, size); return view(this)["get" + type](o, le); };
      const write = function (v, o = 0) { bounds(this, o, size); view(this)["set" + type](o, v, le); return o + size; };
      for (const n of new Set([name, name.replace("UInt", "Uint")])) {
        Object.defineProperty(Buffer.prototype, "read" + n + end, { value: read, writable: true, configurable: true });
        Object.defineProperty(Buffer.prototype, "write" + n + end, { value: write, writable: true, configurable: true });
      }
    }
  }
  function wrap(u) { return new Buffer(u.buffer, u.byteOffset, u.length); }
  // Bytes of a string (in an encoding), Buffer, TypedArray, DataView or ArrayBuffer: what the
  // `crypto`, key and `zlib` functions accept as data.
  function toBytes(data, e) {
    if (typeof data === "string") return Buffer.from(data, e);
    if (data instanceof Uint8Array) return data;
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    throw new TypeError('The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView.');
  }
  // Deprecated in Node but still required by old packages (buffer-equal-constant-time).
  function SlowBuffer(n) { return Buffer.allocUnsafeSlow(n); }
  SlowBuffer.prototype = Buffer.prototype;
  const module = { Buffer, SlowBuffer, kMaxLength: 0x7fffffff, constants: { MAX_LENGTH: 0x7fffffff }, atob, btoa };
  Object.defineProperty(module, "Blob", { enumerable: true, get: () => shim("fetch").Blob });
  Object.defineProperty(module, "File", { enumerable: true, get: () => shim("fetch").File });
  return { Buffer, module, wrap, toBytes };
})
