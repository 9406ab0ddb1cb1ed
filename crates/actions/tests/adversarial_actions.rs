//! Hostile actions end in a typed error within a bound, and the host keeps working.

mod common;
use std::time::{Duration, Instant};

use common::{action, executor, request};
use portcullis_actions::sample_events::sample_event;
use portcullis_actions::{ActionErrorCode, Decision, Executor, Limits, TestResult, TriggerId};
use serde_json::json;

const SEED: &str = r#"exports.onExecutePostLogin = async (event, api) => { if (event.authorization && event.authorization.roles.includes("Admin")) api.multifactor.enable("any"); };"#;
/// Generous: proves a limit fired, not how fast.
const BOUND: Duration = Duration::from_secs(15);

fn small_limits() -> Limits {
    Limits { wall_ms: 3_000, cpu_ms: 300, memory_bytes: 16 << 20, ..Limits::default() }
}

async fn run_hostile(exec: &Executor, code: &str, limits: Limits) -> TestResult {
    let started = Instant::now();
    let r = exec.test_action(TriggerId::PostLogin, code, sample_event(TriggerId::PostLogin), vec![], vec![], limits).await;
    assert!(started.elapsed() < BOUND, "took {:?}", started.elapsed());
    r
}

async fn assert_host_still_works(exec: &Executor) {
    let mut event = sample_event(TriggerId::PostLogin);
    event["authorization"]["roles"] = json!(["Admin"]);
    let r = exec.test_action(TriggerId::PostLogin, SEED, event, vec![], vec![], Limits::default()).await;
    assert_eq!(r.error, None);
    assert_eq!(r.commands.len(), 1);
}

fn code_of(r: &TestResult) -> ActionErrorCode {
    r.error.as_ref().map(|e| e.code).unwrap_or_else(|| panic!("expected an error, got {r:?}"))
}

#[tokio::test]
async fn an_infinite_loop_is_interrupted_by_the_cpu_limit() {
    let exec = executor();
    let r = run_hostile(&exec, "exports.onExecutePostLogin = async () => { while (true) {} };", small_limits()).await;
    assert_eq!(code_of(&r), ActionErrorCode::ActionCpuLimit);
    assert_host_still_works(&exec).await;
}

#[tokio::test]
async fn an_infinite_loop_that_swallows_errors_still_hits_the_wall_time_limit() {
    let exec = executor();
    let limits = Limits { wall_ms: 400, ..Limits::default() };
    let r = run_hostile(&exec, "exports.onExecutePostLogin = async () => { for (;;) { try { while (true) {} } catch (e) {} } };", limits).await;
    assert_eq!(code_of(&r), ActionErrorCode::ActionTimeout);
    assert_eq!(r.error.unwrap().action_name, "test");
    assert_host_still_works(&exec).await;
}

#[tokio::test]
async fn a_catastrophic_regex_is_interrupted() {
    let exec = executor();
    let r = run_hostile(&exec, r#"exports.onExecutePostLogin = async () => { /^(a+)+$/.test("a".repeat(40) + "b"); };"#, small_limits()).await;
    assert_eq!(code_of(&r), ActionErrorCode::ActionCpuLimit);
    assert_host_still_works(&exec).await;
}

#[tokio::test]
async fn a_memory_bomb_hits_the_memory_limit() {
    let exec = executor();
    let code = "exports.onExecutePostLogin = async () => { const a = []; while (true) a.push(new Array(1e5).fill(1.5)); };";
    let r = run_hostile(&exec, code, Limits { cpu_ms: 10_000, ..small_limits() }).await;
    assert_eq!(code_of(&r), ActionErrorCode::ActionMemoryLimit);
    assert_host_still_works(&exec).await;
}

#[tokio::test]
async fn deep_recursion_hits_the_stack_limit() {
    let exec = executor();
    let r = run_hostile(&exec, "function f(n) { return f(n + 1) + 1; } exports.onExecutePostLogin = async () => { f(0); };", small_limits()).await;
    assert_eq!(code_of(&r), ActionErrorCode::ActionStackOverflow);
    assert_host_still_works(&exec).await;
}

#[tokio::test]
async fn a_promise_that_can_never_settle_is_reported_without_waiting_for_the_timeout() {
    let exec = executor();
    let r = run_hostile(&exec, "exports.onExecutePostLogin = async () => { await new Promise(() => {}); };", Limits::default()).await;
    assert_eq!(code_of(&r), ActionErrorCode::ActionNeverSettled);
    assert_host_still_works(&exec).await;
}

#[tokio::test]
async fn a_promise_kept_pending_by_an_interval_times_out() {
    let exec = executor();
    let r = run_hostile(&exec, "exports.onExecutePostLogin = async () => { setInterval(() => {}, 10); await new Promise(() => {}); };", Limits { wall_ms: 300, ..Limits::default() }).await;
    assert_eq!(code_of(&r), ActionErrorCode::ActionTimeout);
}

#[tokio::test]
async fn a_hundred_megabytes_of_console_output_hits_the_log_limit() {
    let exec = executor();
    let code = r#"exports.onExecutePostLogin = async () => { const s = "x".repeat(1 << 20); for (let i = 0; i < 100; i++) { try { console.log(s); } catch (e) {} } };"#;
    let r = run_hostile(&exec, code, Limits::default()).await;
    assert_eq!(code_of(&r), ActionErrorCode::ActionLogLimit);
    assert!(r.logs.len() <= 256 * 1024 + 100, "logs are capped: {}", r.logs.len());
    assert_host_still_works(&exec).await;
}

#[tokio::test]
async fn prototype_pollution_is_visible_neither_to_the_next_action_nor_the_next_execution() {
    let exec = executor();
    let polluter = r#"exports.onExecutePostLogin = async (event, api) => {
        api.idToken.setCustomClaim("seen_by_polluter", ({}).polluted === undefined ? "clean" : "polluted");
        Object.prototype.polluted = true; Array.prototype.push = () => 0; };"#;
    let checker = r#"exports.onExecutePostLogin = async (event, api) => {
        const a = []; a.push(1);
        api.idToken.setCustomClaim("seen_by_next", ({}).polluted === undefined && a.length === 1 ? "clean" : "polluted"); };"#;
    for _ in 0..2 {
        let req = request(TriggerId::PostLogin, vec![action("polluter", polluter), action("checker", checker)], sample_event(TriggerId::PostLogin));
        let out = exec.run(req).await;
        let Decision::PostLogin(d) = out.decision else { panic!("post-login decision") };
        assert_eq!(d.id_token_claims.get("seen_by_polluter"), Some(&json!("clean")));
        assert_eq!(d.id_token_claims.get("seen_by_next"), Some(&json!("clean")));
    }
}

