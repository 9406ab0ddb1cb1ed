//! A tenant: the unit of isolation. Found from a request's Host.

use crate::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Tenant {
    pub id: String,
    /// `host[:port]` this tenant is served on; the issuer is `https://{domain}/`.
    pub domain: String,
    pub friendly_name: String,
    #[serde(default)]
    pub branding: Branding,
    #[serde(default)]
    pub settings: TenantSettings,
    pub created_at: Timestamp,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Default)]
pub struct Branding {
    pub logo_url: Option<String>,
    pub primary_color: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TenantSettings {
    /// SSO session lifetime, hours (Auth0 `session_lifetime`).
    pub session_lifetime_hours: i64,
    /// Idle session lifetime, hours (Auth0 `idle_session_lifetime`).
    pub idle_session_lifetime_hours: i64,
    pub support_email: Option<String>,
    #[serde(default)]
    pub guardian: crate::mfa::GuardianSettings,
}

impl Default for TenantSettings {
    fn default() -> Self {
        TenantSettings { session_lifetime_hours: 168, idle_session_lifetime_hours: 72, support_email: None, guardian: Default::default() }
    }
}

impl Tenant {
    pub fn issuer(&self) -> String {
        format!("https://{}/", self.domain)
    }
    pub fn management_audience(&self) -> String {
        format!("https://{}/api/v2/", self.domain)
    }
    pub fn userinfo_url(&self) -> String {
        format!("https://{}/userinfo", self.domain)
    }
}
