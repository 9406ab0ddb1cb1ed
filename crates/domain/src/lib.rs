//! Portcullis's vocabulary: ids, value types, entities and their invariants, and the `Clock`.
//!
//! This crate owns what an identity platform *is* (tenants, applications, users, roles, APIs,
//! sessions, grants, log events) and the pure rules on them (redirect-URI matching, scope
//! parsing, password policies). It must never do IO: no database, no network, no async, no
//! randomness, no reading of the system clock except through `SystemClock`.

pub mod action;
pub mod clock;
pub mod client;
pub mod connection;
pub mod error;
pub mod flow;
pub mod log;
pub mod mfa;
pub mod redirect;
pub mod resource_server;
pub mod role;
pub mod scope;
pub mod tenant;
pub mod user;

pub use clock::{Clock, FixedClock, SystemClock, Timestamp};
pub use error::DomainError;
