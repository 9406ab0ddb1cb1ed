use std::sync::Arc;

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{
    EcdsaKeyPair, KeyPair as _, RsaKeyPair, ECDSA_P256_SHA256_FIXED_SIGNING, RSA_PKCS1_SHA256,
};
use serde_json::{json, Value};

use super::Alg;
use crate::{base64url, CryptoError};

/// RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used with these algorithms."
const RSA_MIN_MODULUS_BYTES: usize = 2048 / 8;
const RSA_MAX_MODULUS_BYTES: usize = 8192 / 8;
/// SEC 1 uncompressed point: 0x04 || x || y, 32 bytes each on P-256.
const P256_COORDINATES_LEN: usize = 64;

/// A private signing key with its key id. Cheap to clone (shared, immutable).
///
/// `Debug` shows only the kid and algorithm, never key material.
#[derive(Clone)]
pub struct SigningKey {
    inner: Arc<Inner>,
}

struct Inner {
    kid: String,
    alg: Alg,
    pair: Pair,
    pkcs8: Vec<u8>,
    jwk: Value,
    /// The base64url header of `typ` `"JWT"`, the one nearly every token uses: built once.
    jwt_header: String,
}

enum Pair {
    Rsa(RsaKeyPair),
    Ec(EcdsaKeyPair),
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.inner.kid)
            .field("alg", &self.inner.alg)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// A fresh key: RSA 2048 for RS256, P-256 for ES256, with a random kid.
    pub fn generate(alg: Alg) -> Result<Self, CryptoError> {
        let pair = match alg {
            Alg::RS256 => Pair::Rsa(
                RsaKeyPair::generate(KeySize::Rsa2048)
                    .map_err(|_| CryptoError::KeyGeneration("RSA"))?,
            ),
            Alg::ES256 => Pair::Ec(
                EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING)
                    .map_err(|_| CryptoError::KeyGeneration("P-256"))?,
            ),
        };
        Self::assemble(crate::random::token(16), alg, pair)
    }

    /// Loads a key saved with [`Self::to_pkcs8`] (unencrypted PKCS#8 v1 DER).
    pub fn from_pkcs8(kid: &str, alg: Alg, pkcs8_der: &[u8]) -> Result<Self, CryptoError> {
        let rejected = |e: aws_lc_rs::error::KeyRejected| CryptoError::KeyRejected(e.to_string());
        let pair = match alg {
            Alg::RS256 => Pair::Rsa(RsaKeyPair::from_pkcs8(pkcs8_der).map_err(rejected)?),
            Alg::ES256 => Pair::Ec(
                EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8_der)
                    .map_err(rejected)?,
            ),
        };
        Self::assemble(kid.to_owned(), alg, pair)
    }

    fn assemble(kid: String, alg: Alg, pair: Pair) -> Result<Self, CryptoError> {
        if kid.is_empty() {
            return Err(CryptoError::KeyRejected("the kid must not be empty".into()));
        }
        let (pkcs8, jwk) = match &pair {
            Pair::Rsa(key) => {
                let modulus_len = key.public_modulus_len();
                if !(RSA_MIN_MODULUS_BYTES..=RSA_MAX_MODULUS_BYTES).contains(&modulus_len) {
                    return Err(CryptoError::KeyRejected(format!(
                        "RSA modulus of {} bits is outside 2048..=8192",
                        modulus_len * 8
                    )));
                }
                let der = key
                    .as_der()
                    .map_err(|_| CryptoError::KeyRejected("RSA key does not serialize".into()))?;
                let public = key.public_key();
                // RFC 7518 §6.3.1: n and e are base64url of the unsigned big-endian value in the
                // minimum number of octets; `Positive` already strips the DER sign byte.
                let jwk = json!({
                    "kty": "RSA",
                    "use": "sig",
                    "alg": alg.as_str(),
                    "kid": kid,
                    "n": base64url::encode(public.modulus().big_endian_without_leading_zero()),
                    "e": base64url::encode(public.exponent().big_endian_without_leading_zero()),
                });
                (der.as_ref().to_vec(), jwk)
            }
            Pair::Ec(key) => {
                let der = key
                    .to_pkcs8v1()
                    .map_err(|_| CryptoError::KeyRejected("EC key does not serialize".into()))?;
                // RFC 7518 §6.2.1.2: x and y are the full 32-byte coordinates, leading zeros kept.
                let (x, y) = match key.public_key().as_ref() {
                    [0x04, coordinates @ ..] if coordinates.len() == P256_COORDINATES_LEN => {
                        coordinates.split_at(P256_COORDINATES_LEN / 2)
                    }
                    _ => {
                        return Err(CryptoError::KeyRejected(
                            "not an uncompressed P-256 point".into(),
                        ))
                    }
                };
                let jwk = json!({
                    "kty": "EC",
                    "crv": "P-256",
                    "x": base64url::encode(x),
                    "y": base64url::encode(y),
                    "use": "sig",
                    "alg": alg.as_str(),
                    "kid": kid,
                });
                (der.as_ref().to_vec(), jwk)
            }
        };
        let jwt_header = encoded_header(alg, "JWT", &kid)?;
        Ok(Self {
            inner: Arc::new(Inner {
                kid,
                alg,
                pair,
                pkcs8,
                jwk,
                jwt_header,
            }),
        })
    }

    /// The private key as PKCS#8 v1 DER. Secret: encrypt it before storing it.
    pub fn to_pkcs8(&self) -> Vec<u8> {
        self.inner.pkcs8.clone()
    }

    pub fn kid(&self) -> &str {
        &self.inner.kid
    }

    pub fn alg(&self) -> Alg {
        self.inner.alg
    }

    /// The public half as a JWK object, ready for a JWKS document.
    pub fn public_jwk(&self) -> Value {
        self.inner.jwk.clone()
    }

    /// A compact JWS with header `{"alg", "typ", "kid"}` over the JSON of `claims`.
    /// `typ` is usually `"JWT"`; RFC 9068 access tokens use `"at+jwt"`.
    pub fn sign_jwt(&self, typ: &str, claims: &Value) -> Result<String, CryptoError> {
        // RFC 7519 §7.2: the JWT Claims Set must be a JSON object.
        if !claims.is_object() {
            return Err(CryptoError::MalformedToken("claims must be a JSON object"));
        }
        let payload = serde_json::to_vec(claims).map_err(|_| CryptoError::Signing)?;
        let other;
        let header = match typ {
            "JWT" => &self.inner.jwt_header,
            _ => {
                other = encoded_header(self.inner.alg, typ, &self.inner.kid)?;
                &other
            }
        };
        // Header, payload and the largest signature (RSA-8192) fit without growing the string.
        let mut token = String::with_capacity(header.len() + 2 + payload.len().div_ceil(3) * 4 + 1366);
        token.push_str(header);
        token.push('.');
        base64url::encode_to(payload, &mut token);
        let signature = self.sign(token.as_bytes())?;
        token.push('.');
        base64url::encode_to(signature, &mut token);
        Ok(token)
    }

    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let rng = SystemRandom::new();
        match &self.inner.pair {
            Pair::Rsa(key) => {
                let mut signature = vec![0u8; key.public_modulus_len()];
                key.sign(&RSA_PKCS1_SHA256, &rng, signing_input, &mut signature)
                    .map_err(|_| CryptoError::Signing)?;
                Ok(signature)
            }
            Pair::Ec(key) => key
                .sign(&rng, signing_input)
                .map(|signature| signature.as_ref().to_vec())
                .map_err(|_| CryptoError::Signing),
        }
    }
}

/// base64url of the JOSE header `{"alg","kid","typ"}` (RFC 7515 §4.1).
fn encoded_header(alg: Alg, typ: &str, kid: &str) -> Result<String, CryptoError> {
    let header = json!({ "alg": alg.as_str(), "typ": typ, "kid": kid });
    let header = serde_json::to_vec(&header).map_err(|_| CryptoError::Signing)?;
    Ok(base64url::encode(header))
}
