//! The Management API v2 (`/api/v2`): Auth0's paths, wire shapes, scopes and error bodies.

mod actions;
mod auth;
mod clients;
mod guardian;
mod other;
mod users;
mod wire;

use crate::state::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().merge(clients::router()).merge(users::router()).merge(other::router()).merge(guardian::router()).merge(actions::router())
}
