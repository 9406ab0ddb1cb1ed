//! The store contract and the concurrency checks on PostgreSQL, when
//! `PORTCULLIS_TEST_DATABASE_URL` names a database (always in CI). Each test works in a schema
//! of its own, dropped at the end, so runs never see each other's tables.

mod common;

use portcullis_store::contract::{self, unique_id};
use portcullis_store_sql::{connect, SqlStore};
use sqlx::{Connection, Executor};
use std::future::Future;

const URL_VAR: &str = "PORTCULLIS_TEST_DATABASE_URL";

fn database_url() -> Option<String> {
    match std::env::var(URL_VAR) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("{URL_VAR} must be set in CI: the PostgreSQL contract suite may not be skipped")
        }
        _ => {
            println!("skipped: set {URL_VAR} to run the PostgreSQL contract suite");
            None
        }
    }
}

async fn admin(url: &str, sql: &str) {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url)
        .await
        .expect("connect to the test database");
    conn.execute(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    conn.close().await.expect("close");
}

/// Runs `test` with the URL of a fresh, empty schema; drops the schema even when `test` panics.
async fn in_fresh_schema<F, Fut>(test: F)
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(url) = database_url() else { return };
    let schema = unique_id("pc_test").to_lowercase();
    admin(&url, &format!("CREATE SCHEMA {schema}")).await;
    let sep = if url.contains('?') { '&' } else { '?' };
    let schema_url = format!("{url}{sep}options=-c%20search_path%3D{schema}");
    let outcome = tokio::spawn(test(schema_url)).await;
    admin(&url, &format!("DROP SCHEMA {schema} CASCADE")).await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

async fn open(url: &str) -> SqlStore {
    connect(url).await.expect("connect to postgres")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_contract_holds_on_postgres() {
    in_fresh_schema(|url| async move {
        let store = open(&url).await;
        assert_eq!(store.backend_name(), "postgres");
        store.ping().await.expect("ping");
        contract::run_all(&store).await;
        store.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_concurrent_redemptions_of_one_code_on_postgres_redeem_it_exactly_once() {
    in_fresh_schema(|url| async move {
        let store = open(&url).await;
        common::concurrent_redemptions_of_one_code_redeem_it_exactly_once(&store).await;
        store.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_concurrent_rotations_of_one_refresh_token_on_postgres_rotate_it_exactly_once() {
    in_fresh_schema(|url| async move {
        let store = open(&url).await;
        common::concurrent_rotations_of_one_refresh_token_rotate_it_exactly_once(&store).await;
        store.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_logins_and_failures_on_postgres_are_all_counted() {
    in_fresh_schema(|url| async move {
        let store = open(&url).await;
        common::concurrent_logins_and_failures_are_all_counted(&store).await;
        store.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_nodes_migrating_one_empty_postgres_schema_at_once_all_start() {
    in_fresh_schema(|url| async move {
        let (a, b, c) = tokio::join!(connect(&url), connect(&url), connect(&url));
        for store in [a, b, c] {
            let store = store.expect("every node starts");
            store.ping().await.expect("ping");
            store.close().await;
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_contract_holds_for_two_runs_at_once_on_one_postgres_schema() {
    in_fresh_schema(|url| async move {
        let store = open(&url).await;
        tokio::join!(contract::run_all(&store), contract::run_all(&store));
        store.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_concurrent_deploys_of_one_version_number_on_postgres_store_exactly_one() {
    in_fresh_schema(|url| async move {
        let store = open(&url).await;
        common::concurrent_deploys_of_one_version_number_store_exactly_one(&store).await;
        store.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_concurrent_binding_replacements_on_postgres_leave_one_whole_list() {
    in_fresh_schema(|url| async move {
        let store = open(&url).await;
        common::concurrent_binding_replacements_leave_one_whole_list(&store).await;
        store.close().await;
    })
    .await;
}
