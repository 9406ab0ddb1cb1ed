//! The hosted login (Universal Login) flow: from `/authorize` through the password, signup and
//! consent pages to the authorization response, plus logout.
//!
//! It owns the decisions "is a login needed?", "is consent needed?", "where does the response
//! go?". It must never render HTML or touch HTTP types: it returns outcomes that the `web` crate
//! turns into pages, redirects and cookies.

mod consent;
pub mod logout;
pub mod mfa;
mod outcome;
mod service;
mod signup;

pub use outcome::{AuthorizationResponse, Outcome};
pub use service::{authorize, find_flow, finish_consent, resume, submit_password, Form};
pub use signup::submit_signup;
