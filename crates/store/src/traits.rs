use crate::{Page, Paged, StoreResult};
use async_trait::async_trait;
use portcullis_domain::action::{Action, ActionVersion, Binding, Execution};
use portcullis_domain::client::{Client, ClientGrant};
use portcullis_domain::connection::Connection;
use portcullis_domain::flow::{AuthorizationCode, LoginTransaction, RefreshToken, Session, StoredSigningKey};
use portcullis_domain::log::LogEvent;
use portcullis_domain::resource_server::ResourceServer;
use portcullis_domain::role::Role;
use portcullis_domain::tenant::Tenant;
use portcullis_domain::user::User;
use portcullis_domain::Timestamp;

#[async_trait]
pub trait TenantStore: Send + Sync {
    /// Creates a tenant. `Conflict` if the id or the domain is taken.
    async fn create_tenant(&self, tenant: &Tenant) -> StoreResult<()>;
    async fn find_tenant(&self, id: &str) -> StoreResult<Option<Tenant>>;
    /// Finds the tenant served on `domain` (`host[:port]`, lower-case).
    async fn find_tenant_by_domain(&self, domain: &str) -> StoreResult<Option<Tenant>>;
    /// Replaces the tenant's record. `NotFound` if it does not exist.
    async fn update_tenant(&self, tenant: &Tenant) -> StoreResult<()>;
    async fn list_tenants(&self) -> StoreResult<Vec<Tenant>>;
}

#[async_trait]
pub trait ClientStore: Send + Sync {
    /// `Conflict` if the client id exists in the tenant.
    async fn create_client(&self, client: &Client) -> StoreResult<()>;
    async fn find_client(&self, tenant: &str, client_id: &str) -> StoreResult<Option<Client>>;
    /// `NotFound` if absent.
    async fn update_client(&self, client: &Client) -> StoreResult<()>;
    /// Deletes the client and its client grants. `NotFound` if absent.
    async fn delete_client(&self, tenant: &str, client_id: &str) -> StoreResult<()>;
    /// Ordered by creation time, oldest first.
    async fn list_clients(&self, tenant: &str, page: Page) -> StoreResult<Paged<Client>>;

    /// `Conflict` if a grant for the same client and audience exists.
    async fn create_client_grant(&self, grant: &ClientGrant) -> StoreResult<()>;
    async fn find_client_grant(&self, tenant: &str, client_id: &str, audience: &str) -> StoreResult<Option<ClientGrant>>;
    async fn find_client_grant_by_id(&self, tenant: &str, id: &str) -> StoreResult<Option<ClientGrant>>;
    async fn update_client_grant(&self, grant: &ClientGrant) -> StoreResult<()>;
    async fn delete_client_grant(&self, tenant: &str, id: &str) -> StoreResult<()>;
    async fn list_client_grants(&self, tenant: &str, page: Page) -> StoreResult<Paged<ClientGrant>>;
}

#[async_trait]
pub trait ResourceServerStore: Send + Sync {
    /// `Conflict` if the identifier (audience) is taken in the tenant.
    async fn create_resource_server(&self, rs: &ResourceServer) -> StoreResult<()>;
    async fn find_resource_server(&self, tenant: &str, id: &str) -> StoreResult<Option<ResourceServer>>;
    async fn find_resource_server_by_identifier(&self, tenant: &str, identifier: &str) -> StoreResult<Option<ResourceServer>>;
    async fn update_resource_server(&self, rs: &ResourceServer) -> StoreResult<()>;
    async fn delete_resource_server(&self, tenant: &str, id: &str) -> StoreResult<()>;
    async fn list_resource_servers(&self, tenant: &str, page: Page) -> StoreResult<Paged<ResourceServer>>;
}

#[async_trait]
pub trait ConnectionStore: Send + Sync {
    /// `Conflict` if the name is taken in the tenant.
    async fn create_connection(&self, c: &Connection) -> StoreResult<()>;
    async fn find_connection_by_name(&self, tenant: &str, name: &str) -> StoreResult<Option<Connection>>;
    async fn find_connection(&self, tenant: &str, id: &str) -> StoreResult<Option<Connection>>;
    async fn update_connection(&self, c: &Connection) -> StoreResult<()>;
    async fn list_connections(&self, tenant: &str) -> StoreResult<Vec<Connection>>;
}

