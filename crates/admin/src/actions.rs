//! The actions lifecycle: drafts that build, immutable numbered versions, deploy and rollback,
//! write-only secrets sealed at rest, and the limits Auth0 applies.

use crate::{AdminError, AdminResult};
use portcullis_actions::{build, TriggerId};
use portcullis_crypto::random;
use portcullis_domain::action::{Action, ActionSecret, ActionVersion, BuildStatus, Dependency, TriggerRef};
use portcullis_domain::tenant::Tenant;
use portcullis_oidc::actions::secret_aad;
use portcullis_oidc::Platform;
use portcullis_store::{ActionQuery, Page};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct SecretInput {
    pub name: String,
    pub value: Option<String>,
}

/// Auth0's create/update body.
#[derive(Debug, Default, Deserialize)]
pub struct ActionChanges {
    pub name: Option<String>,
    pub supported_triggers: Option<Vec<TriggerRef>>,
    pub code: Option<String>,
    pub runtime: Option<String>,
    pub dependencies: Option<Vec<Dependency>>,
    pub secrets: Option<Vec<SecretInput>>,
}

pub const RUNTIMES: &[&str] = &["node22", "node18-actions", "node18", "node16"];

fn invalid(m: impl Into<String>) -> AdminError {
    AdminError::Invalid(m.into())
}

fn check_triggers(t: &[TriggerRef]) -> AdminResult<()> {
    if t.len() != 1 {
        return Err(invalid("An action must support exactly one trigger"));
    }
    let id = TriggerId::parse(&t[0].id).map_err(|_| invalid(format!("Unknown trigger: {}", t[0].id)))?;
    if t[0].version != id.version() {
        return Err(invalid(format!("Trigger {} is supported in version {}", id.as_str(), id.version())));
    }
    Ok(())
}

fn seal_secrets(p: &Platform, t: &Tenant, action_id: &str, input: Vec<SecretInput>, old: &[ActionSecret]) -> AdminResult<Vec<ActionSecret>> {
    let now = p.clock.now();
    let mut out = Vec::new();
    for s in input {
        if s.name.trim().is_empty() || out.iter().any(|x: &ActionSecret| x.name == s.name) {
            return Err(invalid(format!("Invalid or duplicate secret name: '{}'", s.name)));
        }
        match (s.value, old.iter().find(|o| o.name == s.name)) {
            (Some(v), _) => out.push(ActionSecret {
                value_sealed: p.master_key.seal(v.as_bytes(), secret_aad(&t.id, action_id, &s.name).as_bytes()).map_err(|e| AdminError::Internal(e.to_string()))?,
                name: s.name,
                updated_at: now,
            }),
            // Write-only: a name without a value keeps the stored value.
            (None, Some(o)) => out.push(o.clone()),
            (None, None) => return Err(invalid(format!("Secret '{}' needs a value", s.name))),
        }
    }
    Ok(out)
}

fn check_limits(p: &Platform, a: &Action) -> AdminResult<()> {
    let l = &p.action_limits;
    if a.code.len() > l.code_bytes {
        return Err(invalid(format!("Action code exceeds the limit of {} bytes", l.code_bytes)));
    }
    if a.secrets.len() > l.secrets_per_action {
        return Err(invalid(format!("An action may have at most {} secrets", l.secrets_per_action)));
    }
    if a.dependencies.len() > l.dependencies_per_action {
        return Err(invalid(format!("An action may have at most {} dependencies", l.dependencies_per_action)));
    }
    if !RUNTIMES.contains(&a.runtime.as_str()) {
        return Err(invalid(format!("Unsupported runtime: {}", a.runtime)));
    }
    Ok(())
}

/// Dependency resolution and a compile check; sets `status` and `errors`.
async fn build_draft(p: &Platform, a: &mut Action) {
    a.status = BuildStatus::Building;
    let deps: Vec<portcullis_actions::Dependency> = a.dependencies.iter().map(|d| portcullis_actions::Dependency { name: d.name.clone(), version: d.version.clone() }).collect();
    match build::build(&p.actions, &a.code, &deps, &p.action_limits.runtime).await {
        Ok(()) => {
            a.status = BuildStatus::Built;
            a.errors.clear();
        }
        Err(errs) => {
            a.status = BuildStatus::Failed;
            a.errors = errs.into_iter().map(|(id, msg)| portcullis_domain::action::BuildError { id, msg }).collect();
        }
    }
}

