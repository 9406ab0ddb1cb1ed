//! Rows to entities and back: each entity is a JSON `data` column, and database errors become
//! `StoreError`s.

use portcullis_domain::Timestamp;
use portcullis_store::{Page, StoreError, StoreResult};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

/// SQLite's extended result codes for UNIQUE and PRIMARY KEY violations; PostgreSQL's SQLSTATE.
const UNIQUE_CODES: &[&str] = &["2067", "1555", "23505"];

pub(crate) fn db_err(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(d) = &e {
        let code_says_unique = d.code().is_some_and(|c| UNIQUE_CODES.contains(&c.as_ref()));
        if d.is_unique_violation() || code_says_unique {
            return StoreError::Conflict(d.message().to_string());
        }
    }
    StoreError::Backend(e.to_string())
}

/// How often an operation that can lose a deadlock is tried.
pub(crate) const TRANSIENT_ATTEMPTS: u32 = 3;

/// PostgreSQL aborted the transaction to break a deadlock or a serialization conflict; trying
/// again is safe. (SQLite waits on its busy timeout instead.)
pub(crate) fn is_transient(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => matches!(d.code().as_deref(), Some("40P01" | "40001")),
        _ => false,
    }
}

pub(crate) fn to_json<T: Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Backend(format!("encoding row: {e}")))
}

pub(crate) fn from_json<T: DeserializeOwned>(data: &str) -> StoreResult<T> {
    serde_json::from_str(data).map_err(|e| StoreError::Backend(format!("corrupt row: {e}")))
}

/// Decodes the `data` column of a row.
pub(crate) fn data<T: DeserializeOwned>(row: &AnyRow) -> StoreResult<T> {
    from_json(&text(row, "data")?)
}

pub(crate) fn text(row: &AnyRow, column: &str) -> StoreResult<String> {
    row.try_get::<String, _>(column).map_err(db_err)
}

pub(crate) fn opt_text(row: &AnyRow, column: &str) -> StoreResult<Option<String>> {
    row.try_get::<Option<String>, _>(column).map_err(db_err)
}

pub(crate) fn int(row: &AnyRow, column: &str) -> StoreResult<i64> {
    row.try_get::<i64, _>(column).map_err(db_err)
}

pub(crate) fn opt_time(row: &AnyRow, column: &str) -> StoreResult<Option<Timestamp>> {
    Ok(row.try_get::<Option<i64>, _>(column).map_err(db_err)?.map(Timestamp))
}

/// Decodes the `data` column of the row `sql` selects with these text parameters, if any.
pub(crate) async fn find_data<T: DeserializeOwned>(pool: &sqlx::AnyPool, sql: &str, params: &[&str]) -> StoreResult<Option<T>> {
    let mut q = sqlx::query(sql);
    for p in params {
        q = q.bind(*p);
    }
    let row = q.fetch_optional(pool).await.map_err(db_err)?;
    row.as_ref().map(data).transpose()
}

/// Decodes every row's `data` column.
pub(crate) fn all<T: DeserializeOwned>(rows: &[AnyRow]) -> StoreResult<Vec<T>> {
    rows.iter().map(data).collect()
}

/// `LIMIT` and `OFFSET` of a page, as bind values.
pub(crate) fn limits(page: Page) -> (i64, i64) {
    (i64::from(page.per_page), page.offset())
}

/// A `LIKE` pattern matching `needle` anywhere, with `\` as the escape character.
pub(crate) fn contains_pattern(needle: &str) -> String {
    let mut p = String::with_capacity(needle.len() + 2);
    p.push('%');
    for c in needle.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// The single-row count of a `SELECT COUNT(*) AS n` query.
pub(crate) fn count(row: &AnyRow) -> StoreResult<i64> {
    int(row, "n")
}
