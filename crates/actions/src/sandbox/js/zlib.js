// `zlib`: the one-shot functions (deflate/inflate, raw, gzip/gunzip, unzip) in their Sync,
// callback and promisify-able forms. Streams and brotli are not available.
(function (host, shim) {
  "use strict";
  const B = () => shim("buffer");
  const toBytes = (d) => B().toBytes(d);
  const module = { constants: { Z_NO_FLUSH: 0, Z_FINISH: 4, Z_OK: 0, Z_STREAM_END: 1, Z_DEFAULT_COMPRESSION: -1, Z_BEST_SPEED: 1, Z_BEST_COMPRESSION: 9 } };
  for (const mode of ["deflate", "inflate", "deflateRaw", "inflateRaw", "gzip", "gunzip", "unzip"]) {
    const sync = (data, opts) => B().wrap(host.zlib(mode, toBytes(data), opts && Number.isInteger(opts.level) ? opts.level : -1));
    module[mode + "Sync"] = sync;
    module[mode] = (data, opts, cb) => {
      if (typeof opts === "function") { cb = opts; opts = undefined; }
      let out, err = null;
      try { out = sync(data, opts); } catch (e) { err = e; }
      queueMicrotask(() => cb(err, out));
    };
  }
  const unavailable = (name) => () => { throw new Error("zlib." + name + " is not available in Actions (the one-shot functions are)"); };
  for (const name of ["createGzip", "createGunzip", "createDeflate", "createInflate", "createDeflateRaw", "createInflateRaw", "createUnzip",
    "brotliCompress", "brotliCompressSync", "brotliDecompress", "brotliDecompressSync", "createBrotliCompress", "createBrotliDecompress"]) module[name] = unavailable(name);
  return { module };
})
