//! Trigger contracts: for each trigger, the `api` methods that exist (Auth0's exact names), the
//! validation of their arguments, and the fold of all recorded commands into one typed decision.
//!
//! One module per trigger. Everything here is pure: no JavaScript, no IO.

pub mod credentials_exchange;
pub mod password_reset_post_challenge;
pub mod post_change_password;
pub mod post_login;
pub mod post_user_registration;
pub mod pre_user_registration;
pub mod send_phone_message;
mod shared;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::ActionErrorBody;
use crate::model::{Command, Handler, TriggerId};

pub use shared::{Denial, DenialKind, MetadataPatch, Suspension, SuspensionKind};

/// What an `api` method returns to the script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returns {
    /// The `api` object, for chaining (most setters).
    Api,
    /// `undefined`.
    Nothing,
    /// A value computed by the host (cache, redirect tokens); such calls are not recorded.
    Host,
}

/// Context a method's validation may depend on.
#[derive(Debug, Clone, Copy)]
pub struct CallCtx<'a> {
    pub handler: Handler,
    /// Commands recorded so far in this trigger execution (all actions).
    pub earlier: &'a [Command],
}

/// The `api` surface of a trigger: `(method path, what it returns)`.
pub fn api_methods(trigger: TriggerId) -> &'static [(&'static str, Returns)] {
    match trigger {
        TriggerId::PostLogin => post_login::API,
        TriggerId::CredentialsExchange => credentials_exchange::API,
        TriggerId::PreUserRegistration => pre_user_registration::API,
        TriggerId::PostUserRegistration => post_user_registration::API,
        TriggerId::PostChangePassword => post_change_password::API,
        TriggerId::SendPhoneMessage => send_phone_message::API,
        TriggerId::PasswordResetPostChallenge => password_reset_post_challenge::API,
    }
}

/// Validate one call; `Err` carries the message of the JavaScript error thrown to the script.
pub fn check_call(
    trigger: TriggerId,
    method: &str,
    args: &[Value],
    ctx: &CallCtx<'_>,
) -> Result<(), String> {
    match trigger {
        TriggerId::PostLogin => post_login::check(method, args, ctx),
        TriggerId::CredentialsExchange => credentials_exchange::check(method, args),
        TriggerId::PreUserRegistration => pre_user_registration::check(method, args),
        TriggerId::PasswordResetPostChallenge => password_reset_post_challenge::check(method, args),
        TriggerId::PostUserRegistration
        | TriggerId::PostChangePassword
        | TriggerId::SendPhoneMessage => Ok(()),
    }
}

/// Whether the chain goes on after an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// Denied: no further actions run.
    Stop,
    /// Suspended (redirect, MFA challenge): the host resumes later.
    Suspend,
}

/// The folded result of one trigger execution.
#[allow(clippy::large_enum_variant)] // a value type moved once per execution
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "trigger", rename_all = "kebab-case")]
pub enum Decision {
    PostLogin(post_login::PostLoginDecision),
    CredentialsExchange(credentials_exchange::CredentialsExchangeDecision),
    PreUserRegistration(pre_user_registration::PreUserRegistrationDecision),
    PostUserRegistration(NotifyDecision),
    PostChangePassword(NotifyDecision),
    SendPhoneMessage(NotifyDecision),
    PasswordResetPostChallenge(password_reset_post_challenge::PasswordResetDecision),
}

/// Decision of notify-only triggers (their `api` only has `cache`): which actions failed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NotifyDecision {
    pub failed_actions: Vec<String>,
}

/// Folds the commands of all actions, in binding order, into a `Decision`.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Fold {
    PostLogin(post_login::PostLoginDecision),
    CredentialsExchange(credentials_exchange::CredentialsExchangeDecision),
    PreUserRegistration(pre_user_registration::PreUserRegistrationDecision),
    Notify(TriggerId, NotifyDecision),
    PasswordReset(password_reset_post_challenge::PasswordResetDecision),
}

impl Fold {
    pub fn new(trigger: TriggerId) -> Self {
        match trigger {
            TriggerId::PostLogin => Self::PostLogin(Default::default()),
            TriggerId::CredentialsExchange => Self::CredentialsExchange(Default::default()),
            TriggerId::PreUserRegistration => Self::PreUserRegistration(Default::default()),
            TriggerId::PasswordResetPostChallenge => Self::PasswordReset(Default::default()),
            other => Self::Notify(other, NotifyDecision::default()),
        }
    }

    /// Apply one action's commands; returns whether the chain continues.
    pub fn apply_action(&mut self, index: usize, action_name: &str, cmds: &[Command]) -> Flow {
        let mut flow = Flow::Continue;
        for cmd in cmds {
            let f = match self {
                Self::PostLogin(d) => d.apply(index, action_name, cmd),
                Self::CredentialsExchange(d) => d.apply(action_name, cmd),
                Self::PreUserRegistration(d) => d.apply(action_name, cmd),
                Self::PasswordReset(d) => d.apply(index, action_name, cmd),
                Self::Notify(..) => Flow::Continue,
            };
            // Deny wins over a suspension; later commands of the same action are still applied
            // (deny does not cancel side effects requested by the action).
            flow = match (flow, f) {
                (Flow::Stop, _) | (_, Flow::Stop) => Flow::Stop,
                (Flow::Suspend, _) | (_, Flow::Suspend) => Flow::Suspend,
                _ => Flow::Continue,
            };
        }
        flow
    }

    /// An action failed: gating triggers fail closed (deny with the error text).
    pub fn apply_error(&mut self, err: &ActionErrorBody) -> Flow {
        let denial = Denial::from_error(err);
        match self {
            Self::PostLogin(d) => d.denied = Some(denial),
            Self::CredentialsExchange(d) => d.denied = Some(denial),
            Self::PreUserRegistration(d) => d.denied = Some(denial),
            Self::PasswordReset(d) => d.denied = Some(denial),
            Self::Notify(_, d) => {
                d.failed_actions.push(err.action_name.clone());
                return Flow::Continue;
            }
        }
        Flow::Stop
    }

    /// Reflect a command in the event the *next* actions see (metadata, transaction metadata).
    /// Whether the command changed the event.
    pub fn update_event(&self, event: &mut Value, cmd: &Command) -> bool {
        shared::update_event(event, cmd)
    }

    pub fn finish(self) -> Decision {
        match self {
            Self::PostLogin(d) => Decision::PostLogin(d),
            Self::CredentialsExchange(d) => Decision::CredentialsExchange(d),
            Self::PreUserRegistration(d) => Decision::PreUserRegistration(d),
            Self::PasswordReset(d) => Decision::PasswordResetPostChallenge(d),
            Self::Notify(t, d) => match t {
                TriggerId::PostChangePassword => Decision::PostChangePassword(d),
                TriggerId::SendPhoneMessage => Decision::SendPhoneMessage(d),
                _ => Decision::PostUserRegistration(d),
            },
        }
    }
}
