//! Tenant log events are written by a background task in batches; reads on the same node see
//! every event appended before them, and one bad event does not lose the rest of its batch.

use portcullis_domain::clock::Timestamp;
use portcullis_store::contract;
use portcullis_store::{LogQuery, LogStore, Page, TenantStore};
use portcullis_store_sql::connect;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_log_events_is_all_listed_right_after_it_was_appended() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = connect(&format!("sqlite://{}/p.db?mode=rwc", dir.path().display())).await.unwrap();
    store.create_tenant(&contract::tenant("t1")).await.unwrap();
    let appends = (0..300).map(|i| {
        let s = store.clone();
        tokio::spawn(async move { s.append_log(&contract::log_event("t1", &format!("log{i:03}"), Timestamp::from_secs(i), "s", None)).await })
    });
    for a in appends.collect::<Vec<_>>() {
        a.await.unwrap().unwrap();
    }
    // A duplicate id fails on its own; the events queued with it are kept.
    store.append_log(&contract::log_event("t1", "log000", Timestamp::from_secs(1), "s", None)).await.unwrap();
    store.append_log(&contract::log_event("t1", "log-after", Timestamp::from_secs(400), "f", None)).await.unwrap();
    let all = store.list_logs("t1", &LogQuery::default(), Page { page: 0, per_page: 1000 }).await.unwrap();
    assert_eq!(all.total, 301);
    assert_eq!(all.items[0].log_id, "log-after");
    assert!(store.find_log("t1", "log299").await.unwrap().is_some());
}

fn execution(id: &str) -> portcullis_domain::action::Execution {
    portcullis_domain::action::Execution {
        tenant_id: "t1".into(),
        id: id.into(),
        trigger_id: "post-login".into(),
        status: "final".into(),
        results: serde_json::json!([]),
        created_at: Timestamp::from_secs(1),
        updated_at: Timestamp::from_secs(1),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn execution_records_queued_with_log_events_are_all_written_even_with_a_duplicate_among_them() {
    use portcullis_store::ActionStore;
    let dir = tempfile::tempdir().expect("temp dir");
    let store = connect(&format!("sqlite://{}/p.db?mode=rwc", dir.path().display())).await.unwrap();
    store.create_tenant(&contract::tenant("t1")).await.unwrap();
    store.record_execution(execution("exec-dup")).await.unwrap();
    store.flush_logs().await;
    // One window: log events, executions and one execution id that already exists.
    for i in 0..20 {
        store.record_execution(execution(&format!("exec{i:02}"))).await.unwrap();
        store.append_log(&contract::log_event("t1", &format!("log{i:02}"), Timestamp::from_secs(i), "s", None)).await.unwrap();
    }
    store.record_execution(execution("exec-dup")).await.unwrap();
    store.record_execution(execution("exec-last")).await.unwrap();
    store.flush_logs().await;
    for i in 0..20 {
        assert!(store.find_execution("t1", &format!("exec{i:02}")).await.unwrap().is_some(), "exec{i:02}");
    }
    assert!(store.find_execution("t1", "exec-last").await.unwrap().is_some());
    let all = store.list_logs("t1", &LogQuery::default(), Page { page: 0, per_page: 100 }).await.unwrap();
    assert_eq!(all.total, 20);
}
