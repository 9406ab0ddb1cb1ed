//! Node-compatible globals and built-in modules behave like Node for what actions use.

mod common;
use common::eval_js;
use serde_json::json;

#[tokio::test]
async fn buffer_round_trips_utf8_hex_base64_and_base64url() {
    let v = eval_js(r#"
        const b = Buffer.from("héllo wörld");
        return [b.toString("hex"), b.toString("base64"), Buffer.from(b.toString("base64url"), "base64url").toString(),
                Buffer.from("68656c6c6f", "hex").toString(), Buffer.byteLength("héllo"), Buffer.concat([Buffer.from("a"), Buffer.from("b")]).toString(),
                Buffer.from("abc").equals(Buffer.from("abc")), Buffer.from("abcdef").slice(1, 3).toString(), Buffer.isBuffer(b)];
    "#).await;
    assert_eq!(v, json!(["68c3a96c6c6f2077c3b6726c64", "aMOpbGxvIHfDtnJsZA==", "héllo wörld", "hello", 6, "ab", true, "bc", true]));
}

#[tokio::test]
async fn require_crypto_hashes_and_hmacs_like_node() {
    let v = eval_js(r#"
        const crypto = require("crypto");
        return [crypto.createHash("sha256").update("abc").digest("hex"),
                crypto.createHash("sha1").update("abc").digest("base64"),
                crypto.createHash("md5").update("abc").digest("hex"),
                crypto.createHmac("sha256", "key").update("The quick brown fox jumps over the lazy dog").digest("hex"),
                crypto.randomBytes(16).length, crypto.timingSafeEqual(Buffer.from("a"), Buffer.from("a")),
                /^[0-9a-f-]{36}$/.test(crypto.randomUUID())];
    "#).await;
    assert_eq!(v, json!([
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=",
        "900150983cd24fb0d6963f7d28e17f72",
        "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
        16, true, true
    ]));
}

#[tokio::test]
async fn url_and_url_search_params_parse_and_serialize() {
    let v = eval_js(r#"
        const u = new URL("https://user:pw@example.com:8443/a/b?x=1&y=two#frag");
        u.searchParams.append("z", "a b");
        const rel = new URL("../c?q=1", "https://example.com/a/b/");
        const p = new URLSearchParams({ a: "1", b: "x y" });
        return [u.hostname, u.port, u.pathname, u.searchParams.get("y"), u.href, rel.href, p.toString(), require("url").parse("https://e.com/p?a=1", true).query.a];
    "#).await;
    assert_eq!(v, json!(["example.com", "8443", "/a/b", "two", "https://user:pw@example.com:8443/a/b?x=1&y=two&z=a+b#frag", "https://example.com/a/c?q=1", "a=1&b=x+y", "1"]));
}

#[tokio::test]
async fn text_encoding_atob_btoa_and_structured_clone_work() {
    let v = eval_js(r#"
        const bytes = new TextEncoder().encode("€");
        const c = structuredClone({ d: new Date(0), m: new Map([[1, 2]]), a: [1, { b: 2 }] });
        return [Array.from(bytes), new TextDecoder().decode(bytes), btoa("hi"), atob("aGk="), c.d.getTime(), c.m.get(1), c.a[1].b];
    "#).await;
    assert_eq!(v, json!([[226, 130, 172], "€", "aGk=", "hi", 0, 2, 2]));
}

#[tokio::test]
async fn timers_util_querystring_and_events_work() {
    let v = eval_js(r#"
        const util = require("util"), qs = require("querystring"), EventEmitter = require("events");
        const sleep = util.promisify((ms, cb) => setTimeout(() => cb(null, ms), ms));
        const slept = await sleep(5);
        let fired = 0; const e = new EventEmitter(); e.on("x", (n) => fired += n); e.emit("x", 2); e.emit("x", 3);
        let ticks = 0; await new Promise((res) => { const id = setInterval(() => { if (++ticks === 3) { clearInterval(id); res(); } }, 1); });
        const t = setTimeout(() => { throw new Error("cleared timers never fire"); }, 1); clearTimeout(t);
        return [slept, fired, ticks, util.format("%s=%d %j", "a", 42, { b: 1 }), qs.stringify({ a: [1, 2], b: "x y" }), qs.parse("a=1&a=2&b=3").a];
    "#).await;
    assert_eq!(v, json!([5, 5, 3, "a=42 {\"b\":1}", "a=1&a=2&b=x%20y", ["1", "2"]]));
}

#[tokio::test]
async fn web_crypto_digest_and_hmac_sign_verify_work() {
    let v = eval_js(r#"
        const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode("abc"));
        const key = await crypto.subtle.importKey("raw", new TextEncoder().encode("key"), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
        const sig = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode("msg"));
        const ok = await crypto.subtle.verify("HMAC", key, sig, new TextEncoder().encode("msg"));
        const arr = crypto.getRandomValues(new Uint8Array(8));
        return [Buffer.from(d).toString("hex").slice(0, 8), ok, arr.length, typeof crypto.randomUUID()];
    "#).await;
    assert_eq!(v, json!(["ba7816bf", true, 8, "string"]));
}

#[tokio::test]
async fn process_env_is_empty_and_node_only_modules_are_not_available() {
    let v = eval_js(r#"
        const errs = [];
        for (const m of ["fs", "child_process", "net", "node:fs"]) { try { require(m); errs.push("loaded " + m); } catch (e) { errs.push(e.message); } }
        try { process.binding("fs"); } catch (e) { errs.push(e.message); }
        try { require("left-pad"); } catch (e) { errs.push(e.code); }
        return [Object.keys(process.env).length, errs];
    "#).await;
    assert_eq!(v, json!([0, [
        "The module \"fs\" is not available in Actions",
        "The module \"child_process\" is not available in Actions",
        "The module \"net\" is not available in Actions",
        "The module \"fs\" is not available in Actions",
        "The module \"process.binding(fs)\" is not available in Actions",
        "MODULE_NOT_FOUND"
    ]]));
}

#[tokio::test]
async fn console_output_is_captured_per_execution() {
    let r = common::post_login(r#"exports.onExecutePostLogin = async (event) => { console.log("user", event.user.user_id, { a: 1 }); console.error("oops"); };"#).await;
    assert_eq!(r.error, None);
    assert_eq!(r.logs, "user auth0|5f7c8ec7c33c6c004bbafe82 { a: 1 }\nerror: oops\n");
}

#[tokio::test]
async fn buffer_integers_copy_and_old_style_streams_and_emitters_work() {
    let v = eval_js(r#"
        const { EventEmitter } = require("events");
        const util = require("util");
        const { Stream, Readable, Transform } = require("stream");
        const b = Buffer.alloc(8);
        b.writeUInt16LE(0x1234, 0); b.writeInt32BE(-2, 2); b.writeUInt16BE(0xabcd, 6);
        const dst = Buffer.alloc(4);
        const copied = Buffer.from("abcdef").copy(dst, 1, 2);
        function Old() { EventEmitter.call(this); this.n = 0; }
        util.inherits(Old, EventEmitter);
        const o = new Old(); o.on("x", (d) => { o.n += d; }); o.emit("x", 2); o.emit("x", 3);
        function Legacy() { Stream.call(this); }
        util.inherits(Legacy, Stream);
        const upper = new Transform({ transform(chunk, enc, cb) { cb(null, String(chunk).toUpperCase()); } });
        const chunks = [];
        for await (const c of Readable.from(["a", "b"]).pipe(upper)) chunks.push(c);
        let range;
        try { b.readUInt32LE(6); } catch (e) { range = e.code; }
        return [b.readUInt16LE(0), b.readInt32BE(2), b.readUint16BE(6), copied, dst.toString("hex"), o.n, new Legacy() instanceof EventEmitter,
                chunks.join(""), typeof require("buffer").SlowBuffer, range];
    "#).await;
    assert_eq!(v, json!([0x1234, -2, 0xabcd, 3, "00636465", 5, true, "AB", "function", "ERR_OUT_OF_RANGE"]));
}

#[tokio::test]
async fn blob_and_file_hold_bytes_and_a_type_and_fetch_bodies_accept_them() {
    let v = eval_js(r#"
        const blob = new Blob(["héllo ", new Uint8Array([119, 111]), new Blob(["rld"])], { type: "Text/Plain" });
        const file = new File(["x"], "a.txt", { type: "text/plain" });
        const req = new Request("https://example.com/", { method: "POST", body: blob });
        return [blob.size, blob.type, await blob.text(), await blob.slice(0, 2).text(), file.name, file instanceof Blob,
                req.headers.get("content-type"), await req.text(), require("buffer").Blob === Blob];
    "#).await;
    assert_eq!(v, json!([12, "text/plain", "héllo world", "h\u{fffd}", "a.txt", true, "text/plain", "héllo world", true]));
}

#[tokio::test]
async fn a_request_url_is_normalised_like_new_url_and_an_invalid_one_is_refused() {
    let v = eval_js(r#"
        const r = new Request("HTTPS://Example.COM:443/a/../b?x=1#frag");
        let sync, rejected;
        try { new Request("not a url"); } catch (e) { sync = [e instanceof TypeError, e.code]; }
        try { await fetch("http//missing-colon"); } catch (e) { rejected = [e instanceof TypeError, e.message]; }
        return [r.url, r.url === new URL("HTTPS://Example.COM:443/a/../b?x=1#frag").href, sync, rejected];
    "#).await;
    assert_eq!(v, json!(["https://example.com/b?x=1#frag", true, [true, "ERR_INVALID_URL"], [true, "Invalid URL"]]));
}

#[tokio::test]
async fn path_os_assert_string_decoder_and_timers_modules_work_like_node() {
    let v = eval_js(r#"
        const path = require("path"), os = require("os"), assert = require("assert"), { StringDecoder } = require("string_decoder");
        const { setTimeout: sleep } = require("timers/promises");
        const d = new StringDecoder("utf8");
        const euro = Buffer.from("€");
        const decoded = d.write(euro.subarray(0, 1)) + "|" + d.write(euro.subarray(1)) + d.end();
        let assertion;
        try { assert.deepStrictEqual({ a: [1] }, { a: [2] }); } catch (e) { assertion = e.code; }
        const waited = await sleep(1, "slept");
        return [path.join("/a/b", "../c", "./d.json"), path.basename("/x/y.tar.gz", ".gz"), path.extname("f.TXT"), path.resolve("a", "b"),
                path.relative("/a/b/c", "/a/d"), path.dirname("/a/b/"), path.parse("/home/u/file.txt").name, os.EOL, os.platform(), os.hostname(),
                decoded, assertion, waited, require("tty").isatty(1), typeof require("util").promisify.custom];
    "#).await;
    assert_eq!(v, json!(["/a/c/d.json", "y.tar", ".TXT", "/a/b", "../../d", "/a", "file", "\n", "linux", "localhost",
                         "|€", "ERR_ASSERTION", "slept", false, "symbol"]));
}

#[tokio::test]
async fn event_target_dispatches_events_to_listeners_once_or_always() {
    let v = eval_js(r#"
        const t = new EventTarget();
        const seen = [];
        t.addEventListener("ping", (e) => seen.push("always:" + e.detail));
        t.addEventListener("ping", { handleEvent: (e) => seen.push("once:" + e.type) }, { once: true });
        t.dispatchEvent(new CustomEvent("ping", { detail: 1 }));
        t.dispatchEvent(new CustomEvent("ping", { detail: 2 }));
        const e = new Event("x", { cancelable: true });
        t.addEventListener("x", (ev) => ev.preventDefault());
        return [seen, t.dispatchEvent(e), e.defaultPrevented];
    "#).await;
    assert_eq!(v, json!([["always:1", "once:ping", "always:2"], false, true]));
}

#[tokio::test]
async fn lazily_created_globals_behave_like_ordinary_globals() {
    let v = eval_js(r#"
        const before = Object.getOwnPropertyNames(globalThis).includes("URLSearchParams");
        const present = ["Buffer" in globalThis, typeof URL, typeof fetch, "nope" in globalThis, typeof nope];
        const own = Object.getOwnPropertyDescriptor(globalThis, "URL");
        globalThis.TextDecoder = undefined;
        Blob = 42;
        let missing;
        try { notDefinedAnywhere; } catch (e) { missing = e.name; }
        return [before, present, own.enumerable, own.writable, typeof TextDecoder, Blob, missing, new URLSearchParams("a=1").get("a")];
    "#).await;
    assert_eq!(v, json!([true, [true, "function", "function", false, "undefined"], false, true, "undefined", 42, "ReferenceError", "1"]));
}
