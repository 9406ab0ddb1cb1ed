//! The contract suite every backend runs: `run_all(&store)`, or one aggregate at a time.
//!
//! Each function creates its own tenants with ids unique to this process and moment, so the
//! suite can run repeatedly against one database and concurrently with itself. Fixtures are
//! public so backend tests (concurrency, benchmarks) build the same entities. This module is
//! test support: it panics on the first broken promise.

mod expiry;

use crate::{ActionQuery, CodeRedemption, LogQuery, Page, RefreshRotation, Store, StoreError, StoreResult, UserQuery};
use portcullis_domain::action::{Action, ActionVersion, Binding, Execution};
use portcullis_domain::client::{Client, ClientGrant};
use portcullis_domain::connection::{Connection, DEFAULT_DATABASE_CONNECTION};
use portcullis_domain::flow::{AuthorizationCode, LoginTransaction, RefreshToken, Session, StoredSigningKey};
use portcullis_domain::log::LogEvent;
use portcullis_domain::resource_server::ResourceServer;
use portcullis_domain::role::Role;
use portcullis_domain::tenant::Tenant;
use portcullis_domain::user::User;
use portcullis_domain::Timestamp;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::Poll;
use std::time::{SystemTime, UNIX_EPOCH};

/// A fixed "now" for the suite; stores take time as an argument, never from a clock.
pub const NOW: Timestamp = Timestamp(1_700_000_000_000);

/// Runs every contract, one aggregate after another.
pub async fn run_all(store: &dyn Store) {
    tenants_are_found_by_id_and_domain_and_conflict_on_duplicates(store).await;
    clients_conflict_on_duplicate_ids_list_oldest_first_and_delete_with_their_grants(store).await;
    client_grants_are_unique_per_client_and_audience(store).await;
    resource_servers_conflict_on_duplicate_identifiers(store).await;
    connections_conflict_on_duplicate_names(store).await;
    users_conflict_on_duplicate_ids_and_on_emails_per_connection_ignoring_case(store).await;
    user_listing_searches_substrings_ignoring_case_and_pages_with_totals(store).await;
    record_login_increments_the_count_and_sets_last_login_and_ip(store).await;
    roles_conflict_on_duplicate_names_and_assignments_are_idempotent(store).await;
    deleting_a_user_removes_their_role_assignments_sessions_and_refresh_tokens(store).await;
    a_code_is_redeemed_once_and_then_reported_already_used(store).await;
    reusing_a_rotated_refresh_token_revokes_its_whole_family(store).await;
    revoking_a_users_tokens_spares_other_users_and_optionally_other_clients(store).await;
    sessions_and_login_transactions_expire_relative_to_now(store).await;
    completing_a_login_writes_session_and_code_and_ends_the_transaction_all_or_nothing(store).await;
    consent_is_none_until_granted_and_then_accumulates_scopes(store).await;
    key_rotation_keeps_the_previous_key_listed_with_one_current_key_per_alg(store).await;
    logs_list_newest_first_and_page_with_a_from_checkpoint(store).await;
    failure_counters_are_per_user_and_ip_and_unblocking_clears_them(store).await;
    actions_conflict_on_names_and_delete_with_their_versions_and_bindings(store).await;
    action_listing_filters_by_trigger_name_and_deployment_and_pages_with_totals(store).await;
    deploys_number_versions_from_one_keep_one_deployed_and_list_newest_first(store).await;
    of_two_concurrent_deploys_of_one_version_number_exactly_one_wins(store).await;
    pruning_versions_keeps_the_newest_and_never_the_deployed_one(store).await;
    bindings_are_replaced_whole_kept_in_order_and_listed_per_action(store).await;
    bound_versions_skip_undeployed_actions_and_follow_the_newest_deploy(store).await;
    executions_are_stored_and_found_by_id(store).await;
    recorded_executions_are_found_at_once(store).await;
    cached_values_are_replaced_deleted_and_expire_at_their_expiry(store).await;
    a_second_tenant_sees_nothing_of_the_first_tenant(store).await;
    a_second_tenant_sees_none_of_the_first_tenants_actions(store).await;
    expiry::expired_login_state_is_swept_in_batches_and_live_state_stays(store).await;
    expiry::logs_and_execution_records_past_their_retention_are_swept_per_tenant(store).await;
}

// ---------------------------------------------------------------------------------------------
// Fixtures

/// An id unique across processes, runs and calls: `prefix_<time><pid>_<n>`.
pub fn unique_id(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    format!("{prefix}_{nanos:x}{:x}_{n}", std::process::id())
}

/// Builds a domain value from JSON, so fields added later with `#[serde(default)]` need no
/// change here.
fn build<T: DeserializeOwned>(v: Value) -> T {
    match serde_json::from_value(v) {
        Ok(t) => t,
        Err(e) => panic!("fixture does not match the domain type: {e}"),
    }
}

pub fn tenant(id: &str) -> Tenant {
    build(json!({
        "id": id, "domain": format!("{}.portcullis.test", id.to_lowercase()),
        "friendly_name": "Contract", "created_at": NOW,
    }))
}

/// Creates a fresh tenant and returns its id.
pub async fn new_tenant(store: &dyn Store) -> String {
    let t = tenant(&unique_id("tn"));
    ok(store.create_tenant(&t).await);
    t.id
}

pub fn client(tenant: &str, client_id: &str, created_at: Timestamp) -> Client {
    build(json!({
        "tenant_id": tenant, "client_id": client_id, "name": format!("App {client_id}"),
        "app_type": "regular_web", "client_secret_sealed": "sealed",
        "token_endpoint_auth_method": "client_secret_post",
        "callbacks": ["https://app.test/callback"], "allowed_logout_urls": [], "web_origins": [],
        "allowed_origins": [], "grant_types": ["authorization_code", "refresh_token"],
        "refresh_token": {
            "rotation_type": "rotating", "expiration_type": "expiring", "leeway": 0,
            "token_lifetime": 2_592_000, "infinite_token_lifetime": false,
            "idle_token_lifetime": 1_296_000, "infinite_idle_token_lifetime": false
        },
        "is_first_party": true, "oidc_conformant": true, "id_token_lifetime": 36_000,
        "created_at": created_at,
    }))
}

pub fn client_grant(tenant: &str, id: &str, client_id: &str, audience: &str) -> ClientGrant {
    build(json!({"tenant_id": tenant, "id": id, "client_id": client_id, "audience": audience, "scope": ["read:a"]}))
}

pub fn resource_server(tenant: &str, id: &str, identifier: &str) -> ResourceServer {
    build(json!({
        "tenant_id": tenant, "id": id, "name": format!("API {id}"), "identifier": identifier,
        "scopes": [{"value": "read:a", "description": "Read"}], "signing_alg": "RS256",
        "token_lifetime": 86_400, "token_lifetime_for_web": 7_200, "enforce_policies": true,
        "token_dialect": "access_token", "allow_offline_access": true,
        "skip_consent_for_verifiable_first_party_clients": true,
    }))
}

pub fn connection(tenant: &str, id: &str, name: &str) -> Connection {
    build(json!({
        "tenant_id": tenant, "id": id, "name": name, "strategy": "auth0",
        "password_policy": "good", "min_length": null, "disable_signup": false,
    }))
}

pub fn user(tenant: &str, user_id: &str, email: Option<&str>, created_at: Timestamp) -> User {
    build(json!({
        "tenant_id": tenant, "user_id": user_id, "connection": DEFAULT_DATABASE_CONNECTION,
        "email": email, "email_verified": false, "username": null, "name": email,
        "given_name": null, "family_name": null, "nickname": null, "picture": null,
        "phone_number": null, "app_metadata": {"plan": "free"}, "user_metadata": {},
        "password_hash": "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", "blocked": false,
        "logins_count": 0, "last_login": null, "last_ip": null,
        "created_at": created_at, "updated_at": created_at,
    }))
}

pub fn role(tenant: &str, id: &str, name: &str) -> Role {
    build(json!({
        "tenant_id": tenant, "id": id, "name": name, "description": "",
        "permissions": [{"resource_server_identifier": "https://api.test/", "permission_name": "read:a"}],
    }))
}

fn grant_json(tenant: &str, client_id: &str, user_id: &str, family_id: &str) -> Value {
    json!({
        "tenant_id": tenant, "client_id": client_id, "user_id": user_id,
        "scope": ["openid", "offline_access"], "audience": null, "session_id": null,
        "auth_time": NOW, "amr": ["pwd"], "family_id": family_id,
    })
}

pub fn code(tenant: &str, code_hash: &str, family_id: &str) -> AuthorizationCode {
    build(json!({
        "code_hash": code_hash, "grant": grant_json(tenant, "client", "auth0|user", family_id),
        "redirect_uri": "https://app.test/callback", "nonce": "n", "code_challenge": null,
        "expires_at": NOW.plus_secs(60),
    }))
}

pub fn refresh_token(tenant: &str, token_hash: &str, user_id: &str, client_id: &str, family_id: &str) -> RefreshToken {
    build(json!({
        "token_hash": token_hash, "grant": grant_json(tenant, client_id, user_id, family_id),
        "rotating": true, "created_at": NOW, "expires_at": NOW.plus_secs(86_400),
        "idle_expires_at": null,
    }))
}

pub fn session(tenant: &str, id: &str, user_id: &str, expires_at: Timestamp) -> Session {
    build(json!({
        "tenant_id": tenant, "id": id, "user_id": user_id, "auth_time": NOW, "amr": ["pwd"],
        "clients": [], "created_at": NOW, "last_used_at": NOW, "expires_at": expires_at,
        "ip": "203.0.113.7", "user_agent": "contract",
    }))
}

pub fn login_transaction(tenant: &str, id: &str, expires_at: Timestamp) -> LoginTransaction {
    build(json!({
        "tenant_id": tenant, "id": id,
        "request": {
            "client_id": "client", "redirect_uri": "https://app.test/callback",
            "response_mode": "query", "scope": ["openid"], "audience": null, "state": "s",
            "nonce": null, "code_challenge": null, "prompt": null, "max_age": null,
            "screen_hint": null, "login_hint": null, "connection": null
        },
        "csrf": "csrf", "user_id": null, "auth_time": null, "session_id": null,
        "created_at": NOW, "expires_at": expires_at,
    }))
}

