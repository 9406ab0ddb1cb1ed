//! The executor's message types: what goes in (`TriggerRequest`) and what comes out
//! (`TriggerOutcome`). All serde-serializable so the executor can move into another process.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ActionErrorBody, ActionsError};
use crate::limits::Limits;
use crate::triggers::Decision;

/// A trigger (extensibility point) with its current Auth0 version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TriggerId {
    PostLogin,
    CredentialsExchange,
    PreUserRegistration,
    PostUserRegistration,
    PostChangePassword,
    SendPhoneMessage,
    PasswordResetPostChallenge,
}

impl TriggerId {
    pub const ALL: [TriggerId; 7] = [
        Self::PostLogin,
        Self::CredentialsExchange,
        Self::PreUserRegistration,
        Self::PostUserRegistration,
        Self::PostChangePassword,
        Self::SendPhoneMessage,
        Self::PasswordResetPostChallenge,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PostLogin => "post-login",
            Self::CredentialsExchange => "credentials-exchange",
            Self::PreUserRegistration => "pre-user-registration",
            Self::PostUserRegistration => "post-user-registration",
            Self::PostChangePassword => "post-change-password",
            Self::SendPhoneMessage => "send-phone-message",
            Self::PasswordResetPostChallenge => "password-reset-post-challenge",
        }
    }

    /// The trigger version whose `event`/`api` this runtime implements.
    pub fn version(self) -> &'static str {
        match self {
            Self::PostLogin => "v3",
            Self::PasswordResetPostChallenge => "v1",
            _ => "v2",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ActionsError> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| ActionsError::UnknownTrigger(s.to_owned()))
    }

    /// The exported function name for a handler, if the trigger has that handler.
    pub fn handler_name(self, handler: Handler) -> Option<&'static str> {
        match (self, handler) {
            (Self::PostLogin, Handler::Execute) => Some("onExecutePostLogin"),
            (Self::PostLogin, Handler::Continue) => Some("onContinuePostLogin"),
            (Self::CredentialsExchange, Handler::Execute) => Some("onExecuteCredentialsExchange"),
            (Self::PreUserRegistration, Handler::Execute) => Some("onExecutePreUserRegistration"),
            (Self::PostUserRegistration, Handler::Execute) => Some("onExecutePostUserRegistration"),
            (Self::PostChangePassword, Handler::Execute) => Some("onExecutePostChangePassword"),
            (Self::SendPhoneMessage, Handler::Execute) => Some("onExecuteSendPhoneMessage"),
            (Self::PasswordResetPostChallenge, Handler::Execute) => Some("onExecutePostChallenge"),
            (Self::PasswordResetPostChallenge, Handler::Continue) => Some("onContinuePostChallenge"),
            _ => None,
        }
    }

    /// Gating triggers decide a login, a signup or a token: errors there fail closed (deny).
    pub fn is_gating(self) -> bool {
        matches!(
            self,
            Self::PostLogin
                | Self::CredentialsExchange
                | Self::PreUserRegistration
                | Self::PasswordResetPostChallenge
        )
    }
}

/// Which exported handler to call. `Continue` resumes after a redirect: the first action of the
/// request gets its continue handler, the remaining actions their execute handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Handler {
    #[default]
    Execute,
    Continue,
}

/// An npm dependency `{name, version}` as declared by an action.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Dependency {
    pub name: String,
    pub version: String,
}

/// One deployed action version bound to the trigger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionSource {
    pub action_id: String,
    pub name: String,
    pub version_id: String,
    pub code: String,
    #[serde(default)]
    pub secrets: Vec<(String, String)>,
    #[serde(default)]
    pub dependencies: Vec<Dependency>,
}

/// One trigger execution: the bound actions, in binding order, and the event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TriggerRequest {
    /// Keys the warm-runtime cache so nothing is ever shared across tenants.
    pub tenant_id: String,
    pub trigger: TriggerId,
    #[serde(default)]
    pub handler: Handler,
    pub actions: Vec<ActionSource>,
    pub event: Value,
    #[serde(default)]
    pub limits: Limits,
    /// Run every action in a brand-new runtime (no module state kept across executions).
    #[serde(default)]
    pub fresh_runtime: bool,
}

/// One recorded `api` call, e.g. `{"api": "multifactor.enable", "args": ["any"]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Command {
    pub api: String,
    pub args: Vec<Value>,
}

/// Timings of one action run, in milliseconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// Runtime creation and module loading (0 on a warm runtime with the module loaded).
    pub boot_ms: f64,
    /// Compiling the action code (0 when its bytecode was cached).
    pub compile_ms: f64,
    /// From calling the handler until it and everything it left running settled.
    pub handler_ms: f64,
    /// Time spent waiting for external calls (`fetch`).
    pub external_ms: f64,
    pub total_ms: f64,
}

/// The result of one action of a trigger execution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionRun {
    pub action_id: String,
    pub action_name: String,
    pub version_id: String,
    pub commands: Vec<Command>,
    pub logs: String,
    pub stats: Stats,
    pub error: Option<ActionErrorBody>,
    /// Milliseconds since the Unix epoch.
    pub started_at: u64,
    pub ended_at: u64,
}

/// The result of a trigger execution: each action's run and the folded decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TriggerOutcome {
    pub actions: Vec<ActionRun>,
    pub decision: Decision,
}

/// Result of testing one action (Management API "test" endpoint, CLI).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestResult {
    pub commands: Vec<Command>,
    pub logs: String,
    pub stats: Stats,
    pub error: Option<ActionErrorBody>,
}
