//! Signing and verifying with a [`Key`]: RSA PKCS#1 v1.5 and PSS, ECDSA (DER or IEEE P1363
//! signatures) and Ed25519.

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self as sig, UnparsedPublicKey};

use super::{Curve, Key, Kind};

/// Signature options: RSA padding and salt, and ECDSA's signature encoding.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignOptions {
    /// `"pkcs1"` (default) or `"pss"`.
    #[serde(default)]
    pub padding: Option<String>,
    #[serde(default)]
    pub salt_length: Option<i64>,
    /// `"der"` (Node's default) or `"p1363"` (Web Crypto, JOSE).
    #[serde(default)]
    pub dsa_encoding: Option<String>,
}

impl Key {
    /// Sign `data` with this private key; `hash` is `sha256`, `sha384` or `sha512` (ignored for
    /// Ed25519).
    pub fn sign(&self, hash: &str, data: &[u8], opts: &SignOptions) -> Result<Vec<u8>, String> {
        if !self.is_private() {
            return Err("a public key cannot sign".into());
        }
        match self.kind {
            Kind::Rsa => {
                let (enc, _) = rsa_algorithms(hash, opts)?;
                let pair = self.rsa_pair()?;
                let mut out = vec![0u8; pair.public_modulus_len()];
                pair.sign(enc, &SystemRandom::new(), data, &mut out).map_err(|_| "RSA signing failed")?;
                Ok(out)
            }
            Kind::Ec(c) => {
                check_ec_hash(c, hash)?;
                let s = self.ec_pair(c, p1363(opts))?.sign(&SystemRandom::new(), data).map_err(|_| "ECDSA signing failed")?;
                Ok(s.as_ref().to_vec())
            }
            Kind::Ed25519 => Ok(self.ed_pair()?.sign(data).as_ref().to_vec()),
        }
    }

    /// Verify `signature` over `data` with this key (a private key verifies with its public half).
    pub fn verify(&self, hash: &str, data: &[u8], signature: &[u8], opts: &SignOptions) -> Result<bool, String> {
        let public = self.public()?;
        let (alg, key): (&'static dyn sig::VerificationAlgorithm, Vec<u8>) = match self.kind {
            Kind::Rsa => (rsa_algorithms(hash, opts)?.1, public.der),
            Kind::Ec(c) => {
                check_ec_hash(c, hash)?;
                if p1363(opts) && signature.len() != 2 * c.field_bytes() {
                    return Ok(false);
                }
                (ecdsa_algorithms(c, p1363(opts)).1, public.der)
            }
            Kind::Ed25519 => (&sig::ED25519, public.point()?),
        };
        Ok(UnparsedPublicKey::new(alg, key).verify(data, signature).is_ok())
    }
}

type Verifier = &'static dyn sig::VerificationAlgorithm;

/// RSA signing encoding and verification algorithm for `hash` and the padding in `opts`.
fn rsa_algorithms(hash: &str, opts: &SignOptions) -> Result<(&'static dyn sig::RsaEncoding, Verifier), String> {
    let pss = opts.padding.as_deref() == Some("pss");
    if pss {
        check_salt(hash, opts.salt_length)?;
    }
    Ok(match (hash, pss) {
        ("sha256", false) => (&sig::RSA_PKCS1_SHA256, &sig::RSA_PKCS1_2048_8192_SHA256),
        ("sha384", false) => (&sig::RSA_PKCS1_SHA384, &sig::RSA_PKCS1_2048_8192_SHA384),
        ("sha512", false) => (&sig::RSA_PKCS1_SHA512, &sig::RSA_PKCS1_2048_8192_SHA512),
        ("sha256", true) => (&sig::RSA_PSS_SHA256, &sig::RSA_PSS_2048_8192_SHA256),
        ("sha384", true) => (&sig::RSA_PSS_SHA384, &sig::RSA_PSS_2048_8192_SHA384),
        ("sha512", true) => (&sig::RSA_PSS_SHA512, &sig::RSA_PSS_2048_8192_SHA512),
        (h, _) => return Err(format!("RSA signatures with {h} are not supported (sha256, sha384, sha512)")),
    })
}

/// ECDSA signing and verification algorithms of `curve`, with DER or fixed-size (P1363) signatures.
pub(super) fn ecdsa_algorithms(curve: Curve, p1363: bool) -> (&'static sig::EcdsaSigningAlgorithm, Verifier) {
    match (curve, p1363) {
        (Curve::P256, false) => (&sig::ECDSA_P256_SHA256_ASN1_SIGNING, &sig::ECDSA_P256_SHA256_ASN1),
        (Curve::P256, true) => (&sig::ECDSA_P256_SHA256_FIXED_SIGNING, &sig::ECDSA_P256_SHA256_FIXED),
        (Curve::P384, false) => (&sig::ECDSA_P384_SHA384_ASN1_SIGNING, &sig::ECDSA_P384_SHA384_ASN1),
        (Curve::P384, true) => (&sig::ECDSA_P384_SHA384_FIXED_SIGNING, &sig::ECDSA_P384_SHA384_FIXED),
        (Curve::P521, false) => (&sig::ECDSA_P521_SHA512_ASN1_SIGNING, &sig::ECDSA_P521_SHA512_ASN1),
        (Curve::P521, true) => (&sig::ECDSA_P521_SHA512_FIXED_SIGNING, &sig::ECDSA_P521_SHA512_FIXED),
    }
}

fn p1363(opts: &SignOptions) -> bool {
    matches!(opts.dsa_encoding.as_deref(), Some("ieee-p1363" | "p1363"))
}

fn check_salt(hash: &str, salt: Option<i64>) -> Result<(), String> {
    let digest_len = match hash {
        "sha256" => 32,
        "sha384" => 48,
        "sha512" => 64,
        _ => return Ok(()),
    };
    match salt {
        None => Ok(()),
        Some(s) if s == digest_len || s == -1 => Ok(()),
        Some(s) => Err(format!("RSA-PSS with a salt length of {s} is not supported; use the digest length ({digest_len})")),
    }
}

fn check_ec_hash(c: Curve, hash: &str) -> Result<(), String> {
    let expected = match c {
        Curve::P256 => "sha256",
        Curve::P384 => "sha384",
        Curve::P521 => "sha512",
    };
    if hash == expected {
        Ok(())
    } else {
        Err(format!("ECDSA on {} is supported with {expected} only (got {hash})", c.jose_name()))
    }
}
