//! Asymmetric keys for the sandbox's `crypto` (Node's KeyObject, `createSign`/`createVerify`,
//! `crypto.sign`/`verify`) and Web Crypto (`subtle.importKey`/`sign`/`verify`): RSA
//! (PKCS#1 v1.5 and PSS), ECDSA on P-256/P-384/P-521, and Ed25519.
//!
//! Pure functions over bytes: keys arrive as PEM, DER or JSON Web Keys and are kept as DER
//! (private keys in the encoding they came in, public keys as SubjectPublicKeyInfo).

mod der;
mod jwk;

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self as sig, EcdsaKeyPair, Ed25519KeyPair, KeyPair, RsaKeyPair, UnparsedPublicKey};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Value};

pub use jwk::{from_jwk, to_jwk};

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

const ENCRYPTED: &str = "encrypted private keys (with a passphrase) are not supported in Actions; store the key unencrypted in a secret";

/// The first PEM block of `text`: its label and DER bytes.
fn pem(text: &str) -> Result<(String, Vec<u8>), String> {
    let start = text.find("-----BEGIN ").ok_or("not a PEM-encoded key (no -----BEGIN line)")?;
    let rest = &text[start + 11..];
    let label_end = rest.find("-----").ok_or("malformed PEM header")?;
    let label = rest[..label_end].trim().to_owned();
    let body = &rest[label_end + 5..];
    let end = body.find(&format!("-----END {label}-----")).ok_or_else(|| format!("PEM block {label} has no END line"))?;
    let body = &body[..end];
    if body.contains("Proc-Type: 4,ENCRYPTED") || label == "ENCRYPTED PRIVATE KEY" {
        return Err(ENCRYPTED.into());
    }
    let b64: String = body.lines().filter(|l| !l.contains(':')).flat_map(|l| l.chars()).filter(|c| !c.is_whitespace()).collect();
    let der = STANDARD.decode(b64).map_err(|_| format!("PEM block {label} is not valid base64"))?;
    Ok((label, der))
}

