use super::{consent_items, consent_required, remembered_consent_matters};
use portcullis_domain::client::{AppType, Client};
use portcullis_domain::flow::{AuthorizeRequest, Prompt, ResponseMode};
use portcullis_domain::Timestamp;

fn client(first_party: bool, global: bool) -> Client {
    Client { is_first_party: first_party, global, ..Client::new("t".into(), "c".into(), "c".into(), AppType::Spa, Timestamp(0)) }
}

fn request(redirect_uri: &str, prompt: Option<Prompt>) -> AuthorizeRequest {
    AuthorizeRequest {
        client_id: "c".into(),
        redirect_uri: redirect_uri.into(),
        response_mode: ResponseMode::Query,
        scope: vec!["openid".into(), "read:x".into()],
        audience: Some("https://api.test/".into()),
        state: None,
        nonce: None,
        code_challenge: None,
        prompt,
        max_age: None,
        screen_hint: None,
        login_hint: None,
        connection: None,
    }
}

#[test]
fn the_remembered_consent_is_read_exactly_when_it_can_change_the_answer() {
    let mut matters = 0;
    for first_party in [true, false] {
        for global in [true, false] {
            for uri in ["https://app.example/cb", "http://localhost:3000/cb"] {
                for prompt in [None, Some(Prompt::Login), Some(Prompt::Consent)] {
                    let (c, r) = (client(first_party, global), request(uri, prompt));
                    let all = consent_items(&r);
                    let without = consent_required(&c, &r, None);
                    let with_all = consent_required(&c, &r, Some(&all));
                    let case = format!("first party {first_party}, global {global}, {uri}, {prompt:?}");
                    if remembered_consent_matters(&c, &r) {
                        matters += 1;
                        assert!(without && !with_all, "{case}: a remembered consent should decide");
                    } else {
                        assert_eq!(without, with_all, "{case}: skipped the lookup but the answer depends on it");
                    }
                }
            }
        }
    }
    // Third-party clients and localhost redirects without prompt=consent: 3 x 2 prompts.
    assert_eq!(matters, 6);
}
