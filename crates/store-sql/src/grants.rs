use crate::codec::{data, db_err, is_transient, to_json, TRANSIENT_ATTEMPTS};
use crate::db;
use crate::SqlStore;
use async_trait::async_trait;
use portcullis_domain::flow::{AuthorizationCode, RefreshToken};
use portcullis_domain::Timestamp;
use portcullis_store::{CodeRedemption, GrantStore, RefreshRotation, StoreResult};

/// A token is live while it is neither rotated nor revoked, alone or through its family. The
/// family check covers a token inserted while its family was being revoked.
macro_rules! live {
    () => {
        "rotated_at IS NULL AND revoked_at IS NULL AND NOT EXISTS (
            SELECT 1 FROM revoked_families f
            WHERE f.tenant_id = refresh_tokens.tenant_id AND f.family_id = refresh_tokens.family_id)"
    };
}

#[async_trait]
impl GrantStore for SqlStore {
    async fn insert_code(&self, code: &AuthorizationCode) -> StoreResult<()> {
        insert_code(&self.db, code, None).await
    }

    async fn redeem_code(
        &self,
        tenant: &str,
        code_hash: &str,
        at: Timestamp,
    ) -> StoreResult<CodeRedemption> {
        if let Some(r) = self.codes.as_ref().and_then(|m| m.redeem(tenant, code_hash, at)) {
            if let CodeRedemption::Redeemed(c) = &r {
                self.queue_used_code(c.clone(), at).await;
            }
            return Ok(r);
        }
        // One conditional UPDATE: of any number of concurrent redemptions exactly one matches
        // `used_at IS NULL` (PostgreSQL re-checks it after waiting on the row lock).
        let redeemed = db::query(
            "UPDATE codes SET used_at = $3 WHERE tenant_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING data",
        )
        .bind(tenant)
        .bind(code_hash)
        .bind(at.millis())
        .fetch_optional(&self.db)
        .await
        .map_err(db_err)?;
        if let Some(row) = redeemed {
            return Ok(CodeRedemption::Redeemed(data(&row)?));
        }
        let earlier = db::query("SELECT data FROM codes WHERE tenant_id = $1 AND code_hash = $2")
            .bind(tenant)
            .bind(code_hash)
            .fetch_optional(&self.db)
            .await
            .map_err(db_err)?;
        Ok(match earlier {
            Some(row) => CodeRedemption::AlreadyUsed(data(&row)?),
            None => CodeRedemption::NotFound,
        })
    }

    async fn insert_refresh_token(&self, token: &RefreshToken) -> StoreResult<()> {
        insert_token(&self.db, token).await
    }

    async fn find_refresh_token(
        &self,
        tenant: &str,
        token_hash: &str,
    ) -> StoreResult<Option<RefreshToken>> {
        let row = db::query(concat!(
            "SELECT data FROM refresh_tokens WHERE tenant_id = $1 AND token_hash = $2 AND ",
            live!()
        ))
        .bind(tenant)
        .bind(token_hash)
        .fetch_optional(&self.db)
        .await
        .map_err(db_err)?;
        row.as_ref().map(data).transpose()
    }

    /// `Rotated` and `Reused` both carry the presented (old) token as it was stored.
    async fn rotate_refresh_token(
        &self,
        tenant: &str,
        old_hash: &str,
        new: &RefreshToken,
        at: Timestamp,
    ) -> StoreResult<RefreshRotation> {
        let mut tx = self.begin_write().await?;
        // The conditional UPDATE decides the race: one caller wins the row and stores the
        // successor in the same transaction; the others find the row no longer live.
        let rotated = db::query(concat!(
            "UPDATE refresh_tokens SET rotated_at = $3 WHERE tenant_id = $1 AND token_hash = $2 AND ",
            live!(),
            " RETURNING data"
        ))
        .bind(tenant)
        .bind(old_hash)
        .bind(at.millis())
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        if let Some(row) = rotated {
            let old: RefreshToken = data(&row)?;
            insert_token(&mut *tx, new).await?;
            tx.commit().await.map_err(db_err)?;
            return Ok(RefreshRotation::Rotated(old));
        }
        // Not live is final, so the family can be revoked in a transaction of its own. Ending
        // this one first matters on PostgreSQL: the UPDATE above may keep the row lock it took
        // to re-check the row, and holding it while waiting on another reuse's family marker
        // is a deadlock.
        tx.rollback().await.map_err(db_err)?;
        let presented =
            db::query("SELECT data FROM refresh_tokens WHERE tenant_id = $1 AND token_hash = $2")
                .bind(tenant)
                .bind(old_hash)
                .fetch_optional(&self.db)
                .await
                .map_err(db_err)?;
        let Some(row) = presented else {
            return Ok(RefreshRotation::NotFound);
        };
        let old: RefreshToken = data(&row)?;
        self.revoke_family(tenant, &old.grant.family_id, at).await?;
        Ok(RefreshRotation::Reused(old))
    }

