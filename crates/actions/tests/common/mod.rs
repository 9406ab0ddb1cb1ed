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

/// One HTTP/1.1 request read from a test server's connection.
pub struct HttpRequest {
    pub line: String,
    pub method: String,
    pub path: String,
    pub authorization: String,
    pub body: Vec<u8>,
}

/// Reads the request line, the headers it needs (content-length, authorization) and the body.
pub fn read_request(stream: &std::net::TcpStream) -> HttpRequest {
    use std::io::{BufRead, BufReader, Read};
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let (mut len, mut authorization) = (0, String::new());
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).unwrap();
        if h == "\r\n" || h.is_empty() {
            break;
        }
        let lower = h.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            len = v.trim().parse().unwrap();
        }
        if lower.starts_with("authorization:") {
            authorization = h[14..].trim().to_owned();
        }
    }
    let mut body = vec![0; len];
    reader.read_exact(&mut body).unwrap();
    let parts: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
    HttpRequest { line: line.trim().to_owned(), method: parts[0].clone(), path: parts[1].clone(), authorization, body }
}
