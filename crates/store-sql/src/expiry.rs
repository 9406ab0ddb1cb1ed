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

/// Retention, a tenant at a time: each reads one range of a `(tenant_id, time)` index
/// (logs_by_time, and action_executions_by_time of migration 0006).
const LOGS: &str = "DELETE FROM logs WHERE (tenant_id, log_id) IN
    (SELECT tenant_id, log_id FROM logs WHERE tenant_id = $1 AND logged_at <= $2 LIMIT $3)";
const EXECUTIONS: &str = "DELETE FROM action_executions WHERE (tenant_id, id) IN
    (SELECT tenant_id, id FROM action_executions WHERE tenant_id = $1 AND created_at <= $2 LIMIT $3)";

#[async_trait]
impl ExpiryStore for SqlStore {
    async fn sweep_expired(&self, before: SweepBefore, limit: u32) -> StoreResult<Swept> {
        let mut swept = Swept {
            login_transactions: self.flows.as_ref().map_or(0, |m| m.sweep(before.state, limit))
                + self.delete_batch(LOGIN_TRANSACTIONS, before.state.millis(), limit).await?,
            // Unused codes held in memory go once expired: they can no longer be exchanged.
            codes: self.codes.as_ref().map_or(0, |m| m.sweep(before.state, limit))
                + self.delete_batch(CODES, before.codes.millis(), limit).await?,
            sessions: self.delete_batch(SESSIONS, before.state.millis(), limit).await?,
            cached_values: self.delete_batch(CACHED_VALUES, before.state.millis(), limit).await?,
            ..Swept::default()
        };
        if before.logs.is_none() && before.executions.is_none() {
            return Ok(swept);
        }
        let tenants = db::query("SELECT id FROM tenants").fetch_all(&self.db).await.map_err(db_err)?;
        for row in &tenants {
            let tenant = crate::codec::text(row, "id")?;
            if let Some(cutoff) = before.logs {
                let n = self.delete_tenant_batch(LOGS, &tenant, cutoff.millis(), limit).await?;
                swept.logs += n;
                swept.filled |= n >= u64::from(limit);
            }
            if let Some(cutoff) = before.executions {
                let n = self.delete_tenant_batch(EXECUTIONS, &tenant, cutoff.millis(), limit).await?;
                swept.executions += n;
                swept.filled |= n >= u64::from(limit);
            }
        }
        Ok(swept)
    }
}

impl SqlStore {
    async fn delete_batch(&self, sql: &str, before_ms: i64, limit: u32) -> StoreResult<u64> {
        let r = db::query(sql).bind(before_ms).bind(i64::from(limit)).execute(&self.db).await.map_err(db_err)?;
        Ok(r.rows_affected())
    }

    async fn delete_tenant_batch(&self, sql: &str, tenant: &str, before_ms: i64, limit: u32) -> StoreResult<u64> {
        let r = db::query(sql).bind(tenant).bind(before_ms).bind(i64::from(limit)).execute(&self.db).await.map_err(db_err)?;
        Ok(r.rows_affected())
    }
}
