//! Entry point of `portcullis actions test <file> --trigger <id> [--event e.json] [--secret K=V]`:
//! runs the action in the production sandbox and returns the outcome JSON
//! `{commands, logs, stats, error}`.

use std::path::Path;

use serde_json::Value;

use crate::error::ActionsError;
use crate::executor::{Executor, ExecutorConfig};
use crate::limits::Limits;
use crate::model::{Dependency, TriggerId};
use crate::sample_events::sample_event;
use crate::typescript::strip_types;

/// Read an action file; `.ts` files are type-stripped first.
pub fn read_action(file: &Path) -> Result<String, ActionsError> {
    let code = std::fs::read_to_string(file)?;
    let is_ts = file.extension().and_then(|e| e.to_str()).is_some_and(|e| e == "ts" || e == "mts" || e == "cts");
    if is_ts {
        return strip_types(&code).map_err(ActionsError::InvalidInput);
    }
    Ok(code)
}

/// Parse `K=V` secret arguments.
pub fn parse_secret(arg: &str) -> Result<(String, String), ActionsError> {
    match arg.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
        _ => Err(ActionsError::InvalidInput(format!("secret {arg:?} must look like NAME=value"))),
    }
}

/// Run an action file against an event (or the trigger's sample event).
pub async fn run_test(file: &Path, trigger: &str, event: Option<&Path>, secrets: Vec<(String, String)>) -> Result<Value, ActionsError> {
    run_test_with(file, trigger, event, secrets, Vec::new(), ExecutorConfig { workers: 1, ..Default::default() }).await
}

/// [`run_test`] with declared npm dependencies and an executor configuration.
pub async fn run_test_with(
    file: &Path,
    trigger: &str,
    event: Option<&Path>,
    secrets: Vec<(String, String)>,
    dependencies: Vec<Dependency>,
    config: ExecutorConfig,
) -> Result<Value, ActionsError> {
    let trigger = TriggerId::parse(trigger)?;
    let code = read_action(file)?;
    let event = match event {
        Some(p) => serde_json::from_str(&std::fs::read_to_string(p)?)?,
        None => sample_event(trigger),
    };
    let executor = Executor::new(config);
    let result = executor.test_action(trigger, &code, event, secrets, dependencies, Limits::default()).await;
    Ok(serde_json::to_value(&result)?)
}
