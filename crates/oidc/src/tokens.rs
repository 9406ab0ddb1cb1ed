//! The tokens Portcullis mints and their claims (OIDC Core §2, RFC 9068 shape, Auth0's claims).

use crate::error::OidcResult;
use crate::keys::TenantKeys;
use portcullis_domain::client::Client;
use portcullis_domain::flow::Grant;
use portcullis_domain::resource_server::{ResourceServer, SigningAlg, TokenDialect};
use portcullis_domain::tenant::Tenant;
use portcullis_domain::user::User;
use portcullis_domain::Timestamp;
use serde::Serialize;
use serde_json::{json, Map, Value};

/// The JSON body of a successful `/oauth/token` response (RFC 6749 §5.1).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TokenResponse {
    pub access_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// A JSON number (the SPA SDK and openid-client require it).
    pub expires_in: i64,
    pub token_type: &'static str,
}

/// Claims added by actions, already filtered of restricted names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomClaims {
    pub id_token: Map<String, Value>,
    pub access_token: Map<String, Value>,
}

/// Claims Auth0 never lets a custom claim overwrite.
pub const RESTRICTED_CLAIMS: &[&str] = &[
    "acr", "amr", "aud", "auth_time", "azp", "at_hash", "c_hash", "cnf", "exp", "gty", "iat", "iss", "jti", "nbf",
    "nonce", "org_id", "org_name", "permissions", "scope", "sid", "sub", "act", "may_act", "client_id",
];

pub fn is_restricted_claim(name: &str) -> bool {
    RESTRICTED_CLAIMS.contains(&name)
}

/// The user's standard claims allowed by the granted scopes (OIDC Core §5.4).
pub fn profile_claims(user: &User, scope: &[String]) -> Map<String, Value> {
    let has = |s: &str| scope.iter().any(|x| x == s);
    let mut m = Map::new();
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            m.insert(k.to_string(), v);
        }
    };
    if has("profile") {
        put("given_name", user.given_name.clone().map(Value::from));
        put("family_name", user.family_name.clone().map(Value::from));
        put("nickname", user.nickname.clone().map(Value::from));
        put("name", user.name.clone().map(Value::from));
        put("picture", user.picture.clone().map(Value::from));
        put("updated_at", Some(Value::from(user.updated_at.to_iso8601())));
    }
    if has("email") {
        put("email", user.email.clone().map(Value::from));
        put("email_verified", Some(Value::from(user.email_verified)));
    }
    if has("phone") {
        put("phone_number", user.phone_number.clone().map(Value::from));
    }
    m
}

pub struct IdTokenInput<'a> {
    pub tenant: &'a Tenant,
    pub client: &'a Client,
    pub user: &'a User,
    pub grant: &'a Grant,
    pub nonce: Option<&'a str>,
    pub now: Timestamp,
    pub custom: &'a Map<String, Value>,
}

pub fn id_token_claims(i: &IdTokenInput) -> Value {
    let mut c = profile_claims(i.user, &i.grant.scope);
    for (k, v) in i.custom {
        c.insert(k.clone(), v.clone());
    }
    let iat = i.now.secs();
    c.insert("iss".into(), json!(i.tenant.issuer()));
    c.insert("aud".into(), json!(i.client.client_id));
    c.insert("sub".into(), json!(i.user.user_id));
    c.insert("iat".into(), json!(iat));
    c.insert("exp".into(), json!(iat + i.client.id_token_lifetime));
    c.insert("auth_time".into(), json!(i.grant.auth_time.secs()));
    if let Some(sid) = &i.grant.session_id {
        c.insert("sid".into(), json!(sid));
    }
    if !i.grant.amr.is_empty() {
        c.insert("amr".into(), json!(i.grant.amr));
    }
    if let Some(n) = i.nonce {
        c.insert("nonce".into(), json!(n));
    }
    Value::Object(c)
}

pub struct AccessTokenInput<'a> {
    pub tenant: &'a Tenant,
    pub client_id: &'a str,
    /// `sub`: the user id, or `{client_id}@clients` for client credentials.
    pub subject: String,
    pub api: Option<&'a ResourceServer>,
    pub scope: &'a [String],
    pub permissions: Option<&'a [String]>,
    pub grant_type_claim: Option<&'a str>,
    pub now: Timestamp,
    pub custom: &'a Map<String, Value>,
}

impl AccessTokenInput<'_> {
    pub fn lifetime(&self, default: i64) -> i64 {
        self.api.map(|a| a.token_lifetime).unwrap_or(default)
    }
}

pub fn access_token_claims(i: &AccessTokenInput, lifetime: i64) -> Value {
    let mut c = i.custom.clone();
    let iat = i.now.secs();
    let openid = i.scope.iter().any(|s| s == "openid");
    let aud = match (i.api, openid) {
        (Some(api), true) => json!([api.identifier, i.tenant.userinfo_url()]),
        (Some(api), false) => json!(api.identifier),
        (None, _) => json!([i.tenant.userinfo_url()]),
    };
    c.insert("iss".into(), json!(i.tenant.issuer()));
    c.insert("sub".into(), json!(i.subject));
    c.insert("aud".into(), aud);
    c.insert("iat".into(), json!(iat));
    c.insert("exp".into(), json!(iat + lifetime));
    c.insert("scope".into(), json!(i.scope.join(" ")));
    c.insert("azp".into(), json!(i.client_id));
    if let Some(g) = i.grant_type_claim {
        c.insert("gty".into(), json!(g));
    }
    if let (Some(api), Some(p)) = (i.api, i.permissions) {
        if api.enforce_policies && api.token_dialect == TokenDialect::AccessTokenAuthz {
            c.insert("permissions".into(), json!(p));
        }
    }
    Value::Object(c)
}

/// Signs an access token with the API's algorithm (RS256 unless the API chose ES256).
pub fn sign_access_token(keys: &TenantKeys, api: Option<&ResourceServer>, claims: &Value) -> OidcResult<String> {
    let key = match api.map(|a| a.signing_alg) {
        Some(SigningAlg::ES256) => keys.es256.as_ref().unwrap_or(&keys.rs256),
        _ => &keys.rs256,
    };
    Ok(key.sign_jwt("JWT", claims)?)
}

/// ID tokens are always RS256: the SPA SDK accepts nothing else.
pub fn sign_id_token(keys: &TenantKeys, claims: &Value) -> OidcResult<String> {
    Ok(keys.rs256.sign_jwt("JWT", claims)?)
}
