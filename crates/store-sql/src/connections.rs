use crate::codec::{all, db_err, find_data, to_json};
use crate::db;
use crate::hot::{cached, Hot};
use crate::{expect_one, SqlStore};
use async_trait::async_trait;
use portcullis_domain::connection::Connection;
use portcullis_store::{ConnectionStore, StoreResult};

#[async_trait]
impl ConnectionStore for SqlStore {
    async fn create_connection(&self, c: &Connection) -> StoreResult<()> {
        let _changed = self.hot.clear_after(Hot::connections_changed);
        db::query("INSERT INTO connections (tenant_id, id, name, data) VALUES ($1, $2, $3, $4)")
            .bind(&c.tenant_id)
            .bind(&c.id)
            .bind(&c.name)
            .bind(to_json(c)?)
            .execute(&self.db)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn find_connection_by_name(
        &self,
        tenant: &str,
        name: &str,
    ) -> StoreResult<Option<Connection>> {
        let load = async {
            find_data(
                &self.db,
                "SELECT data FROM connections WHERE tenant_id = $1 AND name = $2",
                &[tenant, name],
            )
            .await
        };
        cached!(
            self,
            connections,
            (tenant.to_string(), name.to_string()),
            load
        )
    }

    async fn find_connection(&self, tenant: &str, id: &str) -> StoreResult<Option<Connection>> {
        find_data(
            &self.db,
            "SELECT data FROM connections WHERE tenant_id = $1 AND id = $2",
            &[tenant, id],
        )
        .await
    }

    async fn update_connection(&self, c: &Connection) -> StoreResult<()> {
        let _changed = self.hot.clear_after(Hot::connections_changed);
        let r = db::query(
            "UPDATE connections SET name = $3, data = $4 WHERE tenant_id = $1 AND id = $2",
        )
        .bind(&c.tenant_id)
        .bind(&c.id)
        .bind(&c.name)
        .bind(to_json(c)?)
        .execute(&self.db)
        .await
        .map_err(db_err)?;
        expect_one(r)
    }

    async fn list_connections(&self, tenant: &str) -> StoreResult<Vec<Connection>> {
        let load = async {
            let rows = db::query("SELECT data FROM connections WHERE tenant_id = $1 ORDER BY name")
                .bind(tenant)
                .fetch_all(&self.db)
                .await
                .map_err(db_err)?;
            all(&rows)
        };
        cached!(self, connection_lists, tenant.to_string(), load)
    }
}
