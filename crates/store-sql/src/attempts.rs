use crate::codec::{db_err, int, text};
use crate::db;
use crate::SqlStore;
use async_trait::async_trait;
use portcullis_domain::Timestamp;
use portcullis_store::{AttemptStore, StoreResult};

#[async_trait]
impl AttemptStore for SqlStore {
    async fn record_failure(
        &self,
        tenant: &str,
        user_key: &str,
        ip: &str,
        at: Timestamp,
    ) -> StoreResult<i64> {
        // One upsert: the increment happens under the row's lock on both engines.
        let row = db::query(
            "INSERT INTO attempts (tenant_id, user_key, ip, failures, last_at) VALUES ($1, $2, $3, 1, $4)
             ON CONFLICT (tenant_id, user_key, ip)
             DO UPDATE SET failures = attempts.failures + 1, last_at = excluded.last_at
             RETURNING failures",
        )
        .bind(tenant)
        .bind(user_key)
        .bind(ip)
        .bind(at.millis())
        .fetch_one(&self.db)
        .await
        .map_err(db_err)?;
        int(&row, "failures")
    }

    async fn failures(&self, tenant: &str, user_key: &str, ip: &str) -> StoreResult<i64> {
        let row = db::query(
            "SELECT failures FROM attempts WHERE tenant_id = $1 AND user_key = $2 AND ip = $3",
        )
        .bind(tenant)
        .bind(user_key)
        .bind(ip)
        .fetch_optional(&self.db)
        .await
        .map_err(db_err)?;
        row.as_ref()
            .map(|r| int(r, "failures"))
            .transpose()
            .map(|n| n.unwrap_or(0))
    }

    async fn reset_failures(&self, tenant: &str, user_key: &str, ip: &str) -> StoreResult<()> {
        db::query("DELETE FROM attempts WHERE tenant_id = $1 AND user_key = $2 AND ip = $3")
            .bind(tenant)
            .bind(user_key)
            .bind(ip)
            .execute(&self.db)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn unblock_user(&self, tenant: &str, user_key: &str) -> StoreResult<u64> {
        let r = db::query("DELETE FROM attempts WHERE tenant_id = $1 AND user_key = $2")
            .bind(tenant)
            .bind(user_key)
            .execute(&self.db)
            .await
            .map_err(db_err)?;
        Ok(r.rows_affected())
    }

    async fn blocked_ips(
        &self,
        tenant: &str,
        user_key: &str,
        threshold: i64,
    ) -> StoreResult<Vec<String>> {
        let rows = db::query(
            "SELECT ip FROM attempts WHERE tenant_id = $1 AND user_key = $2 AND failures >= $3 ORDER BY ip",
        )
        .bind(tenant)
        .bind(user_key)
        .bind(threshold)
        .fetch_all(&self.db)
        .await
        .map_err(db_err)?;
        rows.iter().map(|r| text(r, "ip")).collect()
    }
}