pub fn signing_key(tenant: &str, kid: &str, alg: &str, created_at: Timestamp) -> StoredSigningKey {
    build(json!({
        "tenant_id": tenant, "kid": kid, "alg": alg, "private_sealed": "sealed",
        "public_jwk": {"kid": kid, "kty": "RSA"}, "current": true, "created_at": created_at,
        "rotated_at": null, "revoked_at": null,
    }))
}

pub fn log_event(tenant: &str, log_id: &str, date: Timestamp, kind: &str, user_id: Option<&str>) -> LogEvent {
    build(json!({
        "tenant_id": tenant, "log_id": log_id, "date": date, "type": kind, "description": null,
        "client_id": "client", "client_name": "App", "ip": "203.0.113.7", "user_agent": null,
        "user_id": user_id, "user_name": null, "connection": null, "details": {"n": 1},
    }))
}

/// An action supporting `triggers` (each at version `v3`), never deployed.
pub fn action(tenant: &str, id: &str, name: &str, triggers: &[&str], created_at: Timestamp) -> Action {
    let supported: Vec<Value> = triggers.iter().map(|t| json!({"id": t, "version": "v3"})).collect();
    build(json!({
        "tenant_id": tenant, "id": id, "name": name, "supported_triggers": supported,
        "runtime": "node18", "code": format!("exports.onExecutePostLogin = async () => {{}}; // {id}"),
        "dependencies": [{"name": "lodash", "version": "4.17.21"}],
        "secrets": [{"name": "KEY", "value_sealed": "sealed", "updated_at": created_at}],
        "status": "built", "errors": [], "deployed_version_id": null, "all_changes_deployed": false,
        "created_at": created_at, "updated_at": created_at,
    }))
}

/// A deployed snapshot of `action`'s draft.
pub fn action_version(action: &Action, id: &str, number: i64, created_at: Timestamp) -> ActionVersion {
    build(json!({
        "tenant_id": action.tenant_id, "id": id, "action_id": action.id, "action_name": action.name,
        "number": number, "code": action.code, "dependencies": action.dependencies,
        "runtime": action.runtime, "secrets": action.secrets,
        "supported_triggers": action.supported_triggers, "deployed": true, "status": "built",
        "created_at": created_at, "updated_at": created_at,
    }))
}

/// `action` as `deploy_version` stores it along with `version`.
pub fn deployed_action(action: &Action, version: &ActionVersion) -> Action {
    Action {
        deployed_version_id: Some(version.id.clone()),
        all_changes_deployed: true,
        updated_at: version.created_at,
        ..action.clone()
    }
}

pub fn binding(tenant: &str, id: &str, trigger_id: &str, action_id: &str) -> Binding {
    build(json!({
        "tenant_id": tenant, "id": id, "trigger_id": trigger_id, "action_id": action_id,
        "display_name": format!("Bound {action_id}"), "created_at": NOW, "updated_at": NOW,
    }))
}

pub fn execution(tenant: &str, id: &str, trigger_id: &str) -> Execution {
    build(json!({
        "tenant_id": tenant, "id": id, "trigger_id": trigger_id, "status": "final",
        "results": [{
            "action_name": "one", "version_id": "v1", "error": null,
            "started_at": NOW.to_iso8601(), "ended_at": NOW.to_iso8601(), "stats": {"total_ms": 12}
        }],
        "created_at": NOW, "updated_at": NOW,
    }))
}

/// Polls both futures on the current task until both finish (the suite brings no runtime).
pub async fn both<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let (mut a, mut b) = (pin!(a), pin!(b));
    let (mut done_a, mut done_b) = (None, None);
    std::future::poll_fn(|cx| {
        if done_a.is_none() {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                done_a = Some(out);
            }
        }
        if done_b.is_none() {
            if let Poll::Ready(out) = b.as_mut().poll(cx) {
                done_b = Some(out);
            }
        }
        match (done_a.take(), done_b.take()) {
            (Some(x), Some(y)) => Poll::Ready((x, y)),
            (x, y) => {
                (done_a, done_b) = (x, y);
                Poll::Pending
            }
        }
    })
    .await
}

fn ok<T>(r: StoreResult<T>) -> T {
    match r {
        Ok(t) => t,
        Err(e) => panic!("store call failed: {e}"),
    }
}

fn assert_conflict<T: std::fmt::Debug>(r: StoreResult<T>, what: &str) {
    assert!(
        matches!(r, Err(StoreError::Conflict(_))),
        "{what}: expected Conflict, got {r:?}"
    );
}

fn assert_not_found<T: std::fmt::Debug>(r: StoreResult<T>, what: &str) {
    assert!(
        matches!(r, Err(StoreError::NotFound)),
        "{what}: expected NotFound, got {r:?}"
    );
}

fn page(page: u32, per_page: u32) -> Page {
    Page { page, per_page }
}

// ---------------------------------------------------------------------------------------------
// Tenants and applications

pub async fn tenants_are_found_by_id_and_domain_and_conflict_on_duplicates(store: &dyn Store) {
    let mut t = tenant(&unique_id("tn"));
    ok(store.create_tenant(&t).await);
    assert_eq!(ok(store.find_tenant(&t.id).await), Some(t.clone()));
    assert_eq!(ok(store.find_tenant_by_domain(&t.domain).await), Some(t.clone()));
    assert_eq!(ok(store.find_tenant(&unique_id("tn")).await), None);
    assert_conflict(store.create_tenant(&t).await, "same tenant id");
    let mut same_domain = tenant(&unique_id("tn"));
    same_domain.domain = t.domain.clone();
    assert_conflict(store.create_tenant(&same_domain).await, "same tenant domain");

    t.friendly_name = "Renamed".into();
    ok(store.update_tenant(&t).await);
    assert_eq!(
        ok(store.find_tenant(&t.id).await).map(|x| x.friendly_name),
        Some("Renamed".into())
    );
    assert_not_found(
        store.update_tenant(&tenant(&unique_id("tn"))).await,
        "update of a missing tenant",
    );
    assert!(ok(store.list_tenants().await).iter().any(|x| x.id == t.id));
}

pub async fn clients_conflict_on_duplicate_ids_list_oldest_first_and_delete_with_their_grants(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let c1 = client(&tn, "c1", NOW);
    let c2 = client(&tn, "c2", NOW.plus_secs(1));
    ok(store.create_client(&c2).await);
    ok(store.create_client(&c1).await);
    assert_conflict(store.create_client(&c1).await, "same client id");
    assert_eq!(ok(store.find_client(&tn, "c1").await), Some(c1.clone()));

    let first = ok(store.list_clients(&tn, page(0, 1)).await);
    assert_eq!(
        (first.items, first.total),
        (vec![c1.clone()], 2),
        "oldest first, total across pages"
    );
    let second = ok(store.list_clients(&tn, page(1, 1)).await);
    assert_eq!(second.items, vec![c2.clone()]);

    let mut renamed = c1.clone();
    renamed.name = "Renamed".into();
    ok(store.update_client(&renamed).await);
    assert_eq!(ok(store.find_client(&tn, "c1").await), Some(renamed));
    assert_not_found(
        store.update_client(&client(&tn, "missing", NOW)).await,
        "update of a missing client",
    );

    ok(store
        .create_client_grant(&client_grant(&tn, "cg1", "c1", "https://api.test/"))
        .await);
    ok(store.delete_client(&tn, "c1").await);
    assert_eq!(ok(store.find_client(&tn, "c1").await), None);
    assert_eq!(
        ok(store.find_client_grant_by_id(&tn, "cg1").await),
        None,
        "grants go with the client"
    );
    assert_not_found(store.delete_client(&tn, "c1").await, "delete of a missing client");
}

pub async fn client_grants_are_unique_per_client_and_audience(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let g1 = client_grant(&tn, "cg1", "c1", "https://a.test/");
    let g2 = client_grant(&tn, "cg2", "c1", "https://b.test/");
    ok(store.create_client_grant(&g1).await);
    ok(store.create_client_grant(&g2).await);
    assert_conflict(
        store
            .create_client_grant(&client_grant(&tn, "cg3", "c1", "https://a.test/"))
            .await,
        "same client and audience",
    );
    assert_eq!(
        ok(store.find_client_grant(&tn, "c1", "https://a.test/").await),
        Some(g1.clone())
    );
    assert_eq!(ok(store.find_client_grant_by_id(&tn, "cg2").await), Some(g2.clone()));

    let mut wider = g1.clone();
    wider.scope = vec!["read:a".into(), "write:a".into()];
    ok(store.update_client_grant(&wider).await);
    let listed = ok(store.list_client_grants(&tn, page(0, 10)).await);
    assert_eq!(
        (listed.items, listed.total),
        (vec![wider, g2.clone()], 2),
        "creation order"
    );

    ok(store.delete_client_grant(&tn, "cg1").await);
    assert_eq!(ok(store.find_client_grant_by_id(&tn, "cg1").await), None);
    assert_eq!(ok(store.list_client_grants(&tn, page(0, 10)).await).total, 1);
}

pub async fn resource_servers_conflict_on_duplicate_identifiers(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let a = resource_server(&tn, "rs1", "https://a.test/");
    let b = resource_server(&tn, "rs2", "https://b.test/");
    ok(store.create_resource_server(&a).await);
    ok(store.create_resource_server(&b).await);
    assert_conflict(
        store
            .create_resource_server(&resource_server(&tn, "rs3", "https://a.test/"))
            .await,
        "same identifier",
    );
    assert_eq!(ok(store.find_resource_server(&tn, "rs1").await), Some(a.clone()));
    assert_eq!(
        ok(store.find_resource_server_by_identifier(&tn, "https://b.test/").await),
        Some(b.clone())
    );

    let mut renamed = a.clone();
    renamed.name = "Renamed".into();
    ok(store.update_resource_server(&renamed).await);
    let listed = ok(store.list_resource_servers(&tn, page(0, 10)).await);
    assert_eq!((listed.items, listed.total), (vec![renamed, b], 2), "creation order");

    ok(store.delete_resource_server(&tn, "rs1").await);
    assert_eq!(
        ok(store.find_resource_server_by_identifier(&tn, "https://a.test/").await),
        None
    );
}

