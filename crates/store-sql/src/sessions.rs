use crate::codec::{data, db_err, to_json};
use crate::db;
use crate::{expect_one, SqlStore};
use async_trait::async_trait;
use portcullis_domain::flow::Session;
use portcullis_domain::Timestamp;
use portcullis_store::{SessionStore, StoreResult};

#[async_trait]
impl SessionStore for SqlStore {
    async fn create_session(&self, s: &Session) -> StoreResult<()> {
        insert(&self.db, s).await
    }

    async fn find_session(
        &self,
        tenant: &str,
        id: &str,
        now: Timestamp,
    ) -> StoreResult<Option<Session>> {
        if let Some(s) = self.sessions.as_ref().and_then(|p| p.get(tenant, id)) {
            return Ok((s.expires_at > now).then_some(s));
        }
        let row = db::query(
            "SELECT data FROM sessions WHERE tenant_id = $1 AND id = $2 AND expires_at > $3",
        )
        .bind(tenant)
        .bind(id)
        .bind(now.millis())
        .fetch_optional(&self.db)
        .await
        .map_err(db_err)?;
        row.as_ref().map(data).transpose()
    }

    /// `NotFound` if the session does not exist.
    async fn update_session(&self, s: &Session) -> StoreResult<()> {
        if self.sessions.as_ref().is_some_and(|p| p.replace(s)) {
            self.logs.pending();
            return Ok(());
        }
        update(&self.db, s).await
    }

    async fn delete_session(&self, tenant: &str, id: &str) -> StoreResult<()> {
        // Memory first: a batch being written meanwhile commits before this deletes its row.
        if let Some(p) = &self.sessions {
            p.remove(tenant, id);
        }
        db::query("DELETE FROM sessions WHERE tenant_id = $1 AND id = $2")
            .bind(tenant)
            .bind(id)
            .execute(&self.db)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn delete_user_sessions(&self, tenant: &str, user_id: &str) -> StoreResult<u64> {
        let pending = self.sessions.as_ref().map_or(0, |p| p.remove_user(tenant, user_id));
        let r = db::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2")
            .bind(tenant)
            .bind(user_id)
            .execute(&self.db)
            .await
            .map_err(db_err)?;
        Ok(pending + r.rows_affected())
    }
}

const INSERT: &str = "INSERT INTO sessions (tenant_id, id, user_id, expires_at, data) VALUES ($1, $2, $3, $4, $5)";
const UPSERT: &str = "INSERT INTO sessions (tenant_id, id, user_id, expires_at, data) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (tenant_id, id) DO UPDATE SET user_id = excluded.user_id, expires_at = excluded.expires_at, data = excluded.data";

pub(crate) async fn insert<'c>(target: impl Into<db::Target<'c>>, s: &Session) -> StoreResult<()> {
    write(target, s, INSERT).await
}

/// A pending session (session_memory.rs), new or updated since it was queued.
pub(crate) async fn upsert<'c>(target: impl Into<db::Target<'c>>, s: &Session) -> StoreResult<()> {
    write(target, s, UPSERT).await
}

async fn write<'c>(target: impl Into<db::Target<'c>>, s: &Session, sql: &str) -> StoreResult<()> {
    db::query(sql)
        .bind(&s.tenant_id)
        .bind(&s.id)
        .bind(&s.user_id)
        .bind(s.expires_at.millis())
        .bind(to_json(s)?)
        .execute(target)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// `NotFound` unless exactly one session was updated.
pub(crate) async fn update<'c>(target: impl Into<db::Target<'c>>, s: &Session) -> StoreResult<()> {
    let r = db::query("UPDATE sessions SET user_id = $3, expires_at = $4, data = $5 WHERE tenant_id = $1 AND id = $2")
        .bind(&s.tenant_id)
        .bind(&s.id)
        .bind(&s.user_id)
        .bind(s.expires_at.millis())
        .bind(to_json(s)?)
        .execute(target)
        .await
        .map_err(db_err)?;
    expect_one(r)
}
