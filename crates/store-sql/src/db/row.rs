//! A result row of either engine, read by column name.

use super::DbError;
use sqlx::any::AnyRow;
use std::borrow::Cow;
use std::sync::Arc;

pub(crate) enum Row {
    Any(AnyRow),
    Lite(LiteRow),
}

pub(crate) struct LiteRow {
    pub(super) names: Arc<[String]>,
    pub(super) values: Vec<Value>,
}

pub(super) enum Value {
    Null,
    Int(i64),
    Real,
    Text(String),
    /// The store keeps no blobs; only the length is kept, for the error message.
    Blob(usize),
}

impl LiteRow {
    fn get(&self, column: &str) -> Result<&Value, DbError> {
        self.names
            .iter()
            .position(|n| n == column)
            .map(|i| &self.values[i])
            .ok_or_else(|| DbError::Other(format!("no column {column:?} in the result")))
    }
}

fn mismatch(column: &str, wanted: &str, v: &Value) -> DbError {
    let found = match v {
        Value::Null => "NULL".to_string(),
        Value::Int(_) => "an integer".to_string(),
        Value::Real => "a real number".to_string(),
        Value::Text(_) => "text".to_string(),
        Value::Blob(n) => format!("a blob of {n} bytes"),
    };
    DbError::Other(format!(
        "column {column:?}: expected {wanted}, found {found}"
    ))
}

impl Row {
    /// Text or NULL; borrowed from a SQLite row.
    pub fn opt_text(&self, column: &str) -> Result<Option<Cow<'_, str>>, DbError> {
        match self {
            Row::Any(r) => {
                use sqlx::Row as _;
                Ok(r.try_get::<Option<String>, _>(column)?.map(Cow::Owned))
            }
            Row::Lite(r) => match r.get(column)? {
                Value::Null => Ok(None),
                Value::Text(s) => Ok(Some(Cow::Borrowed(s.as_str()))),
                other => Err(mismatch(column, "text", other)),
            },
        }
    }

    /// An integer or NULL.
    pub fn opt_int(&self, column: &str) -> Result<Option<i64>, DbError> {
        match self {
            Row::Any(r) => {
                use sqlx::Row as _;
                Ok(r.try_get::<Option<i64>, _>(column)?)
            }
            Row::Lite(r) => match r.get(column)? {
                Value::Null => Ok(None),
                Value::Int(i) => Ok(Some(*i)),
                other => Err(mismatch(column, "an integer", other)),
            },
        }
    }
}
