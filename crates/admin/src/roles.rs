//! Roles, their permissions and their users.

use crate::{AdminError, AdminResult};
use portcullis_crypto::random;
use portcullis_domain::role::{Permission, Role};
use portcullis_domain::tenant::Tenant;
use portcullis_oidc::Platform;

pub async fn create(p: &Platform, t: &Tenant, name: Option<String>, description: Option<String>) -> AdminResult<Role> {
    let name = name.filter(|n| !n.trim().is_empty()).ok_or_else(|| AdminError::Invalid("Payload validation error: 'Missing required property: name'.".into()))?;
    let r = Role { tenant_id: t.id.clone(), id: format!("rol_{}", random::id()), name, description: description.unwrap_or_default(), permissions: vec![] };
    p.store.create_role(&r).await.map_err(|e| match e {
        portcullis_store::StoreError::Conflict(_) => AdminError::Conflict("Role name already exists".into()),
        other => other.into(),
    })?;
    Ok(r)
}

pub async fn get(p: &Platform, t: &Tenant, id: &str) -> AdminResult<Role> {
    p.store.find_role(&t.id, id).await?.ok_or_else(|| AdminError::NotFound("The role does not exist.".into()))
}

pub async fn update(p: &Platform, t: &Tenant, id: &str, name: Option<String>, description: Option<String>) -> AdminResult<Role> {
    let mut r = get(p, t, id).await?;
    if let Some(n) = name {
        r.name = n;
    }
    if let Some(d) = description {
        r.description = d;
    }
    p.store.update_role(&r).await?;
    Ok(r)
}

pub async fn delete(p: &Platform, t: &Tenant, id: &str) -> AdminResult<()> {
    get(p, t, id).await?;
    Ok(p.store.delete_role(&t.id, id).await?)
}

pub async fn assign_users(p: &Platform, t: &Tenant, role_id: &str, users: &[String]) -> AdminResult<()> {
    get(p, t, role_id).await?;
    for u in users {
        if p.store.find_user(&t.id, u).await?.is_none() {
            return Err(AdminError::NotFound(format!("User {u} does not exist")));
        }
    }
    Ok(p.store.assign_role(&t.id, role_id, users).await?)
}

pub async fn add_permissions(p: &Platform, t: &Tenant, role_id: &str, perms: Vec<Permission>) -> AdminResult<()> {
    let mut r = get(p, t, role_id).await?;
    for pm in perms {
        let api = p.store.find_resource_server_by_identifier(&t.id, &pm.resource_server_identifier).await?.ok_or_else(|| AdminError::NotFound(format!("Resource server {} does not exist", pm.resource_server_identifier)))?;
        if !api.has_scope(&pm.permission_name) {
            return Err(AdminError::Invalid(format!("Permission {} is not defined by {}", pm.permission_name, api.identifier)));
        }
        if !r.permissions.contains(&pm) {
            r.permissions.push(pm);
        }
    }
    p.store.update_role(&r).await?;
    Ok(())
}

pub async fn remove_permissions(p: &Platform, t: &Tenant, role_id: &str, perms: &[Permission]) -> AdminResult<()> {
    let mut r = get(p, t, role_id).await?;
    r.permissions.retain(|x| !perms.contains(x));
    p.store.update_role(&r).await?;
    Ok(())
}

pub async fn unassign_users(p: &Platform, t: &Tenant, role_id: &str, users: &[String]) -> AdminResult<()> {
    get(p, t, role_id).await?;
    Ok(p.store.unassign_role(&t.id, role_id, users).await?)
}

/// A user's permissions: the union of the permissions of their roles, each once, with the
/// roles it comes from (Auth0's `sources`).
pub async fn permissions_of_user(p: &Platform, t: &Tenant, user_id: &str) -> AdminResult<Vec<(Permission, Vec<Role>)>> {
    if p.store.find_user(&t.id, user_id).await?.is_none() {
        return Err(AdminError::NotFound("The user does not exist.".into()));
    }
    let mut out: Vec<(Permission, Vec<Role>)> = vec![];
    for r in p.store.roles_of_user(&t.id, user_id).await? {
        for pm in &r.permissions {
            match out.iter_mut().find(|(x, _)| x == pm) {
                Some((_, sources)) => sources.push(r.clone()),
                None => out.push((pm.clone(), vec![r.clone()])),
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Removes roles from a user (`DELETE /users/{id}/roles`).
pub async fn remove_user_roles(p: &Platform, t: &Tenant, user_id: &str, role_ids: &[String]) -> AdminResult<()> {
    for r in role_ids {
        unassign_users(p, t, r, std::slice::from_ref(&user_id.to_string())).await?;
    }
    Ok(())
}
