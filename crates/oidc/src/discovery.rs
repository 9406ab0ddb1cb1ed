//! OpenID Connect Discovery 1.0 §3: the provider metadata of a tenant.

use portcullis_domain::tenant::Tenant;
use serde_json::{json, Value};

pub fn openid_configuration(t: &Tenant) -> Value {
    let base = format!("https://{}", t.domain);
    json!({
        // Discovery §4.3: `issuer` MUST be identical to the `iss` of the tokens.
        "issuer": t.issuer(),
        "authorization_endpoint": format!("{base}/authorize"),
        "token_endpoint": format!("{base}/oauth/token"),
        "device_authorization_endpoint": Value::Null,
        "userinfo_endpoint": format!("{base}/userinfo"),
        "mfa_challenge_endpoint": format!("{base}/mfa/challenge"),
        "jwks_uri": format!("{base}/.well-known/jwks.json"),
        "registration_endpoint": Value::Null,
        "revocation_endpoint": format!("{base}/oauth/revoke"),
        "end_session_endpoint": format!("{base}/oidc/logout"),
        "scopes_supported": ["openid", "profile", "offline_access", "name", "given_name", "family_name", "nickname", "email", "email_verified", "picture", "created_at", "identities", "phone", "address"],
        "response_types_supported": ["code"],
        "code_challenge_methods_supported": ["S256"],
        "response_modes_supported": ["query", "fragment", "form_post", "web_message"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials", "password", "http://auth0.com/oauth/grant-type/password-realm"],
        "claims_supported": ["aud", "auth_time", "created_at", "email", "email_verified", "exp", "family_name", "given_name", "iat", "identities", "iss", "name", "nickname", "phone_number", "picture", "sub", "sid", "amr", "nonce"],
        "request_uri_parameter_supported": false,
        "request_parameter_supported": false,
        "frontchannel_logout_supported": false,
        "backchannel_logout_supported": false,
        "prompt_values_supported": ["none", "login", "consent"],
    })
    .as_object()
    .map(|o| Value::Object(o.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), v.clone())).collect()))
    .unwrap_or(Value::Null)
}
