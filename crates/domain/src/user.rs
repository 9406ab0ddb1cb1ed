//! End users of a tenant, in Auth0's shape.

use crate::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct User {
    pub tenant_id: String,
    /// `auth0|<id>` for database users.
    pub user_id: String,
    pub connection: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub username: Option<String>,
    pub name: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub nickname: Option<String>,
    pub picture: Option<String>,
    pub phone_number: Option<String>,
    #[serde(default)]
    pub app_metadata: Map<String, Value>,
    #[serde(default)]
    pub user_metadata: Map<String, Value>,
    /// Argon2id PHC string; never leaves the server.
    pub password_hash: Option<String>,
    pub blocked: bool,
    pub logins_count: i64,
    pub last_login: Option<Timestamp>,
    pub last_ip: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default)]
    pub mfa: crate::mfa::MfaState,
}

impl User {
    /// The provider-specific part of `user_id` (`auth0|abc` -> `abc`).
    pub fn local_id(&self) -> &str {
        self.user_id.split_once('|').map(|(_, id)| id).unwrap_or(&self.user_id)
    }

    pub fn provider(&self) -> &str {
        self.user_id.split_once('|').map(|(p, _)| p).unwrap_or("auth0")
    }

    /// Auth0 derives `nickname` from the email's local part and `name` from the email.
    pub fn fill_defaults(&mut self) {
        if let Some(email) = self.email.clone() {
            if self.nickname.is_none() {
                self.nickname = Some(email.split('@').next().unwrap_or_default().to_string());
            }
            if self.name.is_none() {
                self.name = Some(email);
            }
        }
    }

    /// Auth0's `identities` array for a database user.
    pub fn identities(&self) -> Value {
        serde_json::json!([{
            "connection": self.connection,
            "provider": self.provider(),
            "user_id": self.local_id(),
            "isSocial": false,
        }])
    }

    /// Merge at top level; `null` deletes a key (Auth0's metadata PATCH semantics).
    pub fn merge_metadata(target: &mut Map<String, Value>, patch: &Map<String, Value>) {
        for (k, v) in patch {
            if v.is_null() {
                target.remove(k);
            } else {
                target.insert(k.clone(), v.clone());
            }
        }
    }
}

/// Normalise an email for lookups and uniqueness.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Basic email syntax check (local@domain with a dot-free-or-dotted host); the real check is delivery.
pub fn check_email(email: &str) -> Result<(), crate::DomainError> {
    let e = email.trim();
    let ok = match e.split_once('@') {
        Some((local, host)) => {
            !local.is_empty() && !host.is_empty() && !host.starts_with('.') && !host.ends_with('.')
                && !e.contains(char::is_whitespace) && !host.contains('@')
        }
        None => false,
    };
    if ok { Ok(()) } else { Err(crate::DomainError::invalid("email", "Object didn't pass validation for format email")) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn metadata_merges_at_top_level_and_null_deletes() {
        let mut m = json!({"a": 1, "b": {"x": 1}}).as_object().cloned().unwrap_or_default();
        let p = json!({"a": null, "b": {"y": 2}, "c": 3}).as_object().cloned().unwrap_or_default();
        User::merge_metadata(&mut m, &p);
        assert_eq!(Value::Object(m), json!({"b": {"y": 2}, "c": 3}));
    }

    #[test]
    fn emails_without_an_at_sign_or_host_are_rejected() {
        assert!(check_email("a@b.test").is_ok());
        assert!(check_email("ab.test").is_err());
        assert!(check_email("a@").is_err());
        assert!(check_email("a b@c.d").is_err());
    }
}