#[tokio::test]
async fn scripts_cannot_reach_host_objects_process_internals_or_the_filesystem() {
    let v = common::eval_js(r#"
        const names = Object.getOwnPropertyNames(globalThis);
        const leaks = names.filter((n) => /^(host|__.*|std|os|Deno|Bun|require|module|exports)$/.test(n));
        const out = [leaks, typeof host, typeof require("module" === "x" ? "" : "util").format];
        for (const m of ["fs", "child_process", "net", "http", "vm", "worker_threads"]) { try { require(m); out.push("loaded " + m); } catch (e) { out.push(e.message.includes("not available in Actions")); } }
        // `os` exists (packages read it at load time) but describes nothing of the host.
        const os = require("os");
        out.push([os.hostname(), os.cpus().length, os.totalmem(), JSON.stringify(os.networkInterfaces()), os.userInfo().username]);
        try { process.dlopen(); } catch (e) { out.push(e.message.includes("not available")); }
        out.push(typeof Function("return this")().process.env.PATH);
        return out;
    "#).await;
    assert_eq!(v, json!([[], "undefined", "function", true, true, true, true, true, true, ["localhost", 0, 0, "{}", "actions"], true, "undefined"]));
}

#[tokio::test]
async fn fetch_to_metadata_and_loopback_addresses_is_denied_by_default() {
    let v = common::eval_js(r#"
        const out = [];
        for (const u of ["http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:9/", "http://[::1]/", "http://10.0.0.1/", "file:///etc/passwd"]) {
            try { await fetch(u); out.push("reached " + u); } catch (e) { out.push(e.message.includes("denied") || e.message.includes("not allowed")); }
        }
        return out;
    "#).await;
    assert_eq!(v, json!([true, true, true, true, true]));
}

#[tokio::test]
async fn an_uncaught_error_in_a_gating_trigger_denies_with_the_error_text() {
    let exec = executor();
    let req = request(TriggerId::PostLogin, vec![action("boom", r#"exports.onExecutePostLogin = async () => { throw new Error("upstream unavailable"); };"#), action("never", SEED)], sample_event(TriggerId::PostLogin));
    let out = exec.run(req).await;
    assert_eq!(out.actions.len(), 1, "the chain stops");
    let Decision::PostLogin(d) = out.decision else { panic!() };
    let denied = d.denied.expect("fails closed");
    assert_eq!(denied.code, "access_denied");
    assert_eq!(denied.reason, "upstream unavailable");
}

#[tokio::test]
async fn a_timeout_in_a_gating_trigger_denies() {
    let exec = executor();
    let mut req = request(TriggerId::CredentialsExchange, vec![action("slow", "exports.onExecuteCredentialsExchange = async () => { while (true) {} };")], sample_event(TriggerId::CredentialsExchange));
    req.limits = Limits { wall_ms: 300, ..Limits::default() };
    let out = exec.run(req).await;
    assert_eq!(out.actions[0].error.as_ref().map(|e| e.code), Some(ActionErrorCode::ActionTimeout));
    let Decision::CredentialsExchange(d) = out.decision else { panic!() };
    assert!(d.denied.is_some());
}
