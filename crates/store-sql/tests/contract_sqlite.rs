//! The store contract and the concurrency checks on SQLite, each test on a fresh file.

mod common;

use portcullis_store::contract;
use portcullis_store::{StoreError, TenantStore};
use portcullis_store_sql::{connect, SqlStore};
use tempfile::TempDir;

async fn fresh_store() -> (SqlStore, TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    // A missing parent directory is created by `connect`.
    let url = format!("sqlite://{}/nested/portcullis.db?mode=rwc", dir.path().display());
    let store = connect(&url).await.expect("connect to sqlite");
    (store, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_contract_holds_on_sqlite() {
    let (store, _dir) = fresh_store().await;
    assert_eq!(store.backend_name(), "sqlite");
    store.ping().await.expect("ping");
    contract::run_all(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_contract_holds_for_two_runs_at_once_on_one_sqlite_file() {
    let (store, _dir) = fresh_store().await;
    tokio::join!(contract::run_all(&store), contract::run_all(&store));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_concurrent_redemptions_of_one_code_on_sqlite_redeem_it_exactly_once() {
    let (store, _dir) = fresh_store().await;
    common::concurrent_redemptions_of_one_code_redeem_it_exactly_once(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_concurrent_rotations_of_one_refresh_token_on_sqlite_rotate_it_exactly_once() {
    let (store, _dir) = fresh_store().await;
    common::concurrent_rotations_of_one_refresh_token_rotate_it_exactly_once(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_logins_and_failures_on_sqlite_are_all_counted() {
    let (store, _dir) = fresh_store().await;
    common::concurrent_logins_and_failures_are_all_counted(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reopening_a_sqlite_database_keeps_its_data_and_skips_applied_migrations() {
    let dir = tempfile::tempdir().expect("temp dir");
    // No `mode` parameter: the file is created anyway.
    let url = format!("sqlite://{}/reopen.db", dir.path().display());
    let first = connect(&url).await.expect("first open");
    let t = contract::tenant(&contract::unique_id("tn"));
    first.create_tenant(&t).await.expect("create tenant");
    first.close().await;
    let second = connect(&url).await.expect("second open");
    assert_eq!(second.find_tenant(&t.id).await.expect("find"), Some(t.clone()));
    assert!(matches!(second.create_tenant(&t).await, Err(StoreError::Conflict(_))));
}

#[tokio::test]
async fn an_unknown_url_scheme_is_refused() {
    assert!(matches!(
        connect("mysql://localhost/db").await,
        Err(StoreError::Backend(_))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_contract_holds_on_in_memory_sqlite() {
    let store = connect("sqlite::memory:").await.expect("connect to in-memory sqlite");
    contract::run_all(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_concurrent_deploys_of_one_version_number_on_sqlite_store_exactly_one() {
    let (store, _dir) = fresh_store().await;
    common::concurrent_deploys_of_one_version_number_store_exactly_one(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_concurrent_binding_replacements_on_sqlite_leave_one_whole_list() {
    let (store, _dir) = fresh_store().await;
    common::concurrent_binding_replacements_leave_one_whole_list(&store).await;
}
