use super::{Draft, RawParams};
use crate::error::OAuthError;
use portcullis_domain::client::Client;
use portcullis_domain::flow::{AuthorizeRequest, Prompt, ResponseMode};
use portcullis_domain::redirect::{origin_of, origin_is_allowed, redirect_uri_is_registered as registered};
use portcullis_domain::scope::parse_scope;

// RFC 6749 §3.1.2.3: "the authorization server MUST compare the ... redirection URI ... with
// the registered redirection URIs" — exact string comparison, no wildcards.
pub(super) fn redirect_uri_is_registered(raw: &RawParams, client: &Client, d: &mut Draft) -> Result<(), OAuthError> {
    let uri = raw.get("redirect_uri").ok_or_else(|| OAuthError::invalid_request("Missing required parameter: redirect_uri"))?;
    if !registered(uri, &client.callbacks) {
        return Err(OAuthError::new(
            "invalid_request",
            format!("The redirect_uri \"{uri}\" is not in the list of allowed callback URLs of the application."),
        ));
    }
    d.redirect_uri = Some(uri.to_string());
    Ok(())
}

// web_message posts the response to the redirect URI's origin: that origin must be an Allowed
// Web Origin of the client, or any page could harvest codes.
pub(super) fn response_mode_is_supported(raw: &RawParams, client: &Client, d: &mut Draft) -> Result<(), OAuthError> {
    let mode = match raw.get("response_mode") {
        None => ResponseMode::Query,
        Some(m) => ResponseMode::parse(m).ok_or_else(|| OAuthError::invalid_request(format!("Unsupported response_mode: {m}")))?,
    };
    d.response_mode = Some(mode);
    if mode == ResponseMode::WebMessage {
        let uri = d.redirect_uri.as_deref().unwrap_or_default();
        let origin = origin_of(uri).unwrap_or_default();
        if !origin_is_allowed(&origin, &client.web_origins) {
            return Err(OAuthError::unauthorized_client(format!(
                "The specified redirect_uri origin '{origin}' is not in the Allowed Web Origins of the application"
            )));
        }
    }
    Ok(())
}

// RFC 6749 §3.1.1: response_type is REQUIRED; Portcullis supports only `code` (OAuth 2.1).
pub(super) fn response_type_is_code(raw: &RawParams, _c: &Client, _d: &mut Draft) -> Result<(), OAuthError> {
    match raw.get("response_type") {
        Some("code") => Ok(()),
        Some(other) => Err(OAuthError::new("unsupported_response_type", format!("Unsupported response type: {other}"))),
        None => Err(OAuthError::invalid_request("Missing required parameter: response_type")),
    }
}

pub(super) fn client_may_use_code_grant(_raw: &RawParams, client: &Client, _d: &mut Draft) -> Result<(), OAuthError> {
    if client.allows_grant("authorization_code") {
        Ok(())
    } else {
        Err(OAuthError::unauthorized_client("Grant type 'authorization_code' not allowed for the client."))
    }
}

// RFC 7636 §4.4.1 and OAuth 2.1 §7.5.1: public clients MUST send a code_challenge; only S256 is
// accepted (the `plain` method leaks the verifier).
pub(super) fn pkce(raw: &RawParams, client: &Client, _d: &mut Draft) -> Result<(), OAuthError> {
    let challenge = raw.get("code_challenge");
    let method = raw.get("code_challenge_method");
    match (challenge, method) {
        (None, Some(_)) => Err(OAuthError::invalid_request("code_challenge_method given without code_challenge")),
        (None, None) if client.is_public() => Err(OAuthError::invalid_request(
            "Parameter 'code_challenge' is required for public clients (PKCE with S256)",
        )),
        (None, None) => Ok(()),
        (Some(_), Some("S256")) => Ok(()),
        (Some(_), Some(m)) => Err(OAuthError::invalid_request(format!("Unsupported code_challenge_method: {m}; use S256"))),
        (Some(_), None) => Err(OAuthError::invalid_request("code_challenge_method is required; use S256")),
    }
    .and_then(|_| match challenge {
        // RFC 7636 §4.2: S256 challenge is base64url of 32 bytes: 43 characters.
        Some(c) if c.len() != 43 || !c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') => {
            Err(OAuthError::invalid_request("code_challenge must be base64url(SHA-256(code_verifier))"))
        }
        _ => Ok(()),
    })
}

pub(super) fn request_fields(raw: &RawParams, client: &Client, d: &mut Draft) -> Result<(), OAuthError> {
    let prompt = match raw.get("prompt") {
        None => None,
        Some("none") => Some(Prompt::None),
        Some("login") => Some(Prompt::Login),
        Some("consent") => Some(Prompt::Consent),
        Some("select_account") => None,
        Some(p) => return Err(OAuthError::invalid_request(format!("Unsupported prompt: {p}"))),
    };
    let max_age = match raw.get("max_age") {
        None => None,
        Some(v) => Some(v.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| OAuthError::invalid_request("max_age must be a non-negative integer"))?),
    };
    let scope = parse_scope(raw.get("scope").unwrap_or("openid"));
    d.request = Some(AuthorizeRequest {
        client_id: client.client_id.clone(),
        redirect_uri: d.redirect_uri.clone().unwrap_or_default(),
        response_mode: d.response_mode.unwrap_or(ResponseMode::Query),
        scope,
        audience: raw.get("audience").map(str::to_string),
        state: raw.get("state").map(str::to_string),
        nonce: raw.get("nonce").map(str::to_string),
        code_challenge: raw.get("code_challenge").map(str::to_string),
        prompt,
        max_age,
        screen_hint: raw.get("screen_hint").map(str::to_string),
        login_hint: raw.get("login_hint").map(str::to_string),
        connection: raw.get("connection").map(str::to_string),
    });
    Ok(())
}
