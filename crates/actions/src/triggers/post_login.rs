//! post-login v3: `exports.onExecutePostLogin` / `onContinuePostLogin`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::shared::{
    arg_nonempty_str, arg_opt_object, arg_str, check_custom_claim, check_metadata, fold_claim,
    merge_metadata, str_arg, Denial, DenialKind, MetadataPatch, Suspension, SuspensionKind,
    CACHE_API,
};
use super::{CallCtx, Flow, Returns};
use crate::model::{Command, Handler};

pub const API: &[(&str, Returns)] = &[
    ("access.deny", Returns::Api),
    ("accessToken.setCustomClaim", Returns::Api),
    ("accessToken.addScope", Returns::Nothing),
    ("accessToken.removeScope", Returns::Nothing),
    ("idToken.setCustomClaim", Returns::Api),
    ("multifactor.enable", Returns::Api),
    ("authentication.challengeWith", Returns::Nothing),
    ("authentication.challengeWithAny", Returns::Nothing),
    ("authentication.enrollWith", Returns::Nothing),
    ("authentication.enrollWithAny", Returns::Nothing),
    ("authentication.recordMethod", Returns::Api),
    ("authentication.setPrimaryUser", Returns::Nothing),
    ("redirect.sendUserTo", Returns::Api),
    ("redirect.encodeToken", Returns::Host),
    ("redirect.validateToken", Returns::Host),
    ("redirect.canRedirect", Returns::Host),
    ("user.setAppMetadata", Returns::Api),
    ("user.setUserMetadata", Returns::Api),
    ("transaction.setMetadata", Returns::Nothing),
    ("validation.error", Returns::Api),
    ("session.revoke", Returns::Nothing),
    ("refreshToken.revoke", Returns::Nothing),
    CACHE_API[0],
    CACHE_API[1],
    CACHE_API[2],
];

/// `multifactor.enable` providers (Auth0 reference).
const MFA_PROVIDERS: &[&str] = &["any", "none", "guardian", "google-authenticator", "duo"];
/// Factor types accepted by `challengeWith*`.
const CHALLENGE_FACTORS: &[&str] = &[
    "otp", "email", "phone", "push", "push-notification", "webauthn-platform",
    "webauthn-roaming", "recovery-code",
];
/// Factor types accepted by `enrollWith*`.
const ENROLL_FACTORS: &[&str] = &[
    "otp", "phone", "push", "push-notification", "webauthn-platform", "webauthn-roaming",
    "recovery-code",
];

pub fn check(method: &str, args: &[Value], ctx: &CallCtx<'_>) -> Result<(), String> {
    match method {
        "access.deny" => arg_str(args, 0, "reason").map(drop),
        "accessToken.setCustomClaim" | "idToken.setCustomClaim" => check_custom_claim(args),
        "accessToken.addScope" | "accessToken.removeScope" => check_scope(args),
        "multifactor.enable" => {
            let p = arg_str(args, 0, "provider")?;
            if !MFA_PROVIDERS.contains(&p) {
                return Err(format!(
                    "Invalid provider \"{p}\": expected one of {}",
                    MFA_PROVIDERS.join(", ")
                ));
            }
            arg_opt_object(args, 1, "options")
        }
        "authentication.challengeWith" => {
            check_factor(args.first(), CHALLENGE_FACTORS)?;
            arg_opt_object(args, 1, "options")
        }
        "authentication.enrollWith" => {
            check_factor(args.first(), ENROLL_FACTORS)?;
            arg_opt_object(args, 1, "options")
        }
        "authentication.challengeWithAny" => check_factor_list(args.first(), CHALLENGE_FACTORS),
        "authentication.enrollWithAny" => check_factor_list(args.first(), ENROLL_FACTORS),
        "authentication.recordMethod" => {
            if ctx.handler != Handler::Continue {
                return Err("api.authentication.recordMethod can only be used in onContinuePostLogin".into());
            }
            let u = arg_nonempty_str(args, 0, "provider_url")?;
            check_http_url(u)
        }
        "authentication.setPrimaryUser" => {
            let id = arg_nonempty_str(args, 0, "primary_user_id")?;
            if id.len() > 128 {
                return Err("Invalid primary_user_id: must be at most 128 characters".into());
            }
            if ctx.earlier.iter().any(|c| c.api == method) {
                return Err("The primary user can only be altered once per transaction".into());
            }
            Ok(())
        }
        "redirect.sendUserTo" => {
            check_http_url(arg_nonempty_str(args, 0, "url")?)?;
            arg_opt_object(args, 1, "options")
        }
        "user.setAppMetadata" | "user.setUserMetadata" => check_metadata(args),
        "transaction.setMetadata" => check_transaction_metadata(args),
        "validation.error" => {
            arg_str(args, 0, "errorCode")?;
            arg_str(args, 1, "errorMessage").map(drop)
        }
        "session.revoke" | "refreshToken.revoke" => arg_str(args, 0, "reason").map(drop),
        _ => Ok(()),
    }
}

