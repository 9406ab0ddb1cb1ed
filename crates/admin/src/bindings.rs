//! A trigger's flow: the ordered bindings of deployed actions.

use crate::{AdminError, AdminResult};
use portcullis_actions::TriggerId;
use portcullis_crypto::random;
use portcullis_domain::action::{Action, Binding};
use portcullis_domain::tenant::Tenant;
use portcullis_oidc::Platform;
use portcullis_store::{ActionQuery, Page};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct BindingRef {
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
}

#[derive(Debug, Deserialize)]
pub struct BindingInput {
    #[serde(rename = "ref")]
    pub reference: BindingRef,
    pub display_name: Option<String>,
}

pub fn trigger(id: &str) -> AdminResult<TriggerId> {
    TriggerId::parse(id).map_err(|_| AdminError::NotFound(format!("Unknown trigger: {id}")))
}

pub async fn list(p: &Platform, t: &Tenant, trigger_id: &str) -> AdminResult<Vec<(Binding, Option<Action>)>> {
    trigger(trigger_id)?;
    let mut out = vec![];
    for b in p.store.list_bindings(&t.id, trigger_id).await? {
        let a = p.store.find_action(&t.id, &b.action_id).await?;
        out.push((b, a));
    }
    Ok(out)
}

async fn resolve(p: &Platform, t: &Tenant, trigger_id: &str, r: &BindingRef) -> AdminResult<Action> {
    let found = match r.kind.as_str() {
        "action_id" => p.store.find_action(&t.id, &r.value).await?,
        "action_name" => {
            let q = ActionQuery { name: Some(r.value.clone()), ..Default::default() };
            p.store.list_actions(&t.id, &q, Page { page: 0, per_page: 1 }).await?.items.into_iter().next()
        }
        "binding_id" => {
            let existing = p.store.list_bindings(&t.id, trigger_id).await?;
            match existing.iter().find(|b| b.id == r.value) {
                Some(b) => p.store.find_action(&t.id, &b.action_id).await?,
                None => None,
            }
        }
        other => return Err(AdminError::Invalid(format!("Unknown binding reference type: {other}"))),
    };
    found.ok_or_else(|| AdminError::NotFound(format!("The action referenced by {} '{}' does not exist", r.kind, r.value)))
}

/// Replaces the trigger's ordered bindings. Only deployed actions of this trigger may be bound.
pub async fn replace(p: &Platform, t: &Tenant, trigger_id: &str, input: Vec<BindingInput>) -> AdminResult<Vec<(Binding, Option<Action>)>> {
    trigger(trigger_id)?;
    if input.len() > p.action_limits.actions_per_trigger {
        return Err(AdminError::Invalid(format!("A trigger may have at most {} bound actions", p.action_limits.actions_per_trigger)));
    }
    let existing = p.store.list_bindings(&t.id, trigger_id).await?;
    let now = p.clock.now();
    let mut bindings = vec![];
    for i in &input {
        let a = resolve(p, t, trigger_id, &i.reference).await?;
        if !a.supported_triggers.iter().any(|s| s.id == trigger_id) {
            return Err(AdminError::Invalid(format!("The action '{}' does not support the trigger {trigger_id}", a.name)));
        }
        if a.deployed_version_id.is_none() {
            return Err(AdminError::Invalid(format!("The action '{}' must be deployed before it can be bound", a.name)));
        }
        if bindings.iter().any(|b: &Binding| b.action_id == a.id) {
            return Err(AdminError::Invalid(format!("The action '{}' is bound more than once", a.name)));
        }
        let keep = existing.iter().find(|b| b.action_id == a.id);
        bindings.push(Binding {
            tenant_id: t.id.clone(),
            id: keep.map(|b| b.id.clone()).unwrap_or_else(|| random::id().to_lowercase()),
            trigger_id: trigger_id.to_string(),
            action_id: a.id.clone(),
            display_name: i.display_name.clone().unwrap_or_else(|| a.name.clone()),
            created_at: keep.map(|b| b.created_at).unwrap_or(now),
            updated_at: now,
        });
    }
    p.store.replace_bindings(&t.id, trigger_id, &bindings).await?;
    list(p, t, trigger_id).await
}
