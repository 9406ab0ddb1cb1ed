//! MFA with TOTP (RFC 6238): enrollment, challenge, replay, lock-out and recovery codes.

mod common;
use common::*;
use portcullis_crypto::totp;
use reqwest::Method;
use serde_json::json;

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

async fn mfa_for_everyone(app: &TestApp) {
    assert_eq!(app.api(Method::PUT, "/guardian/factors/otp", Some(json!({"enabled": true}))).await.0, 200);
    assert_eq!(app.api(Method::PUT, "/guardian/factors/recovery-code", Some(json!({"enabled": true}))).await.0, 200);
    let (s, p) = app.api(Method::PUT, "/guardian/policies", Some(json!(["all-applications"]))).await;
    assert_eq!((s, p), (200, json!(["all-applications"])));
    // This node caches tenants for a few seconds; a fresh server reads the store, so wait it out.
    tokio::time::sleep(std::time::Duration::from_millis(10_100)).await;
}

async fn post_code(b: &reqwest::Client, app: &TestApp, page_url: &str, html: &str, code: &str) -> reqwest::Response {
    let form = [("state", hidden(html, "state")), ("csrf", hidden(html, "csrf")), ("code", code.to_string())];
    let action = html.split("action=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or_default().replace("&amp;", "&");
    let _ = page_url;
    b.post(format!("{}{action}", app.base)).form(&form).send().await.expect("post code")
}

#[tokio::test]
async fn a_user_enrolls_totp_keeps_a_recovery_code_and_gets_mfa_in_amr() {
    let app = TestApp::start().await;
    let (client, user) = app.spa_and_user("m1@example.test").await;
    mfa_for_everyone(&app).await;
    let (b, url, html) = open_login(&app, &client).await;
    let r = submit_password(&b, &url, &html, "m1@example.test", PASSWORD).await;
    let enroll = format!("{}{}", app.base, location(&r));
    assert!(enroll.contains("/u/mfa-otp-enrollment-qr"), "{enroll}");
    let page = b.get(&enroll).send().await.expect("enroll page").text().await.unwrap_or_default();
    assert!(page.contains("<svg"), "the QR code is rendered inline");
    let uri = page.split("id=\"otpauth-uri\" href=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or_default().replace("&amp;", "&");
    let secret_b32 = uri.split("secret=").nth(1).and_then(|s| s.split('&').next()).unwrap_or_default().to_string();
    let secret = totp::base32_decode(&secret_b32).expect("secret");
    let r = post_code(&b, &app, &enroll, &page, "000000").await;
    assert_eq!(r.status().as_u16(), 400, "a wrong code is refused");
    let r = post_code(&b, &app, &enroll, &page, &totp::code_at(&secret, now())).await;
    let rc_url = format!("{}{}", app.base, location(&r));
    assert!(rc_url.contains("/u/mfa-recovery-code"), "{rc_url}");
    let rc_page = b.get(&rc_url).send().await.expect("rc").text().await.unwrap_or_default();
    let recovery = rc_page.split("id=\"recovery-code\">").nth(1).and_then(|s| s.split('<').next()).unwrap_or_default().to_string();
    assert_eq!(recovery.len(), 24);
    let form = [("state", hidden(&rc_page, "state")), ("csrf", hidden(&rc_page, "csrf")), ("saved", "yes".into())];
    let r = b.post(&rc_url).form(&form).send().await.expect("confirm");
    let q = query_of(&location(&r));
    let (_, tokens) = exchange(&app, &client, &q["code"]).await;
    let id = jwt_claims(tokens["id_token"].as_str().unwrap_or_default());
    assert!(id["amr"].as_array().map(|a| a.contains(&json!("mfa"))).unwrap_or(false), "amr: {}", id["amr"]);
    let (_, methods) = app.api(Method::GET, &format!("/users/{user}/authentication-methods"), None).await;
    assert_eq!(methods[0]["type"], "totp");
    let (_, logs) = app.api(Method::GET, "/logs?q=type:gd_enrollment_complete", None).await;
    assert_eq!(logs.as_array().map(|a| a.len()), Some(1));
}

#[tokio::test]
async fn a_code_is_accepted_once_wrong_codes_lock_and_a_recovery_code_works_once() {
    let app = TestApp::start().await;
    let (client, user) = app.spa_and_user("m2@example.test").await;
    let secret = totp::generate_secret();
    let (s, _) = app.api(Method::POST, &format!("/users/{user}/authentication-methods"), Some(json!({"type": "totp", "totp_secret": totp::base32_encode(&secret)}))).await;
    assert_eq!(s, 201);
    let (_, rc) = app.api(Method::POST, &format!("/users/{user}/recovery-code-regeneration"), None).await;
    let recovery = rc["recovery_code"].as_str().unwrap_or_default().to_string();
    mfa_for_everyone(&app).await;

    // First login: the code works.
    let (b, url, html) = open_login(&app, &client).await;
    let r = submit_password(&b, &url, &html, "m2@example.test", PASSWORD).await;
    let challenge = format!("{}{}", app.base, location(&r));
    assert!(challenge.contains("/u/mfa-otp-challenge"), "an enrolled user is challenged, not enrolled again: {challenge}");
    let page = b.get(&challenge).send().await.expect("page").text().await.unwrap_or_default();
    let code = totp::code_at(&secret, now());
    let r = post_code(&b, &app, &challenge, &page, &code).await;
    assert!(location(&r).starts_with("https://app.test/callback"));

    // Second login: the same code is a replay.
    let (b, url, html) = open_login(&app, &client).await;
    let r = submit_password(&b, &url, &html, "m2@example.test", PASSWORD).await;
    let challenge = format!("{}{}", app.base, location(&r));
    let page = b.get(&challenge).send().await.expect("page").text().await.unwrap_or_default();
    let r = post_code(&b, &app, &challenge, &page, &code).await;
    assert_eq!(r.status().as_u16(), 400, "a replayed code is refused");

    // Nine more wrong codes lock the factor; even a right code is then refused.
    for _ in 0..9 {
        let r = post_code(&b, &app, &challenge, &page, "123456").await;
        assert_eq!(r.status().as_u16(), 400);
    }
    let r = post_code(&b, &app, &challenge, &page, &totp::code_at(&secret, now() + 30)).await;
    assert!(r.text().await.unwrap_or_default().contains("Too many failed codes"));
    let (_, logs) = app.api(Method::GET, "/logs?q=type:gd_otp_rate_limit_exceed", None).await;
    assert_eq!(logs.as_array().map(|a| a.len()), Some(1));

    // Reset the lock (MFA reset keeps nothing), re-provision, then use the recovery code once.
    let (s, _) = app.api(Method::DELETE, &format!("/users/{user}/authentication-methods"), None).await;
    assert_eq!(s, 204);
    let (_, logs) = app.api(Method::GET, "/logs?q=type:gd_unenroll", None).await;
    assert_eq!(logs.as_array().map(|a| a.len()), Some(1), "an MFA reset writes gd_unenroll");
    app.api(Method::POST, &format!("/users/{user}/authentication-methods"), Some(json!({"type": "totp", "totp_secret": totp::base32_encode(&secret)}))).await;
    let (_, rc) = app.api(Method::POST, &format!("/users/{user}/recovery-code-regeneration"), None).await;
    let recovery2 = rc["recovery_code"].as_str().unwrap_or_default().to_string();
    assert_ne!(recovery, recovery2);
    let use_recovery = |rc: String| {
        let app = &app;
        let client = client.clone();
        async move {
            let (b, url, html) = open_login(app, &client).await;
            let r = submit_password(&b, &url, &html, "m2@example.test", PASSWORD).await;
            let challenge = location(&r);
            let state = query_of(&format!("{}{challenge}", app.base)).get("state").cloned().unwrap_or_default();
            let rurl = format!("{}/u/mfa-recovery-code-challenge?state={state}", app.base);
            let page = b.get(&rurl).send().await.expect("page").text().await.unwrap_or_default();
            post_code(&b, app, &rurl, &page, &rc).await
        }
    };
    let r = use_recovery(recovery2.clone()).await;
    assert!(location(&r).contains("/u/mfa-recovery-code"), "a new recovery code is shown after using one");
    let r = use_recovery(recovery2).await;
    assert_eq!(r.status().as_u16(), 400, "a recovery code works only once");
}

#[tokio::test]
async fn a_remembered_browser_skips_the_challenge_until_it_is_invalidated() {
    let app = TestApp::start().await;
    let (client, user) = app.spa_and_user("m3@example.test").await;
    let secret = totp::generate_secret();
    app.api(Method::POST, &format!("/users/{user}/authentication-methods"), Some(json!({"type": "totp", "totp_secret": totp::base32_encode(&secret)}))).await;
    mfa_for_everyone(&app).await;
    let b = browser();
    let login_once = |b: reqwest::Client| {
        let app = &app;
        let client = client.clone();
        async move {
            let r = b.get(authorize_url(app, &client, "&prompt=login")).send().await.expect("authorize");
            let url = format!("{}{}", app.base, location(&r));
            let html = b.get(&url).send().await.expect("login").text().await.unwrap_or_default();
            let r = submit_password(&b, &url, &html, "m3@example.test", PASSWORD).await;
            location(&r)
        }
    };
    let challenge = format!("{}{}", app.base, login_once(b.clone()).await);
    assert!(challenge.contains("/u/mfa-otp-challenge"));
    let page = b.get(&challenge).send().await.expect("page").text().await.unwrap_or_default();
    assert!(page.contains("Remember this browser"));
    let form = [("state", hidden(&page, "state")), ("csrf", hidden(&page, "csrf")), ("code", totp::code_at(&secret, now())), ("remember", "yes".into())];
    let r = b.post(&challenge).form(&form).send().await.expect("challenge");
    assert!(location(&r).starts_with("https://app.test/callback"));
    let again = login_once(b.clone()).await;
    assert!(again.starts_with("https://app.test/callback"), "a remembered browser is not challenged: {again}");
    let (_, t) = exchange(&app, &client, &query_of(&again)["code"]).await;
    assert!(jwt_claims(t["id_token"].as_str().unwrap_or_default())["amr"].as_array().map(|a| a.contains(&json!("mfa"))).unwrap_or(false));
    let (s, _) = app.api(Method::POST, &format!("/users/{user}/multifactor/actions/invalidate-remember-browser"), None).await;
    assert_eq!(s, 204);
    let after = login_once(b.clone()).await;
    assert!(after.contains("/u/mfa-otp-challenge"), "after invalidation the browser is challenged again: {after}");
}
