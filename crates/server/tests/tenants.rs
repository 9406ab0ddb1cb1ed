//! Tenants are found from the Host and never see each other's data.

mod common;
use common::*;
use serde_json::Value;

#[tokio::test]
async fn a_second_tenant_on_another_host_sees_nothing_of_the_first() {
    let app = TestApp::start().await;
    let (client_a, _) = app.spa_and_user("iso@example.test").await;
    let port = app.domain.rsplit(':').next().unwrap_or_default().to_string();
    let domain_b = format!("127.0.0.1:{port}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_portcullis"))
        .args(["tenant", "create", "--json", "--domain", &domain_b, "--data-dir"])
        .arg(app.data.path())
        .output()
        .expect("tenant create");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let b: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(b["issuer"], format!("https://{domain_b}/"));
    let base_b = format!("https://{domain_b}");
    let disco: Value = browser().get(format!("{base_b}/.well-known/openid-configuration")).send().await.expect("disco").json().await.expect("json");
    assert_eq!(disco["issuer"], format!("https://{domain_b}/"));
    // Tenant A's client is unknown on tenant B.
    let r = browser().get(authorize_url(&app, &client_a, "").replace(&app.base, &base_b)).send().await.expect("authorize");
    assert_eq!(r.status().as_u16(), 400);
    assert!(r.text().await.unwrap_or_default().contains("Unknown client"));
    // Tenant B's Management token does not work on tenant A, and B lists none of A's users.
    let tok: Value = browser()
        .post(format!("{base_b}/oauth/token"))
        .json(&serde_json::json!({"grant_type": "client_credentials", "client_id": b["client_id"], "client_secret": b["client_secret"], "audience": b["management_audience"]}))
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("json");
    let t = tok["access_token"].as_str().unwrap_or_default();
    let users: Value = browser().get(format!("{base_b}/api/v2/users")).bearer_auth(t).send().await.expect("users").json().await.expect("json");
    assert_eq!(users, serde_json::json!([]));
    let cross = browser().get(format!("{}/api/v2/users", app.base)).bearer_auth(t).send().await.expect("users");
    assert_eq!(cross.status().as_u16(), 401);
}

#[tokio::test]
async fn an_unknown_host_gets_a_not_found_page() {
    let app = TestApp::start().await;
    let port = app.domain.rsplit(':').next().unwrap_or_default().to_string();
    let r = browser().get(format!("https://127.0.0.1:{port}/.well-known/openid-configuration")).send().await.expect("disco");
    assert_eq!(r.status().as_u16(), 404);
}
