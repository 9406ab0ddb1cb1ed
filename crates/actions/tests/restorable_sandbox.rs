//! A restorable sandbox put back to its bootstrapped state before each execution behaves like a
//! runtime created for that execution: nothing of one execution reaches the next.

use std::sync::Arc;

use portcullis_actions::sample_events::sample_event;
use portcullis_actions::sandbox::{EventJson, Invocation, Pump, Sandbox};
use portcullis_actions::{ActionErrorCode, Command, Handler, InMemoryCache, Limits, TriggerId};
use serde_json::{json, Value};

const SEED: &str = r#"exports.onExecutePostLogin = async (event, api) => { if (event.authorization && event.authorization.roles.includes("Admin")) api.multifactor.enable("any"); };"#;

fn invocation() -> Invocation {
    Invocation {
        gen: 1, trigger: TriggerId::PostLogin, handler: Handler::Execute, commands: vec![], earlier: vec![],
        cache: Arc::new(InMemoryCache::default()), cache_scope: "t/post-login".into(), cache_side_effects: 0,
        token_ctx: Default::default(), can_redirect: true, fetches: 0, max_fetches: 5,
    }
}

/// Reset, load `code`, run its post-login handler on `event`; the commands or the error code.
fn run(sb: &mut Sandbox, code: &str, event: &Value) -> Result<Vec<Command>, ActionErrorCode> {
    run_with(sb, code, event, &Limits::default())
}

fn run_with(sb: &mut Sandbox, code: &str, event: &Value, limits: &Limits) -> Result<Vec<Command>, ActionErrorCode> {
    assert!(sb.reset(limits), "the sandbox is restorable");
    sb.load_action(code, None, None, false).map_err(|f| f.code)?;
    let began = sb.begin(invocation(), "onExecutePostLogin", &EventJson::Whole(event.to_string()), "{}", None);
    let r = match began {
        Ok(true) => loop {
            match sb.pump(None) {
                Pump::Done(r) => break r.map_err(|f| f.code),
                Pump::Waiting { wake_at: Some(t) } => std::thread::sleep(t.saturating_duration_since(std::time::Instant::now())),
                Pump::Waiting { wake_at: None } => break Err(ActionErrorCode::ActionNeverSettled),
            }
        },
        Ok(false) => Ok(()),
        Err(f) => Err(f.code),
    };
    let (inv, _) = sb.end(false);
    r.map(|()| inv.map(|i| i.commands).unwrap_or_default())
}

/// What the action recorded with `api.transaction.setMetadata("out", value)`.
fn out(commands: &[Command]) -> Value {
    commands.iter().rev().find(|c| c.api == "transaction.setMetadata").map(|c| c.args[1].clone()).unwrap_or(Value::Null)
}

fn admin_event() -> Value {
    let mut e = sample_event(TriggerId::PostLogin);
    e["authorization"]["roles"] = json!(["Admin"]);
    e
}

#[test]
fn a_reset_sandbox_runs_the_seed_action_like_a_new_runtime() {
    let mut sb = Sandbox::new_restorable(&Limits::default()).expect("sandbox");
    assert!(sb.is_restorable());
    for _ in 0..3 {
        let admin = run(&mut sb, SEED, &admin_event()).expect("admin run");
        assert_eq!(serde_json::to_value(&admin).unwrap(), json!([{"api": "multifactor.enable", "args": ["any"]}]));
        let plain = run(&mut sb, SEED, &sample_event(TriggerId::PostLogin)).expect("plain run");
        assert!(plain.is_empty(), "{plain:?}");
    }
}

#[test]
fn globals_and_prototypes_changed_by_one_execution_are_gone_in_the_next() {
    let mut sb = Sandbox::new_restorable(&Limits::default()).expect("sandbox");
    let polluter = r#"exports.onExecutePostLogin = async (event, api) => {
        Object.prototype.polluted = "yes"; Array.prototype.includes = () => true; globalThis.leak = event.user.email;
        JSON.stringify = () => "hijacked"; };"#;
    let reader = r#"exports.onExecutePostLogin = async (event, api) => {
        api.transaction.setMetadata("out", JSON.stringify([({}).polluted, [].includes(1), typeof leak, JSON.stringify({a: 1})])); };"#;
    run(&mut sb, polluter, &sample_event(TriggerId::PostLogin)).expect("polluter");
    let seen = run(&mut sb, reader, &sample_event(TriggerId::PostLogin)).expect("reader");
    let seen: Value = serde_json::from_str(out(&seen).as_str().expect("a string")).expect("json");
    assert_eq!(seen, json!([null, false, "undefined", "{\"a\":1}"]));
}

