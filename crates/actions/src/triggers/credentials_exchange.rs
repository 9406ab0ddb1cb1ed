//! credentials-exchange v2: `exports.onExecuteCredentialsExchange` (client-credentials grant).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::shared::{arg_str, check_custom_claim, fold_claim, str_arg, Denial, DenialKind, CACHE_API};
use super::{Flow, Returns};
use crate::model::Command;

pub const API: &[(&str, Returns)] = &[
    ("access.deny", Returns::Api),
    ("accessToken.setCustomClaim", Returns::Api),
    CACHE_API[0],
    CACHE_API[1],
    CACHE_API[2],
];

/// `access.deny(code, reason)`: the code is an OAuth error code (Auth0 reference).
const DENY_CODES: &[&str] = &["invalid_scope", "invalid_request", "server_error"];

pub fn check(method: &str, args: &[Value]) -> Result<(), String> {
    match method {
        "access.deny" => {
            let code = arg_str(args, 0, "code")?;
            if !DENY_CODES.contains(&code) {
                return Err(format!("Invalid code \"{code}\": expected one of {}", DENY_CODES.join(", ")));
            }
            match args.get(1) {
                None | Some(Value::String(_)) => Ok(()),
                _ => Err("Invalid reason: must be a string".into()),
            }
        }
        "accessToken.setCustomClaim" => check_custom_claim(args),
        _ => Ok(()),
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CredentialsExchangeDecision {
    pub denied: Option<Denial>,
    pub access_token_claims: Map<String, Value>,
}

impl CredentialsExchangeDecision {
    pub fn apply(&mut self, action_name: &str, cmd: &Command) -> Flow {
        match cmd.api.as_str() {
            "access.deny" => {
                let d = Denial::new(DenialKind::AccessDenied, &str_arg(&cmd.args, 0), &str_arg(&cmd.args, 1), action_name);
                self.denied.get_or_insert(d);
                Flow::Stop
            }
            "accessToken.setCustomClaim" => {
                fold_claim(&mut self.access_token_claims, &cmd.args);
                Flow::Continue
            }
            _ => Flow::Continue,
        }
    }
}