/// Scopes are trimmed, 1-280 characters, without whitespace.
fn check_scope(args: &[Value]) -> Result<(), String> {
    let s = arg_str(args, 0, "scope")?.trim();
    if s.is_empty() || s.chars().count() > 280 || s.contains(char::is_whitespace) {
        return Err("Invalid scope: must be 1 to 280 characters without whitespace".into());
    }
    Ok(())
}

fn check_http_url(u: &str) -> Result<(), String> {
    match url::Url::parse(u) {
        Ok(p) if p.scheme() == "https" || p.scheme() == "http" => Ok(()),
        _ => Err(format!("Invalid URL \"{u}\": must be an http or https URL")),
    }
}

fn check_factor(f: Option<&Value>, allowed: &[&str]) -> Result<(), String> {
    let ty = f.and_then(|f| f.get("type")).and_then(Value::as_str);
    match ty {
        Some(t) if allowed.contains(&t) => Ok(()),
        Some(t) => Err(format!("Invalid factor type \"{t}\": expected one of {}", allowed.join(", "))),
        None => Err("Invalid factor: expected an object with a \"type\"".into()),
    }
}

fn check_factor_list(f: Option<&Value>, allowed: &[&str]) -> Result<(), String> {
    match f {
        Some(Value::Array(list)) if !list.is_empty() => {
            list.iter().try_for_each(|x| check_factor(Some(x), allowed))
        }
        _ => Err("Invalid factors: expected a non-empty array".into()),
    }
}

/// Transaction metadata: key <= 64 chars; string/number/boolean/null; string <= 8 KB;
/// numbers must be safe integers or finite.
fn check_transaction_metadata(args: &[Value]) -> Result<(), String> {
    let key = arg_nonempty_str(args, 0, "metadata key")?;
    if key.chars().count() > 64 {
        return Err("Invalid metadata key: must be at most 64 characters".into());
    }
    match args.get(1) {
        Some(Value::String(s)) if s.len() > 8 * 1024 => {
            Err("Invalid metadata value: must be at most 8 KB".into())
        }
        Some(Value::Number(n)) if n.as_f64().is_some_and(|f| f.fract() == 0.0 && f.abs() > 9_007_199_254_740_991.0) => {
            Err("Invalid metadata value: numbers must be safe integers".into())
        }
        Some(Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null) => Ok(()),
        _ => Err("Invalid metadata value: must be a string, number, boolean or null".into()),
    }
}

/// An MFA requirement from `multifactor.enable`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MfaRequirement {
    pub provider: String,
    pub options: Option<Value>,
    pub action_name: String,
}

