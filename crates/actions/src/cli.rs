//! Entry point of `portcullis actions test <file> --trigger <id> [--event e.json] [--secret K=V]
//! [--dependency name@version]`:
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

/// Parse a `NAME@VERSION` dependency argument (`@scope/name@1.2.3`; no version means latest).
pub fn parse_dependency(arg: &str) -> Result<Dependency, ActionsError> {
    let (name, version) = match arg.rfind('@') {
        Some(i) if i > 0 => (&arg[..i], &arg[i + 1..]),
        _ => (arg, "latest"),
    };
    let valid = !name.is_empty() && !version.is_empty() && !name.contains(char::is_whitespace) && (!name.starts_with('@') || name.contains('/'));
    if !valid {
        return Err(ActionsError::InvalidInput(format!("dependency {arg:?} must look like name@version")));
    }
    Ok(Dependency { name: name.to_owned(), version: version.to_owned() })
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

#[cfg(test)]
mod tests {
    use super::parse_dependency;

    #[test]
    fn dependency_arguments_name_a_package_and_a_version() {
        let d = parse_dependency("@slack/webhook@7.0.3").unwrap();
        assert_eq!((d.name.as_str(), d.version.as_str()), ("@slack/webhook", "7.0.3"));
        let d = parse_dependency("lodash").unwrap();
        assert_eq!((d.name.as_str(), d.version.as_str()), ("lodash", "latest"));
        assert!(parse_dependency("@scope").is_err());
        assert!(parse_dependency("lodash@").is_err());
    }
}
