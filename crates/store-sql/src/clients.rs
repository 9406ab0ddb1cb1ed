use crate::codec::{all, count, data, db_err, find_data, limits, to_json};
use crate::db;
use crate::hot::{cached, Hot};
use crate::{expect_one, SqlStore};
use async_trait::async_trait;
use portcullis_domain::client::{Client, ClientGrant};
use portcullis_store::{ClientStore, Page, Paged, StoreResult};

#[async_trait]
impl ClientStore for SqlStore {
    async fn create_client(&self, client: &Client) -> StoreResult<()> {
        let _changed = self.hot.clear_after(Hot::applications_changed);
        db::query(
            "INSERT INTO clients (tenant_id, client_id, created_at, data) VALUES ($1, $2, $3, $4)",
        )
        .bind(&client.tenant_id)
        .bind(&client.client_id)
        .bind(client.created_at.millis())
        .bind(to_json(client)?)
        .execute(&self.db)
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn find_client(&self, tenant: &str, client_id: &str) -> StoreResult<Option<Client>> {
        let load = async {
            find_data(
                &self.db,
                "SELECT data FROM clients WHERE tenant_id = $1 AND client_id = $2",
                &[tenant, client_id],
            )
            .await
        };
        cached!(
            self,
            clients,
            (tenant.to_string(), client_id.to_string()),
            load
        )
    }

    async fn update_client(&self, client: &Client) -> StoreResult<()> {
        let _changed = self.hot.clear_after(Hot::applications_changed);
        let r = db::query("UPDATE clients SET data = $3 WHERE tenant_id = $1 AND client_id = $2")
            .bind(&client.tenant_id)
            .bind(&client.client_id)
            .bind(to_json(client)?)
            .execute(&self.db)
            .await
            .map_err(db_err)?;
        expect_one(r)
    }

    async fn delete_client(&self, tenant: &str, client_id: &str) -> StoreResult<()> {
        let _changed = self.hot.clear_after(Hot::applications_changed);
        let mut tx = self.begin_write().await?;
        let r = db::query("DELETE FROM clients WHERE tenant_id = $1 AND client_id = $2")
            .bind(tenant)
            .bind(client_id)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        expect_one(r)?;
        db::query("DELETE FROM client_grants WHERE tenant_id = $1 AND client_id = $2")
            .bind(tenant)
            .bind(client_id)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(db_err)
    }

    async fn list_clients(&self, tenant: &str, page: Page) -> StoreResult<Paged<Client>> {
        let (limit, offset) = limits(page);
        let rows = db::query(
            "SELECT data FROM clients WHERE tenant_id = $1 ORDER BY created_at, client_id LIMIT $2 OFFSET $3",
        )
        .bind(tenant)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.db)
        .await
        .map_err(db_err)?;
        let total = db::query("SELECT COUNT(*) AS n FROM clients WHERE tenant_id = $1")
            .bind(tenant)
            .fetch_one(&self.db)
            .await
            .map_err(db_err)?;
        Ok(Paged {
            items: all(&rows)?,
            total: count(&total)?,
        })
    }

    async fn create_client_grant(&self, grant: &ClientGrant) -> StoreResult<()> {
        let _changed = self.hot.clear_after(Hot::applications_changed);
        db::query(
            "INSERT INTO client_grants (tenant_id, id, client_id, audience, seq, data)
             SELECT $1, $2, $3, $4, COALESCE(MAX(seq), 0) + 1, $5 FROM client_grants WHERE tenant_id = $1",
        )
        .bind(&grant.tenant_id)
        .bind(&grant.id)
        .bind(&grant.client_id)
        .bind(&grant.audience)
        .bind(to_json(grant)?)
        .execute(&self.db)
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn find_client_grant(
        &self,
        tenant: &str,
        client_id: &str,
        audience: &str,
    ) -> StoreResult<Option<ClientGrant>> {
        let load = async {
            let row =
                db::query("SELECT data FROM client_grants WHERE tenant_id = $1 AND client_id = $2 AND audience = $3")
                    .bind(tenant)
                    .bind(client_id)
                    .bind(audience)
                    .fetch_optional(&self.db)
                    .await
                    .map_err(db_err)?;
            row.as_ref().map(data).transpose()
        };
        cached!(
            self,
            client_grants,
            (
                tenant.to_string(),
                client_id.to_string(),
                audience.to_string()
            ),
            load
        )
    }

    async fn find_client_grant_by_id(
        &self,
        tenant: &str,
        id: &str,
    ) -> StoreResult<Option<ClientGrant>> {
        find_data(
            &self.db,
            "SELECT data FROM client_grants WHERE tenant_id = $1 AND id = $2",
            &[tenant, id],
        )
        .await
    }

    async fn update_client_grant(&self, grant: &ClientGrant) -> StoreResult<()> {
        let _changed = self.hot.clear_after(Hot::applications_changed);
        let r = db::query(
            "UPDATE client_grants SET client_id = $3, audience = $4, data = $5 WHERE tenant_id = $1 AND id = $2",
        )
        .bind(&grant.tenant_id)
        .bind(&grant.id)
        .bind(&grant.client_id)
        .bind(&grant.audience)
        .bind(to_json(grant)?)
        .execute(&self.db)
        .await
        .map_err(db_err)?;
        expect_one(r)
    }

    async fn delete_client_grant(&self, tenant: &str, id: &str) -> StoreResult<()> {
        let _changed = self.hot.clear_after(Hot::applications_changed);
        db::query("DELETE FROM client_grants WHERE tenant_id = $1 AND id = $2")
            .bind(tenant)
            .bind(id)
            .execute(&self.db)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn list_client_grants(
        &self,
        tenant: &str,
        page: Page,
    ) -> StoreResult<Paged<ClientGrant>> {
        let (limit, offset) = limits(page);
        let rows =
            db::query("SELECT data FROM client_grants WHERE tenant_id = $1 ORDER BY seq, id LIMIT $2 OFFSET $3")
                .bind(tenant)
                .bind(limit)
                .bind(offset)
                .fetch_all(&self.db)
                .await
                .map_err(db_err)?;
        let total = db::query("SELECT COUNT(*) AS n FROM client_grants WHERE tenant_id = $1")
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
