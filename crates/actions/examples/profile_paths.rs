//! Runs one path in a loop for profilers (`perf record`, `valgrind --tool=callgrind`):
//! `cargo run --release --example profile_paths -- warm|fresh|create|bare|bare-ctx|mem [n]`.

use std::sync::Arc;
use portcullis_actions::sample_events::sample_event;
use portcullis_actions::sandbox::{Invocation, Pump, Sandbox};
use portcullis_actions::{Handler, InMemoryCache, Limits, TriggerId};

const SEED: &str = r#"exports.onExecutePostLogin = async (event, api) => { if (event.authorization && event.authorization.roles.includes("Admin")) api.multifactor.enable("any"); };"#;

fn inv() -> Invocation {
    Invocation { gen: 1, trigger: TriggerId::PostLogin, handler: Handler::Execute, commands: vec![], earlier: vec![], cache: Arc::new(InMemoryCache::default()), cache_scope: "x".into(), cache_side_effects: 0, token_ctx: Default::default(), can_redirect: true, fetches: 0, max_fetches: 5 }
}

fn run(sb: &mut Sandbox, ev: &str, reuse: bool) {
    sb.begin(inv(), "onExecutePostLogin", &portcullis_actions::sandbox::EventJson::from_text(ev), "{}", None).unwrap();
    assert!(matches!(sb.pump(None), Pump::Done(Ok(()))));
    let (i, _) = sb.end(reuse);
    assert_eq!(i.unwrap().commands.len(), 1);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map(String::as_str).unwrap_or("warm");
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2000);
    let mut event = sample_event(TriggerId::PostLogin);
    event["authorization"]["roles"] = serde_json::json!(["Admin", "Editor", "Billing"]);
    let ev = event.to_string();
    let limits = Limits::default();
    let t = std::time::Instant::now();
    match mode {
        "warm" => {
            let mut sb = Sandbox::new(&limits).unwrap();
            sb.load_action(SEED, None, None, true).unwrap();
            for _ in 0..n { run(&mut sb, &ev, true); }
        }
        "fresh" => for _ in 0..n {
            let mut sb = Sandbox::new(&limits).unwrap();
            sb.load_action(SEED, None, None, false).unwrap();
            run(&mut sb, &ev, false);
        },
        "create" => for _ in 0..n { let _ = Sandbox::new(&limits).unwrap(); },
        "bare" => for _ in 0..n { let rt = rquickjs::Runtime::new().unwrap(); let _c = rquickjs::Context::full(&rt).unwrap(); },
        // A fresh context in one shared runtime (not the sandbox's model: measures what reusing
        // the runtime could save at most). Garbage of dropped contexts is collected by the GC.
        "bare-ctx" => { let rt = rquickjs::Runtime::new().unwrap(); for _ in 0..n { let _c = rquickjs::Context::full(&rt).unwrap(); } rt.run_gc(); },
        "mem" => {
            let bare = Sandbox::new(&limits).unwrap();
            let mut single = Sandbox::new(&limits).unwrap();
            single.load_action(SEED, None, None, false).unwrap();
            run(&mut single, &ev, false);
            let mut reusable = Sandbox::new(&limits).unwrap();
            reusable.load_action(SEED, None, None, true).unwrap();
            run(&mut reusable, &ev, true);
            println!("memory: bare {} B, single-use loaded+run {} B, reusable loaded+run {} B", bare.memory_used(), single.memory_used(), reusable.memory_used());
        }
        _ => panic!("mode"),
    }
    eprintln!("{mode}: {:?} per iteration", t.elapsed() / n as u32);
}
