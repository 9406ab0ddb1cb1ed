use super::*;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../../tests/fixtures/keys/", $name))
    };
}

const MSG: &[u8] = b"portcullis";

fn b64(s: &str) -> Vec<u8> {
    STANDARD.decode(s.trim()).unwrap()
}

fn opts(dsa: Option<&str>) -> SignOptions {
    SignOptions { dsa_encoding: dsa.map(str::to_owned), ..Default::default() }
}

#[test]
fn rsa_signatures_match_openssl_byte_for_byte_from_pkcs8_pkcs1_and_jwk() {
    let expected = b64(fixture!("rsa-sha256.sig.b64"));
    let pkcs8 = Key::private_from(fixture!("rsa-pkcs8.pem").as_bytes(), None).unwrap();
    let pkcs1 = Key::private_from(fixture!("rsa-pkcs1.pem").as_bytes(), None).unwrap();
    assert_eq!((pkcs8.encoding, pkcs1.encoding), (Encoding::Pkcs8, Encoding::Pkcs1));
    let from_jwk = from_jwk(&to_jwk(&pkcs8).unwrap()).unwrap();
    for key in [&pkcs8, &pkcs1, &from_jwk] {
        assert_eq!(key.sign("sha256", MSG, &opts(None)).unwrap(), expected);
    }
    let public = Key::public_from(fixture!("rsa-public.pem").as_bytes(), None).unwrap();
    assert!(public.verify("sha256", MSG, &expected, &opts(None)).unwrap());
    assert!(!public.verify("sha256", b"other", &expected, &opts(None)).unwrap());
    assert!(public.sign("sha256", MSG, &opts(None)).is_err(), "a public key cannot sign");
}

#[test]
fn the_public_key_of_a_certificate_a_private_key_and_a_jwk_agree() {
    let from_pem = Key::public_from(fixture!("rsa-public.pem").as_bytes(), None).unwrap();
    let from_cert = Key::public_from(fixture!("rsa-cert.pem").as_bytes(), None).unwrap();
    let from_private = Key::public_from(fixture!("rsa-pkcs1.pem").as_bytes(), None).unwrap();
    let from_jwk = from_jwk(&to_jwk(&from_pem).unwrap()).unwrap();
    assert_eq!(from_cert, from_pem);
    assert_eq!(from_private, from_pem);
    assert_eq!(from_jwk, from_pem);
    let d = from_pem.describe().unwrap();
    assert_eq!(d["asymmetricKeyType"], "rsa");
    assert_eq!(d["asymmetricKeyDetails"]["modulusLength"], 2048);
    assert_eq!(d["asymmetricKeyDetails"]["publicExponent"], 65537);
    let n = URL_SAFE_NO_PAD_DECODE(to_jwk(&from_pem).unwrap()["n"].as_str().unwrap());
    let hex: String = n.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, fixture!("rsa-modulus.hex").trim());
}

#[allow(non_snake_case)]
fn URL_SAFE_NO_PAD_DECODE(s: &str) -> Vec<u8> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s).unwrap()
}

#[test]
fn ecdsa_verifies_openssl_signatures_and_signs_in_der_and_p1363() {
    let public = Key::public_from(fixture!("ec-public.pem").as_bytes(), None).unwrap();
    assert_eq!(public.kind, Kind::Ec(Curve::P256));
    let theirs = b64(fixture!("ec-sha256.der.b64"));
    assert!(public.verify("sha256", MSG, &theirs, &opts(None)).unwrap());
    for pem in [fixture!("ec-sec1.pem"), fixture!("ec-pkcs8.pem")] {
        let private = Key::private_from(pem.as_bytes(), None).unwrap();
        assert_eq!(private.public().unwrap(), public);
        let der_sig = private.sign("sha256", MSG, &opts(None)).unwrap();
        assert_eq!(der_sig[0], der::SEQUENCE, "DER by default, as Node");
        assert!(public.verify("sha256", MSG, &der_sig, &opts(None)).unwrap());
        let fixed = private.sign("sha256", MSG, &opts(Some("ieee-p1363"))).unwrap();
        assert_eq!(fixed.len(), 64);
        assert!(public.verify("sha256", MSG, &fixed, &opts(Some("ieee-p1363"))).unwrap());
        assert!(!public.verify("sha256", MSG, &fixed, &opts(None)).unwrap());
    }
    let private = Key::private_from(fixture!("ec-sec1.pem").as_bytes(), None).unwrap();
    let jwk = to_jwk(&private).unwrap();
    assert_eq!((jwk["kty"].as_str(), jwk["crv"].as_str()), (Some("EC"), Some("P-256")));
    let back = from_jwk(&jwk).unwrap();
    assert_eq!(back.public().unwrap(), public);
    assert!(private.sign("sha512", MSG, &opts(None)).unwrap_err().contains("sha256 only"));
}

#[test]
fn ed25519_signatures_match_openssl() {
    let private = Key::private_from(fixture!("ed25519.pem").as_bytes(), None).unwrap();
    let public = Key::public_from(fixture!("ed25519-public.pem").as_bytes(), None).unwrap();
    let expected = b64(fixture!("ed25519.sig.b64"));
    assert_eq!(private.sign("", MSG, &opts(None)).unwrap(), expected);
    assert!(public.verify("", MSG, &expected, &opts(None)).unwrap());
    assert_eq!(from_jwk(&to_jwk(&private).unwrap()).unwrap().sign("", MSG, &opts(None)).unwrap(), expected);
}

#[test]
fn pem_exports_read_back_as_the_same_key() {
    for pem in [fixture!("rsa-pkcs1.pem"), fixture!("ec-sec1.pem"), fixture!("ed25519.pem")] {
        let k = Key::private_from(pem.as_bytes(), None).unwrap();
        let again = Key::private_from(k.to_pem(Some("pkcs8")).unwrap().as_bytes(), None).unwrap();
        assert_eq!(again.public().unwrap(), k.public().unwrap());
        assert_eq!(again.encoding, Encoding::Pkcs8);
    }
    let public = Key::public_from(fixture!("rsa-public.pem").as_bytes(), None).unwrap();
    assert_eq!(public.to_pem(None).unwrap(), fixture!("rsa-public.pem"));
}

#[test]
fn bad_key_material_is_refused_with_a_reason() {
    let err = Key::private_from(fixture!("rsa-encrypted.pem").as_bytes(), None).unwrap_err();
    assert!(err.contains("encrypted private keys"), "{err}");
    assert!(Key::public_from(b"not a key", None).is_err());
    assert!(Key::private_from(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", None).is_err());
    assert!(Key::private_from(fixture!("rsa-public.pem").as_bytes(), None).unwrap_err().contains("not a private key"));
    assert!(from_jwk(&json!({"kty": "oct", "k": "AAAA"})).is_err());
    assert!(from_jwk(&json!({"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA"})).is_err());
}
