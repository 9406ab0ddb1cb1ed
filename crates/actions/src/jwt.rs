//! `api.redirect.encodeToken` / `validateToken`: HS256 JWTs as described by Auth0 (signed, not
//! encrypted; `iat`, `iss` = request hostname, `sub` = user id, `exp`, `ip`, plus the payload).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

/// What the token claims are bound to, taken from the event.
#[derive(Debug, Clone, Default)]
pub struct TokenContext {
    pub hostname: String,
    pub user_id: String,
    pub ip: String,
    /// The `state` of the `/continue` request (query or body), for `validateToken`.
    pub state: Option<String>,
    /// `/continue` query and body parameters, searched for the token.
    pub params: Vec<Map<String, Value>>,
}

impl TokenContext {
    pub fn from_event(event: &Value) -> Self {
        let s = |p: &str| event.pointer(p).and_then(Value::as_str).unwrap_or_default().to_owned();
        let params: Vec<Map<String, Value>> = ["/request/query", "/request/body"]
            .iter()
            .filter_map(|p| event.pointer(p).and_then(Value::as_object).cloned())
            .collect();
        let state = params.iter().find_map(|m| m.get("state").and_then(Value::as_str)).map(str::to_owned);
        Self { hostname: s("/request/hostname"), user_id: s("/user/user_id"), ip: s("/request/ip"), state, params }
    }
}

fn sign(secret: &[u8], data: &str) -> Result<Vec<u8>, String> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|e| e.to_string())?;
    mac.update(data.as_bytes());
    Ok(mac.finalize().into_bytes().to_vec())
}

fn secret_of(opts: &Value) -> Result<&str, String> {
    match opts.get("secret") {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        _ => Err("Invalid options: \"secret\" must be a non-empty string".into()),
    }
}

/// `encodeToken({secret, payload, expiresInSeconds = 900})`.
pub fn encode(opts: &Value, ctx: &TokenContext, now_s: u64) -> Result<String, String> {
    let secret = secret_of(opts)?;
    let exp_in = match opts.get("expiresInSeconds") {
        None | Some(Value::Null) => 900,
        Some(v) => v.as_u64().filter(|n| *n > 0).ok_or("Invalid options: \"expiresInSeconds\" must be a positive integer")?,
    };
    let mut claims = match opts.get("payload") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return Err("Invalid options: \"payload\" must be an object".into()),
    };
    claims.insert("iat".into(), now_s.into());
    claims.insert("iss".into(), ctx.hostname.clone().into());
    claims.insert("sub".into(), ctx.user_id.clone().into());
    claims.insert("exp".into(), (now_s + exp_in).into());
    claims.insert("ip".into(), ctx.ip.clone().into());
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let body = URL_SAFE_NO_PAD.encode(Value::Object(claims).to_string());
    let input = format!("{header}.{body}");
    let sig = URL_SAFE_NO_PAD.encode(sign(secret.as_bytes(), &input)?);
    Ok(format!("{input}.{sig}"))
}

/// `validateToken({secret, tokenParameterName = "session_token"})`: returns the payload.
pub fn validate(opts: &Value, ctx: &TokenContext, now_s: u64) -> Result<Value, String> {
    let secret = secret_of(opts)?;
    let param = opts.get("tokenParameterName").and_then(Value::as_str).unwrap_or("session_token");
    let token = ctx
        .params
        .iter()
        .find_map(|m| m.get(param).and_then(Value::as_str))
        .ok_or_else(|| format!("There is no parameter called '{param}' available in either the POST body or query string."))?;
    let mut parts = token.split('.');
    let (Some(h), Some(b), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err("The session token is malformed".into());
    };
    let header: Value = URL_SAFE_NO_PAD.decode(h).ok().and_then(|x| serde_json::from_slice(&x).ok()).ok_or("The session token is malformed")?;
    if header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err("The session token must be signed with HS256".into());
    }
    let expected = sign(secret.as_bytes(), &format!("{h}.{b}"))?;
    let given = URL_SAFE_NO_PAD.decode(s).map_err(|_| "The session token is malformed")?;
    if !crate::sandbox::constant_time_eq(&expected, &given) {
        return Err("The session token signature is invalid".into());
    }
    let claims: Value = URL_SAFE_NO_PAD.decode(b).ok().and_then(|x| serde_json::from_slice(&x).ok()).ok_or("The session token is malformed")?;
    if claims.get("exp").and_then(Value::as_u64).is_none_or(|e| e <= now_s) {
        return Err("The session token has expired".into());
    }
    if claims.get("sub").and_then(Value::as_str) != Some(ctx.user_id.as_str()) {
        return Err("The session token subject does not match the user".into());
    }
    if !ctx.hostname.is_empty() && claims.get("iss").and_then(Value::as_str) != Some(ctx.hostname.as_str()) {
        return Err("The session token issuer does not match".into());
    }
    if claims.get("state").and_then(Value::as_str) != ctx.state.as_deref() {
        return Err("The session token state does not match the transaction state".into());
    }
    Ok(claims)
}
