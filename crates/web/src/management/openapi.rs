//! `GET /api/v2/openapi.json`: the document `build.rs` generates from the routes and handlers.

use crate::state::AppState;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

pub const DOCUMENT: &str = include_str!(concat!(env!("OUT_DIR"), "/openapi.json"));

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(|| async { ([(header::CONTENT_TYPE, "application/json")], DOCUMENT).into_response() }))
}

#[cfg(test)]
mod tests {
    use super::DOCUMENT;

    #[test]
    fn the_openapi_document_is_valid_json_listing_the_actions_endpoints() {
        let v: serde_json::Value = serde_json::from_str(DOCUMENT).expect("valid JSON");
        assert!(v["paths"]["/actions/actions/{id}/deploy"]["post"].is_object());
        assert_eq!(v["paths"]["/users"]["get"]["security"][0]["bearer"][0], "read:users");
    }

    #[test]
    fn the_committed_openapi_document_matches_the_code() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/openapi.json");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        let want: serde_json::Value = serde_json::from_str(DOCUMENT).expect("generated");
        let have: serde_json::Value = serde_json::from_str(&committed).unwrap_or(serde_json::Value::Null);
        if std::env::var_os("PORTCULLIS_UPDATE_OPENAPI").is_some() {
            let pretty = serde_json::to_string_pretty(&want).unwrap_or_default();
            std::fs::write(path, pretty + "\n").expect("write docs/openapi.json");
            return;
        }
        assert!(have == want, "docs/openapi.json is out of date: run `PORTCULLIS_UPDATE_OPENAPI=1 cargo test -p portcullis-web openapi` and commit it");
    }
}
