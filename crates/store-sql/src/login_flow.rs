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
        // The session's last use is this login's time.
        let now = match session {
            SessionWrite::Create(s) | SessionWrite::Update(s) => s.last_used_at,
        };
        // On SQLite each piece may be in memory (and the database transaction then empty).
        let session_pending = match &self.sessions {
            Some(p) => p.accepts(session)?,
            None => false,
        };
        let code_memory = match &self.codes {
            Some(m) if m.hold(code, now)? => Some(m),
            _ => None,
        };
        let held = self.flows.as_ref().and_then(|m| m.take(tenant, transaction_id));
        let mut written = if session_pending && code_memory.is_some() && held.is_some() {
            Ok(())
        } else {
            self.complete_in_database(session, session_pending, code, code_memory.is_none(), held.is_none(), transaction_id).await
        };
        if let (Ok(()), true, Some(p)) = (&written, session_pending, &self.sessions) {
            written = match session {
                SessionWrite::Create(s) => {
                    p.create(s);
                    Ok(())
                }
                SessionWrite::Update(s) if p.replace(s) => Ok(()),
                // Written (or deleted) since `accepts`: the row, as without memory.
                SessionWrite::Update(s) => crate::sessions::update(&self.db, s).await,
            };
            self.logs.pending();
        }
        if written.is_err() {
            // The login may be tried again, and nobody received the code.
            if let (Some(t), Some(memory)) = (&held, &self.flows) {
                memory.put(t);
            }
            if let Some(m) = code_memory {
                m.release(code);
            }
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
    /// The pieces of a finished login that are not in memory, in one transaction: all or nothing.
    async fn complete_in_database(&self, session: SessionWrite<'_>, session_pending: bool, code: &AuthorizationCode, write_code: bool, delete_transaction_row: bool, transaction_id: &str) -> StoreResult<()> {
        let mut tx = self.db.begin(true).await.map_err(db_err)?;
        match session {
            _ if session_pending => {}
            SessionWrite::Create(s) => crate::sessions::insert(&mut tx, s).await?,
            SessionWrite::Update(s) => crate::sessions::update(&mut tx, s).await?,
        }
        if write_code {
            crate::grants::insert_code(&mut tx, code, None).await?;
        }
        if delete_transaction_row {
            delete_transaction(&mut tx, &code.grant.tenant_id, transaction_id).await?;
        }
        // An error above drops the transaction, which rolls it back.
        tx.commit().await.map_err(db_err)
    }

    /// Writes the login transactions and authorization codes held in memory to the database
    /// (before the process exits, so that a restart keeps the logins in progress). Run after
    /// the log writer's flush, which leaves only unused codes, or used ones redeemed since.
    pub(crate) async fn persist_login_state(&self) {
        if let Some(memory) = &self.flows {
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
        if let Some(memory) = &self.codes {
            let held = memory.drain();
            let n = held.len();
            for (code, used_at) in held {
                if let Err(e) = crate::grants::insert_code(&self.db, &code, used_at).await {
                    tracing::warn!(error = %e, "could not keep an authorization code for after the restart");
                }
            }
            if n > 0 {
                tracing::info!(authorization_codes = n, "kept the authorization codes for after the restart");
            }
        }
    }
}