    async fn revoke_family(
        &self,
        tenant: &str,
        family_id: &str,
        at: Timestamp,
    ) -> StoreResult<u64> {
        // Multi-row updates racing other multi-row updates (a user's revocation, a deletion)
        // can deadlock on PostgreSQL; the database aborts one side, which simply tries again.
        let mut attempt = 1;
        loop {
            match revoke_family_once(self, tenant, family_id, at).await {
                Err(e) if attempt < TRANSIENT_ATTEMPTS && is_transient(&e) => attempt += 1,
                other => return other.map_err(db_err),
            }
        }
    }

    async fn revoke_user_tokens(
        &self,
        tenant: &str,
        user_id: &str,
        client_id: Option<&str>,
        at: Timestamp,
    ) -> StoreResult<u64> {
        let r = db::query(
            "UPDATE refresh_tokens SET revoked_at = $4
             WHERE tenant_id = $1 AND user_id = $2 AND ($3 IS NULL OR client_id = $3) AND revoked_at IS NULL",
        )
        .bind(tenant)
        .bind(user_id)
        .bind(client_id)
        .bind(at.millis())
        .execute(&self.db)
        .await
        .map_err(db_err)?;
        Ok(r.rows_affected())
    }

    async fn family_is_revoked(&self, tenant: &str, family_id: &str) -> StoreResult<bool> {
        let row = db::query(
            "SELECT family_id FROM revoked_families WHERE tenant_id = $1 AND family_id = $2",
        )
        .bind(tenant)
        .bind(family_id)
        .fetch_optional(&self.db)
        .await
        .map_err(db_err)?;
        Ok(row.is_some())
    }
}

async fn insert_token<'e>(
    executor: impl Into<db::Target<'e>>,
    token: &RefreshToken,
) -> StoreResult<()> {
    db::query(
        "INSERT INTO refresh_tokens (tenant_id, token_hash, family_id, user_id, client_id, created_at,
                                     rotated_at, revoked_at, data)
         VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL, $7)",
    )
    .bind(&token.grant.tenant_id)
    .bind(&token.token_hash)
    .bind(&token.grant.family_id)
    .bind(&token.grant.user_id)
    .bind(&token.grant.client_id)
    .bind(token.created_at.millis())
    .bind(to_json(token)?)
    .execute(executor)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Marks the family revoked (so tokens inserted later are dead too) and revokes its tokens.
/// Returns how many tokens it revoked.
async fn revoke_family_once(
    store: &SqlStore,
    tenant: &str,
    family_id: &str,
    at: Timestamp,
) -> Result<u64, db::DbError> {
    let mut tx = store.begin_write_raw().await?;
    db::query(
        "INSERT INTO revoked_families (tenant_id, family_id, revoked_at) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id, family_id) DO NOTHING",
    )
    .bind(tenant)
    .bind(family_id)
    .bind(at.millis())
    .execute(&mut *tx)
    .await?;
    let r = db::query(
        "UPDATE refresh_tokens SET revoked_at = $3 WHERE tenant_id = $1 AND family_id = $2 AND revoked_at IS NULL",
    )
    .bind(tenant)
    .bind(family_id)
    .bind(at.millis())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(r.rows_affected())
}

impl SqlStore {
    /// Hands a code redeemed from memory to the log writer, which writes it as used and then
    /// drops it from memory (written here when no writer runs).
    async fn queue_used_code(&self, code: AuthorizationCode, used_at: Timestamp) {
        let used = crate::log_queue::UsedCode { code, used_at };
        if let Some(used) = self.logs.push_used_code(used) {
            crate::log_queue::write_used_code(&self.db, &used).await;
            if let Some(m) = &self.codes {
                m.forget(&[crate::code_memory::key(&used.code)]);
            }
        }
    }
}

/// `used_at`: a code redeemed from memory (code_memory.rs), written as used.
pub(crate) async fn insert_code<'c>(target: impl Into<db::Target<'c>>, code: &AuthorizationCode, used_at: Option<Timestamp>) -> StoreResult<()> {
    db::query(
        "INSERT INTO codes (tenant_id, code_hash, family_id, expires_at, used_at, data)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&code.grant.tenant_id)
    .bind(&code.code_hash)
    .bind(&code.grant.family_id)
    .bind(code.expires_at.millis())
    .bind(used_at.map(|t| t.millis()))
    .bind(to_json(code)?)
    .execute(target)
    .await
    .map_err(db_err)?;
    Ok(())
}