/// Filter for user listings: a case-insensitive substring over email, name and user_id.
#[derive(Clone, Debug, Default)]
pub struct UserQuery {
    pub text: Option<String>,
    pub email: Option<String>,
    /// Leave out the users of this connection (the dashboard's operators).
    pub exclude_connection: Option<String>,
}

#[async_trait]
pub trait UserStore: Send + Sync {
    /// `Conflict` if the user id exists, or the email (case-insensitive) exists in the same
    /// connection of the tenant.
    async fn create_user(&self, user: &User) -> StoreResult<()>;
    async fn find_user(&self, tenant: &str, user_id: &str) -> StoreResult<Option<User>>;
    /// Case-insensitive on the email.
    async fn find_user_by_email(&self, tenant: &str, connection: &str, email: &str) -> StoreResult<Option<User>>;
    /// Users with this email in any connection.
    async fn find_users_by_email(&self, tenant: &str, email: &str) -> StoreResult<Vec<User>>;
    /// Replaces the record. `Conflict` on an email clash, `NotFound` if absent.
    async fn update_user(&self, user: &User) -> StoreResult<()>;
    /// Deletes the user with their role assignments, sessions and refresh tokens.
    async fn delete_user(&self, tenant: &str, user_id: &str) -> StoreResult<()>;
    /// Ordered by creation time, oldest first.
    async fn list_users(&self, tenant: &str, query: &UserQuery, page: Page) -> StoreResult<Paged<User>>;
    /// Atomically increments `logins_count` and sets `last_login`/`last_ip`; returns the new user.
    async fn record_login(&self, tenant: &str, user_id: &str, at: Timestamp, ip: Option<&str>) -> StoreResult<User>;
}

#[async_trait]
pub trait RoleStore: Send + Sync {
    /// `Conflict` if the name is taken in the tenant.
    async fn create_role(&self, role: &Role) -> StoreResult<()>;
    async fn find_role(&self, tenant: &str, id: &str) -> StoreResult<Option<Role>>;
    async fn update_role(&self, role: &Role) -> StoreResult<()>;
    /// Deletes the role and its assignments.
    async fn delete_role(&self, tenant: &str, id: &str) -> StoreResult<()>;
    async fn list_roles(&self, tenant: &str, page: Page) -> StoreResult<Paged<Role>>;
    /// Idempotent: assigning twice is not an error.
    async fn assign_role(&self, tenant: &str, role_id: &str, user_ids: &[String]) -> StoreResult<()>;
    async fn unassign_role(&self, tenant: &str, role_id: &str, user_ids: &[String]) -> StoreResult<()>;
    /// The user's roles, ordered by name.
    async fn roles_of_user(&self, tenant: &str, user_id: &str) -> StoreResult<Vec<Role>>;
    async fn users_of_role(&self, tenant: &str, role_id: &str, page: Page) -> StoreResult<Paged<String>>;
}

/// What happened when a code was presented.
#[derive(Clone, Debug, PartialEq)]
pub enum CodeRedemption {
    /// First presentation: the code is now used.
    Redeemed(AuthorizationCode),
    /// Presented before (RFC 6749 §4.1.2: the caller should revoke what it granted).
    AlreadyUsed(AuthorizationCode),
    NotFound,
}

/// What happened when a refresh token was presented for rotation.
#[derive(Clone, Debug, PartialEq)]
pub enum RefreshRotation {
    /// The old token is now rotated and the new one stored.
    Rotated(RefreshToken),
    /// The token was already rotated or revoked: reuse. Its family has been revoked.
    Reused(RefreshToken),
    NotFound,
}

