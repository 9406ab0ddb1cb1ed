//! Running Actions at the points of the login runtime: builds Auth0's `event`, runs the bound
//! deployed versions through the executor, records the execution, and turns the folded
//! decision into what the flow applies.

use crate::error::{OidcError, OidcResult};
use crate::logs::RequestMeta;
use crate::platform::Platform;
use portcullis_actions::triggers::{Decision, SuspensionKind};
use portcullis_actions::{ActionSource, Handler, TriggerId, TriggerOutcome, TriggerRequest};
use portcullis_crypto::random;
use portcullis_domain::action::{ActionEffects, ActionVersion, Execution, SuspendedFlow};
use portcullis_domain::client::Client;
use portcullis_domain::tenant::Tenant;
use portcullis_domain::user::User;
use portcullis_domain::Timestamp;
use serde_json::{json, Map, Value};

/// Opens a version's sealed secrets (AAD binds them to their action); memoized, as every
/// execution of the action opens them.
pub fn open_secrets(p: &Platform, tenant: &str, action_id: &str, v: &[portcullis_domain::action::ActionSecret]) -> OidcResult<Vec<(String, String)>> {
    v.iter()
        .map(|s| {
            let raw = p.master_key.open_memoized(&s.value_sealed, secret_aad(tenant, action_id, &s.name).as_bytes())?;
            Ok((s.name.clone(), String::from_utf8(raw.to_vec()).map_err(|e| OidcError::Internal(e.to_string()))?))
        })
        .collect()
}

pub fn secret_aad(tenant: &str, action_id: &str, name: &str) -> String {
    format!("action-secret:{tenant}:{action_id}:{name}")
}

fn sources(p: &Platform, tenant: &str, versions: &[ActionVersion]) -> OidcResult<Vec<ActionSource>> {
    versions
        .iter()
        .map(|v| {
            Ok(ActionSource {
                action_id: v.action_id.clone(),
                name: v.action_name.clone(),
                version_id: v.id.clone(),
                code: v.code.clone(),
                secrets: open_secrets(p, tenant, &v.action_id, &v.secrets)?,
                dependencies: v.dependencies.iter().map(|d| portcullis_actions::Dependency { name: d.name.clone(), version: d.version.clone() }).collect(),
            })
        })
        .collect()
}

/// Runs a trigger and writes its execution record; returns the outcome and the record's id.
pub async fn execute(p: &Platform, tenant: &str, trigger: TriggerId, handler: Handler, versions: &[ActionVersion], event: Value) -> OidcResult<(TriggerOutcome, String)> {
    let req = TriggerRequest {
        tenant_id: tenant.to_string(),
        trigger,
        handler,
        actions: sources(p, tenant, versions)?,
        event,
        limits: p.action_limits.runtime.clone(),
        fresh_runtime: false,
    };
    let outcome = p.actions.run(req).await;
    let now = p.clock.now();
    // Time-ordered: the records go in at the end of their table's b-tree.
    let id = random::time_ordered_id(now.millis());
    let results: Vec<Value> = outcome
        .actions
        .iter()
        .map(|a| json!({"action_name": a.action_name, "version_id": a.version_id, "error": a.error, "started_at": Timestamp(a.started_at as i64).to_iso8601(), "ended_at": Timestamp(a.ended_at as i64).to_iso8601(), "stats": a.stats, "logs": a.logs}))
        .collect();
    let failed = outcome.actions.iter().any(|a| a.error.is_some());
    let exec = Execution { tenant_id: tenant.to_string(), id: id.clone(), trigger_id: trigger.as_str().to_string(), status: if failed { "partial".into() } else { "final".into() }, results: Value::Array(results), created_at: now, updated_at: now };
    p.store.record_execution(exec).await?;
    for a in &outcome.actions {
        if !a.logs.is_empty() {
            p.live.publish(tenant, || json!({"type": "console", "execution_id": id, "trigger_id": trigger.as_str(), "action_name": a.action_name, "message": a.logs, "date": now.to_iso8601()}));
        }
        p.live.publish(tenant, || json!({"type": "execution", "execution_id": id, "trigger_id": trigger.as_str(), "action_name": a.action_name, "version_id": a.version_id, "error": a.error, "stats": a.stats, "date": now.to_iso8601()}));
        if let Some(err) = &a.error {
            crate::logs::write(p, tenant, &RequestMeta::default(), crate::logs::LogEntry {
                kind: "actions_execution_failed",
                description: Some(format!("{}: {}", a.action_name, err.message)),
                details: Some(json!({"error_class": err.code.as_str(), "action_name": a.action_name, "execution_id": id, "trigger_id": trigger.as_str()})),
                ..Default::default()
            })
            .await;
        }
    }
    Ok((outcome, id))
}

