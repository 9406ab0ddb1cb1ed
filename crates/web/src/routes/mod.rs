pub mod dashboard;
pub mod hosted;
pub mod mfa;
pub mod ops;
pub mod protocol;
pub mod tenants;
mod token;
