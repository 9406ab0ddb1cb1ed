use super::*;
use portcullis_domain::client::{AppType, Client};
use portcullis_domain::Timestamp;

fn spa() -> Client {
    Client {
        callbacks: vec!["https://app.test/cb".into()],
        web_origins: vec!["https://app.test".into()],
        ..Client::new("t".into(), "c1".into(), "SPA".into(), AppType::Spa, Timestamp(0))
    }
}

const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

fn params(extra: &[(&str, &str)]) -> HashMap<String, String> {
    let mut m: HashMap<String, String> = [
        ("client_id", "c1"),
        ("redirect_uri", "https://app.test/cb"),
        ("response_type", "code"),
        ("state", "s1"),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
        ("scope", "openid profile"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in extra {
        if v.is_empty() {
            m.remove(*k);
        } else {
            m.insert(k.to_string(), v.to_string());
        }
    }
    m
}

fn run(extra: &[(&str, &str)]) -> Result<AuthorizeRequest, AuthorizeError> {
    let p = params(extra);
    validate(&RawParams { params: &p }, &spa())
}

#[test]
fn a_valid_pkce_request_is_accepted_with_its_scopes() {
    let r = run(&[]).expect("valid");
    assert_eq!(r.scope, vec!["openid", "profile"]);
    assert_eq!(r.response_mode, ResponseMode::Query);
}

#[test]
fn an_unregistered_redirect_uri_is_shown_on_a_page_and_never_redirected() {
    let e = run(&[("redirect_uri", "https://evil.test/cb")]).unwrap_err();
    assert!(matches!(e, AuthorizeError::Page(_)));
}

#[test]
fn a_public_client_without_pkce_is_refused_through_the_redirect() {
    let e = run(&[("code_challenge", ""), ("code_challenge_method", "")]).unwrap_err();
    match e {
        AuthorizeError::Redirect { error, state, .. } => {
            assert_eq!(error.code, "invalid_request");
            assert_eq!(state.as_deref(), Some("s1"));
        }
        other => panic!("expected redirect, got {other:?}"),
    }
}

#[test]
fn the_plain_pkce_method_is_refused() {
    let e = run(&[("code_challenge_method", "plain")]).unwrap_err();
    assert_eq!(e.oauth().code, "invalid_request");
}

#[test]
fn web_message_needs_the_redirect_origin_among_the_allowed_web_origins() {
    assert!(run(&[("response_mode", "web_message")]).is_ok());
    let mut c = spa();
    c.web_origins.clear();
    let p = params(&[("response_mode", "web_message")]);
    let e = validate(&RawParams { params: &p }, &c).unwrap_err();
    assert_eq!(e.oauth().code, "unauthorized_client");
}

#[test]
fn response_types_other_than_code_are_unsupported() {
    let e = run(&[("response_type", "token")]).unwrap_err();
    assert_eq!(e.oauth().code, "unsupported_response_type");
}