#[async_trait]
pub trait GrantStore: Send + Sync {
    async fn insert_code(&self, code: &AuthorizationCode) -> StoreResult<()>;
    /// Atomically marks the code used and returns it; a second call reports `AlreadyUsed`.
    /// Expiry is the caller's check.
    async fn redeem_code(&self, tenant: &str, code_hash: &str, at: Timestamp) -> StoreResult<CodeRedemption>;
    async fn insert_refresh_token(&self, token: &RefreshToken) -> StoreResult<()>;
    /// A live (not rotated, not revoked) refresh token.
    async fn find_refresh_token(&self, tenant: &str, token_hash: &str) -> StoreResult<Option<RefreshToken>>;
    /// Atomically: if `old_hash` is live, mark it rotated and store `new`; if it was already
    /// rotated or revoked, revoke its whole family and report `Reused`.
    async fn rotate_refresh_token(&self, tenant: &str, old_hash: &str, new: &RefreshToken, at: Timestamp) -> StoreResult<RefreshRotation>;
    /// Revokes every refresh token of a family (one authorization). Returns how many.
    async fn revoke_family(&self, tenant: &str, family_id: &str, at: Timestamp) -> StoreResult<u64>;
    /// Revokes every refresh token of a user (optionally only for one client).
    async fn revoke_user_tokens(&self, tenant: &str, user_id: &str, client_id: Option<&str>, at: Timestamp) -> StoreResult<u64>;
    /// Whether a family was revoked (an access token from a reused code must not refresh).
    async fn family_is_revoked(&self, tenant: &str, family_id: &str) -> StoreResult<bool>;
}

#[async_trait]
pub trait SessionStore: Send + Sync {
    async fn create_session(&self, s: &Session) -> StoreResult<()>;
    /// A session whose `expires_at` is after `now`.
    async fn find_session(&self, tenant: &str, id: &str, now: Timestamp) -> StoreResult<Option<Session>>;
    async fn update_session(&self, s: &Session) -> StoreResult<()>;
    async fn delete_session(&self, tenant: &str, id: &str) -> StoreResult<()>;
    async fn delete_user_sessions(&self, tenant: &str, user_id: &str) -> StoreResult<u64>;
}

