use std::sync::OnceLock;

use aws_lc_rs::signature::{RsaPublicKeyComponents, RSA_PKCS1_2048_8192_SHA256};
use serde_json::{json, Value};

use super::*;
use crate::{base64url, CryptoError};

/// RSA key generation is slow in debug builds; share two keys across tests.
fn rsa_key() -> &'static SigningKey {
    static KEY: OnceLock<SigningKey> = OnceLock::new();
    KEY.get_or_init(|| SigningKey::generate(Alg::RS256).expect("RSA key"))
}

fn other_rsa_key() -> &'static SigningKey {
    static KEY: OnceLock<SigningKey> = OnceLock::new();
    KEY.get_or_init(|| SigningKey::generate(Alg::RS256).expect("RSA key"))
}

fn ec_key() -> SigningKey {
    SigningKey::generate(Alg::ES256).expect("EC key")
}

fn claims() -> Value {
    json!({ "sub": "auth0|abc", "aud": "client", "exp": 1_900_000_000, "name": "Zoë" })
}

/// Re-signs nothing: builds a token from arbitrary header/claims and an existing signature.
fn forge(header: &Value, claims: &Value, signature_b64: &str) -> String {
    format!(
        "{}.{}.{}",
        base64url::encode(serde_json::to_vec(header).expect("json")),
        base64url::encode(serde_json::to_vec(claims).expect("json")),
        signature_b64
    )
}

fn parts(token: &str) -> Vec<&str> {
    token.split('.').collect()
}

#[test]
fn an_rs256_token_round_trips_through_verify_jwt() {
    let key = rsa_key();
    let token = key.sign_jwt("JWT", &claims()).expect("sign");
    assert_eq!(verify_jwt(&token, &[key.public_jwk()]), Ok(claims()));
}

#[test]
fn an_es256_token_round_trips_through_verify_jwt() {
    let key = ec_key();
    let token = key.sign_jwt("JWT", &claims()).expect("sign");
    let jwks = [rsa_key().public_jwk(), key.public_jwk()];
    assert_eq!(verify_jwt(&token, &jwks), Ok(claims()));
}

#[test]
fn an_es256_signature_is_the_64_byte_r_s_concatenation() {
    let token = ec_key().sign_jwt("JWT", &claims()).expect("sign");
    let signature = base64url::decode(parts(&token)[2]).expect("b64");
    assert_eq!(signature.len(), 64);
}

#[test]
fn the_header_carries_alg_typ_and_kid() {
    let key = ec_key();
    let token = key.sign_jwt("at+jwt", &claims()).expect("sign");
    let (header, decoded) = decode_unverified(&token).expect("decode");
    assert_eq!(
        header,
        json!({ "alg": "ES256", "typ": "at+jwt", "kid": key.kid() })
    );
    assert_eq!(decoded, claims());
}

#[test]
fn a_token_with_tampered_claims_does_not_verify() {
    let key = rsa_key();
    let token = key.sign_jwt("JWT", &claims()).expect("sign");
    let p = parts(&token);
    let mut evil = claims();
    evil["sub"] = json!("auth0|admin");
    let (header, _) = decode_unverified(&token).expect("decode");
    let tampered = forge(&header, &evil, p[2]);
    assert_eq!(
        verify_jwt(&tampered, &[key.public_jwk()]),
        Err(CryptoError::InvalidSignature)
    );
}

#[test]
fn a_token_with_a_flipped_signature_bit_does_not_verify() {
    for key in [rsa_key().clone(), ec_key()] {
        let token = key.sign_jwt("JWT", &claims()).expect("sign");
        let p = parts(&token);
        let mut signature = base64url::decode(p[2]).expect("b64");
        signature[10] ^= 0x01;
        let tampered = format!("{}.{}.{}", p[0], p[1], base64url::encode(signature));
        assert_eq!(
            verify_jwt(&tampered, &[key.public_jwk()]),
            Err(CryptoError::InvalidSignature)
        );
    }
}

#[test]
fn a_token_signed_with_one_key_does_not_verify_with_another() {
    let token = rsa_key().sign_jwt("JWT", &claims()).expect("sign");
    let mut impostor = other_rsa_key().public_jwk();
    impostor["kid"] = json!(rsa_key().kid());
    assert_eq!(
        verify_jwt(&token, &[impostor]),
        Err(CryptoError::InvalidSignature)
    );

    let key = ec_key();
    let token = key.sign_jwt("JWT", &claims()).expect("sign");
    let mut impostor = ec_key().public_jwk();
    impostor["kid"] = json!(key.kid());
    assert_eq!(
        verify_jwt(&token, &[impostor]),
        Err(CryptoError::InvalidSignature)
    );
}

#[test]
fn a_token_whose_kid_is_not_in_the_key_set_is_rejected() {
    let token = rsa_key().sign_jwt("JWT", &claims()).expect("sign");
    let result = verify_jwt(&token, &[other_rsa_key().public_jwk()]);
    assert_eq!(
        result,
        Err(CryptoError::UnknownKey(rsa_key().kid().to_owned()))
    );
    assert!(matches!(
        verify_jwt(&token, &[]),
        Err(CryptoError::UnknownKey(_))
    ));
}

