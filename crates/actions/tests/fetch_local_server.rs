//! `fetch` is asynchronous and host-implemented: it reaches a local test server when the
//! egress policy allows private addresses, and the JavaScript thread keeps serving other
//! executions while a request is in flight.

use std::io::Write;
use std::net::TcpListener;
use std::time::Duration;

mod common;

use portcullis_actions::sample_events::sample_event;
use portcullis_actions::{EgressPolicy, Executor, ExecutorConfig, Limits, TriggerId};
use serde_json::json;

type Gate = std::sync::Arc<(std::sync::Mutex<bool>, std::sync::Condvar)>;

fn open(gate: &Gate) {
    *gate.0.lock().unwrap() = true;
    gate.1.notify_all();
}

/// A tiny HTTP/1.1 server: `/slow` answers once the gate opens (or after 10 s), everything else
/// echoes the request.
fn serve(n: usize) -> String {
    serve_gated(n).0
}

fn serve_gated(n: usize) -> (String, Gate) {
    let gate: Gate = Default::default();
    let g = gate.clone();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(n) {
            let Ok(mut stream) = stream else { continue };
            let g = g.clone();
            std::thread::spawn(move || {
                let req = common::read_request(&stream);
                if req.path == "/slow" {
                    let open = g.0.lock().unwrap();
                    let _ = g.1.wait_timeout_while(open, Duration::from_secs(10), |o| !*o).unwrap();
                }
                let out = json!({ "method": req.method, "path": req.path, "auth": req.authorization, "body": String::from_utf8_lossy(&req.body) }).to_string();
                let resp = format!("HTTP/1.1 201 Created\r\ncontent-type: application/json\r\nx-test: yes\r\nset-cookie: a=1\r\nset-cookie: b=2\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{out}", out.len());
                let _ = stream.write_all(resp.as_bytes());
            });
        }
    });
    (format!("http://{addr}"), gate)
}

fn exec() -> Executor {
    Executor::new(ExecutorConfig { workers: 1, egress: EgressPolicy { allow_private: true, ..Default::default() }, ..Default::default() })
}

#[tokio::test]
async fn an_async_fetch_posts_json_and_reads_the_response() {
    let base = serve(1);
    let code = format!(r#"exports.onExecutePostLogin = async (event, api) => {{
        const res = await fetch("{base}/users?id=" + encodeURIComponent(event.user.user_id), {{
            method: "POST", headers: {{ "Authorization": "Bearer " + event.secrets.TOKEN, "content-type": "application/json" }},
            body: JSON.stringify({{ email: event.user.email }}) }});
        const data = await res.json();
        api.idToken.setCustomClaim("https://example.com/echo", {{ status: res.status, ok: res.ok, statusText: res.statusText, redirected: res.redirected, sameUrl: res.url === "{base}/users?id=" + encodeURIComponent(event.user.user_id), header: res.headers.get("X-Test"), type: res.headers.get("content-type"), cookies: res.headers.getSetCookie(), data }});
    }};"#);
    let r = exec().test_action(TriggerId::PostLogin, &code, sample_event(TriggerId::PostLogin), vec![("TOKEN".into(), "t0k3n".into())], vec![], Limits::default()).await;
    assert_eq!(r.error, None, "{}", r.logs);
    assert_eq!(serde_json::to_value(&r.commands).unwrap(), json!([{"api": "idToken.setCustomClaim", "args": ["https://example.com/echo", {
        "status": 201, "ok": true, "statusText": "Created", "redirected": false, "sameUrl": true, "header": "yes", "type": "application/json", "cookies": ["a=1", "b=2"],
        "data": { "method": "POST", "path": "/users?id=auth0%7C5f7c8ec7c33c6c004bbafe82", "auth": "Bearer t0k3n", "body": "{\"email\":\"j+smith@example.com\"}" }
    }]}]));
    assert!(r.stats.external_ms > 0.0);
}

