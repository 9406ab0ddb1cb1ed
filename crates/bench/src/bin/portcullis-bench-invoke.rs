//! Invocation benchmark: the seed action with a ~2.7 KB post-login event, on the warm path
//! (runtime with the module loaded, reused) and the fresh path (new runtime per call), measured
//! in-thread (one core) and through the executor; plus Node.js `vm` (fresh context per call)
//! as the baseline when `node` is on PATH. Prints a markdown table.
//! `cargo run --release -p portcullis-bench --bin portcullis-bench-invoke [-- --quick]`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use portcullis_actions::sample_events::sample_event;
use portcullis_actions::sandbox::{EventJson, Invocation, Pump, Sandbox};
use portcullis_actions::{ActionSource, Executor, ExecutorConfig, Handler, InMemoryCache, Limits, TriggerId, TriggerRequest};
use serde_json::json;

const SEED: &str = r#"exports.onExecutePostLogin = async (event, api) => { if (event.authorization && event.authorization.roles.includes("Admin")) api.multifactor.enable("any"); };"#;

struct Row {
    name: String,
    p50_us: f64,
    p99_us: f64,
    per_sec: f64,
}

fn summarize(name: &str, mut lat: Vec<Duration>, total: Duration) -> Row {
    lat.sort();
    let p = |q: f64| lat[((lat.len() as f64 * q) as usize).min(lat.len() - 1)].as_secs_f64() * 1e6;
    Row { name: name.into(), p50_us: p(0.50), p99_us: p(0.99), per_sec: lat.len() as f64 / total.as_secs_f64() }
}

fn invocation() -> Invocation {
    Invocation {
        gen: 1, trigger: TriggerId::PostLogin, handler: Handler::Execute, commands: vec![], earlier: vec![],
        cache: Arc::new(InMemoryCache::default()), cache_scope: "bench/post-login".into(), cache_side_effects: 0,
        token_ctx: Default::default(), can_redirect: true, fetches: 0, max_fetches: 50,
    }
}

fn invoke(sb: &mut Sandbox, event: &EventJson, reuse: bool) -> usize {
    sb.begin(invocation(), "onExecutePostLogin", event, "{}", None).expect("begin");
    match sb.pump(None) {
        Pump::Done(Ok(())) => {}
        other => panic!("unexpected {other:?}"),
    }
    let (inv, _) = sb.end(reuse);
    inv.map(|i| i.commands.len()).unwrap_or(0)
}

/// Calls `call` `warmup` times (each must ask for MFA once), then times `n` calls.
fn timed(name: &str, warmup: usize, n: usize, mut call: impl FnMut() -> usize) -> Row {
    for _ in 0..warmup {
        assert_eq!(call(), 1);
    }
    let mut lat = Vec::with_capacity(n);
    let start = Instant::now();
    for _ in 0..n {
        let t = Instant::now();
        call();
        lat.push(t.elapsed());
    }
    summarize(name, lat, start.elapsed())
}

fn in_thread_warm(event: &EventJson, n: usize) -> Row {
    let limits = Limits::default();
    let mut sb = Sandbox::new(&limits).expect("sandbox");
    sb.load_action(SEED, None, None, true).expect("load");
    timed("warm, in-thread (one core)", 1000, n, || invoke(&mut sb, event, true))
}

/// The production fresh path: a restorable runtime put back to its bootstrapped state before
/// each call (one memory copy), then the action loaded from cached bytecode and invoked. Latency
/// and rate both include the reset.
fn in_thread_fresh(event: &EventJson, n: usize) -> Row {
    let limits = Limits::default();
    let mut sb = Sandbox::new_restorable(&limits).expect("sandbox");
    assert!(sb.is_restorable(), "this engine build supports restorable runtimes");
    timed("fresh runtime per call (restored copy of a bootstrapped runtime), in-thread (one core)", 200, n, || {
        sb.reset(&limits);
        sb.load_action(SEED, None, None, false).expect("load");
        invoke(&mut sb, event, false)
    })
}

