//! `/oauth/token`: code exchange with PKCE, refresh rotation, reuse detection, client auth.

mod common;
use common::*;
use serde_json::json;

#[tokio::test]
async fn a_code_exchange_returns_tokens_with_the_exact_issuer_and_no_store() {
    let app = TestApp::start().await;
    let (client, user) = app.spa_and_user("t1@example.test").await;
    let q = login(&app, &client, "t1@example.test").await;
    assert_eq!(q.get("state").map(String::as_str), Some("st1"));
    let r = browser()
        .post(format!("{}/oauth/token", app.base))
        .form(&[("grant_type", "authorization_code"), ("client_id", client.as_str()), ("code", q["code"].as_str()), ("code_verifier", VERIFIER), ("redirect_uri", "https://app.test/callback")])
        .send()
        .await
        .expect("token");
    assert_eq!(r.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
    let t: serde_json::Value = r.json().await.expect("json");
    assert!(t["expires_in"].is_number());
    let id = jwt_claims(t["id_token"].as_str().expect("id_token"));
    assert_eq!(id["iss"], json!(format!("https://{}/", app.domain)));
    assert_eq!(id["sub"], json!(user));
    assert_eq!(id["aud"], json!(client));
    assert_eq!(id["nonce"], json!("n1"));
    assert!(t["refresh_token"].is_string());
}

#[tokio::test]
async fn a_wrong_code_verifier_fails_pkce() {
    let app = TestApp::start().await;
    let (client, _) = app.spa_and_user("t2@example.test").await;
    let q = login(&app, &client, "t2@example.test").await;
    let r = browser()
        .post(format!("{}/oauth/token", app.base))
        .form(&[("grant_type", "authorization_code"), ("client_id", client.as_str()), ("code", q["code"].as_str()), ("code_verifier", "x".repeat(43).as_str()), ("redirect_uri", "https://app.test/callback")])
        .send()
        .await
        .expect("token");
    let body: serde_json::Value = r.json().await.expect("json");
    assert_eq!(body["error"], "invalid_grant");
}

#[tokio::test]
async fn a_reused_code_is_refused_and_the_tokens_of_its_first_redemption_are_revoked() {
    let app = TestApp::start().await;
    let (client, _) = app.spa_and_user("t3@example.test").await;
    let q = login(&app, &client, "t3@example.test").await;
    let (s1, first) = exchange(&app, &client, &q["code"]).await;
    assert_eq!(s1, 200);
    let (_, second) = exchange(&app, &client, &q["code"]).await;
    assert_eq!(second["error"], "invalid_grant");
    let (_, r) = refresh(&app, &client, first["refresh_token"].as_str().unwrap_or_default()).await;
    assert_eq!(r["error"], "invalid_grant", "the refresh token of the first redemption must be revoked");
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_revokes_the_whole_family() {
    let app = TestApp::start().await;
    let (client, _) = app.spa_and_user("t4@example.test").await;
    let q = login(&app, &client, "t4@example.test").await;
    let (_, t0) = exchange(&app, &client, &q["code"]).await;
    let rt0 = t0["refresh_token"].as_str().unwrap_or_default().to_string();
    let (s, t1) = refresh(&app, &client, &rt0).await;
    assert_eq!(s, 200, "{t1}");
    assert!(t1["id_token"].is_string(), "refresh responses carry an id_token");
    let rt1 = t1["refresh_token"].as_str().unwrap_or_default().to_string();
    assert_ne!(rt0, rt1);
    let (s, t2) = refresh(&app, &client, &rt1).await;
    assert_eq!(s, 200, "second rotation: {t2}");
    let rt2 = t2["refresh_token"].as_str().unwrap_or_default().to_string();
    let (_, reused) = refresh(&app, &client, &rt0).await;
    assert_eq!(reused["error"], "invalid_grant");
    let (_, after) = refresh(&app, &client, &rt2).await;
    assert_eq!(after["error"], "invalid_grant", "the newest token of a reused family is revoked too");
}

#[tokio::test]
async fn a_wrong_client_secret_is_401_invalid_client() {
    let app = TestApp::start().await;
    let (s, c) = app.api(reqwest::Method::POST, "/clients", Some(json!({"name": "m2m", "app_type": "non_interactive"}))).await;
    assert_eq!(s, 201);
    let r = browser()
        .post(format!("{}/oauth/token", app.base))
        .json(&json!({"grant_type": "client_credentials", "client_id": c["client_id"], "client_secret": "wrong", "audience": format!("https://{}/api/v2/", app.domain)}))
        .send()
        .await
        .expect("token");
    assert_eq!(r.status().as_u16(), 401);
    let body: serde_json::Value = r.json().await.expect("json");
    assert_eq!(body["error"], "invalid_client");
}

#[tokio::test]
async fn client_credentials_needs_a_client_grant_and_then_carries_its_scopes() {
    let app = TestApp::start().await;
    let (_, api) = app.api(reqwest::Method::POST, "/resource-servers", Some(json!({"identifier": "https://api.test/", "scopes": [{"value": "read:x"}]}))).await;
    assert_eq!(api["identifier"], "https://api.test/");
    let (_, c) = app.api(reqwest::Method::POST, "/clients", Some(json!({"name": "m2m", "app_type": "non_interactive"}))).await;
    let ask = || {
        browser().post(format!("{}/oauth/token", app.base)).basic_auth(c["client_id"].as_str().unwrap_or_default(), c["client_secret"].as_str()).form(&[("grant_type", "client_credentials"), ("audience", "https://api.test/")]).send()
    };
    assert_eq!(ask().await.expect("token").status().as_u16(), 403);
    let (s, _) = app.api(reqwest::Method::POST, "/client-grants", Some(json!({"client_id": c["client_id"], "audience": "https://api.test/", "scope": ["read:x"]}))).await;
    assert_eq!(s, 201);
    let t: serde_json::Value = ask().await.expect("token").json().await.expect("json");
    let claims = jwt_claims(t["access_token"].as_str().unwrap_or_default());
    assert_eq!(claims["scope"], "read:x");
    assert_eq!(claims["gty"], "client-credentials");
    assert_eq!(claims["aud"], "https://api.test/");
}

/// One login to the API with the given scopes; the access token's claims.
async fn api_login(app: &TestApp, client_id: &str, email: &str, scope: &str) -> serde_json::Value {
    let extra = format!("&audience={}", urlencoding(API));
    let url = authorize_url(app, client_id, &extra).replace("scope=openid%20profile%20email%20offline_access", &format!("scope={}", urlencoding(scope)));
    let (b, login, html) = open_login_at(app, &url).await;
    let r = submit_password(&b, &login, &html, email, PASSWORD).await;
    let q = query_of(&location(&r));
    let (s, t) = exchange(app, client_id, q.get("code").map(String::as_str).unwrap_or_default()).await;
    assert_eq!(s, 200, "{t}");
    jwt_claims(t["access_token"].as_str().unwrap_or_default())
}

const API: &str = "https://rbac.test/";

fn urlencoding(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn with_rbac_on_a_login_gets_only_the_scopes_its_roles_hold_and_lists_them_as_permissions() {
    let app = TestApp::start().await;
    let (cid, uid) = app.spa_and_user("reader@example.com").await;
    let (s, api) = app
        .api(reqwest::Method::POST, "/resource-servers", Some(json!({"identifier": API, "scopes": [{"value": "read:x"}, {"value": "write:x"}], "enforce_policies": true, "token_dialect": "access_token_authz"})))
        .await;
    assert_eq!(s, 201, "{api}");
    let (_, role) = app.api(reqwest::Method::POST, "/roles", Some(json!({"name": "Reader"}))).await;
    let rid = role["id"].as_str().unwrap_or_default().to_string();
    let (s, _) = app.api(reqwest::Method::POST, &format!("/roles/{rid}/permissions"), Some(json!({"permissions": [{"resource_server_identifier": API, "permission_name": "read:x"}]}))).await;
    assert!(s < 300, "adding the permission answered {s}");
    let (s, _) = app.api(reqwest::Method::POST, &format!("/users/{uid}/roles"), Some(json!({"roles": [rid]}))).await;
    assert!(s < 300, "assigning the role answered {s}");

    let claims = api_login(&app, &cid, "reader@example.com", "openid read:x write:x").await;
    assert_eq!(claims["scope"], "openid read:x");
    assert_eq!(claims["permissions"], json!(["read:x"]));

    // RBAC off: every scope the API defines, and no permissions claim.
    let id = api["id"].as_str().unwrap_or_default();
    let (s, _) = app.api(reqwest::Method::PATCH, &format!("/resource-servers/{id}"), Some(json!({"enforce_policies": false}))).await;
    assert_eq!(s, 200);
    let claims = api_login(&app, &cid, "reader@example.com", "openid read:x write:x").await;
    assert_eq!(claims["scope"], "openid read:x write:x");
    assert!(claims.get("permissions").is_none(), "{claims}");
}
