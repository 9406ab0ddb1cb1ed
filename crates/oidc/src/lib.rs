//! The OAuth 2.0 / OpenID Connect protocol engine: discovery, the `/authorize` checks, the grants
//! of `/oauth/token`, userinfo, revocation, and the tokens they mint.
//!
//! Protocol rules are pure functions over domain values (one named check per MUST); the
//! use-cases around them read and write through `portcullis_store` traits and sign through
//! `portcullis_crypto`. This crate must never know HTTP: no status codes, headers or cookies
//! (the `web` crate maps `OAuthError` to responses).

pub mod actions;
pub mod authn;
pub mod authorize;
pub mod client_auth;
pub mod discovery;
pub mod error;
pub mod grants;
pub mod keys;
pub mod logs;
pub mod mfa_secrets;
pub mod platform;
pub mod revoke;
pub mod tokens;
pub mod userinfo;

pub use error::{OAuthError, OidcError};
pub use platform::Platform;
