use super::*;

async fn memory() -> Db {
    let db = Db::open_sqlite("sqlite::memory:").await.expect("open");
    db.execute_script("CREATE TABLE t (k TEXT PRIMARY KEY, n BIGINT, note TEXT)")
        .await
        .expect("create");
    db
}

#[tokio::test]
async fn a_numbered_parameter_takes_its_own_value_wherever_and_however_often_it_appears() {
    let db = memory().await;
    query("INSERT INTO t (k, n, note) VALUES ($2, $1, $2 || '!')")
        .bind(7)
        .bind("a")
        .execute(&db)
        .await
        .expect("insert");
    let row = query("SELECT k, n, note FROM t WHERE n = $1")
        .bind(7)
        .fetch_one(&db)
        .await
        .expect("row");
    assert_eq!(row.opt_text("k").expect("k").as_deref(), Some("a"));
    assert_eq!(row.opt_int("n").expect("n"), Some(7));
    assert_eq!(row.opt_text("note").expect("note").as_deref(), Some("a!"));
}

#[tokio::test]
async fn a_typed_null_reads_back_as_none_and_a_wrong_type_is_an_error_not_a_panic() {
    let db = memory().await;
    query("INSERT INTO t (k, n, note) VALUES (?, ?, ?)")
        .bind("b")
        .bind(None::<i64>)
        .bind(None::<String>)
        .execute(&db)
        .await
        .expect("insert");
    let row = query("SELECT k, n, note FROM t")
        .fetch_one(&db)
        .await
        .expect("row");
    assert_eq!(row.opt_int("n").expect("n"), None);
    assert!(row.opt_int("k").is_err(), "text is not an integer");
    assert!(row.opt_text("missing").is_err());
}

#[tokio::test]
async fn a_transaction_dropped_without_commit_is_rolled_back_and_frees_the_connection() {
    let db = memory().await;
    {
        let mut tx = db.begin(true).await.expect("begin");
        query("INSERT INTO t (k) VALUES ($1)")
            .bind("gone")
            .execute(&mut tx)
            .await
            .expect("insert");
    }
    let mut tx = db.begin(true).await.expect("the connection is free again");
    query("INSERT INTO t (k) VALUES ($1)")
        .bind("kept")
        .execute(&mut tx)
        .await
        .expect("insert");
    tx.commit().await.expect("commit");
    let rows = query("SELECT k FROM t ORDER BY k")
        .fetch_all(&db)
        .await
        .expect("rows");
    let keys: Vec<String> = rows
        .iter()
        .map(|r| r.opt_text("k").expect("k").expect("set").into_owned())
        .collect();
    assert_eq!(keys, ["kept"]);
}

#[tokio::test]
async fn a_duplicate_key_is_a_conflict() {
    let db = memory().await;
    query("INSERT INTO t (k) VALUES ($1)")
        .bind("x")
        .execute(&db)
        .await
        .expect("first");
    let err = query("INSERT INTO t (k) VALUES ($1)")
        .bind("x")
        .execute(&db)
        .await
        .expect_err("duplicate");
    assert!(matches!(
        crate::codec::db_err(err),
        portcullis_store::StoreError::Conflict(_)
    ));
}
