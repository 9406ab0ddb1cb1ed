//! The one way this crate talks to a database: `query(sql).bind(..).fetch_optional(&db)`, the same
//! for both engines.
//!
//! PostgreSQL goes through sqlx's pool. SQLite is one connection run in the calling task: a
//! statement on an embedded database takes microseconds, while sending it to a driver thread and
//! waking the task with the answer cost two context switches per statement, more than the
//! statement itself (about a quarter of a login's CPU on one core). The connection sits behind an
//! async lock, so a write transaction holds it from `BEGIN IMMEDIATE` to its end and nothing else
//! runs on the connection meanwhile; SQLite itself then never sees two writers from this process.

mod arg;
mod checkpoint;
mod lite;
mod row;

pub(crate) use arg::{Arg, IntoArg};
pub(crate) use row::Row;

use portcullis_store::StoreResult;
use sqlx::AnyPool;
use std::sync::Arc;

/// Either engine's failure, before it becomes a `StoreError` (`codec::db_err`).
#[derive(Debug)]
pub(crate) enum DbError {
    Any(sqlx::Error),
    Lite(rusqlite::Error),
    Other(String),
}

impl From<sqlx::Error> for DbError {
    fn from(e: sqlx::Error) -> Self {
        DbError::Any(e)
    }
}
impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        DbError::Lite(e)
    }
}

/// What an `execute` changed.
#[derive(Debug)]
pub(crate) struct Done {
    rows: u64,
}

impl Done {
    pub fn rows_affected(&self) -> u64 {
        self.rows
    }
}

/// The database of a store.
#[derive(Clone, Debug)]
pub(crate) enum Db {
    Sqlite(Arc<lite::Lite>),
    Any(AnyPool),
}

impl Db {
    pub async fn open_sqlite(url: &str) -> StoreResult<Db> {
        Ok(Db::Sqlite(Arc::new(
            lite::Lite::open(url).map_err(crate::codec::db_err)?,
        )))
    }

    /// Runs statements without parameters (a script), outside any transaction.
    pub async fn execute_script(&self, sql: &str) -> Result<(), DbError> {
        match self {
            Db::Sqlite(l) => Ok(l.lock().await.execute_batch(sql)?),
            Db::Any(p) => {
                use sqlx::Executor;
                p.execute(sql).await.map(|_| ()).map_err(DbError::from)
            }
        }
    }

    /// A transaction; `immediate` takes SQLite's write lock with its first statement.
    pub async fn begin(&self, immediate: bool) -> Result<Tx, DbError> {
        match self {
            Db::Sqlite(l) => {
                let conn = l.clone().lock_owned().await;
                let begin = if immediate {
                    "BEGIN IMMEDIATE"
                } else {
                    "BEGIN"
                };
                conn.execute_batch(begin)?;
                log_statement(begin, 0, 0);
                Ok(Tx {
                    conn: TxConn::Sqlite { conn, open: true },
                })
            }
            Db::Any(p) => {
                let begin: &'static str = "BEGIN";
                Ok(Tx {
                    conn: TxConn::Any(Some(p.begin_with(begin).await?)),
                })
            }
        }
    }

    pub async fn close(&self) {
        if let Db::Any(p) = self {
            p.close().await;
        }
    }
}

/// An open transaction: committed by `commit`, rolled back by `rollback` or when dropped.
pub(crate) struct Tx {
    conn: TxConn,
}

pub(crate) enum TxConn {
    Sqlite {
        conn: tokio::sync::OwnedMutexGuard<rusqlite::Connection>,
        open: bool,
    },
    /// `None` once committed or rolled back.
    Any(Option<sqlx::Transaction<'static, sqlx::Any>>),
}

impl std::ops::Deref for Tx {
    type Target = TxConn;
    fn deref(&self) -> &TxConn {
        &self.conn
    }
}
impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut TxConn {
        &mut self.conn
    }
}

impl Tx {
    pub async fn commit(mut self) -> Result<(), DbError> {
        self.finish("COMMIT").await
    }

    pub async fn rollback(mut self) -> Result<(), DbError> {
        self.finish("ROLLBACK").await
    }

    /// Runs statements without parameters inside the transaction.
    pub async fn execute_script(&mut self, sql: &str) -> Result<(), DbError> {
        match &mut self.conn {
            TxConn::Sqlite { conn, .. } => Ok(conn.execute_batch(sql)?),
            TxConn::Any(t) => {
                use sqlx::Executor;
                let t = t.as_mut().ok_or_else(ended)?;
                t.execute(sql).await.map(|_| ()).map_err(DbError::from)
            }
        }
    }

    async fn finish(&mut self, how: &str) -> Result<(), DbError> {
        log_statement(how, 0, 0);
        match &mut self.conn {
            TxConn::Sqlite { conn, open } => {
                *open = false;
                if let Err(e) = conn.execute_batch(how) {
                    // A failed COMMIT can leave the transaction open; it must not outlive us.
                    if !conn.is_autocommit() {
                        let _ = conn.execute_batch("ROLLBACK");
                    }
                    return Err(e.into());
                }
                Ok(())
            }
            TxConn::Any(t) => {
                let t = t.take().ok_or_else(ended)?;
                if how == "COMMIT" {
                    t.commit().await?;
                } else {
                    t.rollback().await?;
                }
                Ok(())
            }
        }
    }
}

