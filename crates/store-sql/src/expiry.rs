use crate::codec::db_err;
use crate::db;
use crate::SqlStore;
use async_trait::async_trait;
use portcullis_store::{ExpiryStore, StoreResult, SweepBefore, Swept};

/// One bounded batch per statement, each its own short transaction, so a sweep never holds
/// SQLite's write lock (or PostgreSQL's row locks) for long. codes, sessions and action_cache
/// have an index on `expires_at` (migration 0005), so a batch reads only the rows it deletes;
/// login_transactions is scanned (it holds only unfinished logins, see the migration).
const LOGIN_TRANSACTIONS: &str = "DELETE FROM login_transactions WHERE (tenant_id, id) IN
    (SELECT tenant_id, id FROM login_transactions WHERE expires_at <= $1 LIMIT $2)";
const CODES: &str = "DELETE FROM codes WHERE (tenant_id, code_hash) IN
    (SELECT tenant_id, code_hash FROM codes WHERE expires_at <= $1 LIMIT $2)";
const SESSIONS: &str = "DELETE FROM sessions WHERE (tenant_id, id) IN
    (SELECT tenant_id, id FROM sessions WHERE expires_at <= $1 LIMIT $2)";
const CACHED_VALUES: &str = "DELETE FROM action_cache WHERE (tenant_id, scope, cache_key) IN
    (SELECT tenant_id, scope, cache_key FROM action_cache WHERE expires_at <= $1 LIMIT $2)";

#[async_trait]
impl ExpiryStore for SqlStore {
    async fn sweep_expired(&self, before: SweepBefore, limit: u32) -> StoreResult<Swept> {
        Ok(Swept {
            login_transactions: self.delete_batch(LOGIN_TRANSACTIONS, before.state.millis(), limit).await?,
            codes: self.delete_batch(CODES, before.codes.millis(), limit).await?,
            sessions: self.delete_batch(SESSIONS, before.state.millis(), limit).await?,
            cached_values: self.delete_batch(CACHED_VALUES, before.state.millis(), limit).await?,
        })
    }
}

impl SqlStore {
    async fn delete_batch(&self, sql: &str, before_ms: i64, limit: u32) -> StoreResult<u64> {
        let r = db::query(sql).bind(before_ms).bind(i64::from(limit)).execute(&self.db).await.map_err(db_err)?;
        Ok(r.rows_affected())
    }
}
