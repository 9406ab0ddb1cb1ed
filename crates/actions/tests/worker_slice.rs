//! The actions worker threads ask the scheduler for a short slice (Linux 6.12 and later), so a
//! worker woken on a core that is busy with a signature or a hash runs at once.

use portcullis_actions::sample_events::sample_event;
use portcullis_actions::{Executor, ExecutorConfig, Limits, TriggerId};

/// `se.slice` (ns) and nice value of every thread of this process named `actions-js-*`.
fn worker_slices() -> Vec<(u64, i64)> {
    let mut out = Vec::new();
    for task in std::fs::read_dir("/proc/self/task").into_iter().flatten().flatten() {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if !comm.starts_with("actions-js-") {
            continue;
        }
        let sched = std::fs::read_to_string(task.path().join("sched")).unwrap_or_default();
        let slice: Option<u64> = sched.lines().find(|l| l.starts_with("se.slice")).and_then(|l| l.split(':').nth(1)).and_then(|v| v.trim().parse().ok());
        // Field 19 of `stat` (after the parenthesised name) is the nice value.
        let stat = std::fs::read_to_string(task.path().join("stat")).unwrap_or_default();
        let nice = stat.rsplit(')').next().and_then(|rest| rest.split_whitespace().nth(16)).and_then(|v| v.parse().ok()).unwrap_or(i64::MIN);
        out.extend(slice.map(|s| (s, nice)));
    }
    out
}

/// Whether this kernel has per-task slices for the normal policy (6.12 or later).
fn kernel_has_custom_slices() -> bool {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let mut parts = release.trim().split(|c: char| !c.is_ascii_digit()).filter_map(|p| p.parse::<u32>().ok());
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (major, minor) >= (6, 12)
}

#[tokio::test]
async fn workers_ask_for_a_short_slice_unless_configured_not_to() {
    // The process runs at a raised nice value, as under `nice -n 3`; the workers keep it.
    // SAFETY: setpriority only changes the calling thread's nice value, which the worker threads
    // spawned below inherit.
    assert_eq!(unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 3) }, 0);
    let short = Executor::new(ExecutorConfig { workers: 1, ..Default::default() });
    let default = Executor::new(ExecutorConfig { workers: 1, worker_slice_ns: 0, ..Default::default() });
    for exec in [&short, &default] {
        let r = exec.test_action(TriggerId::PostLogin, "exports.onExecutePostLogin = async () => {};", sample_event(TriggerId::PostLogin), vec![], vec![], Limits::default()).await;
        assert_eq!(r.error, None);
    }
    let slices = worker_slices();
    if !kernel_has_custom_slices() || slices.is_empty() {
        eprintln!("this kernel has no per-task scheduler slices; nothing to check (slices seen: {slices:?})");
        return;
    }
    assert_eq!(slices.len(), 2, "{slices:?}");
    assert_eq!(slices.iter().filter(|(s, _)| *s == 100_000).count(), 1, "one worker at 0.1 ms, the other at the kernel's default: {slices:?}");
    assert!(slices.iter().all(|(_, nice)| *nice == 3), "both workers keep the nice value they started with: {slices:?}");
}
