use aws_lc_rs::signature::{
    ParsedPublicKey, RsaPublicKeyComponents, UnparsedPublicKey, ECDSA_P256_SHA256_FIXED,
    RSA_PKCS1_2048_8192_SHA256,
};
use serde_json::{Map, Value};

use super::Alg;
use crate::{base64url, CryptoError};

/// The three parts of a compact JWS, decoded but not yet trusted.
struct Compact<'a> {
    signing_input: &'a str,
    header: Map<String, Value>,
    claims: Map<String, Value>,
    signature: Vec<u8>,
}

/// RFC 7515 §7.1: `BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(signature)`.
/// A JWE (five parts) or anything else is malformed.
fn parse_compact(token: &str) -> Result<Compact<'_>, CryptoError> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(CryptoError::MalformedToken(
            "a compact JWS has exactly three parts",
        ));
    };
    let signing_input = &token[..header.len() + 1 + payload.len()];
    Ok(Compact {
        signing_input,
        header: decode_object(
            header,
            "header is not base64url",
            "header is not a JSON object",
        )?,
        claims: decode_object(
            payload,
            "claims are not base64url",
            "claims are not a JSON object",
        )?,
        signature: base64url::decode(signature)
            .ok_or(CryptoError::MalformedToken("signature is not base64url"))?,
    })
}

fn decode_object(
    part: &str,
    not_base64url: &'static str,
    not_object: &'static str,
) -> Result<Map<String, Value>, CryptoError> {
    let bytes = base64url::decode(part).ok_or(CryptoError::MalformedToken(not_base64url))?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(CryptoError::MalformedToken(not_object)),
    }
}

/// Decodes header and claims without checking anything. Never trust the result: it is for
/// diagnostics and for reading hints such as `id_token_hint` whose signature is checked later.
pub fn decode_unverified(token: &str) -> Result<(Value, Value), CryptoError> {
    let compact = parse_compact(token)?;
    Ok((Value::Object(compact.header), Value::Object(compact.claims)))
}

/// Verifies a compact JWS against public JWKs (as produced by
/// [`super::SigningKey::public_jwk`]), picking the key by `kid`, and returns the claims.
///
/// Does not look at `exp`, `nbf`, `aud` or `iss`: the caller checks those.
pub fn verify_jwt(token: &str, jwks: &[Value]) -> Result<Value, CryptoError> {
    verify_with(token, |kid| find_jwk(jwks, kid).map(|jwk| (jwk, None)))
}

/// A JWKS with its public keys parsed once, for verifying many tokens: parsing an RSA key sets
/// up its Montgomery constants, which cost about as much as the verification itself.
/// Verifies exactly like [`verify_jwt`] over the same JWKs (same checks, same errors).
pub struct VerifyingKeys {
    keys: Vec<(Value, Option<ParsedPublicKey>)>,
}

impl VerifyingKeys {
    /// Keys that do not parse are kept unparsed: using one fails as [`verify_jwt`] would.
    pub fn from_jwks(jwks: &[Value]) -> Self {
        VerifyingKeys { keys: jwks.iter().map(|jwk| (jwk.clone(), parse_jwk(jwk))).collect() }
    }

    pub fn verify_jwt(&self, token: &str) -> Result<Value, CryptoError> {
        verify_with(token, |kid| {
            self.keys.iter().find(|(jwk, _)| jwk.get("kid").and_then(Value::as_str) == Some(kid)).map(|(jwk, parsed)| (jwk, parsed.as_ref()))
        })
    }
}

/// The parsed form of a JWK that passes the checks `verify_rs256` / `verify_es256` make before
/// verifying; `None` for anything else (those functions then report why).
fn parse_jwk(jwk: &Value) -> Option<ParsedPublicKey> {
    match jwk.get("kty").and_then(Value::as_str)? {
        "RSA" => {
            let n = jwk_bytes(jwk, "n", "").ok()?;
            let e = jwk_bytes(jwk, "e", "").ok()?;
            RsaPublicKeyComponents { n: &n, e: &e }.to_parsed_public_key(&RSA_PKCS1_2048_8192_SHA256).ok()
        }
        "EC" => ParsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, es256_point(jwk).ok()?).ok(),
        _ => None,
    }
}