pub async fn connections_conflict_on_duplicate_names(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let db = connection(&tn, "con1", DEFAULT_DATABASE_CONNECTION);
    ok(store.create_connection(&db).await);
    assert_conflict(
        store
            .create_connection(&connection(&tn, "con2", DEFAULT_DATABASE_CONNECTION))
            .await,
        "same name",
    );
    assert_eq!(ok(store.find_connection(&tn, "con1").await), Some(db.clone()));
    assert_eq!(
        ok(store.find_connection_by_name(&tn, DEFAULT_DATABASE_CONNECTION).await),
        Some(db.clone())
    );

    let mut closed = db.clone();
    closed.disable_signup = true;
    ok(store.update_connection(&closed).await);
    assert_eq!(ok(store.list_connections(&tn).await), vec![closed]);
}

// ---------------------------------------------------------------------------------------------
// Users and roles

pub async fn users_conflict_on_duplicate_ids_and_on_emails_per_connection_ignoring_case(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let alice = user(&tn, "auth0|alice", Some("Alice@Example.test"), NOW);
    ok(store.create_user(&alice).await);
    assert_conflict(
        store
            .create_user(&user(&tn, "auth0|alice", Some("other@example.test"), NOW))
            .await,
        "same user id",
    );
    assert_conflict(
        store
            .create_user(&user(&tn, "auth0|alice2", Some("alice@EXAMPLE.TEST"), NOW))
            .await,
        "same email in the same connection, other case",
    );
    let mut elsewhere = user(&tn, "email|alice", Some("alice@example.test"), NOW);
    elsewhere.connection = "email".into();
    ok(store.create_user(&elsewhere).await);
    ok(store.create_user(&user(&tn, "auth0|nomail1", None, NOW)).await);
    ok(store.create_user(&user(&tn, "auth0|nomail2", None, NOW)).await);

    assert_eq!(ok(store.find_user(&tn, "auth0|alice").await), Some(alice.clone()));
    let found = ok(store
        .find_user_by_email(&tn, DEFAULT_DATABASE_CONNECTION, "ALICE@example.TEST")
        .await);
    assert_eq!(found, Some(alice.clone()));
    assert_eq!(
        ok(store
            .find_user_by_email(&tn, "other-connection", "alice@example.test")
            .await),
        None
    );
    let everywhere = ok(store.find_users_by_email(&tn, "ALICE@EXAMPLE.TEST").await);
    assert_eq!(everywhere.len(), 2, "one user per connection");

    let mut bob = user(&tn, "auth0|bob", Some("bob@example.test"), NOW);
    ok(store.create_user(&bob).await);
    bob.email = Some("ALICE@example.test".into());
    assert_conflict(store.update_user(&bob).await, "update onto a taken email");
    bob.email = Some("robert@example.test".into());
    bob.blocked = true;
    ok(store.update_user(&bob).await);
    assert_eq!(ok(store.find_user(&tn, "auth0|bob").await), Some(bob.clone()));
    assert!(ok(store
        .find_user_by_email(&tn, DEFAULT_DATABASE_CONNECTION, "bob@example.test")
        .await)
    .is_none());
    assert_not_found(
        store.update_user(&user(&tn, "auth0|ghost", None, NOW)).await,
        "update of a missing user",
    );
}

pub async fn user_listing_searches_substrings_ignoring_case_and_pages_with_totals(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let specs = [
        ("auth0|u1", "ann.smith@x.test", None),
        ("auth0|u2", "bob@x.test", Some("Annabel Jones")),
        ("auth0|u3", "carol@y.test", None),
        ("auth0|u4", "dave@y.test", None),
        ("auth0|special_5", "erin@y.test", None),
    ];
    for (i, (id, email, name)) in specs.iter().enumerate() {
        let mut u = user(&tn, id, Some(email), NOW.plus_secs(i as i64));
        if let Some(n) = name {
            u.name = Some(n.to_string());
        }
        ok(store.create_user(&u).await);
    }
    let ids = |p: crate::Paged<User>| (p.items.into_iter().map(|u| u.user_id).collect::<Vec<_>>(), p.total);
    let q = |text: &str| UserQuery {
        text: Some(text.into()),
        email: None,
        exclude_connection: None,
    };

    let all = ok(store.list_users(&tn, &UserQuery::default(), page(0, 2)).await);
    assert_eq!(
        ids(all),
        (vec!["auth0|u1".into(), "auth0|u2".into()], 5),
        "oldest first"
    );
    let last = ok(store.list_users(&tn, &UserQuery::default(), page(2, 2)).await);
    assert_eq!(ids(last), (vec!["auth0|special_5".into()], 5));

    let ann = ok(store.list_users(&tn, &q("ANN"), page(0, 10)).await);
    assert_eq!(
        ids(ann),
        (vec!["auth0|u1".into(), "auth0|u2".into()], 2),
        "email or name"
    );
    let y = ok(store.list_users(&tn, &q("@Y.test"), page(0, 1)).await);
    assert_eq!(
        ids(y),
        (vec!["auth0|u3".into()], 3),
        "a page of the matches, total of all"
    );
    let by_id = ok(store.list_users(&tn, &q("u4"), page(0, 10)).await);
    assert_eq!(ids(by_id), (vec!["auth0|u4".into()], 1), "user_id");
    let underscore = ok(store.list_users(&tn, &q("l_"), page(0, 10)).await);
    assert_eq!(ids(underscore), (vec!["auth0|special_5".into()], 1), "`_` is literal");
    assert_eq!(
        ok(store.list_users(&tn, &q("%"), page(0, 10)).await).total,
        0,
        "`%` is literal"
    );

    let exact = UserQuery {
        text: None,
        email: Some("BOB@x.test".into()),
        exclude_connection: None,
    };
    assert_eq!(
        ids(ok(store.list_users(&tn, &exact, page(0, 10)).await)),
        (vec!["auth0|u2".into()], 1)
    );

    let conn = ok(store.find_user(&tn, "auth0|u1").await).map(|u| u.connection).unwrap_or_default();
    let without = UserQuery { exclude_connection: Some(conn), ..Default::default() };
    assert_eq!(ok(store.list_users(&tn, &without, page(0, 10)).await).total, 0, "a whole connection can be left out, totals too");
}

pub async fn record_login_increments_the_count_and_sets_last_login_and_ip(store: &dyn Store) {
    let tn = new_tenant(store).await;
    ok(store.create_user(&user(&tn, "auth0|u", Some("u@x.test"), NOW)).await);
    let first = ok(store
        .record_login(&tn, "auth0|u", NOW.plus_secs(1), Some("203.0.113.1"))
        .await);
    assert_eq!(
        (first.logins_count, first.last_login, first.last_ip.as_deref()),
        (1, Some(NOW.plus_secs(1)), Some("203.0.113.1"))
    );
    let second = ok(store
        .record_login(&tn, "auth0|u", NOW.plus_secs(2), Some("203.0.113.2"))
        .await);
    assert_eq!((second.logins_count, second.last_login), (2, Some(NOW.plus_secs(2))));
    assert_eq!(ok(store.find_user(&tn, "auth0|u").await), Some(second));
    assert_not_found(
        store.record_login(&tn, "auth0|ghost", NOW, None).await,
        "login of a missing user",
    );
}

pub async fn roles_conflict_on_duplicate_names_and_assignments_are_idempotent(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let (editor, admin) = (role(&tn, "r1", "editor"), role(&tn, "r2", "admin"));
    ok(store.create_role(&editor).await);
    ok(store.create_role(&admin).await);
    assert_conflict(store.create_role(&role(&tn, "r3", "admin")).await, "same role name");
    assert_eq!(ok(store.find_role(&tn, "r1").await), Some(editor.clone()));
    let listed = ok(store.list_roles(&tn, page(0, 1)).await);
    assert_eq!(listed.total, 2);

    let users = vec!["auth0|a".to_string(), "auth0|b".to_string()];
    ok(store.assign_role(&tn, "r1", &users).await);
    ok(store.assign_role(&tn, "r1", &users).await);
    ok(store.assign_role(&tn, "r2", &users[..1]).await);
    let names = |roles: Vec<Role>| roles.into_iter().map(|r| r.name).collect::<Vec<_>>();
    assert_eq!(
        names(ok(store.roles_of_user(&tn, "auth0|a").await)),
        vec!["admin", "editor"],
        "ordered by name"
    );
    let members = ok(store.users_of_role(&tn, "r1", page(0, 1)).await);
    assert_eq!((members.items.len(), members.total), (1, 2));

    ok(store.unassign_role(&tn, "r1", &users[1..]).await);
    assert!(ok(store.roles_of_user(&tn, "auth0|b").await).is_empty());

    let mut renamed = admin.clone();
    renamed.name = "administrator".into();
    ok(store.update_role(&renamed).await);
    assert_eq!(
        names(ok(store.roles_of_user(&tn, "auth0|a").await)),
        vec!["administrator", "editor"]
    );

    ok(store.delete_role(&tn, "r2").await);
    assert_eq!(ok(store.find_role(&tn, "r2").await), None);
    assert_eq!(
        names(ok(store.roles_of_user(&tn, "auth0|a").await)),
        vec!["editor"],
        "assignments go with the role"
    );
    ok(store.create_role(&role(&tn, "r4", "administrator")).await);
    assert!(
        ok(store.users_of_role(&tn, "r4", page(0, 10)).await).items.is_empty(),
        "no assignment survives"
    );
}

