//! Asymmetric keys for the sandbox's `crypto` (Node's KeyObject, `createSign`/`createVerify`,
//! `crypto.sign`/`verify`) and Web Crypto (`subtle.importKey`/`sign`/`verify`): RSA
//! (PKCS#1 v1.5 and PSS), ECDSA on P-256/P-384/P-521, and Ed25519.
//!
//! Pure functions over bytes: keys arrive as PEM, DER or JSON Web Keys and are kept as DER
//! (private keys in the encoding they came in, public keys as SubjectPublicKeyInfo).

mod der;
mod formats;
mod jwk;
mod sign;

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::signature::{self as sig, EcdsaKeyPair, Ed25519KeyPair, KeyPair, RsaKeyPair};
use serde_json::{json, Value};

use formats::{certificate_spki, looks_like_pem, pem, pem_encode, pkcs8_kind, rsa_spki, sec1_curve, spki_kind};
pub use jwk::{from_jwk, to_jwk};
pub use sign::SignOptions;
use sign::ecdsa_algorithms;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    fn from_oid(oid: &[u8]) -> Option<Curve> {
        match oid {
            der::P256 => Some(Curve::P256),
            der::P384 => Some(Curve::P384),
            der::P521 => Some(Curve::P521),
            _ => None,
        }
    }
    fn oid(self) -> &'static [u8] {
        match self {
            Curve::P256 => der::P256,
            Curve::P384 => der::P384,
            Curve::P521 => der::P521,
        }
    }
    /// Node's name (`asymmetricKeyDetails.namedCurve`).
    pub fn node_name(self) -> &'static str {
        match self {
            Curve::P256 => "prime256v1",
            Curve::P384 => "secp384r1",
            Curve::P521 => "secp521r1",
        }
    }
    /// The JOSE / Web Crypto name.
    pub fn jose_name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }
    fn field_bytes(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Rsa,
    Ec(Curve),
    Ed25519,
}

