//! The `portcullis` binary: configuration, the composition root, the CLI and telemetry.
//! It must never hold protocol or business rules: it wires the crates that do.

mod compose;
mod config;
mod serve;
mod sweeper;

/// mimalloc instead of the system allocator: requests, JSON and the actions' runtimes allocate
/// and free many small blocks, which glibc's malloc spent several percent of a request on.
/// Built without transparent huge pages (`no_thp`): with them an idle server held 2 MiB pages
/// it barely used (about 13 MiB more resident).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::Result;
use clap::{Parser, Subcommand};
use config::{Config, LogFormat, Overrides};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "portcullis", version, about = "A self-hosted, Auth0-compatible identity platform")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(clap::Args, Default)]
struct Common {
    /// TOML configuration file (also PORTCULLIS_CONFIG).
    #[arg(long)]
    config: Option<PathBuf>,
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// sqlite://... or postgres://... (default: SQLite in the data directory).
    #[arg(long)]
    database_url: Option<String>,
    /// host:port of the default tenant (issuer https://{domain}/).
    #[arg(long)]
    domain: Option<String>,
}

impl Common {
    fn overrides(self, listen: Option<String>) -> Overrides {
        Overrides { config_file: self.config, data_dir: self.data_dir, database_url: self.database_url, listen, domain: self.domain }
    }
}

#[derive(Subcommand)]
enum Cmd {
    /// Serve HTTPS (self-signed development certificate unless configured otherwise).
    Serve {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        listen: Option<String>,
    },
    /// Tenant administration.
    Tenant {
        #[command(subcommand)]
        cmd: TenantCmd,
    },
    /// Dashboard operators.
    Operator {
        #[command(subcommand)]
        cmd: OperatorCmd,
    },
    /// Actions, locally and in CI exactly as in production.
    Actions {
        #[command(subcommand)]
        cmd: ActionsCmd,
    },
}

#[derive(Subcommand)]
enum ActionsCmd {
    /// Run an action file (.js or .ts) in the production sandbox and print the outcome JSON.
    Test {
        file: PathBuf,
        /// post-login, credentials-exchange, pre-user-registration, post-user-registration,
        /// post-change-password, send-phone-message, password-reset-post-challenge
        #[arg(long, default_value = "post-login")]
        trigger: String,
        /// Event JSON (default: a realistic sample event for the trigger).
        #[arg(long)]
        event: Option<PathBuf>,
        /// A secret, NAME=VALUE (repeatable).
        #[arg(long = "secret")]
        secrets: Vec<String>,
        /// An npm dependency, NAME@VERSION (repeatable), installed from the registry.
        #[arg(long = "dependency")]
        dependencies: Vec<String>,
        /// Where installed packages are kept (content-addressed; reused between runs).
        #[arg(long, default_value = ".portcullis/npm")]
        npm_store: PathBuf,
        /// npm registry URL (default: npm's own setting, `npm config get registry`).
        #[arg(long)]
        npm_registry: Option<String>,
        /// Let `fetch` reach private and loopback addresses (local test servers).
        #[arg(long)]
        allow_private_network: bool,
    },
}

#[derive(Subcommand)]
enum OperatorCmd {
    /// Create a dashboard operator (password from --password or PORTCULLIS_OPERATOR__PASSWORD).
    Create {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        listen: Option<String>,
        #[arg(long)]
        email: String,
        #[arg(long, env = "PORTCULLIS_OPERATOR__PASSWORD", hide_env_values = true)]
        password: String,
    },
}

#[derive(Subcommand)]
enum TenantCmd {
    /// Create another tenant, served on its own host name (`--domain host[:port]`).
    Create {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        listen: Option<String>,
        /// The tenant's friendly name (shown in the dashboard's tenant switcher and login pages).
        #[arg(long)]
        name: Option<String>,
        /// One JSON line with the new tenant's Management API credentials.
        #[arg(long)]
        json: bool,
    },
    /// Create the default tenant if needed and print Management API credentials.
    Bootstrap {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        listen: Option<String>,
        /// One JSON line instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn init_tracing(format: &LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("PORTCULLIS_LOG").unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let b = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        LogFormat::Json => b.json().init(),
        LogFormat::Text => b.init(),
    }
}

