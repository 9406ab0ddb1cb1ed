//! Rows to entities and back: each entity is a JSON `data` column, and database errors become
//! `StoreError`s.

use crate::db::{DbError, Row};
use portcullis_domain::Timestamp;
use portcullis_store::{Page, StoreError, StoreResult};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// SQLite's extended result codes for UNIQUE and PRIMARY KEY violations; PostgreSQL's SQLSTATE.
const UNIQUE_CODES: &[&str] = &["2067", "1555", "23505"];

pub(crate) fn db_err(e: impl Into<DbError>) -> StoreError {
    match e.into() {
        DbError::Any(e) => {
            if let sqlx::Error::Database(d) = &e {
                let code_says_unique = d.code().is_some_and(|c| UNIQUE_CODES.contains(&c.as_ref()));
                if d.is_unique_violation() || code_says_unique {
                    return StoreError::Conflict(d.message().to_string());
                }
            }
            StoreError::Backend(e.to_string())
        }
        DbError::Lite(e) => {
            if let rusqlite::Error::SqliteFailure(f, message) = &e {
                if UNIQUE_CODES.contains(&f.extended_code.to_string().as_str()) {
                    return StoreError::Conflict(message.clone().unwrap_or_else(|| e.to_string()));
                }
            }
            StoreError::Backend(e.to_string())
        }
        DbError::Other(m) => StoreError::Backend(m),
    }
}

/// How often an operation that can lose a deadlock is tried.
pub(crate) const TRANSIENT_ATTEMPTS: u32 = 3;

/// PostgreSQL aborted the transaction to break a deadlock or a serialization conflict; trying
/// again is safe. (SQLite waits on its busy timeout instead.)
pub(crate) fn is_transient(e: &DbError) -> bool {
    match e {
        DbError::Any(sqlx::Error::Database(d)) => {
            matches!(d.code().as_deref(), Some("40P01" | "40001"))
        }
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
pub(crate) fn data<T: DeserializeOwned>(row: &Row) -> StoreResult<T> {
    match row.opt_text("data").map_err(db_err)? {
        Some(text) => from_json(&text),
        None => Err(null_column("data")),
    }
}

fn null_column(column: &str) -> StoreError {
    StoreError::Backend(format!("column {column:?} is NULL"))
}

pub(crate) fn text(row: &Row, column: &str) -> StoreResult<String> {
    opt_text(row, column)?.ok_or_else(|| null_column(column))
}

pub(crate) fn opt_text(row: &Row, column: &str) -> StoreResult<Option<String>> {
    Ok(row
        .opt_text(column)
        .map_err(db_err)?
        .map(|t| t.into_owned()))
}

pub(crate) fn int(row: &Row, column: &str) -> StoreResult<i64> {
    row.opt_int(column)
        .map_err(db_err)?
        .ok_or_else(|| null_column(column))
}

pub(crate) fn opt_time(row: &Row, column: &str) -> StoreResult<Option<Timestamp>> {
    Ok(row.opt_int(column).map_err(db_err)?.map(Timestamp))
}

/// Decodes the `data` column of the row `sql` selects with these text parameters, if any.
pub(crate) async fn find_data<T: DeserializeOwned>(
    db: &crate::db::Db,
    sql: &str,
    params: &[&str],
) -> StoreResult<Option<T>> {
    let mut q = crate::db::query(sql);
    for p in params {
        q = q.bind(*p);
    }
    let row = q.fetch_optional(db).await.map_err(db_err)?;
    row.as_ref().map(data).transpose()
}

/// Decodes every row's `data` column.
pub(crate) fn all<T: DeserializeOwned>(rows: &[Row]) -> StoreResult<Vec<T>> {
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
pub(crate) fn count(row: &Row) -> StoreResult<i64> {
    int(row, "n")
}
