//! Applications (OAuth clients) with Auth0's fields.

use crate::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AppType {
    Spa,
    RegularWeb,
    Native,
    NonInteractive,
}

impl AppType {
    /// Public clients cannot keep a secret (RFC 6749 §2.1).
    pub fn is_public(self) -> bool {
        matches!(self, AppType::Spa | AppType::Native)
    }
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TokenEndpointAuthMethod {
    None,
    ClientSecretPost,
    ClientSecretBasic,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RotationType {
    Rotating,
    NonRotating,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ExpirationType {
    Expiring,
    NonExpiring,
}

/// Auth0's `refresh_token` object on a client. Missing fields take Auth0's defaults.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct RefreshTokenSettings {
    pub rotation_type: RotationType,
    pub expiration_type: ExpirationType,
    /// Seconds a rotated token may still be reused (network races).
    pub leeway: i64,
    pub token_lifetime: i64,
    pub infinite_token_lifetime: bool,
    pub idle_token_lifetime: i64,
    pub infinite_idle_token_lifetime: bool,
}

impl Default for RefreshTokenSettings {
    fn default() -> Self {
        RefreshTokenSettings {
            rotation_type: RotationType::NonRotating,
            expiration_type: ExpirationType::NonExpiring,
            leeway: 0,
            token_lifetime: 2_592_000,
            infinite_token_lifetime: false,
            idle_token_lifetime: 1_296_000,
            infinite_idle_token_lifetime: false,
        }
    }
}

impl RefreshTokenSettings {
    pub fn for_app_type(app: AppType) -> Self {
        let rotating = app.is_public();
        RefreshTokenSettings {
            rotation_type: if rotating { RotationType::Rotating } else { RotationType::NonRotating },
            expiration_type: if rotating { ExpirationType::Expiring } else { ExpirationType::NonExpiring },
            leeway: 0,
            token_lifetime: 2_592_000,
            infinite_token_lifetime: !rotating,
            idle_token_lifetime: 1_296_000,
            infinite_idle_token_lifetime: !rotating,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Client {
    pub tenant_id: String,
    pub client_id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub app_type: AppType,
    /// Sealed with the tenant master key; `None` for public clients.
    pub client_secret_sealed: Option<String>,
    pub token_endpoint_auth_method: TokenEndpointAuthMethod,
    pub callbacks: Vec<String>,
    pub allowed_logout_urls: Vec<String>,
    pub web_origins: Vec<String>,
    pub allowed_origins: Vec<String>,
    pub grant_types: Vec<String>,
    pub refresh_token: RefreshTokenSettings,
    pub is_first_party: bool,
    pub oidc_conformant: bool,
    /// ID token lifetime in seconds (Auth0 `jwt_configuration.lifetime_in_seconds`).
    pub id_token_lifetime: i64,
    #[serde(default)]
    pub logo_uri: Option<String>,
    #[serde(default)]
    pub client_metadata: serde_json::Map<String, serde_json::Value>,
    /// Clients created by the platform itself (the Management API client) are not listed as apps.
    #[serde(default)]
    pub global: bool,
    pub created_at: Timestamp,
}

impl Client {
    /// A new application of `app_type` with Auth0's defaults: the type's grant types and
    /// refresh-token settings, `client_secret_post` for confidential types (`none` for single-page
    /// and native apps), first party, OIDC conformant, ID tokens of 10 hours, no URLs and no
    /// secret yet.
    pub fn new(tenant_id: String, client_id: String, name: String, app_type: AppType, created_at: Timestamp) -> Client {
        let token_endpoint_auth_method = if app_type.is_public() { TokenEndpointAuthMethod::None } else { TokenEndpointAuthMethod::ClientSecretPost };
        Client {
            tenant_id,
            client_id,
            name,
            description: String::new(),
            app_type,
            client_secret_sealed: None,
            token_endpoint_auth_method,
            callbacks: vec![],
            allowed_logout_urls: vec![],
            web_origins: vec![],
            allowed_origins: vec![],
            grant_types: Client::default_grant_types(app_type),
            refresh_token: RefreshTokenSettings::for_app_type(app_type),
            is_first_party: true,
            oidc_conformant: true,
            id_token_lifetime: 36000,
            logo_uri: None,
            client_metadata: Default::default(),
            global: false,
            created_at,
        }
    }

    /// Auth0's default grant types for an application type.
    pub fn default_grant_types(app: AppType) -> Vec<String> {
        let v: &[&str] = match app {
            AppType::Spa => &["authorization_code", "implicit", "refresh_token"],
            AppType::Native => &["authorization_code", "implicit", "refresh_token"],
            AppType::RegularWeb => &["authorization_code", "implicit", "refresh_token", "client_credentials"],
            AppType::NonInteractive => &["client_credentials"],
        };
        v.iter().map(|s| s.to_string()).collect()
    }

    pub fn allows_grant(&self, grant: &str) -> bool {
        self.grant_types.iter().any(|g| g == grant)
    }

    pub fn is_public(&self) -> bool {
        self.token_endpoint_auth_method == TokenEndpointAuthMethod::None
    }
}

/// Which machine-to-machine application may call which API with which scopes.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ClientGrant {
    pub tenant_id: String,
    pub id: String,
    pub client_id: String,
    pub audience: String,
    pub scope: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_application_gets_auth0s_defaults_for_its_type() {
        let spa = Client::new("t".into(), "c".into(), "App".into(), AppType::Spa, Timestamp(7));
        assert_eq!(spa.token_endpoint_auth_method, TokenEndpointAuthMethod::None);
        assert_eq!(spa.grant_types, ["authorization_code", "implicit", "refresh_token"]);
        assert!(spa.is_first_party && spa.oidc_conformant && !spa.global && spa.client_secret_sealed.is_none());
        assert_eq!((spa.id_token_lifetime, spa.created_at), (36000, Timestamp(7)));
        let m2m = Client::new("t".into(), "m".into(), "Machine".into(), AppType::NonInteractive, Timestamp(7));
        assert_eq!(m2m.token_endpoint_auth_method, TokenEndpointAuthMethod::ClientSecretPost);
        assert_eq!(m2m.grant_types, ["client_credentials"]);
        assert_eq!(m2m.refresh_token, RefreshTokenSettings::for_app_type(AppType::NonInteractive));
    }
}