/// A runtime created, bootstrapped and freed per call (what a fresh runtime costs without the
/// copy; the executor falls back to this beyond its restorable runtimes).
fn in_thread_fresh_created(event: &EventJson, n: usize) -> Row {
    let limits = Limits::default();
    timed("fresh runtime per call, created and freed each time, in-thread (one core)", 200, n, || {
        let mut sb = Sandbox::new(&limits).expect("sandbox");
        sb.load_action(SEED, None, None, false).expect("load");
        invoke(&mut sb, event, false)
    })
}

fn through_executor(rt: &tokio::runtime::Runtime, exec: &Arc<Executor>, event: &serde_json::Value, fresh: bool, n: usize, label: &str) -> (Row, Row) {
    let req = TriggerRequest {
        tenant_id: "bench".into(), trigger: TriggerId::PostLogin, handler: Handler::Execute,
        actions: vec![ActionSource { action_id: "seed".into(), name: "seed".into(), version_id: "v1".into(), code: SEED.into(), secrets: vec![], dependencies: vec![] }],
        event: event.clone(), limits: Limits::default(), fresh_runtime: fresh,
    };
    rt.block_on(async {
        for _ in 0..500 {
            exec.run(req.clone()).await;
        }
        let mut lat = Vec::with_capacity(n);
        let start = Instant::now();
        for _ in 0..n {
            let t = Instant::now();
            let out = exec.run(req.clone()).await;
            debug_assert_eq!(out.actions[0].commands.len(), 1);
            lat.push(t.elapsed());
        }
        let seq = summarize(&format!("{}, executor{label}, sequential", if fresh { "fresh" } else { "warm" }), lat, start.elapsed());
        // Pipelined: 32 requests in flight, one worker thread.
        let start = Instant::now();
        let mut lat = Vec::with_capacity(n);
        let mut set = tokio::task::JoinSet::new();
        for i in 0..n {
            let (e, r) = (exec.clone(), req.clone());
            set.spawn(async move { let t = Instant::now(); e.run(r).await; t.elapsed() });
            if i >= 32 {
                if let Some(Ok(d)) = set.join_next().await { lat.push(d) }
            }
        }
        while let Some(Ok(d)) = set.join_next().await { lat.push(d) }
        let piped = summarize(&format!("{}, executor{label}, 32 in flight (1 worker)", if fresh { "fresh" } else { "warm" }), lat, start.elapsed());
        (seq, piped)
    })
}

const NODE_SCRIPT: &str = r#"
const vm = require("vm");
const [,, n, eventJson, code] = process.argv;
const N = Number(n);
function once() {
  const cmds = [];
  const api = { multifactor: { enable: (...a) => { cmds.push({ api: "multifactor.enable", args: a }); return api; } } };
  const ctx = vm.createContext({});
  const module = { exports: {} };
  vm.runInContext("(function (exports, require, module) {" + code + "\n})", ctx)(module.exports, undefined, module);
  const event = JSON.parse(eventJson);
  return module.exports.onExecutePostLogin(event, api).then(() => cmds.length);
}
(async () => {
  for (let i = 0; i < 300; i++) await once();
  const lat = [];
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) { const t = process.hrtime.bigint(); await once(); lat.push(Number(process.hrtime.bigint() - t) / 1000); }
  const total = Number(process.hrtime.bigint() - start) / 1e9;
  lat.sort((a, b) => a - b);
  console.log(JSON.stringify({ p50_us: lat[Math.floor(N * 0.5)], p99_us: lat[Math.min(N - 1, Math.floor(N * 0.99))], per_sec: N / total, version: process.version }));
})();
"#;

