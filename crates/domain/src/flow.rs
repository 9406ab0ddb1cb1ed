//! State that a login carries across requests: the authorize request, login transactions,
//! SSO sessions, authorization codes, refresh tokens and signing keys.

use crate::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ResponseMode {
    Query,
    Fragment,
    FormPost,
    WebMessage,
}

impl ResponseMode {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "query" => ResponseMode::Query,
            "fragment" => ResponseMode::Fragment,
            "form_post" => ResponseMode::FormPost,
            "web_message" => ResponseMode::WebMessage,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Prompt {
    None,
    Login,
    Consent,
}

/// A validated `/authorize` request: everything needed to finish it later.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AuthorizeRequest {
    pub client_id: String,
    pub redirect_uri: String,
    pub response_mode: ResponseMode,
    pub scope: Vec<String>,
    pub audience: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub prompt: Option<Prompt>,
    pub max_age: Option<i64>,
    pub screen_hint: Option<String>,
    pub login_hint: Option<String>,
    pub connection: Option<String>,
}

/// A login in progress, keyed by the opaque `state` of the hosted pages.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct LoginTransaction {
    pub tenant_id: String,
    pub id: String,
    pub request: AuthorizeRequest,
    /// Set once the first factor succeeded.
    pub user_id: Option<String>,
    pub auth_time: Option<Timestamp>,
    #[serde(default)]
    pub amr: Vec<String>,
    /// The SSO session this transaction started from or created.
    pub session_id: Option<String>,
    /// Set when the login must pass MFA before it may finish.
    #[serde(default)]
    pub mfa_required: bool,
    /// A TOTP secret offered for enrollment, sealed, until the user confirms it with a code.
    #[serde(default)]
    pub mfa_enrollment_sealed: Option<String>,
    /// A freshly issued recovery code, sealed, shown once before the login goes on.
    #[serde(default)]
    pub recovery_code_sealed: Option<String>,
    /// Set once post-login actions ran for this transaction.
    #[serde(default)]
    pub effects: Option<crate::action::ActionEffects>,
    /// Set while an action's redirect is out.
    #[serde(default)]
    pub suspended: Option<crate::action::SuspendedFlow>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    /// The store's own mark, never serialized: this transaction was read from the database
    /// (rather than from a node's memory, where an embedded store keeps new ones), so writes
    /// of it go back there. New transactions start with `false`.
    #[serde(skip)]
    pub in_database: bool,
}

/// An SSO session (the `auth0` cookie points at it).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Session {
    pub tenant_id: String,
    pub id: String,
    pub user_id: String,
    pub auth_time: Timestamp,
    #[serde(default)]
    pub amr: Vec<String>,
    /// Clients that received tokens in this session (for logout).
    #[serde(default)]
    pub clients: Vec<String>,
    pub created_at: Timestamp,
    pub last_used_at: Timestamp,
    pub expires_at: Timestamp,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// What an authorization code or a refresh token grants: the common part.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Grant {
    pub tenant_id: String,
    pub client_id: String,
    pub user_id: String,
    pub scope: Vec<String>,
    pub audience: Option<String>,
    pub session_id: Option<String>,
    pub auth_time: Timestamp,
    #[serde(default)]
    pub amr: Vec<String>,
    /// Every refresh token descending from one authorization shares this id; reuse revokes it.
    pub family_id: String,
    /// Claims added by post-login actions when this grant was made.
    #[serde(default)]
    pub custom_id_token_claims: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub custom_access_token_claims: serde_json::Map<String, serde_json::Value>,
}

/// An authorization code, stored under the SHA-256 of its value.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AuthorizationCode {
    pub code_hash: String,
    pub grant: Grant,
    pub redirect_uri: String,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub expires_at: Timestamp,
}

/// A refresh token, stored under the SHA-256 of its value.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RefreshToken {
    pub token_hash: String,
    pub grant: Grant,
    pub rotating: bool,
    pub created_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    pub idle_expires_at: Option<Timestamp>,
}

/// A signing key as stored: the private key sealed under the master key.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct StoredSigningKey {
    pub tenant_id: String,
    pub kid: String,
    pub alg: String,
    pub private_sealed: String,
    pub public_jwk: serde_json::Value,
    pub current: bool,
    pub created_at: Timestamp,
    /// When it stopped being current; it stays published until every token it signed expired.
    pub rotated_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}
