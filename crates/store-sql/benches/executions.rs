//! Execution records keyed by random ids vs time-ordered ids, on a real SQLite file that already
//! holds a busy day's records. `cargo bench -p portcullis-store-sql --bench executions`
//! prints the median cost per record of each (rounds alternate between the two, side by side).

use std::time::Instant;

use portcullis_domain::action::Execution;
use portcullis_domain::clock::Timestamp;
use portcullis_store::{contract, ActionStore, TenantStore};

const PREFILL: usize = 50_000;
const ROUND: usize = 2_000;
const ROUNDS: usize = 7;
/// Records per flush: about one log-queue window at a few hundred logins per second.
const WINDOW: usize = 16;

struct Ids {
    state: u64,
    ordered: bool,
    millis: i64,
}

impl Ids {
    fn next(&mut self) -> String {
        // xorshift64*: the bench needs spread, not secrecy.
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        let r = self.state.wrapping_mul(0x2545_F491_4F6C_DD1D);
        self.millis += 1;
        if self.ordered { format!("{:016x}{:022x}", self.millis, r) } else { format!("{:022x}{:016x}", r, self.millis) }
    }
}

fn record(id: String, at: i64) -> Execution {
    let results = serde_json::json!([{
        "action_name": "seed", "version_id": "v1", "error": null,
        "started_at": "2026-12-07T00:00:00.000Z", "ended_at": "2026-12-07T00:00:00.001Z",
        "stats": {"total_ms": 0.2, "runtime_init_ms": 0.05, "code_load_ms": 0.01, "run_ms": 0.1, "fetch_ms": 0.0, "fetch_calls": 0},
        "logs": ""
    }]);
    Execution { tenant_id: "t1".into(), id, trigger_id: "post-login".into(), status: "final".into(), results, created_at: Timestamp(at), updated_at: Timestamp(at) }
}

async fn write(store: &portcullis_store_sql::SqlStore, ids: &mut Ids, n: usize) {
    for i in 0..n {
        store.record_execution(record(ids.next(), ids.millis)).await.unwrap();
        if i % WINDOW == WINDOW - 1 {
            store.flush_logs().await;
        }
    }
    store.flush_logs().await;
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let mut stores = Vec::new();
        for (name, ordered) in [("random ids", false), ("time-ordered ids", true)] {
            let url = format!("sqlite://{}/{}.db?mode=rwc", dir.path().display(), if ordered { "ordered" } else { "random" });
            let store = portcullis_store_sql::connect(&url).await.unwrap();
            store.create_tenant(&contract::tenant("t1")).await.unwrap();
            let mut ids = Ids { state: 0x9E37_79B9_7F4A_7C15, ordered, millis: 1_790_000_000_000 };
            write(&store, &mut ids, PREFILL).await;
            stores.push((name, store, ids, Vec::new()));
        }
        for _ in 0..ROUNDS {
            for (_, store, ids, samples) in stores.iter_mut() {
                let t = Instant::now();
                write(store, ids, ROUND).await;
                samples.push(t.elapsed().as_secs_f64() * 1e6 / ROUND as f64);
            }
        }
        println!("Execution records into SQLite ({PREFILL} already stored; {ROUNDS} alternating rounds of {ROUND}, flushed every {WINDOW}; one thread)");
        println!();
        println!("| ids | median µs per record | min | max |");
        println!("|---|---:|---:|---:|");
        let mut medians = Vec::new();
        for (name, _, _, samples) in &stores {
            let m = median(samples.clone());
            let min = samples.iter().copied().fold(f64::MAX, f64::min);
            let max = samples.iter().copied().fold(0.0, f64::max);
            println!("| {name} | {m:.1} | {min:.1} | {max:.1} |");
            medians.push(m);
        }
        println!();
        println!("random ÷ time-ordered: {:.2}x", medians[0] / medians[1]);
    });
}
