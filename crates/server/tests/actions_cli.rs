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