/// Whether the draft equals the deployed version.
async fn refresh_deployed_flag(p: &Platform, a: &mut Action) -> AdminResult<()> {
    a.all_changes_deployed = match &a.deployed_version_id {
        Some(vid) => match p.store.find_version(&a.tenant_id, &a.id, vid).await? {
            Some(v) => v.code == a.code && v.dependencies == a.dependencies && v.runtime == a.runtime && v.secrets == a.secrets,
            None => false,
        },
        None => false,
    };
    Ok(())
}

pub async fn create(p: &Platform, t: &Tenant, ch: ActionChanges) -> AdminResult<Action> {
    let name = ch.name.filter(|n| !n.trim().is_empty()).ok_or_else(|| invalid("Payload validation error: 'Missing required property: name'."))?;
    let triggers = ch.supported_triggers.ok_or_else(|| invalid("Payload validation error: 'Missing required property: supported_triggers'."))?;
    check_triggers(&triggers)?;
    let total = p.store.list_actions(&t.id, &ActionQuery::default(), Page { page: 0, per_page: 1 }).await?.total;
    if total >= p.action_limits.actions_per_tenant {
        return Err(invalid(format!("A tenant may have at most {} actions", p.action_limits.actions_per_tenant)));
    }
    let now = p.clock.now();
    let id = random::id().to_lowercase();
    let mut a = Action {
        tenant_id: t.id.clone(),
        id: id.clone(),
        name,
        supported_triggers: triggers,
        runtime: ch.runtime.unwrap_or_else(|| "node22".into()),
        code: ch.code.unwrap_or_default(),
        dependencies: ch.dependencies.unwrap_or_default(),
        secrets: seal_secrets(p, t, &id, ch.secrets.unwrap_or_default(), &[])?,
        status: BuildStatus::Pending,
        errors: vec![],
        deployed_version_id: None,
        all_changes_deployed: false,
        created_at: now,
        updated_at: now,
    };
    check_limits(p, &a)?;
    build_draft(p, &mut a).await;
    p.store.create_action(&a).await.map_err(|e| match e {
        portcullis_store::StoreError::Conflict(_) => AdminError::Conflict(format!("An action with the name '{}' already exists", a.name)),
        other => other.into(),
    })?;
    Ok(a)
}

pub async fn get(p: &Platform, t: &Tenant, id: &str) -> AdminResult<Action> {
    p.store.find_action(&t.id, id).await?.ok_or_else(|| AdminError::NotFound("The action does not exist.".into()))
}

pub async fn update(p: &Platform, t: &Tenant, id: &str, ch: ActionChanges) -> AdminResult<Action> {
    let mut a = get(p, t, id).await?;
    if let Some(n) = ch.name {
        a.name = n;
    }
    if let Some(tr) = ch.supported_triggers {
        check_triggers(&tr)?;
        a.supported_triggers = tr;
    }
    if let Some(c) = ch.code {
        a.code = c;
    }
    if let Some(r) = ch.runtime {
        a.runtime = r;
    }
    if let Some(d) = ch.dependencies {
        a.dependencies = d;
    }
    if let Some(s) = ch.secrets {
        a.secrets = seal_secrets(p, t, &a.id, s, &a.secrets)?;
    }
    check_limits(p, &a)?;
    build_draft(p, &mut a).await;
    refresh_deployed_flag(p, &mut a).await?;
    a.updated_at = p.clock.now();
    p.store.update_action(&a).await?;
    Ok(a)
}

/// `409` while bound, unless `force` (then it is unbound everywhere first).
pub async fn delete(p: &Platform, t: &Tenant, id: &str, force: bool) -> AdminResult<()> {
    get(p, t, id).await?;
    let bound = p.store.bindings_of_action(&t.id, id).await?;
    if !bound.is_empty() && !force {
        return Err(AdminError::Conflict("The action is bound to a trigger; remove its bindings or use force=true".into()));
    }
    Ok(p.store.delete_action(&t.id, id).await?)
}

