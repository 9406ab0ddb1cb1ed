//! Storage traits, one per aggregate, with each method's contract written on it, and the
//! contract suite every backend runs (`contract`).
//!
//! This crate owns *what* is stored and the atomicity each operation promises. It must never
//! speak SQL or pick a backend: the adapters (`store-sql`) do that. Every method takes the
//! tenant id; no method reads or writes across tenants.

pub mod contract;
mod traits;

pub use traits::*;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// A uniqueness rule was violated (duplicate email, client id, identifier, role name...).
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("not found")]
    NotFound,
    /// The backend failed (connection, I/O, corrupt row). Not safe to show to clients.
    #[error("backend: {0}")]
    Backend(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// One page request: zero-based `page`, `per_page` items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub page: u32,
    pub per_page: u32,
}

impl Default for Page {
    fn default() -> Self {
        Page { page: 0, per_page: 50 }
    }
}

impl Page {
    pub fn offset(self) -> i64 {
        self.page as i64 * self.per_page as i64
    }
}

/// A page of results plus the total count across all pages.
#[derive(Clone, Debug, PartialEq)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: i64,
}