fn node_vm(event: &str, n: usize) -> Option<(Row, String)> {
    let dir = std::env::temp_dir().join(format!("portcullis-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let script = dir.join("vm-bench.js");
    std::fs::write(&script, NODE_SCRIPT).ok()?;
    let out = std::process::Command::new("node").arg(&script).arg(n.to_string()).arg(event).arg(SEED).output().ok()?;
    let _ = std::fs::remove_dir_all(&dir);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    let row = Row { name: "Node.js vm, fresh context per call".into(), p50_us: v["p50_us"].as_f64()?, p99_us: v["p99_us"].as_f64()?, per_sec: v["per_sec"].as_f64()? };
    Some((row, v["version"].as_str().unwrap_or("?").to_owned()))
}

/// The same action in a fresh isolated-vm isolate per call (the Node sandbox with a separate V8
/// heap). Needs the package: `PORTCULLIS_BENCH_ISOLATED_VM` names its directory (bench/run.sh
/// with `BENCH_ISOLATED_VM=1` builds it).
const IVM_SCRIPT: &str = r#"
const ivm = require(process.env.IVM_MODULE);
const [,, n, eventJson, code] = process.argv;
const N = Number(n);
const src = "const module = { exports: {} };\n(function (exports, require, module) {" + code + "\n})(module.exports, undefined, module);\n" +
  "const cmds = []; const api = { multifactor: { enable: (...a) => { cmds.push({ api: 'multifactor.enable', args: a }); return api; } } };\n" +
  "module.exports.onExecutePostLogin(JSON.parse(" + JSON.stringify(eventJson) + "), api).then(() => JSON.stringify(cmds));";
async function once() {
  const isolate = new ivm.Isolate({ memoryLimit: 64 });
  try {
    const context = await isolate.createContext();
    return JSON.parse(await context.eval(src, { promise: true })).length;
  } finally { isolate.dispose(); }
}
(async () => {
  for (let i = 0; i < 50; i++) if (await once() !== 1) throw new Error("the seed action did not ask for MFA");
  const lat = [];
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) { const t = process.hrtime.bigint(); await once(); lat.push(Number(process.hrtime.bigint() - t) / 1000); }
  const total = Number(process.hrtime.bigint() - start) / 1e9;
  lat.sort((a, b) => a - b);
  console.log(JSON.stringify({ p50_us: lat[Math.floor(N * 0.5)], p99_us: lat[Math.min(N - 1, Math.floor(N * 0.99))], per_sec: N / total }));
})().catch((e) => { console.error(e); process.exit(1); });
"#;

fn isolated_vm(event: &str, n: usize) -> Option<Row> {
    let module = std::env::var_os("PORTCULLIS_BENCH_ISOLATED_VM")?;
    let dir = std::env::temp_dir().join(format!("portcullis-bench-ivm-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let script = dir.join("ivm-bench.js");
    std::fs::write(&script, IVM_SCRIPT).ok()?;
    let module = std::fs::canonicalize(module).ok()?;
    let out = std::process::Command::new("node").arg(&script).arg(n.to_string()).arg(event).arg(SEED).env("IVM_MODULE", module).output().ok()?;
    let _ = std::fs::remove_dir_all(&dir);
    if !out.status.success() {
        eprintln!("isolated-vm bench failed: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    Some(Row { name: "isolated-vm, fresh isolate per call".into(), p50_us: v["p50_us"].as_f64()?, p99_us: v["p99_us"].as_f64()?, per_sec: v["per_sec"].as_f64()? })
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg").ok().map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" ")).unwrap_or_else(|| "?".into())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("model name")).and_then(|l| l.split(':').nth(1)).map(|m| m.trim().to_owned()))
        .unwrap_or_else(|| "?".into())
}

fn main() {
    let load_before = loadavg();
    let quick = std::env::args().any(|a| a == "--quick");
    let scale = if quick { 10 } else { 1 };
    let mut event = sample_event(TriggerId::PostLogin);
    event["authorization"]["roles"] = json!(["Admin", "Editor", "Billing"]);
    let event_json = event.to_string();
    // The host hands the sandbox the event already split into its top-level properties (it
    // serialises them one by one); a single-use runtime parses the whole text.
    let parts = EventJson::from_value(&event);
    let whole = EventJson::Whole(event_json.clone());

    let warm = in_thread_warm(&parts, 50_000 / scale);
    let fresh = in_thread_fresh(&whole, 10_000 / scale);
    let fresh_created = in_thread_fresh_created(&whole, 5_000 / scale);

    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio");
    let exec = Arc::new(Executor::new(ExecutorConfig { workers: 1, ..Default::default() }));
    let (ew, ewp) = through_executor(&rt, &exec, &event, false, 20_000 / scale, "");
    let (ef, efp) = through_executor(&rt, &exec, &event, true, 10_000 / scale, " (restorable runtimes)");
    drop(exec);
    let exec = Arc::new(Executor::new(ExecutorConfig { workers: 1, restorable_runtimes_per_worker: 0, ..Default::default() }));
    let (efs, efsp) = through_executor(&rt, &exec, &event, true, 5_000 / scale, " (runtimes created per execution)");
    drop(exec);

    let mem = {
        let mut sb = Sandbox::new(&Limits::default()).expect("sandbox");
        let bare = sb.memory_used();
        sb.load_action(SEED, None, None, true).expect("load");
        invoke(&mut sb, &parts, true);
        let after_run = sb.memory_used();
        // What the pool keeps: the worker collects a kept runtime's garbage while idle.
        sb.collect_garbage();
        let mut single = Sandbox::new_restorable(&Limits::default()).expect("sandbox");
        single.reset(&Limits::default());
        single.load_action(SEED, None, None, false).expect("load");
        invoke(&mut single, &whole, false);
        (bare, sb.memory_used(), single.memory_used(), after_run, single.image_bytes())
    };
    let node = node_vm(&event_json, 5_000 / scale);
    let ivm = isolated_vm(&event_json, 1_000 / scale);

    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    println!("\nSeed action, post-login event of {} bytes.", event_json.len());
    println!(
        "Conditions: {} x {} (shared VM, wall clock: noisy), load average before/after {} / {}; {} build; samples: warm {}, fresh {} (created: half), executor {}/{}, node {}; one worker thread for the executor rows.\n",
        cores,
        cpu_model(),
        load_before,
        loadavg(),
        if cfg!(debug_assertions) { "debug" } else { "release" },
        50_000 / scale,
        10_000 / scale,
        20_000 / scale,
        5_000 / scale,
        5_000 / scale,
    );
    println!("| path | p50 (µs) | p99 (µs) | invocations/s |");
    println!("|---|---:|---:|---:|");
    let mut rows = vec![&warm, &fresh, &fresh_created, &ew, &ewp, &ef, &efp, &efs, &efsp];
    if let Some((r, _)) = &node {
        rows.push(r);
    }
    if let Some(r) = &ivm {
        rows.push(r);
    }
    for r in rows {
        println!("| {} | {:.1} | {:.1} | {:.0} |", r.name, r.p50_us, r.p99_us, r.per_sec);
    }
    println!();
    match &node {
        Some((r, version)) => println!(
            "Fresh-path speed-up over Node.js {version} vm (in-thread rate / node rate): {:.2}x; p50 ratio (node p50 / fresh p50): {:.2}x; runtimes created per call instead: {:.2}x",
            fresh.per_sec / r.per_sec,
            r.p50_us / fresh.p50_us,
            fresh_created.per_sec / r.per_sec
        ),
        None => println!("node not found on PATH: Node.js baseline skipped"),
    }
    match &ivm {
        Some(r) => println!("Fresh-path speed-up over isolated-vm (in-thread rate / isolated-vm rate): {:.2}x; p50 ratio: {:.2}x", fresh.per_sec / r.per_sec, r.p50_us / fresh.p50_us),
        None => println!("isolated-vm not measured (set PORTCULLIS_BENCH_ISOLATED_VM to its package directory; bench/run.sh does with BENCH_ISOLATED_VM=1)"),
    }
    println!("Memory per live runtime (QuickJS malloc_size, plus the native intrinsics snapshot of a reusable runtime): bare {} KB; seed action loaded and run: reusable (warm) runtime kept idle in the pool {} KB ({} KB right after the run, before the worker's idle-time garbage collection), single-use (fresh, restored) runtime {} KB live, plus its kept copy of the bootstrapped heap {} KB", mem.0 / 1024, mem.1 / 1024, mem.3 / 1024, mem.2 / 1024, mem.4 / 1024);
    println!("Targets: fresh >= 5,000/s/core with p99 <= 500 µs; warm >= 40,000/s/core; fresh >= 2x Node vm (issue 7: 3x) and >= 10x isolated-vm; <= 256 KB per runtime.");
}
