use crate::codec::{all, data, db_err, find_data, to_json};
use crate::db;
use crate::{expect_one, SqlStore};
use async_trait::async_trait;
use portcullis_domain::tenant::Tenant;
use portcullis_store::{StoreResult, TenantStore};

#[async_trait]
impl TenantStore for SqlStore {
    async fn create_tenant(&self, tenant: &Tenant) -> StoreResult<()> {
        db::query("INSERT INTO tenants (id, domain, created_at, data) VALUES ($1, $2, $3, $4)")
            .bind(&tenant.id)
            .bind(tenant.domain.to_lowercase())
            .bind(tenant.created_at.millis())
            .bind(to_json(tenant)?)
            .execute(&self.db)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn find_tenant(&self, id: &str) -> StoreResult<Option<Tenant>> {
        find_data(&self.db, "SELECT data FROM tenants WHERE id = $1", &[id]).await
    }

    async fn find_tenant_by_domain(&self, domain: &str) -> StoreResult<Option<Tenant>> {
        let row = db::query("SELECT data FROM tenants WHERE domain = $1")
            .bind(domain.to_lowercase())
            .fetch_optional(&self.db)
            .await
            .map_err(db_err)?;
        row.as_ref().map(data).transpose()
    }

    async fn update_tenant(&self, tenant: &Tenant) -> StoreResult<()> {
        let r = db::query("UPDATE tenants SET domain = $2, data = $3 WHERE id = $1")
            .bind(&tenant.id)
            .bind(tenant.domain.to_lowercase())
            .bind(to_json(tenant)?)
            .execute(&self.db)
            .await
            .map_err(db_err)?;
        expect_one(r)
    }

    async fn list_tenants(&self) -> StoreResult<Vec<Tenant>> {
        let rows = db::query("SELECT data FROM tenants ORDER BY created_at, id")
            .fetch_all(&self.db)
            .await
            .map_err(db_err)?;
        all(&rows)
    }
}
