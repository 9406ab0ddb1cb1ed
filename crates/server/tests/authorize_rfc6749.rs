//! `/authorize` refuses what RFC 6749 and RFC 7636 say it must, in the way they say.

mod common;
use common::*;

#[tokio::test]
async fn an_unregistered_redirect_uri_gets_an_error_page_and_never_a_redirect() {
    let app = TestApp::start().await;
    let (client, _) = app.spa_and_user("u1@example.test").await;
    let url = authorize_url(&app, &client, "").replace("app.test%2Fcallback", "evil.test%2Fcallback");
    let r = browser().get(url).send().await.expect("authorize");
    assert_eq!(r.status().as_u16(), 400);
    assert!(r.headers().get("location").is_none());
    assert!(r.text().await.unwrap_or_default().contains("not in the list of allowed callback URLs"));
}

#[tokio::test]
async fn a_public_client_without_pkce_gets_invalid_request_at_its_callback() {
    let app = TestApp::start().await;
    let (client, _) = app.spa_and_user("u2@example.test").await;
    let url = authorize_url(&app, &client, "").replace(&format!("&code_challenge={CHALLENGE}&code_challenge_method=S256"), "");
    let r = browser().get(url).send().await.expect("authorize");
    let q = query_of(&location(&r));
    assert_eq!(q.get("error").map(String::as_str), Some("invalid_request"));
    assert_eq!(q.get("state").map(String::as_str), Some("st1"));
}

#[tokio::test]
async fn silent_authentication_without_a_session_answers_login_required() {
    let app = TestApp::start().await;
    let (client, _) = app.spa_and_user("u3@example.test").await;
    let r = browser().get(authorize_url(&app, &client, "&prompt=none")).send().await.expect("authorize");
    let q = query_of(&location(&r));
    assert_eq!(q.get("error").map(String::as_str), Some("login_required"));
}

#[tokio::test]
async fn a_login_post_without_its_csrf_token_is_rejected() {
    let app = TestApp::start().await;
    let (client, _) = app.spa_and_user("u4@example.test").await;
    let (b, url, html) = open_login(&app, &client).await;
    let form = [("state", hidden(&html, "state")), ("username", "u4@example.test".to_string()), ("password", PASSWORD.to_string())];
    let r = b.post(&url).form(&form).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 400);
    assert!(r.headers().get("location").is_none());
    assert!(r.text().await.unwrap_or_default().contains("CSRF"));
}
