//! Management use-cases: tenants, applications, APIs, users, roles, client grants, blocks.
//! They validate input against the domain's rules and write through the store.
//!
//! This crate must never know HTTP (the `web` crate owns the Management API's wire shapes and
//! status codes) nor speak SQL.

pub mod actions;
pub mod bindings;
pub mod bootstrap;
pub mod clients;
pub mod connections;
mod error;
pub mod mfa;
pub mod operators;
pub mod resource_servers;
pub mod roles;
pub mod stats;
pub mod tenant_settings;
pub mod users;

pub use error::{AdminError, AdminResult};

/// Auth0-style client ids: 32 alphanumerics.
pub fn new_client_id() -> String {
    let mut s = portcullis_crypto::random::id();
    s.push_str(&portcullis_crypto::random::id());
    s.truncate(32);
    s
}
