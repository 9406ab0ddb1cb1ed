//! Actions, their versions and their bindings to triggers; executions and the `api.cache` live
//! in `executions.rs` and `action_cache.rs`.

use crate::action_writes::{delete_action_once, put_supported_triggers, replace_bindings_once};
use crate::codec::{
    all, count, data, db_err, from_json, int, is_transient, limits, opt_text, text, to_json,
    TRANSIENT_ATTEMPTS,
};
use crate::db;
use crate::hot::{cached, Hot};
use crate::{action_cache, executions, expect_one, SqlStore};
use async_trait::async_trait;
use portcullis_domain::action::{Action, ActionVersion, Binding, Execution};
use portcullis_domain::Timestamp;
use portcullis_store::{ActionQuery, ActionStore, Page, Paged, StoreError, StoreResult};

/// Only deploys move `deployed_version_id`, so the column, not `data`, is authoritative.
macro_rules! action_columns {
    () => {
        "data, deployed_version_id"
    };
}

/// A later deploy clears `deployed`, so the column, not `data`, is authoritative.
macro_rules! version_columns {
    () => {
        "data, deployed"
    };
}

/// Filters of `ActionQuery`: `$2` a supported trigger, `$3` the exact name, `$4` 1 for
/// deployed actions only, 0 for undeployed ones only.
macro_rules! action_filter {
    () => {
        "tenant_id = $1
         AND ($2 IS NULL OR EXISTS (
             SELECT 1 FROM action_supported_triggers t
             WHERE t.tenant_id = actions.tenant_id AND t.action_id = actions.id AND t.trigger_id = $2))
         AND ($3 IS NULL OR name = $3)
         AND ($4 IS NULL OR ($4 = 1 AND deployed_version_id IS NOT NULL)
                         OR ($4 = 0 AND deployed_version_id IS NULL))"
    };
}

fn action_from(row: &db::Row) -> StoreResult<Action> {
    let mut action: Action = data(row)?;
    action.deployed_version_id = opt_text(row, "deployed_version_id")?;
    Ok(action)
}

fn version_from(row: &db::Row) -> StoreResult<ActionVersion> {
    let mut version: ActionVersion = data(row)?;
    version.deployed = int(row, "deployed")? == 1;
    Ok(version)
}

#[async_trait]
impl ActionStore for SqlStore {
    async fn create_action(&self, a: &Action) -> StoreResult<()> {
        let _changed = self.hot.clear_after(Hot::actions_changed);
        let mut tx = self.begin_write().await?;
        db::query(
            "INSERT INTO actions (tenant_id, id, name, created_at, deployed_version_id, data)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&a.tenant_id)
        .bind(&a.id)
        .bind(&a.name)
        .bind(a.created_at.millis())
        .bind(a.deployed_version_id.as_deref())
        .bind(to_json(a)?)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        put_supported_triggers(&mut tx, a).await?;
        tx.commit().await.map_err(db_err)
    }

    async fn find_action(&self, tenant: &str, id: &str) -> StoreResult<Option<Action>> {
        let row = db::query(concat!(
            "SELECT ",
            action_columns!(),
            " FROM actions WHERE tenant_id = $1 AND id = $2"
        ))
        .bind(tenant)
        .bind(id)
        .fetch_optional(&self.db)
        .await
        .map_err(db_err)?;
        row.as_ref().map(action_from).transpose()
    }

    /// Keeps the stored `deployed_version_id`: only `deploy_version` moves it, so an update
    /// built from a read taken before a concurrent deploy cannot point the action back.
    async fn update_action(&self, a: &Action) -> StoreResult<()> {
        let _changed = self.hot.clear_after(Hot::actions_changed);
        let mut tx = self.begin_write().await?;
        // The UPDATE takes the action's row lock first, as deploys and deletions do.
        let r =
            db::query("UPDATE actions SET name = $3, data = $4 WHERE tenant_id = $1 AND id = $2")
                .bind(&a.tenant_id)
                .bind(&a.id)
                .bind(&a.name)
                .bind(to_json(a)?)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        expect_one(r)?;
        put_supported_triggers(&mut tx, a).await?;
        tx.commit().await.map_err(db_err)
    }

    async fn delete_action(&self, tenant: &str, id: &str) -> StoreResult<()> {
        let _changed = self.hot.clear_after(Hot::actions_changed);
        // Its bindings are deleted across triggers while `replace_bindings` deletes across
        // actions; on PostgreSQL the two can deadlock, and the aborted side tries again.
        let mut attempt = 1;
        loop {
            match delete_action_once(self, tenant, id).await {
                Err(e) if attempt < TRANSIENT_ATTEMPTS && is_transient(&e) => attempt += 1,
                Err(e) => return Err(db_err(e)),
                Ok(0) => return Err(StoreError::NotFound),
                Ok(_) => return Ok(()),
            }
        }
    }

    async fn list_actions(
        &self,
        tenant: &str,
        q: &ActionQuery,
        page: Page,
    ) -> StoreResult<Paged<Action>> {
        let deployed = q.deployed.map(i64::from);
        let (limit, offset) = limits(page);
        let rows = db::query(concat!(
            "SELECT ",
            action_columns!(),
            " FROM actions WHERE ",
            action_filter!(),
            " ORDER BY created_at, id LIMIT $5 OFFSET $6"
        ))
        .bind(tenant)
        .bind(q.trigger_id.as_deref())
        .bind(q.name.as_deref())
        .bind(deployed)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.db)
        .await
        .map_err(db_err)?;
        let total = db::query(concat!(
            "SELECT COUNT(*) AS n FROM actions WHERE ",
            action_filter!()
        ))
        .bind(tenant)
        .bind(q.trigger_id.as_deref())
        .bind(q.name.as_deref())
        .bind(deployed)
        .fetch_one(&self.db)
        .await
        .map_err(db_err)?;
        Ok(Paged {
            items: rows.iter().map(action_from).collect::<StoreResult<_>>()?,
            total: count(&total)?,
        })
    }

