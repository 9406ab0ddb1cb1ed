// `crypto` module (createHash, createHmac, randomBytes, randomUUID, randomInt, timingSafeEqual,
// and keys, signing and verification from keys.js) and the Web Crypto global (getRandomValues,
// randomUUID, subtle: digest, HMAC, RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA, Ed25519).
(function (host, shim) {
  "use strict";
  const B = () => shim("buffer");
  const K = () => shim("keys");
  const toBytes = (data, e) => shim("buffer").toBytes(data, e);
  const ALGS = { "sha256": "sha256", "sha-256": "sha256", "sha1": "sha1", "sha-1": "sha1", "md5": "md5", "sha512": "sha512", "sha-512": "sha512", "sha384": "sha384", "sha-384": "sha384" };
  function alg(a) {
    const n = ALGS[String(a).toLowerCase()];
    if (!n) throw new Error("Digest method not supported: " + a);
    return n;
  }
  function output(bytes, e) { const b = B().wrap(bytes); return e === undefined ? b : b.toString(e); }
  class Hash {
    constructor(a, key) { this._alg = alg(a); this._key = key; this._parts = []; this._done = false; }
    update(data, e) {
      if (this._done) throw new Error("Digest already called");
      this._parts.push(toBytes(data, e));
      return this;
    }
    digest(e) {
      if (this._done) throw new Error("Digest already called");
      this._done = true;
      const all = this._parts.length === 1 ? this._parts[0] : B().Buffer.concat(this._parts);
      const out = this._key ? host.hmac(this._alg, this._key, all) : host.hash(this._alg, all);
      return output(out, e);
    }
    copy() { const h = new Hash(this._alg, this._key); h._parts = this._parts.slice(); return h; }
  }
  const createHash = (a) => new Hash(a);
  function createHmac(a, key) {
    if (key !== null && typeof key === "object" && !ArrayBuffer.isView(key) && !(key instanceof ArrayBuffer) && !key._raw) {
      if (!(key instanceof K().KeyObject)) throw new TypeError('The "key" argument must be of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey.');
      const secret = K().secretOf(key);
      if (secret === undefined) throw new TypeError("Invalid key object type " + key.type + ", expected secret.");
      return new Hash(a, secret);
    }
    return new Hash(a, toBytes(key && key._raw ? key._raw : key));
  }
  function randomBytes(n, cb) {
    if (!Number.isInteger(n) || n < 0 || n > 65536) throw new RangeError('The value of "size" is out of range.');
    const b = B().wrap(host.randomBytes(n));
    if (typeof cb === "function") { queueMicrotask(() => cb(null, b)); return; }
    return b;
  }
  function randomFillSync(buf, offset = 0, size) {
    if (!ArrayBuffer.isView(buf) && !(buf instanceof ArrayBuffer)) throw new TypeError('The "buf" argument must be an instance of ArrayBuffer or ArrayBufferView.');
    const u = buf instanceof ArrayBuffer ? new Uint8Array(buf) : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    const n = size === undefined ? u.length - offset : size;
    if (offset < 0 || n < 0 || offset + n > u.length) throw new RangeError('The value of "offset + size" is out of range.');
    for (let done = 0; done < n; done += 65536) u.set(host.randomBytes(Math.min(65536, n - done)), offset + done);
    return buf;
  }
  function randomFill(buf, offset, size, cb) {
    if (typeof offset === "function") { cb = offset; offset = 0; size = undefined; }
    else if (typeof size === "function") { cb = size; size = undefined; }
    let r;
    try { r = randomFillSync(buf, offset, size); } catch (e) { queueMicrotask(() => cb(e)); return; }
    queueMicrotask(() => cb(null, r));
  }
  function randomInt(min, max, cb) {
    if (max === undefined || typeof max === "function") { cb = max; max = min; min = 0; }
    const range = max - min;
    if (!Number.isSafeInteger(range) || range <= 0) throw new RangeError('The value of "max" is out of range.');
    const r = host.randomBytes(6);
    let x = 0;
    for (let i = 0; i < 6; i++) x = x * 256 + r[i];
    const v = min + (x % range);
    if (typeof cb === "function") { queueMicrotask(() => cb(null, v)); return; }
    return v;
  }
  function timingSafeEqual(a, b) {
    a = toBytes(a); b = toBytes(b);
    if (a.length !== b.length) { const e = new RangeError("Input buffers must have the same byte length"); e.code = "ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH"; throw e; }
    let d = 0;
    for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
    return d === 0;
  }
  function getRandomValues(arr) {
    if (!ArrayBuffer.isView(arr) || arr instanceof Float32Array || arr instanceof Float64Array) throw new TypeError("The data argument must be an integer-type TypedArray");
    if (arr.byteLength > 65536) throw new RangeError("The ArrayBufferView's byte length exceeds 65536");
    new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength).set(host.randomBytes(arr.byteLength));
    return arr;
  }
  const randomUUID = () => host.uuid();

  // Web Crypto: digest and HMAC here; RSA, ECDSA and Ed25519 keys in keys.js. Key generation,
  // encryption and derivation reject with NotSupportedError rather than pretending.
  class CryptoKey { constructor(algorithm, usages, raw, extractable) { this.type = "secret"; this.algorithm = algorithm; this.usages = usages; this.extractable = extractable; Object.defineProperty(this, "_raw", { value: raw }); } }
  const hashName = (h) => alg(typeof h === "string" ? h : h && h.name);
  const notSupported = (what) => { const e = new Error(what + " is not supported in Actions (digest, HMAC, RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA and Ed25519 sign/verify are)"); e.name = "NotSupportedError"; return Promise.reject(e); };
  const ab = (u) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength);
  const subtle = {
    async digest(a, data) { return ab(host.hash(hashName(a), toBytes(data))); },
    async importKey(format, keyData, algorithm, extractable, usages) {
      const name = typeof algorithm === "string" ? algorithm : algorithm && algorithm.name;
      if (K().web.isAsymmetric(algorithm)) return K().web.importKey(format, keyData, algorithm, extractable, usages);
      if (String(name).toUpperCase() !== "HMAC") return notSupported("importKey(" + name + ")");
      let raw;
      if (format === "raw") raw = toBytes(keyData);
      else if (format === "jwk" && keyData && keyData.kty === "oct" && typeof keyData.k === "string") raw = B().Buffer.from(keyData.k, "base64url");
      else return notSupported("importKey format " + format + " for HMAC");
      return new CryptoKey({ name: "HMAC", hash: { name: String(algorithm.hash && algorithm.hash.name || algorithm.hash).toUpperCase() } }, usages, raw, !!extractable);
    },
    async sign(algorithm, key, data) {
      const name = typeof algorithm === "string" ? algorithm : algorithm && algorithm.name;
      if (K().web.isAsymmetric(algorithm)) return K().web.sign(algorithm, key, data);
      if (String(name).toUpperCase() !== "HMAC" || !(key instanceof CryptoKey)) return notSupported("sign(" + name + ")");
      return ab(host.hmac(hashName(key.algorithm.hash), key._raw, toBytes(data)));
    },
    async verify(algorithm, key, signature, data) {
      if (K().web.isAsymmetric(algorithm)) return K().web.verify(algorithm, key, signature, data);
      const sig = new Uint8Array(await subtle.sign(algorithm, key, data));
      return timingSafeEqual(sig, toBytes(signature)) ;
    },
    async exportKey(format, key) {
      if (!(key instanceof CryptoKey)) return K().web.exportKey(format, key);
      if (!key.extractable) return notSupported("exportKey of a non-extractable key");
      if (format === "jwk") return { kty: "oct", k: B().Buffer.from(key._raw).toString("base64url"), alg: "HS" + String(key.algorithm.hash.name).replace("SHA-", ""), ext: true, key_ops: key.usages };
      if (format !== "raw") return notSupported("exportKey format " + format);
      return ab(key._raw);
    },
    encrypt: () => notSupported("encrypt"), decrypt: () => notSupported("decrypt"),
    generateKey: () => notSupported("generateKey"), deriveKey: () => notSupported("deriveKey"), deriveBits: () => notSupported("deriveBits"),
    wrapKey: () => notSupported("wrapKey"), unwrapKey: () => notSupported("unwrapKey"),
  };
  const webcrypto = { getRandomValues, randomUUID, subtle };
  const keyApi = (name) => (...args) => K()[name](...args);
  const unavailable = (name) => () => { throw new Error("crypto." + name + " is not available in Actions"); };
  const module = {
    createHash, createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual, getRandomValues, webcrypto, subtle,
    randomFillSync, randomFill,
    createPrivateKey: keyApi("createPrivateKey"), createPublicKey: keyApi("createPublicKey"), createSecretKey: keyApi("createSecretKey"),
    createSign: keyApi("createSign"), createVerify: keyApi("createVerify"), sign: keyApi("sign"), verify: keyApi("verify"),
    get KeyObject() { return K().KeyObject; },
    get Sign() { return K().Sign; },
    get Verify() { return K().Verify; },
    generateKeyPair: unavailable("generateKeyPair"), generateKeyPairSync: unavailable("generateKeyPairSync"),
    generateKey: unavailable("generateKey"), generateKeySync: unavailable("generateKeySync"),
    createCipheriv: unavailable("createCipheriv"), createDecipheriv: unavailable("createDecipheriv"),
    publicEncrypt: unavailable("publicEncrypt"), privateDecrypt: unavailable("privateDecrypt"),
    pbkdf2: unavailable("pbkdf2"), pbkdf2Sync: unavailable("pbkdf2Sync"), scrypt: unavailable("scrypt"), scryptSync: unavailable("scryptSync"),
    createECDH: unavailable("createECDH"), createDiffieHellman: unavailable("createDiffieHellman"),
    constants: { RSA_PKCS1_PADDING: 1, RSA_NO_PADDING: 3, RSA_PKCS1_OAEP_PADDING: 4, RSA_PKCS1_PSS_PADDING: 6, RSA_PSS_SALTLEN_DIGEST: -1, RSA_PSS_SALTLEN_MAX_SIGN: -2, RSA_PSS_SALTLEN_AUTO: -2 },
    getHashes: () => ["md5", "sha1", "sha256", "sha384", "sha512"],
    pseudoRandomBytes: randomBytes,
  };
  return { webcrypto, module };
})
