//! Shared test harness: run actions through the real executor.
#![allow(dead_code)]

use portcullis_actions::sample_events::sample_event;
use portcullis_actions::{ActionSource, Executor, ExecutorConfig, Handler, Limits, TestResult, TriggerId, TriggerOutcome, TriggerRequest};
use serde_json::Value;

pub fn executor() -> Executor {
    Executor::new(ExecutorConfig { workers: 1, ..Default::default() })
}

pub fn action(name: &str, code: &str) -> ActionSource {
    ActionSource { action_id: format!("act_{name}"), name: name.into(), version_id: "v1".into(), code: code.into(), secrets: vec![], dependencies: vec![] }
}

pub fn request(trigger: TriggerId, actions: Vec<ActionSource>, event: Value) -> TriggerRequest {
    TriggerRequest { tenant_id: "tenant-a".into(), trigger, handler: Handler::Execute, actions, event, limits: Limits::default(), fresh_runtime: false }
}

/// Run one post-login action against the sample event.
pub async fn post_login(code: &str) -> TestResult {
    executor().test_action(TriggerId::PostLogin, code, sample_event(TriggerId::PostLogin), vec![], vec![], Limits::default()).await
}

pub async fn run(exec: &Executor, req: TriggerRequest) -> TriggerOutcome {
    exec.run(req).await
}

pub fn commands(r: &TestResult) -> Value {
    serde_json::to_value(&r.commands).unwrap()
}

/// Runs `body` (an async function body returning a value) and returns what it recorded with
/// `api.transaction.setMetadata("out", JSON.stringify(value))`, failing on errors.
pub async fn eval_js(body: &str) -> Value {
    let code = format!("exports.onExecutePostLogin = async (event, api) => {{ const out = await (async () => {{ {body} }})(); api.transaction.setMetadata('out', JSON.stringify(out === undefined ? null : out)); }};");
    let r = post_login(&code).await;
    assert_eq!(r.error, None, "logs: {}", r.logs);
    let s = r.commands.last().and_then(|c| c.args.get(1)).and_then(|v| v.as_str()).unwrap_or("null").to_owned();
    serde_json::from_str(&s).unwrap()
}
