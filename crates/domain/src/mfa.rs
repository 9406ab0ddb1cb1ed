//! Multi-factor authentication: tenant factor settings and policy, and a user's enrolled
//! authenticators (TOTP secrets sealed; recovery codes hashed).

use crate::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum MfaPolicy {
    /// MFA only when an action asks for it (Auth0 policy `[]`).
    #[default]
    Never,
    /// Every login of every application (Auth0 policy `["all-applications"]`).
    AllApplications,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct GuardianSettings {
    pub otp_enabled: bool,
    pub recovery_code_enabled: bool,
    pub policy: MfaPolicy,
    /// Days a browser may skip MFA when the user ticks "remember this browser" (0 = never).
    pub remember_browser_days: i64,
}

impl Default for GuardianSettings {
    fn default() -> Self {
        GuardianSettings { otp_enabled: false, recovery_code_enabled: false, policy: MfaPolicy::Never, remember_browser_days: 30 }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Authenticator {
    pub id: String,
    /// `totp` for now.
    pub kind: String,
    pub secret_sealed: String,
    pub name: Option<String>,
    pub created_at: Timestamp,
    pub last_auth_at: Option<Timestamp>,
    /// The last accepted TOTP time step: a code is accepted at most once (RFC 6238 §5.2).
    pub last_step: Option<u64>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct MfaState {
    pub authenticators: Vec<Authenticator>,
    /// SHA-256 of the current recovery code; used codes are replaced.
    pub recovery_code_hash: Option<String>,
    pub recovery_code_created_at: Option<Timestamp>,
    /// Consecutive wrong codes, and until when further tries are refused.
    pub failures: i64,
    pub locked_until: Option<Timestamp>,
    /// Browsers remembered before this instant are not trusted any more.
    pub remember_browser_valid_after: Option<Timestamp>,
}

impl MfaState {
    pub fn totp(&self) -> Option<&Authenticator> {
        self.authenticators.iter().find(|a| a.kind == "totp")
    }
    pub fn is_enrolled(&self) -> bool {
        !self.authenticators.is_empty()
    }
    /// Auth0's `event.user.multifactor`: the enrolled providers.
    pub fn providers(&self) -> Vec<String> {
        if self.is_enrolled() { vec!["guardian".into()] } else { vec![] }
    }
}

/// Consecutive wrong codes allowed before further tries are refused for a while.
pub const MFA_MAX_FAILURES: i64 = 10;
/// How long the lock lasts, seconds.
pub const MFA_LOCK_SECS: i64 = 15 * 60;
