use super::{escape, layout};
use portcullis_domain::tenant::Tenant;

/// What every hosted form needs.
pub struct FormPage<'a> {
    pub tenant: &'a Tenant,
    pub client_name: &'a str,
    pub state: &'a str,
    pub csrf: &'a str,
    pub error: Option<&'a str>,
}

fn error_block(e: Option<&str>) -> String {
    e.map(|m| format!("<p class=\"error\" id=\"error\" role=\"alert\">{}</p>", escape(m))).unwrap_or_default()
}

fn hidden(f: &FormPage) -> String {
    format!("<input type=\"hidden\" name=\"state\" value=\"{}\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">", escape(f.state), escape(f.csrf))
}

pub fn login_page(f: &FormPage, login_hint: Option<&str>) -> String {
    let body = format!(
        r#"<h1>Log in</h1><p class="alt">to continue to {client}</p>{err}
<form method="post" action="/u/login?state={state}" novalidate>{hidden}
<label for="username">Email address</label><input id="username" name="username" type="email" autocomplete="username" required autofocus value="{hint}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" name="action" value="default">Continue</button></form>
<p class="alt">Don't have an account? <a href="/u/signup?state={state}">Sign up</a></p>"#,
        client = escape(f.client_name),
        err = error_block(f.error),
        state = escape(f.state),
        hidden = hidden(f),
        hint = escape(login_hint.unwrap_or_default()),
    );
    layout("Log in", &f.tenant.friendly_name, &f.tenant.branding, &body)
}

pub fn signup_page(f: &FormPage) -> String {
    let body = format!(
        r#"<h1>Sign up</h1><p class="alt">to continue to {client}</p>{err}
<form method="post" action="/u/signup?state={state}" novalidate>{hidden}
<label for="email">Email address</label><input id="email" name="email" type="email" autocomplete="email" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="new-password" required>
<button type="submit" name="action" value="default">Continue</button></form>
<p class="alt">Already have an account? <a href="/u/login?state={state}">Log in</a></p>"#,
        client = escape(f.client_name),
        err = error_block(f.error),
        state = escape(f.state),
        hidden = hidden(f),
    );
    layout("Sign up", &f.tenant.friendly_name, &f.tenant.branding, &body)
}

pub fn consent_page(f: &FormPage, user: &str, scopes: &[String], audience: Option<&str>) -> String {
    let items: String = scopes.iter().map(|s| format!("<li>{}</li>", escape(s))).collect();
    let api = audience.map(|a| format!("<p>API: <code>{}</code></p>", escape(a))).unwrap_or_default();
    let body = format!(
        r#"<h1>Authorize {client}</h1><p>Hi {user}, <strong>{client}</strong> is requesting access to your account:</p><ul id="scopes">{items}</ul>{api}
<form method="post" action="/u/consent?state={state}">{hidden}
<button type="submit" name="action" value="accept">Accept</button>
<button type="submit" name="action" value="deny" class="secondary">Decline</button></form>"#,
        client = escape(f.client_name),
        user = escape(user),
        state = escape(f.state),
        hidden = hidden(f),
    );
    layout("Authorize", &f.tenant.friendly_name, &f.tenant.branding, &body)
}
