// TextEncoder / TextDecoder (UTF-8).
(function (host) {
  "use strict";
  class TextEncoder {
    get encoding() { return "utf-8"; }
    encode(s = "") { return host.utf8Encode(String(s)); }
    encodeInto(s, dest) { const b = host.utf8Encode(String(s)); const n = Math.min(b.length, dest.length); dest.set(b.subarray(0, n)); return { read: s.length, written: n }; }
  }
  const toU8 = (b) => b instanceof Uint8Array ? b : ArrayBuffer.isView(b) ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : b instanceof ArrayBuffer ? new Uint8Array(b) : null;
  class TextDecoder {
    constructor(label = "utf-8", opts = {}) {
      const l = String(label).toLowerCase();
      if (l !== "utf-8" && l !== "utf8") throw new RangeError('The "' + label + '" encoding is not supported');
      this.fatal = !!opts.fatal; this.ignoreBOM = !!opts.ignoreBOM;
    }
    get encoding() { return "utf-8"; }
    decode(b) {
      if (b === undefined) return "";
      const u = toU8(b);
      if (u === null) throw new TypeError('The "input" argument must be an instance of ArrayBuffer or ArrayBufferView');
      let s = host.utf8Decode(u, this.fatal);
      if (!this.ignoreBOM && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      return s;
    }
  }
  return { TextEncoder, TextDecoder };
})