/// The session a finished login leaves behind.
#[derive(Debug, Clone, Copy)]
pub enum SessionWrite<'a> {
    Create(&'a Session),
    Update(&'a Session),
}

#[async_trait]
pub trait LoginFlowStore: Send + Sync {
    async fn put_transaction(&self, t: &LoginTransaction) -> StoreResult<()>;
    /// A transaction whose `expires_at` is after `now`.
    async fn find_transaction(&self, tenant: &str, id: &str, now: Timestamp) -> StoreResult<Option<LoginTransaction>>;
    async fn delete_transaction(&self, tenant: &str, id: &str) -> StoreResult<()>;
    /// Ends a login: writes its session (new or updated), stores the authorization code and
    /// deletes the transaction, all or nothing (one commit where the store has transactions).
    async fn complete_login(&self, session: SessionWrite<'_>, code: &AuthorizationCode, transaction_id: &str) -> StoreResult<()>;
    /// The scopes a user consented to for a client (`None`: never asked).
    async fn find_consent(&self, tenant: &str, user_id: &str, client_id: &str) -> StoreResult<Option<Vec<String>>>;
    /// Adds scopes to the user's consent for the client.
    async fn grant_consent(&self, tenant: &str, user_id: &str, client_id: &str, scopes: &[String]) -> StoreResult<()>;
}

#[async_trait]
pub trait KeyStore: Send + Sync {
    /// All keys not revoked, newest first.
    async fn list_keys(&self, tenant: &str) -> StoreResult<Vec<StoredSigningKey>>;
    /// Atomically: the current key of `key.alg` (if any) becomes previous (`rotated_at = at`),
    /// and `key` is stored as current. Used for the first key too.
    async fn rotate_key(&self, key: &StoredSigningKey, at: Timestamp) -> StoreResult<()>;
    async fn revoke_key(&self, tenant: &str, kid: &str, at: Timestamp) -> StoreResult<()>;
}

/// Filter for log listings.
#[derive(Clone, Debug, Default)]
pub struct LogQuery {
    pub kind: Option<String>,
    pub user_id: Option<String>,
    pub client_id: Option<String>,
    /// Only entries strictly older than this log id (`from` checkpoint paging).
    pub from: Option<String>,
    /// Only entries at or after `since` and before `until`.
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
}

#[async_trait]
pub trait LogStore: Send + Sync {
    async fn append_log(&self, event: &LogEvent) -> StoreResult<()>;
    async fn find_log(&self, tenant: &str, log_id: &str) -> StoreResult<Option<LogEvent>>;
    /// Newest first.
    async fn list_logs(&self, tenant: &str, query: &LogQuery, page: Page) -> StoreResult<Paged<LogEvent>>;
}

/// Brute-force protection counters: one per (user, ip) pair.
#[async_trait]
pub trait AttemptStore: Send + Sync {
    /// Atomically counts one failure for the pair and returns the new count.
    async fn record_failure(&self, tenant: &str, user_key: &str, ip: &str, at: Timestamp) -> StoreResult<i64>;
    async fn failures(&self, tenant: &str, user_key: &str, ip: &str) -> StoreResult<i64>;
    /// Forgets the pair's failures (after a success).
    async fn reset_failures(&self, tenant: &str, user_key: &str, ip: &str) -> StoreResult<()>;
    /// Forgets every failure of a user (the Management API's unblock). Returns how many pairs.
    async fn unblock_user(&self, tenant: &str, user_key: &str) -> StoreResult<u64>;
    /// The IPs a user is blocked from (failures >= threshold).
    async fn blocked_ips(&self, tenant: &str, user_key: &str, threshold: i64) -> StoreResult<Vec<String>>;
}

/// How many rows of expired state one sweep deleted, per kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub login_transactions: u64,
    pub codes: u64,
    pub sessions: u64,
    pub cached_values: u64,
    /// Tenant log events past their retention.
    pub logs: u64,
    /// Action execution records past their retention.
    pub executions: u64,
    /// One tenant's batch of logs or execution records filled its limit (their counts add up
    /// over tenants, so they cannot tell).
    pub filled: bool,
}

impl std::ops::AddAssign for Swept {
    fn add_assign(&mut self, o: Swept) {
        self.login_transactions += o.login_transactions;
        self.codes += o.codes;
        self.sessions += o.sessions;
        self.cached_values += o.cached_values;
        self.logs += o.logs;
        self.executions += o.executions;
        self.filled |= o.filled;
    }
}

impl Swept {
    pub fn total(&self) -> u64 {
        self.login_transactions + self.codes + self.sessions + self.cached_values + self.logs + self.executions
    }

    /// Whether some batch filled its `limit` (of one kind, or of one tenant's logs or
    /// execution records): more may be left.
    pub fn reached(&self, limit: u32) -> bool {
        let l = u64::from(limit);
        self.filled || self.login_transactions >= l || self.codes >= l || self.sessions >= l || self.cached_values >= l
    }
}

/// What a sweep deletes: rows whose `expires_at` is at or before these instants, and log events
/// and execution records written at or before theirs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SweepBefore {
    /// Login transactions, sessions and cached action values: nothing reads them once expired
    /// (every lookup filters on `now`), so this is `now`.
    pub state: Timestamp,
    /// Authorization codes: a code is refused once expired, but a used one that comes back is
    /// also how a replay is recognised (and its tokens revoked), so codes may be kept longer.
    pub codes: Timestamp,
    /// Tenant log events (`None`: kept for ever).
    pub logs: Option<Timestamp>,
    /// Action execution records (`None`: kept for ever).
    pub executions: Option<Timestamp>,
}

/// Deletes expired short-lived state, which would otherwise stay for ever: abandoned login
/// transactions, authorization codes, sessions, cached action values; and the log events and
/// execution records older than their retention.
#[async_trait]
pub trait ExpiryStore: Send + Sync {
    /// Deletes up to `limit` rows of each kind that expired at or before its cutoff, in all
    /// tenants (logs and execution records: up to `limit` per tenant). A caller repeats while
    /// [`Swept::reached`] says more may be left.
    async fn sweep_expired(&self, before: SweepBefore, limit: u32) -> StoreResult<Swept>;
}

/// Filter for action listings.
#[derive(Clone, Debug, Default)]
pub struct ActionQuery {
    pub trigger_id: Option<String>,
    pub name: Option<String>,
    /// Only actions with (true) or without (false) a deployed version.
    pub deployed: Option<bool>,
}

