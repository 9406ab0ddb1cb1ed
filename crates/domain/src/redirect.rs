//! Redirect-URI and origin rules.

use url::Url;

/// RFC 6749 §3.1.2.3 / OAuth 2.0 Security BCP §4.1.3: the redirect URI must exactly match a
/// registered one (simple string comparison). Auth0 also allows a `*` wildcard in the host's
/// left-most label; Portcullis does not: exact matching is the secure default.
pub fn redirect_uri_is_registered(uri: &str, registered: &[String]) -> bool {
    registered.iter().any(|r| r == uri)
}

/// The origin (`scheme://host[:port]`) of a URL, as browsers serialise it.
pub fn origin_of(uri: &str) -> Option<String> {
    let u = Url::parse(uri).ok()?;
    match u.origin() {
        o @ url::Origin::Tuple(..) => Some(o.ascii_serialization()),
        url::Origin::Opaque(_) => None,
    }
}

/// An origin is allowed when it equals (after normalisation) one of the configured origins.
pub fn origin_is_allowed(origin: &str, allowed: &[String]) -> bool {
    let want = origin_of(origin);
    want.is_some() && allowed.iter().any(|a| origin_of(a.trim_end_matches('/')) == want)
}

/// Auth0 cannot skip consent when the redirect URI is on localhost: a first-party check cannot be
/// proven there.
pub fn is_localhost(uri: &str) -> bool {
    match Url::parse(uri).ok().and_then(|u| u.host_str().map(str::to_string)) {
        Some(h) => h == "localhost" || h == "127.0.0.1" || h == "[::1]" || h.ends_with(".localhost"),
        None => false,
    }
}

/// A URL a client may register: absolute, with a scheme, and no fragment (RFC 6749 §3.1.2).
pub fn check_registrable_url(uri: &str) -> Result<(), crate::DomainError> {
    let u = Url::parse(uri).map_err(|e| crate::DomainError::invalid("url", format!("{uri}: {e}")))?;
    if u.fragment().is_some() {
        return Err(crate::DomainError::invalid("url", format!("{uri}: must not contain a fragment")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redirect_uri_matches_only_exactly() {
        let reg = vec!["https://app.test/cb".to_string()];
        assert!(redirect_uri_is_registered("https://app.test/cb", &reg));
        assert!(!redirect_uri_is_registered("https://app.test/cb/", &reg));
        assert!(!redirect_uri_is_registered("https://app.test/cb?x=1", &reg));
        assert!(!redirect_uri_is_registered("https://APP.test/cb", &reg));
    }

    #[test]
    fn origins_compare_by_scheme_host_and_port() {
        let allowed = vec!["https://localhost:3443/".to_string()];
        assert!(origin_is_allowed("https://localhost:3443", &allowed));
        assert!(!origin_is_allowed("http://localhost:3443", &allowed));
        assert!(!origin_is_allowed("https://localhost:3444", &allowed));
    }

    #[test]
    fn localhost_redirects_are_recognised() {
        assert!(is_localhost("https://localhost:3443/"));
        assert!(is_localhost("http://127.0.0.1/cb"));
        assert!(!is_localhost("https://app.test/"));
    }
}
