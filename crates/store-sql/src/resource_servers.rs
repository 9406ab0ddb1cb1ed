use crate::codec::{all, count, db_err, find_data, limits, to_json};
use crate::db;
use crate::hot::{cached, Hot};
use crate::{expect_one, SqlStore};
use async_trait::async_trait;
use portcullis_domain::resource_server::ResourceServer;
use portcullis_store::{Page, Paged, ResourceServerStore, StoreResult};

#[async_trait]
impl ResourceServerStore for SqlStore {
    async fn create_resource_server(&self, rs: &ResourceServer) -> StoreResult<()> {
        let _changed = self.hot.clear_after(Hot::applications_changed);
        // `seq` keeps listings in creation order; a tie from a concurrent insert is harmless.
        db::query(
            "INSERT INTO resource_servers (tenant_id, id, identifier, seq, data)
             SELECT $1, $2, $3, COALESCE(MAX(seq), 0) + 1, $4 FROM resource_servers WHERE tenant_id = $1",
        )
        .bind(&rs.tenant_id)
        .bind(&rs.id)
        .bind(&rs.identifier)
        .bind(to_json(rs)?)
        .execute(&self.db)
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn find_resource_server(
        &self,
        tenant: &str,
        id: &str,
    ) -> StoreResult<Option<ResourceServer>> {
        find_data(
            &self.db,
            "SELECT data FROM resource_servers WHERE tenant_id = $1 AND id = $2",
            &[tenant, id],
        )
        .await
    }

    async fn find_resource_server_by_identifier(
        &self,
        tenant: &str,
        identifier: &str,
    ) -> StoreResult<Option<ResourceServer>> {
        let load = async {
            find_data(
                &self.db,
                "SELECT data FROM resource_servers WHERE tenant_id = $1 AND identifier = $2",
                &[tenant, identifier],
            )
            .await
        };
        cached!(
            self,
            apis,
            (tenant.to_string(), identifier.to_string()),
            load
        )
    }

    async fn update_resource_server(&self, rs: &ResourceServer) -> StoreResult<()> {
        let _changed = self.hot.clear_after(Hot::applications_changed);
        let r = db::query("UPDATE resource_servers SET identifier = $3, data = $4 WHERE tenant_id = $1 AND id = $2")
            .bind(&rs.tenant_id)
            .bind(&rs.id)
            .bind(&rs.identifier)
            .bind(to_json(rs)?)
            .execute(&self.db)
            .await
            .map_err(db_err)?;
        expect_one(r)
    }

    async fn delete_resource_server(&self, tenant: &str, id: &str) -> StoreResult<()> {
        let _changed = self.hot.clear_after(Hot::applications_changed);
        db::query("DELETE FROM resource_servers WHERE tenant_id = $1 AND id = $2")
            .bind(tenant)
            .bind(id)
            .execute(&self.db)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn list_resource_servers(
        &self,
        tenant: &str,
        page: Page,
    ) -> StoreResult<Paged<ResourceServer>> {
        let (limit, offset) = limits(page);
        let rows =
            db::query("SELECT data FROM resource_servers WHERE tenant_id = $1 ORDER BY seq, id LIMIT $2 OFFSET $3")
                .bind(tenant)
                .bind(limit)
                .bind(offset)
                .fetch_all(&self.db)
                .await
                .map_err(db_err)?;
        let total = db::query("SELECT COUNT(*) AS n FROM resource_servers WHERE tenant_id = $1")
            .bind(tenant)
            .fetch_one(&self.db)
            .await
            .map_err(db_err)?;
        Ok(Paged {
            items: all(&rows)?,
            total: count(&total)?,
        })
    }
}
