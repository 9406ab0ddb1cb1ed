//! Portcullis Actions runtime: runs Auth0 Actions (CommonJS JavaScript) unchanged, sandboxed.
//!
//! This crate owns:
//! - the JavaScript sandbox (`sandbox`): QuickJS runtimes with wall-time, CPU, memory, stack,
//!   code-size and console limits, and Node-compatible globals (`console`, `fetch`, `URL`,
//!   `Buffer`, `crypto`, timers, `require` of vetted built-ins and installed npm packages);
//! - the trigger contracts (`triggers`): each trigger's `api` methods with Auth0's names and
//!   argument validation, and the fold of recorded commands into one typed decision;
//! - the command recorder: `api.*` calls become `{api, args}` commands;
//! - limits and typed errors (`limits`, `error`);
//! - the executor pool (`executor`): OS-thread workers fed through channels with serializable
//!   requests and outcomes;
//! - npm dependency installation (`npm`) and the `actions test` entry point (`cli`).
//!
//! It must never touch the database or domain objects: scripts only record commands, and the
//! caller applies the folded decision. Nothing is shared between tenants or between actions.

pub mod build;
pub mod cache;
pub mod cli;
pub mod error;
pub mod executor;
pub mod fetch;
mod jwt;
pub mod keys;
pub mod limits;
pub mod model;
pub mod npm;
pub mod sample_events;
pub mod sandbox;
pub mod triggers;
pub mod typescript;

pub use cache::{ActionCache, CacheRecord, InMemoryCache};
pub use error::{ActionErrorBody, ActionErrorCode, ActionsError};
pub use executor::{Executor, ExecutorConfig, NpmConfig};
pub use fetch::EgressPolicy;
pub use limits::Limits;
pub use model::{ActionRun, ActionSource, Command, Dependency, Handler, Stats, TestResult, TriggerId, TriggerOutcome, TriggerRequest};
pub use triggers::Decision;
