use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, ServerConfig, ServerConnection};

use super::*;

fn names() -> Vec<String> {
    vec!["localhost".into(), "127.0.0.1".into(), "::1".into()]
}

/// A full TLS handshake in memory between a rustls client that trusts only `cert_pem` and a
/// rustls server presenting `cert_pem` with `key_pem`.
fn handshake(cert_pem: &str, key_pem: &str, server_name: &str) -> Result<(), rustls::Error> {
    let cert = CertificateDer::from_pem_slice(cert_pem.as_bytes()).expect("certificate PEM");
    let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes()).expect("key PEM");
    let mut roots = RootCertStore::empty();
    roots.add(cert.clone()).expect("trust anchor");

    // Explicit provider: in the workspace several rustls providers are compiled in.
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let server_config = ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)?;
    let client_config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = ServerName::try_from(server_name.to_owned()).expect("server name");
    let mut client = ClientConnection::new(Arc::new(client_config), name)?;
    let mut server = ServerConnection::new(Arc::new(server_config))?;

    for _ in 0..10 {
        let mut to_server = Vec::new();
        while client.wants_write() {
            client.write_tls(&mut to_server).expect("write");
        }
        server.read_tls(&mut to_server.as_slice()).expect("read");
        server.process_new_packets()?;

        let mut to_client = Vec::new();
        while server.wants_write() {
            server.write_tls(&mut to_client).expect("write");
        }
        client.read_tls(&mut to_client.as_slice()).expect("read");
        client.process_new_packets()?;

        if !client.is_handshaking() && !server.is_handshaking() {
            return Ok(());
        }
    }
    Err(rustls::Error::General("handshake did not finish".into()))
}

#[test]
fn a_rustls_client_trusting_the_dev_certificate_completes_a_handshake() {
    let (cert, key) = self_signed(&names()).expect("certificate");
    assert!(cert.starts_with("-----BEGIN CERTIFICATE-----"));
    assert!(key.starts_with("-----BEGIN PRIVATE KEY-----"));
    for name in ["localhost", "127.0.0.1", "::1"] {
        handshake(&cert, &key, name).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn a_name_missing_from_the_san_list_is_rejected() {
    let (cert, key) = self_signed(&names()).expect("certificate");
    let result = handshake(&cert, &key, "example.com");
    assert!(
        matches!(result, Err(rustls::Error::InvalidCertificate(_))),
        "{result:?}"
    );
}

#[test]
fn a_certificate_issued_over_a_year_ago_is_expired() {
    let long_ago = SystemTime::now() - Duration::from_secs(400 * 24 * 60 * 60);
    let (cert, key) = self_signed_at(&names(), long_ago).expect("certificate");
    let result = handshake(&cert, &key, "localhost");
    assert!(
        matches!(result, Err(rustls::Error::InvalidCertificate(_))),
        "{result:?}"
    );
}

#[test]
fn each_call_makes_a_new_key() {
    let (_, a) = self_signed(&names()).expect("certificate");
    let (_, b) = self_signed(&names()).expect("certificate");
    assert_ne!(a, b);
}

#[test]
fn an_empty_name_list_is_an_error() {
    assert!(matches!(self_signed(&[]), Err(CryptoError::Certificate(_))));
}
