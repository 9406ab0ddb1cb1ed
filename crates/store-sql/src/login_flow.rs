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
        db::query(
            "INSERT INTO login_transactions (tenant_id, id, expires_at, data) VALUES ($1, $2, $3, $4)
             ON CONFLICT (tenant_id, id) DO UPDATE SET expires_at = excluded.expires_at, data = excluded.data",
        )
        .bind(&t.tenant_id)
        .bind(&t.id)
        .bind(t.expires_at.millis())
        .bind(to_json(t)?)
        .execute(&self.db)
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn find_transaction(
        &self,
        tenant: &str,
        id: &str,
        now: Timestamp,
    ) -> StoreResult<Option<LoginTransaction>> {
        let row =
            db::query("SELECT data FROM login_transactions WHERE tenant_id = $1 AND id = $2 AND expires_at > $3")
                .bind(tenant)
                .bind(id)
                .bind(now.millis())
                .fetch_optional(&self.db)
                .await
                .map_err(db_err)?;
        row.as_ref().map(data).transpose()
    }

    async fn delete_transaction(&self, tenant: &str, id: &str) -> StoreResult<()> {
        delete_transaction(&self.db, tenant, id).await
    }

    async fn complete_login(&self, session: SessionWrite<'_>, code: &AuthorizationCode, transaction_id: &str) -> StoreResult<()> {
        let mut tx = self.db.begin(true).await.map_err(db_err)?;
        match session {
            SessionWrite::Create(s) => crate::sessions::insert(&mut tx, s).await?,
            SessionWrite::Update(s) => crate::sessions::update(&mut tx, s).await?,
        }
        crate::grants::insert_code(&mut tx, code).await?;
        delete_transaction(&mut tx, &code.grant.tenant_id, transaction_id).await?;
        // An error above drops the transaction, which rolls it back.
        tx.commit().await.map_err(db_err)
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
