//! Self-signed TLS certificates for development and tests, so `https://localhost` works without
//! a CA. Never for production: there, certificates come from the operator.

use std::time::{Duration, SystemTime};

use rcgen::{CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair};
use time::OffsetDateTime;

use crate::CryptoError;

const VALIDITY: Duration = Duration::from_secs(365 * 24 * 60 * 60);
/// Tolerates a client clock a little behind ours.
const BACKDATE: Duration = Duration::from_secs(60 * 60);

/// A self-signed certificate for `names` (DNS names or IP addresses, such as `localhost` and
/// `127.0.0.1`), valid for one year from now. Returns `(certificate PEM, PKCS#8 private key PEM)`.
///
/// Reads the system clock; use [`self_signed_at`] to pass the time in.
pub fn self_signed(names: &[String]) -> Result<(String, String), CryptoError> {
    self_signed_at(names, SystemTime::now())
}

/// [`self_signed`] with an explicit issuing time; valid from an hour before `now` for a year.
///
/// The certificate is an end-entity certificate (no `CA:TRUE`, ECDSA P-256, SAN for every name,
/// extended key usage `serverAuth`) signed by its own key, so it can be trusted directly:
/// rustls/webpki accept it as its own trust anchor (they refuse a CA certificate presented as a
/// server certificate), and Node accepts it listed in `NODE_EXTRA_CA_CERTS`.
pub fn self_signed_at(names: &[String], now: SystemTime) -> Result<(String, String), CryptoError> {
    let first = names.first().ok_or_else(|| {
        CryptoError::Certificate("at least one DNS name or IP is required".into())
    })?;
    let mut params = CertificateParams::new(names.to_vec()).map_err(certificate_error)?;
    let mut subject = DistinguishedName::new();
    subject.push(DnType::CommonName, first.as_str());
    subject.push(DnType::OrganizationName, "Portcullis development");
    params.distinguished_name = subject;
    params.is_ca = IsCa::ExplicitNoCa;
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let not_before = now.checked_sub(BACKDATE).unwrap_or(now);
    let not_after = now
        .checked_add(VALIDITY)
        .ok_or_else(|| CryptoError::Certificate("validity end is out of range".into()))?;
    params.not_before = OffsetDateTime::from(not_before);
    params.not_after = OffsetDateTime::from(not_after);

    let key = KeyPair::generate().map_err(certificate_error)?;
    let certificate = params.self_signed(&key).map_err(certificate_error)?;
    Ok((certificate.pem(), key.serialize_pem()))
}

fn certificate_error(error: rcgen::Error) -> CryptoError {
    CryptoError::Certificate(error.to_string())
}

#[cfg(test)]
mod tests;