fn user_json(u: &User) -> Value {
    json!({
        "user_id": u.user_id, "email": u.email, "email_verified": u.email_verified, "name": u.name, "nickname": u.nickname,
        "given_name": u.given_name, "family_name": u.family_name, "username": u.username, "picture": u.picture,
        "phone_number": u.phone_number, "app_metadata": u.app_metadata, "user_metadata": u.user_metadata,
        "identities": u.identities(), "created_at": u.created_at.to_iso8601(), "updated_at": u.updated_at.to_iso8601(),
        "last_password_reset": Value::Null, "multifactor": u.mfa.providers(),
        "enrolledFactors": u.mfa.authenticators.iter().map(|a| json!({"type": if a.kind == "totp" { "otp" } else { a.kind.as_str() }})).collect::<Vec<_>>(),
    })
}

fn client_json(c: &Client) -> Value {
    json!({"client_id": c.client_id, "name": c.name, "metadata": c.client_metadata})
}

fn request_json(meta: &RequestMeta, hostname: &str, query: &Map<String, Value>) -> Value {
    json!({"ip": meta.ip, "user_agent": meta.user_agent, "hostname": hostname, "method": "GET", "language": "en", "geoip": {}, "query": query, "body": {}})
}

/// Everything post-login needs to know about the login in progress.
pub struct PostLoginContext<'a> {
    pub tenant: &'a Tenant,
    pub client: &'a Client,
    pub user: &'a User,
    pub meta: &'a RequestMeta,
    pub protocol: &'a str,
    pub requested_scopes: &'a [String],
    pub audience: Option<&'a str>,
    pub redirect_uri: Option<&'a str>,
    pub state: Option<&'a str>,
    pub transaction_id: &'a str,
    pub session_id: Option<&'a str>,
    pub amr: &'a [String],
    pub auth_time: Timestamp,
    pub query: Map<String, Value>,
}

pub enum PostLoginOutcome {
    Proceed { effects: ActionEffects, mfa_required: bool },
    Denied { description: String },
    /// `sendUserTo` (the URL to send the browser to) or an authentication challenge (no URL).
    Suspended { url: Option<String>, flow: SuspendedFlow },
}

async fn post_login_event(p: &Platform, c: &PostLoginContext<'_>) -> OidcResult<Value> {
    let roles: Vec<String> = p.store.roles_of_user(&c.tenant.id, &c.user.user_id).await?.into_iter().map(|r| r.name).collect();
    let methods: Vec<Value> = c.amr.iter().map(|m| json!({"name": m, "timestamp": c.auth_time.to_iso8601()})).collect();
    // The parts built as values are assigned afterwards: inside `json!` each would be copied
    // through the serializer once more.
    let mut event = json!({
        "authorization": {"roles": roles},
        "connection": {"id": format!("con_{}", c.user.connection.len()), "name": c.user.connection, "strategy": "auth0", "metadata": {}},
        "transaction": {"id": c.transaction_id, "protocol": c.protocol, "requested_scopes": c.requested_scopes, "redirect_uri": c.redirect_uri, "state": c.state, "response_type": ["code"], "locale": "en", "ui_locales": [], "metadata": {}},
        "stats": {"logins_count": c.user.logins_count},
        "tenant": {"id": c.tenant.id},
        "authentication": {"methods": methods},
        "security_context": {},
    });
    event["user"] = user_json(c.user);
    event["client"] = client_json(c.client);
    event["request"] = request_json(c.meta, &c.tenant.domain, &c.query);
    if let Some(sid) = c.session_id {
        event["session"] = json!({"id": sid});
    }
    if let Some(aud) = c.audience {
        event["resource_server"] = json!({"identifier": aud});
    }
    Ok(event)
}

