//! When consent is needed and what it covers.

use portcullis_domain::client::Client;
use portcullis_domain::flow::AuthorizeRequest;
use portcullis_domain::redirect::is_localhost;

/// What the user is asked to agree to: the scopes, qualified by the API they are for.
pub fn consent_items(req: &AuthorizeRequest) -> Vec<String> {
    let aud = req.audience.clone().unwrap_or_default();
    req.scope.iter().map(|s| if aud.is_empty() { s.clone() } else { format!("{aud}#{s}") }).collect()
}

/// Third-party applications always ask; so do localhost redirects, since a first-party claim
/// can't be verified there (Auth0's rule). Once granted, a consent is remembered.
pub fn consent_required(client: &Client, req: &AuthorizeRequest, granted: Option<&[String]>) -> bool {
    // The platform's own applications (the dashboard) never ask.
    if client.global {
        return false;
    }
    let must_ask = !client.is_first_party || is_localhost(&req.redirect_uri);
    if !must_ask && req.prompt != Some(portcullis_domain::flow::Prompt::Consent) {
        return false;
    }
    if req.prompt == Some(portcullis_domain::flow::Prompt::Consent) {
        return true;
    }
    let items = consent_items(req);
    match granted {
        Some(g) => !items.iter().all(|i| g.contains(i)),
        None => true,
    }
}

/// Whether the remembered consent can change `consent_required`'s answer: not for the
/// platform's own applications, first-party ones off localhost (unless `prompt=consent`), nor
/// when `prompt=consent` always asks. Otherwise the stored consent need not be read.
pub fn remembered_consent_matters(client: &Client, req: &AuthorizeRequest) -> bool {
    let must_ask = !client.is_first_party || is_localhost(&req.redirect_uri);
    !client.global && must_ask && req.prompt != Some(portcullis_domain::flow::Prompt::Consent)
}

/// The Management API is for machines (client grants) and for operators through the
/// dashboard; operators log in nowhere else.
pub fn check_operator_rules(tenant_mgmt_audience: &str, client: &Client, req: &mut AuthorizeRequest) -> Result<(), portcullis_oidc::OAuthError> {
    use portcullis_domain::connection::OPERATORS_CONNECTION;
    let is_dashboard = client.global && client.app_type == portcullis_domain::client::AppType::Spa;
    if req.audience.as_deref() == Some(tenant_mgmt_audience) && !is_dashboard {
        return Err(portcullis_oidc::OAuthError::access_denied("This application may not request the Management API for a user"));
    }
    if is_dashboard {
        req.connection = Some(OPERATORS_CONNECTION.into());
    } else if req.connection.as_deref() == Some(OPERATORS_CONNECTION) {
        return Err(portcullis_oidc::OAuthError::invalid_request(format!("Unknown connection: {OPERATORS_CONNECTION}")));
    }
    Ok(())
}

#[cfg(test)]
#[path = "consent_tests.rs"]
mod tests;