#[async_trait]
pub trait ActionStore: Send + Sync {
    /// `Conflict` if the name is taken in the tenant.
    async fn create_action(&self, a: &Action) -> StoreResult<()>;
    async fn find_action(&self, tenant: &str, id: &str) -> StoreResult<Option<Action>>;
    /// Replaces the action record (the draft). `NotFound` if absent; `Conflict` on a name clash.
    async fn update_action(&self, a: &Action) -> StoreResult<()>;
    /// Deletes the action with its versions and bindings. `NotFound` if absent.
    async fn delete_action(&self, tenant: &str, id: &str) -> StoreResult<()>;
    /// Ordered by creation time, oldest first.
    async fn list_actions(&self, tenant: &str, q: &ActionQuery, page: Page) -> StoreResult<Paged<Action>>;
    /// Atomically: stores `version` (its `number` must be one more than the highest stored, else
    /// `Conflict`), marks it the only deployed version of its action, and stores `action` (which
    /// points at it).
    async fn deploy_version(&self, action: &Action, version: &ActionVersion) -> StoreResult<()>;
    /// Newest first.
    async fn list_versions(&self, tenant: &str, action_id: &str, page: Page) -> StoreResult<Paged<ActionVersion>>;
    async fn find_version(&self, tenant: &str, action_id: &str, version_id: &str) -> StoreResult<Option<ActionVersion>>;
    /// Deletes the oldest versions beyond `keep`, never the deployed one. Returns how many.
    async fn prune_versions(&self, tenant: &str, action_id: &str, keep: i64) -> StoreResult<u64>;
    /// A trigger's bindings in execution order.
    async fn list_bindings(&self, tenant: &str, trigger_id: &str) -> StoreResult<Vec<Binding>>;
    /// Atomically replaces a trigger's ordered bindings.
    async fn replace_bindings(&self, tenant: &str, trigger_id: &str, bindings: &[Binding]) -> StoreResult<()>;
    /// Every binding of one action, any trigger.
    async fn bindings_of_action(&self, tenant: &str, action_id: &str) -> StoreResult<Vec<Binding>>;
    /// The hot path of every login: the deployed version of each action bound to the trigger,
    /// in binding order (actions without a deployed version are skipped). One query.
    async fn bound_versions(&self, tenant: &str, trigger_id: &str) -> StoreResult<Vec<(Binding, ActionVersion)>>;
    async fn insert_execution(&self, e: &Execution) -> StoreResult<()>;
    /// Records an execution without making the caller wait for the write (the login or grant that
    /// ran the trigger); `find_execution` on this node still finds it at once. The id must be new
    /// (a duplicate is reported in the server log, not to the caller). Default: `insert_execution`.
    async fn record_execution(&self, e: Execution) -> StoreResult<()> {
        self.insert_execution(&e).await
    }
    async fn find_execution(&self, tenant: &str, id: &str) -> StoreResult<Option<Execution>>;
    /// `api.cache`: a value and its expiry, if present and not expired at `now`.
    async fn cache_get(&self, tenant: &str, scope: &str, key: &str, now: Timestamp) -> StoreResult<Option<(String, Timestamp)>>;
    async fn cache_set(&self, tenant: &str, scope: &str, key: &str, value: &str, expires_at: Timestamp) -> StoreResult<()>;
    async fn cache_delete(&self, tenant: &str, scope: &str, key: &str) -> StoreResult<()>;
}

/// Everything Portcullis stores.
pub trait Store:
    TenantStore + ClientStore + ResourceServerStore + ConnectionStore + UserStore + RoleStore + GrantStore
    + SessionStore + LoginFlowStore + KeyStore + LogStore + AttemptStore + ActionStore + ExpiryStore + Send + Sync
{
}

impl<T> Store for T where
    T: TenantStore + ClientStore + ResourceServerStore + ConnectionStore + UserStore + RoleStore + GrantStore
        + SessionStore + LoginFlowStore + KeyStore + LogStore + AttemptStore + ActionStore + ExpiryStore + Send + Sync
{
}

#[cfg(test)]
mod tests {
    use super::Swept;

    #[test]
    fn a_sweep_that_filled_any_batch_may_have_left_more() {
        let s = Swept { login_transactions: 1, codes: 2, ..Swept::default() };
        assert!(s.reached(2));
        assert!(!s.reached(3));
        assert_eq!(s.total(), 3);
        assert!(!Swept::default().reached(1));
        // Logs add up over tenants: a total above the limit says nothing, a filled batch does.
        let logs = Swept { logs: 5, ..Swept::default() };
        assert!(!logs.reached(3));
        let mut filled = Swept { filled: true, ..Swept::default() };
        assert!(filled.reached(1000));
        filled += Swept::default();
        assert!(filled.reached(1000), "adding keeps the flag");
    }
}
