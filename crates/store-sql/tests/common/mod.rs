//! Concurrency checks both engines run: racing callers of one atomic operation.

use portcullis_store::contract::{code, new_tenant, refresh_token, user, NOW};
use portcullis_store::{AttemptStore, CodeRedemption, GrantStore, RefreshRotation, UserStore};
use portcullis_store_sql::SqlStore;

const RACERS: usize = 8;

/// Runs `RACERS` copies of `op` on separate tasks and collects what each returned.
async fn race<T, F, Fut>(store: &SqlStore, op: F) -> Vec<T>
where
    T: Send + 'static,
    F: Fn(SqlStore, usize) -> Fut,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    let tasks: Vec<_> = (0..RACERS).map(|i| tokio::spawn(op(store.clone(), i))).collect();
    let mut out = Vec::with_capacity(RACERS);
    for t in tasks {
        out.push(t.await.expect("racer panicked"));
    }
    out
}

pub async fn concurrent_redemptions_of_one_code_redeem_it_exactly_once(store: &SqlStore) {
    let tn = new_tenant(store).await;
    store
        .insert_code(&code(&tn, "racy-code", "fam"))
        .await
        .expect("insert code");
    let outcomes = race(store, |s, _| {
        let tn = tn.clone();
        async move { s.redeem_code(&tn, "racy-code", NOW).await.expect("redeem") }
    })
    .await;
    let redeemed = outcomes
        .iter()
        .filter(|o| matches!(o, CodeRedemption::Redeemed(_)))
        .count();
    let used = outcomes
        .iter()
        .filter(|o| matches!(o, CodeRedemption::AlreadyUsed(_)))
        .count();
    assert_eq!((redeemed, used), (1, RACERS - 1), "{outcomes:?}");
}

pub async fn concurrent_rotations_of_one_refresh_token_rotate_it_exactly_once(store: &SqlStore) {
    let tn = new_tenant(store).await;
    store
        .insert_refresh_token(&refresh_token(&tn, "racy-rt", "auth0|u", "c", "fam"))
        .await
        .expect("insert");
    let outcomes = race(store, |s, i| {
        let tn = tn.clone();
        async move {
            let next = refresh_token(&tn, &format!("racy-rt-{i}"), "auth0|u", "c", "fam");
            s.rotate_refresh_token(&tn, "racy-rt", &next, NOW)
                .await
                .expect("rotate")
        }
    })
    .await;
    let rotated = outcomes
        .iter()
        .filter(|o| matches!(o, RefreshRotation::Rotated(_)))
        .count();
    let reused = outcomes
        .iter()
        .filter(|o| matches!(o, RefreshRotation::Reused(_)))
        .count();
    assert_eq!((rotated, reused), (1, RACERS - 1), "{outcomes:?}");
    for i in 0..RACERS {
        let live = store
            .find_refresh_token(&tn, &format!("racy-rt-{i}"))
            .await
            .expect("find");
        assert!(
            live.is_none(),
            "the winner's successor dies with the family once reuse is seen"
        );
    }
}

pub async fn concurrent_logins_and_failures_are_all_counted(store: &SqlStore) {
    let tn = new_tenant(store).await;
    store
        .create_user(&user(&tn, "auth0|racer", None, NOW))
        .await
        .expect("create user");
    race(store, |s, _| {
        let tn = tn.clone();
        async move {
            s.record_login(&tn, "auth0|racer", NOW, Some("203.0.113.9"))
                .await
                .expect("record login");
            s.record_failure(&tn, "auth0|racer", "203.0.113.9", NOW)
                .await
                .expect("record failure")
        }
    })
    .await;
    let u = store
        .find_user(&tn, "auth0|racer")
        .await
        .expect("find")
        .expect("user exists");
    assert_eq!(u.logins_count, RACERS as i64);
    assert_eq!(
        store
            .failures(&tn, "auth0|racer", "203.0.113.9")
            .await
            .expect("failures"),
        RACERS as i64
    );
}
