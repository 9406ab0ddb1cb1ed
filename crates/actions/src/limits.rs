//! Per-execution limits, with Auth0's defaults.

use serde::{Deserialize, Serialize};

/// Limits of one trigger execution. All durations in milliseconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Limits {
    /// Wall time for the whole trigger execution (all actions), Auth0: 20 s.
    pub wall_ms: u64,
    /// Longest uninterrupted stretch of JavaScript on the CPU (one turn of the event loop).
    pub cpu_ms: u64,
    /// Memory limit of one runtime, Auth0-like default 64 MiB.
    pub memory_bytes: usize,
    /// Maximum JavaScript stack size.
    pub stack_bytes: usize,
    /// Maximum action code size, Auth0: 100 kB (excluding npm modules).
    pub code_bytes: usize,
    /// Console output captured per execution, Auth0's harness: 256 KB.
    pub console_bytes: usize,
    /// Default timeout of one `fetch` call.
    pub fetch_timeout_ms: u64,
    /// Maximum body size read from one `fetch` response.
    pub fetch_max_response_bytes: usize,
    /// Maximum number of `fetch` calls per action run.
    pub fetch_max_calls: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            wall_ms: 20_000,
            cpu_ms: 20_000,
            memory_bytes: 64 << 20,
            stack_bytes: 1 << 20,
            code_bytes: 100_000,
            console_bytes: 256 * 1024,
            fetch_timeout_ms: 10_000,
            fetch_max_response_bytes: 10 << 20,
            fetch_max_calls: 50,
        }
    }
}
