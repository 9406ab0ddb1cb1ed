//! Auth0's JSON shapes for management responses, and paging.

use portcullis_domain::client::Client;
use portcullis_domain::resource_server::ResourceServer;
use portcullis_domain::role::Role;
use portcullis_domain::tenant::Tenant;
use portcullis_domain::user::User;
use portcullis_store::Page;
use crate::error::WebError;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize, Default)]
pub struct Paging {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    pub include_totals: Option<bool>,
    pub q: Option<String>,
    pub email: Option<String>,
    pub is_global: Option<bool>,
}

impl Paging {
    pub fn page(&self) -> Page {
        Page { page: self.page.unwrap_or(0), per_page: self.per_page.unwrap_or(50).clamp(1, 100) }
    }
    /// A bare array, or with `include_totals=true` Auth0's wrapped object.
    pub fn wrap(&self, key: &str, items: Vec<Value>, total: i64) -> Value {
        if self.include_totals.unwrap_or(false) {
            let p = self.page();
            json!({ key: items, "start": p.offset(), "limit": p.per_page, "total": total })
        } else {
            Value::Array(items)
        }
    }
}

pub fn client(t: &Tenant, c: &Client, secret: Option<&str>) -> Value {
    let mut v = json!({
        "tenant": t.id, "client_id": c.client_id, "name": c.name, "description": c.description, "app_type": c.app_type,
        "token_endpoint_auth_method": c.token_endpoint_auth_method, "callbacks": c.callbacks, "allowed_logout_urls": c.allowed_logout_urls,
        "web_origins": c.web_origins, "allowed_origins": c.allowed_origins, "grant_types": c.grant_types, "refresh_token": c.refresh_token,
        "is_first_party": c.is_first_party, "oidc_conformant": c.oidc_conformant, "global": c.global, "logo_uri": c.logo_uri,
        "client_metadata": c.client_metadata, "jwt_configuration": {"alg": "RS256", "lifetime_in_seconds": c.id_token_lifetime, "secret_encoded": false},
        "sso_disabled": false, "cross_origin_authentication": false, "custom_login_page_on": true,
    });
    if let Some(s) = secret {
        v["client_secret"] = json!(s);
    }
    v
}

pub fn user(u: &User) -> Value {
    let mut v = json!({
        "user_id": u.user_id, "email": u.email, "email_verified": u.email_verified, "name": u.name, "nickname": u.nickname,
        "picture": u.picture, "identities": u.identities(), "app_metadata": u.app_metadata, "user_metadata": u.user_metadata,
        "logins_count": u.logins_count, "last_login": u.last_login.map(|d| d.to_iso8601()), "last_ip": u.last_ip,
        "created_at": u.created_at.to_iso8601(), "updated_at": u.updated_at.to_iso8601(), "blocked": u.blocked,
    });
    for (k, f) in [("username", &u.username), ("given_name", &u.given_name), ("family_name", &u.family_name), ("phone_number", &u.phone_number)] {
        if let Some(x) = f {
            v[k] = json!(x);
        }
    }
    v
}

pub fn resource_server(r: &ResourceServer) -> Value {
    json!({
        "id": r.id, "name": r.name, "identifier": r.identifier, "scopes": r.scopes, "signing_alg": r.signing_alg,
        "token_lifetime": r.token_lifetime, "token_lifetime_for_web": r.token_lifetime_for_web, "enforce_policies": r.enforce_policies,
        "token_dialect": r.token_dialect, "allow_offline_access": r.allow_offline_access,
        "skip_consent_for_verifiable_first_party_clients": r.skip_consent_for_verifiable_first_party_clients, "is_system": r.is_system,
    })
}

pub fn role(r: &Role) -> Value {
    json!({"id": r.id, "name": r.name, "description": r.description})
}

/// Body validation failures answer 400 `invalid_body` with the field named, as Auth0 does.
pub fn parse_body<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, WebError> {
    serde_json::from_value(v).map_err(|e| WebError::management(StatusCode::BAD_REQUEST, format!("Payload validation error: {e}"), Some("invalid_body")))
}
