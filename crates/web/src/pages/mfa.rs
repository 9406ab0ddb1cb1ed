//! MFA pages: TOTP enrollment (QR code rendered here, as SVG), challenge, recovery code.

use super::{escape, layout, FormPage};

/// The `otpauth://` URI as an inline SVG QR code: no external service sees the secret.
pub fn qr_svg(data: &str) -> String {
    match qrcode::QrCode::new(data.as_bytes()) {
        Ok(code) => code.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).quiet_zone(true).build(),
        Err(_) => String::new(),
    }
}

fn hidden(f: &FormPage) -> String {
    format!("<input type=\"hidden\" name=\"state\" value=\"{}\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">", escape(f.state), escape(f.csrf))
}

fn error_block(e: Option<&str>) -> String {
    e.map(|m| format!("<p class=\"error\" id=\"error\" role=\"alert\">{}</p>", escape(m))).unwrap_or_default()
}

fn code_field() -> &'static str {
    r#"<label for="code">Enter the 6-digit code from your authenticator app</label><input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="7" required autofocus>"#
}

pub fn enrollment_page(f: &FormPage, secret: &str, uri: &str) -> String {
    let body = format!(
        r#"<h1>Secure your account</h1>{err}<p>Scan this QR code with an authenticator app (Google Authenticator, 1Password, Authy...).</p>
<div id="qr" role="img" aria-label="QR code of the authenticator secret">{svg}</div>
<p>Or enter this code manually: <code id="secret">{secret}</code></p><p><a id="otpauth-uri" href="{uri}">Open in an authenticator app on this device</a></p>
<form method="post" action="/u/mfa-otp-enrollment-qr?state={state}">{hidden}{code}<button type="submit" name="action" value="default">Continue</button></form>"#,
        err = error_block(f.error),
        svg = qr_svg(uri),
        secret = escape(secret),
        uri = escape(uri),
        state = escape(f.state),
        hidden = hidden(f),
        code = code_field(),
    );
    layout("Secure your account", &f.tenant.friendly_name, &f.tenant.branding, &body)
}

pub fn challenge_page(f: &FormPage, recovery: bool, remember_days: Option<i64>) -> String {
    let alt = if recovery { format!("<p class=\"alt\"><a id=\"use-recovery-code\" href=\"/u/mfa-recovery-code-challenge?state={}\">Use a recovery code</a></p>", escape(f.state)) } else { String::new() };
    let body = format!(
        r#"<h1>Verify your identity</h1>{err}<form method="post" action="/u/mfa-otp-challenge?state={state}">{hidden}{code}{remember}<button type="submit" name="action" value="default">Continue</button></form>{alt}"#,
        remember = remember_days.map(|d| format!("<label><input type=\"checkbox\" id=\"remember\" name=\"remember\" value=\"yes\"> Remember this browser for {d} days</label>")).unwrap_or_default(),
        err = error_block(f.error),
        state = escape(f.state),
        hidden = hidden(f),
        code = code_field(),
    );
    layout("Verify your identity", &f.tenant.friendly_name, &f.tenant.branding, &body)
}

pub fn recovery_challenge_page(f: &FormPage) -> String {
    let body = format!(
        r#"<h1>Use a recovery code</h1>{err}<form method="post" action="/u/mfa-recovery-code-challenge?state={state}">{hidden}
<label for="code">Recovery code</label><input id="code" name="code" type="text" autocomplete="off" required autofocus>
<button type="submit" name="action" value="default">Continue</button></form>"#,
        err = error_block(f.error),
        state = escape(f.state),
        hidden = hidden(f),
    );
    layout("Use a recovery code", &f.tenant.friendly_name, &f.tenant.branding, &body)
}

pub fn recovery_code_page(f: &FormPage, code: &str) -> String {
    let body = format!(
        r#"<h1>Save your recovery code</h1><p>If you lose your device, this code lets you log in once. It is shown only now.</p>
<p><code id="recovery-code">{code}</code></p>
<form method="post" action="/u/mfa-recovery-code?state={state}">{hidden}
<label><input type="checkbox" id="saved" name="saved" value="yes" required> I have safely recorded this code</label>
<button type="submit" name="action" value="default">Continue</button></form>"#,
        code = escape(code),
        state = escape(f.state),
        hidden = hidden(f),
    );
    layout("Save your recovery code", &f.tenant.friendly_name, &f.tenant.branding, &body)
}