#[test]
fn module_state_starts_over_for_every_execution() {
    let mut sb = Sandbox::new_restorable(&Limits::default()).expect("sandbox");
    let counter = r#"let n = 0; exports.onExecutePostLogin = async (event, api) => { n += 1; api.transaction.setMetadata("out", n); };"#;
    for _ in 0..3 {
        assert_eq!(out(&run(&mut sb, counter, &sample_event(TriggerId::PostLogin)).expect("run")), json!(1));
    }
}

#[test]
fn math_random_never_repeats_across_executions() {
    let mut sb = Sandbox::new_restorable(&Limits::default()).expect("sandbox");
    let draw = r#"exports.onExecutePostLogin = async (event, api) => { api.transaction.setMetadata("out", Math.random()); };"#;
    let draws: Vec<Value> = (0..5).map(|_| out(&run(&mut sb, draw, &sample_event(TriggerId::PostLogin)).expect("run"))).collect();
    for (i, a) in draws.iter().enumerate() {
        assert!(a.as_f64().is_some_and(|x| (0.0..1.0).contains(&x)), "{a}");
        assert!(draws[i + 1..].iter().all(|b| b != a), "{draws:?}");
    }
}

#[test]
fn limits_hit_in_one_execution_leave_the_next_unaffected() {
    let mut sb = Sandbox::new_restorable(&Limits::default()).expect("sandbox");
    let tight = Limits { cpu_ms: 200, memory_bytes: 16 << 20, ..Limits::default() };
    let bomb = r#"exports.onExecutePostLogin = async () => { const a = []; for (;;) a.push(new Array(1e5).fill(1)); };"#;
    assert_eq!(run_with(&mut sb, bomb, &sample_event(TriggerId::PostLogin), &tight), Err(ActionErrorCode::ActionMemoryLimit));
    let spin = r#"exports.onExecutePostLogin = async () => { while (true) {} };"#;
    assert_eq!(run_with(&mut sb, spin, &sample_event(TriggerId::PostLogin), &tight), Err(ActionErrorCode::ActionCpuLimit));
    let deep = r#"exports.onExecutePostLogin = async () => { const f = (n) => f(n + 1) + 1; f(0); };"#;
    assert_eq!(run_with(&mut sb, deep, &sample_event(TriggerId::PostLogin), &tight), Err(ActionErrorCode::ActionStackOverflow));
    assert_eq!(run(&mut sb, SEED, &admin_event()).expect("seed").len(), 1);
}

#[test]
fn timers_left_by_one_execution_never_fire_in_the_next() {
    let mut sb = Sandbox::new_restorable(&Limits::default()).expect("sandbox");
    let arm = r#"exports.onExecutePostLogin = async (event, api) => { setInterval(() => api.access.deny("late"), 1); };"#;
    run(&mut sb, arm, &sample_event(TriggerId::PostLogin)).expect("arm");
    let quiet = r#"exports.onExecutePostLogin = async (event, api) => { await new Promise((r) => setTimeout(r, 20)); };"#;
    assert_eq!(run(&mut sb, quiet, &sample_event(TriggerId::PostLogin)).expect("quiet").len(), 0);
}

#[test]
fn resetting_many_times_keeps_the_heap_at_its_bootstrapped_size() {
    let mut sb = Sandbox::new_restorable(&Limits::default()).expect("sandbox");
    assert!(sb.reset(&Limits::default()));
    let base = sb.memory_used();
    let grow = r#"exports.onExecutePostLogin = async (event, api) => { globalThis.keep = new Array(1e5).fill("x"); api.transaction.setMetadata("out", keep.length); };"#;
    for _ in 0..200 {
        assert_eq!(out(&run(&mut sb, grow, &sample_event(TriggerId::PostLogin)).expect("run")), json!(100000));
    }
    assert!(sb.reset(&Limits::default()));
    assert_eq!(sb.memory_used(), base);
}