impl Drop for TxConn {
    fn drop(&mut self) {
        if let TxConn::Sqlite { conn, open: true } = self {
            if !conn.is_autocommit() {
                let _ = conn.execute_batch("ROLLBACK");
            }
        }
    }
}

/// Where a statement runs: on the store's database, or inside a transaction.
pub(crate) enum Target<'a> {
    Db(&'a Db),
    Tx(&'a mut TxConn),
}

impl<'a> From<&'a Db> for Target<'a> {
    fn from(d: &'a Db) -> Self {
        Target::Db(d)
    }
}
impl<'a> From<&'a mut TxConn> for Target<'a> {
    fn from(t: &'a mut TxConn) -> Self {
        Target::Tx(t)
    }
}
impl<'a> From<&'a mut Tx> for Target<'a> {
    fn from(t: &'a mut Tx) -> Self {
        Target::Tx(&mut t.conn)
    }
}

/// A statement and its parameters (`$1`, `$2`... or `?`, as both engines read them).
pub(crate) struct Query<'q> {
    sql: &'q str,
    args: Vec<Arg>,
}

pub(crate) fn query(sql: &str) -> Query<'_> {
    Query {
        sql,
        args: Vec::new(),
    }
}

enum Want {
    Nothing,
    Rows,
}

impl<'q> Query<'q> {
    pub fn bind(mut self, value: impl IntoArg) -> Self {
        self.args.push(value.into_arg());
        self
    }

    /// Binds values made earlier, in order (a statement built from optional parts).
    pub fn bind_args(mut self, values: impl IntoIterator<Item = Arg>) -> Self {
        self.args.extend(values);
        self
    }

    pub async fn execute<'a>(self, target: impl Into<Target<'a>>) -> Result<Done, DbError> {
        let (rows, _) = self.run(target.into(), Want::Nothing).await?;
        Ok(Done { rows })
    }

    pub async fn fetch_all<'a>(self, target: impl Into<Target<'a>>) -> Result<Vec<Row>, DbError> {
        Ok(self.run(target.into(), Want::Rows).await?.1)
    }

    pub async fn fetch_optional<'a>(
        self,
        target: impl Into<Target<'a>>,
    ) -> Result<Option<Row>, DbError> {
        Ok(self.fetch_all(target).await?.into_iter().next())
    }

    pub async fn fetch_one<'a>(self, target: impl Into<Target<'a>>) -> Result<Row, DbError> {
        self.fetch_optional(target)
            .await?
            .ok_or_else(|| DbError::Other("the query returned no row".into()))
    }

    async fn run(self, target: Target<'_>, want: Want) -> Result<(u64, Vec<Row>), DbError> {
        let out = self.run_on(target, want).await;
        if let Ok((changed, rows)) = &out {
            log_statement(self.sql, *changed, rows.len());
        }
        out
    }

    async fn run_on(&self, target: Target<'_>, want: Want) -> Result<(u64, Vec<Row>), DbError> {
        match target {
            Target::Db(Db::Sqlite(l)) => {
                let conn = l.lock().await;
                lite::run(&conn, self.sql, &self.args, matches!(want, Want::Rows))
            }
            Target::Tx(TxConn::Sqlite { conn, .. }) => {
                lite::run(conn, self.sql, &self.args, matches!(want, Want::Rows))
            }
            Target::Db(Db::Any(p)) => any_run(p, self.sql, &self.args, want).await,
            Target::Tx(TxConn::Any(t)) => {
                any_run(
                    &mut **t.as_mut().ok_or_else(ended)?,
                    self.sql,
                    &self.args,
                    want,
                )
                .await
            }
        }
    }
}

async fn any_run<'c, E: sqlx::Executor<'c, Database = sqlx::Any>>(
    e: E,
    sql: &str,
    args: &[Arg],
    want: Want,
) -> Result<(u64, Vec<Row>), DbError> {
    let mut q = sqlx::query(sql);
    for a in args {
        q = match a {
            Arg::NullInt => q.bind(None::<i64>),
            Arg::NullText => q.bind(None::<String>),
            Arg::Int(i) => q.bind(*i),
            Arg::Text(s) => q.bind(s.clone()),
        };
    }
    match want {
        Want::Nothing => Ok((q.execute(e).await?.rows_affected(), Vec::new())),
        Want::Rows => Ok((0, q.fetch_all(e).await?.into_iter().map(Row::Any).collect())),
    }
}

/// Every statement that succeeded, at DEBUG under `portcullis::sql` (the benchmark's database
/// audit counts them): `PORTCULLIS_LOG=info,portcullis::sql=debug`.
fn log_statement(sql: &str, rows_affected: u64, rows_returned: usize) {
    tracing::debug!(target: "portcullis::sql", statement = sql, rows_affected, rows_returned);
}

fn ended() -> DbError {
    DbError::Other("the transaction has ended".into())
}

#[cfg(test)]
mod tests;
