//! The expiry sweep's contract: expired short-lived state goes, in bounded batches; live state
//! and codes still inside their replay window stay.

use super::{code, login_transaction, new_tenant, ok, session, NOW};
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
    let before = SweepBefore { state: cutoff, codes: long_ago(35) };
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
