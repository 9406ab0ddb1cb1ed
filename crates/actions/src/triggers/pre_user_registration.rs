//! pre-user-registration v2: `exports.onExecutePreUserRegistration` (before a user is created).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::shared::{arg_str, check_metadata, merge_metadata, str_arg, Denial, DenialKind, MetadataPatch, CACHE_API};
use super::{Flow, Returns};
use crate::model::Command;

pub const API: &[(&str, Returns)] = &[
    ("access.deny", Returns::Api),
    ("validation.error", Returns::Api),
    ("user.setAppMetadata", Returns::Api),
    ("user.setUserMetadata", Returns::Api),
    CACHE_API[0],
    CACHE_API[1],
    CACHE_API[2],
];

pub fn check(method: &str, args: &[Value]) -> Result<(), String> {
    match method {
        "access.deny" => {
            arg_str(args, 0, "reason")?;
            match args.get(1) {
                None | Some(Value::String(_)) => Ok(()),
                _ => Err("Invalid userMessage: must be a string".into()),
            }
        }
        "validation.error" => {
            arg_str(args, 0, "errorCode")?;
            arg_str(args, 1, "errorMessage").map(drop)
        }
        "user.setAppMetadata" | "user.setUserMetadata" => check_metadata(args),
        _ => Ok(()),
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PreUserRegistrationDecision {
    pub denied: Option<Denial>,
    pub app_metadata: MetadataPatch,
    pub user_metadata: MetadataPatch,
}

impl PreUserRegistrationDecision {
    pub fn apply(&mut self, action_name: &str, cmd: &Command) -> Flow {
        let a = &cmd.args;
        match cmd.api.as_str() {
            "access.deny" => {
                let mut d = Denial::new(DenialKind::AccessDenied, "access_denied", &str_arg(a, 0), action_name);
                d.user_message = a.get(1).and_then(Value::as_str).map(str::to_owned);
                self.denied.get_or_insert(d);
                Flow::Stop
            }
            "validation.error" => {
                let mut d = Denial::new(DenialKind::ValidationError, &str_arg(a, 0), &str_arg(a, 1), action_name);
                d.user_message = Some(str_arg(a, 1));
                self.denied.get_or_insert(d);
                Flow::Stop
            }
            "user.setAppMetadata" => {
                merge_metadata(&mut self.app_metadata, a);
                Flow::Continue
            }
            "user.setUserMetadata" => {
                merge_metadata(&mut self.user_metadata, a);
                Flow::Continue
            }
            _ => Flow::Continue,
        }
    }
}