fn verify_with<'k>(token: &str, find: impl FnOnce(&str) -> Option<(&'k Value, Option<&'k ParsedPublicKey>)>) -> Result<Value, CryptoError> {
    let compact = parse_compact(token)?;
    let alg = header_alg(&compact.header)?;
    check_no_critical_extensions(&compact.header)?;
    let kid = compact
        .header
        .get("kid")
        .and_then(Value::as_str)
        .ok_or(CryptoError::MalformedToken("header has no kid"))?;
    let (jwk, parsed) = find(kid).ok_or_else(|| CryptoError::UnknownKey(kid.to_owned()))?;
    check_jwk_fits_alg(jwk, alg)?;
    let message = compact.signing_input.as_bytes();
    // The JWK's kty fits `alg` (checked above), so a parsed key is of the right kind; its
    // algorithm enforces the same modulus range and signature format as the unparsed path.
    match (alg, parsed) {
        (_, Some(key)) => key.verify_sig(message, &compact.signature).map_err(|_| CryptoError::InvalidSignature)?,
        (Alg::RS256, None) => verify_rs256(jwk, message, &compact.signature)?,
        (Alg::ES256, None) => verify_es256(jwk, message, &compact.signature)?,
    }
    Ok(Value::Object(compact.claims))
}

/// RFC 7515 §4.1.1 / RFC 8725 §3.1: the algorithm comes from an allow-list; `none` and HMAC
/// (which would let a public key be used as a shared secret) are never accepted.
fn header_alg(header: &Map<String, Value>) -> Result<Alg, CryptoError> {
    header
        .get("alg")
        .and_then(Value::as_str)
        .ok_or(CryptoError::MalformedToken("header has no alg"))?
        .parse()
}

/// RFC 7515 §4.1.11: recipients "MUST" reject a JWS whose `crit` names extensions they do not
/// understand. We understand none.
fn check_no_critical_extensions(header: &Map<String, Value>) -> Result<(), CryptoError> {
    if header.contains_key("crit") {
        return Err(CryptoError::MalformedToken(
            "critical header extensions are not supported",
        ));
    }
    Ok(())
}

fn find_jwk<'a>(jwks: &'a [Value], kid: &str) -> Option<&'a Value> {
    jwks.iter()
        .find(|jwk| jwk.get("kid").and_then(Value::as_str) == Some(kid))
}

/// RFC 8725 §3.1: the key decides the algorithm. The JWK's `alg` (when present) must equal the
/// header's, its `kty` must fit, and a key marked for encryption is not used to verify.
fn check_jwk_fits_alg(jwk: &Value, alg: Alg) -> Result<(), CryptoError> {
    if let Some(key_alg) = jwk.get("alg") {
        if key_alg.as_str() != Some(alg.as_str()) {
            return Err(CryptoError::AlgorithmMismatch);
        }
    }
    if jwk.get("kty").and_then(Value::as_str) != Some(alg.key_type()) {
        return Err(CryptoError::AlgorithmMismatch);
    }
    if let Some(key_use) = jwk.get("use") {
        if key_use.as_str() != Some("sig") {
            return Err(CryptoError::MalformedJwk("key is not for signatures"));
        }
    }
    Ok(())
}

fn jwk_bytes(jwk: &Value, member: &str, missing: &'static str) -> Result<Vec<u8>, CryptoError> {
    jwk.get(member)
        .and_then(Value::as_str)
        .and_then(base64url::decode)
        .ok_or(CryptoError::MalformedJwk(missing))
}

fn verify_rs256(jwk: &Value, message: &[u8], signature: &[u8]) -> Result<(), CryptoError> {
    let n = jwk_bytes(jwk, "n", "RSA key needs base64url n")?;
    let e = jwk_bytes(jwk, "e", "RSA key needs base64url e")?;
    // Rejects moduli outside 2048..=8192 bits and non-minimal encodings of n and e.
    RsaPublicKeyComponents { n: &n, e: &e }
        .verify(&RSA_PKCS1_2048_8192_SHA256, message, signature)
        .map_err(|_| CryptoError::InvalidSignature)
}

fn verify_es256(jwk: &Value, message: &[u8], signature: &[u8]) -> Result<(), CryptoError> {
    let point = es256_point(jwk)?;
    // FIXED: RFC 7518 §3.4 signatures are r || s (64 bytes), not DER.
    UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, &point)
        .verify(message, signature)
        .map_err(|_| CryptoError::InvalidSignature)
}

/// The uncompressed SEC 1 point of a P-256 JWK.
fn es256_point(jwk: &Value) -> Result<Vec<u8>, CryptoError> {
    if jwk.get("crv").and_then(Value::as_str) != Some("P-256") {
        return Err(CryptoError::AlgorithmMismatch);
    }
    let x = jwk_bytes(jwk, "x", "EC key needs base64url x")?;
    let y = jwk_bytes(jwk, "y", "EC key needs base64url y")?;
    // RFC 7518 §6.2.1.2: each coordinate is exactly the field size, 32 bytes on P-256.
    if x.len() != 32 || y.len() != 32 {
        return Err(CryptoError::MalformedJwk("P-256 coordinates are 32 bytes"));
    }
    let mut point = Vec::with_capacity(65);
    point.push(0x04);
    point.extend_from_slice(&x);
    point.extend_from_slice(&y);
    Ok(point)
}
