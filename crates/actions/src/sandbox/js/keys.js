// Asymmetric keys for `crypto`: Node's KeyObject, createPrivateKey/createPublicKey/
// createSecretKey, createSign/createVerify, crypto.sign/verify, and the Web Crypto key
// algorithms RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA and Ed25519. The host parses, signs and verifies
// (host ops 24-27); a key's DER lives here, out of the action's reach.
(function (host, shim) {
  "use strict";
  const B = () => shim("buffer").Buffer;
  const state = new WeakMap();
  const json = JSON.stringify;

  const toBytes = (data, e) => shim("buffer").toBytes(data, e);
  function invalidKey(e) {
    const err = new Error(e && e.message ? e.message : String(e));
    err.code = "ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE";
    return err;
  }

  // The digest a signature algorithm name stands for ("RSA-SHA256", "sha256", "SHA-256",
  // "ecdsa-with-SHA256" -> "sha256").
  function digestOf(name) {
    const m = /^(?:rsa-|ecdsa-with-)?sha-?(256|384|512|1)$/i.exec(String(name));
    if (!m) { const e = new Error("Invalid digest: " + name); e.code = "ERR_CRYPTO_INVALID_DIGEST"; throw e; }
    return "sha" + m[1];
  }

  class KeyObject {
    constructor(s) {
      if (s === undefined || !s.__internal) throw new TypeError("Illegal constructor");
      state.set(this, s.data);
    }
    get type() { return state.get(this).type; }
    get asymmetricKeyType() { return state.get(this).asymmetricKeyType; }
    get asymmetricKeyDetails() {
      const d = state.get(this).asymmetricKeyDetails;
      if (d === undefined) return undefined;
      const out = Object.assign({}, d);
      if (typeof out.publicExponent === "number") out.publicExponent = BigInt(out.publicExponent);
      return out;
    }
    get symmetricKeySize() { const s = state.get(this); return s.type === "secret" ? s.secret.length : undefined; }
    export(options) {
      const s = state.get(this);
      const o = options || {};
      if (s.type === "secret") {
        if (o.format === "jwk") return { kty: "oct", k: B().from(s.secret).toString("base64url") };
        return B().from(s.secret);
      }
      const format = o.format || "pem";
      if (o.passphrase !== undefined || o.cipher !== undefined) throw new Error("Encrypting exported keys is not supported in Actions");
      const out = host.keyExport(json({ encoding: s.encoding, format, type: o.type }), s.der);
      if (format === "jwk") return JSON.parse(out);
      return format === "der" ? B().from(out) : out;
    }
    equals(other) {
      if (!(other instanceof KeyObject)) throw new TypeError('The "otherKeyObject" argument must be an instance of KeyObject');
      const a = state.get(this), b = state.get(other);
      if (a.type !== b.type) return false;
      const x = a.type === "secret" ? a.secret : a.der, y = b.type === "secret" ? b.secret : b.der;
      return x.length === y.length && x.every((v, i) => v === y[i]);
    }
    get [Symbol.toStringTag]() { return "KeyObject"; }
  }
  const wrap = (data) => new KeyObject({ __internal: true, data });
  const secretOf = (k) => { const s = state.get(k); return s && s.type === "secret" ? s.secret : undefined; };

  // `input`: PEM string/Buffer, or `{key, format, type, encoding, passphrase}`.
  function parse(want, input) {
    let o = input;
    if (typeof o === "string" || ArrayBuffer.isView(o) || o instanceof ArrayBuffer) o = { key: o };
    if (o === null || typeof o !== "object") throw new TypeError('The "key" argument must be of type string or an instance of Buffer, TypedArray, DataView, or KeyObject.');
    if (o.passphrase !== undefined && o.passphrase !== null && o.passphrase !== "") throw new Error("encrypted private keys (with a passphrase) are not supported in Actions; store the key unencrypted in a secret");
    const format = o.format || "pem";
    try {
      if (format === "jwk") {
        if (o.key === null || typeof o.key !== "object") throw new TypeError('The "key.key" property must be of type object');
        return wrap(host.keyParse(json({ want, format, jwk: o.key })));
      }
      return wrap(host.keyParse(json({ want, format, type: o.type }), toBytes(o.key, o.encoding)));
    } catch (e) {
      throw invalidKey(e);
    }
  }
  function createPrivateKey(input) {
    if (input instanceof KeyObject) throw new TypeError('The "key" argument must be of type string or an instance of Buffer, TypedArray, DataView, or object.');
    return parse("private", input);
  }
  function createPublicKey(input) {
    if (input instanceof KeyObject) {
      const s = state.get(input);
      if (s.type === "public") return input;
      if (s.type !== "private") throw new TypeError("Invalid key object type secret, expected private.");
      return wrap(host.keyExport(json({ encoding: s.encoding, format: "public" }), s.der));
    }
    return parse("public", input);
  }
  function createSecretKey(key, encoding) {
    const bytes = toBytes(key, encoding);
    return wrap({ type: "secret", secret: new Uint8Array(bytes) });
  }

  // Signing options from a `key` argument: a KeyObject, PEM, or `{key, padding, saltLength, dsaEncoding, ...}`.
  const RSA_PKCS1_PSS_PADDING = 6;
  function keyAndOptions(want, key) {
    let k = key, o = {};
    if (!(k instanceof KeyObject) && k !== null && typeof k === "object" && !ArrayBuffer.isView(k) && !(k instanceof ArrayBuffer)) {
      o = k;
      k = k.key instanceof KeyObject ? k.key : (want === "private" ? createPrivateKey(k) : createPublicKey(k));
    } else if (!(k instanceof KeyObject)) {
      k = want === "private" ? createPrivateKey(k) : createPublicKey(k);
    }
    const s = state.get(k);
    if (s.type === "secret") throw invalidKey("Invalid key object type secret, expected " + want + ".");
    if (want === "private" && s.type !== "private") throw invalidKey("Invalid key object type public, expected private.");
    return { s, opts: { padding: o.padding === RSA_PKCS1_PSS_PADDING ? "pss" : "pkcs1", saltLength: o.saltLength, dsaEncoding: o.dsaEncoding } };
  }
  function signWith(hash, data, key) {
    const { s, opts } = keyAndOptions("private", key);
    return B().from(host.keySign(json(Object.assign({ encoding: s.encoding, hash }, opts)), s.der, data));
  }
  function verifyWith(hash, data, key, signature) {
    const { s, opts } = keyAndOptions("public", key);
    return host.keyVerify(json(Object.assign({ encoding: s.encoding, hash }, opts)), [s.der, data, signature]);
  }

  class Sign {
    constructor(alg) { this._hash = digestOf(alg); this._parts = []; }
    update(data, e) { this._parts.push(toBytes(data, e)); return this; }
    sign(key, outputEncoding) {
      const sig = signWith(this._hash, B().concat(this._parts), key);
      return outputEncoding === undefined || outputEncoding === "buffer" ? sig : sig.toString(outputEncoding);
    }
  }
  class Verify {
    constructor(alg) { this._hash = digestOf(alg); this._parts = []; }
    update(data, e) { this._parts.push(toBytes(data, e)); return this; }
    verify(key, signature, sigEncoding) {
      return verifyWith(this._hash, B().concat(this._parts), key, toBytes(signature, sigEncoding));
    }
  }
  // crypto.sign / crypto.verify: `algorithm` null or undefined for Ed25519.
  const hashOrNone = (a) => (a === null || a === undefined ? "sha256" : digestOf(a));
  function sign(algorithm, data, key, cb) {
    const run = () => signWith(hashOrNone(algorithm), toBytes(data), key);
    if (typeof cb !== "function") return run();
    queueMicrotask(() => { let r; try { r = run(); } catch (e) { cb(e); return; } cb(null, r); });
  }
  function verify(algorithm, data, key, signature, cb) {
    const run = () => verifyWith(hashOrNone(algorithm), toBytes(data), key, toBytes(signature));
    if (typeof cb !== "function") return run();
    queueMicrotask(() => { let r; try { r = run(); } catch (e) { cb(e); return; } cb(null, r); });
  }

  // Web Crypto keys for RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA and Ed25519 (HMAC lives in crypto.js).
  const WEB_HASH = { "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512", "SHA-1": "sha1" };
  const webHash = (h) => {
    const n = String(typeof h === "string" ? h : h && h.name).toUpperCase();
    if (!WEB_HASH[n]) throw domError("Unrecognized hash " + n, "NotSupportedError");
    return n;
  };
  const CURVE_LEN = { "P-256": 32, "P-384": 48, "P-521": 66 };
  const CURVE_HASH = { "P-256": "sha256", "P-384": "sha384", "P-521": "sha512" };
  const NODE_CURVE = { prime256v1: "P-256", secp384r1: "P-384", secp521r1: "P-521" };
  function domError(message, name) { const e = new Error(message); e.name = name; return e; }
  const ab = (u) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength);
  const b64u = (u) => B().from(u).toString("base64url");

  class AsymmetricCryptoKey {
    constructor(type, algorithm, extractable, usages, s) {
      this.type = type; this.algorithm = algorithm; this.extractable = extractable; this.usages = usages;
      state.set(this, s);
    }
    get [Symbol.toStringTag]() { return "CryptoKey"; }
  }
  function algorithmName(a) { return String(typeof a === "string" ? a : a && a.name); }
  const ASYM = { "RSASSA-PKCS1-V1_5": "RSASSA-PKCS1-v1_5", "RSA-PSS": "RSA-PSS", "ECDSA": "ECDSA", "ED25519": "Ed25519" };
  function isAsymmetric(a) { return ASYM[algorithmName(a).toUpperCase()] !== undefined; }

  function importKey(format, keyData, algorithm, extractable, usages) {
    const name = ASYM[algorithmName(algorithm).toUpperCase()];
    let want, s;
    try {
      if (format === "jwk") {
        want = keyData && keyData.d !== undefined ? "private" : "public";
        s = host.keyParse(json({ want, format: "jwk", jwk: keyData }));
      } else if (format === "spki" || format === "pkcs8") {
        want = format === "spki" ? "public" : "private";
        s = host.keyParse(json({ want, format: "der", type: format }), toBytes(keyData));
      } else if (format === "raw" && (name === "ECDSA" || name === "Ed25519")) {
        want = "public";
        const raw = toBytes(keyData);
        let jwk;
        if (name === "Ed25519") jwk = { kty: "OKP", crv: "Ed25519", x: b64u(raw) };
        else {
          const n = CURVE_LEN[algorithm.namedCurve];
          if (!n || raw.length !== 1 + 2 * n || raw[0] !== 4) throw new Error("Invalid raw " + algorithm.namedCurve + " public key (an uncompressed point is expected)");
          jwk = { kty: "EC", crv: algorithm.namedCurve, x: b64u(raw.subarray(1, 1 + n)), y: b64u(raw.subarray(1 + n)) };
        }
        s = host.keyParse(json({ want, format: "jwk", jwk }));
      } else {
        throw domError("Unsupported key format " + format + " for " + name, "NotSupportedError");
      }
    } catch (e) {
      if (e.name === "NotSupportedError") throw e;
      throw domError(e.message, "DataError");
    }
    const details = s.asymmetricKeyDetails || {};
    const alg = { name };
    if (name === "RSASSA-PKCS1-v1_5" || name === "RSA-PSS") {
      if (s.asymmetricKeyType !== "rsa") throw domError("The key is not an RSA key", "DataError");
      alg.hash = { name: webHash(algorithm.hash) };
      alg.modulusLength = details.modulusLength;
      alg.publicExponent = new Uint8Array([1, 0, 1]);
    } else if (name === "ECDSA") {
      const curve = NODE_CURVE[details.namedCurve];
      if (s.asymmetricKeyType !== "ec" || curve !== algorithm.namedCurve) throw domError("The key is not an ECDSA " + algorithm.namedCurve + " key", "DataError");
      alg.namedCurve = curve;
    } else if (s.asymmetricKeyType !== "ed25519") {
      throw domError("The key is not an Ed25519 key", "DataError");
    }
    return new AsymmetricCryptoKey(want, alg, !!extractable, Array.from(usages || []), s);
  }
  function webOptions(algorithm, key) {
    const name = key.algorithm.name;
    if (algorithmName(algorithm).toUpperCase() !== name.toUpperCase()) throw domError("The key's algorithm " + name + " does not match " + algorithmName(algorithm), "InvalidAccessError");
    if (name === "RSASSA-PKCS1-v1_5") return { hash: WEB_HASH[key.algorithm.hash.name], padding: "pkcs1" };
    if (name === "RSA-PSS") return { hash: WEB_HASH[key.algorithm.hash.name], padding: "pss", saltLength: algorithm.saltLength };
    if (name === "ECDSA") {
      const hash = WEB_HASH[webHash(algorithm.hash)];
      if (hash !== CURVE_HASH[key.algorithm.namedCurve]) throw domError("ECDSA " + key.algorithm.namedCurve + " with " + algorithm.hash + " is not supported in Actions", "NotSupportedError");
      return { hash, dsaEncoding: "ieee-p1363" };
    }
    return { hash: "" };
  }
  function webSign(algorithm, key, data) {
    if (key.type !== "private" || !key.usages.includes("sign")) throw domError("The key cannot be used to sign", "InvalidAccessError");
    const s = state.get(key);
    return ab(host.keySign(json(Object.assign({ encoding: s.encoding }, webOptions(algorithm, key))), s.der, toBytes(data)));
  }
  function webVerify(algorithm, key, signature, data) {
    if (key.type !== "public" || !key.usages.includes("verify")) throw domError("The key cannot be used to verify", "InvalidAccessError");
    const s = state.get(key);
    return host.keyVerify(json(Object.assign({ encoding: s.encoding }, webOptions(algorithm, key))), [s.der, toBytes(data), toBytes(signature)]);
  }
  function exportKey(format, key) {
    if (!key.extractable) throw domError("The key is not extractable", "InvalidAccessError");
    const s = state.get(key);
    if (format === "jwk") return JSON.parse(host.keyExport(json({ encoding: s.encoding, format: "jwk" }), s.der));
    if (format === "spki" || format === "pkcs8") return ab(host.keyExport(json({ encoding: s.encoding, format: "der", type: format }), s.der));
    if (format === "raw" && key.type === "public" && key.algorithm.name !== "RSASSA-PKCS1-v1_5" && key.algorithm.name !== "RSA-PSS") {
      const j = JSON.parse(host.keyExport(json({ encoding: s.encoding, format: "jwk" }), s.der));
      const parts = [B().from(j.x, "base64url")];
      if (j.kty === "EC") parts.unshift(B().from([4])), parts.push(B().from(j.y, "base64url"));
      return ab(B().concat(parts));
    }
    throw domError("Unsupported export format " + format, "NotSupportedError");
  }

  return {
    KeyObject, createPrivateKey, createPublicKey, createSecretKey, secretOf,
    createSign: (alg) => new Sign(alg), createVerify: (alg) => new Verify(alg), Sign, Verify, sign, verify,
    web: { isAsymmetric, importKey, sign: webSign, verify: webVerify, exportKey },
  };
})
