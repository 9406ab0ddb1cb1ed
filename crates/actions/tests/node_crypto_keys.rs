//! Asymmetric keys in the sandbox: Node's `crypto` KeyObject, createSign/createVerify and
//! crypto.sign/verify, and Web Crypto's RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA and Ed25519, checked
//! against signatures made by `openssl` (tests/fixtures/keys).

mod common;
use common::eval_js;
use serde_json::json;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("fixtures/keys/", $name))
    };
}

/// The fixtures as JavaScript `const` declarations.
fn keys_js() -> String {
    let pairs = [
        ("RSA_PKCS8", fixture!("rsa-pkcs8.pem")),
        ("RSA_PKCS1", fixture!("rsa-pkcs1.pem")),
        ("RSA_PUBLIC", fixture!("rsa-public.pem")),
        ("RSA_CERT", fixture!("rsa-cert.pem")),
        ("RSA_SIG", fixture!("rsa-sha256.sig.b64")),
        ("RSA_ENCRYPTED", fixture!("rsa-encrypted.pem")),
        ("EC_SEC1", fixture!("ec-sec1.pem")),
        ("EC_PUBLIC", fixture!("ec-public.pem")),
        ("EC_SIG", fixture!("ec-sha256.der.b64")),
        ("ED_PRIVATE", fixture!("ed25519.pem")),
        ("ED_PUBLIC", fixture!("ed25519-public.pem")),
        ("ED_SIG", fixture!("ed25519.sig.b64")),
    ];
    pairs.iter().map(|(k, v)| format!("const {k} = {};\n", serde_json::to_string(v.trim()).unwrap())).collect()
}

async fn eval_with_keys(body: &str) -> serde_json::Value {
    eval_js(&format!("{}{body}", keys_js())).await
}

