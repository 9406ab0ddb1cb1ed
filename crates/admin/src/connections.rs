//! Database connections (`/connections`): listing, and changing the password policy, the
//! sign-up switch and the applications a connection is enabled for.

use crate::{AdminError, AdminResult};
use portcullis_domain::connection::{Connection, PasswordPolicy};
use portcullis_domain::tenant::Tenant;
use portcullis_oidc::Platform;
use serde::Deserialize;

/// Filters of `GET /connections`.
#[derive(Debug, Default, Deserialize)]
pub struct ConnectionFilter {
    pub strategy: Option<Vec<String>>,
    pub name: Option<String>,
}

/// Auth0's `options` object, in the part Portcullis honours.
#[derive(Debug, Default, Deserialize)]
pub struct ConnectionOptions {
    #[serde(rename = "passwordPolicy")]
    pub password_policy: Option<PasswordPolicy>,
    pub password_complexity_options: Option<ComplexityOptions>,
    pub disable_signup: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ComplexityOptions {
    pub min_length: Option<usize>,
}

/// Auth0's connection update body; unknown keys are accepted and ignored.
#[derive(Debug, Default, Deserialize)]
pub struct ConnectionChanges {
    pub options: Option<ConnectionOptions>,
    pub enabled_clients: Option<Vec<String>>,
}

/// Auth0 bounds `password_complexity_options.min_length` to 1..=128.
const MAX_MIN_LENGTH: usize = 128;

pub async fn list(p: &Platform, t: &Tenant, f: &ConnectionFilter) -> AdminResult<Vec<Connection>> {
    let all = p.store.list_connections(&t.id).await?;
    Ok(all
        .into_iter()
        .filter(|c| f.strategy.as_ref().is_none_or(|s| s.is_empty() || s.contains(&c.strategy)))
        .filter(|c| f.name.as_ref().is_none_or(|n| *n == c.name))
        .collect())
}

pub async fn get(p: &Platform, t: &Tenant, id: &str) -> AdminResult<Connection> {
    p.store.find_connection(&t.id, id).await?.ok_or_else(|| AdminError::NotFound("The connection does not exist".into()))
}

pub async fn update(p: &Platform, t: &Tenant, id: &str, ch: ConnectionChanges) -> AdminResult<Connection> {
    let mut c = get(p, t, id).await?;
    if let Some(o) = ch.options {
        if let Some(pp) = o.password_policy {
            c.password_policy = pp;
        }
        if let Some(min) = o.password_complexity_options.and_then(|x| x.min_length) {
            if !(1..=MAX_MIN_LENGTH).contains(&min) {
                return Err(AdminError::Invalid(format!("Payload validation error: 'min_length' must be between 1 and {MAX_MIN_LENGTH}")));
            }
            c.min_length = Some(min);
        }
        if let Some(d) = o.disable_signup {
            c.disable_signup = d;
        }
    }
    if let Some(clients) = ch.enabled_clients {
        for id in &clients {
            if p.store.find_client(&t.id, id).await?.is_none() {
                return Err(AdminError::Invalid(format!("Client '{id}' does not exist")));
            }
        }
        c.enabled_clients = clients;
    }
    p.store.update_connection(&c).await?;
    Ok(c)
}

/// The client ids a connection serves: its list, or every application when the list is empty.
pub async fn enabled_client_ids(p: &Platform, t: &Tenant, id: &str) -> AdminResult<Vec<String>> {
    let c = get(p, t, id).await?;
    if !c.enabled_clients.is_empty() {
        return Ok(c.enabled_clients);
    }
    let all = p.store.list_clients(&t.id, portcullis_store::Page { page: 0, per_page: 10_000 }).await?;
    Ok(all.items.into_iter().map(|c| c.client_id).collect())
}

/// The minimum length in force: the override, or the policy's own.
pub fn effective_min_length(c: &Connection) -> usize {
    c.min_length.unwrap_or(c.password_policy.min_len())
}