pub async fn deleting_a_user_removes_their_role_assignments_sessions_and_refresh_tokens(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let (gone, kept) = ("auth0|gone", "auth0|kept");
    for id in [gone, kept] {
        ok(store.create_user(&user(&tn, id, None, NOW)).await);
    }
    ok(store.create_role(&role(&tn, "r1", "member")).await);
    ok(store
        .assign_role(&tn, "r1", &[gone.to_string(), kept.to_string()])
        .await);
    ok(store
        .create_session(&session(&tn, "s1", gone, NOW.plus_secs(3600)))
        .await);
    ok(store
        .insert_refresh_token(&refresh_token(&tn, "rt1", gone, "c", "fam1"))
        .await);
    ok(store
        .insert_refresh_token(&refresh_token(&tn, "rt2", kept, "c", "fam2"))
        .await);

    ok(store.delete_user(&tn, gone).await);
    assert_eq!(ok(store.find_user(&tn, gone).await), None);
    assert!(ok(store.roles_of_user(&tn, gone).await).is_empty());
    assert_eq!(
        ok(store.users_of_role(&tn, "r1", page(0, 10)).await).items,
        vec![kept.to_string()]
    );
    assert_eq!(ok(store.find_session(&tn, "s1", NOW).await), None);
    assert_eq!(ok(store.find_refresh_token(&tn, "rt1").await), None);
    assert!(ok(store.find_refresh_token(&tn, "rt2").await).is_some());
}

// ---------------------------------------------------------------------------------------------
// Grants, sessions, login flow

pub async fn a_code_is_redeemed_once_and_then_reported_already_used(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let c = code(&tn, "hash-1", "fam-1");
    ok(store.insert_code(&c).await);
    assert_conflict(store.insert_code(&c).await, "same code hash");
    assert_eq!(
        ok(store.redeem_code(&tn, "hash-1", NOW).await),
        CodeRedemption::Redeemed(c.clone())
    );
    assert_eq!(
        ok(store.redeem_code(&tn, "hash-1", NOW.plus_secs(1)).await),
        CodeRedemption::AlreadyUsed(c.clone())
    );
    assert_eq!(
        ok(store.redeem_code(&tn, "hash-unknown", NOW).await),
        CodeRedemption::NotFound
    );

    // Expiry is the caller's check: an expired code is still redeemed and returned.
    let old = code(&tn, "hash-2", "fam-2");
    ok(store.insert_code(&old).await);
    let late = old.expires_at.plus_secs(3600);
    assert_eq!(
        ok(store.redeem_code(&tn, "hash-2", late).await),
        CodeRedemption::Redeemed(old)
    );
}

pub async fn reusing_a_rotated_refresh_token_revokes_its_whole_family(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let t1 = refresh_token(&tn, "rt-1", "auth0|u", "c", "fam");
    let sibling = refresh_token(&tn, "rt-sibling", "auth0|u", "c", "fam");
    let other = refresh_token(&tn, "rt-other", "auth0|u", "c", "other-fam");
    for t in [&t1, &sibling, &other] {
        ok(store.insert_refresh_token(t).await);
    }
    assert_conflict(store.insert_refresh_token(&t1).await, "same token hash");
    assert_eq!(ok(store.find_refresh_token(&tn, "rt-1").await), Some(t1.clone()));
    assert!(!ok(store.family_is_revoked(&tn, "fam").await));

    let t2 = refresh_token(&tn, "rt-2", "auth0|u", "c", "fam");
    match ok(store.rotate_refresh_token(&tn, "rt-1", &t2, NOW).await) {
        RefreshRotation::Rotated(t) => assert_eq!(t.token_hash, "rt-1", "Rotated carries the presented token"),
        r => panic!("first rotation: expected Rotated, got {r:?}"),
    }
    assert_eq!(
        ok(store.find_refresh_token(&tn, "rt-1").await),
        None,
        "a rotated token is not live"
    );
    assert_eq!(ok(store.find_refresh_token(&tn, "rt-2").await), Some(t2.clone()));

    let t3 = refresh_token(&tn, "rt-3", "auth0|u", "c", "fam");
    assert_eq!(
        ok(store.rotate_refresh_token(&tn, "rt-1", &t3, NOW).await),
        RefreshRotation::Reused(t1.clone())
    );
    for hash in ["rt-2", "rt-sibling", "rt-3"] {
        assert_eq!(
            ok(store.find_refresh_token(&tn, hash).await),
            None,
            "{hash} must be dead after reuse"
        );
    }
    assert!(ok(store.family_is_revoked(&tn, "fam").await));
    assert_eq!(
        ok(store.rotate_refresh_token(&tn, "rt-2", &t3, NOW).await),
        RefreshRotation::Reused(t2),
        "a revoked token is reused too",
    );
    assert_eq!(
        ok(store.find_refresh_token(&tn, "rt-other").await),
        Some(other),
        "other families live on"
    );
    assert!(!ok(store.family_is_revoked(&tn, "other-fam").await));
    assert_eq!(
        ok(store.rotate_refresh_token(&tn, "rt-unknown", &t3, NOW).await),
        RefreshRotation::NotFound
    );

    assert_eq!(ok(store.revoke_family(&tn, "other-fam", NOW).await), 1);
    assert!(ok(store.family_is_revoked(&tn, "other-fam").await));
    assert_eq!(ok(store.find_refresh_token(&tn, "rt-other").await), None);
    ok(store.revoke_family(&tn, "never-issued", NOW).await);
    assert!(
        ok(store.family_is_revoked(&tn, "never-issued").await),
        "a code's family can be revoked before any token"
    );
}

pub async fn revoking_a_users_tokens_spares_other_users_and_optionally_other_clients(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let tokens = [
        ("a1", "auth0|u", "A"),
        ("a2", "auth0|u", "A"),
        ("b1", "auth0|u", "B"),
        ("x1", "auth0|x", "A"),
    ];
    for (i, (hash, user_id, client_id)) in tokens.iter().enumerate() {
        ok(store
            .insert_refresh_token(&refresh_token(&tn, hash, user_id, client_id, &format!("f{i}")))
            .await);
    }
    assert_eq!(ok(store.revoke_user_tokens(&tn, "auth0|u", Some("A"), NOW).await), 2);
    assert_eq!(ok(store.find_refresh_token(&tn, "a1").await), None);
    assert!(ok(store.find_refresh_token(&tn, "b1").await).is_some(), "other client");
    assert!(ok(store.find_refresh_token(&tn, "x1").await).is_some(), "other user");
    assert_eq!(ok(store.revoke_user_tokens(&tn, "auth0|u", None, NOW).await), 1);
    assert_eq!(ok(store.find_refresh_token(&tn, "b1").await), None);
    assert!(ok(store.find_refresh_token(&tn, "x1").await).is_some());
}

pub async fn sessions_and_login_transactions_expire_relative_to_now(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let expiry = NOW.plus_secs(3600);
    let mut s = session(&tn, "s1", "auth0|u", expiry);
    ok(store.create_session(&s).await);
    assert_conflict(store.create_session(&s).await, "same session id");
    assert_eq!(ok(store.find_session(&tn, "s1", NOW).await), Some(s.clone()));
    assert_eq!(
        ok(store.find_session(&tn, "s1", Timestamp(expiry.0 - 1)).await),
        Some(s.clone())
    );
    assert_eq!(
        ok(store.find_session(&tn, "s1", expiry).await),
        None,
        "expired at expires_at"
    );

    s.clients.push("c".into());
    s.expires_at = expiry.plus_secs(3600);
    ok(store.update_session(&s).await);
    assert_eq!(
        ok(store.find_session(&tn, "s1", expiry).await),
        Some(s.clone()),
        "extended"
    );
    ok(store.create_session(&session(&tn, "s2", "auth0|u", expiry)).await);
    ok(store.create_session(&session(&tn, "s3", "auth0|other", expiry)).await);
    assert_eq!(ok(store.delete_user_sessions(&tn, "auth0|u").await), 2);
    assert!(ok(store.find_session(&tn, "s3", NOW).await).is_some());
    ok(store.delete_session(&tn, "s3").await);
    assert_eq!(ok(store.find_session(&tn, "s3", NOW).await), None);

    let mut t = login_transaction(&tn, "tx1", expiry);
    ok(store.put_transaction(&t).await);
    assert_eq!(ok(store.find_transaction(&tn, "tx1", NOW).await), Some(t.clone()));
    assert_eq!(
        ok(store.find_transaction(&tn, "tx1", expiry).await),
        None,
        "expired at expires_at"
    );
    t.user_id = Some("auth0|u".into());
    ok(store.put_transaction(&t).await);
    assert_eq!(
        ok(store.find_transaction(&tn, "tx1", NOW).await),
        Some(t),
        "put replaces"
    );
    ok(store.delete_transaction(&tn, "tx1").await);
    assert_eq!(ok(store.find_transaction(&tn, "tx1", NOW).await), None);
}

