//! Declared npm dependencies installed from the registry (sha512-verified, content-addressed,
//! nested like npm) and used by actions unchanged: the packages real Auth0 actions use.
//!
//! Without a reachable registry these tests are skipped on a developer machine, and fail under
//! CI (`CI` set), where the registry must be reachable for the acceptance to mean anything.

use std::io::Write;
use std::path::PathBuf;

mod common;

use portcullis_actions::npm::{registry_from_environment, NpmStore};
use portcullis_actions::sample_events::sample_event;
use portcullis_actions::{Dependency, EgressPolicy, Executor, ExecutorConfig, Limits, NpmConfig, TestResult, TriggerId};
use serde_json::{json, Value};

/// Packages installed into a fresh store, with an executor whose actions may require them.
struct Installed {
    exec: Executor,
    deps: Vec<Dependency>,
    dir: PathBuf,
}

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `None` (skipped) when the registry cannot be reached outside CI.
async fn install(packages: &[(&str, &str)], allow_private_network: bool) -> Option<Installed> {
    let dir = std::env::temp_dir().join(format!("portcullis-actions-npm-{}-{}", packages[0].0.replace('/', "_"), std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let deps: Vec<Dependency> = packages.iter().map(|(n, v)| Dependency { name: (*n).into(), version: (*v).into() }).collect();
    let registry = registry_from_environment();
    let installed = match &registry {
        Some(r) => NpmStore::new(&dir, Some(r.clone())).unwrap().install(&deps).await.map(|_| ()).map_err(|e| e.to_string()),
        None => Err("no npm registry configured".into()),
    };
    if let Err(e) = installed {
        assert!(std::env::var_os("CI").is_none(), "the npm registry must be reachable under CI: {e}");
        eprintln!("NOTICE: skipped: the npm registry is unreachable: {e}");
        return None;
    }
    let exec = Executor::new(ExecutorConfig {
        workers: 1,
        npm: Some(NpmConfig { store_dir: dir.clone(), registry }),
        egress: EgressPolicy { allow_private: allow_private_network, ..Default::default() },
        ..Default::default()
    });
    Some(Installed { exec, deps, dir })
}

impl Installed {
    async fn run(&self, code: &str, secrets: Vec<(String, String)>) -> TestResult {
        let r = self.exec.test_action(TriggerId::PostLogin, code, sample_event(TriggerId::PostLogin), secrets, self.deps.clone(), Limits::default()).await;
        assert_eq!(r.error, None, "{}", r.logs);
        r
    }
}

fn commands(r: &TestResult) -> Value {
    serde_json::to_value(&r.commands).unwrap()
}

/// A stand-in for an Auth0-compatible tenant over plain HTTP, answering `requests` requests:
/// `/oauth/token` issues a token; any other path echoes the request line, method, path,
/// authorization and body.
fn fake_tenant(requests: usize) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(mut stream) = stream else { continue };
            let req = common::read_request(&stream);
            let out = if req.path == "/oauth/token" {
                json!({"access_token": "m2m-token", "token_type": "Bearer", "expires_in": 86400})
            } else {
                json!({"line": req.line, "method": req.method, "path": req.path, "auth": req.authorization, "body": String::from_utf8_lossy(&req.body)})
            }
            .to_string();
            let resp = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{out}", out.len());
            let _ = stream.write_all(resp.as_bytes());
        }
    });
    format!("127.0.0.1:{}", addr.port())
}

