//! `api.cache` of actions: values shared by every node, each with its own expiry.

use crate::codec::{db_err, int, text};
use crate::db;
use crate::SqlStore;
use portcullis_domain::Timestamp;
use portcullis_store::StoreResult;

/// The value and its expiry while `now` is before the expiry; an expired row is deleted on
/// the way (only if it is still expired, so a concurrent `set` survives).
pub(crate) async fn get(
    store: &SqlStore,
    tenant: &str,
    scope: &str,
    key: &str,
    now: Timestamp,
) -> StoreResult<Option<(String, Timestamp)>> {
    let row = db::query(
        "SELECT value, expires_at FROM action_cache WHERE tenant_id = $1 AND scope = $2 AND cache_key = $3",
    )
    .bind(tenant)
    .bind(scope)
    .bind(key)
    .fetch_optional(&store.db)
    .await
    .map_err(db_err)?;
    let Some(row) = row else { return Ok(None) };
    let expires_at = Timestamp(int(&row, "expires_at")?);
    if expires_at > now {
        return Ok(Some((text(&row, "value")?, expires_at)));
    }
    db::query("DELETE FROM action_cache WHERE tenant_id = $1 AND scope = $2 AND cache_key = $3 AND expires_at <= $4")
        .bind(tenant)
        .bind(scope)
        .bind(key)
        .bind(now.millis())
        .execute(&store.db)
        .await
        .map_err(db_err)?;
    Ok(None)
}

/// Stores the value, replacing any earlier one and its expiry.
pub(crate) async fn set(
    store: &SqlStore,
    tenant: &str,
    scope: &str,
    key: &str,
    value: &str,
    expires_at: Timestamp,
) -> StoreResult<()> {
    db::query(
        "INSERT INTO action_cache (tenant_id, scope, cache_key, value, expires_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, scope, cache_key)
         DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
    )
    .bind(tenant)
    .bind(scope)
    .bind(key)
    .bind(value)
    .bind(expires_at.millis())
    .execute(&store.db)
    .await
    .map_err(db_err)?;
    Ok(())
}

pub(crate) async fn delete(
    store: &SqlStore,
    tenant: &str,
    scope: &str,
    key: &str,
) -> StoreResult<()> {
    db::query("DELETE FROM action_cache WHERE tenant_id = $1 AND scope = $2 AND cache_key = $3")
        .bind(tenant)
        .bind(scope)
        .bind(key)
        .execute(&store.db)
        .await
        .map_err(db_err)?;
    Ok(())
}
