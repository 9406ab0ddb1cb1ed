// Small pure built-ins packages require at load time: `os` (a neutral description, nothing of
// the host), `tty`, `assert`, `string_decoder`, `timers`, `timers/promises` and `perf_hooks`.
(function (host, shim) {
  "use strict";
  const os = {
    EOL: "\n", platform: () => "linux", type: () => "Linux", arch: () => "x64", release: () => "", version: () => "",
    hostname: () => "localhost", homedir: () => "/", tmpdir: () => "/tmp", endianness: () => "LE", uptime: () => 0,
    cpus: () => [], availableParallelism: () => 1, totalmem: () => 0, freemem: () => 0, loadavg: () => [0, 0, 0],
    networkInterfaces: () => ({}), userInfo: () => ({ username: "actions", uid: -1, gid: -1, shell: null, homedir: "/" }),
    constants: { signals: {}, errno: {} }, devNull: "/dev/null", machine: () => "x86_64",
  };

  const tty = { isatty: () => false, ReadStream: function ReadStream() {}, WriteStream: function WriteStream() {} };

  class AssertionError extends Error {
    constructor(options) {
      super(options && options.message);
      this.name = "AssertionError"; this.code = "ERR_ASSERTION";
      if (options) { this.actual = options.actual; this.expected = options.expected; this.operator = options.operator; }
    }
  }
  const inspect = (v) => shim("util").inspect(v);
  function fail(actual, expected, message, operator, dflt) {
    if (message instanceof Error) throw message;
    throw new AssertionError({ message: message || dflt, actual, expected, operator });
  }
  function deepEqual(a, b, strict) {
    if (strict ? Object.is(a, b) : a == b) return true;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
    if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
    const ka = Object.keys(a), kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k], strict));
  }
  function assert(value, message) { if (!value) fail(value, true, message, "==", "The expression evaluated to a falsy value"); }
  Object.assign(assert, {
    ok: assert, AssertionError,
    fail: (message) => fail(undefined, undefined, message, "fail", "Failed"),
    equal: (a, b, m) => { if (a != b) fail(a, b, m, "==", inspect(a) + " == " + inspect(b)); },
    notEqual: (a, b, m) => { if (a == b) fail(a, b, m, "!=", inspect(a) + " != " + inspect(b)); },
    strictEqual: (a, b, m) => { if (!Object.is(a, b)) fail(a, b, m, "strictEqual", "Expected values to be strictly equal: " + inspect(a) + " !== " + inspect(b)); },
    notStrictEqual: (a, b, m) => { if (Object.is(a, b)) fail(a, b, m, "notStrictEqual", "Expected values to differ: " + inspect(a)); },
    deepEqual: (a, b, m) => { if (!deepEqual(a, b, false)) fail(a, b, m, "deepEqual", "Expected values to be loosely deep-equal"); },
    deepStrictEqual: (a, b, m) => { if (!deepEqual(a, b, true)) fail(a, b, m, "deepStrictEqual", "Expected values to be strictly deep-equal"); },
    notDeepStrictEqual: (a, b, m) => { if (deepEqual(a, b, true)) fail(a, b, m, "notDeepStrictEqual", "Expected values not to be strictly deep-equal"); },
    throws: (fn, expected, m) => { try { fn(); } catch (e) { return; } fail(undefined, expected, typeof expected === "string" ? expected : m, "throws", "Missing expected exception."); },
    doesNotThrow: (fn) => { fn(); },
    rejects: async (p, expected, m) => { try { await (typeof p === "function" ? p() : p); } catch (e) { return; } fail(undefined, expected, m, "rejects", "Missing expected rejection."); },
    match: (s, re, m) => { if (!re.test(s)) fail(s, re, m, "match", "The input did not match the regular expression " + re); },
  });
  assert.strict = assert;

  class StringDecoder {
    constructor(encoding) { this.encoding = (encoding || "utf8").toLowerCase().replace("-", ""); this._pending = new Uint8Array(0); }
    write(buf) {
      const Buffer = shim("buffer").Buffer;
      let b = Buffer.concat([this._pending, buf]);
      if (this.encoding !== "utf8") { this._pending = new Uint8Array(0); return b.toString(this.encoding); }
      // Keep an incomplete trailing UTF-8 sequence for the next write.
      let cut = b.length;
      for (let i = Math.max(0, b.length - 3); i < b.length; i++) {
        const c = b[i], need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
        if (need > 1 && i + need > b.length) { cut = i; break; }
      }
      this._pending = b.slice(cut);
      return b.slice(0, cut).toString("utf8");
    }
    end(buf) { const s = buf ? this.write(buf) : ""; const rest = this._pending.length ? shim("buffer").Buffer.from(this._pending).toString(this.encoding) : ""; this._pending = new Uint8Array(0); return s + rest; }
  }

  const timers = { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate };
  const timersPromises = {
    setTimeout: (ms, value) => new Promise((r) => setTimeout(() => r(value), ms)),
    setImmediate: (value) => new Promise((r) => setImmediate(() => r(value))),
  };
  timers.promises = timersPromises;

  return {
    os: { module: os }, tty: { module: tty }, assert: { module: assert }, "assert/strict": { module: assert },
    string_decoder: { module: { StringDecoder } }, timers: { module: timers }, "timers/promises": { module: timersPromises },
    perf_hooks: { module: { performance: globalThis.performance } },
  };
})
