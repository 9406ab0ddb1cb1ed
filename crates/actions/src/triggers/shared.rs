//! Pieces shared by several trigger contracts: denial and suspension records, metadata merge,
//! argument validation helpers and the `api.cache` methods every trigger has.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Returns;
use crate::error::ActionErrorBody;
use crate::model::Command;

/// Why a trigger execution was denied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DenialKind {
    /// `api.access.deny`.
    AccessDenied,
    /// `api.validation.error`.
    ValidationError,
    /// `api.session.revoke`.
    SessionRevoked,
    /// `api.refreshToken.revoke`.
    RefreshTokenRevoked,
    /// An action threw or hit a limit (fail closed).
    ActionFailed,
}

/// A denial: `code` is the protocol error code (`access_denied` unless the api sets one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Denial {
    pub kind: DenialKind,
    pub code: String,
    pub reason: String,
    /// Message meant for the end user (pre-user-registration `userMessage`).
    pub user_message: Option<String>,
    pub action_name: String,
}

impl Denial {
    pub fn from_error(err: &ActionErrorBody) -> Self {
        Self {
            kind: DenialKind::ActionFailed,
            code: "access_denied".into(),
            reason: err.message.clone(),
            user_message: None,
            action_name: err.action_name.clone(),
        }
    }

    pub fn new(kind: DenialKind, code: &str, reason: &str, action_name: &str) -> Self {
        Self {
            kind,
            code: code.into(),
            reason: reason.into(),
            user_message: None,
            action_name: action_name.into(),
        }
    }
}

/// Why the chain was suspended; the host resumes at `action_index`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SuspensionKind {
    /// `api.redirect.sendUserTo`: resume with the same action's continue handler.
    Redirect { url: String, query: Map<String, Value> },
    /// `api.authentication.challengeWith*`/`enrollWith*`: resume with the next action.
    Authentication { method: String, args: Vec<Value> },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suspension {
    #[serde(flatten)]
    pub kind: SuspensionKind,
    pub action_index: usize,
    pub action_name: String,
}

/// Top-level metadata changes: a `null` value deletes the key.
pub type MetadataPatch = BTreeMap<String, Value>;

/// Reflect a metadata command in the event seen by later actions.
pub fn update_event(event: &mut Value, cmd: &Command) -> bool {
    let (container, field) = match cmd.api.as_str() {
        "user.setAppMetadata" => ("user", "app_metadata"),
        "user.setUserMetadata" => ("user", "user_metadata"),
        "transaction.setMetadata" => ("transaction", "metadata"),
        _ => return false,
    };
    let (Some(Value::String(key)), Some(value)) = (cmd.args.first(), cmd.args.get(1)) else {
        return false;
    };
    let Some(obj) = event.as_object_mut() else { return false };
    let parent = obj.entry(container).or_insert_with(|| Value::Object(Map::new()));
    let Some(parent) = parent.as_object_mut() else { return false };
    let target = parent.entry(field).or_insert_with(|| Value::Object(Map::new()));
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Some(map) = target.as_object_mut() {
        if value.is_null() {
            map.remove(key);
        } else {
            map.insert(key.clone(), value.clone());
        }
    }
    true
}

/// Merge a metadata command into a patch (later calls win, `null` is kept to delete).
pub fn merge_metadata(patch: &mut MetadataPatch, args: &[Value]) {
    if let Some(Value::String(key)) = args.first() {
        patch.insert(key.clone(), args.get(1).cloned().unwrap_or(Value::Null));
    }
}

/// `api.cache.*`, present on every trigger.
pub const CACHE_API: [(&str, Returns); 3] = [
    ("cache.get", Returns::Host),
    ("cache.set", Returns::Host),
    ("cache.delete", Returns::Host),
];

pub fn arg_str<'a>(args: &'a [Value], i: usize, what: &str) -> Result<&'a str, String> {
    match args.get(i) {
        Some(Value::String(s)) => Ok(s),
        _ => Err(format!("Invalid {what}: must be a string")),
    }
}

pub fn arg_nonempty_str<'a>(args: &'a [Value], i: usize, what: &str) -> Result<&'a str, String> {
    let s = arg_str(args, i, what)?;
    if s.is_empty() {
        return Err(format!("Invalid {what}: must be a non-empty string"));
    }
    Ok(s)
}

pub fn arg_opt_object(args: &[Value], i: usize, what: &str) -> Result<(), String> {
    match args.get(i) {
        None | Some(Value::Null) | Some(Value::Object(_)) => Ok(()),
        _ => Err(format!("Invalid {what}: must be an object")),
    }
}

/// `user.setAppMetadata(key, value)` / `setUserMetadata`: a string key; any JSON value or null.
pub fn check_metadata(args: &[Value]) -> Result<(), String> {
    arg_nonempty_str(args, 0, "metadata key")?;
    if args.len() < 2 {
        return Err("Invalid metadata value: a value (or null to delete) is required".into());
    }
    Ok(())
}

/// Custom claim names: a string key; `scope` cannot be set (Auth0: `The "scope" claim cannot
/// be set.`).
pub fn check_custom_claim(args: &[Value]) -> Result<(), String> {
    let key = arg_nonempty_str(args, 0, "claim name")?;
    if key == "scope" {
        return Err("The \"scope\" claim cannot be set.".into());
    }
    Ok(())
}

/// Claims Auth0 never lets an action set; they are silently dropped when folding.
pub fn is_restricted_claim(key: &str) -> bool {
    const RESTRICTED: &[&str] = &[
        "acr", "amr", "at_hash", "aud", "auth_time", "azp", "c_hash", "cnf", "exp", "gty", "iat",
        "iss", "jti", "nbf", "nonce", "org_id", "org_name", "permissions", "sid", "sub", "scope",
    ];
    RESTRICTED.contains(&key)
}

/// Insert a claim into a claim map unless it is restricted.
pub fn fold_claim(claims: &mut Map<String, Value>, args: &[Value]) {
    if let Some(Value::String(key)) = args.first() {
        if !is_restricted_claim(key) {
            claims.insert(key.clone(), args.get(1).cloned().unwrap_or(Value::Null));
        }
    }
}

pub fn str_arg(args: &[Value], i: usize) -> String {
    args.get(i).and_then(Value::as_str).unwrap_or_default().to_owned()
}
