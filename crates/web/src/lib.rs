//! HTTP: routers, extractors, cookies, CSRF, the hosted pages' HTML, the Management API's wire
//! shapes, and the one place where errors become HTTP responses (`error.rs`).
//!
//! Handlers extract, convert, call one use-case and convert back. This crate must never hold
//! business rules (those live in `oidc`, `login` and `admin`) or speak SQL.

mod cookies;
mod error;
mod management;
mod meta;
mod pages;
mod routes;
mod state;
mod tenant;

pub use state::{AppState, Metrics, WebSettings};

use axum::Router;

pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(routes::ops::router())
        .merge(routes::protocol::router())
        .merge(routes::hosted::router())
        .merge(routes::mfa::router())
        .merge(routes::dashboard::router())
        .merge(routes::tenants::router())
        .nest("/api/v2", management::router(state.clone()))
        .layer(axum::middleware::from_fn_with_state(state.clone(), state::count_requests))
        .with_state(state)
}
