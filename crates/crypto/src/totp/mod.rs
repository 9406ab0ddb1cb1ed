//! Time-based one-time passwords (RFC 6238): HMAC-SHA-1, 6 digits, 30-second steps, the settings
//! every authenticator app supports.
//!
//! The caller passes the time in and keeps the last accepted step per user to refuse replays
//! (RFC 6238 §5.2: the verifier "MUST NOT" accept the second attempt of the same OTP).

mod base32;

use aws_lc_rs::hmac::{sign, Key, HMAC_SHA1_FOR_LEGACY_USE_ONLY};

pub use base32::{base32_decode, base32_encode};

const STEP_SECONDS: u64 = 30;
const DIGITS: usize = 6;
const MODULUS: u32 = 1_000_000;
/// RFC 4226 §4 R6: the shared secret is at least 128 bits; 160 is recommended.
const SECRET_LEN: usize = 20;
/// The most steps accepted on either side (5 minutes), whatever the caller asks for; it bounds
/// the work per attempt and the guessing odds.
pub const MAX_WINDOW: u64 = 10;

/// A fresh 160-bit shared secret.
pub fn generate_secret() -> Vec<u8> {
    crate::random::bytes::<SECRET_LEN>().to_vec()
}

/// The code for the 30-second step containing `unix_seconds`, zero-padded to 6 digits.
pub fn code_at(secret: &[u8], unix_seconds: u64) -> String {
    hotp(secret, unix_seconds / STEP_SECONDS)
}

/// RFC 4226 §5.3: HMAC-SHA-1 of the big-endian counter, dynamic truncation, modulo 10^6.
fn hotp(secret: &[u8], counter: u64) -> String {
    let key = Key::new(HMAC_SHA1_FOR_LEGACY_USE_ONLY, secret);
    let tag = sign(&key, &counter.to_be_bytes());
    let mac = tag.as_ref();
    // An HMAC-SHA-1 tag is 20 bytes, so offset + 3 <= 15 + 3 is always in range; `get` keeps
    // this panic-free all the same.
    let offset = usize::from(mac.last().copied().unwrap_or(0) & 0x0f);
    let mut word = [0u8; 4];
    if let Some(slice) = mac.get(offset..offset + 4) {
        word.copy_from_slice(slice);
    }
    let binary = u32::from_be_bytes(word) & 0x7fff_ffff;
    format!("{:0width$}", binary % MODULUS, width = DIGITS)
}

/// The time step whose code equals `code`, searching `window` steps either side of the step
/// containing `unix_seconds` (RFC 6238 §5.2 allows for clock drift and typing time); `window` is
/// capped at [`MAX_WINDOW`].
///
/// Spaces inside the code are ignored. Every candidate is compared in constant time and the
/// whole window is always computed, so timing does not reveal which step matched.
pub fn verify(secret: &[u8], code: &str, unix_seconds: u64, window: u64) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let window = window.min(MAX_WINDOW);
    let current = unix_seconds / STEP_SECONDS;
    let mut found = None;
    for step in current.saturating_sub(window)..=current.saturating_add(window) {
        let matches =
            crate::digest::constant_time_eq(hotp(secret, step).as_bytes(), code.as_bytes());
        if matches && found.is_none() {
            found = Some(step);
        }
    }
    found
}

/// The provisioning URI authenticator apps read from a QR code (Google Authenticator's Key URI
/// Format): `otpauth://totp/{issuer}:{account}?secret=..&issuer=..&algorithm=SHA1&digits=6&period=30`.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let issuer = percent_encode(issuer);
    format!(
        "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        account = percent_encode(account),
        secret = base32_encode(secret),
    )
}

/// RFC 3986 §2.3: everything but unreserved characters is percent-encoded (spaces as `%20`).
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for byte in s.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    /// RFC 6238 Appendix B, SHA-1 column, last 6 of the 8 digits.
    const RFC_VECTORS: [(u64, &str); 6] = [
        (59, "287082"),
        (1_111_111_109, "081804"),
        (1_111_111_111, "050471"),
        (1_234_567_890, "005924"),
        (2_000_000_000, "279037"),
        (20_000_000_000, "353130"),
    ];

    #[test]
    fn the_rfc6238_appendix_b_sha1_vectors_produce_their_codes() {
        for (time, code) in RFC_VECTORS {
            assert_eq!(code_at(RFC_SECRET, time), code, "at {time}");
        }
    }

    #[test]
    fn the_rfc6238_vectors_verify_at_their_own_step() {
        for (time, code) in RFC_VECTORS {
            assert_eq!(
                verify(RFC_SECRET, code, time, 0),
                Some(time / 30),
                "at {time}"
            );
        }
    }

    #[test]
    fn a_code_from_the_previous_step_verifies_within_a_window_of_one() {
        let code = code_at(RFC_SECRET, 1_111_111_109);
        let next_step_time = 1_111_111_109 + 30;
        assert_eq!(
            verify(RFC_SECRET, &code, next_step_time, 1),
            Some(1_111_111_109 / 30)
        );
        assert_eq!(verify(RFC_SECRET, &code, next_step_time, 0), None);
        assert_eq!(verify(RFC_SECRET, &code, next_step_time + 30, 1), None);
    }

    #[test]
    fn a_wrong_or_malformed_code_does_not_verify() {
        for code in [
            "287083",
            "28708",
            "2870820",
            "",
            "abcdef",
            "２８７０８２",
            "-87082",
        ] {
            assert_eq!(verify(RFC_SECRET, code, 59, 1), None, "{code}");
        }
    }

    #[test]
    fn spaces_inside_a_typed_code_are_ignored() {
        assert_eq!(verify(RFC_SECRET, "287 082", 59, 0), Some(1));
    }

    #[test]
    fn a_window_at_either_end_of_time_does_not_overflow() {
        assert_eq!(verify(RFC_SECRET, &code_at(RFC_SECRET, 0), 0, 5), Some(0));
        let code = code_at(RFC_SECRET, u64::MAX);
        assert_eq!(verify(RFC_SECRET, &code, u64::MAX, 2), Some(u64::MAX / 30));
    }

    #[test]
    fn an_oversized_window_is_clamped() {
        let code = code_at(RFC_SECRET, 59);
        assert_eq!(verify(RFC_SECRET, &code, 59, u64::MAX), Some(1));
        let far = 59 + 30 * (MAX_WINDOW + 1);
        assert_eq!(verify(RFC_SECRET, &code, far, u64::MAX), None);
    }

    #[test]
    fn generated_secrets_are_160_bits_and_differ() {
        let a = generate_secret();
        assert_eq!(a.len(), 20);
        assert_ne!(a, generate_secret());
    }

    #[test]
    fn the_otpauth_uri_percent_encodes_the_label_and_issuer() {
        let uri = otpauth_uri("Acme Corp", "zoë@example.com", b"foobar");
        assert_eq!(
            uri,
            "otpauth://totp/Acme%20Corp:zo%C3%AB%40example.com?secret=MZXW6YTBOI&issuer=Acme%20Corp&algorithm=SHA1&digits=6&period=30"
        );
    }
}
