//! Server-rendered pages. They work without JavaScript, use stable field names (`username`,
//! `password`, `code`, submit buttons of type submit) and escape everything they print.

mod forms;
pub mod mfa;
mod response;

pub use forms::{consent_page, login_page, signup_page, FormPage};
pub use response::{form_post_page, web_message_page};

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use portcullis_domain::tenant::Branding;

pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// A page that must not be framed (clickjacking) nor cached.
pub fn html(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert("content-security-policy", HeaderValue::from_static("default-src 'self'; img-src * data:; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'self' https: http://localhost:* http://127.0.0.1:*"));
    r
}

fn color(b: &Branding) -> String {
    b.primary_color.as_deref().filter(|c| c.len() <= 9 && c.starts_with('#') && c[1..].chars().all(|x| x.is_ascii_hexdigit())).unwrap_or("#4f46e5").to_string()
}

pub fn layout(title: &str, tenant_name: &str, branding: &Branding, body: &str) -> String {
    let logo = branding.logo_url.as_deref().filter(|u| u.starts_with("https://") || u.starts_with("http://")).map(|u| format!("<img class=\"logo\" src=\"{}\" alt=\"{} logo\">", escape(u), escape(tenant_name))).unwrap_or_default();
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title} | {name}</title><style>
body{{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f3f4f6;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center;color:#111827}}
main{{background:#fff;padding:2.5rem;border-radius:12px;box-shadow:0 4px 24px rgba(0,0,0,.08);width:100%;max-width:380px}}
h1{{font-size:1.4rem;margin:.5rem 0 1.25rem;text-align:center}} .logo{{display:block;margin:0 auto;max-height:56px}}
label{{display:block;font-size:.9rem;margin:.9rem 0 .3rem}} input[type=email],input[type=text],input[type=password]{{width:100%;box-sizing:border-box;padding:.7rem;border:1px solid #d1d5db;border-radius:6px;font-size:1rem}}
button{{width:100%;margin-top:1.2rem;padding:.75rem;border:0;border-radius:6px;background:{c};color:#fff;font-size:1rem;cursor:pointer}} button.secondary{{background:#e5e7eb;color:#111827}}
.error{{background:#fef2f2;color:#991b1b;border:1px solid #fecaca;padding:.6rem .8rem;border-radius:6px;font-size:.9rem}} p.alt{{text-align:center;font-size:.9rem}} ul{{padding-left:1.2rem}}
</style></head><body><main>{logo}{body}</main></body></html>"#,
        title = escape(title),
        name = escape(tenant_name),
        c = color(branding),
    )
}

pub fn error_page(code: &str, description: &str) -> String {
    layout(
        "Error",
        "Portcullis",
        &Branding::default(),
        &format!("<h1>Something went wrong</h1><p class=\"error\" id=\"error\" role=\"alert\"><strong>{}</strong>: {}</p>", escape(code), escape(description)),
    )
}

pub fn message_page(title: &str, message: &str) -> String {
    layout(title, "Portcullis", &Branding::default(), &format!("<h1>{}</h1><p>{}</p>", escape(title), escape(message)))
}

/// A 302 Found redirect, as Auth0 answers `/authorize` and logout.
pub fn found(location: &str) -> Response {
    let mut r = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}
