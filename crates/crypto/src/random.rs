//! Secrets, tokens and ids from the operating system's CSPRNG. Everything in Portcullis that needs
//! unpredictable bytes gets them here.
//!
//! These functions are infallible: the OS generator failing is not a condition a server can
//! continue from, and `rand::rngs::OsRng` aborts the calling thread with a panic in that case.

use rand::rngs::OsRng;
use rand::RngCore;

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// 62^22 > 2^128, so every 128-bit value fits in 22 base-62 digits.
const ID_LEN: usize = 22;

/// `N` random bytes.
pub fn bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    OsRng.fill_bytes(&mut out);
    out
}

/// URL-safe base64 (no padding) of `bytes` random bytes.
pub fn token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buf);
    crate::base64url::encode(buf)
}

/// An identifier made of 16 random bytes, written as exactly 22 characters of `[0-9A-Za-z]`
/// (base 62, most significant digit first, zero-padded).
pub fn id() -> String {
    base62_22(u128::from_be_bytes(bytes::<16>()))
}

/// 62^10, the largest power of 62 below 2^64.
const B62_POW10: u128 = 839_299_365_868_340_224;

/// `n` in 22 base-62 digits. Two 128-bit divisions split it into chunks of 10, 10 and 2 digits
/// that 64-bit arithmetic finishes (one 128-bit division per digit cost more than the rest of
/// making an id).
fn base62_22(n: u128) -> String {
    let mut digits = [b'0'; ID_LEN];
    let low = (n % B62_POW10) as u64;
    let rest = n / B62_POW10;
    let mid = (rest % B62_POW10) as u64;
    // n < 2^128 < 62^22, so the top chunk is below 62^2.
    let top = (rest / B62_POW10) as u64;
    for (chunk, range) in [(low, 12..22), (mid, 2..12), (top, 0..2)] {
        let mut c = chunk;
        for slot in digits[range].iter_mut().rev() {
            // c % 62 < 62, so the index is always in range.
            *slot = BASE62[(c % 62) as usize];
            c /= 62;
        }
    }
    digits.iter().map(|&b| char::from(b)).collect()
}

/// An identifier that sorts by creation time: the milliseconds since the epoch as 16 hex digits,
/// then an [`id`]. Rows keyed by it go in at the end of their b-tree instead of at a random place
/// (one page touched per batch of inserts rather than one per row), and the random part keeps it
/// unguessable.
pub fn time_ordered_id(epoch_millis: i64) -> String {
    format!("{:016x}{}", epoch_millis.max(0), id())
}

/// A one-time recovery code: 24 characters from an alphabet without look-alikes (no 0/O, 1/I).
pub fn recovery_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    // 32 symbols divide 256 evenly: no modulo bias.
    bytes::<24>().iter().map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn base62_digit_by_digit(mut n: u128) -> String {
        let mut digits = [b'0'; ID_LEN];
        for slot in digits.iter_mut().rev() {
            *slot = BASE62[(n % 62) as usize];
            n /= 62;
        }
        digits.iter().map(|&b| char::from(b)).collect()
    }

    #[test]
    fn ids_are_written_exactly_as_digit_by_digit_base62_would_write_them() {
        let edges = [0u128, 1, 61, 62, B62_POW10 - 1, B62_POW10, B62_POW10 * B62_POW10 - 1, B62_POW10 * B62_POW10, u128::MAX, u128::MAX / 3];
        for n in edges.into_iter().chain((0..1000).map(|_| u128::from_be_bytes(bytes::<16>()))) {
            assert_eq!(base62_22(n), base62_digit_by_digit(n), "{n}");
        }
        assert_eq!(base62_22(u128::MAX), "7n42DGM5Tflk9n8mt7Fhc7");
    }

    #[test]
    fn time_ordered_ids_sort_by_their_time_and_differ_within_one_millisecond() {
        let a = time_ordered_id(1_700_000_000_000);
        let b = time_ordered_id(1_700_000_000_000);
        let later = time_ordered_id(1_700_000_000_001);
        assert_eq!(a.len(), 16 + ID_LEN);
        assert_ne!(a, b);
        assert!(a < later && b < later);
        assert!(time_ordered_id(-5).starts_with("0000000000000000"));
    }

    #[test]
    fn a_token_encodes_the_requested_number_of_bytes_without_padding() {
        let t = token(32);
        assert_eq!(t.len(), 43);
        assert!(!t.contains('='));
        assert_eq!(crate::base64url::decode(&t).map(|b| b.len()), Some(32));
    }

    #[test]
    fn an_id_is_22_alphanumeric_characters() {
        for _ in 0..200 {
            let id = id();
            assert_eq!(id.len(), ID_LEN);
            assert!(id.bytes().all(|b| b.is_ascii_alphanumeric()), "{id}");
        }
    }

    #[test]
    fn ids_and_tokens_do_not_repeat() {
        let ids: HashSet<String> = (0..1000).map(|_| id()).collect();
        assert_eq!(ids.len(), 1000);
        let tokens: HashSet<String> = (0..1000).map(|_| token(16)).collect();
        assert_eq!(tokens.len(), 1000);
    }

    #[test]
    fn random_byte_arrays_differ() {
        assert_ne!(bytes::<32>(), bytes::<32>());
    }
}
