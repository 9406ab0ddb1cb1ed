//! `api.cache`: a short-lived key/value cache scoped to (tenant, trigger), with Auth0's limits
//! and result objects. The host provides the backing store through [`ActionCache`].

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::{json, Value};

/// Default time to live: 15 minutes; maximum: 24 hours (Auth0 limits).
pub const DEFAULT_TTL_MS: u64 = 15 * 60 * 1000;
pub const MAX_TTL_MS: u64 = 24 * 60 * 60 * 1000;
pub const MAX_KEY_BYTES: usize = 64;
pub const MAX_VALUE_BYTES: usize = 4 * 1024;
pub const MAX_ENTRIES: usize = 20;
pub const MAX_TOTAL_BYTES: usize = 8 * 1024;

/// One cached value; `expires_at` in milliseconds since the Unix epoch.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CacheRecord {
    pub value: String,
    pub expires_at: u64,
}

/// Backing store of the actions cache. `scope` is `"{tenant}/{trigger}"`; implementations must
/// never let one scope read another. Methods are synchronous because `api.cache.get` is.
pub trait ActionCache: Send + Sync {
    /// All live (unexpired at `now_ms`) records of a scope.
    fn entries(&self, scope: &str, now_ms: u64) -> Vec<(String, CacheRecord)>;
    fn put(&self, scope: &str, key: &str, record: CacheRecord);
    /// Returns the removed record, if any.
    fn remove(&self, scope: &str, key: &str) -> Option<CacheRecord>;
}

/// A process-local cache (a per-node cache; fine because the actions cache is best effort).
#[derive(Default)]
pub struct InMemoryCache {
    scopes: Mutex<HashMap<String, HashMap<String, CacheRecord>>>,
}

impl ActionCache for InMemoryCache {
    fn entries(&self, scope: &str, now_ms: u64) -> Vec<(String, CacheRecord)> {
        let Ok(mut map) = self.scopes.lock() else { return Vec::new() };
        let Some(s) = map.get_mut(scope) else { return Vec::new() };
        s.retain(|_, r| r.expires_at > now_ms);
        s.iter().map(|(k, r)| (k.clone(), r.clone())).collect()
    }
    fn put(&self, scope: &str, key: &str, record: CacheRecord) {
        if let Ok(mut map) = self.scopes.lock() {
            map.entry(scope.to_owned()).or_default().insert(key.to_owned(), record);
        }
    }
    fn remove(&self, scope: &str, key: &str) -> Option<CacheRecord> {
        self.scopes.lock().ok()?.get_mut(scope)?.remove(key)
    }
}

fn error(code: &str) -> Value {
    json!({ "type": "error", "code": code })
}

/// `api.cache.get(key)`: `{value, expires_at}` or `undefined` (None).
pub fn get(cache: &dyn ActionCache, scope: &str, key: &str, now_ms: u64) -> Option<Value> {
    cache
        .entries(scope, now_ms)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, r)| json!({ "value": r.value, "expires_at": r.expires_at }))
}

/// `api.cache.set(key, value, {ttl?, expires_at?})`. `side_effects` counts this execution's
/// writes; more than `MAX_ENTRIES` is `MaxSideEffectsExceeded`.
pub fn set(cache: &dyn ActionCache, scope: &str, args: &[Value], now_ms: u64, side_effects: &mut usize) -> Value {
    let (Some(Value::String(key)), Some(Value::String(value))) = (args.first(), args.get(1)) else {
        return error("FailedToSetCacheRecord");
    };
    *side_effects += 1;
    if *side_effects > MAX_ENTRIES {
        return error("MaxSideEffectsExceeded");
    }
    if key.len() > MAX_KEY_BYTES {
        return error("CacheKeySizeExceeded");
    }
    if value.len() > MAX_VALUE_BYTES {
        return error("CacheValueSizeExceeded");
    }
    let opts = args.get(2);
    let ttl = opts.and_then(|o| o.get("ttl")).and_then(Value::as_f64);
    let at = opts.and_then(|o| o.get("expires_at")).and_then(Value::as_f64);
    let mut expires = now_ms + DEFAULT_TTL_MS;
    if let Some(t) = ttl {
        if t.is_nan() || t <= 0.0 || t as u64 > MAX_TTL_MS {
            return error("InvalidExpiry");
        }
        expires = now_ms + t as u64;
    }
    if let Some(a) = at {
        if a <= now_ms as f64 {
            return error("ItemAlreadyExpired");
        }
        if a as u64 > now_ms + MAX_TTL_MS {
            return error("InvalidExpiry");
        }
        // If both are given, the earlier expiry wins.
        expires = if ttl.is_some() { expires.min(a as u64) } else { a as u64 };
    }
    let entries = cache.entries(scope, now_ms);
    let others: Vec<_> = entries.iter().filter(|(k, _)| k != key).collect();
    let total: usize = others.iter().map(|(k, r)| k.len() + r.value.len()).sum::<usize>() + key.len() + value.len();
    if others.len() + 1 > MAX_ENTRIES || total > MAX_TOTAL_BYTES {
        return error("CacheSizeExceeded");
    }
    let record = CacheRecord { value: value.clone(), expires_at: expires };
    cache.put(scope, key, record);
    json!({ "type": "success", "record": { "value": value, "expires_at": expires } })
}

/// `api.cache.delete(key)`.
pub fn delete(cache: &dyn ActionCache, scope: &str, key: &str, side_effects: &mut usize) -> Value {
    *side_effects += 1;
    if *side_effects > MAX_ENTRIES {
        return error("MaxSideEffectsExceeded");
    }
    match cache.remove(scope, key) {
        Some(r) => json!({ "type": "success", "record": { "value": r.value, "expires_at": r.expires_at } }),
        None => error("CacheKeyDoesNotExist"),
    }
}