#[test]
fn alg_none_and_hmac_tokens_are_rejected() {
    let key = rsa_key();
    let token = key.sign_jwt("JWT", &claims()).expect("sign");
    let p = parts(&token);
    for alg in ["none", "HS256", "RS512", "PS256", ""] {
        let header = json!({ "alg": alg, "typ": "JWT", "kid": key.kid() });
        for signature in ["", p[2]] {
            let forged = forge(&header, &claims(), signature);
            let result = verify_jwt(&forged, &[key.public_jwk()]);
            assert_eq!(
                result,
                Err(CryptoError::UnsupportedAlgorithm(alg.to_owned())),
                "{alg}"
            );
        }
    }
}

#[test]
fn a_header_alg_that_differs_from_the_keys_alg_is_rejected() {
    let ec = ec_key();
    let token = ec.sign_jwt("JWT", &claims()).expect("sign");
    let p = parts(&token);
    let header = json!({ "alg": "RS256", "typ": "JWT", "kid": ec.kid() });
    let forged = forge(&header, &claims(), p[2]);
    assert_eq!(
        verify_jwt(&forged, &[ec.public_jwk()]),
        Err(CryptoError::AlgorithmMismatch)
    );

    // Without an `alg` member the key type still has to fit.
    let mut jwk = ec.public_jwk();
    jwk.as_object_mut().expect("object").remove("alg");
    assert_eq!(
        verify_jwt(&forged, &[jwk.clone()]),
        Err(CryptoError::AlgorithmMismatch)
    );
    assert_eq!(verify_jwt(&token, &[jwk]), Ok(claims()));
}

#[test]
fn a_token_with_critical_header_extensions_is_rejected() {
    let key = ec_key();
    let token = key.sign_jwt("JWT", &claims()).expect("sign");
    let header = json!({ "alg": "ES256", "kid": key.kid(), "crit": ["b64"], "b64": false });
    let forged = forge(&header, &claims(), parts(&token)[2]);
    assert!(matches!(
        verify_jwt(&forged, &[key.public_jwk()]),
        Err(CryptoError::MalformedToken(_))
    ));
}

#[test]
fn malformed_tokens_are_rejected_without_panicking() {
    let jwks = [rsa_key().public_jwk()];
    let valid = rsa_key().sign_jwt("JWT", &claims()).expect("sign");
    let p = parts(&valid);
    let cases = [
        String::new(),
        ".".into(),
        "..".into(),
        "a.b.c".into(),
        format!("{}.{}", p[0], p[1]),
        format!("{valid}.extra.parts"),
        format!("{}.{}.{}=", p[0], p[1], p[2]),
        format!("{}=.{}.{}", p[0], p[1], p[2]),
        format!("{}.{}.{}", p[0], base64url::encode("[1,2]"), p[2]),
        format!("{}.{}.{}", base64url::encode("\"str\""), p[1], p[2]),
    ];
    for token in cases {
        assert!(
            matches!(
                verify_jwt(&token, &jwks),
                Err(CryptoError::MalformedToken(_))
            ),
            "{token}"
        );
        assert!(decode_unverified(&token).is_err(), "{token}");
    }
}

#[test]
fn claims_that_are_not_an_object_are_not_signed() {
    let result = ec_key().sign_jwt("JWT", &json!(["not", "an", "object"]));
    assert!(matches!(result, Err(CryptoError::MalformedToken(_))));
}

#[test]
fn a_key_reloaded_from_pkcs8_has_the_same_jwk_and_verifies_old_tokens() {
    for key in [rsa_key().clone(), ec_key()] {
        let token = key.sign_jwt("JWT", &claims()).expect("sign");
        let reloaded =
            SigningKey::from_pkcs8(key.kid(), key.alg(), &key.to_pkcs8()).expect("reload");
        assert_eq!(reloaded.public_jwk(), key.public_jwk());
        assert_eq!(reloaded.to_pkcs8(), key.to_pkcs8());
        assert_eq!(verify_jwt(&token, &[reloaded.public_jwk()]), Ok(claims()));
        let fresh = reloaded.sign_jwt("JWT", &claims()).expect("sign");
        assert_eq!(verify_jwt(&fresh, &[key.public_jwk()]), Ok(claims()));
    }
}

#[test]
fn pkcs8_of_the_wrong_key_type_or_garbage_is_rejected() {
    let ec = ec_key();
    assert!(matches!(
        SigningKey::from_pkcs8("k", Alg::RS256, &ec.to_pkcs8()),
        Err(CryptoError::KeyRejected(_))
    ));
    let rsa = rsa_key().to_pkcs8();
    assert!(matches!(
        SigningKey::from_pkcs8("k", Alg::ES256, &rsa),
        Err(CryptoError::KeyRejected(_))
    ));
    assert!(matches!(
        SigningKey::from_pkcs8("k", Alg::ES256, b"garbage"),
        Err(CryptoError::KeyRejected(_))
    ));
    assert!(matches!(
        SigningKey::from_pkcs8("", Alg::ES256, &ec.to_pkcs8()),
        Err(CryptoError::KeyRejected(_))
    ));
}