#[tokio::test]
async fn lodash_installed_from_the_registry_is_required_by_an_action() {
    let Some(pkgs) = install(&[("lodash", "4.17.21")], false).await else { return };
    let code = r#"const _ = require("lodash"); const fp = require("lodash/fp");
        exports.onExecutePostLogin = async (event, api) => {
            api.idToken.setCustomClaim("chunks", _.chunk([1, 2, 3, 4, 5], 2));
            api.idToken.setCustomClaim("picked", _.pick(event.user, ["email", "nickname"]));
            api.idToken.setCustomClaim("fp", fp.map((x) => x * 2)([1, 2]));
        };"#;
    let r = pkgs.run(code, vec![]).await;
    assert_eq!(commands(&r), json!([
        {"api": "idToken.setCustomClaim", "args": ["chunks", [[1, 2], [3, 4], [5]]]},
        {"api": "idToken.setCustomClaim", "args": ["picked", {"email": "j+smith@example.com", "nickname": "j_smith"}]},
        {"api": "idToken.setCustomClaim", "args": ["fp", [2, 4]]}
    ]));
    let tarballs: Vec<_> = std::fs::read_dir(pkgs.dir.join("tarballs")).unwrap().collect();
    assert_eq!(tarballs.len(), 1, "stored content-addressed");
}

#[tokio::test]
async fn jsonwebtoken_from_the_registry_signs_and_verifies_hs256_rs256_and_es256() {
    let Some(pkgs) = install(&[("jsonwebtoken", "9.0.2")], false).await else { return };
    let code = r#"const jwt = require("jsonwebtoken");
        exports.onExecutePostLogin = async (event, api) => {
            const { RSA_KEY, RSA_CERT, EC_KEY, EC_PUBLIC } = event.secrets;
            const hs = jwt.sign({ sub: event.user.user_id }, "shared-secret", { expiresIn: "5m", issuer: "portcullis" });
            const rs = jwt.sign({ sub: event.user.user_id }, RSA_KEY, { algorithm: "RS256", keyid: "k1" });
            const es = jwt.sign({ sub: event.user.user_id }, EC_KEY, { algorithm: "ES256" });
            let wrong, tampered;
            try { jwt.verify(rs, EC_PUBLIC, { algorithms: ["RS256"] }); } catch (e) { wrong = e.message; }
            const [h, p, sig] = es.split(".");
            const forged = Buffer.from(JSON.stringify({ sub: "admin" })).toString("base64url");
            try { jwt.verify([h, forged, sig].join("."), EC_PUBLIC); } catch (e) { tampered = e.name + ": " + e.message; }
            api.idToken.setCustomClaim("verified", [
                jwt.verify(hs, "shared-secret", { issuer: "portcullis" }).sub,
                jwt.verify(rs, RSA_CERT, { algorithms: ["RS256"] }).sub,
                jwt.verify(es, EC_PUBLIC).sub,
                jwt.decode(rs, { complete: true }).header.kid,
                wrong,
                tampered,
            ]);
        };"#;
    let secrets = vec![
        ("RSA_KEY".to_owned(), include_str!("fixtures/keys/rsa-pkcs1.pem").to_owned()),
        ("RSA_CERT".to_owned(), include_str!("fixtures/keys/rsa-cert.pem").to_owned()),
        ("EC_KEY".to_owned(), include_str!("fixtures/keys/ec-sec1.pem").to_owned()),
        ("EC_PUBLIC".to_owned(), include_str!("fixtures/keys/ec-public.pem").to_owned()),
    ];
    let r = pkgs.run(code, secrets).await;
    let user = sample_event(TriggerId::PostLogin)["user"]["user_id"].clone();
    assert_eq!(commands(&r), json!([
        {"api": "idToken.setCustomClaim", "args": ["verified", [user, user, user, "k1", "\"alg\" parameter for \"ec\" key type must be one of: ES256, ES384, ES512.", "JsonWebTokenError: invalid signature"]]}
    ]));
}

