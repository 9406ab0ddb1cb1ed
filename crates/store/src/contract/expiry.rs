//! The expiry sweep's contract: expired short-lived state goes, in bounded batches; live state
//! and codes still inside their replay window stay.

use super::{code, execution, log_event, login_transaction, new_tenant, ok, session, NOW};
use crate::{CodeRedemption, Store, SweepBefore};
use portcullis_domain::Timestamp;

/// Well before every other fixture's expiry (they expire after `NOW`), so the sweep below
/// touches only the rows this test writes, whatever else shares the database.
fn long_ago(days: i64) -> Timestamp {
    NOW.plus_secs(-days * 86_400)
}

pub async fn expired_login_state_is_swept_in_batches_and_live_state_stays(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let cutoff = long_ago(30);
    let expired = Timestamp(cutoff.0 - 1);
    let live = Timestamp(cutoff.0 + 1);
    for id in ["tx-old-1", "tx-old-2", "tx-old-3"] {
        ok(store.put_transaction(&login_transaction(&tn, id, expired)).await);
    }
    ok(store.put_transaction(&login_transaction(&tn, "tx-live", live)).await);
    ok(store.create_session(&session(&tn, "s-old", "auth0|u", cutoff)).await);
    ok(store.create_session(&session(&tn, "s-live", "auth0|u", live)).await);
    let mut old_code = code(&tn, "c-old", "f-old");
    old_code.expires_at = long_ago(40);
    ok(store.insert_code(&old_code).await);
    let mut recent_code = code(&tn, "c-recent", "f-recent");
    recent_code.expires_at = expired;
    ok(store.insert_code(&recent_code).await);
    ok(store.cache_set(&tn, "scope", "k-old", "v", expired).await);
    ok(store.cache_set(&tn, "scope", "k-live", "v", live).await);

    // Codes are kept for their replay window: only the one expired before `codes` goes.
    // Every run of this suite uses these same cutoffs and fixtures at `cutoff ± 1`, so runs
    // sharing a database (the suite may run concurrently with itself) sweep each other's
    // expired rows and never each other's live ones: counts are bounds, the rows are checked.
    let before = SweepBefore { state: cutoff, codes: long_ago(35), logs: None, executions: None };
    let first = ok(store.sweep_expired(before, 2).await);
    assert!(first.login_transactions <= 2, "a batch stops at its limit: {first:?}");
    let mut rounds = 1;
    while ok(store.sweep_expired(before, 2).await).reached(2) {
        rounds += 1;
        assert!(rounds < 1000, "the sweep ends");
    }

    // Found again only if kept (an early `now` ignores expiry, so a miss means deleted).
    let early = Timestamp(0);
    for id in ["tx-old-1", "tx-old-2", "tx-old-3"] {
        assert_eq!(ok(store.find_transaction(&tn, id, early).await), None, "{id} was swept");
    }
    assert!(ok(store.find_transaction(&tn, "tx-live", early).await).is_some());
    assert_eq!(ok(store.find_session(&tn, "s-old", early).await), None, "expired at expires_at");
    assert!(ok(store.find_session(&tn, "s-live", early).await).is_some());
    assert!(matches!(ok(store.redeem_code(&tn, "c-old", early).await), CodeRedemption::NotFound));
    assert!(matches!(ok(store.redeem_code(&tn, "c-recent", early).await), CodeRedemption::Redeemed(_)), "inside its replay window");
    assert_eq!(ok(store.cache_get(&tn, "scope", "k-old", early).await), None);
    assert!(ok(store.cache_get(&tn, "scope", "k-live", early).await).is_some());
}

/// Retention: log events and execution records written at or before their cutoff go, a bounded
/// batch per tenant at a time; newer ones, and everything when retention is off, stay.
pub async fn logs_and_execution_records_past_their_retention_are_swept_per_tenant(store: &dyn Store) {
    let (a, b) = (new_tenant(store).await, new_tenant(store).await);
    let cutoff = long_ago(30);
    for tn in [&a, &b] {
        for (id, at) in [("log-old-1", Timestamp(cutoff.0 - 2)), ("log-old-2", cutoff), ("log-new", Timestamp(cutoff.0 + 1))] {
            ok(store.append_log(&log_event(tn, id, at, "s", None)).await);
        }
        for (id, at) in [("ex-old-1", Timestamp(cutoff.0 - 2)), ("ex-old-2", cutoff), ("ex-new", Timestamp(cutoff.0 + 1))] {
            let mut e = execution(tn, id, super::POST_LOGIN);
            e.created_at = at;
            ok(store.insert_execution(&e).await);
        }
    }
    // Log events may be queued: a read of the same node waits for them.
    assert!(ok(store.find_log(&a, "log-new").await).is_some());
    assert!(ok(store.find_log(&b, "log-new").await).is_some());

    let off = SweepBefore { state: long_ago(400), codes: long_ago(400), logs: None, executions: None };
    let kept = ok(store.sweep_expired(off, 10).await);
    assert_eq!((kept.logs, kept.executions), (0, 0), "no retention, nothing goes: {kept:?}");

    // Other runs of this suite on the same database sweep with the same cutoff, so the counts
    // are bounds; which rows are left is exact.
    let before = SweepBefore { logs: Some(cutoff), executions: Some(cutoff), ..off };
    let mut rounds = 0;
    while ok(store.sweep_expired(before, 1).await).reached(1) {
        rounds += 1;
        assert!(rounds < 1000, "the sweep ends");
    }
    for tn in [&a, &b] {
        for id in ["log-old-1", "log-old-2"] {
            assert_eq!(ok(store.find_log(tn, id).await), None, "{id} is past its retention");
        }
        assert!(ok(store.find_log(tn, "log-new").await).is_some(), "newer than the cutoff");
        for id in ["ex-old-1", "ex-old-2"] {
            assert_eq!(ok(store.find_execution(tn, id).await), None, "{id} is past its retention");
        }
        assert!(ok(store.find_execution(tn, "ex-new").await).is_some(), "newer than the cutoff");
    }
}
