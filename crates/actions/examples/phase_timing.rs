//! Where the time of one invocation goes (begin / event loop / end with the reuse check, and
//! runtime creation). Run with `cargo run --release --example phase_timing`.

use std::sync::Arc;
use std::time::{Duration, Instant};
use portcullis_actions::sample_events::sample_event;
use portcullis_actions::sandbox::{Invocation, Pump, Sandbox};
use portcullis_actions::{Handler, InMemoryCache, Limits, TriggerId};
const SEED: &str = r#"exports.onExecutePostLogin = async (event, api) => { if (event.authorization && event.authorization.roles.includes("Admin")) api.multifactor.enable("any"); };"#;
fn main() {
    let mut event = sample_event(TriggerId::PostLogin);
    event["authorization"]["roles"] = serde_json::json!(["Admin"]);
    let ev = event.to_string();
    let mut sb = Sandbox::new(&Limits::default()).unwrap();
    sb.load_action(SEED, None, None, true).unwrap();
    let (mut b, mut p, mut e) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let n = 5000;
    for _ in 0..n {
        let inv = Invocation { gen: 1, trigger: TriggerId::PostLogin, handler: Handler::Execute, commands: vec![], earlier: vec![], cache: Arc::new(InMemoryCache::default()), cache_scope: "x".into(), cache_side_effects: 0, token_ctx: Default::default(), can_redirect: true, fetches: 0, max_fetches: 5 };
        let t = Instant::now();
        sb.begin(inv, "onExecutePostLogin", &portcullis_actions::sandbox::EventJson::from_text(&ev), "{}", None).unwrap();
        b += t.elapsed();
        let t = Instant::now();
        assert!(matches!(sb.pump(None), Pump::Done(Ok(()))));
        p += t.elapsed();
        let t = Instant::now();
        sb.end(true);
        e += t.elapsed();
    }
    println!("begin {:?} pump {:?} end(check) {:?}", b / n, p / n, e / n);
    let rt = rquickjs::Runtime::new().unwrap(); let c = rquickjs::Context::full(&rt).unwrap();
    c.with(|ctx| {
        let t = Instant::now();
        for _ in 0..n { let _v: rquickjs::Value = ctx.json_parse(ev.as_str()).unwrap(); }
        println!("json_parse {:?}", t.elapsed() / n);
    });
    let t = Instant::now();
    for _ in 0..200 { let mut s = Sandbox::new(&Limits::default()).unwrap(); s.load_action(SEED, None, None, false).unwrap(); }
    println!("new+load {:?}", t.elapsed() / 200);
    let t = Instant::now();
    for _ in 0..200 { let _s = Sandbox::new(&Limits::default()).unwrap(); }
    println!("new {:?}", t.elapsed() / 200);
    let t = Instant::now();
    for _ in 0..200 { let rt = rquickjs::Runtime::new().unwrap(); let _c = rquickjs::Context::full(&rt).unwrap(); }
    println!("bare rt+ctx {:?}", t.elapsed() / 200);
}
