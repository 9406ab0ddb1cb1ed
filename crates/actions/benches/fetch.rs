//! The cost of an action that calls `fetch`, through the executor as the login runs it (warm
//! runtimes, one worker thread), against a local keep-alive HTTP endpoint on its own thread;
//! side by side with an action that does not call out, and with the endpoint's own round trip
//! measured by the same HTTP client. Prints a markdown table: latency per execution and process
//! CPU per execution (the endpoint's share included: it is the same on every row).
//!
//! `cargo bench -p portcullis-actions --bench fetch` (pin it with `taskset -c 1` to see the
//! one-core cost the login benchmark sees). `FETCH_VARIANTS=all` (or one row's name) instead
//! times the fetch action's parts one by one: an empty handler, reading `event.user`, building a
//! `Request` or a `Response`, `await fetch(url)` alone, with `text()`, with `json()`, and whole.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use portcullis_actions::{ActionSource, EgressPolicy, Executor, ExecutorConfig, Handler, Limits, TriggerId, TriggerRequest};
use portcullis_actions::sample_events::sample_event;

const SEED: &str = r#"exports.onExecutePostLogin = async (event, api) => { if (event.authorization && event.authorization.roles.includes("Admin")) api.multifactor.enable("any"); };"#;

/// A keep-alive HTTP/1.1 endpoint answering every request with a small JSON body.
fn endpoint() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let core = std::env::var("BENCH_ENDPOINT_CORE").ok().and_then(|c| c.parse::<usize>().ok());
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            std::thread::spawn(move || {
                if let Some(c) = core {
                    pin_to(c);
                }
                let _ = conn.set_nodelay(true);
                let mut out = conn.try_clone().expect("clone");
                let mut r = BufReader::new(conn);
                let body = br#"{"plan":"gold","quota":1000}"#;
                loop {
                    let mut line = String::new();
                    // Request line and headers up to the blank line (no request bodies here).
                    loop {
                        line.clear();
                        match r.read_line(&mut line) {
                            Ok(0) | Err(_) => return,
                            Ok(_) if line == "\r\n" => break,
                            Ok(_) => {}
                        }
                    }
                    let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len());
                    if out.write_all(&[head.as_bytes(), body].concat()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}

/// Pin the calling thread to one core (the endpoint off the measured core, like the login
/// benchmark's fetch endpoint on the load generator's core).
fn pin_to(core: usize) {
    // SAFETY: a zeroed cpu_set_t is a valid empty set; the call only reads it.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(core, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

fn cpu_now() -> Duration {
    // SAFETY: getrusage fills the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

struct Row {
    name: &'static str,
    p50_us: f64,
    p99_us: f64,
    cpu_us: f64,
}

fn measure<F: std::future::Future<Output = ()>>(rt: &tokio::runtime::Runtime, name: &'static str, n: usize, mut call: impl FnMut() -> F) -> Row {
    rt.block_on(async {
        for _ in 0..n / 5 {
            call().await;
        }
        let mut lat = Vec::with_capacity(n);
        let cpu = cpu_now();
        for _ in 0..n {
            let t = Instant::now();
            call().await;
            lat.push(t.elapsed());
        }
        let cpu = cpu_now() - cpu;
        lat.sort();
        let p = |q: f64| lat[((lat.len() as f64 * q) as usize).min(lat.len() - 1)].as_secs_f64() * 1e6;
        Row { name, p50_us: p(0.5), p99_us: p(0.99), cpu_us: cpu.as_secs_f64() * 1e6 / n as f64 }
    })
}

fn request(code: &str) -> TriggerRequest {
    let mut event = sample_event(TriggerId::PostLogin);
    event["authorization"]["roles"] = serde_json::json!(["Admin"]);
    TriggerRequest {
        tenant_id: "bench".into(), trigger: TriggerId::PostLogin, handler: Handler::Execute,
        actions: vec![ActionSource { action_id: "a".into(), name: "a".into(), version_id: "v1".into(), code: code.into(), secrets: vec![], dependencies: vec![] }],
        event, limits: Limits::default(), fresh_runtime: false,
    }
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let n = if quick { 500 } else { 5_000 };
    let port = endpoint();
    let url = format!("http://127.0.0.1:{port}/profile");
    let fetcher = format!(
        r#"exports.onExecutePostLogin = async (event, api) => {{ const r = await fetch({:?} + "?u=" + encodeURIComponent(event.user.user_id)); const j = await r.json(); api.idToken.setCustomClaim("https://bench.example/plan", j.plan); }};"#,
        url
    );
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("tokio");
    let egress = EgressPolicy { allow_private: true, ..Default::default() };
    let shared = Arc::new(Executor::new(ExecutorConfig { workers: 1, egress: egress.clone(), io_runtime: Some(rt.handle().clone()), ..Default::default() }));
    let exec = Arc::new(Executor::new(ExecutorConfig { workers: 1, egress, ..Default::default() }));
    let client = reqwest::Client::new();

    let (seed, fetch) = (request(SEED), request(&fetcher));
    for e in [&shared, &exec] {
        let check = rt.block_on(e.run(fetch.clone()));
        assert!(check.actions[0].error.is_none(), "the fetch action failed: {:?}", check.actions[0].error);
        assert_eq!(check.actions[0].commands.len(), 1, "the fetch action set its claim");
    }

    let rtt = measure(&rt, "the endpoint's round trip (reqwest on the runtime)", n, || {
        let (c, u) = (client.clone(), url.clone());
        async move {
            let r = c.get(&u).send().await.expect("send");
            r.bytes().await.expect("body");
        }
    });
    // One execution of `req` on `exec` per call.
    let run = |exec: &Arc<Executor>, req: &TriggerRequest| {
        let (e, r) = (exec.clone(), req.clone());
        async move {
            e.run(r).await;
        }
    };
    if let Ok(only) = std::env::var("FETCH_VARIANTS") {
        let u = format!("{url:?}");
        let vs: Vec<(&'static str, String)> = vec![
            ("empty async", "exports.onExecutePostLogin = async (event, api) => {};".into()),
            ("user_id read", "exports.onExecutePostLogin = async (event, api) => { encodeURIComponent(event.user.user_id); };".into()),
            ("new Request only", format!("exports.onExecutePostLogin = async (event, api) => {{ new Request({u}); }};")),
            ("new Response only", "exports.onExecutePostLogin = async (event, api) => { const r = new Response(new Uint8Array(28), {status:200, headers:[['content-type','application/json'],['content-length','28']], _raw:true}); };".into()),
            ("await fetch", format!("exports.onExecutePostLogin = async (event, api) => {{ await fetch({u}); }};")),
            ("await fetch + text", format!("exports.onExecutePostLogin = async (event, api) => {{ const r = await fetch({u}); await r.text(); }};")),
            ("await fetch + json", format!("exports.onExecutePostLogin = async (event, api) => {{ const r = await fetch({u}); await r.json(); }};")),
            ("full", fetcher.clone()),
        ];
        println!("| part | p50 (µs) | p99 (µs) | process CPU per call (µs) |\n|---|---:|---:|---:|");
        for (name, code) in vs.into_iter().filter(|(name, _)| only == "all" || only == *name) {
            let req = request(&code);
            let r = measure(&rt, name, n, || run(&exec, &req));
            println!("| {} | {:.1} | {:.1} | {:.1} |", r.name, r.p50_us, r.p99_us, r.cpu_us);
        }
        return;
    }
    let no_io = measure(&rt, "action without IO (seed), executor, warm", n, || run(&exec, &seed));
    let on_shared = measure(&rt, "action calling fetch, executor, warm, request on the caller's runtime", n, || run(&shared, &fetch));
    let with_fetch = measure(&rt, "action calling fetch, executor, warm, request on the worker's thread (default)", n, || run(&exec, &fetch));

    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    println!("\n{cores} core(s) available; {n} sequential executions per row; one actions worker, one runtime thread.\n");
    println!("| path | p50 (µs) | p99 (µs) | process CPU per call (µs) |");
    println!("|---|---:|---:|---:|");
    for r in [&rtt, &no_io, &on_shared, &with_fetch] {
        println!("| {} | {:.1} | {:.1} | {:.1} |", r.name, r.p50_us, r.p99_us, r.cpu_us);
    }
    println!(
        "\nThe fetch action over the one without IO, minus the round trip: {:.1} µs p50, {:.1} µs CPU.",
        with_fetch.p50_us - no_io.p50_us - rtt.p50_us,
        with_fetch.cpu_us - no_io.cpu_us - rtt.cpu_us
    );
}
