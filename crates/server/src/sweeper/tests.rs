use super::*;
use portcullis_store::contract::{code, login_transaction, session, tenant, unique_id};
use portcullis_store::{GrantStore, LoginFlowStore, SessionStore, TenantStore};

#[tokio::test]
async fn a_sweep_deletes_a_backlog_larger_than_one_batch_and_keeps_codes_for_their_replay_window() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = portcullis_store_sql::connect(&format!("sqlite://{}/p.db?mode=rwc", dir.path().display())).await.expect("sqlite");
    let t = tenant(&unique_id("tn"));
    store.create_tenant(&t).await.expect("tenant");
    let now = Timestamp::from_secs(1_800_000_000);
    let expired = now.plus_secs(-1);
    let backlog = BATCH as usize * 2 + 7;
    for i in 0..backlog {
        store.put_transaction(&login_transaction(&t.id, &format!("tx{i}"), expired)).await.expect("put");
    }
    store.put_transaction(&login_transaction(&t.id, "live", now.plus_secs(60))).await.expect("put");
    store.create_session(&session(&t.id, "s-old", "auth0|u", expired)).await.expect("session");
    let mut inside = code(&t.id, "inside", "f1");
    inside.expires_at = now.plus_secs(-CODE_REPLAY_WINDOW_SECS + 60);
    let mut past = code(&t.id, "past", "f2");
    past.expires_at = now.plus_secs(-CODE_REPLAY_WINDOW_SECS - 60);
    store.insert_code(&inside).await.expect("code");
    store.insert_code(&past).await.expect("code");

    let swept = sweep_once(&store, now).await;
    assert_eq!(swept, Swept { login_transactions: backlog as u64, codes: 1, sessions: 1, cached_values: 0 });
    assert!(store.find_transaction(&t.id, "live", now).await.expect("find").is_some());
    assert_eq!(sweep_once(&store, now).await, Swept::default(), "a second sweep finds nothing");
}
