//! `portcullis actions test` runs the production sandbox locally, as CI would.

use std::process::Command;

fn run(event: &str) -> serde_json::Value {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let out = Command::new(env!("CARGO_BIN_EXE_portcullis"))
        .args(["actions", "test", &format!("{root}/examples/actions/mfa-for-admins.js"), "--trigger", "post-login", "--event", &format!("{root}/examples/actions/{event}")])
        .output()
        .expect("run portcullis actions test");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("outcome JSON")
}

#[test]
fn the_seed_action_asks_an_admin_for_mfa() {
    let o = run("admin-event.json");
    assert_eq!(o["commands"], serde_json::json!([{"api": "multifactor.enable", "args": ["any"]}]));
    assert!(o["error"].is_null());
}

#[test]
fn the_seed_action_leaves_a_user_without_roles_alone() {
    let o = run("user-event.json");
    assert_eq!(o["commands"], serde_json::json!([]));
}

#[test]
fn an_action_with_an_npm_dependency_is_tested_with_the_package_installed_from_the_registry() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let store = std::env::temp_dir().join(format!("portcullis-cli-npm-{}", std::process::id()));
    let out = Command::new(env!("CARGO_BIN_EXE_portcullis"))
        .args(["actions", "test", &format!("{root}/examples/actions/signed-redirect-token.js"), "--secret", "SIGNING_KEY=k3y", "--dependency", "jsonwebtoken@9.0.2", "--npm-store"])
        .arg(&store)
        .output()
        .expect("run portcullis actions test");
    let _ = std::fs::remove_dir_all(&store);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    // Skipped without a reachable registry on a developer machine; under CI it must be reachable.
    if !out.status.success() && stderr.contains("jsonwebtoken@9.0.2") && std::env::var_os("CI").is_none() {
        eprintln!("NOTICE: skipped: the npm registry is unreachable: {stderr}");
        return;
    }
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let o: serde_json::Value = serde_json::from_slice(&out.stdout).expect("outcome JSON");
    let token = o["commands"][0]["args"][1].as_str().expect("a token claim");
    let payload = token.split('.').nth(1).expect("a JWT");
    use base64::Engine;
    let claims: serde_json::Value = serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    assert_eq!(claims["iss"], "portcullis-action");
    assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 300);
}
