//! Commands of all actions fold, in binding order, into one decision per trigger.

mod common;
use common::{action, executor, request};
use portcullis_actions::sample_events::sample_event;
use portcullis_actions::triggers::{DenialKind, SuspensionKind};
use portcullis_actions::{Decision, Handler, TriggerId};
use serde_json::json;

#[tokio::test]
async fn later_actions_see_metadata_set_by_earlier_ones_and_null_deletes() {
    let first = r#"exports.onExecutePostLogin = async (event, api) => { api.user.setAppMetadata("tier", "gold").user.setAppMetadata("plan", null); api.transaction.setMetadata("step", 1); };"#;
    let second = r#"exports.onExecutePostLogin = async (event, api) => {
        api.idToken.setCustomClaim("seen", [event.user.app_metadata.tier, "plan" in event.user.app_metadata, event.transaction.metadata.step]);
        api.user.setAppMetadata("tier", "platinum"); event.user.app_metadata.injected = "mutations do not leak"; };"#;
    let third = r#"exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim("third", [event.user.app_metadata.tier, event.user.app_metadata.injected ?? null]); };"#;
    let out = executor().run(request(TriggerId::PostLogin, vec![action("a", first), action("b", second), action("c", third)], sample_event(TriggerId::PostLogin))).await;
    let Decision::PostLogin(d) = out.decision else { panic!() };
    assert_eq!(d.id_token_claims["seen"], json!(["gold", false, 1]));
    assert_eq!(d.id_token_claims["third"], json!(["platinum", null]));
    assert_eq!(serde_json::to_value(&d.app_metadata).unwrap(), json!({"plan": null, "tier": "platinum"}));
    assert_eq!(d.transaction_metadata["step"], json!(1));
}

#[tokio::test]
async fn deny_stops_the_chain_but_keeps_the_side_effects_of_the_denying_action() {
    let deny = r#"exports.onExecutePostLogin = async (event, api) => { api.user.setUserMetadata("blocked_at", "now"); api.access.deny("blocked"); api.multifactor.enable("any"); };"#;
    let never = r#"exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim("ran", true); };"#;
    let out = executor().run(request(TriggerId::PostLogin, vec![action("deny", deny), action("never", never)], sample_event(TriggerId::PostLogin))).await;
    assert_eq!(out.actions.len(), 1);
    let Decision::PostLogin(d) = out.decision else { panic!() };
    let denied = d.denied.unwrap();
    assert_eq!((denied.kind, denied.reason.as_str(), denied.action_name.as_str()), (DenialKind::AccessDenied, "blocked", "deny"));
    assert_eq!(d.user_metadata["blocked_at"], json!("now"));
    assert!(d.id_token_claims.is_empty());
}

#[tokio::test]
async fn mfa_requirements_accumulate_across_actions() {
    let a = r#"exports.onExecutePostLogin = async (event, api) => { api.multifactor.enable("guardian"); };"#;
    let b = r#"exports.onExecutePostLogin = async (event, api) => { api.multifactor.enable("any", { allowRememberBrowser: false }); };"#;
    let out = executor().run(request(TriggerId::PostLogin, vec![action("a", a), action("b", b)], sample_event(TriggerId::PostLogin))).await;
    let Decision::PostLogin(d) = out.decision else { panic!() };
    let providers: Vec<_> = d.mfa.iter().map(|m| m.provider.as_str()).collect();
    assert_eq!(providers, ["guardian", "any"]);
}

