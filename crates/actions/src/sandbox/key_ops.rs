//! Host operations 24-27: asymmetric keys for the `crypto` shim (parse, sign, verify, export).
//! A key crosses into JavaScript as `{encoding, der}` plus what Node's KeyObject reports; the
//! shim hands both back on every use, so the host keeps no per-key state.

use rquickjs::{Array, Ctx, IntoJs, Object, TypedArray, Value};
use serde::Deserialize;

use crate::keys::{self, Encoding, Key, SignOptions};

pub const PARSE: i32 = 24;
pub const SIGN: i32 = 25;
pub const VERIFY: i32 = 26;
pub const EXPORT: i32 = 27;

#[derive(Deserialize)]
struct ParseSpec {
    /// `"private"` or `"public"`.
    want: String,
    /// `"pem"`, `"der"` or `"jwk"`.
    format: String,
    #[serde(default, rename = "type")]
    der_type: Option<String>,
    #[serde(default)]
    jwk: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct UseSpec {
    encoding: String,
    #[serde(default)]
    hash: String,
    #[serde(flatten)]
    options: SignOptions,
}

#[derive(Deserialize)]
struct ExportSpec {
    encoding: String,
    format: String,
    #[serde(default, rename = "type")]
    der_type: Option<String>,
}

fn bytes(v: &Value<'_>) -> rquickjs::Result<Vec<u8>> {
    let a = TypedArray::<u8>::from_value(v.clone())?;
    // SAFETY: copied before any JavaScript runs again.
    Ok(unsafe { a.as_bytes() }.map(<[u8]>::to_vec).unwrap_or_default())
}

fn spec<T: for<'de> Deserialize<'de>>(ctx: &Ctx<'_>, v: &Value<'_>) -> rquickjs::Result<T> {
    let text: String = v.get()?;
    serde_json::from_str(&text).map_err(|e| throw(ctx, &format!("invalid key operation: {e}")))
}

fn throw(ctx: &Ctx<'_>, msg: &str) -> rquickjs::Error {
    rquickjs::Exception::throw_message(ctx, msg)
}

fn stored(ctx: &Ctx<'_>, encoding: &str, der: &Value<'_>) -> rquickjs::Result<Key> {
    let enc = Encoding::from_name(encoding).ok_or_else(|| throw(ctx, "invalid key object"))?;
    Key::from_stored(enc, bytes(der)?).map_err(|e| throw(ctx, &e))
}

fn described<'js>(ctx: &Ctx<'js>, key: &Key) -> rquickjs::Result<Value<'js>> {
    let meta = key.describe().map_err(|e| throw(ctx, &e))?;
    let o: Object = ctx.json_parse(meta.to_string())?.get()?;
    o.set("der", TypedArray::<u8>::new(ctx.clone(), key.der.clone())?)?;
    Ok(o.into_value())
}

/// Runs one key operation: `(spec JSON, a, b)` as each constant documents.
pub fn run<'js>(ctx: &Ctx<'js>, op: i32, args: &[Option<Value<'js>>; 3]) -> rquickjs::Result<Value<'js>> {
    let undefined = Value::new_undefined(ctx.clone());
    let first = args[0].clone().unwrap_or(undefined.clone());
    let second = args[1].clone().unwrap_or(undefined.clone());
    match op {
        // (spec, data): a KeyObject's fields from PEM/DER bytes or a JWK.
        PARSE => {
            let s: ParseSpec = spec(ctx, &first)?;
            let key = match (s.format.as_str(), s.jwk) {
                ("jwk", Some(jwk)) => {
                    let k = keys::from_jwk(&jwk).map_err(|e| throw(ctx, &e))?;
                    match (s.want.as_str(), k.is_private()) {
                        ("private", false) => return Err(throw(ctx, "the JWK is a public key (it has no \"d\")")),
                        ("public", true) => k.public().map_err(|e| throw(ctx, &e))?,
                        _ => k,
                    }
                }
                (f @ ("pem" | "der"), _) => {
                    let data = bytes(&second)?;
                    if f == "pem" && !data.windows(11).any(|w| w == b"-----BEGIN ") {
                        return Err(throw(ctx, "not a PEM-encoded key (no -----BEGIN line); use {format: \"der\", type} for DER or {format: \"jwk\"} for a JWK"));
                    }
                    let default_type = if s.want == "private" { "pkcs8" } else { "spki" };
                    let der_type = (f == "der").then(|| s.der_type.as_deref().unwrap_or(default_type));
                    let r = if s.want == "private" { Key::private_from(&data, der_type) } else { Key::public_from(&data, der_type) };
                    r.map_err(|e| throw(ctx, &e))?
                }
                (f, _) => return Err(throw(ctx, &format!("unsupported key format {f:?}"))),
            };
            described(ctx, &key)
        }
        // (spec, der, data) -> signature bytes
        SIGN => {
            let s: UseSpec = spec(ctx, &first)?;
            let key = stored(ctx, &s.encoding, &second)?;
            let data = bytes(args[2].as_ref().unwrap_or(&undefined))?;
            let out = key.sign(&s.hash, &data, &s.options).map_err(|e| throw(ctx, &e))?;
            TypedArray::<u8>::new(ctx.clone(), out)?.into_js(ctx)
        }
        // (spec, [der, data, signature]) -> boolean
        VERIFY => {
            let s: UseSpec = spec(ctx, &first)?;
            let parts: Array = second.get()?;
            let key = stored(ctx, &s.encoding, &parts.get(0)?)?;
            let (data, signature) = (bytes(&parts.get(1)?)?, bytes(&parts.get(2)?)?);
            key.verify(&s.hash, &data, &signature, &s.options).map_err(|e| throw(ctx, &e))?.into_js(ctx)
        }
        // (spec, der) -> PEM text, DER bytes, or JWK JSON text
        EXPORT => {
            let s: ExportSpec = spec(ctx, &first)?;
            let key = stored(ctx, &s.encoding, &second)?;
            match s.format.as_str() {
                "pem" => key.to_pem(s.der_type.as_deref()).map_err(|e| throw(ctx, &e))?.into_js(ctx),
                "der" => {
                    let (_, der) = key.export_der(s.der_type.as_deref()).map_err(|e| throw(ctx, &e))?;
                    TypedArray::<u8>::new(ctx.clone(), der)?.into_js(ctx)
                }
                "jwk" => keys::to_jwk(&key).map_err(|e| throw(ctx, &e))?.to_string().into_js(ctx),
                "public" => described(ctx, &key.public().map_err(|e| throw(ctx, &e))?),
                f => Err(throw(ctx, &format!("unsupported export format {f:?}"))),
            }
        }
        _ => Err(throw(ctx, "unknown key operation")),
    }
}
