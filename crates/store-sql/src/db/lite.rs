//! SQLite: one connection, statements run in the calling task.

use super::checkpoint::Checkpointer;
use super::row::{LiteRow, Value};
use super::{Arg, DbError, Row};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::Arc;
use tokio::sync::{Mutex, MutexGuard, OwnedMutexGuard};

/// Prepared statements kept per connection (the store has fewer distinct statements).
const STATEMENT_CACHE: usize = 256;

/// WAL pages (4 KiB) after which the serving connection checkpoints itself, so the WAL starts
/// over (about 40 MB at most); the checkpointer thread does the copying before that.
const WAL_RESTART_PAGES: i64 = 10_000;

#[derive(Debug)]
pub(crate) struct Lite {
    conn: Arc<Mutex<Connection>>,
    /// Runs the file's WAL checkpoints on a thread of its own (none in memory or read-only).
    _checkpointer: Option<Checkpointer>,
}

impl Lite {
    /// `url` as `prepare_url` leaves it: `sqlite://path?mode=rwc`, `sqlite::memory:`...
    pub fn open(url: &str) -> Result<Lite, DbError> {
        let rest = url
            .strip_prefix("sqlite:")
            .ok_or_else(|| DbError::Other(format!("not a SQLite URL: {url}")))?;
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let path = path.strip_prefix("//").unwrap_or(path);
        let mode = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("mode="))
            .unwrap_or("rwc");
        let in_memory = path.is_empty() || path == ":memory:" || mode == "memory";
        let conn = if in_memory {
            Connection::open_in_memory()?
        } else {
            let flags = match mode {
                "ro" => OpenFlags::SQLITE_OPEN_READ_ONLY,
                "rw" => OpenFlags::SQLITE_OPEN_READ_WRITE,
                "rwc" => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
                other => {
                    return Err(DbError::Other(format!(
                        "unknown SQLite mode {other:?} in {url}"
                    )))
                }
            };
            Connection::open_with_flags(
                path,
                flags | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
            )?
        };
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        if !in_memory && mode != "ro" {
            conn.pragma_update(None, "journal_mode", "WAL")?;
        }
        // temp_store = MEMORY: a statement inside a transaction that may change several rows
        // (the log writer's multi-row INSERT) keeps a statement journal to undo just itself;
        // past 64 KiB SQLite spilled it to a temporary file, created, written and closed again
        // in every such transaction (about 1% of a login's CPU in a profile).
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;")?;
        // SQLite's own automatic checkpoint stays on, every `WAL_RESTART_PAGES`: by then the
        // checkpointer has copied nearly everything, and only a checkpoint on this connection,
        // right after its commit, sees the whole WAL copied with no write in between, which is
        // what lets the next write start the WAL over (without it the file grows for as long as
        // writes keep coming). It still syncs to disk in that commit, so rarely.
        let checkpointer = if in_memory || mode == "ro" { None } else { Checkpointer::start(Path::new(path)) };
        if checkpointer.is_some() {
            conn.pragma_update(None, "wal_autocheckpoint", WAL_RESTART_PAGES)?;
        }
        Ok(Lite {
            conn: Arc::new(Mutex::new(conn)),
            _checkpointer: checkpointer,
        })
    }

    pub async fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().await
    }

    pub async fn lock_owned(&self) -> OwnedMutexGuard<Connection> {
        self.conn.clone().lock_owned().await
    }
}

/// Runs one statement; `$n` parameters take the n-th value, `?` ones the next in order.
pub(crate) fn run(
    conn: &Connection,
    sql: &str,
    args: &[Arg],
    want_rows: bool,
) -> Result<(u64, Vec<Row>), DbError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut next = 0;
    for i in 1..=stmt.parameter_count() {
        let arg = match stmt.parameter_name(i).and_then(|n| n.strip_prefix('$')) {
            Some(n) => n
                .parse::<usize>()
                .ok()
                .and_then(|k| args.get(k.wrapping_sub(1))),
            None => {
                next += 1;
                args.get(next - 1)
            }
        };
        match arg.ok_or_else(|| DbError::Other(format!("parameter {i} of {sql:?} has no value")))? {
            Arg::NullInt | Arg::NullText => stmt.raw_bind_parameter(i, rusqlite::types::Null)?,
            Arg::Int(v) => stmt.raw_bind_parameter(i, v)?,
            Arg::Text(s) => stmt.raw_bind_parameter(i, s.as_str())?,
        }
    }
    if !want_rows {
        return Ok((stmt.raw_execute()? as u64, Vec::new()));
    }
    let names: Arc<[String]> = stmt
        .column_names()
        .into_iter()
        .map(str::to_string)
        .collect();
    let mut out = Vec::new();
    let mut rows = stmt.raw_query();
    while let Some(r) = rows.next()? {
        let mut values = Vec::with_capacity(names.len());
        for c in 0..names.len() {
            values.push(match r.get_ref(c)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(i) => Value::Int(i),
                ValueRef::Real(_) => Value::Real,
                ValueRef::Text(t) => Value::Text(String::from_utf8(t.to_vec()).map_err(|_| {
                    DbError::Other(format!("column {} is not UTF-8 text", names[c]))
                })?),
                ValueRef::Blob(b) => Value::Blob(b.len()),
            });
        }
        out.push(Row::Lite(LiteRow {
            names: names.clone(),
            values,
        }));
    }
    Ok((0, out))
}
