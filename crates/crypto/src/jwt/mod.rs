//! JSON Web Signatures in compact form (RFC 7515) carrying JWT claims (RFC 7519), signed with
//! RS256 or ES256 (RFC 7518 §3.3, §3.4), and the public keys as JWKs (RFC 7517, RFC 7518 §6).
//!
//! Only signatures are checked here. Time-based and audience claims (`exp`, `nbf`, `iat`, `aud`,
//! `iss`) are protocol policy and belong to the caller, which owns the clock.

mod signing_key;
mod verify;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use signing_key::SigningKey;
pub use verify::{decode_unverified, verify_jwt, VerifyingKeys};

use crate::CryptoError;

/// The JWS algorithms Portcullis signs and accepts. Anything else (including `none` and the
/// HMAC family) is rejected when verifying.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Alg {
    /// RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit keys when generated here.
    RS256,
    /// ECDSA on P-256 with SHA-256, signature as the 64-byte `r || s`.
    ES256,
}

impl Alg {
    /// The `alg` header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Alg::RS256 => "RS256",
            Alg::ES256 => "ES256",
        }
    }

    /// The JWK `kty` that carries keys for this algorithm.
    fn key_type(self) -> &'static str {
        match self {
            Alg::RS256 => "RSA",
            Alg::ES256 => "EC",
        }
    }
}

impl std::fmt::Display for Alg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Alg {
    type Err = CryptoError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "RS256" => Ok(Alg::RS256),
            "ES256" => Ok(Alg::ES256),
            other => Err(CryptoError::UnsupportedAlgorithm(other.to_owned())),
        }
    }
}
