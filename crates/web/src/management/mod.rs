//! The Management API v2 (`/api/v2`): Auth0's paths, wire shapes, scopes and error bodies.

mod actions;
mod activity;
pub(crate) mod auth;
mod cors;
mod clients;
mod connections;
mod features;
mod guardian;
mod live;
mod openapi;
mod other;
mod rbac;
mod tenant_settings;
mod users;
mod wire;

use crate::state::AppState;
use axum::Router;

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .merge(clients::router())
        .merge(users::router())
        .merge(other::router())
        .merge(guardian::router())
        .merge(actions::router()).merge(live::router()).merge(openapi::router())
        .merge(tenant_settings::router())
        .merge(connections::router())
        .merge(rbac::router())
        .merge(activity::router())
        .merge(features::router())
        .layer(axum::middleware::from_fn_with_state(state, cors::home_dashboard))
}