/// How `der` is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Private key, PKCS#8 `PrivateKeyInfo`.
    Pkcs8,
    /// Private RSA key, PKCS#1 `RSAPrivateKey`.
    Pkcs1,
    /// Private EC key, SEC 1 `ECPrivateKey`.
    Sec1,
    /// Public key, X.509 `SubjectPublicKeyInfo`.
    Spki,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Pkcs8 => "pkcs8",
            Encoding::Pkcs1 => "pkcs1",
            Encoding::Sec1 => "sec1",
            Encoding::Spki => "spki",
        }
    }
    pub fn from_name(s: &str) -> Option<Encoding> {
        [Encoding::Pkcs8, Encoding::Pkcs1, Encoding::Sec1, Encoding::Spki].into_iter().find(|e| e.name() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    pub kind: Kind,
    pub encoding: Encoding,
    pub der: Vec<u8>,
}



impl Key {
    pub fn is_private(&self) -> bool {
        self.encoding != Encoding::Spki
    }

    /// A private key from PEM (PKCS#8, PKCS#1 `RSA PRIVATE KEY`, SEC 1 `EC PRIVATE KEY`) or DER of
    /// the given type (`pkcs8`, `pkcs1`, `sec1`).
    pub fn private_from(input: &[u8], der_type: Option<&str>) -> Result<Key, String> {
        let (encoding, der) = match looks_like_pem(input) {
            Some(text) => {
                let (label, der) = pem(text)?;
                let enc = match label.as_str() {
                    "PRIVATE KEY" => Encoding::Pkcs8,
                    "RSA PRIVATE KEY" => Encoding::Pkcs1,
                    "EC PRIVATE KEY" => Encoding::Sec1,
                    other => return Err(format!("a {other} PEM block is not a private key")),
                };
                (enc, der)
            }
            None => {
                let enc = der_type.and_then(Encoding::from_name).filter(|e| *e != Encoding::Spki);
                (enc.ok_or("a DER private key needs type \"pkcs8\", \"pkcs1\" or \"sec1\"")?, input.to_vec())
            }
        };
        let kind = match encoding {
            Encoding::Pkcs8 => pkcs8_kind(&der)?,
            Encoding::Pkcs1 => Kind::Rsa,
            Encoding::Sec1 => Kind::Ec(sec1_curve(&der)?),
            Encoding::Spki => unreachable!("filtered above"),
        };
        let key = Key { kind, encoding, der };
        key.public()?; // parses the private key: a bad one fails here, not at first use
        Ok(key)
    }

    /// A key handed back as stored (`encoding` and DER from `describe`/`der`).
    pub fn from_stored(encoding: Encoding, der: Vec<u8>) -> Result<Key, String> {
        let kind = match encoding {
            Encoding::Pkcs8 => pkcs8_kind(&der)?,
            Encoding::Pkcs1 => Kind::Rsa,
            Encoding::Sec1 => Kind::Ec(sec1_curve(&der)?),
            Encoding::Spki => spki_kind(&der)?,
        };
        Ok(Key { kind, encoding, der })
    }

    /// A public key from PEM (`PUBLIC KEY`, `RSA PUBLIC KEY`, `CERTIFICATE`, or any private key,
    /// whose public half is taken) or DER of the given type (`spki`, `pkcs1`).
    pub fn public_from(input: &[u8], der_type: Option<&str>) -> Result<Key, String> {
        let spki = match looks_like_pem(input) {
            Some(text) => {
                let (label, der) = pem(text)?;
                match label.as_str() {
                    "PUBLIC KEY" => der,
                    "RSA PUBLIC KEY" => rsa_spki(&der),
                    "CERTIFICATE" => certificate_spki(&der)?,
                    "PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY" => return Key::private_from(input, None)?.public(),
                    other => return Err(format!("a {other} PEM block is not a key")),
                }
            }
            None => match der_type {
                Some("spki") | None => input.to_vec(),
                Some("pkcs1") => rsa_spki(input),
                Some(t @ ("pkcs8" | "sec1")) => return Key::private_from(input, Some(t))?.public(),
                Some(t) => return Err(format!("unsupported public key type {t:?}")),
            },
        };
        let kind = spki_kind(&spki)?;
        let key = Key { kind, encoding: Encoding::Spki, der: spki };
        key.check_public()?;
        Ok(key)
    }

    fn check_public(&self) -> Result<(), String> {
        let ok = match self.kind {
            Kind::Rsa => self.rsa_numbers().is_ok_and(|(n, _)| n.len() >= 64),
            Kind::Ec(c) => sig::ParsedPublicKey::new(ecdsa_algorithms(c, false).1, &self.der).is_ok(),
            Kind::Ed25519 => self.point().is_ok_and(|p| p.len() == 32),
        };
        if ok { Ok(()) } else { Err("invalid public key".into()) }
    }

    /// The public half, as SubjectPublicKeyInfo.
    pub fn public(&self) -> Result<Key, String> {
        let der = match (self.encoding, self.kind) {
            (Encoding::Spki, _) => return Ok(self.clone()),
            (_, Kind::Rsa) => self.rsa_pair()?.public_key().as_der().map(|d| d.as_ref().to_vec()),
            (_, Kind::Ec(c)) => self.ec_pair(c, false)?.public_key().as_der().map(|d| d.as_ref().to_vec()),
            (_, Kind::Ed25519) => self.ed_pair()?.public_key().as_der().map(|d| d.as_ref().to_vec()),
        };
        Ok(Key { kind: self.kind, encoding: Encoding::Spki, der: der.map_err(|_| "could not encode the public key")? })
    }

    fn rsa_pair(&self) -> Result<RsaKeyPair, String> {
        let r = match self.encoding {
            Encoding::Pkcs1 => RsaKeyPair::from_der(&self.der),
            _ => RsaKeyPair::from_pkcs8(&self.der),
        };
        r.map_err(|e| format!("invalid RSA private key: {e}"))
    }

    fn ec_pair(&self, curve: Curve, p1363: bool) -> Result<EcdsaKeyPair, String> {
        EcdsaKeyPair::from_private_key_der(ecdsa_algorithms(curve, p1363).0, &self.der).map_err(|e| format!("invalid EC private key: {e}"))
    }

    fn ed_pair(&self) -> Result<Ed25519KeyPair, String> {
        Ed25519KeyPair::from_pkcs8_maybe_unchecked(&self.der).map_err(|e| format!("invalid Ed25519 private key: {e}"))
    }

    /// The public key bytes inside SubjectPublicKeyInfo (EC point, Ed25519 key, RSAPublicKey).
    fn point(&self) -> Result<Vec<u8>, String> {
        let spki = if self.is_private() { self.public()?.der } else { self.der.clone() };
        let outer = der::expect(&spki, der::SEQUENCE).ok_or("malformed SubjectPublicKeyInfo")?;
        let parts = der::children(outer.content).ok_or("malformed SubjectPublicKeyInfo")?;
        let bits = parts.get(1).filter(|t| t.tag == der::BIT_STRING && !t.content.is_empty()).ok_or("malformed SubjectPublicKeyInfo")?;
        Ok(bits.content[1..].to_vec())
    }

    /// RSA modulus and public exponent (big-endian magnitudes).
    fn rsa_numbers(&self) -> Result<(Vec<u8>, Vec<u8>), String> {
        let point = self.point()?;
        let s = der::expect(&point, der::SEQUENCE).ok_or("malformed RSA public key")?;
        match der::children(s.content).ok_or("malformed RSA public key")?.as_slice() {
            [n, e] => Ok((der::unsigned(n).to_vec(), der::unsigned(e).to_vec())),
            _ => Err("malformed RSA public key".into()),
        }
    }

    /// What Node's KeyObject reports: `type`, `asymmetricKeyType`, `asymmetricKeyDetails`.
    pub fn describe(&self) -> Result<Value, String> {
        let (kind, details) = match self.kind {
            Kind::Rsa => {
                let (n, e) = self.rsa_numbers()?;
                let bits = n.len() * 8 - n.first().map_or(8, |b| b.leading_zeros() as usize);
                let exp = e.iter().fold(0u64, |a, b| a.saturating_mul(256).saturating_add(*b as u64));
                ("rsa", json!({"modulusLength": bits, "publicExponent": exp}))
            }
            Kind::Ec(c) => ("ec", json!({"namedCurve": c.node_name()})),
            Kind::Ed25519 => ("ed25519", json!({})),
        };
        Ok(json!({
            "type": if self.is_private() { "private" } else { "public" },
            "asymmetricKeyType": kind,
            "asymmetricKeyDetails": details,
            "encoding": self.encoding.name(),
        }))
    }

    /// PEM text of the key as stored (`der_type` may ask PKCS#1 for an RSA key or SEC 1 for an
    /// EC key only when that is how it is stored; PKCS#8 and SPKI are always available).
    pub fn to_pem(&self, der_type: Option<&str>) -> Result<String, String> {
        let (label, der) = self.export_der(der_type)?;
        Ok(pem_encode(label, &der))
    }

    pub fn export_der(&self, der_type: Option<&str>) -> Result<(&'static str, Vec<u8>), String> {
        let wanted = der_type.map(|t| Encoding::from_name(t).ok_or_else(|| format!("unsupported export type {t:?}"))).transpose()?;
        match (self.encoding, wanted) {
            (Encoding::Spki, None | Some(Encoding::Spki)) => Ok(("PUBLIC KEY", self.der.clone())),
            (Encoding::Spki, Some(Encoding::Pkcs1)) if self.kind == Kind::Rsa => Ok(("RSA PUBLIC KEY", self.point()?)),
            (Encoding::Pkcs8, None | Some(Encoding::Pkcs8)) => Ok(("PRIVATE KEY", self.der.clone())),
            (Encoding::Pkcs1, None | Some(Encoding::Pkcs1)) => Ok(("RSA PRIVATE KEY", self.der.clone())),
            (Encoding::Pkcs1, Some(Encoding::Pkcs8)) => Ok(("PRIVATE KEY", der::seq(&[der::uint(&[0]), der::seq(&[der::oid(der::RSA_ENCRYPTION), der::tlv(der::NULL, &[])]), der::tlv(der::OCTET_STRING, &self.der)]))),
            (Encoding::Sec1, None | Some(Encoding::Sec1)) => Ok(("EC PRIVATE KEY", self.der.clone())),
            (Encoding::Sec1, Some(Encoding::Pkcs8)) => {
                let Kind::Ec(c) = self.kind else { return Err("not an EC key".into()) };
                let doc = self.ec_pair(c, false)?.to_pkcs8v1().map_err(|_| "could not encode the key")?;
                Ok(("PRIVATE KEY", doc.as_ref().to_vec()))
            }
            (enc, Some(w)) => Err(format!("a key stored as {} cannot be exported as {}", enc.name(), w.name())),
        }
    }

}


#[cfg(test)]
mod tests;
