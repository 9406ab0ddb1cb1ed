//! Dashboard operators are not end users: they log in only to the dashboard, and only they
//! (or machines with a client grant) get Management API tokens.

mod common;
use common::*;
use serde_json::Value;

#[tokio::test]
async fn an_operator_logs_in_to_the_dashboard_and_gets_a_management_token() {
    let app = TestApp::start().await;
    create_operator(&app, &app.domain, "ops@example.test");
    let cfg: Value = browser().get(format!("{}/dashboard/config.json", app.base)).send().await.expect("config").json().await.expect("json");
    let client_id = cfg["client_id"].as_str().unwrap_or_default().to_string();
    let r = dashboard_login(&app.domain, &client_id, "ops@example.test", OPERATOR_PASSWORD).await;
    let loc = location(&r);
    assert!(loc.starts_with(&format!("https://{}/dashboard/?code=", app.domain)), "no consent for the dashboard: {loc}");
    let code = query_of(&loc)["code"].clone();
    let t: Value = browser()
        .post(format!("{}/oauth/token", app.base))
        .form(&[("grant_type", "authorization_code"), ("client_id", client_id.as_str()), ("code", code.as_str()), ("code_verifier", VERIFIER), ("redirect_uri", &format!("https://{}/dashboard/", app.domain))])
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("json");
    let users = browser().get(format!("{}/api/v2/users", app.base)).bearer_auth(t["access_token"].as_str().unwrap_or_default()).send().await.expect("users");
    assert_eq!(users.status().as_u16(), 200);
    let list: Value = users.json().await.expect("json");
    assert!(!list.to_string().contains("ops@example.test"), "operators are not listed as users");
}

#[tokio::test]
async fn an_end_user_cannot_log_in_to_the_dashboard_nor_an_operator_to_an_app() {
    let app = TestApp::start().await;
    create_operator(&app, &app.domain, "ops2@example.test");
    let (client, _) = app.spa_and_user("enduser@example.test").await;
    let cfg: Value = browser().get(format!("{}/dashboard/config.json", app.base)).send().await.expect("config").json().await.expect("json");
    let r = dashboard_login(&app.domain, cfg["client_id"].as_str().unwrap_or_default(), "enduser@example.test", PASSWORD).await;
    assert_eq!(r.status().as_u16(), 400, "an end user's password is not an operator's");
    let (b, url, html) = open_login(&app, &client).await;
    let r = submit_password(&b, &url, &html, "ops2@example.test", OPERATOR_PASSWORD).await;
    assert_eq!(r.status().as_u16(), 400, "operators cannot log in to tenant applications");
}

#[tokio::test]
async fn an_application_cannot_request_the_management_api_for_a_user() {
    let app = TestApp::start().await;
    let (client, _) = app.spa_and_user("sneaky@example.test").await;
    let url = authorize_url(&app, &client, &format!("&audience=https%3A%2F%2F{}%2Fapi%2Fv2%2F", app.domain));
    let r = browser().get(url).send().await.expect("authorize");
    assert_eq!(query_of(&location(&r)).get("error").map(String::as_str), Some("access_denied"));
}
