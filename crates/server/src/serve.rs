//! `portcullis serve`: bootstrap the default tenant, then serve HTTPS until SIGTERM/Ctrl-C.

use crate::compose::{compose, write_private};
use crate::config::{abs, Config, TlsMode};
use anyhow::{Context, Result};
use axum_server::tls_rustls::RustlsConfig;
use portcullis_web::{AppState, WebSettings};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub async fn serve(cfg: Config) -> Result<()> {
    let started = Instant::now();
    let c = compose(&cfg).await?;
    let domain = cfg.domain();
    let fresh = c.platform.store.find_tenant_by_domain(&domain).await.map_err(|e| anyhow::anyhow!("{e}"))?.is_none();
    let tenant = portcullis_admin::bootstrap::ensure_tenant(&c.platform, &domain).await.map_err(|e| anyhow::anyhow!("bootstrap: {e}"))?;
    portcullis_admin::bootstrap::ensure_dashboard(&c.platform, &tenant).await.map_err(|e| anyhow::anyhow!("bootstrap: {e}"))?;
    if fresh || cfg.operator.password.is_some() {
        first_operator(&c.platform, &tenant, &cfg).await?;
    }
    let retention = crate::sweeper::Retention { log_days: cfg.log_retention_days, execution_days: cfg.execution_retention_days };
    crate::sweeper::spawn(c.platform.store.clone(), c.platform.clock.clone(), Duration::from_secs(cfg.sweep_interval_s), retention);
    let addr: SocketAddr = cfg.listen.parse()?;
    let state = AppState::new(c.platform.clone(), WebSettings { secure_cookies: true, trust_forwarded_for: cfg.trust_forwarded_for, home_domain: tenant.domain.clone() });
    let app = portcullis_web::router(state).into_make_service_with_connect_info::<SocketAddr>();
    let handle = axum_server::Handle::new();
    tokio::spawn(shutdown_on_signal(handle.clone()));
    if fresh {
        println!("Portcullis: created the default tenant for https://{domain}/");
        println!("  Management API credentials for tools and CI: portcullis tenant bootstrap --json --data-dir {}", cfg.data_dir.display());
    }
    match cfg.tls.mode.clone() {
        TlsMode::Off => {
            tracing::warn!("TLS is off: serve behind a TLS-terminating proxy only");
            log_ready(&addr, c.backend, &tenant.domain, started);
            axum_server::bind(addr).handle(handle).serve(app).await?;
        }
        mode => {
            let (cert, key) = tls_files(&cfg, mode)?;
            let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
            let tls = RustlsConfig::from_pem_file(&cert, &key).await.with_context(|| format!("loading TLS certificate {}", cert.display()))?;
            log_ready(&addr, c.backend, &tenant.domain, started);
            axum_server::bind_rustls(addr, tls).handle(handle).serve(app).await?;
        }
    }
    // Tenant log events are written in the background, and logins in progress are held in
    // memory on SQLite: write both before exiting.
    c.sql.flush_before_exit().await;
    tracing::info!("stopped");
    Ok(())
}

fn log_ready(addr: &SocketAddr, backend: &str, domain: &str, started: Instant) {
    tracing::info!(%addr, backend, issuer = %format!("https://{domain}/"), startup_ms = started.elapsed().as_millis() as u64, "ready");
}

fn tls_files(cfg: &Config, mode: TlsMode) -> Result<(PathBuf, PathBuf)> {
    if mode == TlsMode::Files {
        return Ok((cfg.tls.cert_file.clone().unwrap_or_default(), cfg.tls.key_file.clone().unwrap_or_default()));
    }
    let dir = abs(&cfg.data_dir).join("tls");
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    if !cert.exists() || !key.exists() {
        std::fs::create_dir_all(&dir)?;
        let host = cfg.domain().rsplit_once(':').map(|(h, _)| h.to_string()).unwrap_or_else(|| cfg.domain());
        let mut names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
        if !names.contains(&host) {
            names.push(host);
        }
        let (c, k) = portcullis_crypto::tls::self_signed(&names).map_err(|e| anyhow::anyhow!("generating the development certificate: {e}"))?;
        std::fs::write(&cert, c)?;
        write_private(&key, &k)?;
    }
    println!("Portcullis: serving a self-signed development certificate: {}", cert.display());
    println!("  trust it in clients with NODE_EXTRA_CA_CERTS={} or SSL_CERT_FILE={}", cert.display(), cert.display());
    Ok((cert, key))
}

async fn shutdown_on_signal(handle: axum_server::Handle) {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing in-flight requests");
    handle.graceful_shutdown(Some(Duration::from_secs(10)));
}

/// The first operator: from config/environment, or with a generated password printed once.
async fn first_operator(p: &portcullis_oidc::Platform, t: &portcullis_domain::tenant::Tenant, cfg: &Config) -> Result<()> {
    let email = cfg.operator.email.clone().unwrap_or_else(|| "operator@portcullis.local".into());
    let (password, generated) = match &cfg.operator.password {
        Some(pw) => (pw.clone(), false),
        None => (generated_password(), true),
    };
    let created = portcullis_admin::bootstrap::create_operator(p, t, &email, &password).await.map_err(|e| anyhow::anyhow!("operator: {e}"))?;
    if created {
        println!("Dashboard: https://{}/dashboard/  operator {email}", t.domain);
        if generated {
            println!("  password (shown once; set PORTCULLIS_OPERATOR__PASSWORD to choose it): {password}");
        }
    }
    Ok(())
}

/// A random operator password that every password policy accepts: about one random token in a
/// hundred lacks three character classes, and the first start then failed with "too weak".
fn generated_password() -> String {
    loop {
        let password = portcullis_crypto::random::token(18);
        if portcullis_domain::connection::PasswordPolicy::Excellent.check(&password, None).is_ok() {
            return password;
        }
    }
}