pub async fn completing_a_login_writes_session_and_code_and_ends_the_transaction_all_or_nothing(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let expiry = NOW.plus_secs(3600);
    let t1 = login_transaction(&tn, "ctx1", expiry);
    ok(store.put_transaction(&t1).await);
    let mut s = session(&tn, "cs1", "auth0|u", expiry);
    ok(store.complete_login(crate::SessionWrite::Create(&s), &code(&tn, "chash1", "cfam1"), "ctx1").await);
    assert_eq!(ok(store.find_session(&tn, "cs1", NOW).await), Some(s.clone()));
    assert_eq!(ok(store.find_transaction(&tn, "ctx1", NOW).await), None, "the transaction ended");
    assert!(matches!(ok(store.redeem_code(&tn, "chash1", NOW).await), CodeRedemption::Redeemed(_)));

    // A second login on the same session updates it.
    ok(store.put_transaction(&login_transaction(&tn, "ctx2", expiry)).await);
    s.clients.push("c2".into());
    ok(store.complete_login(crate::SessionWrite::Update(&s), &code(&tn, "chash2", "cfam2"), "ctx2").await);
    assert_eq!(ok(store.find_session(&tn, "cs1", NOW).await), Some(s.clone()));

    // A code hash that exists already: nothing of the login is written, the transaction stays.
    let t3 = login_transaction(&tn, "ctx3", expiry);
    ok(store.put_transaction(&t3).await);
    let s3 = session(&tn, "cs3", "auth0|u", expiry);
    assert!(store.complete_login(crate::SessionWrite::Create(&s3), &code(&tn, "chash2", "cfam3"), "ctx3").await.is_err());
    assert_eq!(ok(store.find_session(&tn, "cs3", NOW).await), None, "the session was not written");
    assert_eq!(ok(store.find_transaction(&tn, "ctx3", NOW).await), Some(t3), "the transaction is still there");
    // Updating a session that does not exist fails the same way.
    let ghost = session(&tn, "cs-none", "auth0|u", expiry);
    assert!(store.complete_login(crate::SessionWrite::Update(&ghost), &code(&tn, "chash4", "cfam4"), "ctx3").await.is_err());
    assert!(matches!(ok(store.redeem_code(&tn, "chash4", NOW).await), CodeRedemption::NotFound), "the code was not stored");
}

pub async fn consent_is_none_until_granted_and_then_accumulates_scopes(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let sorted = |v: Option<Vec<String>>| {
        v.map(|mut v| {
            v.sort();
            v
        })
    };
    assert_eq!(ok(store.find_consent(&tn, "auth0|u", "c").await), None);
    ok(store
        .grant_consent(&tn, "auth0|u", "c", &owned(&["openid", "profile"]))
        .await);
    ok(store
        .grant_consent(&tn, "auth0|u", "c", &owned(&["email", "openid"]))
        .await);
    let got = sorted(ok(store.find_consent(&tn, "auth0|u", "c").await));
    assert_eq!(got, Some(owned(&["email", "openid", "profile"])));
    ok(store.grant_consent(&tn, "auth0|u", "d", &[]).await);
    assert_eq!(
        ok(store.find_consent(&tn, "auth0|u", "d").await),
        Some(vec![]),
        "asked, nothing granted"
    );
    assert_eq!(ok(store.find_consent(&tn, "auth0|other", "c").await), None);
}

// ---------------------------------------------------------------------------------------------
// Keys, logs, attempts

pub async fn key_rotation_keeps_the_previous_key_listed_with_one_current_key_per_alg(store: &dyn Store) {
    let tn = new_tenant(store).await;
    assert!(ok(store.list_keys(&tn).await).is_empty());
    let k1 = signing_key(&tn, "k1", "RS256", NOW);
    ok(store.rotate_key(&k1, NOW).await);
    assert_eq!(ok(store.list_keys(&tn).await), vec![k1.clone()]);

    let rotated_at = NOW.plus_secs(60);
    ok(store
        .rotate_key(&signing_key(&tn, "k2", "RS256", rotated_at), rotated_at)
        .await);
    ok(store
        .rotate_key(&signing_key(&tn, "k3", "ES256", rotated_at.plus_secs(1)), rotated_at)
        .await);
    let keys = ok(store.list_keys(&tn).await);
    let kids: Vec<&str> = keys.iter().map(|k| k.kid.as_str()).collect();
    assert_eq!(kids, vec!["k3", "k2", "k1"], "newest first");
    let k1_now = &keys[2];
    assert!(!k1_now.current, "the previous key is no longer current");
    assert_eq!(k1_now.rotated_at, Some(rotated_at));
    for alg in ["RS256", "ES256"] {
        let current = keys.iter().filter(|k| k.alg == alg && k.current).count();
        assert_eq!(current, 1, "exactly one current {alg} key");
    }
    assert!(keys.iter().filter(|k| k.current).all(|k| k.rotated_at.is_none()));

    ok(store.revoke_key(&tn, "k1", rotated_at).await);
    let kids: Vec<String> = ok(store.list_keys(&tn).await).into_iter().map(|k| k.kid).collect();
    assert_eq!(kids, vec!["k3", "k2"], "revoked keys are not listed");
}

pub async fn logs_list_newest_first_and_page_with_a_from_checkpoint(store: &dyn Store) {
    let tn = new_tenant(store).await;
    for i in 0..5i64 {
        let (kind, user_id) = if i % 2 == 0 {
            ("s", "auth0|even")
        } else {
            ("f", "auth0|odd")
        };
        ok(store
            .append_log(&log_event(
                &tn,
                &format!("log{i}"),
                NOW.plus_secs(i),
                kind,
                Some(user_id),
            ))
            .await);
    }
    let ids = |p: crate::Paged<LogEvent>| (p.items.into_iter().map(|l| l.log_id).collect::<Vec<_>>(), p.total);
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();

    assert_eq!(
        ok(store.find_log(&tn, "log2").await),
        Some(log_event(&tn, "log2", NOW.plus_secs(2), "s", Some("auth0|even")))
    );
    let everything = ok(store.list_logs(&tn, &LogQuery::default(), page(0, 50)).await);
    assert_eq!(ids(everything), (owned(&["log4", "log3", "log2", "log1", "log0"]), 5));
    let second_page = ok(store.list_logs(&tn, &LogQuery::default(), page(1, 2)).await);
    assert_eq!(ids(second_page).0, owned(&["log2", "log1"]));

    let from = LogQuery {
        from: Some("log3".into()),
        ..Default::default()
    };
    assert_eq!(
        ids(ok(store.list_logs(&tn, &from, page(0, 2)).await)).0,
        owned(&["log2", "log1"]),
        "strictly older"
    );
    let kind = LogQuery {
        kind: Some("s".into()),
        ..Default::default()
    };
    assert_eq!(
        ids(ok(store.list_logs(&tn, &kind, page(0, 50)).await)),
        (owned(&["log4", "log2", "log0"]), 3)
    );
    let odd = LogQuery {
        user_id: Some("auth0|odd".into()),
        from: Some("log3".into()),
        ..Default::default()
    };
    assert_eq!(
        ids(ok(store.list_logs(&tn, &odd, page(0, 50)).await)).0,
        owned(&["log1"])
    );
    let window = LogQuery {
        since: Some(NOW.plus_secs(1)),
        until: Some(NOW.plus_secs(3)),
        ..Default::default()
    };
    assert_eq!(
        ids(ok(store.list_logs(&tn, &window, page(0, 50)).await)),
        (owned(&["log2", "log1"]), 2),
        "since is inclusive, until exclusive"
    );

    // Same millisecond: the log id breaks the tie, and `from` still moves strictly backwards.
    for id in ["tie-a", "tie-b"] {
        ok(store
            .append_log(&log_event(&tn, id, NOW.plus_secs(10), "s", None))
            .await);
    }
    let tie = LogQuery {
        from: Some("tie-b".into()),
        ..Default::default()
    };
    assert_eq!(
        ids(ok(store.list_logs(&tn, &tie, page(0, 2)).await)).0,
        owned(&["tie-a", "log4"])
    );
}

pub async fn failure_counters_are_per_user_and_ip_and_unblocking_clears_them(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let (u, ip1, ip2) = ("auth0|u", "203.0.113.1", "203.0.113.2");
    for expected in 1..=3 {
        assert_eq!(ok(store.record_failure(&tn, u, ip1, NOW).await), expected);
    }
    assert_eq!(ok(store.record_failure(&tn, u, ip2, NOW).await), 1);
    assert_eq!(ok(store.record_failure(&tn, "auth0|v", ip1, NOW).await), 1);
    assert_eq!(ok(store.failures(&tn, u, ip1).await), 3);
    assert_eq!(ok(store.failures(&tn, u, "198.51.100.1").await), 0);
    assert_eq!(ok(store.blocked_ips(&tn, u, 3).await), vec![ip1.to_string()]);
    assert_eq!(
        ok(store.blocked_ips(&tn, u, 1).await),
        vec![ip1.to_string(), ip2.to_string()]
    );

    ok(store.reset_failures(&tn, u, ip1).await);
    assert_eq!(ok(store.failures(&tn, u, ip1).await), 0);
    assert_eq!(ok(store.record_failure(&tn, u, ip1, NOW).await), 1, "counting restarts");
    assert_eq!(ok(store.unblock_user(&tn, u).await), 2);
    assert_eq!(ok(store.failures(&tn, u, ip2).await), 0);
    assert!(ok(store.blocked_ips(&tn, u, 1).await).is_empty());
    assert_eq!(
        ok(store.failures(&tn, "auth0|v", ip1).await),
        1,
        "other users keep their counters"
    );
}

// ---------------------------------------------------------------------------------------------
// Actions

const POST_LOGIN: &str = "post-login";
const CREDENTIALS_EXCHANGE: &str = "credentials-exchange";

/// Creates `action`, deploys `number` for it and returns the action and version as stored.
async fn deploy(store: &dyn Store, action: &Action, id: &str, number: i64) -> (Action, ActionVersion) {
    let v = action_version(action, id, number, NOW.plus_secs(number));
    let a = deployed_action(action, &v);
    ok(store.deploy_version(&a, &v).await);
    (a, v)
}

fn undeployed(v: &ActionVersion) -> ActionVersion {
    ActionVersion {
        deployed: false,
        ..v.clone()
    }
}

fn version_ids(p: crate::Paged<ActionVersion>) -> (Vec<String>, i64) {
    (p.items.into_iter().map(|v| v.id).collect(), p.total)
}

fn binding_ids(bindings: Vec<Binding>) -> Vec<String> {
    bindings.into_iter().map(|b| b.id).collect()
}

