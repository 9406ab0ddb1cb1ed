use portcullis_store::StoreError;
use thiserror::Error;

/// A protocol error as the client sees it (RFC 6749 §5.2, OIDC Core §3.1.2.6).
/// `description` is safe to show; the cause is logged, never sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    pub code: &'static str,
    pub description: String,
}

impl OAuthError {
    pub fn new(code: &'static str, description: impl Into<String>) -> Self {
        OAuthError { code, description: description.into() }
    }
    pub fn invalid_request(d: impl Into<String>) -> Self {
        Self::new("invalid_request", d)
    }
    pub fn invalid_client(d: impl Into<String>) -> Self {
        Self::new("invalid_client", d)
    }
    pub fn invalid_grant(d: impl Into<String>) -> Self {
        Self::new("invalid_grant", d)
    }
    pub fn unauthorized_client(d: impl Into<String>) -> Self {
        Self::new("unauthorized_client", d)
    }
    pub fn access_denied(d: impl Into<String>) -> Self {
        Self::new("access_denied", d)
    }
    pub fn invalid_scope(d: impl Into<String>) -> Self {
        Self::new("invalid_scope", d)
    }
    pub fn login_required(d: impl Into<String>) -> Self {
        Self::new("login_required", d)
    }
    pub fn server_error() -> Self {
        Self::new("server_error", "The server encountered an internal error")
    }
}

impl std::fmt::Display for OAuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.description)
    }
}

/// Errors of the protocol use-cases: either a protocol error for the client, or an internal
/// failure (logged once at the boundary, answered with a generic 500).
#[derive(Debug, Error)]
pub enum OidcError {
    #[error("{0}")]
    Protocol(OAuthError),
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("crypto: {0}")]
    Crypto(String),
    #[error("internal: {0}")]
    Internal(String),
}

impl From<OAuthError> for OidcError {
    fn from(e: OAuthError) -> Self {
        OidcError::Protocol(e)
    }
}

impl From<portcullis_crypto::CryptoError> for OidcError {
    fn from(e: portcullis_crypto::CryptoError) -> Self {
        OidcError::Crypto(e.to_string())
    }
}

pub type OidcResult<T> = Result<T, OidcError>;