/// Runs post-login (or resumes it). Applies metadata changes to the user once, at the end.
pub async fn run_post_login(p: &Platform, c: &PostLoginContext<'_>, resume: Option<&SuspendedFlow>) -> OidcResult<PostLoginOutcome> {
    let bound: Vec<ActionVersion> = p.store.bound_versions(&c.tenant.id, TriggerId::PostLogin.as_str()).await?.into_iter().map(|(_, v)| v).collect();
    let (versions, handler, base_index, mut effects, mut mfa) = match resume {
        None => (bound, Handler::Execute, 0, ActionEffects::default(), false),
        Some(s) => {
            let start = if s.resume_with_continue { s.action_index } else { s.action_index + 1 };
            let wanted: Vec<&String> = s.version_ids.iter().skip(start).collect();
            let vs: Vec<ActionVersion> = bound.into_iter().filter(|v| wanted.contains(&&v.id)).collect();
            (vs, if s.resume_with_continue { Handler::Continue } else { Handler::Execute }, start, s.effects.clone(), s.mfa_required)
        }
    };
    if versions.is_empty() {
        return Ok(PostLoginOutcome::Proceed { effects, mfa_required: mfa });
    }
    let event = post_login_event(p, c).await?;
    let (outcome, execution_id) = execute(p, &c.tenant.id, TriggerId::PostLogin, handler, &versions, event).await?;
    effects.executions.push(execution_id);
    let Decision::PostLogin(d) = outcome.decision else { return Err(OidcError::Internal("post-login returned another trigger's decision".into())) };
    if !d.app_metadata.is_empty() || !d.user_metadata.is_empty() {
        if let Some(mut u) = p.store.find_user(&c.tenant.id, &c.user.user_id).await? {
            let to_map = |m: &std::collections::BTreeMap<String, Value>| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<Map<String, Value>>();
            User::merge_metadata(&mut u.app_metadata, &to_map(&d.app_metadata));
            User::merge_metadata(&mut u.user_metadata, &to_map(&d.user_metadata));
            u.updated_at = p.clock.now();
            p.store.update_user(&u).await?;
        }
    }
    if let Some(denied) = &d.denied {
        return Ok(PostLoginOutcome::Denied { description: denied.reason.clone() });
    }
    effects.id_token_claims.extend(d.id_token_claims.clone());
    effects.access_token_claims.extend(d.access_token_claims.clone());
    for s in &d.scopes_added {
        effects.scopes_removed.retain(|x| x != s);
        if !effects.scopes_added.contains(s) {
            effects.scopes_added.push(s.clone());
        }
    }
    for s in &d.scopes_removed {
        effects.scopes_added.retain(|x| x != s);
        if !effects.scopes_removed.contains(s) {
            effects.scopes_removed.push(s.clone());
        }
    }
    if d.mfa.iter().any(|m| m.options.as_ref().and_then(|o| o.get("allowRememberBrowser")).and_then(Value::as_bool) == Some(true)) {
        effects.mfa_allow_remember_browser = true;
    }
    if d.mfa.iter().any(|m| m.provider != "none") {
        mfa = true;
    }
    if let Some(s) = &d.suspended {
        let version_ids: Vec<String> = match resume {
            Some(r) => r.version_ids.clone(),
            None => versions.iter().map(|v| v.id.clone()).collect(),
        };
        let index = base_index + s.action_index;
        return Ok(match &s.kind {
            SuspensionKind::Redirect { url, query } => {
                let mut target = url::Url::parse(url).map_err(|e| OidcError::Internal(format!("redirect URL: {e}")))?;
                {
                    let mut qp = target.query_pairs_mut();
                    for (k, v) in query {
                        qp.append_pair(k, &v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()));
                    }
                    qp.append_pair("state", c.transaction_id);
                }
                PostLoginOutcome::Suspended { url: Some(target.to_string()), flow: SuspendedFlow { action_index: index, version_ids, effects, mfa_required: mfa, resume_with_continue: true } }
            }
            SuspensionKind::Authentication { .. } => PostLoginOutcome::Suspended { url: None, flow: SuspendedFlow { action_index: index, version_ids, effects, mfa_required: true, resume_with_continue: false } },
        });
    }
    Ok(PostLoginOutcome::Proceed { effects, mfa_required: mfa })
}

