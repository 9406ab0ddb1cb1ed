//! SQLite holds authorization codes in the node's memory from the login's end until their
//! redemption, up to a cap (code_memory.rs); the used code is written by the log writer. A
//! second store on the same file sees only what is in the database, which tells where each
//! code is.

use portcullis_domain::clock::Timestamp;
use portcullis_store::contract::{code, login_transaction, session, NOW};
use portcullis_store::{CodeRedemption, ExpiryStore, GrantStore, LoginFlowStore, SessionWrite, SweepBefore};
mod file_store;
use file_store::{open, tenant_on};
use portcullis_store_sql::SqlStore;

const LATER: Timestamp = Timestamp(NOW.0 + 3_600_000);

/// Completes a login (session `s-{code}`) that issues `code_hash`.
async fn login(node: &SqlStore, tn: &str, code_hash: &str) {
    let txn = format!("t-{code_hash}");
    node.put_transaction(&login_transaction(tn, &txn, LATER)).await.expect("put");
    let s = session(tn, &format!("s-{code_hash}"), "auth0|u", LATER);
    node.complete_login(SessionWrite::Create(&s), &code(tn, code_hash, &format!("f-{code_hash}")), &txn).await.expect("complete");
}

fn kind(r: &CodeRedemption) -> &'static str {
    match r {
        CodeRedemption::Redeemed(_) => "redeemed",
        CodeRedemption::AlreadyUsed(_) => "already used",
        CodeRedemption::NotFound => "not found",
    }
}

async fn redeem(node: &SqlStore, tn: &str, code_hash: &str) -> &'static str {
    kind(&node.redeem_code(tn, code_hash, NOW).await.expect("redeem"))
}

#[tokio::test]
async fn a_code_held_in_memory_is_redeemed_once_and_its_replay_is_recognised_before_and_after_it_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let node = open(&dir).await;
    let other = open(&dir).await;
    let tn = tenant_on(&node).await;
    login(&node, &tn, "c1").await;
    assert_eq!(redeem(&other, &tn, "c1").await, "not found", "the code is not in the database");

    match node.redeem_code(&tn, "c1", NOW).await.expect("redeem") {
        CodeRedemption::Redeemed(c) => assert_eq!(c.grant.family_id, "f-c1"),
        r => panic!("expected the redemption, got {}", kind(&r)),
    }
    match node.redeem_code(&tn, "c1", NOW).await.expect("replay") {
        CodeRedemption::AlreadyUsed(c) => assert_eq!(c.grant.family_id, "f-c1", "the replay names the family to revoke"),
        r => panic!("expected a replay, got {}", kind(&r)),
    }

    node.flush_logs().await;
    assert_eq!(redeem(&other, &tn, "c1").await, "already used", "the writer wrote it as used");
    assert_eq!(redeem(&node, &tn, "c1").await, "already used", "and the node now finds it there");
}

#[tokio::test]
async fn concurrent_redemptions_of_a_held_code_have_exactly_one_winner() {
    let dir = tempfile::tempdir().expect("temp dir");
    let node = open(&dir).await;
    let tn = tenant_on(&node).await;
    login(&node, &tn, "c1").await;
    let tries: Vec<_> = (0..16)
        .map(|_| {
            let (node, tn) = (node.clone(), tn.clone());
            tokio::spawn(async move { redeem(&node, &tn, "c1").await })
        })
        .collect();
    let mut outcomes = Vec::new();
    for t in tries {
        outcomes.push(t.await.expect("task"));
    }
    assert_eq!(outcomes.iter().filter(|k| **k == "redeemed").count(), 1, "{outcomes:?}");
    assert_eq!(outcomes.iter().filter(|k| **k == "already used").count(), 15, "{outcomes:?}");
}

#[tokio::test]
async fn codes_beyond_the_memory_cap_are_written_and_redeemed_in_the_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let node = open(&dir).await;
    let other = open(&dir).await;
    let tn = tenant_on(&node).await;
    node.set_login_memory_cap(1);
    login(&node, &tn, "held").await;
    login(&node, &tn, "spilled").await;
    assert_eq!(redeem(&other, &tn, "held").await, "not found", "the first is in memory");
    assert_eq!(redeem(&other, &tn, "spilled").await, "redeemed", "the second went to the database");
    assert_eq!(redeem(&node, &tn, "spilled").await, "already used");
    assert_eq!(redeem(&node, &tn, "held").await, "redeemed");
}

#[tokio::test]
async fn codes_continue_after_a_graceful_restart_unused_ones_redeemable_and_used_ones_used() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tn;
    {
        let node = open(&dir).await;
        tn = tenant_on(&node).await;
        login(&node, &tn, "unused").await;
        login(&node, &tn, "used").await;
        assert_eq!(redeem(&node, &tn, "used").await, "redeemed");
        node.flush_before_exit().await;
    }
    let restarted = open(&dir).await;
    assert_eq!(redeem(&restarted, &tn, "unused").await, "redeemed", "kept across the restart");
    assert_eq!(redeem(&restarted, &tn, "used").await, "already used", "its replay is still recognised");
}

#[tokio::test]
async fn expired_unused_codes_leave_memory_with_the_expiry_sweep() {
    let dir = tempfile::tempdir().expect("temp dir");
    let node = open(&dir).await;
    let tn = tenant_on(&node).await;
    login(&node, &tn, "abandoned").await;
    login(&node, &tn, "redeemed").await;
    assert_eq!(redeem(&node, &tn, "redeemed").await, "redeemed");
    // The fixtures' codes expire a minute after NOW.
    let before = SweepBefore { state: LATER, codes: NOW, logs: None, executions: None };
    let swept = node.sweep_expired(before, 10).await.expect("sweep");
    assert_eq!(swept.codes, 1, "only the unused one, expired at the cutoff");
    assert_eq!(redeem(&node, &tn, "abandoned").await, "not found");
    assert_eq!(redeem(&node, &tn, "redeemed").await, "already used", "a used one is still recognised (held until written, then in the database)");
}
