//! Encryption of secrets at rest (signing keys, client secrets, TOTP seeds) under one master
//! key, with AES-256-GCM.
//!
//! Format: `"v1." + base64url(nonce(12) || ciphertext || tag(16))`. The version prefix leaves room
//! for another algorithm or key later. Nonces are random: with 96-bit random nonces one key can
//! seal about 2^32 values before the collision risk matters (NIST SP 800-38D §8.3), far beyond
//! what a configuration store holds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;

use crate::{base64url, CryptoError};

const PREFIX: &str = "v1.";
const KEY_LEN: usize = 32;
const TAG_LEN: usize = 16;

/// A 256-bit key. Cheap to clone (clones share the memo of recently opened values); `Debug`
/// never prints it.
#[derive(Clone)]
pub struct MasterKey {
    bytes: Arc<[u8; KEY_LEN]>,
    opened: Arc<Mutex<HashMap<(String, Vec<u8>), Arc<[u8]>>>>,
}

/// Values [`MasterKey::open_memoized`] keeps at most; the memo starts over when full.
pub const MEMO_CAPACITY: usize = 4096;

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(..)")
    }
}

impl MasterKey {
    /// Reads standard or URL-safe base64, padded or not, of exactly 32 bytes.
    pub fn from_base64(s: &str) -> Result<Self, CryptoError> {
        let s = s.trim();
        let bytes = [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(s).ok())
            .ok_or(CryptoError::InvalidMasterKey)?;
        let bytes: [u8; KEY_LEN] = bytes
            .try_into()
            .map_err(|_| CryptoError::InvalidMasterKey)?;
        Ok(Self::new(bytes))
    }

    /// A fresh random key and its standard base64 form to persist (for example in the
    /// configuration file or a secret manager).
    pub fn generate() -> (Self, String) {
        let bytes = crate::random::bytes::<KEY_LEN>();
        let encoded = STANDARD.encode(bytes);
        (Self::new(bytes), encoded)
    }

    fn new(bytes: [u8; KEY_LEN]) -> Self {
        Self {
            bytes: Arc::new(bytes),
            opened: Arc::default(),
        }
    }

