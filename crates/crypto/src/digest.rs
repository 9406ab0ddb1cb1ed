//! Hashing and comparison helpers for values that are stored or compared as secrets.

use aws_lc_rs::digest::{digest, SHA256};
use subtle::ConstantTimeEq;

/// base64url (no padding) of SHA-256(`input`); used to store codes and refresh tokens hashed so a
/// database leak does not hand out usable credentials.
pub fn sha256_b64url(input: &[u8]) -> String {
    crate::base64url::encode(digest(&SHA256, input))
}

/// Compares two byte strings in time that depends only on their lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

/// RFC 7636 §4.6: with `code_challenge_method=S256` the server "MUST" check
/// `BASE64URL-ENCODE(SHA256(ASCII(code_verifier))) == code_challenge`.
///
/// The comparison is constant time. Checking the verifier's length and alphabet (§4.1) is the
/// protocol layer's job.
pub fn pkce_s256_matches(verifier: &str, challenge: &str) -> bool {
    let computed = sha256_b64url(verifier.as_bytes());
    constant_time_eq(computed.as_bytes(), challenge.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc7636_appendix_b_verifier_matches_its_challenge() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(pkce_s256_matches(verifier, challenge));
    }

    #[test]
    fn a_different_verifier_does_not_match_the_challenge() {
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(!pkce_s256_matches(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK",
            challenge
        ));
        assert!(!pkce_s256_matches("", challenge));
    }

    #[test]
    fn a_padded_challenge_does_not_match() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert!(!pkce_s256_matches(
            verifier,
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM="
        ));
    }

    #[test]
    fn sha256_of_abc_is_the_fips_180_vector() {
        // FIPS 180-2 B.1: ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad
        assert_eq!(
            sha256_b64url(b"abc"),
            "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0"
        );
    }

    #[test]
    fn constant_time_eq_compares_content_and_length() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(constant_time_eq(b"", b""));
    }
}