#[tokio::test]
async fn axios_from_the_registry_posts_through_fetch_using_its_browser_build() {
    let Some(pkgs) = install(&[("axios", "1.7.9")], true).await else { return };
    let host = fake_tenant(1);
    let code = format!(r#"const axios = require("axios");
        exports.onExecutePostLogin = async (event, api) => {{
            const res = await axios.post("http://{host}/hooks?x=1", {{ email: event.user.email }}, {{ headers: {{ "X-Key": event.secrets.KEY }} }});
            api.idToken.setCustomClaim("echo", {{ status: res.status, line: res.data.line, body: JSON.parse(res.data.body) }});
        }};"#);
    let r = pkgs.run(&code, vec![("KEY".into(), "k".into())]).await;
    assert_eq!(commands(&r), json!([
        {"api": "idToken.setCustomClaim", "args": ["echo", {"status": 200, "line": "POST /hooks?x=1 HTTP/1.1", "body": {"email": "j+smith@example.com"}}]}
    ]));
}

#[tokio::test]
async fn uuid_and_node_fetch_from_the_registry_work_unchanged() {
    let Some(pkgs) = install(&[("uuid", "9.0.1"), ("node-fetch", "2.7.0")], true).await else { return };
    let host = fake_tenant(1);
    let code = format!(r#"const {{ v4: uuidv4, validate }} = require("uuid"); const fetch = require("node-fetch");
        exports.onExecutePostLogin = async (event, api) => {{
            const id = uuidv4();
            const res = await fetch("http://{host}/ids", {{ method: "POST", body: id }});
            const echo = await res.json();
            api.idToken.setCustomClaim("ids", [validate(id), echo.body === id, echo.line]);
        }};"#);
    let r = pkgs.run(&code, vec![]).await;
    assert_eq!(commands(&r), json!([{"api": "idToken.setCustomClaim", "args": ["ids", [true, true, "POST /ids HTTP/1.1"]]}]));
}

#[tokio::test]
async fn the_auth0_management_sdk_from_the_registry_gets_a_token_and_updates_a_user() {
    let Some(pkgs) = install(&[("auth0", "4.14.0")], true).await else { return };
    let host = fake_tenant(2);
    // The SDK builds https:// URLs from `domain`; a custom fetch points it at the plain-HTTP fake.
    let code = format!(r#"const {{ ManagementClient }} = require("auth0");
        exports.onExecutePostLogin = async (event, api) => {{
            const management = new ManagementClient({{
                domain: "{host}", clientId: "m2m", clientSecret: event.secrets.SECRET,
                fetch: (url, init) => fetch(String(url).replace("https://", "http://"), init),
            }});
            const res = await management.users.update({{ id: event.user.user_id }}, {{ app_metadata: {{ plan: "gold" }} }});
            api.idToken.setCustomClaim("update", res.data);
        }};"#);
    let r = pkgs.run(&code, vec![("SECRET".into(), "s3cret".into())]).await;
    let update = &r.commands[0].args[1];
    assert_eq!(update["method"], "PATCH");
    assert_eq!(update["path"], "/api/v2/users/auth0%7C5f7c8ec7c33c6c004bbafe82");
    assert_eq!(update["auth"], "Bearer m2m-token");
    assert_eq!(serde_json::from_str::<Value>(update["body"].as_str().unwrap()).unwrap(), json!({"app_metadata": {"plan": "gold"}}));
}

#[tokio::test]
async fn popular_api_clients_from_the_registry_load_and_build_their_clients() {
    let Some(pkgs) = install(&[("@slack/webhook", "7.0.3"), ("@sendgrid/mail", "8.1.4"), ("stripe", "17.5.0")], false).await else { return };
    // Loading runs each package's module code (and its dependencies': axios, debug, form-data...).
    let code = r#"const { IncomingWebhook } = require("@slack/webhook");
        const mail = require("@sendgrid/mail");
        const Stripe = require("stripe");
        exports.onExecutePostLogin = async (event, api) => {
            mail.setApiKey("SG.test");
            const stripe = Stripe("sk_test_123");
            api.idToken.setCustomClaim("clients", [typeof new IncomingWebhook("https://hooks.example.com/x").send, typeof mail.send, typeof stripe.customers.create]);
        };"#;
    let r = pkgs.run(code, vec![]).await;
    assert_eq!(r.commands[0].args[1], json!(["function", "function", "function"]));
}
