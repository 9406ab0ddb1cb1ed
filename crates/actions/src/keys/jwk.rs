//! JSON Web Keys (RFC 7517/7518, RFC 8037 for Ed25519) to and from the DER the signer uses.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Map, Value};

use super::{der, rsa_spki, Curve, Encoding, Key, Kind};

fn field(jwk: &Map<String, Value>, name: &str) -> Result<Vec<u8>, String> {
    let s = jwk.get(name).and_then(Value::as_str).ok_or_else(|| format!("the JWK has no \"{name}\""))?;
    URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')).map_err(|_| format!("the JWK's \"{name}\" is not base64url"))
}

fn b64(bytes: &[u8]) -> Value {
    Value::String(URL_SAFE_NO_PAD.encode(bytes))
}

/// Left-pads to `len` bytes (JWK coordinates have the field's fixed size).
fn fixed(bytes: &[u8], len: usize) -> Vec<u8> {
    let mut v = vec![0u8; len.saturating_sub(bytes.len())];
    v.extend_from_slice(&bytes[bytes.len().saturating_sub(len)..]);
    v
}

fn curve(name: &str) -> Result<Curve, String> {
    match name {
        "P-256" => Ok(Curve::P256),
        "P-384" => Ok(Curve::P384),
        "P-521" => Ok(Curve::P521),
        other => Err(format!("unsupported JWK curve {other:?} (P-256, P-384, P-521)")),
    }
}

/// A key from a JWK object: private when it has `d`.
pub fn from_jwk(jwk: &Value) -> Result<Key, String> {
    let o = jwk.as_object().ok_or("a JWK must be an object")?;
    let private = o.contains_key("d");
    let key = match o.get("kty").and_then(Value::as_str) {
        Some("RSA") => {
            let (n, e) = (field(o, "n")?, field(o, "e")?);
            if private {
                let names = ["d", "p", "q", "dp", "dq", "qi"];
                let mut parts = vec![der::uint(&[0]), der::uint(&n), der::uint(&e)];
                for name in names {
                    parts.push(der::uint(&field(o, name)?));
                }
                Key { kind: Kind::Rsa, encoding: Encoding::Pkcs1, der: der::seq(&parts) }
            } else {
                Key { kind: Kind::Rsa, encoding: Encoding::Spki, der: rsa_spki(&der::seq(&[der::uint(&n), der::uint(&e)])) }
            }
        }
        Some("EC") => {
            let c = curve(o.get("crv").and_then(Value::as_str).unwrap_or_default())?;
            let size = c.field_bytes();
            let mut point = vec![4u8];
            point.extend(fixed(&field(o, "x")?, size));
            point.extend(fixed(&field(o, "y")?, size));
            if private {
                let d = fixed(&field(o, "d")?, size);
                let sec1 = der::seq(&[der::uint(&[1]), der::tlv(der::OCTET_STRING, &d), der::tlv(0xA0, &der::oid(c.oid())), der::tlv(0xA1, &der::bit_string(&point))]);
                Key { kind: Kind::Ec(c), encoding: Encoding::Sec1, der: sec1 }
            } else {
                let alg = der::seq(&[der::oid(der::EC_PUBLIC_KEY), der::oid(c.oid())]);
                Key { kind: Kind::Ec(c), encoding: Encoding::Spki, der: der::seq(&[alg, der::bit_string(&point)]) }
            }
        }
        Some("OKP") if o.get("crv").and_then(Value::as_str) == Some("Ed25519") => {
            let alg = der::seq(&[der::oid(der::ED25519)]);
            if private {
                let seed = der::tlv(der::OCTET_STRING, &field(o, "d")?);
                Key { kind: Kind::Ed25519, encoding: Encoding::Pkcs8, der: der::seq(&[der::uint(&[0]), alg, der::tlv(der::OCTET_STRING, &seed)]) }
            } else {
                Key { kind: Kind::Ed25519, encoding: Encoding::Spki, der: der::seq(&[alg, der::bit_string(&field(o, "x")?)]) }
            }
        }
        Some("oct") => return Err("an \"oct\" JWK is a secret key, not an asymmetric one".into()),
        other => return Err(format!("unsupported JWK key type {:?}", other.unwrap_or("(none)"))),
    };
    if key.is_private() {
        key.public()?;
    } else {
        key.check_public()?;
    }
    Ok(key)
}

/// The private key structure inside PKCS#8 (or the key itself for PKCS#1 / SEC 1).
fn inner_private(key: &Key) -> Result<Vec<u8>, String> {
    if key.encoding != Encoding::Pkcs8 {
        return Ok(key.der.clone());
    }
    let outer = der::expect(&key.der, der::SEQUENCE).ok_or("malformed PKCS#8 private key")?;
    let parts = der::children(outer.content).ok_or("malformed PKCS#8 private key")?;
    let octets = parts.get(2).filter(|t| t.tag == der::OCTET_STRING).ok_or("malformed PKCS#8 private key")?;
    Ok(octets.content.to_vec())
}

/// The key as a JWK (public members only for a public key).
pub fn to_jwk(key: &Key) -> Result<Value, String> {
    match key.kind {
        Kind::Rsa => {
            let (n, e) = key.rsa_numbers()?;
            let mut j = json!({"kty": "RSA", "n": b64(&n), "e": b64(&e)});
            if key.is_private() {
                let pkcs1 = inner_private(key)?;
                let s = der::expect(&pkcs1, der::SEQUENCE).ok_or("malformed RSA private key")?;
                let ints = der::children(s.content).ok_or("malformed RSA private key")?;
                for (i, name) in ["d", "p", "q", "dp", "dq", "qi"].into_iter().enumerate() {
                    let t = ints.get(3 + i).ok_or("malformed RSA private key")?;
                    j[name] = b64(der::unsigned(t));
                }
            }
            Ok(j)
        }
        Kind::Ec(c) => {
            let point = key.point()?;
            let size = c.field_bytes();
            if point.len() != 1 + 2 * size || point[0] != 4 {
                return Err("compressed EC points cannot be exported as JWK".into());
            }
            let mut j = json!({"kty": "EC", "crv": c.jose_name(), "x": b64(&point[1..=size]), "y": b64(&point[1 + size..])});
            if key.is_private() {
                let sec1 = inner_private(key)?;
                let s = der::expect(&sec1, der::SEQUENCE).ok_or("malformed EC private key")?;
                let parts = der::children(s.content).ok_or("malformed EC private key")?;
                let d = parts.get(1).filter(|t| t.tag == der::OCTET_STRING).ok_or("malformed EC private key")?;
                j["d"] = b64(&fixed(d.content, size));
            }
            Ok(j)
        }
        Kind::Ed25519 => {
            let mut j = json!({"kty": "OKP", "crv": "Ed25519", "x": b64(&key.point()?)});
            if key.is_private() {
                let seed = inner_private(key)?;
                let d = der::expect(&seed, der::OCTET_STRING).ok_or("malformed Ed25519 private key")?;
                j["d"] = b64(d.content);
            }
            Ok(j)
        }
    }
}