fn snapshot(a: &Action, number: i64, now: portcullis_domain::Timestamp) -> ActionVersion {
    ActionVersion {
        tenant_id: a.tenant_id.clone(),
        id: random::id().to_lowercase(),
        action_id: a.id.clone(),
        action_name: a.name.clone(),
        number,
        code: a.code.clone(),
        dependencies: a.dependencies.clone(),
        runtime: a.runtime.clone(),
        secrets: a.secrets.clone(),
        supported_triggers: a.supported_triggers.clone(),
        deployed: true,
        status: BuildStatus::Built,
        created_at: now,
        updated_at: now,
    }
}

async fn next_number(p: &Platform, t: &Tenant, id: &str) -> AdminResult<i64> {
    let latest = p.store.list_versions(&t.id, id, Page { page: 0, per_page: 1 }).await?;
    Ok(latest.items.first().map(|v| v.number).unwrap_or(0) + 1)
}

/// Deploys the draft as version n+1, live everywhere the action is bound.
pub async fn deploy(p: &Platform, t: &Tenant, id: &str) -> AdminResult<ActionVersion> {
    let mut a = get(p, t, id).await?;
    if a.status != BuildStatus::Built {
        return Err(invalid(format!("The action must be in the 'built' state to be deployed (status: {:?})", a.status).to_lowercase()));
    }
    deploy_snapshot(p, t, &mut a, |a, n, now| snapshot(a, n, now)).await
}

async fn deploy_snapshot(p: &Platform, t: &Tenant, a: &mut Action, make: impl Fn(&Action, i64, portcullis_domain::Timestamp) -> ActionVersion) -> AdminResult<ActionVersion> {
    for _ in 0..3 {
        let now = p.clock.now();
        let v = make(a, next_number(p, t, &a.id).await?, now);
        a.deployed_version_id = Some(v.id.clone());
        a.updated_at = now;
        match p.store.deploy_version(a, &v).await {
            Ok(()) => {
                refresh_deployed_flag(p, a).await?;
                p.store.update_action(a).await?;
                p.store.prune_versions(&t.id, &a.id, p.action_limits.versions_kept).await?;
                return Ok(v);
            }
            Err(portcullis_store::StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AdminError::Conflict("Concurrent deploys of this action; try again".into()))
}

/// Rollback: deploys a copy of an old version as a new number; `update_draft` also restores
/// the draft to it.
pub async fn deploy_version(p: &Platform, t: &Tenant, id: &str, version_id: &str, update_draft: bool) -> AdminResult<ActionVersion> {
    let mut a = get(p, t, id).await?;
    let old = p.store.find_version(&t.id, id, version_id).await?.ok_or_else(|| AdminError::NotFound("The action version does not exist.".into()))?;
    if update_draft {
        a.code = old.code.clone();
        a.dependencies = old.dependencies.clone();
        a.runtime = old.runtime.clone();
        a.secrets = old.secrets.clone();
        a.status = BuildStatus::Built;
        a.errors.clear();
    }
    deploy_snapshot(p, t, &mut a, |a, n, now| {
        let mut v = snapshot(a, n, now);
        v.code = old.code.clone();
        v.dependencies = old.dependencies.clone();
        v.runtime = old.runtime.clone();
        v.secrets = old.secrets.clone();
        v
    })
    .await
}

/// Runs the draft against a payload event (`actions/{id}/test`).
pub async fn test(p: &Platform, t: &Tenant, id: &str, event: serde_json::Value) -> AdminResult<portcullis_actions::TestResult> {
    let a = get(p, t, id).await?;
    let trigger = TriggerId::parse(&a.supported_triggers[0].id).map_err(|e| invalid(e.to_string()))?;
    let secrets = portcullis_oidc::actions::open_secrets(p, &t.id, &a.id, &a.secrets)?;
    let deps = a.dependencies.iter().map(|d| portcullis_actions::Dependency { name: d.name.clone(), version: d.version.clone() }).collect();
    Ok(p.actions.test_action(trigger, &a.code, event, secrets, deps, p.action_limits.runtime.clone()).await)
}
