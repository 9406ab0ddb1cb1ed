//! The seed action: Admin gets exactly one `multifactor.enable("any")`, others nothing.

use portcullis_actions::sample_events::sample_event;
use portcullis_actions::{Executor, ExecutorConfig, Limits, TriggerId};
use serde_json::json;

const SEED: &str = r#"exports.onExecutePostLogin = async (event, api) => { if (event.authorization && event.authorization.roles.includes("Admin")) api.multifactor.enable("any"); };"#;

#[tokio::test]
async fn an_admin_gets_exactly_one_multifactor_enable_command() {
    let exec = Executor::new(ExecutorConfig { workers: 1, ..Default::default() });
    let mut event = sample_event(TriggerId::PostLogin);
    event["authorization"]["roles"] = json!(["Admin"]);
    let r = exec.test_action(TriggerId::PostLogin, SEED, event, vec![], vec![], Limits::default()).await;
    assert_eq!(r.error, None);
    assert_eq!(serde_json::to_value(&r.commands).unwrap(), json!([{"api": "multifactor.enable", "args": ["any"]}]));
}

#[tokio::test]
async fn a_user_without_the_admin_role_gets_no_commands() {
    let exec = Executor::new(ExecutorConfig { workers: 1, ..Default::default() });
    let r = exec.test_action(TriggerId::PostLogin, SEED, sample_event(TriggerId::PostLogin), vec![], vec![], Limits::default()).await;
    assert_eq!(r.error, None);
    assert_eq!(serde_json::to_value(&r.commands).unwrap(), json!([]));
}
