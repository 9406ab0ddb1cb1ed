use crate::codec::{all, count, db_err, find_data, limits};
use crate::db;
use crate::log_queue;
use crate::SqlStore;
use async_trait::async_trait;
use portcullis_domain::log::LogEvent;
use portcullis_store::{LogQuery, LogStore, Page, Paged, StoreResult};

/// Filters of `LogQuery`; `$5` is the `from` checkpoint: only entries strictly older than it,
/// in the same (time, id) order the listing uses. An unknown checkpoint matches nothing.
macro_rules! filter {
    () => {
        "tenant_id = $1
         AND ($2 IS NULL OR kind = $2)
         AND ($3 IS NULL OR user_id = $3)
         AND ($4 IS NULL OR client_id = $4)
         AND ($5 IS NULL OR logged_at < (SELECT c.logged_at FROM logs c WHERE c.tenant_id = $1 AND c.log_id = $5)
              OR (logged_at = (SELECT c.logged_at FROM logs c WHERE c.tenant_id = $1 AND c.log_id = $5)
                  AND log_id < $5))
         AND ($6 IS NULL OR logged_at >= $6)
         AND ($7 IS NULL OR logged_at < $7)"
    };
}

#[async_trait]
impl LogStore for SqlStore {
    async fn append_log(&self, event: &LogEvent) -> StoreResult<()> {
        match self.logs.push(event.clone()) {
            None => Ok(()),
            Some(event) => {
                log_queue::insert(&self.db, self.backend, std::slice::from_ref(&event)).await
            }
        }
    }

    async fn find_log(&self, tenant: &str, log_id: &str) -> StoreResult<Option<LogEvent>> {
        self.logs.flush().await;
        find_data(
            &self.db,
            "SELECT data FROM logs WHERE tenant_id = $1 AND log_id = $2",
            &[tenant, log_id],
        )
        .await
    }

    async fn list_logs(
        &self,
        tenant: &str,
        query: &LogQuery,
        page: Page,
    ) -> StoreResult<Paged<LogEvent>> {
        self.logs.flush().await;
        let (limit, offset) = limits(page);
        let rows = db::query(concat!(
            "SELECT data FROM logs WHERE ",
            filter!(),
            " ORDER BY logged_at DESC, log_id DESC LIMIT $8 OFFSET $9"
        ))
        .bind(tenant)
        .bind(query.kind.as_deref())
        .bind(query.user_id.as_deref())
        .bind(query.client_id.as_deref())
        .bind(query.from.as_deref())
        .bind(query.since.map(|t| t.millis()))
        .bind(query.until.map(|t| t.millis()))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.db)
        .await
        .map_err(db_err)?;
        let total = db::query(concat!("SELECT COUNT(*) AS n FROM logs WHERE ", filter!()))
            .bind(tenant)
            .bind(query.kind.as_deref())
            .bind(query.user_id.as_deref())
            .bind(query.client_id.as_deref())
            .bind(query.from.as_deref())
            .bind(query.since.map(|t| t.millis()))
            .bind(query.until.map(|t| t.millis()))
            .fetch_one(&self.db)
            .await
            .map_err(db_err)?;
        Ok(Paged {
            items: all(&rows)?,
            total: count(&total)?,
        })
    }
}
