//! WAL checkpoints mostly off the request path. SQLite's automatic checkpoint runs inside the
//! commit that crosses the threshold, and a checkpoint copies the WAL's pages into the database
//! file and syncs both to disk: that commit, and with it the task and the whole async worker
//! thread it runs on, waits for the disk. On one core that showed as the server idle 6% of the
//! time at saturation with logins queued. So a thread of its own, with a second connection to
//! the file, runs a passive checkpoint (which blocks neither readers nor writers) every
//! `INTERVAL`, and once more when the store closes. The serving connection's automatic
//! checkpoint stays on: it then finds little left to copy, and it is what lets the WAL start
//! over (see `Lite::open`).

use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

const INTERVAL: Duration = Duration::from_millis(200);

/// Stops the checkpointer (after one last checkpoint) when dropped.
#[derive(Debug)]
pub(crate) struct Checkpointer {
    _stop: mpsc::Sender<()>,
}

impl Checkpointer {
    /// Starts checkpointing `path`; `None` if the second connection or the thread cannot be had
    /// (the serving connection then checkpoints everything itself, as SQLite does by default).
    pub fn start(path: &Path) -> Option<Checkpointer> {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI).ok()?;
        conn.busy_timeout(Duration::from_secs(5)).ok()?;
        // It reads no tables: a small page cache keeps its memory small.
        conn.execute_batch("PRAGMA cache_size = -64; PRAGMA wal_autocheckpoint = 0;").ok()?;
        let (stop, stopped) = mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || loop {
                let last = matches!(stopped.recv_timeout(INTERVAL), Err(mpsc::RecvTimeoutError::Disconnected) | Ok(()));
                if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                    tracing::warn!(error = %e, "SQLite WAL checkpoint failed");
                }
                if last {
                    return;
                }
            })
            .ok()?;
        Some(Checkpointer { _stop: stop })
    }
}