/// Everything the login flow must apply after post-login.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PostLoginDecision {
    pub denied: Option<Denial>,
    pub suspended: Option<Suspension>,
    pub app_metadata: MetadataPatch,
    pub user_metadata: MetadataPatch,
    pub id_token_claims: Map<String, Value>,
    pub access_token_claims: Map<String, Value>,
    pub scopes_added: Vec<String>,
    pub scopes_removed: Vec<String>,
    /// Accumulated in call order; the host picks the strongest.
    pub mfa: Vec<MfaRequirement>,
    pub recorded_methods: Vec<String>,
    pub primary_user_id: Option<String>,
    pub transaction_metadata: Map<String, Value>,
}

impl PostLoginDecision {
    pub fn apply(&mut self, index: usize, action_name: &str, cmd: &Command) -> Flow {
        let a = &cmd.args;
        match cmd.api.as_str() {
            "access.deny" => return self.deny(DenialKind::AccessDenied, "access_denied", &str_arg(a, 0), action_name),
            "validation.error" => {
                let mut d = Denial::new(DenialKind::ValidationError, &str_arg(a, 0), &str_arg(a, 1), action_name);
                d.user_message = Some(str_arg(a, 1));
                self.denied.get_or_insert(d);
                return Flow::Stop;
            }
            "session.revoke" => return self.deny(DenialKind::SessionRevoked, "access_denied", &str_arg(a, 0), action_name),
            "refreshToken.revoke" => return self.deny(DenialKind::RefreshTokenRevoked, "access_denied", &str_arg(a, 0), action_name),
            "accessToken.setCustomClaim" => fold_claim(&mut self.access_token_claims, a),
            "idToken.setCustomClaim" => fold_claim(&mut self.id_token_claims, a),
            "accessToken.addScope" => {
                let s = str_arg(a, 0).trim().to_owned();
                self.scopes_removed.retain(|x| *x != s);
                if !self.scopes_added.contains(&s) {
                    self.scopes_added.push(s);
                }
            }
            "accessToken.removeScope" => {
                let s = str_arg(a, 0).trim().to_owned();
                self.scopes_added.retain(|x| *x != s);
                if !self.scopes_removed.contains(&s) {
                    self.scopes_removed.push(s);
                }
            }
            "multifactor.enable" => self.mfa.push(MfaRequirement {
                provider: str_arg(a, 0),
                options: a.get(1).cloned(),
                action_name: action_name.into(),
            }),
            "authentication.recordMethod" => self.recorded_methods.push(str_arg(a, 0)),
            "authentication.setPrimaryUser" => self.primary_user_id = Some(str_arg(a, 0)),
            "user.setAppMetadata" => merge_metadata(&mut self.app_metadata, a),
            "user.setUserMetadata" => merge_metadata(&mut self.user_metadata, a),
            "transaction.setMetadata" => {
                let key = str_arg(a, 0);
                match a.get(1) {
                    Some(Value::Null) | None => self.transaction_metadata.remove(&key),
                    Some(v) => self.transaction_metadata.insert(key, v.clone()),
                };
            }
            "redirect.sendUserTo" => {
                let query = a.get(1).and_then(|o| o.get("query")).and_then(Value::as_object).cloned().unwrap_or_default();
                return self.suspend(SuspensionKind::Redirect { url: str_arg(a, 0), query }, index, action_name);
            }
            m @ ("authentication.challengeWith" | "authentication.challengeWithAny" | "authentication.enrollWith" | "authentication.enrollWithAny") => {
                let kind = SuspensionKind::Authentication { method: m.to_owned(), args: a.clone() };
                return self.suspend(kind, index, action_name);
            }
            _ => {}
        }
        Flow::Continue
    }

    fn deny(&mut self, kind: DenialKind, code: &str, reason: &str, action_name: &str) -> Flow {
        self.denied.get_or_insert_with(|| Denial::new(kind, code, reason, action_name));
        Flow::Stop
    }

    fn suspend(&mut self, kind: SuspensionKind, index: usize, action_name: &str) -> Flow {
        self.suspended.get_or_insert(Suspension { kind, action_index: index, action_name: action_name.into() });
        Flow::Suspend
    }
}
