//! Authorization responses delivered by a page: `form_post` and `web_message`.

use super::escape;

/// JSON for an inline script: `<`, `>`, `&` and line separators escaped so no value can close
/// the script element.
fn script_json(v: &serde_json::Value) -> String {
    v.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026").replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029")
}

/// OAuth 2.0 Form Post Response Mode §2.
pub fn form_post_page(action: &str, params: &[(String, String)]) -> String {
    let inputs: String = params.iter().map(|(k, v)| format!("<input type=\"hidden\" name=\"{}\" value=\"{}\">", escape(k), escape(v))).collect();
    format!(
        "<!DOCTYPE html><html><head><title>Submit This Form</title></head><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"{}\">{inputs}<noscript><button type=\"submit\">Continue</button></noscript></form></body></html>",
        escape(action)
    )
}

/// Auth0's web_message mode: post the response to the opener or parent window, addressed to
/// the redirect URI's origin only (never `*`).
pub fn web_message_page(target_origin: &str, params: &[(String, String)]) -> String {
    let response: serde_json::Map<String, serde_json::Value> = params.iter().map(|(k, v)| (k.clone(), serde_json::Value::from(v.clone()))).collect();
    let msg = serde_json::json!({"type": "authorization_response", "response": response});
    format!(
        "<!DOCTYPE html><html><head><title>Authorization Response</title></head><body><script>(function(w){{var m={};(w.opener||w.parent).postMessage(m,{});}})(window);</script></body></html>",
        script_json(&msg),
        script_json(&serde_json::Value::from(target_origin))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_cannot_break_out_of_the_web_message_script() {
        let p = web_message_page("https://app.test", &[("state".into(), "</script><script>alert(1)</script>".into())]);
        assert!(!p.contains("</script><script>alert"));
        assert!(p.contains("\"https://app.test\""));
    }
}