#[tokio::test]
async fn node_crypto_signs_rs256_exactly_as_openssl_and_verifies_with_a_certificate() {
    let v = eval_with_keys(r#"
        const crypto = require("crypto");
        const sig = crypto.createSign("RSA-SHA256").update("portcullis").sign(RSA_PKCS8, "base64");
        const fromPkcs1 = crypto.sign("sha256", Buffer.from("portcullis"), crypto.createPrivateKey(RSA_PKCS1)).toString("base64");
        const pub = crypto.createPublicKey(RSA_CERT);
        const verify = (key, data, s) => crypto.createVerify("sha256").update(data).verify(key, s, "base64");
        return [sig === RSA_SIG, fromPkcs1 === RSA_SIG, verify(RSA_CERT, "portcullis", RSA_SIG), verify(pub, "portcullis", RSA_SIG),
                verify(RSA_PUBLIC, "portcullis!", RSA_SIG), verify(RSA_PKCS8, "portcullis", RSA_SIG),
                pub.type, pub.asymmetricKeyType, pub.asymmetricKeyDetails.modulusLength, typeof pub.asymmetricKeyDetails.publicExponent,
                pub instanceof crypto.KeyObject, pub.export({ format: "pem", type: "spki" }) === RSA_PUBLIC + "\n",
                pub.export({ format: "jwk" }).kty, crypto.createPublicKey({ key: pub.export({ format: "jwk" }), format: "jwk" }).equals(pub)];
    "#).await;
    assert_eq!(v, json!([true, true, true, true, false, true, "public", "rsa", 2048, "bigint", true, true, "RSA", true]));
}

#[tokio::test]
async fn node_crypto_verifies_openssl_ecdsa_and_ed25519_signatures_and_makes_its_own() {
    let v = eval_with_keys(r#"
        const crypto = require("crypto");
        const ec = crypto.createPrivateKey(EC_SEC1);
        const der = crypto.sign("sha256", Buffer.from("portcullis"), ec);
        const p1363 = crypto.sign("sha256", Buffer.from("portcullis"), { key: ec, dsaEncoding: "ieee-p1363" });
        const edSig = crypto.sign(null, Buffer.from("portcullis"), crypto.createPrivateKey(ED_PRIVATE)).toString("base64");
        return [crypto.verify("sha256", Buffer.from("portcullis"), EC_PUBLIC, Buffer.from(EC_SIG, "base64")),
                crypto.verify("sha256", Buffer.from("portcullis"), EC_PUBLIC, der), der[0],
                p1363.length, crypto.verify("sha256", Buffer.from("portcullis"), { key: EC_PUBLIC, dsaEncoding: "ieee-p1363" }, p1363),
                ec.asymmetricKeyType, ec.asymmetricKeyDetails.namedCurve,
                edSig === ED_SIG, crypto.verify(null, Buffer.from("portcullis"), ED_PUBLIC, Buffer.from(ED_SIG, "base64")),
                crypto.verify(null, Buffer.from("other"), ED_PUBLIC, Buffer.from(ED_SIG, "base64"))];
    "#).await;
    assert_eq!(v, json!([true, true, 0x30, 64, true, "ec", "prime256v1", true, true, false]));
}

#[tokio::test]
async fn web_crypto_signs_and_verifies_with_rsa_ecdsa_and_ed25519_keys() {
    let v = eval_with_keys(r#"
        const node = require("crypto");
        const enc = new TextEncoder().encode("portcullis");
        const pkcs8 = node.createPrivateKey(RSA_PKCS1).export({ format: "der", type: "pkcs8" });
        const rsa = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]);
        const rsaSig = Buffer.from(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", rsa, enc)).toString("base64");
        const rsaPubJwk = node.createPublicKey(RSA_PUBLIC).export({ format: "jwk" });
        const rsaPub = await crypto.subtle.importKey("jwk", rsaPubJwk, { name: "RSASSA-PKCS1-v1_5", hash: { name: "SHA-256" } }, true, ["verify"]);
        const rsaOk = await crypto.subtle.verify({ name: "RSASSA-PKCS1-v1_5" }, rsaPub, Buffer.from(RSA_SIG, "base64"), enc);
        const pssKey = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "RSA-PSS", hash: "SHA-256" }, false, ["sign"]);
        const pssPub = await crypto.subtle.importKey("spki", node.createPublicKey(RSA_PUBLIC).export({ format: "der", type: "spki" }), { name: "RSA-PSS", hash: "SHA-256" }, false, ["verify"]);
        const pss = await crypto.subtle.sign({ name: "RSA-PSS", saltLength: 32 }, pssKey, enc);
        const pssOk = await crypto.subtle.verify({ name: "RSA-PSS", saltLength: 32 }, pssPub, pss, enc);
        const ecJwk = node.createPrivateKey(EC_SEC1).export({ format: "jwk" });
        const ecPriv = await crypto.subtle.importKey("jwk", ecJwk, { name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);
        const ecPub = await crypto.subtle.importKey("spki", node.createPublicKey(EC_PUBLIC).export({ format: "der" }), { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]);
        const ecSig = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, ecPriv, enc);
        const raw = await crypto.subtle.exportKey("raw", ecPub);
        const ecRawPub = await crypto.subtle.importKey("raw", raw, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
        const ecOk = await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, ecRawPub, ecSig, enc);
        const edPub = await crypto.subtle.importKey("spki", node.createPublicKey(ED_PUBLIC).export({ format: "der" }), "Ed25519", false, ["verify"]);
        const edOk = await crypto.subtle.verify("Ed25519", edPub, Buffer.from(ED_SIG, "base64"), enc);
        let wrongCurve;
        try { await crypto.subtle.importKey("jwk", ecJwk, { name: "ECDSA", namedCurve: "P-384" }, false, ["sign"]); } catch (e) { wrongCurve = e.name; }
        return [rsaSig === RSA_SIG, rsaOk, rsa.type, rsa.algorithm.modulusLength, pss.byteLength, pssOk,
                ecSig.byteLength, ecOk, raw.byteLength, (await crypto.subtle.exportKey("jwk", ecPub)).crv, edOk, wrongCurve];
    "#).await;
    assert_eq!(v, json!([true, true, "private", 2048, 256, true, 64, true, 65, "P-256", true, "DataError"]));
}

#[tokio::test]
async fn secret_key_objects_work_with_hmac_and_bad_keys_fail_with_a_reason() {
    let v = eval_with_keys(r#"
        const crypto = require("crypto");
        const k = crypto.createSecretKey(Buffer.from("key"));
        const fails = (f) => { try { f(); return "no error"; } catch (e) { return e.message; } };
        return [k.type, k.symmetricKeySize,
                crypto.createHmac("sha256", k).update("msg").digest("hex") === crypto.createHmac("sha256", "key").update("msg").digest("hex"),
                fails(() => crypto.createPrivateKey(RSA_ENCRYPTED)).includes("not supported in Actions"),
                fails(() => crypto.createPublicKey("not a key")).includes("PEM"),
                fails(() => crypto.createSign("RSA-SHA256").update("x").sign(RSA_PUBLIC)).length > 0,
                fails(() => crypto.generateKeyPairSync("rsa")),
                fails(() => crypto.createSign("md4"))];
    "#).await;
    assert_eq!(v, json!(["secret", 3, true, true, true, true, "crypto.generateKeyPairSync is not available in Actions", "Invalid digest: md4"]));
}
