use thiserror::Error;

/// Everything that can go wrong in this crate, in domain words.
///
/// Messages never contain key material, passwords or plaintext.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CryptoError {
    #[error("could not generate a {0} key")]
    KeyGeneration(&'static str),
    #[error("key rejected: {0}")]
    KeyRejected(String),
    #[error("signing failed")]
    Signing,
    #[error("malformed token: {0}")]
    MalformedToken(&'static str),
    #[error("unsupported algorithm: {0}")]
    UnsupportedAlgorithm(String),
    #[error("no verification key with kid {0:?}")]
    UnknownKey(String),
    #[error("malformed JWK: {0}")]
    MalformedJwk(&'static str),
    #[error("the token's algorithm does not match the key")]
    AlgorithmMismatch,
    #[error("invalid signature")]
    InvalidSignature,
    #[error("invalid password hashing parameters: {0}")]
    InvalidPasswordParams(String),
    #[error("password hashing failed: {0}")]
    PasswordHashing(String),
    #[error("the master key must be base64 of exactly 32 bytes")]
    InvalidMasterKey,
    #[error("encryption failed")]
    Encryption,
    #[error("malformed sealed value: {0}")]
    MalformedSealed(&'static str),
    #[error("decryption failed: wrong key, wrong associated data, or tampered ciphertext")]
    Decryption,
    #[error("invalid base32: {0}")]
    InvalidBase32(&'static str),
    #[error("could not create a certificate: {0}")]
    Certificate(String),
}
