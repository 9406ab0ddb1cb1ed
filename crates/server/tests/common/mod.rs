//! TestApp: the real `portcullis` binary on a random port with a fresh SQLite database, and a
//! small browser-like client (cookie jar, no automatic redirects) to drive it.

#![allow(dead_code)]

use base64::Engine;
use reqwest::redirect::Policy;
use reqwest::{Client, Response};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const PASSWORD: &str = "Passw0rd!long";
pub const OPERATOR_PASSWORD: &str = "Operator-Passw0rd-long";

pub struct TestApp {
    pub base: String,
    pub domain: String,
    pub data: tempfile::TempDir,
    child: Child,
    pub mgmt_token: String,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn server_args(c: &mut Command, data: &std::path::Path, domain: &str, port: u16) {
    c.arg("--data-dir").arg(data).arg("--domain").arg(domain).arg("--listen").arg(format!("127.0.0.1:{port}"));
    // Cheap hashing keeps the suite fast; production uses OWASP parameters.
    c.env("PORTCULLIS_PASSWORD_HASH__MEMORY_KIB", "1024").env("PORTCULLIS_PASSWORD_HASH__ITERATIONS", "1");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// Starts `portcullis serve` and waits until it is ready or has exited: (child, ready, exited).
async fn spawn_serve(c: &Client, data: &std::path::Path, domain: &str, port: u16) -> (Child, bool, bool) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portcullis"));
    cmd.arg("serve");
    server_args(&mut cmd, data, domain, port);
    let log = std::fs::OpenOptions::new().create(true).append(true).open(data.join("server.log")).expect("server log");
    let mut child = cmd.stdout(Stdio::null()).stderr(log).spawn().expect("spawn portcullis");
    // Generous: the machines running the suite are shared and can be slow.
    for _ in 0..1200 {
        if c.get(format!("https://{domain}/readyz")).send().await.map(|r| r.status().is_success()).unwrap_or(false) {
            return (child, true, false);
        }
        if matches!(child.try_wait(), Ok(Some(_))) {
            return (child, false, true);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (child, false, false)
}

pub fn browser() -> Client {
    Client::builder().danger_accept_invalid_certs(true).cookie_store(true).redirect(Policy::none()).build().expect("client")
}

impl TestApp {
    pub async fn start() -> TestApp {
        let bin = env!("CARGO_BIN_EXE_portcullis");
        let c = browser();
        // A free port can be taken by someone else before the server binds it: the server then
        // exits, and we start again on another port with a fresh data dir.
        let mut attempt = 0;
        let (data, port, domain, child) = loop {
            attempt += 1;
            let data = tempfile::tempdir().expect("tempdir");
            let port = free_port();
            let domain = format!("localhost:{port}");
            let (child, ready, exited) = spawn_serve(&c, data.path(), &domain, port).await;
            if ready {
                break (data, port, domain, child);
            }
            let mut child = child;
            let log = std::fs::read_to_string(data.path().join("server.log")).unwrap_or_default();
            let _ = child.kill();
            let _ = child.wait();
            assert!(exited && attempt < 3, "portcullis did not become ready on {domain} (attempt {attempt}); its log:\n{log}");
        };
        let common = |c: &mut Command| server_args(c, data.path(), &domain, port);
        let base = format!("https://{domain}");
        let mut bcmd = Command::new(bin);
        bcmd.args(["tenant", "bootstrap", "--json"]);
        common(&mut bcmd);
        let out = bcmd.output().expect("bootstrap");
        let b: Value = serde_json::from_slice(&out.stdout).expect("bootstrap json");
        let body = json!({"grant_type": "client_credentials", "client_id": b["client_id"], "client_secret": b["client_secret"], "audience": b["management_audience"]});
        let tok: Value = c.post(format!("{base}/oauth/token")).json(&body).send().await.expect("management token request").json().await.expect("token json");
        let mgmt_token = tok["access_token"].as_str().expect("management token").to_string();
        TestApp { base, domain, data, child, mgmt_token }
    }

    /// Stops the server as an orchestrator does (SIGTERM, then waits for it to exit) and starts it
    /// again on the same port and data.
    pub async fn restart(&mut self) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().expect("kill -TERM");
        assert!(sent.success(), "SIGTERM to {pid}");
        let status = self.child.wait().expect("wait for the server to stop");
        assert!(status.success(), "a SIGTERM stop exits cleanly: {status}");
        let port: u16 = self.domain.rsplit(':').next().and_then(|p| p.parse().ok()).expect("port");
        let (child, ready, _) = spawn_serve(&browser(), self.data.path(), &self.domain, port).await;
        self.child = child;
        let log = std::fs::read_to_string(self.data.path().join("server.log")).unwrap_or_default();
        assert!(ready, "portcullis did not come back on {}; its log:\n{log}", self.domain);
    }

    pub async fn api(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut r = browser().request(method, format!("{}/api/v2{path}", self.base)).bearer_auth(&self.mgmt_token);
        if let Some(b) = body {
            r = r.json(&b);
        }
        let res = r.send().await.expect("api call");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// Another tenant of this server named "Tenant B", served on `127.0.0.1:{port}` (created with
    /// the CLI); returns its `tenant create --json` output.
    pub fn create_other_tenant(&self) -> Value {
        let port = self.domain.rsplit(':').next().unwrap_or_default();
        let out = Command::new(env!("CARGO_BIN_EXE_portcullis"))
            .args(["tenant", "create", "--json", "--name", "Tenant B", "--domain", &format!("127.0.0.1:{port}"), "--data-dir"])
            .arg(self.data.path())
            .output()
            .expect("tenant create");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("tenant create json")
    }

    /// A first-party SPA with a non-localhost callback (no consent page) and a user.
    pub async fn spa_and_user(&self, email: &str) -> (String, String) {
        let (s, c) = self
            .api(reqwest::Method::POST, "/clients", Some(json!({"name": "SPA", "app_type": "spa", "callbacks": ["https://app.test/callback"], "allowed_logout_urls": ["https://app.test/"], "web_origins": ["https://app.test"]})))
            .await;
        assert_eq!(s, 201, "{c}");
        let (s, u) = self.api(reqwest::Method::POST, "/users", Some(json!({"connection": "Username-Password-Authentication", "email": email, "password": PASSWORD}))).await;
        assert_eq!(s, 201, "{u}");
        (c["client_id"].as_str().unwrap_or_default().to_string(), u["user_id"].as_str().unwrap_or_default().to_string())
    }
}

pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
pub const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

pub fn authorize_url(app: &TestApp, client_id: &str, extra: &str) -> String {
    format!(
        "{}/authorize?client_id={client_id}&response_type=code&redirect_uri=https%3A%2F%2Fapp.test%2Fcallback&scope=openid%20profile%20email%20offline_access&state=st1&nonce=n1&code_challenge={CHALLENGE}&code_challenge_method=S256{extra}",
        app.base
    )
}

pub fn location(r: &Response) -> String {
    r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

pub fn hidden(html: &str, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    html.split(&key).nth(1).and_then(|s| s.split('"').next()).unwrap_or_default().to_string()
}

pub fn query_of(url: &str) -> HashMap<String, String> {
    url::Url::parse(url).map(|u| u.query_pairs().into_owned().collect()).unwrap_or_default()
}

/// Starts a login and returns (browser, login page URL, login page HTML).
pub async fn open_login(app: &TestApp, client_id: &str) -> (Client, String, String) {
    open_login_at(app, &authorize_url(app, client_id, "")).await
}

/// `open_login` with an authorize URL of the test's own.
pub async fn open_login_at(app: &TestApp, authorize: &str) -> (Client, String, String) {
    let b = browser();
    let r = b.get(authorize).send().await.expect("authorize");
    assert_eq!(r.status().as_u16(), 302, "authorize should send the browser to the login page");
    let login = format!("{}{}", app.base, location(&r));
    let html = b.get(&login).send().await.expect("login page").text().await.unwrap_or_default();
    (b, login, html)
}

pub async fn submit_password(b: &Client, login_url: &str, html: &str, email: &str, password: &str) -> Response {
    let form = [("state", hidden(html, "state")), ("csrf", hidden(html, "csrf")), ("username", email.to_string()), ("password", password.to_string())];
    b.post(login_url).form(&form).send().await.expect("login post")
}

/// Full login; returns the callback URL's query.
pub async fn login(app: &TestApp, client_id: &str, email: &str) -> HashMap<String, String> {
    let (b, url, html) = open_login(app, client_id).await;
    let r = submit_password(&b, &url, &html, email, PASSWORD).await;
    let loc = location(&r);
    assert!(loc.starts_with("https://app.test/callback"), "expected the callback, got {} {loc}", r.status());
    query_of(&loc)
}

pub async fn exchange(app: &TestApp, client_id: &str, code: &str) -> (u16, Value) {
    let r = browser()
        .post(format!("{}/oauth/token", app.base))
        .form(&[("grant_type", "authorization_code"), ("client_id", client_id), ("code", code), ("code_verifier", VERIFIER), ("redirect_uri", "https://app.test/callback")])
        .send()
        .await
        .expect("token");
    let s = r.status().as_u16();
    (s, r.json().await.unwrap_or(Value::Null))
}

pub async fn refresh(app: &TestApp, client_id: &str, rt: &str) -> (u16, Value) {
    let r = browser().post(format!("{}/oauth/token", app.base)).form(&[("grant_type", "refresh_token"), ("client_id", client_id), ("refresh_token", rt)]).send().await.expect("refresh");
    let s = r.status().as_u16();
    (s, r.json().await.unwrap_or(Value::Null))
}

pub fn jwt_claims(t: &str) -> Value {
    let part = t.split('.').nth(1).unwrap_or_default();
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part).unwrap_or_default();
    serde_json::from_slice(&raw).unwrap_or(Value::Null)
}

/// Creates a dashboard operator of the tenant served on `domain` with the CLI.
pub fn create_operator(app: &TestApp, domain: &str, email: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_portcullis"))
        .args(["operator", "create", "--email", email, "--password", OPERATOR_PASSWORD, "--domain", domain, "--data-dir"])
        .arg(app.data.path())
        .env("PORTCULLIS_PASSWORD_HASH__MEMORY_KIB", "1024")
        .env("PORTCULLIS_PASSWORD_HASH__ITERATIONS", "1")
        .output()
        .expect("operator create");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The dashboard's client id on the tenant served on `domain` (from `/dashboard/config.json`).
pub async fn dashboard_client_id(domain: &str) -> String {
    let cfg: Value = browser().get(format!("https://{domain}/dashboard/config.json")).send().await.expect("config").json().await.expect("json");
    cfg["client_id"].as_str().unwrap_or_default().to_string()
}

/// Signs in to the dashboard of the tenant on `domain` (PKCE) up to the redirect after the password.
pub async fn dashboard_login(domain: &str, client_id: &str, email: &str, password: &str) -> Response {
    let b = browser();
    let url = format!(
        "https://{domain}/authorize?client_id={client_id}&response_type=code&redirect_uri=https%3A%2F%2F{domain}%2Fdashboard%2F&scope=openid%20read%3Ausers&audience=https%3A%2F%2F{domain}%2Fapi%2Fv2%2F&state=s&code_challenge={CHALLENGE}&code_challenge_method=S256"
    );
    let r = b.get(url).send().await.expect("authorize");
    let login = format!("https://{domain}{}", location(&r));
    let html = b.get(&login).send().await.expect("login").text().await.unwrap_or_default();
    submit_password(&b, &login, &html, email, password).await
}

/// The dashboard's Management API token for a new operator of the tenant on `domain`.
pub async fn operator_token(app: &TestApp, domain: &str, email: &str) -> String {
    create_operator(app, domain, email);
    let client_id = dashboard_client_id(domain).await;
    let r = dashboard_login(domain, &client_id, email, OPERATOR_PASSWORD).await;
    let code = query_of(&location(&r)).get("code").cloned().unwrap_or_default();
    let redirect = format!("https://{domain}/dashboard/");
    let t: Value = browser()
        .post(format!("https://{domain}/oauth/token"))
        .form(&[("grant_type", "authorization_code"), ("client_id", client_id.as_str()), ("code", code.as_str()), ("code_verifier", VERIFIER), ("redirect_uri", redirect.as_str())])
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("json");
    t["access_token"].as_str().expect("operator access token").to_string()
}
