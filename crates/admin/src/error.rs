use portcullis_oidc::OidcError;
use portcullis_store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum AdminError {
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("internal: {0}")]
    Internal(String),
}

impl From<StoreError> for AdminError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(m) => AdminError::Conflict(m),
            StoreError::NotFound => AdminError::NotFound("The resource does not exist".into()),
            StoreError::Backend(m) => AdminError::Internal(m),
        }
    }
}

impl From<OidcError> for AdminError {
    fn from(e: OidcError) -> Self {
        AdminError::Internal(e.to_string())
    }
}

impl From<portcullis_domain::DomainError> for AdminError {
    fn from(e: portcullis_domain::DomainError) -> Self {
        AdminError::Invalid(e.to_string())
    }
}

pub type AdminResult<T> = Result<T, AdminError>;