    /// `NotFound` if the action does not exist. The stored action points at `version`
    /// whatever `action.deployed_version_id` says.
    async fn deploy_version(&self, action: &Action, version: &ActionVersion) -> StoreResult<()> {
        let _changed = self.hot.clear_after(Hot::actions_changed);
        if version.tenant_id != action.tenant_id || version.action_id != action.id {
            return Err(StoreError::Backend(format!(
                "version {} belongs to action {}, not {}",
                version.id, version.action_id, action.id
            )));
        }
        let mut tx = self.begin_write().await?;
        // Storing the action first takes its row lock on PostgreSQL, so a concurrent deploy
        // of the same action waits here and then reads the number this one stored. SQLite's
        // write lock does the same from BEGIN. The unique number is the last line of defence.
        let r = db::query(
            "UPDATE actions SET name = $3, deployed_version_id = $4, data = $5 WHERE tenant_id = $1 AND id = $2",
        )
        .bind(&action.tenant_id)
        .bind(&action.id)
        .bind(&action.name)
        .bind(&version.id)
        .bind(to_json(action)?)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        expect_one(r)?;
        let highest = db::query(
            "SELECT COALESCE(MAX(number), 0) AS n FROM action_versions WHERE tenant_id = $1 AND action_id = $2",
        )
        .bind(&action.tenant_id)
        .bind(&action.id)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        let highest = count(&highest)?;
        if version.number != highest + 1 {
            return Err(StoreError::Conflict(format!(
                "version number {} of action {} is not {}",
                version.number,
                action.id,
                highest + 1
            )));
        }
        put_supported_triggers(&mut tx, action).await?;
        db::query("UPDATE action_versions SET deployed = 0 WHERE tenant_id = $1 AND action_id = $2 AND deployed = 1")
            .bind(&action.tenant_id)
            .bind(&action.id)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        db::query(
            "INSERT INTO action_versions (tenant_id, id, action_id, number, deployed, created_at, data)
             VALUES ($1, $2, $3, $4, 1, $5, $6)",
        )
        .bind(&version.tenant_id)
        .bind(&version.id)
        .bind(&version.action_id)
        .bind(version.number)
        .bind(version.created_at.millis())
        .bind(to_json(version)?)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)
    }

    async fn list_versions(
        &self,
        tenant: &str,
        action_id: &str,
        page: Page,
    ) -> StoreResult<Paged<ActionVersion>> {
        let (limit, offset) = limits(page);
        let rows = db::query(concat!(
            "SELECT ",
            version_columns!(),
            " FROM action_versions WHERE tenant_id = $1 AND action_id = $2
              ORDER BY number DESC LIMIT $3 OFFSET $4"
        ))
        .bind(tenant)
        .bind(action_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.db)
        .await
        .map_err(db_err)?;
        let total = db::query(
            "SELECT COUNT(*) AS n FROM action_versions WHERE tenant_id = $1 AND action_id = $2",
        )
        .bind(tenant)
        .bind(action_id)
        .fetch_one(&self.db)
        .await
        .map_err(db_err)?;
        Ok(Paged {
            items: rows.iter().map(version_from).collect::<StoreResult<_>>()?,
            total: count(&total)?,
        })
    }

    async fn find_version(
        &self,
        tenant: &str,
        action_id: &str,
        version_id: &str,
    ) -> StoreResult<Option<ActionVersion>> {
        let row = db::query(concat!(
            "SELECT ",
            version_columns!(),
            " FROM action_versions WHERE tenant_id = $1 AND action_id = $2 AND id = $3"
        ))
        .bind(tenant)
        .bind(action_id)
        .bind(version_id)
        .fetch_optional(&self.db)
        .await
        .map_err(db_err)?;
        row.as_ref().map(version_from).transpose()
    }

    /// Keeps the `keep` highest-numbered versions (a negative `keep` counts as 0) and the
    /// deployed one, which is the newest whenever every version was stored by a deploy.
    async fn prune_versions(&self, tenant: &str, action_id: &str, keep: i64) -> StoreResult<u64> {
        let _changed = self.hot.clear_after(Hot::actions_changed);
        // One statement: PostgreSQL re-checks `deployed` on any row a concurrent deploy is
        // changing, and a version that deploy inserts is not in this statement's snapshot.
        let r = db::query(
            "DELETE FROM action_versions
             WHERE tenant_id = $1 AND action_id = $2 AND deployed = 0
               AND id NOT IN (SELECT k.id FROM action_versions k
                              WHERE k.tenant_id = $1 AND k.action_id = $2
                              ORDER BY k.number DESC LIMIT $3)",
        )
        .bind(tenant)
        .bind(action_id)
        .bind(keep.max(0))
        .execute(&self.db)
        .await
        .map_err(db_err)?;
        Ok(r.rows_affected())
    }

    async fn list_bindings(&self, tenant: &str, trigger_id: &str) -> StoreResult<Vec<Binding>> {
        let rows =
            db::query("SELECT data FROM action_bindings WHERE tenant_id = $1 AND trigger_id = $2 ORDER BY position")
                .bind(tenant)
                .bind(trigger_id)
                .fetch_all(&self.db)
                .await
                .map_err(db_err)?;
        all(&rows)
    }

    /// Every binding must name `tenant` and `trigger_id`; `Conflict` if a binding id is
    /// taken (by another trigger's binding, or twice in `bindings`).
    async fn replace_bindings(
        &self,
        tenant: &str,
        trigger_id: &str,
        bindings: &[Binding],
    ) -> StoreResult<()> {
        let _changed = self.hot.clear_after(Hot::actions_changed);
        if let Some(b) = bindings
            .iter()
            .find(|b| b.tenant_id != tenant || b.trigger_id != trigger_id)
        {
            return Err(StoreError::Backend(format!(
                "binding {} of trigger {} given to replace the bindings of {trigger_id}",
                b.id, b.trigger_id
            )));
        }
        let encoded = bindings
            .iter()
            .map(to_json)
            .collect::<StoreResult<Vec<_>>>()?;
        // Deleting a trigger's bindings while `delete_action` deletes an action's bindings
        // across triggers can deadlock on PostgreSQL; the aborted side tries again.
        let mut attempt = 1;
        loop {
            match replace_bindings_once(self, tenant, trigger_id, bindings, &encoded).await {
                Err(e) if attempt < TRANSIENT_ATTEMPTS && is_transient(&e) => attempt += 1,
                other => return other.map_err(db_err),
            }
        }
    }

    async fn bindings_of_action(&self, tenant: &str, action_id: &str) -> StoreResult<Vec<Binding>> {
        let rows = db::query(
            "SELECT data FROM action_bindings WHERE tenant_id = $1 AND action_id = $2 ORDER BY trigger_id, position",
        )
        .bind(tenant)
        .bind(action_id)
        .fetch_all(&self.db)
        .await
        .map_err(db_err)?;
        all(&rows)
    }

    async fn bound_versions(
        &self,
        tenant: &str,
        trigger_id: &str,
    ) -> StoreResult<Vec<(Binding, ActionVersion)>> {
        let load = async {
            // Inner joins skip bindings whose action is gone or has no deployed version.
            let rows = db::query(
                "SELECT b.data AS binding_data, v.data AS data, v.deployed AS deployed
                 FROM action_bindings b
                 JOIN actions a ON a.tenant_id = b.tenant_id AND a.id = b.action_id
                 JOIN action_versions v
                   ON v.tenant_id = a.tenant_id AND v.id = a.deployed_version_id AND v.action_id = a.id
                 WHERE b.tenant_id = $1 AND b.trigger_id = $2
                 ORDER BY b.position",
            )
            .bind(tenant)
            .bind(trigger_id)
            .fetch_all(&self.db)
            .await
            .map_err(db_err)?;
            rows.iter()
                .map(|row| Ok((from_json(&text(row, "binding_data")?)?, version_from(row)?)))
                .collect()
        };
        cached!(
            self,
            bound,
            (tenant.to_string(), trigger_id.to_string()),
            load
        )
    }

    async fn insert_execution(&self, e: &Execution) -> StoreResult<()> {
        executions::insert(&self.db, e).await
    }

    async fn record_execution(&self, e: Execution) -> StoreResult<()> {
        match self.logs.push_execution(e) {
            None => Ok(()),
            Some(e) => executions::insert(&self.db, &e).await,
        }
    }

    async fn find_execution(&self, tenant: &str, id: &str) -> StoreResult<Option<Execution>> {
        executions::find(self, tenant, id).await
    }

    async fn cache_get(
        &self,
        tenant: &str,
        scope: &str,
        key: &str,
        now: Timestamp,
    ) -> StoreResult<Option<(String, Timestamp)>> {
        action_cache::get(self, tenant, scope, key, now).await
    }

    async fn cache_set(
        &self,
        tenant: &str,
        scope: &str,
        key: &str,
        value: &str,
        expires_at: Timestamp,
    ) -> StoreResult<()> {
        action_cache::set(self, tenant, scope, key, value, expires_at).await
    }

    async fn cache_delete(&self, tenant: &str, scope: &str, key: &str) -> StoreResult<()> {
        action_cache::delete(self, tenant, scope, key).await
    }
}
