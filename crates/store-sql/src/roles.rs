use crate::codec::{all, count, db_err, find_data, limits, text, to_json};
use crate::db;
use crate::{expect_one, SqlStore};
use async_trait::async_trait;
use portcullis_domain::role::Role;
use portcullis_store::{Page, Paged, RoleStore, StoreError, StoreResult};

#[async_trait]
impl RoleStore for SqlStore {
    async fn create_role(&self, role: &Role) -> StoreResult<()> {
        db::query("INSERT INTO roles (tenant_id, id, name, data) VALUES ($1, $2, $3, $4)")
            .bind(&role.tenant_id)
            .bind(&role.id)
            .bind(&role.name)
            .bind(to_json(role)?)
            .execute(&self.db)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn find_role(&self, tenant: &str, id: &str) -> StoreResult<Option<Role>> {
        find_data(
            &self.db,
            "SELECT data FROM roles WHERE tenant_id = $1 AND id = $2",
            &[tenant, id],
        )
        .await
    }

    async fn update_role(&self, role: &Role) -> StoreResult<()> {
        let r = db::query("UPDATE roles SET name = $3, data = $4 WHERE tenant_id = $1 AND id = $2")
            .bind(&role.tenant_id)
            .bind(&role.id)
            .bind(&role.name)
            .bind(to_json(role)?)
            .execute(&self.db)
            .await
            .map_err(db_err)?;
        expect_one(r)
    }

    async fn delete_role(&self, tenant: &str, id: &str) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        for sql in [
            "DELETE FROM roles WHERE tenant_id = $1 AND id = $2",
            "DELETE FROM user_roles WHERE tenant_id = $1 AND role_id = $2",
        ] {
            db::query(sql)
                .bind(tenant)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        tx.commit().await.map_err(db_err)
    }

    async fn list_roles(&self, tenant: &str, page: Page) -> StoreResult<Paged<Role>> {
        let (limit, offset) = limits(page);
        let rows = db::query(
            "SELECT data FROM roles WHERE tenant_id = $1 ORDER BY name, id LIMIT $2 OFFSET $3",
        )
        .bind(tenant)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.db)
        .await
        .map_err(db_err)?;
        let total = db::query("SELECT COUNT(*) AS n FROM roles WHERE tenant_id = $1")
            .bind(tenant)
            .fetch_one(&self.db)
            .await
            .map_err(db_err)?;
        Ok(Paged {
            items: all(&rows)?,
            total: count(&total)?,
        })
    }

    /// `NotFound` if the role does not exist in the tenant.
    async fn assign_role(
        &self,
        tenant: &str,
        role_id: &str,
        user_ids: &[String],
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        // Reading the role inside the write transaction keeps a concurrent `delete_role` from
        // leaving assignments behind on SQLite; on PostgreSQL a stray row is invisible anyway
        // because `roles_of_user` joins on the role.
        let exists = db::query("SELECT id FROM roles WHERE tenant_id = $1 AND id = $2")
            .bind(tenant)
            .bind(role_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        if exists.is_none() {
            return Err(StoreError::NotFound);
        }
        for user_id in user_ids {
            db::query(
                "INSERT INTO user_roles (tenant_id, role_id, user_id) VALUES ($1, $2, $3)
                 ON CONFLICT (tenant_id, role_id, user_id) DO NOTHING",
            )
            .bind(tenant)
            .bind(role_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        }
        tx.commit().await.map_err(db_err)
    }

    async fn unassign_role(
        &self,
        tenant: &str,
        role_id: &str,
        user_ids: &[String],
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        for user_id in user_ids {
            db::query(
                "DELETE FROM user_roles WHERE tenant_id = $1 AND role_id = $2 AND user_id = $3",
            )
            .bind(tenant)
            .bind(role_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        }
        tx.commit().await.map_err(db_err)
    }

    async fn roles_of_user(&self, tenant: &str, user_id: &str) -> StoreResult<Vec<Role>> {
        let rows = db::query(
            "SELECT r.data AS data FROM user_roles ur
             JOIN roles r ON r.tenant_id = ur.tenant_id AND r.id = ur.role_id
             WHERE ur.tenant_id = $1 AND ur.user_id = $2
             ORDER BY r.name, r.id",
        )
        .bind(tenant)
        .bind(user_id)
        .fetch_all(&self.db)
        .await
        .map_err(db_err)?;
        all(&rows)
    }

    async fn users_of_role(
        &self,
        tenant: &str,
        role_id: &str,
        page: Page,
    ) -> StoreResult<Paged<String>> {
        let (limit, offset) = limits(page);
        let rows = db::query(
            "SELECT user_id FROM user_roles WHERE tenant_id = $1 AND role_id = $2 ORDER BY user_id LIMIT $3 OFFSET $4",
        )
        .bind(tenant)
        .bind(role_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.db)
        .await
        .map_err(db_err)?;
        let total =
            db::query("SELECT COUNT(*) AS n FROM user_roles WHERE tenant_id = $1 AND role_id = $2")
                .bind(tenant)
                .bind(role_id)
                .fetch_one(&self.db)
                .await
                .map_err(db_err)?;
        let items = rows
            .iter()
            .map(|r| text(r, "user_id"))
            .collect::<StoreResult<_>>()?;
        Ok(Paged {
            items,
            total: count(&total)?,
        })
    }
}