/// credentials-exchange: claims for the M2M token, or a denial `(code, reason)`.
pub async fn run_credentials_exchange(p: &Platform, tenant: &Tenant, client: &Client, audience: &str, scope: &[String], meta: &RequestMeta) -> OidcResult<Result<(Map<String, Value>, Option<String>), (String, String)>> {
    let versions: Vec<ActionVersion> = p.store.bound_versions(&tenant.id, TriggerId::CredentialsExchange.as_str()).await?.into_iter().map(|(_, v)| v).collect();
    if versions.is_empty() {
        return Ok(Ok((Map::new(), None)));
    }
    let event = json!({
        "client": client_json(client),
        "request": request_json(meta, &tenant.domain, &Map::new()),
        "resource_server": {"identifier": audience},
        "tenant": {"id": tenant.id},
        "transaction": {"requested_scopes": scope},
        "accessToken": {"customClaims": {}, "scope": scope},
    });
    let (outcome, id) = execute(p, &tenant.id, TriggerId::CredentialsExchange, Handler::Execute, &versions, event).await?;
    match outcome.decision {
        Decision::CredentialsExchange(d) => match d.denied {
            Some(den) => Ok(Err((den.code, den.reason))),
            None => Ok(Ok((d.access_token_claims, Some(id)))),
        },
        _ => Err(OidcError::Internal("credentials-exchange returned another trigger's decision".into())),
    }
}

/// pre-user-registration: metadata for the new user, or the message to show.
pub async fn run_pre_user_registration(p: &Platform, tenant: &Tenant, client: &Client, user: &User, meta: &RequestMeta) -> OidcResult<Result<(Map<String, Value>, Map<String, Value>), String>> {
    let versions: Vec<ActionVersion> = p.store.bound_versions(&tenant.id, TriggerId::PreUserRegistration.as_str()).await?.into_iter().map(|(_, v)| v).collect();
    if versions.is_empty() {
        return Ok(Ok((Map::new(), Map::new())));
    }
    let event = json!({
        "user": user_json(user),
        "client": client_json(client),
        "connection": {"name": user.connection, "strategy": "auth0", "metadata": {}},
        "request": request_json(meta, &tenant.domain, &Map::new()),
        "tenant": {"id": tenant.id},
        "transaction": {"locale": "en"},
    });
    let (outcome, _) = execute(p, &tenant.id, TriggerId::PreUserRegistration, Handler::Execute, &versions, event).await?;
    match outcome.decision {
        Decision::PreUserRegistration(d) => match d.denied {
            Some(den) => Ok(Err(den.user_message.unwrap_or_else(|| "You are not allowed to register.".into()))),
            None => {
                let to_map = |m: &std::collections::BTreeMap<String, Value>| m.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), v.clone())).collect::<Map<String, Value>>();
                Ok(Ok((to_map(&d.app_metadata), to_map(&d.user_metadata))))
            }
        },
        _ => Err(OidcError::Internal("pre-user-registration returned another trigger's decision".into())),
    }
}

