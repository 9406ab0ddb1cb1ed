use crate::codec::{data, db_err, int, opt_time, to_json};
use crate::db;
use crate::{expect_one, SqlStore};
use async_trait::async_trait;
use portcullis_domain::flow::StoredSigningKey;
use portcullis_domain::Timestamp;
use portcullis_store::{KeyStore, StoreError, StoreResult};

/// How often `rotate_key` retries when a concurrent rotation of the same algorithm won.
const ROTATION_ATTEMPTS: usize = 3;

/// Rotation and revocation change these columns, so they, not `data`, are authoritative.
fn key_from(row: &db::Row) -> StoreResult<StoredSigningKey> {
    let mut key: StoredSigningKey = data(row)?;
    key.current = int(row, "is_current")? == 1;
    key.rotated_at = opt_time(row, "rotated_at")?;
    key.revoked_at = opt_time(row, "revoked_at")?;
    Ok(key)
}

#[async_trait]
impl KeyStore for SqlStore {
    async fn list_keys(&self, tenant: &str) -> StoreResult<Vec<StoredSigningKey>> {
        let rows = db::query(
            "SELECT data, is_current, rotated_at, revoked_at FROM signing_keys
             WHERE tenant_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, kid DESC",
        )
        .bind(tenant)
        .fetch_all(&self.db)
        .await
        .map_err(db_err)?;
        rows.iter().map(key_from).collect()
    }

    async fn rotate_key(&self, key: &StoredSigningKey, at: Timestamp) -> StoreResult<()> {
        // On PostgreSQL two concurrent rotations can both find the same current key; the
        // loser's insert then violates "one current key per alg" and it retries against the
        // winner's key. SQLite serialises the transactions, so it never retries.
        let mut last = StoreError::Backend("key rotation was not attempted".into());
        for _ in 0..ROTATION_ATTEMPTS {
            match rotate_once(self, key, at).await {
                Err(StoreError::Conflict(e)) => last = StoreError::Conflict(e),
                other => return other,
            }
        }
        Err(last)
    }

    /// `NotFound` if the key does not exist. A revoked key is no longer current.
    async fn revoke_key(&self, tenant: &str, kid: &str, at: Timestamp) -> StoreResult<()> {
        let r = db::query(
            "UPDATE signing_keys SET revoked_at = COALESCE(revoked_at, $3), is_current = 0
             WHERE tenant_id = $1 AND kid = $2",
        )
        .bind(tenant)
        .bind(kid)
        .bind(at.millis())
        .execute(&self.db)
        .await
        .map_err(db_err)?;
        expect_one(r)
    }
}

async fn rotate_once(store: &SqlStore, key: &StoredSigningKey, at: Timestamp) -> StoreResult<()> {
    let mut tx = store.begin_write().await?;
    db::query(
        "UPDATE signing_keys SET is_current = 0, rotated_at = $3
         WHERE tenant_id = $1 AND alg = $2 AND is_current = 1",
    )
    .bind(&key.tenant_id)
    .bind(&key.alg)
    .bind(at.millis())
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    db::query(
        "INSERT INTO signing_keys (tenant_id, kid, alg, is_current, created_at, rotated_at, revoked_at, data)
         VALUES ($1, $2, $3, 1, $4, NULL, NULL, $5)",
    )
    .bind(&key.tenant_id)
    .bind(&key.kid)
    .bind(&key.alg)
    .bind(key.created_at.millis())
    .bind(to_json(key)?)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    tx.commit().await.map_err(db_err)
}
