//! The multi-statement writes of actions and bindings, each in one write transaction (the
//! `ActionStore` impl in `actions.rs` retries deletes and binding replacements on a transient failure).

use crate::codec::db_err;
use crate::db;
use crate::SqlStore;
use portcullis_domain::action::{Action, Binding};
use portcullis_store::StoreResult;

/// Replaces the action's rows of supported triggers (a trigger listed twice is stored once).
pub(crate) async fn put_supported_triggers(tx: &mut db::Tx, a: &Action) -> StoreResult<()> {
    db::query("DELETE FROM action_supported_triggers WHERE tenant_id = $1 AND action_id = $2")
        .bind(&a.tenant_id)
        .bind(&a.id)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    for trigger in &a.supported_triggers {
        db::query(
            "INSERT INTO action_supported_triggers (tenant_id, trigger_id, action_id) VALUES ($1, $2, $3)
             ON CONFLICT (tenant_id, trigger_id, action_id) DO NOTHING",
        )
        .bind(&a.tenant_id)
        .bind(&trigger.id)
        .bind(&a.id)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    }
    Ok(())
}

/// Deletes the action and everything that hangs off it; returns how many actions it deleted.
pub(crate) async fn delete_action_once(
    store: &SqlStore,
    tenant: &str,
    id: &str,
) -> Result<u64, db::DbError> {
    let mut tx = store.begin_write_raw().await?;
    // The action's row first, the lock that deploys and updates take first too.
    let r = db::query("DELETE FROM actions WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if r.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(0);
    }
    for sql in [
        "DELETE FROM action_versions WHERE tenant_id = $1 AND action_id = $2",
        "DELETE FROM action_bindings WHERE tenant_id = $1 AND action_id = $2",
        "DELETE FROM action_supported_triggers WHERE tenant_id = $1 AND action_id = $2",
    ] {
        db::query(sql)
            .bind(tenant)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(r.rows_affected())
}

pub(crate) async fn replace_bindings_once(
    store: &SqlStore,
    tenant: &str,
    trigger_id: &str,
    bindings: &[Binding],
    encoded: &[String],
) -> Result<(), db::DbError> {
    let mut tx = store.begin_write_raw().await?;
    // Bumping the trigger's revision first takes its row lock on PostgreSQL: a concurrent
    // replacement waits here, and its DELETE then sees the rows this one inserts. (Without
    // it, that DELETE would miss them and its inserts would collide.) SQLite's write lock
    // does the same from BEGIN.
    db::query(
        "INSERT INTO action_binding_revisions (tenant_id, trigger_id, revision) VALUES ($1, $2, 1)
         ON CONFLICT (tenant_id, trigger_id) DO UPDATE SET revision = action_binding_revisions.revision + 1",
    )
    .bind(tenant)
    .bind(trigger_id)
    .execute(&mut *tx)
    .await?;
    db::query("DELETE FROM action_bindings WHERE tenant_id = $1 AND trigger_id = $2")
        .bind(tenant)
        .bind(trigger_id)
        .execute(&mut *tx)
        .await?;
    for (position, (b, data)) in bindings.iter().zip(encoded).enumerate() {
        db::query(
            "INSERT INTO action_bindings (tenant_id, id, trigger_id, action_id, position, data)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(tenant)
        .bind(&b.id)
        .bind(trigger_id)
        .bind(&b.action_id)
        .bind(position as i64)
        .bind(data)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}
