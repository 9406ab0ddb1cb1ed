//! Brute-force protection and logout redirects.

mod common;
use common::*;

#[tokio::test]
async fn the_eleventh_wrong_password_is_blocked_even_with_the_right_password_until_unblocked() {
    let app = TestApp::start().await;
    let (client, user) = app.spa_and_user("b1@example.test").await;
    let (b, url, html) = open_login(&app, &client).await;
    for _ in 0..10 {
        let r = submit_password(&b, &url, &html, "b1@example.test", "wrong-password").await;
        assert_eq!(r.status().as_u16(), 400);
        assert!(r.text().await.unwrap_or_default().contains("Wrong email or password"));
    }
    let r = submit_password(&b, &url, &html, "b1@example.test", PASSWORD).await;
    assert!(r.text().await.unwrap_or_default().contains("blocked"), "the 11th attempt is blocked");
    let (_, logs) = app.api(reqwest::Method::GET, "/logs?q=type:limit_wc", None).await;
    assert!(logs.as_array().map(|a| !a.is_empty()).unwrap_or(false), "a limit_wc log is written");
    let (s, _) = app.api(reqwest::Method::DELETE, &format!("/user-blocks/{user}"), None).await;
    assert_eq!(s, 204);
    let r = submit_password(&b, &url, &html, "b1@example.test", PASSWORD).await;
    assert!(location(&r).starts_with("https://app.test/callback"), "unblocked user logs in");
}

#[tokio::test]
async fn a_return_to_that_is_not_an_allowed_logout_url_is_not_followed() {
    let app = TestApp::start().await;
    let (client, _) = app.spa_and_user("l1@example.test").await;
    let r = browser().get(format!("{}/v2/logout?client_id={client}&returnTo=https%3A%2F%2Fevil.test%2F", app.base)).send().await.expect("logout");
    assert!(r.headers().get("location").is_none());
    assert_eq!(r.status().as_u16(), 400);
    let ok = browser().get(format!("{}/v2/logout?client_id={client}&returnTo=https%3A%2F%2Fapp.test%2F", app.base)).send().await.expect("logout");
    assert_eq!(location(&ok), "https://app.test/");
}

#[tokio::test]
async fn after_logout_silent_authentication_needs_a_login_again() {
    let app = TestApp::start().await;
    let (client, _) = app.spa_and_user("l2@example.test").await;
    let (b, url, html) = open_login(&app, &client).await;
    let r = submit_password(&b, &url, &html, "l2@example.test", PASSWORD).await;
    assert!(location(&r).contains("code="));
    let silent = b.get(authorize_url(&app, &client, "&prompt=none")).send().await.expect("silent");
    assert!(query_of(&location(&silent)).contains_key("code"), "the session allows silent authentication");
    b.get(format!("{}/v2/logout?client_id={client}&returnTo=https%3A%2F%2Fapp.test%2F", app.base)).send().await.expect("logout");
    let silent = b.get(authorize_url(&app, &client, "&prompt=none")).send().await.expect("silent");
    assert_eq!(query_of(&location(&silent)).get("error").map(String::as_str), Some("login_required"));
}
