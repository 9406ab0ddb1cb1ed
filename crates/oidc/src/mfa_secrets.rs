//! Sealing TOTP secrets at rest: AES-256-GCM under the master key, bound to their tenant and user.

use crate::error::OidcResult;
use crate::platform::Platform;

fn aad(tenant: &str, user_id: &str) -> String {
    format!("totp:{tenant}:{user_id}")
}

pub fn seal_totp(p: &Platform, tenant: &str, user_id: &str, secret: &[u8]) -> OidcResult<String> {
    Ok(p.master_key.seal(secret, aad(tenant, user_id).as_bytes())?)
}

pub fn open_totp(p: &Platform, tenant: &str, user_id: &str, sealed: &str) -> OidcResult<Vec<u8>> {
    Ok(p.master_key.open(sealed, aad(tenant, user_id).as_bytes())?)
}
