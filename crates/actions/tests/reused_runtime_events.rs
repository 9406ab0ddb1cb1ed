//! On a runtime kept for an action version, each execution still sees its own event as plain
//! data, whether the next event has the same top-level keys or different ones.

mod common;
use common::{action, executor, request, run};
use portcullis_actions::{Decision, TriggerId};
use serde_json::json;

const CODE: &str = r#"exports.onExecutePostLogin = async (event, api) => {
    event.user.touched = true;
    api.idToken.setCustomClaim("seen", { keys: Object.keys(event).sort(), json: JSON.parse(JSON.stringify(event)), spread: { ...event }.a });
};"#;

#[tokio::test]
async fn each_execution_on_a_kept_runtime_sees_exactly_its_own_event() {
    let exec = executor();
    let events = [
        json!({"a": 1, "user": {"id": "u1"}}),
        json!({"a": 2, "user": {"id": "u2"}}),
        json!({"a": 3, "b": [true], "user": {"id": "u3"}}),
        json!({"user": {"id": "u4"}}),
        json!({"a": 5, "user": {"id": "u5"}}),
    ];
    for ev in events {
        let out = run(&exec, request(TriggerId::PostLogin, vec![action("reader", CODE)], ev.clone())).await;
        let Decision::PostLogin(d) = out.decision else { panic!("post-login decision") };
        let seen = &d.id_token_claims["seen"];
        let mut expected = ev.clone();
        expected["user"]["touched"] = json!(true);
        expected["secrets"] = json!({});
        expected["configuration"] = json!({});
        let mut keys: Vec<&str> = expected.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(seen["keys"], json!(keys), "for {ev}");
        assert_eq!(seen["json"], expected, "for {ev}");
        assert_eq!(seen["spread"], ev.get("a").cloned().unwrap_or(serde_json::Value::Null));
    }
}
