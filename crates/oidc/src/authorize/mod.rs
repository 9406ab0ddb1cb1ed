//! `/authorize` (RFC 6749 §4.1.1, OIDC Core §3.1.2.1): turn raw parameters into a validated
//! `AuthorizeRequest` through an ordered table of checks.

mod checks;
#[cfg(test)]
mod tests;

use crate::error::OAuthError;
use portcullis_domain::client::Client;
use portcullis_domain::flow::{AuthorizeRequest, ResponseMode};
use std::collections::HashMap;

/// Where an authorize error goes. Until the redirect URI is verified it must be shown on our own
/// page (RFC 6749 §4.1.2.1: "MUST NOT automatically redirect"); after that it goes back to the
/// client through the requested response mode.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthorizeError {
    Page(OAuthError),
    Redirect { error: OAuthError, redirect_uri: String, response_mode: ResponseMode, state: Option<String> },
}

impl AuthorizeError {
    pub fn oauth(&self) -> &OAuthError {
        match self {
            AuthorizeError::Page(e) => e,
            AuthorizeError::Redirect { error, .. } => error,
        }
    }
}

/// The raw query, first value per name (OAuth parameters MUST NOT repeat, RFC 6749 §3.1).
pub struct RawParams<'a> {
    pub params: &'a HashMap<String, String>,
}

impl RawParams<'_> {
    pub fn get(&self, k: &str) -> Option<&str> {
        self.params.get(k).map(String::as_str).filter(|v| !v.is_empty())
    }
}

/// What the checks fill in as they go.
#[derive(Default)]
struct Draft {
    redirect_uri: Option<String>,
    response_mode: Option<ResponseMode>,
    request: Option<AuthorizeRequest>,
}

type Check = fn(&RawParams, &Client, &mut Draft) -> Result<(), OAuthError>;

/// Checks run in this order; each enforces one rule. Errors before
/// `redirect_uri_is_registered` are shown on a page; later ones redirect.
const PAGE_CHECKS: &[Check] = &[
    checks::redirect_uri_is_registered, // RFC 6749 §3.1.2.3, OAuth Security BCP §4.1.3
];
const REDIRECT_CHECKS: &[Check] = &[
    checks::response_mode_is_supported, // OAuth 2.0 Multiple Response Types §2.1
    checks::response_type_is_code,      // RFC 6749 §3.1.1
    checks::client_may_use_code_grant,  // RFC 6749 §4.1.2.1 unauthorized_client
    checks::pkce,                       // RFC 7636 §4.4.1; OAuth 2.1: public clients MUST use PKCE
    checks::request_fields,             // OIDC Core §3.1.2.1 (scope, prompt, max_age, nonce)
];

/// Validates an authorize request for a known client. The client lookup itself (unknown
/// `client_id` -> page error) is the caller's, since it needs the store.
pub fn validate(raw: &RawParams, client: &Client) -> Result<AuthorizeRequest, AuthorizeError> {
    let mut d = Draft::default();
    for check in PAGE_CHECKS {
        check(raw, client, &mut d).map_err(AuthorizeError::Page)?;
    }
    let redirect_uri = d.redirect_uri.clone().unwrap_or_default();
    for check in REDIRECT_CHECKS {
        if let Err(error) = check(raw, client, &mut d) {
            return Err(AuthorizeError::Redirect {
                error,
                redirect_uri,
                response_mode: d.response_mode.unwrap_or(ResponseMode::Query),
                state: raw.get("state").map(str::to_string),
            });
        }
    }
    d.request.ok_or_else(|| AuthorizeError::Page(OAuthError::server_error()))
}