#[tokio::test]
async fn abort_signal_timeout_aborts_a_slow_request() {
    let base = serve(1);
    let code = format!(r#"exports.onExecutePostLogin = async (event, api) => {{
        try {{ await fetch("{base}/slow", {{ signal: AbortSignal.timeout(20) }}); api.idToken.setCustomClaim("r", "finished"); }}
        catch (e) {{ api.idToken.setCustomClaim("r", e.name); }}
    }};"#);
    let r = exec().test_action(TriggerId::PostLogin, &code, sample_event(TriggerId::PostLogin), vec![], vec![], Limits::default()).await;
    assert_eq!(r.error, None, "{}", r.logs);
    assert_eq!(r.commands[0].args[1], json!("TimeoutError"));
}

#[tokio::test]
async fn other_executions_run_while_one_waits_on_fetch() {
    let (base, gate) = serve_gated(1);
    let exec = std::sync::Arc::new(exec());
    let slow = format!(r#"exports.onExecutePostLogin = async (event, api) => {{ await fetch("{base}/slow"); api.idToken.setCustomClaim("slow", true); }};"#);
    let fast = r#"exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim("fast", true); };"#;
    let e2 = exec.clone();
    let slow_task = tokio::spawn(async move { e2.test_action(TriggerId::PostLogin, &slow, sample_event(TriggerId::PostLogin), vec![], vec![], Limits::default()).await });
    let fast_r = exec.test_action(TriggerId::PostLogin, fast, sample_event(TriggerId::PostLogin), vec![], vec![], Limits::default()).await;
    assert!(!slow_task.is_finished(), "the fast execution finished while the slow one was still waiting");
    assert_eq!(fast_r.commands.len(), 1);
    open(&gate);
    let slow_r = slow_task.await.unwrap();
    assert_eq!(slow_r.error, None, "{}", slow_r.logs);
    assert_eq!(slow_r.commands.len(), 1);
}

#[tokio::test]
async fn the_deny_list_wins_even_for_allowed_private_hosts() {
    let base = serve(0);
    let exec = Executor::new(ExecutorConfig { workers: 1, egress: EgressPolicy { allow_private: true, deny_hosts: vec!["127.0.0.1".into()], ..Default::default() }, ..Default::default() });
    let code = format!(r#"exports.onExecutePostLogin = async (event, api) => {{ try {{ await fetch("{base}/"); }} catch (e) {{ console.log(e.message); }} }};"#);
    let r = exec.test_action(TriggerId::PostLogin, &code, sample_event(TriggerId::PostLogin), vec![], vec![], Limits::default()).await;
    assert_eq!(r.logs, "fetch failed: egress to 127.0.0.1 is denied by policy\n");
}

/// One execution awaits timers of `delay_ms` for 1.5 s; another, started meanwhile on the same
/// worker, must get its fetch answered and finish first.
async fn a_request_completes_during_a_timer_loop(delay_ms: u32) {
    let base = serve(1);
    let exec = std::sync::Arc::new(exec());
    let busy = format!(
        r#"exports.onExecutePostLogin = async (event, api) => {{
        const end = Date.now() + 1500;
        while (Date.now() < end) await new Promise((r) => setTimeout(r, {delay_ms}));
        api.idToken.setCustomClaim("busy", true);
    }};"#
    );
    let fetcher = format!(r#"exports.onExecutePostLogin = async (event, api) => {{ const r = await fetch("{base}/x"); api.idToken.setCustomClaim("status", r.status); }};"#);
    let e2 = exec.clone();
    let busy_task = tokio::spawn(async move { e2.test_action(TriggerId::PostLogin, &busy, sample_event(TriggerId::PostLogin), vec![], vec![], Limits::default()).await });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let r = exec.test_action(TriggerId::PostLogin, &fetcher, sample_event(TriggerId::PostLogin), vec![], vec![], Limits::default()).await;
    assert_eq!(r.error, None, "{}", r.logs);
    assert_eq!(r.commands[0].args[1], json!(201));
    assert!(!busy_task.is_finished(), "the request waited for the timer loop to end");
    assert_eq!(busy_task.await.unwrap().commands.len(), 1);
}

#[tokio::test]
async fn a_request_completes_while_another_execution_keeps_a_timer_loop_going() {
    a_request_completes_during_a_timer_loop(1).await;
}

#[tokio::test]
async fn a_request_completes_while_another_execution_keeps_a_zero_delay_timer_loop_going() {
    a_request_completes_during_a_timer_loop(0).await;
}
