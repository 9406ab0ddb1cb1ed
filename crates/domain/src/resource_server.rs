//! APIs (Auth0 "resource servers"): audiences that access tokens are minted for.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ResourceServerScope {
    pub value: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub enum SigningAlg {
    RS256,
    ES256,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TokenDialect {
    AccessToken,
    AccessTokenAuthz,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ResourceServer {
    pub tenant_id: String,
    pub id: String,
    pub name: String,
    pub identifier: String,
    pub scopes: Vec<ResourceServerScope>,
    pub signing_alg: SigningAlg,
    pub token_lifetime: i64,
    pub token_lifetime_for_web: i64,
    pub enforce_policies: bool,
    pub token_dialect: TokenDialect,
    pub allow_offline_access: bool,
    pub skip_consent_for_verifiable_first_party_clients: bool,
    /// The Management API itself: not editable, not deletable.
    #[serde(default)]
    pub is_system: bool,
}

impl ResourceServer {
    pub fn has_scope(&self, s: &str) -> bool {
        self.scopes.iter().any(|x| x.value == s)
    }
}
