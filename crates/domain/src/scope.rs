//! Scope strings (RFC 6749 §3.3): space-delimited, case-sensitive, order-insensitive.

/// Split a scope parameter into distinct values, keeping first-seen order.
pub fn parse_scope(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in s.split(' ').filter(|p| !p.is_empty()) {
        if !out.iter().any(|x| x == part) {
            out.push(part.to_string());
        }
    }
    out
}

pub fn join_scope(v: &[String]) -> String {
    v.join(" ")
}

/// OIDC scopes Portcullis understands for ID tokens and userinfo.
pub const OIDC_SCOPES: &[&str] = &["openid", "profile", "email", "address", "phone", "offline_access"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_split_on_spaces_and_drop_duplicates_and_empties() {
        assert_eq!(parse_scope("openid  profile openid "), vec!["openid", "profile"]);
        assert!(parse_scope("").is_empty());
    }
}