#[test]
fn the_rsa_jwk_n_and_e_are_minimal_big_endian_and_verify_with_raw_components() {
    let key = rsa_key();
    let jwk = key.public_jwk();
    assert_eq!(jwk["kty"], "RSA");
    assert_eq!(jwk["use"], "sig");
    assert_eq!(jwk["alg"], "RS256");
    assert_eq!(jwk["kid"], key.kid());
    assert!(jwk.get("d").is_none() && jwk.get("p").is_none());
    let n = base64url::decode(jwk["n"].as_str().expect("n")).expect("b64");
    let e = base64url::decode(jwk["e"].as_str().expect("e")).expect("b64");
    assert_eq!(
        n.len(),
        256,
        "a 2048-bit modulus is 256 bytes without a sign byte"
    );
    assert!(
        n[0] & 0x80 != 0,
        "top bit set: the leading 0x00 of DER was stripped"
    );
    assert_eq!(jwk["e"], "AQAB");

    let token = key.sign_jwt("JWT", &claims()).expect("sign");
    let (signing_input, signature) = token.rsplit_once('.').expect("three parts");
    let signature = base64url::decode(signature).expect("b64");
    RsaPublicKeyComponents { n: &n, e: &e }
        .verify(
            &RSA_PKCS1_2048_8192_SHA256,
            signing_input.as_bytes(),
            &signature,
        )
        .expect("verifies with a key built only from n and e");
}

#[test]
fn the_ec_jwk_has_32_byte_coordinates_and_no_private_part() {
    let key = ec_key();
    let jwk = key.public_jwk();
    assert_eq!(jwk["kty"], "EC");
    assert_eq!(jwk["crv"], "P-256");
    assert_eq!(jwk["alg"], "ES256");
    assert_eq!(jwk["use"], "sig");
    assert!(jwk.get("d").is_none());
    for c in ["x", "y"] {
        let bytes = base64url::decode(jwk[c].as_str().expect("coordinate")).expect("b64");
        assert_eq!(bytes.len(), 32);
    }
}

#[test]
fn debug_output_shows_the_kid_but_no_key_material() {
    let key = rsa_key();
    let shown = format!("{key:?}");
    assert!(shown.contains(key.kid()));
    assert!(!shown.contains(key.public_jwk()["n"].as_str().expect("n")));
    assert!(shown.len() < 100, "{shown}");
}

#[test]
fn generated_keys_get_distinct_kids() {
    assert_ne!(ec_key().kid(), ec_key().kid());
    assert_ne!(rsa_key().kid(), other_rsa_key().kid());
}

#[test]
fn alg_names_parse_and_serialize_as_their_jose_names() {
    assert_eq!("RS256".parse::<Alg>(), Ok(Alg::RS256));
    assert_eq!("ES256".parse::<Alg>(), Ok(Alg::ES256));
    assert!("rs256".parse::<Alg>().is_err());
    assert_eq!(
        serde_json::to_value(Alg::ES256).expect("json"),
        json!("ES256")
    );
    assert_eq!(Alg::RS256.to_string(), "RS256");
}

#[test]
fn pre_parsed_keys_verify_exactly_like_verify_jwt() {
    let (rsa, ec) = (rsa_key(), ec_key());
    let mut short_ec = ec.public_jwk();
    short_ec["kid"] = json!("short");
    short_ec["x"] = json!(base64url::encode([1u8; 31]));
    let jwks = [rsa.public_jwk(), ec.public_jwk(), short_ec];
    let keys = VerifyingKeys::from_jwks(&jwks);
    let rs = rsa.sign_jwt("JWT", &claims()).expect("sign");
    let es = ec.sign_jwt("at+jwt", &claims()).expect("sign");
    let by_other = other_rsa_key().sign_jwt("JWT", &claims()).expect("sign");
    let p = parts(&rs);
    let tampered = format!("{}.{}.{}", p[0], base64url::encode(b"{\"sub\":\"x\"}"), p[2]);
    let short = forge(&json!({"alg": "ES256", "typ": "JWT", "kid": "short"}), &claims(), parts(&es)[2]);
    let mixed = forge(&json!({"alg": "ES256", "typ": "JWT", "kid": rsa.kid()}), &claims(), parts(&es)[2]);
    for token in [&rs, &es, &by_other, &tampered, &short, &mixed] {
        assert_eq!(keys.verify_jwt(token), verify_jwt(token, &jwks), "{token}");
    }
    assert_eq!(keys.verify_jwt(&rs), Ok(claims()));
    assert_eq!(keys.verify_jwt(&es), Ok(claims()));
    assert_eq!(keys.verify_jwt(&tampered), Err(CryptoError::InvalidSignature));
}
