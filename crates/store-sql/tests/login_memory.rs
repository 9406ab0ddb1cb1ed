//! SQLite holds logins in progress in the node's memory up to a cap, the rest in the database
//! (flow_memory.rs). A second store on the same file sees only what is in the database, which
//! tells where each transaction went.

use portcullis_domain::clock::Timestamp;
use portcullis_store::contract::{code, login_transaction, session, NOW};
use portcullis_store::{LoginFlowStore, SessionWrite};
mod file_store;
use file_store::{open, tenant_on};
use portcullis_store_sql::SqlStore;

const LATER: Timestamp = Timestamp(NOW.0 + 3_600_000);

/// A node holding at most `cap` logins in memory, another store on its file, and a tenant.
async fn node_and_file(dir: &tempfile::TempDir, cap: usize) -> (SqlStore, SqlStore, String) {
    let node = open(dir).await;
    let other = open(dir).await;
    let tn = tenant_on(&node).await;
    node.set_login_memory_cap(cap);
    (node, other, tn)
}

#[tokio::test]
async fn logins_beyond_the_memory_cap_are_written_updated_and_completed_in_the_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (node, other, tn) = node_and_file(&dir, 1).await;

    node.put_transaction(&login_transaction(&tn, "held", LATER)).await.expect("put");
    node.put_transaction(&login_transaction(&tn, "spilled", LATER)).await.expect("put");
    assert!(other.find_transaction(&tn, "held", NOW).await.expect("find").is_none(), "the first is in memory");
    assert!(other.find_transaction(&tn, "spilled", NOW).await.expect("find").is_some(), "the second went to the database");

    // Read back from the database, it is marked so; an update goes back there even though the
    // memory now has room.
    node.set_login_memory_cap(10);
    let mut spilled = node.find_transaction(&tn, "spilled", NOW).await.expect("find").expect("found");
    assert!(spilled.in_database);
    spilled.user_id = Some("auth0|u".into());
    node.put_transaction(&spilled).await.expect("update");
    let seen = other.find_transaction(&tn, "spilled", NOW).await.expect("find").expect("found");
    assert_eq!(seen.user_id.as_deref(), Some("auth0|u"), "the database holds the update");

    let s = session(&tn, "s1", "auth0|u", LATER);
    node.complete_login(SessionWrite::Create(&s), &code(&tn, "code-1", "f1"), "spilled").await.expect("complete");
    assert!(other.find_transaction(&tn, "spilled", NOW).await.expect("find").is_none(), "completing deleted the row");
    assert!(node.find_transaction(&tn, "spilled", NOW).await.expect("find").is_none());

    let s2 = session(&tn, "s2", "auth0|u", LATER);
    node.complete_login(SessionWrite::Create(&s2), &code(&tn, "code-2", "f2"), "held").await.expect("complete");
    assert!(node.find_transaction(&tn, "held", NOW).await.expect("find").is_none(), "a completed login is gone from memory");
}

#[tokio::test]
async fn logins_held_in_memory_continue_after_a_graceful_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tn;
    {
        let node = open(&dir).await;
        tn = tenant_on(&node).await;
        node.put_transaction(&login_transaction(&tn, "in-progress", LATER)).await.expect("put");
        node.flush_before_exit().await;
    }
    let restarted = open(&dir).await;
    let t = restarted.find_transaction(&tn, "in-progress", NOW).await.expect("find").expect("kept across the restart");
    assert!(t.in_database);
    let s = session(&tn, "s1", "auth0|u", LATER);
    restarted.complete_login(SessionWrite::Create(&s), &code(&tn, "code-r", "fr"), "in-progress").await.expect("complete");
    assert!(restarted.find_transaction(&tn, "in-progress", NOW).await.expect("find").is_none());
}

#[tokio::test]
async fn a_login_whose_completion_failed_is_still_there_to_try_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let node = open(&dir).await;
    let tn = tenant_on(&node).await;
    node.put_transaction(&login_transaction(&tn, "t1", LATER)).await.expect("put");
    let s = session(&tn, "s1", "auth0|u", LATER);
    node.complete_login(SessionWrite::Create(&s), &code(&tn, "c1", "f1"), "other").await.expect("first login");
    // The same new session id again: the write fails as a whole.
    assert!(node.complete_login(SessionWrite::Create(&s), &code(&tn, "c2", "f2"), "t1").await.is_err());
    assert!(node.find_transaction(&tn, "t1", NOW).await.expect("find").is_some(), "the login may be finished again");
    use portcullis_store::{CodeRedemption, GrantStore};
    assert_eq!(node.redeem_code(&tn, "c2", NOW).await.expect("redeem"), CodeRedemption::NotFound, "the failed login's code was not kept");
}

#[tokio::test]
async fn expired_logins_make_room_in_memory_and_the_sweep_drops_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (node, other, tn) = node_and_file(&dir, 1).await;
    // Expired before the next one is created (fixtures are created at NOW).
    node.put_transaction(&login_transaction(&tn, "abandoned", NOW)).await.expect("put");
    node.put_transaction(&login_transaction(&tn, "fresh", LATER)).await.expect("put");
    assert!(other.find_transaction(&tn, "fresh", NOW).await.expect("find").is_none(), "room was made in memory");
    assert!(node.find_transaction(&tn, "fresh", NOW).await.expect("find").is_some());

    use portcullis_store::{ExpiryStore, SweepBefore};
    let before = SweepBefore { state: LATER, codes: NOW, logs: None, executions: None };
    let swept = node.sweep_expired(before, 10).await.expect("sweep");
    assert_eq!(swept.login_transactions, 1, "the one held in memory, expired at the sweep's cutoff");
    assert!(node.find_transaction(&tn, "fresh", Timestamp(0)).await.expect("find").is_none());
}
