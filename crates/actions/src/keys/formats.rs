//! Reading and writing key encodings: PEM blocks, and what kind of key a SubjectPublicKeyInfo,
//! PKCS#8, SEC 1 structure or X.509 certificate holds.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use super::{der, Curve, Kind};

const ENCRYPTED: &str = "encrypted private keys (with a passphrase) are not supported in Actions; store the key unencrypted in a secret";

/// The first PEM block of `text`: its label and DER bytes.
pub(super) fn pem(text: &str) -> Result<(String, Vec<u8>), String> {
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

pub(super) fn pem_encode(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

pub(super) fn looks_like_pem(input: &[u8]) -> Option<&str> {
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

pub(super) fn spki_kind(spki: &[u8]) -> Result<Kind, String> {
    let outer = der::expect(spki, der::SEQUENCE).ok_or("malformed SubjectPublicKeyInfo")?;
    let parts = der::children(outer.content).ok_or("malformed SubjectPublicKeyInfo")?;
    match parts.as_slice() {
        [alg, key] if alg.tag == der::SEQUENCE && key.tag == der::BIT_STRING => kind_of_algorithm(alg),
        _ => Err("malformed SubjectPublicKeyInfo".into()),
    }
}

pub(super) fn pkcs8_kind(pkcs8: &[u8]) -> Result<Kind, String> {
    let outer = der::expect(pkcs8, der::SEQUENCE).ok_or("malformed PKCS#8 private key")?;
    let parts = der::children(outer.content).ok_or("malformed PKCS#8 private key")?;
    match parts.as_slice() {
        [v, alg, _key, ..] if v.tag == der::INTEGER && alg.tag == der::SEQUENCE => kind_of_algorithm(alg),
        _ => Err("malformed PKCS#8 private key".into()),
    }
}

pub(super) fn sec1_curve(sec1: &[u8]) -> Result<Curve, String> {
    let outer = der::expect(sec1, der::SEQUENCE).ok_or("malformed EC private key")?;
    let parts = der::children(outer.content).ok_or("malformed EC private key")?;
    let params = parts.iter().find(|t| t.tag == 0xA0).ok_or("the EC private key does not name its curve")?;
    let oid = der::expect(params.content, der::OID).ok_or("malformed EC private key parameters")?;
    Curve::from_oid(oid.content).ok_or_else(|| "unsupported elliptic curve (P-256, P-384 and P-521 are supported)".into())
}

/// The SubjectPublicKeyInfo inside an X.509 certificate.
pub(super) fn certificate_spki(cert: &[u8]) -> Result<Vec<u8>, String> {
    let bad = || "malformed X.509 certificate".to_string();
    let outer = der::expect(cert, der::SEQUENCE).ok_or_else(bad)?;
    let tbs = der::children(outer.content).ok_or_else(bad)?.into_iter().next().ok_or_else(bad)?;
    let fields = der::children(tbs.content).ok_or_else(bad)?;
    // [0] version (optional), serial, signature, issuer, validity, subject, subjectPublicKeyInfo
    let skip = usize::from(fields.first().is_some_and(|t| t.tag == 0xA0));
    fields.get(skip + 5).filter(|t| t.tag == der::SEQUENCE).map(|t| t.whole.to_vec()).ok_or_else(bad)
}

/// SubjectPublicKeyInfo around a PKCS#1 `RSAPublicKey`.
pub(super) fn rsa_spki(pkcs1: &[u8]) -> Vec<u8> {
    der::seq(&[der::seq(&[der::oid(der::RSA_ENCRYPTION), der::tlv(der::NULL, &[])]), der::bit_string(pkcs1)])
}
