//! RFC 4648 §6 base32, the encoding authenticator apps expect for TOTP secrets.

use crate::CryptoError;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Uppercase, without `=` padding.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let mut buffer: u16 = 0;
    let mut bits: u32 = 0;
    for &byte in bytes {
        buffer = (buffer << 8) | u16::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[usize::from((buffer >> bits) & 0x1f)]));
        }
        buffer &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from(
            ALPHABET[usize::from((buffer << (5 - bits)) & 0x1f)],
        ));
    }
    out
}

/// Decodes what people paste: any case, with or without spaces, hyphens and `=` padding.
pub fn base32_decode(s: &str) -> Result<Vec<u8>, CryptoError> {
    let mut out = Vec::with_capacity(s.len() * 5 / 8);
    let mut buffer: u16 = 0;
    let mut bits: u32 = 0;
    let mut digits = 0usize;
    for c in s.chars().filter(|c| !c.is_whitespace() && *c != '-') {
        if c == '=' {
            continue;
        }
        let value = match c.to_ascii_uppercase() {
            upper @ 'A'..='Z' => upper as u16 - u16::from(b'A'),
            digit @ '2'..='7' => digit as u16 - u16::from(b'2') + 26,
            _ => return Err(CryptoError::InvalidBase32("character outside A-Z and 2-7")),
        };
        digits += 1;
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            // Keeps the low 8 bits, which is the byte just completed.
            out.push(((buffer >> bits) & 0xff) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    // RFC 4648 §6: a final quantum is 2, 4, 5, 7 or 8 digits; 1, 3 or 6 cannot come from bytes.
    if matches!(digits % 8, 1 | 3 | 6) {
        return Err(CryptoError::InvalidBase32("impossible length"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648 §10, padding removed.
    const VECTORS: [(&str, &str); 7] = [
        ("", ""),
        ("f", "MY"),
        ("fo", "MZXQ"),
        ("foo", "MZXW6"),
        ("foob", "MZXW6YQ"),
        ("fooba", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI"),
    ];

    #[test]
    fn the_rfc4648_vectors_encode_and_decode() {
        for (plain, encoded) in VECTORS {
            assert_eq!(base32_encode(plain.as_bytes()), encoded);
            assert_eq!(base32_decode(encoded), Ok(plain.as_bytes().to_vec()));
        }
    }

    #[test]
    fn random_bytes_round_trip_through_base32() {
        for len in 0..64 {
            let bytes: Vec<u8> = (0..len).map(|_| crate::random::bytes::<1>()[0]).collect();
            assert_eq!(base32_decode(&base32_encode(&bytes)), Ok(bytes));
        }
    }

    #[test]
    fn decoding_tolerates_lowercase_spaces_and_padding() {
        assert_eq!(base32_decode("mzxw 6ytb oi======"), Ok(b"foobar".to_vec()));
        assert_eq!(base32_decode("MZXW-6YTB-OI"), Ok(b"foobar".to_vec()));
    }

    #[test]
    fn decoding_rejects_foreign_characters_and_impossible_lengths() {
        assert!(base32_decode("MZXW1").is_err());
        assert!(base32_decode("MZXW8").is_err());
        assert!(base32_decode("M").is_err());
        assert!(base32_decode("MZX").is_err());
        assert!(base32_decode("MZXW6Y").is_err());
    }
}
