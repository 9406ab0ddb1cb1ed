//! SQLite adds a login to the user's row with the log writer's next batch and, until then, to
//! every read of the user on this node (login_counts.rs). A second store on the same file sees
//! only the rows.

use portcullis_domain::connection::DEFAULT_DATABASE_CONNECTION;
use portcullis_store::contract::{user, NOW};
use portcullis_store::{Page, UserQuery, UserStore};
mod file_store;
use file_store::{open, tenant_on};
use portcullis_store_sql::SqlStore;

async fn tenant_with_user(node: &SqlStore) -> String {
    let tn = tenant_on(node).await;
    node.create_user(&user(&tn, "auth0|u", Some("u@x.test"), NOW)).await.expect("user");
    tn
}

async fn count(store: &SqlStore, tn: &str) -> i64 {
    store.find_user(tn, "auth0|u").await.expect("find").expect("user").logins_count
}

#[tokio::test]
async fn every_read_of_the_user_includes_the_logins_not_yet_written_and_the_row_gets_them_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (node, other) = (open(&dir).await, open(&dir).await);
    let tn = tenant_with_user(&node).await;
    assert_eq!(node.record_login(&tn, "auth0|u", NOW.plus_secs(1), Some("203.0.113.1")).await.expect("login").logins_count, 1);
    assert_eq!(node.record_login(&tn, "auth0|u", NOW.plus_secs(2), Some("203.0.113.2")).await.expect("login").logins_count, 2);

    let found = node.find_user_by_email(&tn, DEFAULT_DATABASE_CONNECTION, "u@x.test").await.expect("find").expect("user");
    assert_eq!((found.logins_count, found.last_login, found.last_ip.as_deref()), (2, Some(NOW.plus_secs(2)), Some("203.0.113.2")));
    let listed = node.list_users(&tn, &UserQuery::default(), Page { page: 0, per_page: 10 }).await.expect("list");
    assert_eq!(listed.items[0].logins_count, 2, "lists include them too");

    node.flush_logs().await;
    assert_eq!(count(&other, &tn).await, 2, "the row has both");
    assert_eq!(count(&node, &tn).await, 2, "and the node no longer adds them");
    node.record_login(&tn, "auth0|u", NOW.plus_secs(3), None).await.expect("login");
    node.flush_logs().await;
    let row = other.find_user(&tn, "auth0|u").await.expect("find").expect("user");
    assert_eq!((row.logins_count, row.last_login, row.last_ip), (3, Some(NOW.plus_secs(3)), None));
}

#[tokio::test]
async fn concurrent_logins_of_one_user_are_all_counted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (node, other) = (open(&dir).await, open(&dir).await);
    let tn = tenant_with_user(&node).await;
    let logins: Vec<_> = (0..200)
        .map(|i| {
            let (node, tn) = (node.clone(), tn.clone());
            tokio::spawn(async move {
                tokio::time::sleep(std::time::Duration::from_micros(i * 131 % 30_000)).await;
                node.record_login(&tn, "auth0|u", NOW, None).await.expect("login");
            })
        })
        .collect();
    for l in logins {
        l.await.expect("task");
    }
    assert_eq!(count(&node, &tn).await, 200);
    node.flush_logs().await;
    assert_eq!(count(&other, &tn).await, 200);
}

#[tokio::test]
async fn an_update_of_the_user_writes_its_waiting_logins_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (node, other) = (open(&dir).await, open(&dir).await);
    let tn = tenant_with_user(&node).await;
    node.record_login(&tn, "auth0|u", NOW, None).await.expect("login");
    let mut u = node.find_user(&tn, "auth0|u").await.expect("find").expect("user");
    u.name = Some("Renamed".into());
    node.update_user(&u).await.expect("update");
    node.flush_logs().await;
    let row = other.find_user(&tn, "auth0|u").await.expect("find").expect("user");
    assert_eq!((row.logins_count, row.name.as_deref()), (1, Some("Renamed")));
    assert_eq!(count(&node, &tn).await, 1);
}

#[tokio::test]
async fn waiting_logins_are_written_before_a_graceful_exit_and_a_deleted_user_takes_them_along() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tn;
    {
        let node = open(&dir).await;
        tn = tenant_with_user(&node).await;
        node.create_user(&user(&tn, "auth0|gone", Some("g@x.test"), NOW)).await.expect("user");
        node.record_login(&tn, "auth0|u", NOW, None).await.expect("login");
        node.record_login(&tn, "auth0|gone", NOW, None).await.expect("login");
        node.delete_user(&tn, "auth0|gone").await.expect("delete");
        node.flush_before_exit().await;
    }
    let restarted = open(&dir).await;
    assert_eq!(count(&restarted, &tn).await, 1);
    assert!(restarted.find_user(&tn, "auth0|gone").await.expect("find").is_none());
}
