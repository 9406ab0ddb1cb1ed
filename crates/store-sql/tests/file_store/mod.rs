//! A SQLite store on a file in a temporary folder: the tests of what a node holds in memory open
//! a second store on the same file, which sees only what is in the database.

use portcullis_store::contract::{tenant, unique_id};
use portcullis_store::TenantStore;
use portcullis_store_sql::{connect, SqlStore};

pub async fn open(dir: &tempfile::TempDir) -> SqlStore {
    connect(&format!("sqlite://{}/p.db?mode=rwc", dir.path().display())).await.expect("sqlite")
}

/// A new tenant on `store`; its id.
pub async fn tenant_on(store: &SqlStore) -> String {
    let tn = unique_id("tn");
    store.create_tenant(&tenant(&tn)).await.expect("tenant");
    tn
}
