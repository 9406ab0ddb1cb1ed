//! Configuration: defaults, then a TOML file, then `PORTCULLIS_*` environment variables
//! (`PORTCULLIS_SECTION__KEY` for nested keys), then command-line flags. Validated at start-up.

use anyhow::{bail, Context, Result};
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use portcullis_crypto::password::PasswordParams;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Config {
    /// Where the SQLite file, the master key and the development certificate live.
    pub data_dir: PathBuf,
    /// `sqlite://...` or `postgres://...`; default: `{data_dir}/portcullis.db`.
    pub database_url: Option<String>,
    /// How long (ms) a node serves clients, client grants, APIs, connections and trigger bindings
    /// from memory. Its own writes clear them at once; another node's writes show after at most
    /// this. 0 turns the cache off.
    pub cache_ttl_ms: u64,
    /// How often (s) this node deletes expired login state: abandoned login transactions,
    /// sessions, cached action values, and authorization codes a day after their expiry.
    /// 0 turns the sweep off (then the tables grow with every login).
    pub sweep_interval_s: u64,
    /// Days a tenant log event is kept; the sweep deletes older ones. 0 keeps them for ever.
    pub log_retention_days: u32,
    /// Days an action execution record (`/api/v2/actions/executions/{id}`) is kept; 0: for ever.
    pub execution_retention_days: u32,
    pub listen: String,
    /// The default tenant's domain (`host[:port]`); default: `localhost:{port of listen}`.
    pub domain: Option<String>,
    pub tls: TlsConfig,
    /// Base64 of 32 bytes. Default: generated once into `{data_dir}/master.key`.
    pub master_key: Option<String>,
    pub password_hash: PasswordParams,
    pub log_format: LogFormat,
    /// Trust `X-Forwarded-For` (only behind a reverse proxy you control).
    pub trust_forwarded_for: bool,
    pub actions: ActionsConfig,
    pub operator: OperatorConfig,
}

/// The first dashboard operator, created on first start. Without a password one is generated
/// and printed once; there is never a default password.
#[derive(Clone, Debug, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct OperatorConfig {
    pub email: Option<String>,
    pub password: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionsConfig {
    /// JavaScript worker threads (default: one per core).
    pub workers: Option<usize>,
    /// npm registry for action dependencies (default: npm's own setting).
    pub npm_registry: Option<String>,
    /// Let `fetch` reach private and loopback addresses (off: SSRF protection).
    pub allow_private_egress: bool,
    /// Hosts `fetch` may reach (empty: any public host) and hosts it may not.
    pub allow_hosts: Vec<String>,
    pub deny_hosts: Vec<String>,
    /// Scheduler slice the worker threads ask for, in microseconds (Linux 6.12+; 0: the
    /// kernel's default): short, so a worker woken on a core busy with a signature or a password
    /// hash runs at once instead of after that work's slice.
    pub worker_slice_us: u64,
}

impl Default for ActionsConfig {
    fn default() -> Self {
        ActionsConfig { workers: None, npm_registry: None, allow_private_egress: false, allow_hosts: vec![], deny_hosts: vec![], worker_slice_us: 100 }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum TlsMode {
    /// Generate (once) and serve a self-signed development certificate.
    SelfSigned,
    /// Serve the certificate and key given in `cert_file`/`key_file`.
    Files,
    /// Plain HTTP: only behind a TLS-terminating proxy. Issuers stay `https://`.
    Off,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TlsConfig {
    pub mode: TlsMode,
    pub cert_file: Option<PathBuf>,
    pub key_file: Option<PathBuf>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    Text,
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("data"),
            database_url: None,
            cache_ttl_ms: 5_000,
            sweep_interval_s: 300,
            log_retention_days: 30,
            execution_retention_days: 30,
            listen: "127.0.0.1:8443".into(),
            domain: None,
            tls: TlsConfig { mode: TlsMode::SelfSigned, cert_file: None, key_file: None },
            master_key: None,
            password_hash: PasswordParams::default(),
            log_format: LogFormat::Text,
            trust_forwarded_for: false,
            actions: ActionsConfig::default(),
            operator: OperatorConfig::default(),
        }
    }
}

/// Flags that override the file and the environment.
#[derive(Default, Debug)]
pub struct Overrides {
    pub config_file: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub listen: Option<String>,
    pub domain: Option<String>,
}

impl Config {
    pub fn load(o: Overrides) -> Result<Config> {
        let mut f = Figment::from(Serialized::defaults(Config::default()));
        let file = o.config_file.clone().or_else(|| std::env::var_os("PORTCULLIS_CONFIG").map(PathBuf::from));
        if let Some(path) = &file {
            if !path.exists() {
                bail!("config file {} does not exist", path.display());
            }
            f = f.merge(Toml::file(path));
        }
        f = f.merge(Env::prefixed("PORTCULLIS_").ignore(&["CONFIG"]).split("__"));
        let mut c: Config = f.extract().context("invalid configuration")?;
        if let Some(v) = o.data_dir {
            c.data_dir = v;
        }
        if let Some(v) = o.database_url {
            c.database_url = Some(v);
        }
        if let Some(v) = o.listen {
            c.listen = v;
        }
        if let Some(v) = o.domain {
            c.domain = Some(v);
        }
        c.validate()?;
        Ok(c)
    }

    fn validate(&self) -> Result<()> {
        self.listen.parse::<std::net::SocketAddr>().with_context(|| format!("listen: \"{}\" is not an address like 127.0.0.1:8443", self.listen))?;
        if let Some(u) = &self.database_url {
            if !(u.starts_with("sqlite:") || u.starts_with("postgres://") || u.starts_with("postgresql://")) {
                bail!("database_url must start with sqlite: or postgres://");
            }
        }
        if self.tls.mode == TlsMode::Files && (self.tls.cert_file.is_none() || self.tls.key_file.is_none()) {
            bail!("tls.mode = \"files\" needs tls.cert_file and tls.key_file");
        }
        if let Some(d) = &self.domain {
            if d.contains('/') || d.contains("://") || d.is_empty() {
                bail!("domain must be host[:port], without scheme or path (got \"{d}\")");
            }
        }
        Ok(())
    }

    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| format!("sqlite://{}?mode=rwc", abs(&self.data_dir.join("portcullis.db")).display()))
    }

    pub fn domain(&self) -> String {
        self.domain.clone().unwrap_or_else(|| {
            let port = self.listen.rsplit(':').next().unwrap_or("8443");
            format!("localhost:{port}")
        })
    }
}

pub fn abs(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listen_address_that_is_not_an_address_is_refused_at_start_up() {
        let mut c = Config::default();
        c.listen = "localhost".into();
        assert!(c.validate().is_err());
    }

    #[test]
    fn the_default_domain_follows_the_listen_port() {
        let mut c = Config::default();
        c.listen = "127.0.0.1:9443".into();
        assert_eq!(c.domain(), "localhost:9443");
    }

    #[test]
    fn a_domain_with_a_scheme_is_refused() {
        let mut c = Config::default();
        c.domain = Some("https://x.test".into());
        assert!(c.validate().is_err());
    }
}