#[tokio::main]
async fn main() {
    if let Err(e) = run(Cli::parse()).await {
        eprintln!("portcullis: {e:#}");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> Result<()> {
    match cli.cmd {
        Cmd::Serve { common, listen } => {
            let cfg = Config::load(common.overrides(listen))?;
            init_tracing(&cfg.log_format);
            serve::serve(cfg).await
        }
        Cmd::Actions { cmd: ActionsCmd::Test { file, trigger, event, secrets, dependencies, npm_store, npm_registry, allow_private_network } } => {
            let secrets = secrets.iter().map(|s| portcullis_actions::cli::parse_secret(s)).collect::<Result<Vec<_>, _>>()?;
            let dependencies = dependencies.iter().map(|d| portcullis_actions::cli::parse_dependency(d)).collect::<Result<Vec<_>, _>>()?;
            let config = portcullis_actions::ExecutorConfig {
                workers: 1,
                npm: (!dependencies.is_empty()).then(|| portcullis_actions::NpmConfig { store_dir: npm_store, registry: npm_registry }),
                egress: portcullis_actions::EgressPolicy { allow_private: allow_private_network, ..Default::default() },
                ..Default::default()
            };
            let out = portcullis_actions::cli::run_test_with(&file, &trigger, event.as_deref(), secrets, dependencies, config).await?;
            println!("{}", serde_json::to_string_pretty(&out)?);
            // A failing action fails the command, so CI notices.
            if out.get("error").map(|e| !e.is_null()).unwrap_or(false) {
                std::process::exit(3);
            }
            Ok(())
        }
        Cmd::Operator { cmd: OperatorCmd::Create { common, listen, email, password } } => {
            let cfg = Config::load(common.overrides(listen))?;
            let c = compose::compose(&cfg).await?;
            let t = portcullis_admin::bootstrap::ensure_tenant(&c.platform, &cfg.domain()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            portcullis_admin::bootstrap::ensure_dashboard(&c.platform, &t).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let created = portcullis_admin::bootstrap::create_operator(&c.platform, &t, &email, &password).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("{}", if created { "operator created" } else { "an operator with this email exists" });
            c.sql.flush_logs().await;
            Ok(())
        }
        Cmd::Tenant { cmd: TenantCmd::Create { common, listen, name, json } } => tenant_credentials(common, listen, name, json).await,
        Cmd::Tenant { cmd: TenantCmd::Bootstrap { common, listen, json } } => tenant_credentials(common, listen, None, json).await,
    }
}

/// The tenant served on the configured domain (created when absent, renamed when `name` is
/// given) and its Management API credentials.
async fn tenant_credentials(common: Common, listen: Option<String>, name: Option<String>, json: bool) -> Result<()> {
    let cfg = Config::load(common.overrides(listen))?;
    let c = compose::compose(&cfg).await?;
    let mut t = portcullis_admin::bootstrap::ensure_tenant(&c.platform, &cfg.domain()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    if let Some(name) = name.filter(|n| !n.trim().is_empty() && *n != t.friendly_name) {
        t.friendly_name = name;
        c.platform.store.update_tenant(&t).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let (id, secret) = portcullis_admin::bootstrap::ensure_management_client(&c.platform, &t).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let out = serde_json::json!({"domain": t.domain, "issuer": t.issuer(), "management_audience": t.management_audience(), "client_id": id, "client_secret": secret});
    if json {
        println!("{out}");
    } else {
        println!("Tenant domain:        {}\nIssuer:               {}\nManagement audience:  {}\nclient_id:            {id}\nclient_secret:        {secret}", t.domain, t.issuer(), t.management_audience());
    }
    // Tenant logs are written in the background: write what is queued before exiting.
    c.sql.flush_logs().await;
    Ok(())
}
