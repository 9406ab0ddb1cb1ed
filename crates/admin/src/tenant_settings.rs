//! Tenant settings (`/tenants/settings`): the name shown on the login pages, the support
//! address and the SSO session lifetimes.

use crate::{AdminError, AdminResult};
use portcullis_domain::tenant::Tenant;
use portcullis_oidc::Platform;
use serde::Deserialize;

/// The part of Auth0's tenant settings body Portcullis honours; other keys are accepted and
/// ignored so that configuration-as-code tools can send their whole document.
#[derive(Debug, Default, Deserialize)]
pub struct TenantSettingsChanges {
    pub friendly_name: Option<String>,
    pub support_email: Option<String>,
    /// Hours (Auth0 allows fractions; Portcullis keeps whole hours, at least one).
    pub session_lifetime: Option<f64>,
    pub idle_session_lifetime: Option<f64>,
    pub picture_url: Option<String>,
}

/// Auth0's bounds: sessions last at most 100 days (2400 h), idle at most 100 days.
const MAX_SESSION_HOURS: f64 = 2400.0;

fn hours(name: &str, v: f64) -> AdminResult<i64> {
    if !(v.is_finite() && v > 0.0 && v <= MAX_SESSION_HOURS) {
        return Err(AdminError::Invalid(format!("Payload validation error: '{name}' must be between 1 and {MAX_SESSION_HOURS} hours")));
    }
    Ok(v.ceil() as i64)
}

pub async fn update(p: &Platform, t: &Tenant, ch: TenantSettingsChanges) -> AdminResult<Tenant> {
    let mut t = t.clone();
    if let Some(n) = ch.friendly_name {
        if n.trim().is_empty() {
            return Err(AdminError::Invalid("Payload validation error: 'friendly_name' must not be empty".into()));
        }
        t.friendly_name = n;
    }
    if let Some(e) = ch.support_email {
        t.settings.support_email = Some(e).filter(|e| !e.is_empty());
    }
    if let Some(h) = ch.session_lifetime {
        t.settings.session_lifetime_hours = hours("session_lifetime", h)?;
    }
    if let Some(h) = ch.idle_session_lifetime {
        t.settings.idle_session_lifetime_hours = hours("idle_session_lifetime", h)?;
    }
    if let Some(u) = ch.picture_url {
        t.branding.logo_url = Some(u).filter(|u| !u.is_empty());
    }
    if t.settings.idle_session_lifetime_hours > t.settings.session_lifetime_hours {
        return Err(AdminError::Invalid("idle_session_lifetime cannot be longer than session_lifetime".into()));
    }
    p.store.update_tenant(&t).await?;
    Ok(t)
}

/// Auth0's `/branding` body, in the part Portcullis shows on its pages.
#[derive(Debug, Default, Deserialize)]
pub struct BrandingChanges {
    pub logo_url: Option<String>,
    pub colors: Option<BrandingColors>,
}

#[derive(Debug, Default, Deserialize)]
pub struct BrandingColors {
    pub primary: Option<String>,
}

/// `#rgb` or `#rrggbb`, as Auth0 accepts for `colors.primary`.
fn check_color(c: &str) -> AdminResult<()> {
    let hex = c.strip_prefix('#').unwrap_or("");
    if (hex.len() == 3 || hex.len() == 6) && hex.chars().all(|x| x.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(AdminError::Invalid(format!("Payload validation error: '{c}' is not a valid color (#rrggbb)")))
    }
}

pub async fn update_branding(p: &Platform, t: &Tenant, ch: BrandingChanges) -> AdminResult<Tenant> {
    let mut t = t.clone();
    if let Some(u) = ch.logo_url {
        t.branding.logo_url = Some(u).filter(|u| !u.is_empty());
    }
    if let Some(c) = ch.colors.and_then(|c| c.primary) {
        check_color(&c)?;
        t.branding.primary_color = Some(c);
    }
    p.store.update_tenant(&t).await?;
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_lifetimes_are_rounded_up_to_whole_hours_within_auth0s_bounds() {
        assert_eq!(hours("session_lifetime", 0.5).unwrap(), 1);
        assert_eq!(hours("session_lifetime", 72.0).unwrap(), 72);
        assert!(hours("session_lifetime", 0.0).is_err());
        assert!(hours("session_lifetime", 2401.0).is_err());
    }

    #[test]
    fn a_primary_color_must_be_a_hex_triplet_or_sextet() {
        assert!(check_color("#0a0").is_ok());
        assert!(check_color("#00AA00").is_ok());
        assert!(check_color("green").is_err());
        assert!(check_color("#00AA0").is_err());
    }
}
