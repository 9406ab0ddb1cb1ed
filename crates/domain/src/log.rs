//! Tenant log events with Auth0's type codes and fields.

use crate::Timestamp;
use serde::{Deserialize, Serialize};

/// Auth0 log type codes Portcullis writes.
pub mod types {
    pub const SUCCESS_LOGIN: &str = "s";
    pub const FAILED_LOGIN: &str = "f";
    pub const FAILED_LOGIN_WRONG_PASSWORD: &str = "fp";
    pub const FAILED_LOGIN_INVALID_EMAIL: &str = "fu";
    pub const SUCCESS_SIGNUP: &str = "ss";
    pub const FAILED_SIGNUP: &str = "fs";
    pub const SUCCESS_EXCHANGE_AUTH_CODE: &str = "seacft";
    pub const FAILED_EXCHANGE_AUTH_CODE: &str = "feacft";
    pub const SUCCESS_EXCHANGE_CLIENT_CREDENTIALS: &str = "seccft";
    pub const FAILED_EXCHANGE_CLIENT_CREDENTIALS: &str = "feccft";
    pub const SUCCESS_EXCHANGE_REFRESH_TOKEN: &str = "sertft";
    pub const FAILED_EXCHANGE_REFRESH_TOKEN: &str = "fertft";
    pub const SUCCESS_EXCHANGE_PASSWORD: &str = "sepft";
    pub const FAILED_EXCHANGE_PASSWORD: &str = "fepft";
    pub const SUCCESS_LOGOUT: &str = "slo";
    pub const BLOCKED_ACCOUNT: &str = "limit_wc";
    pub const SUCCESS_SILENT_AUTH: &str = "ssa";
    pub const FAILED_SILENT_AUTH: &str = "fsa";
    pub const SUCCESS_REVOCATION: &str = "srrt";
    pub const FAILED_CROSS_ORIGIN: &str = "fcoa";
    pub const SUCCESS_API_OPERATION: &str = "sapi";
    pub const FAILED_API_OPERATION: &str = "fapi";
    pub const REFRESH_TOKEN_REUSED: &str = "ferrt";
    pub const MFA_START_ENROLL: &str = "gd_start_enroll";
    pub const MFA_ENROLLMENT_COMPLETE: &str = "gd_enrollment_complete";
    pub const MFA_AUTH_SUCCEED: &str = "gd_auth_succeed";
    pub const MFA_AUTH_FAILED: &str = "gd_auth_failed";
    pub const MFA_RECOVERY_SUCCEED: &str = "gd_recovery_succeed";
    pub const MFA_RECOVERY_FAILED: &str = "gd_recovery_failed";
    pub const MFA_UNENROLL: &str = "gd_unenroll";
    pub const MFA_RATE_LIMIT: &str = "gd_otp_rate_limit_exceed";
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct LogEvent {
    pub tenant_id: String,
    pub log_id: String,
    pub date: Timestamp,
    #[serde(rename = "type")]
    pub kind: String,
    pub description: Option<String>,
    pub client_id: Option<String>,
    pub client_name: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub user_id: Option<String>,
    pub user_name: Option<String>,
    pub connection: Option<String>,
    #[serde(default)]
    pub details: serde_json::Value,
}
