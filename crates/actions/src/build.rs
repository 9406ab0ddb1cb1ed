//! Building a draft: its dependencies install and its module compiles and evaluates in a fresh,
//! throw-away sandbox. What a deploy requires (`status: built`).

use crate::executor::Executor;
use crate::limits::Limits;
use crate::model::Dependency;
use crate::sandbox::Sandbox;
use std::time::{Duration, Instant};

/// Build errors, each readable by a person (`{id, msg}` in the Management API).
pub async fn build(exec: &Executor, code: &str, deps: &[Dependency], limits: &Limits) -> Result<(), Vec<(String, String)>> {
    let set = if deps.is_empty() {
        None
    } else {
        match exec.install_dependencies(deps).await {
            Ok(s) => Some(s),
            Err(e) => return Err(vec![("dependency_install_failed".into(), e.to_string())]),
        }
    };
    let code = code.to_string();
    let limits = limits.clone();
    let joined = tokio::task::spawn_blocking(move || -> Result<(), (String, String)> {
        let mut sb = Sandbox::new(&limits).map_err(|f| (f.code.as_str().to_string(), f.message))?;
        let deadline = Instant::now() + Duration::from_millis(limits.wall_ms.min(5_000));
        sb.load_action(&code, set, Some(deadline), false).map(|_| ()).map_err(|f| (f.code.as_str().to_string(), f.message))
    })
    .await;
    match joined {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(vec![e]),
        Err(e) => Err(vec![("platform_error".into(), format!("build worker failed: {e}"))]),
    }
}
