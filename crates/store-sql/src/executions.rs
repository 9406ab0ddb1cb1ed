//! Execution records of triggers (`ActionStore::insert_execution` / `find_execution`).

use crate::codec::{db_err, find_data, to_json};
use crate::db;
use crate::SqlStore;
use portcullis_domain::action::Execution;
use portcullis_store::StoreResult;

/// `Conflict` if the execution id exists in the tenant.
pub(crate) async fn insert<'c>(
    target: impl Into<db::Target<'c>>,
    e: &Execution,
) -> StoreResult<()> {
    db::query(
        "INSERT INTO action_executions (tenant_id, id, trigger_id, created_at, data) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&e.tenant_id)
    .bind(&e.id)
    .bind(&e.trigger_id)
    .bind(e.created_at.millis())
    .bind(to_json(e)?)
    .execute(target)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Waits for the records queued before it (`record_execution`).
pub(crate) async fn find(
    store: &SqlStore,
    tenant: &str,
    id: &str,
) -> StoreResult<Option<Execution>> {
    store.logs.flush().await;
    find_data(
        &store.db,
        "SELECT data FROM action_executions WHERE tenant_id = $1 AND id = $2",
        &[tenant, id],
    )
    .await
}