pub async fn actions_conflict_on_names_and_delete_with_their_versions_and_bindings(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let a = action(&tn, "act1", "one", &[POST_LOGIN], NOW);
    let b = action(&tn, "act2", "two", &[POST_LOGIN], NOW);
    ok(store.create_action(&a).await);
    ok(store.create_action(&b).await);
    assert_eq!(ok(store.find_action(&tn, "act1").await), Some(a.clone()));
    assert_eq!(ok(store.find_action(&tn, "missing").await), None);
    assert_conflict(
        store.create_action(&action(&tn, "act3", "one", &[], NOW)).await,
        "same action name",
    );
    assert_conflict(
        store.create_action(&action(&tn, "act1", "other", &[], NOW)).await,
        "same action id",
    );

    let mut edited = a.clone();
    edited.name = "uno".into();
    edited.code = "exports.onExecutePostLogin = async (event, api) => { api.access.deny('no'); };".into();
    edited.supported_triggers.clear();
    ok(store.update_action(&edited).await);
    assert_eq!(ok(store.find_action(&tn, "act1").await), Some(edited.clone()));
    let mut clash = edited.clone();
    clash.name = "two".into();
    assert_conflict(store.update_action(&clash).await, "update onto a taken name");
    assert_not_found(
        store.update_action(&action(&tn, "ghost", "ghost", &[], NOW)).await,
        "update of a missing action",
    );

    let (_, v1) = deploy(store, &edited, "act1-v1", 1).await;
    deploy(store, &b, "act2-v1", 1).await;
    ok(store
        .replace_bindings(
            &tn,
            POST_LOGIN,
            &[
                binding(&tn, "bd1", POST_LOGIN, "act1"),
                binding(&tn, "bd2", POST_LOGIN, "act2"),
            ],
        )
        .await);
    ok(store
        .replace_bindings(
            &tn,
            CREDENTIALS_EXCHANGE,
            &[binding(&tn, "bd3", CREDENTIALS_EXCHANGE, "act1")],
        )
        .await);

    ok(store.delete_action(&tn, "act1").await);
    assert_eq!(ok(store.find_action(&tn, "act1").await), None);
    assert_eq!(
        ok(store.list_versions(&tn, "act1", page(0, 10)).await).total,
        0,
        "versions go with the action"
    );
    assert_eq!(ok(store.find_version(&tn, "act1", &v1.id).await), None);
    assert!(
        ok(store.bindings_of_action(&tn, "act1").await).is_empty(),
        "bindings go with the action"
    );
    assert_eq!(binding_ids(ok(store.list_bindings(&tn, POST_LOGIN).await)), vec!["bd2"]);
    assert!(ok(store.list_bindings(&tn, CREDENTIALS_EXCHANGE).await).is_empty());
    assert_eq!(
        ok(store.list_versions(&tn, "act2", page(0, 10)).await).total,
        1,
        "other actions keep theirs"
    );
    assert_not_found(store.delete_action(&tn, "act1").await, "delete of a missing action");

    let again = action(&tn, "act1", "uno", &[], NOW);
    ok(store.create_action(&again).await);
    assert_eq!(
        ok(store.find_action(&tn, "act1").await),
        Some(again),
        "id and name are free again"
    );
    assert_eq!(ok(store.list_versions(&tn, "act1", page(0, 10)).await).total, 0);
}

pub async fn action_listing_filters_by_trigger_name_and_deployment_and_pages_with_totals(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let a1 = action(&tn, "a1", "first", &[POST_LOGIN], NOW);
    let a2 = action(
        &tn,
        "a2",
        "second",
        &[POST_LOGIN, CREDENTIALS_EXCHANGE],
        NOW.plus_secs(1),
    );
    let a3 = action(&tn, "a3", "third", &[CREDENTIALS_EXCHANGE], NOW.plus_secs(2));
    for a in [&a3, &a1, &a2] {
        ok(store.create_action(a).await);
    }
    let (a2_deployed, _) = deploy(store, &a2, "a2-v1", 1).await;
    let ids = |p: crate::Paged<Action>| (p.items.into_iter().map(|a| a.id).collect::<Vec<_>>(), p.total);
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let q = |trigger: Option<&str>, name: Option<&str>, deployed: Option<bool>| ActionQuery {
        trigger_id: trigger.map(str::to_string),
        name: name.map(str::to_string),
        deployed,
    };

    let first = ok(store.list_actions(&tn, &ActionQuery::default(), page(0, 2)).await);
    assert_eq!(
        (first.items, first.total),
        (vec![a1.clone(), a2_deployed.clone()], 3),
        "oldest first, total across pages"
    );
    assert_eq!(
        ids(ok(store.list_actions(&tn, &ActionQuery::default(), page(1, 2)).await)),
        (owned(&["a3"]), 3)
    );
    assert_eq!(
        ids(ok(store
            .list_actions(&tn, &q(Some(POST_LOGIN), None, None), page(0, 10))
            .await)),
        (owned(&["a1", "a2"]), 2)
    );
    assert_eq!(
        ids(ok(store
            .list_actions(&tn, &q(Some(POST_LOGIN), None, None), page(0, 1))
            .await)),
        (owned(&["a1"]), 2),
        "a page of the matches, total of all"
    );
    assert_eq!(
        ids(ok(store
            .list_actions(&tn, &q(None, None, Some(true)), page(0, 10))
            .await)),
        (owned(&["a2"]), 1)
    );
    assert_eq!(
        ids(ok(store
            .list_actions(&tn, &q(None, None, Some(false)), page(0, 10))
            .await)),
        (owned(&["a1", "a3"]), 2)
    );
    assert_eq!(
        ids(ok(store
            .list_actions(&tn, &q(Some(CREDENTIALS_EXCHANGE), None, Some(false)), page(0, 10))
            .await)),
        (owned(&["a3"]), 1),
        "filters combine"
    );
    assert_eq!(
        ids(ok(store
            .list_actions(&tn, &q(None, Some("third"), None), page(0, 10))
            .await)),
        (owned(&["a3"]), 1)
    );
    assert_eq!(
        ok(store.list_actions(&tn, &q(None, Some("thi"), None), page(0, 10)).await).total,
        0,
        "the name matches exactly"
    );
    assert_eq!(
        ok(store
            .list_actions(&tn, &q(Some("send-phone-message"), None, None), page(0, 10))
            .await)
        .total,
        0
    );

    let mut moved = a1.clone();
    moved.supported_triggers = a3.supported_triggers.clone();
    ok(store.update_action(&moved).await);
    assert_eq!(
        ids(ok(store
            .list_actions(&tn, &q(Some(POST_LOGIN), None, None), page(0, 10))
            .await)),
        (owned(&["a2"]), 1),
        "the trigger filter follows updates"
    );
    assert_eq!(
        ids(ok(store
            .list_actions(&tn, &q(Some(CREDENTIALS_EXCHANGE), None, None), page(0, 10))
            .await)),
        (owned(&["a1", "a2", "a3"]), 3)
    );
}

pub async fn deploys_number_versions_from_one_keep_one_deployed_and_list_newest_first(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let a = action(&tn, "act", "one", &[POST_LOGIN], NOW);
    ok(store.create_action(&a).await);
    assert_eq!(ok(store.list_versions(&tn, "act", page(0, 10)).await).total, 0);
    let first = action_version(&a, "v-first", 2, NOW);
    assert_conflict(
        store.deploy_version(&deployed_action(&a, &first), &first).await,
        "the first version is number 1",
    );

    let (a1, v1) = deploy(store, &a, "v1", 1).await;
    assert_eq!(ok(store.find_action(&tn, "act").await), Some(a1.clone()));
    assert_eq!(ok(store.find_version(&tn, "act", "v1").await), Some(v1.clone()));

    let mut draft = a1.clone();
    draft.code = "exports.onExecutePostLogin = async () => { /* v2 */ };".into();
    draft.all_changes_deployed = false;
    ok(store.update_action(&draft).await);
    for (id, number, what) in [("v-dup", 1, "a number taken"), ("v-skip", 3, "a skipped number")] {
        let v = action_version(&draft, id, number, NOW);
        assert_conflict(store.deploy_version(&deployed_action(&draft, &v), &v).await, what);
        assert_eq!(
            ok(store.find_version(&tn, "act", id).await),
            None,
            "{what}: nothing stored"
        );
    }
    assert_eq!(
        ok(store.find_action(&tn, "act").await),
        Some(draft.clone()),
        "a refused deploy leaves the action alone"
    );

    let (a2, v2) = deploy(store, &draft, "v2", 2).await;
    let (a3, v3) = deploy(store, &a2, "v3", 3).await;
    assert_eq!(ok(store.find_action(&tn, "act").await), Some(a3.clone()));
    assert_eq!(a3.deployed_version_id.as_deref(), Some("v3"));
    let listed = ok(store.list_versions(&tn, "act", page(0, 10)).await);
    assert_eq!(
        (listed.items, listed.total),
        (vec![v3.clone(), undeployed(&v2), undeployed(&v1)], 3),
        "newest first, only the newest deployed"
    );
    assert_eq!(
        version_ids(ok(store.list_versions(&tn, "act", page(1, 2)).await)),
        (vec!["v1".to_string()], 3)
    );
    assert_eq!(ok(store.find_version(&tn, "act", "v2").await), Some(undeployed(&v2)));
    assert_eq!(ok(store.find_version(&tn, "other-action", "v2").await), None);

    let ghost = action(&tn, "ghost", "ghost", &[], NOW);
    let gv = action_version(&ghost, "ghost-v1", 1, NOW);
    assert_not_found(
        store.deploy_version(&deployed_action(&ghost, &gv), &gv).await,
        "deploy of a missing action",
    );
    assert_eq!(ok(store.find_version(&tn, "ghost", "ghost-v1").await), None);
}

