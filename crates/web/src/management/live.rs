//! `GET /api/v2/actions/logs/stream`: Server-Sent Events of this node's action executions and
//! console output for the caller's tenant (the dashboard's real-time logs).

use super::auth::Caller;
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::time::Duration;

pub fn router() -> Router<AppState> {
    Router::new().route("/actions/logs/stream", get(stream))
}

async fn stream(State(s): State<AppState>, c: Caller) -> Result<Sse<impl futures_core::Stream<Item = Result<Event, Infallible>>>, WebError> {
    c.require("read:logs")?;
    let mut rx = s.platform.live.0.subscribe();
    let tenant = c.tenant.id.clone();
    let events = async_stream::stream! {
        loop {
            match rx.recv().await {
                Ok((t, ev)) if t == tenant => yield Ok(Event::default().data(ev.to_string())),
                Ok(_) => {}
                Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                    yield Ok(Event::default().event("lagged").data(format!("{{\"missed\":{n}}}")));
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            }
        }
    };
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