    /// [`Self::open`], remembering the result for the same sealed value and `aad`: for values
    /// opened on every request (a client's secret at each token request), which would otherwise
    /// cost a base64 decode, an AES key schedule and a decryption each time (~4 µs). A sealed
    /// value has a random nonce, so a changed secret is a different key and never meets the
    /// old plaintext. Failures are not remembered.
    pub fn open_memoized(&self, sealed: &str, aad: &[u8]) -> Result<Arc<[u8]>, CryptoError> {
        let key = (sealed.to_string(), aad.to_vec());
        if let Some(v) = self.opened.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(v);
        }
        let v: Arc<[u8]> = self.open(sealed, aad)?.into();
        if let Ok(mut m) = self.opened.lock() {
            if m.len() >= MEMO_CAPACITY {
                m.clear();
            }
            m.insert(key, v.clone());
        }
        Ok(v)
    }

    /// The AEAD key is built per call (a key schedule, well under a microsecond) so that holding a
    /// `MasterKey` needs no fallible set-up.
    fn aead_key(&self) -> Result<LessSafeKey, CryptoError> {
        let unbound = UnboundKey::new(&AES_256_GCM, self.bytes.as_slice())
            .map_err(|_| CryptoError::InvalidMasterKey)?;
        Ok(LessSafeKey::new(unbound))
    }

    /// Encrypts `plaintext`, binding it to `aad` (for example `"client_secret:<client id>"`) so a
    /// sealed value copied to another row does not open there.
    ///
    /// Fails only for inputs beyond AES-GCM's limit of about 64 GiB.
    pub fn seal(&self, plaintext: &[u8], aad: &[u8]) -> Result<String, CryptoError> {
        let nonce = crate::random::bytes::<NONCE_LEN>();
        let mut out = Vec::with_capacity(NONCE_LEN + plaintext.len() + TAG_LEN);
        out.extend_from_slice(&nonce);
        let mut in_out = plaintext.to_vec();
        self.aead_key()?
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad),
                &mut in_out,
            )
            .map_err(|_| CryptoError::Encryption)?;
        out.extend_from_slice(&in_out);
        Ok(format!("{PREFIX}{}", base64url::encode(out)))
    }

    /// Decrypts a value from [`Self::seal`] made with this key and the same `aad`.
    pub fn open(&self, sealed: &str, aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let body = sealed
            .strip_prefix(PREFIX)
            .ok_or(CryptoError::MalformedSealed("unknown version prefix"))?;
        let bytes = base64url::decode(body).ok_or(CryptoError::MalformedSealed("not base64url"))?;
        if bytes.len() < NONCE_LEN + TAG_LEN {
            return Err(CryptoError::MalformedSealed("too short"));
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce)
            .map_err(|_| CryptoError::MalformedSealed("bad nonce"))?;
        let mut in_out = ciphertext.to_vec();
        let plaintext = self
            .aead_key()?
            .open_in_place(nonce, Aad::from(aad), &mut in_out)
            .map_err(|_| CryptoError::Decryption)?;
        Ok(plaintext.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> MasterKey {
        MasterKey::generate().0
    }

    #[test]
    fn a_memoized_open_gives_what_open_gives_and_still_refuses_the_wrong_aad() {
        let k = key();
        let sealed = k.seal(b"s3cret", b"client-secret:t:c").unwrap();
        assert_eq!(&*k.open_memoized(&sealed, b"client-secret:t:c").unwrap(), b"s3cret");
        // Served from the memo the second time, same answer.
        assert_eq!(&*k.open_memoized(&sealed, b"client-secret:t:c").unwrap(), b"s3cret");
        assert!(k.open_memoized(&sealed, b"client-secret:t:other").is_err());
        let rotated = k.seal(b"n3w", b"client-secret:t:c").unwrap();
        assert_eq!(&*k.open_memoized(&rotated, b"client-secret:t:c").unwrap(), b"n3w");
    }

    #[test]
    fn the_memo_of_opened_values_stays_bounded() {
        let k = key();
        for i in 0..MEMO_CAPACITY + 10 {
            let sealed = k.seal(format!("v{i}").as_bytes(), b"aad").unwrap();
            assert_eq!(&*k.open_memoized(&sealed, b"aad").unwrap(), format!("v{i}").as_bytes());
        }
        assert!(k.opened.lock().unwrap().len() <= MEMO_CAPACITY);
    }

    #[test]
    fn a_memoized_open_under_another_key_fails() {
        let (a, b) = (key(), key());
        let sealed = a.seal(b"x", b"aad").unwrap();
        assert_eq!(&*a.open_memoized(&sealed, b"aad").unwrap(), b"x");
        assert!(b.open_memoized(&sealed, b"aad").is_err());
    }

    #[test]
    fn a_sealed_value_opens_with_the_same_key_and_aad() {
        let key = key();
        let sealed = key.seal(b"client secret", b"client:abc").expect("seal");
        assert!(sealed.starts_with("v1."));
        assert_eq!(
            key.open(&sealed, b"client:abc"),
            Ok(b"client secret".to_vec())
        );
    }

    #[test]
    fn an_empty_plaintext_round_trips() {
        let key = key();
        let sealed = key.seal(b"", b"").expect("seal");
        assert_eq!(key.open(&sealed, b""), Ok(Vec::new()));
    }

    #[test]
    fn sealing_twice_gives_different_ciphertexts() {
        let key = key();
        assert_ne!(
            key.seal(b"x", b"").expect("seal"),
            key.seal(b"x", b"").expect("seal")
        );
    }

    #[test]
    fn a_sealed_value_does_not_open_with_other_aad() {
        let key = key();
        let sealed = key.seal(b"secret", b"client:abc").expect("seal");
        assert_eq!(
            key.open(&sealed, b"client:abd"),
            Err(CryptoError::Decryption)
        );
        assert_eq!(key.open(&sealed, b""), Err(CryptoError::Decryption));
    }

    #[test]
    fn a_sealed_value_does_not_open_with_another_key() {
        let sealed = key().seal(b"secret", b"").expect("seal");
        assert_eq!(key().open(&sealed, b""), Err(CryptoError::Decryption));
    }

    #[test]
    fn every_flipped_bit_of_a_sealed_value_is_detected() {
        let key = key();
        let sealed = key.seal(b"secret", b"aad").expect("seal");
        let raw = base64url::decode(&sealed[PREFIX.len()..]).expect("b64");
        for i in 0..raw.len() {
            let mut tampered = raw.clone();
            tampered[i] ^= 0x01;
            let tampered = format!("{PREFIX}{}", base64url::encode(tampered));
            assert_eq!(
                key.open(&tampered, b"aad"),
                Err(CryptoError::Decryption),
                "byte {i}"
            );
        }
    }

    #[test]
    fn truncated_or_unversioned_values_are_malformed() {
        let key = key();
        let sealed = key.seal(b"secret", b"").expect("seal");
        for bad in ["", "v1.", "v2.AAAA", &sealed[3..], &sealed[..20], "v1.!!!!"] {
            assert!(
                matches!(key.open(bad, b""), Err(CryptoError::MalformedSealed(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_generated_base64_loads_back_as_the_same_key() {
        let (key, encoded) = MasterKey::generate();
        let sealed = key.seal(b"secret", b"").expect("seal");
        let reloaded = MasterKey::from_base64(&encoded).expect("load");
        assert_eq!(reloaded.open(&sealed, b""), Ok(b"secret".to_vec()));
    }

    #[test]
    fn master_keys_load_from_any_base64_flavour_of_32_bytes() {
        let bytes = [0xfb_u8; 32];
        for encoded in [
            STANDARD.encode(bytes),
            URL_SAFE_NO_PAD.encode(bytes),
            URL_SAFE.encode(bytes),
            STANDARD_NO_PAD.encode(bytes),
        ] {
            assert!(MasterKey::from_base64(&encoded).is_ok(), "{encoded}");
        }
        for bad in [
            STANDARD.encode([0u8; 31]),
            STANDARD.encode([0u8; 33]),
            "not base64!".into(),
            String::new(),
        ] {
            assert_eq!(
                MasterKey::from_base64(&bad).err(),
                Some(CryptoError::InvalidMasterKey),
                "{bad}"
            );
        }
    }

    #[test]
    fn debug_output_hides_the_key() {
        assert_eq!(format!("{:?}", key()), "MasterKey(..)");
    }
}
