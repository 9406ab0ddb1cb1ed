//! Actions: tenant JavaScript functions with a draft, immutable deployed versions, ordered
//! bindings to triggers, and execution records.

use crate::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct TriggerRef {
    pub id: String,
    pub version: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Dependency {
    pub name: String,
    pub version: String,
}

/// A secret as stored: the value sealed under the master key, never returned by the API.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ActionSecret {
    pub name: String,
    pub value_sealed: String,
    pub updated_at: Timestamp,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum BuildStatus {
    Pending,
    Building,
    Built,
    Failed,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct BuildError {
    pub id: String,
    pub msg: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Action {
    pub tenant_id: String,
    pub id: String,
    pub name: String,
    pub supported_triggers: Vec<TriggerRef>,
    pub runtime: String,
    /// The draft.
    pub code: String,
    pub dependencies: Vec<Dependency>,
    pub secrets: Vec<ActionSecret>,
    pub status: BuildStatus,
    #[serde(default)]
    pub errors: Vec<BuildError>,
    /// The live version, if any.
    pub deployed_version_id: Option<String>,
    /// False when the draft differs from the deployed version.
    pub all_changes_deployed: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// An immutable snapshot of an action, numbered from 1.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ActionVersion {
    pub tenant_id: String,
    pub id: String,
    pub action_id: String,
    pub action_name: String,
    pub number: i64,
    pub code: String,
    pub dependencies: Vec<Dependency>,
    pub runtime: String,
    pub secrets: Vec<ActionSecret>,
    pub supported_triggers: Vec<TriggerRef>,
    pub deployed: bool,
    pub status: BuildStatus,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// One action in a trigger's ordered flow.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Binding {
    pub tenant_id: String,
    pub id: String,
    pub trigger_id: String,
    pub action_id: String,
    pub display_name: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// What one trigger execution did, per action (Auth0's `executions/{id}`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Execution {
    pub tenant_id: String,
    pub id: String,
    pub trigger_id: String,
    /// `final` / `partial` / `unspecified`, as Auth0 reports.
    pub status: String,
    /// Per action: `{action_name, version_id, error, started_at, ended_at, stats}`.
    pub results: serde_json::Value,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// What post-login actions decided that the rest of a login must carry to the tokens.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Default)]
pub struct ActionEffects {
    pub id_token_claims: serde_json::Map<String, serde_json::Value>,
    pub access_token_claims: serde_json::Map<String, serde_json::Value>,
    pub scopes_added: Vec<String>,
    pub scopes_removed: Vec<String>,
    /// The execution records written (for the tenant log's `details.actions.executions`).
    pub executions: Vec<String>,
    /// An action asked for MFA with `{allowRememberBrowser: true}`.
    #[serde(default)]
    pub mfa_allow_remember_browser: bool,
}

/// A post-login flow suspended by `api.redirect.sendUserTo`, resumed at `/continue`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SuspendedFlow {
    /// Index into the trigger's bound actions at suspension time.
    pub action_index: usize,
    /// Version ids bound at suspension time: the resume runs the same versions.
    pub version_ids: Vec<String>,
    pub effects: ActionEffects,
    pub mfa_required: bool,
    /// `true` after a redirect (the same action's `onContinuePostLogin`); `false` after an
    /// authentication challenge (the next action's `onExecutePostLogin`).
    #[serde(default)]
    pub resume_with_continue: bool,
}