pub async fn of_two_concurrent_deploys_of_one_version_number_exactly_one_wins(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let a = action(&tn, "act", "racy", &[POST_LOGIN], NOW);
    ok(store.create_action(&a).await);
    deploy(store, &a, "v1", 1).await;
    let (va, vb) = (action_version(&a, "v2-a", 2, NOW), action_version(&a, "v2-b", 2, NOW));
    let (aa, ab) = (deployed_action(&a, &va), deployed_action(&a, &vb));
    let (ra, rb) = both(store.deploy_version(&aa, &va), store.deploy_version(&ab, &vb)).await;
    let winner = match (&ra, &rb) {
        (Ok(()), Err(StoreError::Conflict(_))) => "v2-a",
        (Err(StoreError::Conflict(_)), Ok(())) => "v2-b",
        _ => panic!("expected one deploy and one Conflict, got {ra:?} and {rb:?}"),
    };
    let listed = ok(store.list_versions(&tn, "act", page(0, 10)).await);
    assert_eq!(listed.total, 2);
    assert_eq!(listed.items[0].id, winner);
    assert_eq!(
        listed
            .items
            .iter()
            .filter(|v| v.deployed)
            .map(|v| v.id.as_str())
            .collect::<Vec<_>>(),
        vec![winner],
        "exactly one deployed version"
    );
    let found = ok(store.find_action(&tn, "act").await);
    assert_eq!(found.and_then(|a| a.deployed_version_id).as_deref(), Some(winner));
}

pub async fn pruning_versions_keeps_the_newest_and_never_the_deployed_one(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let mut a = action(&tn, "act", "one", &[POST_LOGIN], NOW);
    ok(store.create_action(&a).await);
    for n in 1..=5 {
        a = deploy(store, &a, &format!("v{n}"), n).await.0;
    }
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(ok(store.prune_versions(&tn, "act", 10).await), 0);
    assert_eq!(ok(store.prune_versions(&tn, "act", 2).await), 3);
    assert_eq!(
        version_ids(ok(store.list_versions(&tn, "act", page(0, 10)).await)),
        (owned(&["v5", "v4"]), 2),
        "the oldest go"
    );
    assert_eq!(ok(store.prune_versions(&tn, "act", 0).await), 1);
    assert_eq!(
        version_ids(ok(store.list_versions(&tn, "act", page(0, 10)).await)),
        (owned(&["v5"]), 1),
        "the deployed version stays even beyond keep"
    );
    assert_eq!(ok(store.prune_versions(&tn, "act", 0).await), 0);
    assert_eq!(
        ok(store.find_action(&tn, "act").await)
            .and_then(|a| a.deployed_version_id)
            .as_deref(),
        Some("v5")
    );

    let skipped = action_version(&a, "v-low", 5, NOW);
    assert_conflict(
        store.deploy_version(&deployed_action(&a, &skipped), &skipped).await,
        "numbers continue after pruning",
    );
    deploy(store, &a, "v6", 6).await;
    assert_eq!(ok(store.prune_versions(&tn, "other-action", 0).await), 0);
}

pub async fn bindings_are_replaced_whole_kept_in_order_and_listed_per_action(store: &dyn Store) {
    let tn = new_tenant(store).await;
    for (id, name) in [("a", "alpha"), ("b", "beta"), ("c", "gamma")] {
        ok(store
            .create_action(&action(&tn, id, name, &[POST_LOGIN, CREDENTIALS_EXCHANGE], NOW))
            .await);
    }
    assert!(ok(store.list_bindings(&tn, POST_LOGIN).await).is_empty());
    let first = vec![binding(&tn, "b1", POST_LOGIN, "a"), binding(&tn, "b2", POST_LOGIN, "b")];
    ok(store.replace_bindings(&tn, POST_LOGIN, &first).await);
    assert_eq!(ok(store.list_bindings(&tn, POST_LOGIN).await), first);

    let second = vec![
        binding(&tn, "b3", POST_LOGIN, "c"),
        binding(&tn, "b4", POST_LOGIN, "b"),
        binding(&tn, "b5", POST_LOGIN, "a"),
    ];
    ok(store.replace_bindings(&tn, POST_LOGIN, &second).await);
    assert_eq!(
        ok(store.list_bindings(&tn, POST_LOGIN).await),
        second,
        "the new list, in its order"
    );
    let other = vec![binding(&tn, "b6", CREDENTIALS_EXCHANGE, "a")];
    ok(store.replace_bindings(&tn, CREDENTIALS_EXCHANGE, &other).await);
    assert_eq!(
        binding_ids(ok(store.list_bindings(&tn, POST_LOGIN).await)),
        vec!["b3", "b4", "b5"],
        "other triggers are untouched"
    );

    let mut of_a = binding_ids(ok(store.bindings_of_action(&tn, "a").await));
    of_a.sort();
    assert_eq!(of_a, vec!["b5", "b6"], "any trigger");
    assert_eq!(binding_ids(ok(store.bindings_of_action(&tn, "c").await)), vec!["b3"]);

    ok(store.replace_bindings(&tn, POST_LOGIN, &[]).await);
    assert!(ok(store.list_bindings(&tn, POST_LOGIN).await).is_empty());
    assert_eq!(binding_ids(ok(store.bindings_of_action(&tn, "a").await)), vec!["b6"]);
    assert!(ok(store.bindings_of_action(&tn, "c").await).is_empty());
}

pub async fn bound_versions_skip_undeployed_actions_and_follow_the_newest_deploy(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let (a, b, c) = (
        action(&tn, "a", "alpha", &[POST_LOGIN], NOW),
        action(&tn, "b", "beta", &[POST_LOGIN], NOW),
        action(&tn, "c", "gamma", &[POST_LOGIN], NOW),
    );
    for x in [&a, &b, &c] {
        ok(store.create_action(x).await);
    }
    let (a1, av1) = deploy(store, &a, "a-v1", 1).await;
    let (_, cv1) = deploy(store, &c, "c-v1", 1).await;
    assert!(
        ok(store.bound_versions(&tn, POST_LOGIN).await).is_empty(),
        "nothing bound"
    );

    let (bc, bb, ba) = (
        binding(&tn, "bc", POST_LOGIN, "c"),
        binding(&tn, "bb", POST_LOGIN, "b"),
        binding(&tn, "ba", POST_LOGIN, "a"),
    );
    ok(store
        .replace_bindings(&tn, POST_LOGIN, &[bc.clone(), bb.clone(), ba.clone()])
        .await);
    ok(store
        .replace_bindings(
            &tn,
            CREDENTIALS_EXCHANGE,
            &[binding(&tn, "bx", CREDENTIALS_EXCHANGE, "a")],
        )
        .await);
    assert_eq!(
        ok(store.bound_versions(&tn, POST_LOGIN).await),
        vec![(bc.clone(), cv1.clone()), (ba.clone(), av1)],
        "binding order; the undeployed action is skipped"
    );

    let mut draft = a1.clone();
    draft.code = "exports.onExecutePostLogin = async () => { /* a2 */ };".into();
    ok(store.update_action(&draft).await);
    let (_, av2) = deploy(store, &draft, "a-v2", 2).await;
    let (_, bv1) = deploy(store, &b, "b-v1", 1).await;
    assert_eq!(
        ok(store.bound_versions(&tn, POST_LOGIN).await),
        vec![(bc, cv1), (bb.clone(), bv1.clone()), (ba.clone(), av2.clone())],
        "the newest deployed version"
    );

    ok(store.delete_action(&tn, "c").await);
    assert_eq!(
        ok(store.bound_versions(&tn, POST_LOGIN).await),
        vec![(bb, bv1), (ba, av2)],
        "a deleted action runs no more"
    );
    assert_eq!(ok(store.bound_versions(&tn, CREDENTIALS_EXCHANGE).await).len(), 1);
    assert!(ok(store.bound_versions(&tn, "send-phone-message").await).is_empty());
}

pub async fn executions_are_stored_and_found_by_id(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let e = execution(&tn, "exec1", POST_LOGIN);
    ok(store.insert_execution(&e).await);
    assert_conflict(store.insert_execution(&e).await, "same execution id");
    assert_eq!(ok(store.find_execution(&tn, "exec1").await), Some(e));
    assert_eq!(ok(store.find_execution(&tn, "exec2").await), None);
}

/// `record_execution` may write later, but never later than the next read of the same node.
pub async fn recorded_executions_are_found_at_once(store: &dyn Store) {
    let tn = new_tenant(store).await;
    for i in 0..3 {
        ok(store.record_execution(execution(&tn, &format!("rec{i}"), POST_LOGIN)).await);
    }
    for i in 0..3 {
        let id = format!("rec{i}");
        assert_eq!(ok(store.find_execution(&tn, &id).await), Some(execution(&tn, &id, POST_LOGIN)));
    }
}

pub async fn cached_values_are_replaced_deleted_and_expire_at_their_expiry(store: &dyn Store) {
    let tn = new_tenant(store).await;
    let expiry = NOW.plus_secs(60);
    assert_eq!(ok(store.cache_get(&tn, "act", "k", NOW).await), None);
    ok(store.cache_set(&tn, "act", "k", "v1", expiry).await);
    assert_eq!(
        ok(store.cache_get(&tn, "act", "k", NOW).await),
        Some(("v1".to_string(), expiry))
    );
    assert_eq!(
        ok(store.cache_get(&tn, "act", "k", Timestamp(expiry.0 - 1)).await),
        Some(("v1".to_string(), expiry))
    );
    assert_eq!(
        ok(store.cache_get(&tn, "other", "k", NOW).await),
        None,
        "scopes are separate"
    );
    assert_eq!(ok(store.cache_get(&tn, "act", "k2", NOW).await), None);

    let later = expiry.plus_secs(60);
    ok(store.cache_set(&tn, "act", "k", "v2", later).await);
    assert_eq!(
        ok(store.cache_get(&tn, "act", "k", expiry).await),
        Some(("v2".to_string(), later)),
        "set replaces the value and its expiry"
    );
    assert_eq!(
        ok(store.cache_get(&tn, "act", "k", later).await),
        None,
        "expired at expires_at"
    );
    ok(store.cache_set(&tn, "act", "k", "v3", later.plus_secs(60)).await);
    assert_eq!(
        ok(store.cache_get(&tn, "act", "k", later).await),
        Some(("v3".to_string(), later.plus_secs(60))),
        "an expired key can be set again"
    );

    ok(store.cache_set(&tn, "other", "k", "o", expiry).await);
    ok(store.cache_delete(&tn, "act", "k").await);
    assert_eq!(ok(store.cache_get(&tn, "act", "k", NOW).await), None);
    assert_eq!(
        ok(store.cache_get(&tn, "other", "k", NOW).await),
        Some(("o".to_string(), expiry))
    );
    ok(store.cache_delete(&tn, "act", "never-set").await);
}

