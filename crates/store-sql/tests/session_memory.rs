//! SQLite writes the session a login creates with the log writer's next batch and serves it from
//! memory until then (session_memory.rs). A second store on the same file sees only what is in
//! the database.

use portcullis_domain::clock::Timestamp;
use portcullis_store::contract::{code, login_transaction, session, NOW};
use portcullis_store::{LoginFlowStore, SessionStore, SessionWrite};
mod file_store;
use file_store::{open, tenant_on};
use portcullis_store_sql::SqlStore;

const LATER: Timestamp = Timestamp(NOW.0 + 3_600_000);

/// Completes a login that creates session `id` for `user`.
async fn login(node: &SqlStore, tn: &str, id: &str, user: &str) {
    let txn = format!("t-{id}");
    node.put_transaction(&login_transaction(tn, &txn, LATER)).await.expect("put");
    let s = session(tn, id, user, LATER);
    node.complete_login(SessionWrite::Create(&s), &code(tn, &format!("c-{id}"), &format!("f-{id}")), &txn).await.expect("complete");
}

async fn in_file(other: &SqlStore, tn: &str, id: &str) -> bool {
    other.find_session(tn, id, NOW).await.expect("find").is_some()
}

#[tokio::test]
async fn a_new_session_is_found_at_once_and_is_in_the_database_after_the_writers_batch() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (node, other) = (open(&dir).await, open(&dir).await);
    let tn = tenant_on(&node).await;
    login(&node, &tn, "s1", "auth0|u").await;
    let found = node.find_session(&tn, "s1", NOW).await.expect("find").expect("found at once");
    assert_eq!(found.user_id, "auth0|u");
    assert!(node.find_session(&tn, "s1", LATER).await.expect("find").is_none(), "expiry holds in memory too");
    node.flush_logs().await;
    assert!(in_file(&other, &tn, "s1").await);
}

#[tokio::test]
async fn an_update_of_a_pending_session_is_the_version_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (node, other) = (open(&dir).await, open(&dir).await);
    let tn = tenant_on(&node).await;
    login(&node, &tn, "s1", "auth0|u").await;
    let mut s = node.find_session(&tn, "s1", NOW).await.expect("find").expect("found");
    s.clients.push("second-app".into());
    node.update_session(&s).await.expect("update");
    // A second login on the same session, through the login's own write.
    node.put_transaction(&login_transaction(&tn, "t2", LATER)).await.expect("put");
    s.clients.push("third-app".into());
    node.complete_login(SessionWrite::Update(&s), &code(&tn, "c2", "f2"), "t2").await.expect("complete");
    node.flush_logs().await;
    let written = other.find_session(&tn, "s1", NOW).await.expect("find").expect("written");
    assert_eq!(written.clients, s.clients);
}

#[tokio::test]
async fn deleted_pending_sessions_are_never_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (node, other) = (open(&dir).await, open(&dir).await);
    let tn = tenant_on(&node).await;
    login(&node, &tn, "gone", "auth0|a").await;
    login(&node, &tn, "u1", "auth0|b").await;
    login(&node, &tn, "u2", "auth0|b").await;
    login(&node, &tn, "kept", "auth0|c").await;
    node.delete_session(&tn, "gone").await.expect("delete");
    assert_eq!(node.delete_user_sessions(&tn, "auth0|b").await.expect("delete"), 2, "both counted, pending or written");
    assert!(node.find_session(&tn, "gone", NOW).await.expect("find").is_none());
    node.flush_logs().await;
    for id in ["gone", "u1", "u2"] {
        assert!(!in_file(&other, &tn, id).await, "{id} was written after its deletion");
    }
    assert!(in_file(&other, &tn, "kept").await);
}

#[tokio::test]
async fn deletions_racing_the_writers_batches_leave_no_session_behind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (node, other) = (open(&dir).await, open(&dir).await);
    let tn = tenant_on(&node).await;
    let mut deletions = Vec::new();
    for i in 0..300 {
        let id = format!("s{i}");
        login(&node, &tn, &id, "auth0|u").await;
        let (node, tn) = (node.clone(), tn.clone());
        // Some run before the batch that holds the session, some while it is written, some after.
        deletions.push(tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_micros(i * 97 % 25_000)).await;
            node.delete_session(&tn, &id).await.expect("delete");
        }));
    }
    for d in deletions {
        d.await.expect("task");
    }
    node.flush_logs().await;
    for i in 0..300 {
        assert!(!in_file(&other, &tn, &format!("s{i}")).await, "s{i} came back");
    }
}

#[tokio::test]
async fn pending_sessions_are_written_before_a_graceful_exit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tn;
    {
        let node = open(&dir).await;
        tn = tenant_on(&node).await;
        login(&node, &tn, "s1", "auth0|u").await;
        node.flush_before_exit().await;
    }
    let restarted = open(&dir).await;
    assert!(in_file(&restarted, &tn, "s1").await);
}