fn pem_encode(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

fn looks_like_pem(input: &[u8]) -> Option<&str> {
    std::str::from_utf8(input).ok().filter(|s| s.contains("-----BEGIN "))
}

/// The algorithm identifier of a SubjectPublicKeyInfo or PrivateKeyInfo: kind.
fn kind_of_algorithm(alg: &der::Tlv<'_>) -> Result<Kind, String> {
    let parts = der::children(alg.content).ok_or("malformed algorithm identifier")?;
    let oid = parts.first().filter(|t| t.tag == der::OID).ok_or("malformed algorithm identifier")?;
    match oid.content {
        der::RSA_ENCRYPTION => Ok(Kind::Rsa),
        der::EC_PUBLIC_KEY => {
            let curve = parts.get(1).filter(|t| t.tag == der::OID).and_then(|t| Curve::from_oid(t.content));
            curve.map(Kind::Ec).ok_or_else(|| "unsupported elliptic curve (P-256, P-384 and P-521 are supported)".into())
        }
        der::ED25519 => Ok(Kind::Ed25519),
        der::RSASSA_PSS => Err("RSA-PSS-only keys (id-RSASSA-PSS) are not supported; use an rsaEncryption key with PSS padding".into()),
        _ => Err("unsupported key algorithm (RSA, EC P-256/P-384/P-521 and Ed25519 are supported)".into()),
    }
}

fn spki_kind(spki: &[u8]) -> Result<Kind, String> {
    let outer = der::expect(spki, der::SEQUENCE).ok_or("malformed SubjectPublicKeyInfo")?;
    let parts = der::children(outer.content).ok_or("malformed SubjectPublicKeyInfo")?;
    match parts.as_slice() {
        [alg, key] if alg.tag == der::SEQUENCE && key.tag == der::BIT_STRING => kind_of_algorithm(alg),
        _ => Err("malformed SubjectPublicKeyInfo".into()),
    }
}

fn pkcs8_kind(pkcs8: &[u8]) -> Result<Kind, String> {
    let outer = der::expect(pkcs8, der::SEQUENCE).ok_or("malformed PKCS#8 private key")?;
    let parts = der::children(outer.content).ok_or("malformed PKCS#8 private key")?;
    match parts.as_slice() {
        [v, alg, _key, ..] if v.tag == der::INTEGER && alg.tag == der::SEQUENCE => kind_of_algorithm(alg),
        _ => Err("malformed PKCS#8 private key".into()),
    }
}

fn sec1_curve(sec1: &[u8]) -> Result<Curve, String> {
    let outer = der::expect(sec1, der::SEQUENCE).ok_or("malformed EC private key")?;
    let parts = der::children(outer.content).ok_or("malformed EC private key")?;
    let params = parts.iter().find(|t| t.tag == 0xA0).ok_or("the EC private key does not name its curve")?;
    let oid = der::expect(params.content, der::OID).ok_or("malformed EC private key parameters")?;
    Curve::from_oid(oid.content).ok_or_else(|| "unsupported elliptic curve (P-256, P-384 and P-521 are supported)".into())
}

/// The SubjectPublicKeyInfo inside an X.509 certificate.
fn certificate_spki(cert: &[u8]) -> Result<Vec<u8>, String> {
    let bad = || "malformed X.509 certificate".to_string();
    let outer = der::expect(cert, der::SEQUENCE).ok_or_else(bad)?;
    let tbs = der::children(outer.content).ok_or_else(bad)?.into_iter().next().ok_or_else(bad)?;
    let fields = der::children(tbs.content).ok_or_else(bad)?;
    // [0] version (optional), serial, signature, issuer, validity, subject, subjectPublicKeyInfo
    let skip = usize::from(fields.first().is_some_and(|t| t.tag == 0xA0));
    fields.get(skip + 5).filter(|t| t.tag == der::SEQUENCE).map(|t| t.whole.to_vec()).ok_or_else(bad)
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
            Kind::Ec(c) => {
                let alg = match c {
                    Curve::P256 => &sig::ECDSA_P256_SHA256_ASN1,
                    Curve::P384 => &sig::ECDSA_P384_SHA384_ASN1,
                    Curve::P521 => &sig::ECDSA_P521_SHA512_ASN1,
                };
                sig::ParsedPublicKey::new(alg, &self.der).is_ok()
            }
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
        let alg = match (curve, p1363) {
            (Curve::P256, false) => &sig::ECDSA_P256_SHA256_ASN1_SIGNING,
            (Curve::P256, true) => &sig::ECDSA_P256_SHA256_FIXED_SIGNING,
            (Curve::P384, false) => &sig::ECDSA_P384_SHA384_ASN1_SIGNING,
            (Curve::P384, true) => &sig::ECDSA_P384_SHA384_FIXED_SIGNING,
            (Curve::P521, false) => &sig::ECDSA_P521_SHA512_ASN1_SIGNING,
            (Curve::P521, true) => &sig::ECDSA_P521_SHA512_FIXED_SIGNING,
        };
        EcdsaKeyPair::from_private_key_der(alg, &self.der).map_err(|e| format!("invalid EC private key: {e}"))
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

    /// Sign `data` with this private key; `hash` is `sha256`, `sha384` or `sha512` (ignored for
    /// Ed25519).
    pub fn sign(&self, hash: &str, data: &[u8], opts: &SignOptions) -> Result<Vec<u8>, String> {
        if !self.is_private() {
            return Err("a public key cannot sign".into());
        }
        match self.kind {
            Kind::Rsa => {
                let pss = opts.padding.as_deref() == Some("pss");
                if pss {
                    check_salt(hash, opts.salt_length)?;
                }
                let enc: &'static dyn sig::RsaEncoding = match (hash, pss) {
                    ("sha256", false) => &sig::RSA_PKCS1_SHA256,
                    ("sha384", false) => &sig::RSA_PKCS1_SHA384,
                    ("sha512", false) => &sig::RSA_PKCS1_SHA512,
                    ("sha256", true) => &sig::RSA_PSS_SHA256,
                    ("sha384", true) => &sig::RSA_PSS_SHA384,
                    ("sha512", true) => &sig::RSA_PSS_SHA512,
                    (h, _) => return Err(format!("RSA signatures with {h} are not supported (sha256, sha384, sha512)")),
                };
                let pair = self.rsa_pair()?;
                let mut out = vec![0u8; pair.public_modulus_len()];
                pair.sign(enc, &SystemRandom::new(), data, &mut out).map_err(|_| "RSA signing failed")?;
                Ok(out)
            }
            Kind::Ec(c) => {
                check_ec_hash(c, hash)?;
                let p1363 = opts.dsa_encoding.as_deref() == Some("ieee-p1363") || opts.dsa_encoding.as_deref() == Some("p1363");
                let s = self.ec_pair(c, p1363)?.sign(&SystemRandom::new(), data).map_err(|_| "ECDSA signing failed")?;
                Ok(s.as_ref().to_vec())
            }
            Kind::Ed25519 => Ok(self.ed_pair()?.sign(data).as_ref().to_vec()),
        }
    }

    /// Verify `signature` over `data` with this key (a private key verifies with its public half).
    pub fn verify(&self, hash: &str, data: &[u8], signature: &[u8], opts: &SignOptions) -> Result<bool, String> {
        let public = self.public()?;
        let (alg, key): (&'static dyn sig::VerificationAlgorithm, Vec<u8>) = match self.kind {
            Kind::Rsa => {
                let pss = opts.padding.as_deref() == Some("pss");
                if pss {
                    check_salt(hash, opts.salt_length)?;
                }
                let alg: &'static dyn sig::VerificationAlgorithm = match (hash, pss) {
                    ("sha256", false) => &sig::RSA_PKCS1_2048_8192_SHA256,
                    ("sha384", false) => &sig::RSA_PKCS1_2048_8192_SHA384,
                    ("sha512", false) => &sig::RSA_PKCS1_2048_8192_SHA512,
                    ("sha256", true) => &sig::RSA_PSS_2048_8192_SHA256,
                    ("sha384", true) => &sig::RSA_PSS_2048_8192_SHA384,
                    ("sha512", true) => &sig::RSA_PSS_2048_8192_SHA512,
                    (h, _) => return Err(format!("RSA signatures with {h} are not supported (sha256, sha384, sha512)")),
                };
                (alg, public.der)
            }
            Kind::Ec(c) => {
                check_ec_hash(c, hash)?;
                let p1363 = matches!(opts.dsa_encoding.as_deref(), Some("ieee-p1363" | "p1363"));
                let alg: &'static dyn sig::VerificationAlgorithm = match (c, p1363) {
                    (Curve::P256, false) => &sig::ECDSA_P256_SHA256_ASN1,
                    (Curve::P256, true) => &sig::ECDSA_P256_SHA256_FIXED,
                    (Curve::P384, false) => &sig::ECDSA_P384_SHA384_ASN1,
                    (Curve::P384, true) => &sig::ECDSA_P384_SHA384_FIXED,
                    (Curve::P521, false) => &sig::ECDSA_P521_SHA512_ASN1,
                    (Curve::P521, true) => &sig::ECDSA_P521_SHA512_FIXED,
                };
                if p1363 && signature.len() != 2 * c.field_bytes() {
                    return Ok(false);
                }
                (alg, public.der)
            }
            Kind::Ed25519 => (&sig::ED25519, public.point()?),
        };
        Ok(UnparsedPublicKey::new(alg, key).verify(data, signature).is_ok())
    }
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

/// SubjectPublicKeyInfo around a PKCS#1 `RSAPublicKey`.
fn rsa_spki(pkcs1: &[u8]) -> Vec<u8> {
    der::seq(&[der::seq(&[der::oid(der::RSA_ENCRYPTION), der::tlv(der::NULL, &[])]), der::bit_string(pkcs1)])
}

#[cfg(test)]
mod tests;