/// Notify-only triggers (post-user-registration, post-change-password): run after the fact,
/// never blocking; failures are only recorded.
pub fn notify(p: &Platform, tenant: &Tenant, trigger: TriggerId, user: &User, client: Option<&Client>, meta: &RequestMeta) {
    let p = p.clone();
    let tenant = tenant.clone();
    let event = json!({
        "user": user_json(user),
        "client": client.map(client_json),
        "connection": {"name": user.connection, "strategy": "auth0"},
        "request": request_json(meta, &tenant.domain, &Map::new()),
        "tenant": {"id": tenant.id},
    });
    tokio::spawn(async move {
        let versions: Vec<ActionVersion> = match p.store.bound_versions(&tenant.id, trigger.as_str()).await {
            Ok(v) => v.into_iter().map(|(_, v)| v).collect(),
            Err(e) => {
                tracing::error!(error = %e, "loading bound actions");
                return;
            }
        };
        if versions.is_empty() {
            return;
        }
        if let Err(e) = execute(&p, &tenant.id, trigger, Handler::Execute, &versions, event).await {
            tracing::error!(error = %e, trigger = trigger.as_str(), "notify trigger failed");
        }
    });
}

/// Post-login at the token endpoint (refresh-token exchange, password grants): no page can be
/// shown, so a redirect or an unmet MFA requirement ends the request.
pub async fn post_login_for_token(p: &Platform, tenant: &Tenant, client: &Client, user: &User, grant: &portcullis_domain::flow::Grant, meta: &RequestMeta, protocol: &str) -> OidcResult<Result<ActionEffects, crate::OAuthError>> {
    let ctx = PostLoginContext {
        tenant,
        client,
        user,
        meta,
        protocol,
        requested_scopes: &grant.scope,
        audience: grant.audience.as_deref(),
        redirect_uri: None,
        state: None,
        transaction_id: &grant.family_id,
        session_id: grant.session_id.as_deref(),
        amr: &grant.amr,
        auth_time: grant.auth_time,
        query: Map::new(),
    };
    Ok(match run_post_login(p, &ctx, None).await? {
        PostLoginOutcome::Proceed { effects, mfa_required } => {
            if mfa_required && !grant.amr.iter().any(|m| m == "mfa") {
                Err(crate::OAuthError::new("mfa_required", "Multifactor authentication required"))
            } else {
                Ok(effects)
            }
        }
        PostLoginOutcome::Denied { description } => Err(crate::OAuthError::access_denied(description)),
        PostLoginOutcome::Suspended { url: Some(_), .. } => Err(crate::OAuthError::access_denied("An action requested a redirect, which is not possible in this flow")),
        PostLoginOutcome::Suspended { url: None, .. } => Err(crate::OAuthError::new("mfa_required", "Multifactor authentication required")),
    })
}

/// Applies post-login effects to a grant: scopes added/removed, custom claims (restricted
/// names dropped).
pub fn apply_effects(grant: &mut portcullis_domain::flow::Grant, effects: &ActionEffects) {
    grant.scope.retain(|s| !effects.scopes_removed.contains(s));
    for s in &effects.scopes_added {
        if !grant.scope.contains(s) {
            grant.scope.push(s.clone());
        }
    }
    let keep = |m: &Map<String, Value>| m.iter().filter(|(k, _)| !crate::tokens::is_restricted_claim(k)).map(|(k, v)| (k.clone(), v.clone())).collect::<Map<String, Value>>();
    grant.custom_id_token_claims = keep(&effects.id_token_claims);
    grant.custom_access_token_claims = keep(&effects.access_token_claims);
}
