use super::issue::effective_scope;
use portcullis_domain::client::{AppType, Client};
use portcullis_domain::resource_server::{ResourceServer, ResourceServerScope, SigningAlg, TokenDialect};
use portcullis_domain::Timestamp;

fn client() -> Client {
    Client::new("t".into(), "c".into(), "c".into(), AppType::Spa, Timestamp(0))
}

fn api(rbac: bool) -> ResourceServer {
    ResourceServer {
        tenant_id: "t".into(),
        id: "a".into(),
        name: "api".into(),
        identifier: "https://api.test/".into(),
        scopes: vec![ResourceServerScope { value: "read:x".into(), description: String::new() }, ResourceServerScope { value: "write:x".into(), description: String::new() }],
        signing_alg: SigningAlg::RS256,
        token_lifetime: 86400,
        token_lifetime_for_web: 7200,
        enforce_policies: rbac,
        token_dialect: TokenDialect::AccessTokenAuthz,
        allow_offline_access: false,
        skip_consent_for_verifiable_first_party_clients: true,
        is_system: false,
    }
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

#[test]
fn unknown_scopes_are_dropped_and_oidc_scopes_kept() {
    let got = effective_scope(&s(&["openid", "email", "bogus", "read:x"]), &client(), Some(&api(false)), None);
    assert_eq!(got, s(&["openid", "email", "read:x"]));
}

#[test]
fn with_rbac_only_the_scopes_the_user_holds_are_granted() {
    let perms = s(&["write:x"]);
    let got = effective_scope(&s(&["openid", "read:x", "write:x"]), &client(), Some(&api(true)), Some(&perms));
    assert_eq!(got, s(&["openid", "write:x"]));
}

#[test]
fn offline_access_needs_the_api_to_allow_it() {
    assert!(!effective_scope(&s(&["offline_access"]), &client(), Some(&api(false)), None).contains(&"offline_access".to_string()));
    assert!(effective_scope(&s(&["offline_access"]), &client(), None, None).contains(&"offline_access".to_string()));
}
