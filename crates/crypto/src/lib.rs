//! Portcullis's cryptography: signing keys, JWS/JWT signing and verification, password hashing
//! (Argon2id), TOTP, random tokens and ids, at-rest encryption of secrets (AES-256-GCM), and
//! self-signed development TLS certificates.
//!
//! This crate must never do IO besides reading OS randomness: no database, no HTTP, no files, no
//! environment variables. Keys, secrets and the current time come in as arguments and results go
//! out as values; storing them is the caller's job. (The one exception is [`tls::self_signed`],
//! a development convenience that reads the system clock for the validity window; use
//! [`tls::self_signed_at`] where the time must come from a `Clock`.)
//!
//! Primitives come from `aws-lc-rs` (RSA, ECDSA, AES-GCM, HMAC, SHA-2) and `argon2`; there is one
//! way to do each thing and it lives here.

mod base64url;
pub mod digest;
mod error;
pub mod jwt;
pub mod password;
pub mod random;
pub mod secretbox;
pub mod tls;
pub mod totp;

pub use error::CryptoError;
