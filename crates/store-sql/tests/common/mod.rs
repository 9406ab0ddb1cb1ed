//! Concurrency checks both engines run: racing callers of one atomic operation.

use portcullis_store::contract::{
    action, action_version, binding, code, deployed_action, new_tenant, refresh_token, user, NOW,
};
use portcullis_store::{
    ActionStore, AttemptStore, CodeRedemption, GrantStore, Page, RefreshRotation, StoreError, UserStore,
};
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

pub async fn concurrent_deploys_of_one_version_number_store_exactly_one(store: &SqlStore) {
    let tn = new_tenant(store).await;
    let a = action(&tn, "racy-action", "racy", &["post-login"], NOW);
    store.create_action(&a).await.expect("create action");
    let outcomes = race(store, |s, i| {
        let a = a.clone();
        async move {
            let v = action_version(&a, &format!("racy-v{i}"), 1, NOW);
            s.deploy_version(&deployed_action(&a, &v), &v).await
        }
    })
    .await;
    let won: Vec<usize> = (0..RACERS).filter(|&i| outcomes[i].is_ok()).collect();
    let conflicts = outcomes
        .iter()
        .filter(|o| matches!(o, Err(StoreError::Conflict(_))))
        .count();
    assert_eq!((won.len(), conflicts), (1, RACERS - 1), "{outcomes:?}");
    let versions = store
        .list_versions(&tn, "racy-action", Page::default())
        .await
        .expect("list versions");
    assert_eq!(versions.total, 1);
    let winner = format!("racy-v{}", won[0]);
    assert!(versions.items[0].deployed && versions.items[0].id == winner);
    let stored = store
        .find_action(&tn, "racy-action")
        .await
        .expect("find")
        .expect("action exists");
    assert_eq!(stored.deployed_version_id, Some(winner));
}

pub async fn concurrent_binding_replacements_leave_one_whole_list(store: &SqlStore) {
    let tn = new_tenant(store).await;
    let list = |tn: &str, i: usize| {
        (0..3)
            .map(|j| binding(tn, &format!("racy-b{i}-{j}"), "post-login", &format!("act{j}")))
            .collect::<Vec<_>>()
    };
    store
        .replace_bindings(&tn, "post-login", &list(&tn, 99))
        .await
        .expect("first bindings");
    race(store, |s, i| {
        let tn = tn.clone();
        let bindings = list(&tn, i);
        async move {
            s.replace_bindings(&tn, "post-login", &bindings)
                .await
                .expect("every replacement succeeds")
        }
    })
    .await;
    let stored = store.list_bindings(&tn, "post-login").await.expect("list");
    assert!(
        (0..RACERS).any(|i| stored == list(&tn, i)),
        "one racer's whole list, in order: {stored:?}"
    );
}