// ---------------------------------------------------------------------------------------------
// Isolation

pub async fn a_second_tenant_sees_nothing_of_the_first_tenant(store: &dyn Store) {
    let (a, b) = (new_tenant(store).await, new_tenant(store).await);
    let u = "auth0|shared";
    ok(store.create_client(&client(&a, "c", NOW)).await);
    ok(store
        .create_client_grant(&client_grant(&a, "cg", "c", "https://api.test/"))
        .await);
    ok(store
        .create_resource_server(&resource_server(&a, "rs", "https://api.test/"))
        .await);
    ok(store
        .create_connection(&connection(&a, "con", DEFAULT_DATABASE_CONNECTION))
        .await);
    ok(store.create_user(&user(&a, u, Some("shared@x.test"), NOW)).await);
    ok(store.create_role(&role(&a, "r", "admin")).await);
    ok(store.assign_role(&a, "r", &[u.to_string()]).await);
    ok(store.insert_code(&code(&a, "code", "fam")).await);
    ok(store
        .insert_refresh_token(&refresh_token(&a, "rt", u, "c", "fam"))
        .await);
    ok(store.create_session(&session(&a, "s", u, NOW.plus_secs(60))).await);
    ok(store
        .put_transaction(&login_transaction(&a, "tx", NOW.plus_secs(60)))
        .await);
    ok(store.grant_consent(&a, u, "c", &["openid".to_string()]).await);
    ok(store.rotate_key(&signing_key(&a, "k", "RS256", NOW), NOW).await);
    ok(store.append_log(&log_event(&a, "log", NOW, "s", Some(u))).await);
    ok(store.record_failure(&a, u, "203.0.113.1", NOW).await);

    assert_eq!(ok(store.find_client(&b, "c").await), None);
    assert_eq!(ok(store.list_clients(&b, page(0, 10)).await).total, 0);
    assert_not_found(
        store.update_client(&client(&b, "c", NOW)).await,
        "update across tenants",
    );
    assert_eq!(ok(store.find_client_grant(&b, "c", "https://api.test/").await), None);
    assert_eq!(ok(store.find_client_grant_by_id(&b, "cg").await), None);
    assert_eq!(ok(store.list_client_grants(&b, page(0, 10)).await).total, 0);
    assert_eq!(
        ok(store.find_resource_server_by_identifier(&b, "https://api.test/").await),
        None
    );
    assert_eq!(ok(store.list_resource_servers(&b, page(0, 10)).await).total, 0);
    assert_eq!(
        ok(store.find_connection_by_name(&b, DEFAULT_DATABASE_CONNECTION).await),
        None
    );
    assert!(ok(store.list_connections(&b).await).is_empty());
    assert_eq!(ok(store.find_user(&b, u).await), None);
    assert_eq!(
        ok(store
            .find_user_by_email(&b, DEFAULT_DATABASE_CONNECTION, "shared@x.test")
            .await),
        None
    );
    assert!(ok(store.find_users_by_email(&b, "shared@x.test").await).is_empty());
    assert_eq!(
        ok(store.list_users(&b, &UserQuery::default(), page(0, 10)).await).total,
        0
    );
    assert_not_found(store.record_login(&b, u, NOW, None).await, "login across tenants");
    assert_eq!(ok(store.find_role(&b, "r").await), None);
    assert_eq!(ok(store.list_roles(&b, page(0, 10)).await).total, 0);
    assert!(ok(store.roles_of_user(&b, u).await).is_empty());
    assert_eq!(ok(store.users_of_role(&b, "r", page(0, 10)).await).total, 0);
    assert_eq!(ok(store.redeem_code(&b, "code", NOW).await), CodeRedemption::NotFound);
    assert_eq!(ok(store.find_refresh_token(&b, "rt").await), None);
    let successor = refresh_token(&b, "rt-next", u, "c", "fam");
    assert_eq!(
        ok(store.rotate_refresh_token(&b, "rt", &successor, NOW).await),
        RefreshRotation::NotFound
    );
    assert_eq!(ok(store.revoke_user_tokens(&b, u, None, NOW).await), 0);
    assert_eq!(ok(store.find_session(&b, "s", NOW).await), None);
    assert_eq!(ok(store.delete_user_sessions(&b, u).await), 0);
    assert_eq!(ok(store.find_transaction(&b, "tx", NOW).await), None);
    assert_eq!(ok(store.find_consent(&b, u, "c").await), None);
    assert!(ok(store.list_keys(&b).await).is_empty());
    assert_eq!(ok(store.find_log(&b, "log").await), None);
    assert_eq!(
        ok(store.list_logs(&b, &LogQuery::default(), page(0, 10)).await).total,
        0
    );
    assert_eq!(ok(store.failures(&b, u, "203.0.113.1").await), 0);
    assert_eq!(ok(store.unblock_user(&b, u).await), 0);

    // Deletes and revocations in the second tenant leave the first untouched.
    ok(store.revoke_family(&b, "fam", NOW).await);
    ok(store.delete_user(&b, u).await);
    ok(store.delete_role(&b, "r").await);
    assert!(!ok(store.family_is_revoked(&a, "fam").await));
    assert!(ok(store.find_refresh_token(&a, "rt").await).is_some());
    assert_eq!(ok(store.roles_of_user(&a, u).await).len(), 1);
    assert!(matches!(
        ok(store.redeem_code(&a, "code", NOW).await),
        CodeRedemption::Redeemed(_)
    ));

    // Names unique within a tenant are free in another.
    ok(store.create_client(&client(&b, "c", NOW)).await);
    ok(store.create_user(&user(&b, u, Some("shared@x.test"), NOW)).await);
    ok(store.create_role(&role(&b, "r", "admin")).await);
    ok(store
        .create_resource_server(&resource_server(&b, "rs", "https://api.test/"))
        .await);
    ok(store
        .create_connection(&connection(&b, "con", DEFAULT_DATABASE_CONNECTION))
        .await);
    ok(store.insert_code(&code(&b, "code", "fam")).await);
    ok(store.rotate_key(&signing_key(&b, "k", "RS256", NOW), NOW).await);
    assert_eq!(
        ok(store.list_keys(&a).await).len(),
        1,
        "the first tenant's key is still current alone"
    );
}

pub async fn a_second_tenant_sees_none_of_the_first_tenants_actions(store: &dyn Store) {
    let (a, b) = (new_tenant(store).await, new_tenant(store).await);
    let act = action(&a, "act", "shared", &[POST_LOGIN], NOW);
    ok(store.create_action(&act).await);
    let (deployed, v1) = deploy(store, &act, "v1", 1).await;
    ok(store
        .replace_bindings(&a, POST_LOGIN, &[binding(&a, "bd", POST_LOGIN, "act")])
        .await);
    ok(store.insert_execution(&execution(&a, "exec", POST_LOGIN)).await);
    ok(store.cache_set(&a, "act", "k", "v", NOW.plus_secs(60)).await);

    assert_eq!(ok(store.find_action(&b, "act").await), None);
    assert_eq!(
        ok(store.list_actions(&b, &ActionQuery::default(), page(0, 10)).await).total,
        0
    );
    let by_trigger = ActionQuery {
        trigger_id: Some(POST_LOGIN.into()),
        ..Default::default()
    };
    assert_eq!(ok(store.list_actions(&b, &by_trigger, page(0, 10)).await).total, 0);
    assert_eq!(ok(store.list_versions(&b, "act", page(0, 10)).await).total, 0);
    assert_eq!(ok(store.find_version(&b, "act", "v1").await), None);
    assert!(ok(store.list_bindings(&b, POST_LOGIN).await).is_empty());
    assert!(ok(store.bindings_of_action(&b, "act").await).is_empty());
    assert!(ok(store.bound_versions(&b, POST_LOGIN).await).is_empty());
    assert_eq!(ok(store.find_execution(&b, "exec").await), None);
    assert_eq!(ok(store.cache_get(&b, "act", "k", NOW).await), None);
    let foreign = action(&b, "act", "shared", &[POST_LOGIN], NOW);
    assert_not_found(store.update_action(&foreign).await, "update across tenants");
    let foreign_v = action_version(&foreign, "v2", 2, NOW);
    assert_not_found(
        store
            .deploy_version(&deployed_action(&foreign, &foreign_v), &foreign_v)
            .await,
        "deploy across tenants",
    );

    // Deletes in the second tenant leave the first untouched.
    assert_not_found(store.delete_action(&b, "act").await, "delete across tenants");
    assert_eq!(ok(store.prune_versions(&b, "act", 0).await), 0);
    ok(store.replace_bindings(&b, POST_LOGIN, &[]).await);
    ok(store.cache_delete(&b, "act", "k").await);
    assert_eq!(ok(store.find_action(&a, "act").await), Some(deployed));
    assert_eq!(
        ok(store.bound_versions(&a, POST_LOGIN).await),
        vec![(binding(&a, "bd", POST_LOGIN, "act"), v1)]
    );
    assert!(ok(store.cache_get(&a, "act", "k", NOW).await).is_some());

    // Ids, names and version numbers are per tenant.
    ok(store.create_action(&foreign).await);
    let (_, foreign_v1) = deploy(store, &foreign, "v1", 1).await;
    ok(store
        .replace_bindings(&b, POST_LOGIN, &[binding(&b, "bd", POST_LOGIN, "act")])
        .await);
    ok(store.insert_execution(&execution(&b, "exec", POST_LOGIN)).await);
    assert_eq!(
        ok(store.bound_versions(&b, POST_LOGIN).await),
        vec![(binding(&b, "bd", POST_LOGIN, "act"), foreign_v1)]
    );
    assert_eq!(ok(store.list_versions(&a, "act", page(0, 10)).await).total, 1);
}
