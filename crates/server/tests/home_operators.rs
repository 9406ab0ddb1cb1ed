//! Operators of the home tenant manage every tenant: the dashboard lists the tenants and gets a
//! short-lived Management API token for one, and only the home dashboard's origin may call
//! another tenant's Management API from a browser.

mod common;
use common::*;
use reqwest::Method;
use serde_json::{json, Value};

async fn mint(app: &TestApp, bearer: &str, domain: &str) -> (u16, Value) {
    let r = browser().post(format!("{}/dashboard/api/tenants/{domain}/token", app.base)).bearer_auth(bearer).send().await.expect("mint");
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn call(base: &str, method: Method, path: &str, bearer: &str, body: Option<Value>) -> (u16, Value) {
    let mut r = browser().request(method, format!("{base}/api/v2{path}")).bearer_auth(bearer);
    if let Some(b) = body {
        r = r.json(&b);
    }
    let res = r.send().await.expect("api call");
    (res.status().as_u16(), res.json().await.unwrap_or(Value::Null))
}

fn names(clients: &Value) -> Vec<String> {
    clients.as_array().map(|a| a.iter().filter_map(|c| c["name"].as_str().map(str::to_string)).collect()).unwrap_or_default()
}

#[tokio::test]
async fn a_home_operator_lists_every_tenant_with_the_home_tenant_first() {
    let app = TestApp::start().await;
    let b = app.create_other_tenant();
    let token = operator_token(&app, &app.domain, "lister@example.test").await;
    let r = browser().get(format!("{}/dashboard/api/tenants", app.base)).bearer_auth(&token).send().await.expect("list");
    assert_eq!(r.status().as_u16(), 200);
    let list: Value = r.json().await.expect("json");
    let domains: Vec<&str> = list.as_array().expect("array").iter().filter_map(|t| t["domain"].as_str()).collect();
    assert_eq!(domains, vec![app.domain.as_str(), b["domain"].as_str().unwrap_or_default()]);
    assert_eq!(list[0]["name"], "Portcullis");
    assert_eq!(list[1]["name"], "Tenant B", "named by `tenant create --name`");
}

#[tokio::test]
async fn a_minted_token_manages_the_other_tenant_and_sees_only_its_data() {
    let app = TestApp::start().await;
    let (s, _) = app.api(Method::POST, "/clients", Some(json!({"name": "Only in A", "app_type": "spa"}))).await;
    assert_eq!(s, 201);
    let b = app.create_other_tenant();
    let domain_b = b["domain"].as_str().unwrap_or_default().to_string();
    let base_b = format!("https://{domain_b}");
    let token = operator_token(&app, &app.domain, "switcher@example.test").await;
    let (s, minted) = mint(&app, &token, &domain_b).await;
    assert_eq!(s, 200, "{minted}");
    assert_eq!(minted["token_type"], "Bearer");
    assert_eq!(minted["expires_in"], 600);
    let t = minted["access_token"].as_str().unwrap_or_default();
    let claims = jwt_claims(t);
    assert_eq!(claims["iss"], format!("https://{domain_b}/"));
    assert_eq!(claims["aud"], format!("https://{domain_b}/api/v2/"));
    assert!(claims["sub"].as_str().unwrap_or_default().starts_with("operator|auth0|"), "{claims}");
    assert_eq!(claims["azp"], dashboard_client_id(&app.domain).await);
    assert!(claims["scope"].as_str().unwrap_or_default().split(' ').any(|s| s == "create:clients"));

    let (s, created) = call(&base_b, Method::POST, "/clients", t, Some(json!({"name": "Only in B", "app_type": "spa"}))).await;
    assert_eq!(s, 201, "{created}");
    let (s, in_b) = call(&base_b, Method::GET, "/clients", t, None).await;
    assert_eq!(s, 200);
    let (_, in_a) = app.api(Method::GET, "/clients", None).await;
    assert!(names(&in_b).contains(&"Only in B".to_string()) && !names(&in_b).contains(&"Only in A".to_string()), "{in_b}");
    assert!(names(&in_a).contains(&"Only in A".to_string()) && !names(&in_a).contains(&"Only in B".to_string()), "{in_a}");
    let (s, logs) = call(&base_b, Method::GET, "/logs?q=type%3Asapi", t, None).await;
    assert_eq!(s, 200);
    assert!(logs.to_string().contains("switcher@example.test"), "the target tenant logs the minting: {logs}");
}

#[tokio::test]
async fn a_token_minted_for_another_tenant_is_refused_by_the_home_tenant() {
    let app = TestApp::start().await;
    let b = app.create_other_tenant();
    let token = operator_token(&app, &app.domain, "home@example.test").await;
    let (_, minted) = mint(&app, &token, b["domain"].as_str().unwrap_or_default()).await;
    let t = minted["access_token"].as_str().expect("minted token");
    let (s, body) = call(&app.base, Method::GET, "/clients", t, None).await;
    assert_eq!(s, 401, "{body}");
    let (s, _) = mint(&app, t, b["domain"].as_str().unwrap_or_default()).await;
    assert_eq!(s, 401, "a minted token cannot mint more");
}

#[tokio::test]
async fn a_machine_management_token_cannot_list_tenants_nor_mint_tokens() {
    let app = TestApp::start().await;
    let b = app.create_other_tenant();
    let (s, body) = mint(&app, &app.mgmt_token, b["domain"].as_str().unwrap_or_default()).await;
    assert_eq!(s, 403, "{body}");
    assert_eq!(body["statusCode"], 403);
    let r = browser().get(format!("{}/dashboard/api/tenants", app.base)).bearer_auth(&app.mgmt_token).send().await.expect("list");
    assert_eq!(r.status().as_u16(), 403);
    let r = browser().get(format!("{}/dashboard/api/tenants", app.base)).send().await.expect("list");
    assert_eq!(r.status().as_u16(), 401, "no token, no tenants");
}

#[tokio::test]
async fn minting_for_an_unknown_tenant_is_not_found() {
    let app = TestApp::start().await;
    let token = operator_token(&app, &app.domain, "lost@example.test").await;
    let (s, body) = mint(&app, &token, "nowhere.test:1").await;
    assert_eq!(s, 404);
    assert_eq!(body["statusCode"], 404);
    assert_eq!(body["error"], "Not Found");
}

#[tokio::test]
async fn operators_of_another_tenant_manage_only_their_own_tenant() {
    let app = TestApp::start().await;
    let b = app.create_other_tenant();
    let domain_b = b["domain"].as_str().unwrap_or_default().to_string();
    let token = operator_token(&app, &domain_b, "b-ops@example.test").await;
    let (s, _) = call(&format!("https://{domain_b}"), Method::GET, "/clients", &token, None).await;
    assert_eq!(s, 200, "a tenant's operator manages that tenant");
    let r = browser().get(format!("https://{domain_b}/dashboard/api/tenants")).bearer_auth(&token).send().await.expect("list");
    assert_eq!(r.status().as_u16(), 404);
    let r = browser().post(format!("https://{domain_b}/dashboard/api/tenants/{}/token", app.domain)).bearer_auth(&token).send().await.expect("mint");
    assert_eq!(r.status().as_u16(), 404);
}

#[tokio::test]
async fn the_management_api_allows_cross_origin_calls_from_the_home_dashboard_only() {
    let app = TestApp::start().await;
    let b = app.create_other_tenant();
    let url = format!("https://{}/api/v2/clients", b["domain"].as_str().unwrap_or_default());
    let home_origin = format!("https://{}", app.domain);
    let preflight = |origin: String| {
        browser()
            .request(Method::OPTIONS, &url)
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization,content-type")
            .send()
    };
    let r = preflight(home_origin.clone()).await.expect("preflight");
    assert!(r.status().is_success(), "{}", r.status());
    let h = r.headers();
    assert_eq!(h.get("access-control-allow-origin").and_then(|v| v.to_str().ok()), Some(home_origin.as_str()));
    let allowed = h.get("access-control-allow-headers").and_then(|v| v.to_str().ok()).unwrap_or_default().to_ascii_lowercase();
    assert!(allowed.contains("authorization") && allowed.contains("content-type"), "{allowed}");
    let methods = h.get("access-control-allow-methods").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(["GET", "POST", "PATCH", "PUT", "DELETE"].iter().all(|m| methods.contains(m)), "{methods}");
    assert!(h.get("access-control-allow-credentials").is_none(), "bearer tokens only");

    let r = preflight("https://evil.test".into()).await.expect("preflight");
    assert!(r.headers().get("access-control-allow-origin").is_none(), "another origin gets no CORS headers");

    let r = browser().get(&url).header("Origin", &home_origin).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 401);
    assert_eq!(r.headers().get("access-control-allow-origin").and_then(|v| v.to_str().ok()), Some(home_origin.as_str()));
    assert!(r.headers().get_all("vary").iter().any(|v| v.to_str().unwrap_or_default().contains("Origin")));
    let r = browser().get(&url).header("Origin", "https://evil.test").send().await.expect("get");
    assert!(r.headers().get("access-control-allow-origin").is_none());
}
