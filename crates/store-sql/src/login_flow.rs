use crate::codec::{data, db_err, opt_text, to_json};
use crate::db;
use crate::SqlStore;
use async_trait::async_trait;
use portcullis_domain::flow::{AuthorizationCode, LoginTransaction};
use portcullis_domain::Timestamp;
use portcullis_store::{LoginFlowStore, SessionWrite, StoreResult};

#[async_trait]
impl LoginFlowStore for SqlStore {
    async fn put_transaction(&self, t: &LoginTransaction) -> StoreResult<()> {
        if self.flows.as_ref().is_some_and(|m| m.put(t)) {
            return Ok(());
        }
        insert_transaction(&self.db, t).await
    }

    async fn find_transaction(
        &self,
        tenant: &str,
        id: &str,
        now: Timestamp,
    ) -> StoreResult<Option<LoginTransaction>> {
        let Some(memory) = &self.flows else { return find_in_database(&self.db, tenant, id, now).await };
        if let Some(t) = memory.get(tenant, id, now) {
            return Ok(Some(t));
        }
        let found = find_in_database(&self.db, tenant, id, now).await?;
        Ok(found.map(|t| LoginTransaction { in_database: true, ..t }))
    }

    async fn delete_transaction(&self, tenant: &str, id: &str) -> StoreResult<()> {
        if self.flows.as_ref().and_then(|m| m.take(tenant, id)).is_some() {
            return Ok(());
        }
        delete_transaction(&self.db, tenant, id).await
    }

    async fn complete_login(&self, session: SessionWrite<'_>, code: &AuthorizationCode, transaction_id: &str) -> StoreResult<()> {
        let tenant = &code.grant.tenant_id;
        let held = self.flows.as_ref().and_then(|m| m.take(tenant, transaction_id));
        let written = async {
            let mut tx = self.db.begin(true).await.map_err(db_err)?;
            match session {
                SessionWrite::Create(s) => crate::sessions::insert(&mut tx, s).await?,
                SessionWrite::Update(s) => crate::sessions::update(&mut tx, s).await?,
            }
            crate::grants::insert_code(&mut tx, code).await?;
            if held.is_none() {
                delete_transaction(&mut tx, tenant, transaction_id).await?;
            }
            // An error above drops the transaction, which rolls it back.
            tx.commit().await.map_err(db_err)
        }
        .await;
        if let (Err(_), Some(t), Some(memory)) = (&written, &held, &self.flows) {
            // Nothing was written: the login may be tried again.
            memory.put(t);
        }
        written
    }

    async fn find_consent(
        &self,
        tenant: &str,
        user_id: &str,
        client_id: &str,
    ) -> StoreResult<Option<Vec<String>>> {
        // One row per scope, or one row with a NULL scope for a consent to no scopes; no rows
        // at all means the user was never asked.
        let rows = db::query(
            "SELECT s.scope AS scope FROM consents c
             LEFT JOIN consent_scopes s
               ON s.tenant_id = c.tenant_id AND s.user_id = c.user_id AND s.client_id = c.client_id
             WHERE c.tenant_id = $1 AND c.user_id = $2 AND c.client_id = $3
             ORDER BY s.scope",
        )
        .bind(tenant)
        .bind(user_id)
        .bind(client_id)
        .fetch_all(&self.db)
        .await
        .map_err(db_err)?;
        if rows.is_empty() {
            return Ok(None);
        }
        let mut scopes = Vec::with_capacity(rows.len());
        for row in &rows {
            if let Some(scope) = opt_text(row, "scope")? {
                scopes.push(scope);
            }
        }
        Ok(Some(scopes))
    }

    async fn grant_consent(
        &self,
        tenant: &str,
        user_id: &str,
        client_id: &str,
        scopes: &[String],
    ) -> StoreResult<()> {
        // Insert-if-absent rows need no read-modify-write, so concurrent grants both land.
        let mut tx = self.begin_write().await?;
        db::query(
            "INSERT INTO consents (tenant_id, user_id, client_id) VALUES ($1, $2, $3)
             ON CONFLICT (tenant_id, user_id, client_id) DO NOTHING",
        )
        .bind(tenant)
        .bind(user_id)
        .bind(client_id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        for scope in scopes {
            db::query(
                "INSERT INTO consent_scopes (tenant_id, user_id, client_id, scope) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (tenant_id, user_id, client_id, scope) DO NOTHING",
            )
            .bind(tenant)
            .bind(user_id)
            .bind(client_id)
            .bind(scope)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        }
        tx.commit().await.map_err(db_err)
    }
}

async fn delete_transaction<'c>(target: impl Into<db::Target<'c>>, tenant: &str, id: &str) -> StoreResult<()> {
    db::query("DELETE FROM login_transactions WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(target)
        .await
        .map_err(db_err)?;
    Ok(())
}

async fn insert_transaction(db: &db::Db, t: &LoginTransaction) -> StoreResult<()> {
    db::query(
        "INSERT INTO login_transactions (tenant_id, id, expires_at, data) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, id) DO UPDATE SET expires_at = excluded.expires_at, data = excluded.data",
    )
    .bind(&t.tenant_id)
    .bind(&t.id)
    .bind(t.expires_at.millis())
    .bind(to_json(t)?)
    .execute(db)
    .await
    .map_err(db_err)?;
    Ok(())
}

async fn find_in_database(db: &db::Db, tenant: &str, id: &str, now: Timestamp) -> StoreResult<Option<LoginTransaction>> {
    let row = db::query("SELECT data FROM login_transactions WHERE tenant_id = $1 AND id = $2 AND expires_at > $3")
        .bind(tenant)
        .bind(id)
        .bind(now.millis())
        .fetch_optional(db)
        .await
        .map_err(db_err)?;
    row.as_ref().map(data).transpose()
}

impl SqlStore {
    /// Writes the login transactions held in memory to the database (before the process exits,
    /// so that a restart keeps the logins in progress).
    pub(crate) async fn persist_login_state(&self) {
        let Some(memory) = &self.flows else { return };
        let held = memory.drain();
        let n = held.len();
        for t in held {
            if let Err(e) = insert_transaction(&self.db, &t).await {
                tracing::warn!(error = %e, "could not keep a login in progress for after the restart");
            }
        }
        if n > 0 {
            tracing::info!(logins_in_progress = n, "kept the logins in progress for after the restart");
        }
    }
}
