//! The per-node read cache: a node sees its own writes at once, and another node's writes (two
//! stores on one database file stand for two nodes) after at most the cache TTL.

use portcullis_domain::clock::Timestamp;
use portcullis_store::contract;
use portcullis_store::{ClientStore, TenantStore};
use portcullis_store_sql::{connect, SqlStore};
use std::time::Duration;
use tempfile::TempDir;

async fn two_nodes() -> (SqlStore, SqlStore, TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/portcullis.db?mode=rwc", dir.path().display());
    let a = connect(&url).await.expect("node a");
    let b = connect(&url).await.expect("node b");
    (a, b, dir)
}

#[tokio::test]
async fn a_node_sees_its_own_client_changes_at_once() {
    let (a, _b, _dir) = two_nodes().await;
    a.create_tenant(&contract::tenant("t1")).await.unwrap();
    assert!(a.find_client("t1", "c1").await.unwrap().is_none());
    let mut c = contract::client("t1", "c1", Timestamp::from_secs(1));
    a.create_client(&c).await.unwrap();
    assert_eq!(a.find_client("t1", "c1").await.unwrap().unwrap().name, c.name);
    c.name = "renamed".into();
    a.update_client(&c).await.unwrap();
    assert_eq!(a.find_client("t1", "c1").await.unwrap().unwrap().name, "renamed");
    a.delete_client("t1", "c1").await.unwrap();
    assert!(a.find_client("t1", "c1").await.unwrap().is_none());
}

#[tokio::test]
async fn another_nodes_change_shows_after_the_ttl() {
    let (a, b, _dir) = two_nodes().await;
    b.set_cache_ttl(Duration::from_millis(200));
    a.create_tenant(&contract::tenant("t1")).await.unwrap();
    let mut c = contract::client("t1", "c1", Timestamp::from_secs(1));
    a.create_client(&c).await.unwrap();
    assert_eq!(b.find_client("t1", "c1").await.unwrap().unwrap().name, c.name);
    c.name = "renamed".into();
    a.update_client(&c).await.unwrap();
    // Node b still serves its copy within the TTL, then reads the change.
    assert_eq!(b.find_client("t1", "c1").await.unwrap().unwrap().name, contract::client("t1", "c1", Timestamp::from_secs(1)).name);
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(b.find_client("t1", "c1").await.unwrap().unwrap().name, "renamed");
}

#[tokio::test]
async fn a_zero_ttl_turns_the_cache_off() {
    let (a, b, _dir) = two_nodes().await;
    b.set_cache_ttl(Duration::ZERO);
    a.create_tenant(&contract::tenant("t1")).await.unwrap();
    assert!(b.find_client("t1", "c1").await.unwrap().is_none());
    a.create_client(&contract::client("t1", "c1", Timestamp::from_secs(1))).await.unwrap();
    assert!(b.find_client("t1", "c1").await.unwrap().is_some());
}
