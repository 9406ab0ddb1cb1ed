//! A file store's WAL is copied into the database file by a thread of its own, not inside the
//! commits that requests wait for.

use portcullis_domain::clock::Timestamp;
use portcullis_store::contract;
use portcullis_store::{TenantStore, UserStore};
use portcullis_store_sql::connect;
use std::time::{Duration, Instant};

#[tokio::test]
async fn written_rows_reach_the_database_file_in_the_background_well_before_a_thousand_wal_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("p.db");
    let store = connect(&format!("sqlite://{}?mode=rwc", file.display())).await.unwrap();
    store.create_tenant(&contract::tenant("t1")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = std::fs::metadata(&file).unwrap().len();
    // About 150 KB of rows in 100 commits: a few hundred WAL frames, well under the 1,000 that
    // SQLite's automatic checkpoint waits for.
    for i in 0..100 {
        let mut u = contract::user("t1", &format!("auth0|u{i}"), Some(&format!("u{i}@example.com")), Timestamp::from_secs(1));
        u.user_metadata.insert("bio".into(), serde_json::json!("x".repeat(1500)));
        store.create_user(&u).await.unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let now = std::fs::metadata(&file).unwrap().len();
        if now >= before + 100 * 1024 {
            break;
        }
        assert!(Instant::now() < deadline, "the database file stayed at {now} bytes (was {before}): no checkpoint ran");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The rows read back as written.
    assert!(store.find_user("t1", "auth0|u99").await.unwrap().is_some());
}

#[tokio::test]
async fn the_wal_stays_bounded_under_a_long_stream_of_writes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("p.db");
    let wal = dir.path().join("p.db-wal");
    let store = connect(&format!("sqlite://{}?mode=rwc", file.display())).await.unwrap();
    store.create_tenant(&contract::tenant("t1")).await.unwrap();
    // 12,000 commits of a few pages each: about 40,000 WAL frames (160 MB) if the WAL never
    // started over; it starts over after 10,000 pages (about 40 MB).
    let mut largest = 0;
    for i in 0..12_000 {
        let mut u = contract::user("t1", &format!("auth0|w{i}"), Some(&format!("w{i}@example.com")), Timestamp::from_secs(1));
        u.user_metadata.insert("bio".into(), serde_json::json!("y".repeat(800)));
        store.create_user(&u).await.unwrap();
        if i % 100 == 0 {
            largest = largest.max(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0));
        }
    }
    largest = largest.max(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0));
    assert!(largest < 60 << 20, "the WAL grew to {largest} bytes");
    assert!(store.find_user("t1", "auth0|w11999").await.unwrap().is_some());
}
