use super::*;
use portcullis_store::contract::{code, execution, log_event, login_transaction, session, tenant, unique_id};
use portcullis_store::{ActionStore, GrantStore, LogStore, LoginFlowStore, SessionStore, TenantStore};

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

    let swept = sweep_once(&store, now, Retention::default()).await;
    assert_eq!(swept, Swept { login_transactions: backlog as u64, codes: 1, sessions: 1, ..Swept::default() });
    assert!(store.find_transaction(&t.id, "live", now).await.expect("find").is_some());
    assert_eq!(sweep_once(&store, now, Retention::default()).await, Swept::default(), "a second sweep finds nothing");
}

#[tokio::test]
async fn log_events_and_execution_records_older_than_their_retention_are_deleted_and_newer_ones_stay() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = portcullis_store_sql::connect(&format!("sqlite://{}/p.db?mode=rwc", dir.path().display())).await.expect("sqlite");
    let (a, b) = (tenant(&unique_id("tn")), tenant(&unique_id("tn")));
    store.create_tenant(&a).await.expect("tenant");
    store.create_tenant(&b).await.expect("tenant");
    let now = Timestamp::from_secs(1_800_000_000);
    let days = |d: i64| now.plus_secs(-d * 86_400);
    // More old events in one tenant than a batch holds, a few in the other.
    let backlog = BATCH as usize + 3;
    for i in 0..backlog {
        store.append_log(&log_event(&a.id, &format!("old{i:04}"), days(31), "s", None)).await.expect("log");
    }
    store.append_log(&log_event(&a.id, "recent", days(29), "s", None)).await.expect("log");
    store.append_log(&log_event(&b.id, "old", days(45), "s", None)).await.expect("log");
    for (id, at) in [("ex-old", days(11)), ("ex-recent", days(9))] {
        let mut e = execution(&b.id, id, "post-login");
        e.created_at = at;
        store.insert_execution(&e).await.expect("execution");
    }
    assert!(store.find_log(&a.id, "recent").await.expect("read").is_some(), "the queued events are written");

    assert_eq!(sweep_once(&store, now, Retention::default()).await, Swept::default(), "retention 0 keeps everything");

    let retention = Retention { log_days: 30, execution_days: 10 };
    let swept = sweep_once(&store, now, retention).await;
    assert_eq!((swept.logs, swept.executions), (backlog as u64 + 1, 1), "{swept:?}");
    assert_eq!(store.find_log(&a.id, "old0000").await.expect("read"), None);
    assert_eq!(store.find_log(&b.id, "old").await.expect("read"), None);
    assert!(store.find_log(&a.id, "recent").await.expect("read").is_some());
    assert_eq!(store.find_execution(&b.id, "ex-old").await.expect("read"), None);
    assert!(store.find_execution(&b.id, "ex-recent").await.expect("read").is_some());
    assert_eq!(sweep_once(&store, now, retention).await, Swept::default(), "a second sweep finds nothing");
}
