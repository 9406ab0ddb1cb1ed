//! Typed errors: `ActionError` for one action's failure (serialized into outcomes and logs),
//! `ActionsError` for the crate's host-side failures (bad input, registry, IO).

use serde::{Deserialize, Serialize};

/// Why an action failed. Serialized in snake_case, matching Auth0's `error_class` vocabulary
/// where one exists (`action_timeout`, `action_error`, `platform_error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionErrorCode {
    /// The trigger execution's wall-time budget ran out.
    ActionTimeout,
    /// The action threw, rejected, or called an `api` method with invalid arguments.
    ActionError,
    /// The script ran on the CPU longer than the CPU budget without yielding.
    ActionCpuLimit,
    /// The runtime's memory limit was reached.
    ActionMemoryLimit,
    /// The JavaScript stack limit was reached.
    ActionStackOverflow,
    /// Console output exceeded the per-execution cap.
    ActionLogLimit,
    /// The code did not compile, is too large, or a dependency could not be loaded.
    ActionCompilationFailed,
    /// The handler's promise can never settle: nothing is pending that could resolve it.
    ActionNeverSettled,
    /// An error of the runtime itself (not caused by the script).
    PlatformError,
}

impl ActionErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ActionTimeout => "action_timeout",
            Self::ActionError => "action_error",
            Self::ActionCpuLimit => "action_cpu_limit",
            Self::ActionMemoryLimit => "action_memory_limit",
            Self::ActionStackOverflow => "action_stack_overflow",
            Self::ActionLogLimit => "action_log_limit",
            Self::ActionCompilationFailed => "action_compilation_failed",
            Self::ActionNeverSettled => "action_never_settled",
            Self::PlatformError => "platform_error",
        }
    }

    /// A runtime that hit one of these limits is in an unknown state and is discarded.
    pub fn taints_runtime(self) -> bool {
        !matches!(self, Self::ActionError)
    }
}

/// The error body of one action run: `{"code", "action_name", "message"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{code:?} in action {action_name}: {message}")]
pub struct ActionErrorBody {
    pub code: ActionErrorCode,
    pub action_name: String,
    pub message: String,
}

/// Host-side errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum ActionsError {
    #[error("unknown trigger {0:?}")]
    UnknownTrigger(String),
    #[error("invalid input: {0}")]
    InvalidInput(String),
    #[error("executor is shut down")]
    ExecutorClosed,
    #[error("npm registry: {0}")]
    Registry(String),
    #[error("dependency {name}@{version}: {message}")]
    Dependency { name: String, version: String, message: String },
    #[error("io error: {0}")]
    Io(#[from] std::io::Error),
    #[error("json error: {0}")]
    Json(#[from] serde_json::Error),
}