#[tokio::test]
async fn send_user_to_suspends_and_on_continue_validates_the_returned_token() {
    let code = r#"
      exports.onExecutePostLogin = async (event, api) => {
        const token = api.redirect.encodeToken({ secret: event.secrets.SECRET, payload: { continue_uri: "https://login.example.com/continue" } });
        api.redirect.sendUserTo("https://consent.example.com/start", { query: { session_token: token } });
      };
      exports.onContinuePostLogin = async (event, api) => {
        const payload = api.redirect.validateToken({ secret: event.secrets.SECRET });
        api.idToken.setCustomClaim("https://example.com/consented", payload.consented);
        api.authentication.recordMethod("https://consent.example.com/");
      };"#;
    let exec = executor();
    let mut a = action("consent", code);
    a.secrets = vec![("SECRET".into(), "shhh-its-a-secret".into())];
    let after = r#"exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim("after", true); };"#;
    let out = exec.run(request(TriggerId::PostLogin, vec![a.clone(), action("after", after)], sample_event(TriggerId::PostLogin))).await;
    assert_eq!(out.actions.len(), 1, "the chain is suspended");
    let Decision::PostLogin(d) = out.decision else { panic!() };
    let s = d.suspended.unwrap();
    let SuspensionKind::Redirect { url, query } = s.kind else { panic!() };
    assert_eq!(url, "https://consent.example.com/start");
    let token = query["session_token"].as_str().unwrap().to_owned();

    // The external site returns a token it signed with the shared secret, carrying `state`.
    let site_token = {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let parts: Vec<&str> = token.split('.').collect();
        let mut claims: serde_json::Value = serde_json::from_slice(&b64.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(claims["sub"], json!("auth0|5f7c8ec7c33c6c004bbafe82"));
        assert_eq!(claims["iss"], json!("login.example.com"));
        claims["state"] = json!("resume-state-123");
        claims["consented"] = json!(true);
        let input = format!("{}.{}", parts[0], b64.encode(claims.to_string()));
        use hmac::Mac;
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"shhh-its-a-secret").unwrap();
        mac.update(input.as_bytes());
        format!("{input}.{}", b64.encode(mac.finalize().into_bytes()))
    };
    let mut event = sample_event(TriggerId::PostLogin);
    event["request"]["query"] = json!({ "state": "resume-state-123", "session_token": site_token });
    let mut req = request(TriggerId::PostLogin, vec![a, action("after", after)], event);
    req.handler = Handler::Continue;
    let out = exec.run(req).await;
    assert_eq!(out.actions[0].error, None, "{}", out.actions[0].logs);
    let Decision::PostLogin(d) = out.decision else { panic!() };
    assert_eq!(d.id_token_claims["https://example.com/consented"], json!(true));
    assert_eq!(d.id_token_claims["after"], json!(true));
    assert_eq!(d.recorded_methods, ["https://consent.example.com/"]);
}

#[tokio::test]
async fn record_method_outside_on_continue_throws() {
    let r = common::post_login(r#"exports.onExecutePostLogin = async (event, api) => { api.authentication.recordMethod("https://x.example.com"); };"#).await;
    assert_eq!(r.error.unwrap().message, "api.authentication.recordMethod can only be used in onContinuePostLogin");
}

#[tokio::test]
async fn the_cache_returns_auth0_result_objects_and_enforces_limits() {
    let r = common::post_login(r#"exports.onExecutePostLogin = async (event, api) => {
        const out = [api.cache.set("k", "v").type, api.cache.get("k").value, api.cache.set("x".repeat(65), "v").code,
                     api.cache.set("big", "v".repeat(5000)).code, api.cache.set("past", "v", { expires_at: 1 }).code,
                     api.cache.delete("k").type, api.cache.delete("k").code, api.cache.get("k")];
        console.log(JSON.stringify(out)); };"#).await;
    assert_eq!(r.logs, "[\"success\",\"v\",\"CacheKeySizeExceeded\",\"CacheValueSizeExceeded\",\"ItemAlreadyExpired\",\"success\",\"CacheKeyDoesNotExist\",null]\n");
}

#[tokio::test]
async fn pre_user_registration_validation_error_denies_with_a_user_message() {
    let code = r#"exports.onExecutePreUserRegistration = async (event, api) => { api.user.setAppMetadata("a", 1); api.validation.error("invalid_domain", "Use your work email"); };"#;
    let out = executor().run(request(TriggerId::PreUserRegistration, vec![action("v", code)], sample_event(TriggerId::PreUserRegistration))).await;
    let Decision::PreUserRegistration(d) = out.decision else { panic!() };
    let denied = d.denied.unwrap();
    assert_eq!((denied.kind, denied.code.as_str(), denied.user_message.as_deref()), (DenialKind::ValidationError, "invalid_domain", Some("Use your work email")));
    assert_eq!(d.app_metadata["a"], json!(1));
}

#[tokio::test]
async fn the_decision_serializes_with_a_trigger_tag() {
    let out = executor().run(request(TriggerId::PostChangePassword, vec![action("n", "exports.onExecutePostChangePassword = async () => {};")], sample_event(TriggerId::PostChangePassword))).await;
    assert_eq!(serde_json::to_value(&out.decision).unwrap(), json!({"trigger": "post-change-password", "failed_actions": []}));
}

#[tokio::test]
async fn module_state_of_one_action_version_persists_across_executions_but_not_across_tenants() {
    let code = r#"let n = 0; exports.onExecutePostLogin = async (event, api) => { n += 1; api.idToken.setCustomClaim("n", n); };"#;
    let exec = executor();
    let mut seen = vec![];
    for tenant in ["t1", "t1", "t2"] {
        let mut req = request(TriggerId::PostLogin, vec![action("counter", code)], sample_event(TriggerId::PostLogin));
        req.tenant_id = tenant.into();
        let Decision::PostLogin(d) = exec.run(req).await.decision else { panic!() };
        seen.push(d.id_token_claims["n"].clone());
    }
    assert_eq!(seen, [json!(1), json!(2), json!(1)]);
}
