//! password-reset-post-challenge v1: `exports.onExecutePostChallenge` / `onContinuePostChallenge`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::shared::{arg_nonempty_str, arg_opt_object, arg_str, str_arg, Denial, DenialKind, Suspension, SuspensionKind, CACHE_API};
use super::{Flow, Returns};
use crate::model::Command;

pub const API: &[(&str, Returns)] = &[
    ("access.deny", Returns::Api),
    ("authentication.challengeWith", Returns::Nothing),
    ("authentication.challengeWithAny", Returns::Nothing),
    ("redirect.sendUserTo", Returns::Api),
    ("redirect.encodeToken", Returns::Host),
    ("redirect.validateToken", Returns::Host),
    ("transaction.setResultUrl", Returns::Nothing),
    CACHE_API[0],
    CACHE_API[1],
    CACHE_API[2],
];

pub fn check(method: &str, args: &[Value]) -> Result<(), String> {
    match method {
        "access.deny" => arg_str(args, 0, "reason").map(drop),
        "authentication.challengeWith" => match args.first().and_then(|f| f.get("type")) {
            Some(Value::String(_)) => arg_opt_object(args, 1, "options"),
            _ => Err("Invalid factor: expected an object with a \"type\"".into()),
        },
        "authentication.challengeWithAny" => match args.first() {
            Some(Value::Array(l)) if !l.is_empty() => Ok(()),
            _ => Err("Invalid factors: expected a non-empty array".into()),
        },
        "redirect.sendUserTo" | "transaction.setResultUrl" => {
            let u = arg_nonempty_str(args, 0, "url")?;
            match url::Url::parse(u) {
                Ok(p) if p.scheme() == "https" || p.scheme() == "http" => arg_opt_object(args, 1, "options"),
                _ => Err(format!("Invalid URL \"{u}\": must be an http or https URL")),
            }
        }
        _ => Ok(()),
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PasswordResetDecision {
    pub denied: Option<Denial>,
    pub suspended: Option<Suspension>,
    pub result_url: Option<String>,
}

impl PasswordResetDecision {
    pub fn apply(&mut self, index: usize, action_name: &str, cmd: &Command) -> Flow {
        let a = &cmd.args;
        let kind = match cmd.api.as_str() {
            "access.deny" => {
                self.denied.get_or_insert_with(|| Denial::new(DenialKind::AccessDenied, "access_denied", &str_arg(a, 0), action_name));
                return Flow::Stop;
            }
            "transaction.setResultUrl" => {
                self.result_url = Some(str_arg(a, 0));
                return Flow::Continue;
            }
            "redirect.sendUserTo" => {
                let query: Map<String, Value> = a.get(1).and_then(|o| o.get("query")).and_then(Value::as_object).cloned().unwrap_or_default();
                SuspensionKind::Redirect { url: str_arg(a, 0), query }
            }
            m @ ("authentication.challengeWith" | "authentication.challengeWithAny") => {
                SuspensionKind::Authentication { method: m.to_owned(), args: a.clone() }
            }
            _ => return Flow::Continue,
        };
        self.suspended.get_or_insert(Suspension { kind, action_index: index, action_name: action_name.into() });
        Flow::Suspend
    }
}
