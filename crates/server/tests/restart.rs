//! Restarts of the real binary: what a browser in the middle of a login sees.

mod common;
use common::*;

#[tokio::test]
async fn a_login_started_before_a_graceful_restart_finishes_after_it() {
    let mut app = TestApp::start().await;
    let (client_id, _) = app.spa_and_user("restart@example.com").await;
    // On SQLite the login in progress is held in the node's memory: the stop writes it down.
    let (b, url, html) = open_login(&app, &client_id).await;
    app.restart().await;

    let r = submit_password(&b, &url, &html, "restart@example.com", PASSWORD).await;
    let loc = location(&r);
    assert!(loc.starts_with("https://app.test/callback"), "expected the callback after the restart, got {} {loc}", r.status());
    let q = query_of(&loc);
    assert_eq!(q.get("state").map(String::as_str), Some("st1"));
    let (s, t) = exchange(&app, &client_id, &q["code"]).await;
    assert_eq!(s, 200, "{t}");
    assert_eq!(jwt_claims(t["id_token"].as_str().unwrap_or_default())["nonce"], "n1");

    // The same state again: the login is finished, wherever it was kept.
    let again = submit_password(&b, &url, &html, "restart@example.com", PASSWORD).await;
    assert!(!location(&again).contains("code="), "a finished login cannot be finished twice: {} {}", again.status(), location(&again));
}
