//! Per-tenant signing keys: loaded from the store, created on first use, cached per node.
//! The cache is only a cache: a rotation made on another node is seen within `CACHE_TTL`.

use crate::error::{OidcError, OidcResult};
use portcullis_crypto::jwt::{Alg, SigningKey, VerifyingKeys};
use portcullis_crypto::secretbox::MasterKey;
use portcullis_domain::flow::StoredSigningKey;
use portcullis_domain::Timestamp;
use portcullis_store::Store;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

const CACHE_TTL_MS: i64 = 30_000;

pub struct TenantKeys {
    pub rs256: Arc<SigningKey>,
    pub es256: Option<Arc<SigningKey>>,
    /// Public keys of every key not revoked (current and previous), for `/.well-known/jwks.json`.
    pub jwks: Vec<serde_json::Value>,
    /// The same public keys parsed once, for verifying tokens (userinfo, the Management API,
    /// `id_token_hint`).
    pub verifying: VerifyingKeys,
    loaded_at: Timestamp,
}

#[derive(Clone, Default)]
pub struct KeyRing {
    cache: Arc<RwLock<HashMap<String, Arc<TenantKeys>>>>,
}

fn alg_name(alg: Alg) -> &'static str {
    match alg {
        Alg::RS256 => "RS256",
        Alg::ES256 => "ES256",
    }
}

impl KeyRing {
    pub fn invalidate(&self, tenant: &str) {
        if let Ok(mut c) = self.cache.write() {
            c.remove(tenant);
        }
    }

    /// The tenant's keys; creates the first RS256 and ES256 keys when there are none.
    pub async fn get(&self, store: &dyn Store, mk: &MasterKey, tenant: &str, now: Timestamp) -> OidcResult<Arc<TenantKeys>> {
        if let Some(k) = self.cache.read().ok().and_then(|c| c.get(tenant).cloned()) {
            if now.millis() - k.loaded_at.millis() < CACHE_TTL_MS {
                return Ok(k);
            }
        }
        let mut stored = store.list_keys(tenant).await?;
        let mut created = false;
        for alg in [Alg::RS256, Alg::ES256] {
            if !stored.iter().any(|k| k.current && k.alg == alg_name(alg)) {
                let key = new_stored_key(mk, tenant, alg, now)?;
                store.rotate_key(&key, now).await?;
                created = true;
            }
        }
        if created {
            stored = store.list_keys(tenant).await?;
        }
        let keys = Arc::new(load(mk, &stored, now)?);
        if let Ok(mut c) = self.cache.write() {
            c.insert(tenant.to_string(), keys.clone());
        }
        Ok(keys)
    }

    /// Makes a new current key for `alg`; the previous one stays published.
    pub async fn rotate(&self, store: &dyn Store, mk: &MasterKey, tenant: &str, alg: Alg, now: Timestamp) -> OidcResult<StoredSigningKey> {
        let key = new_stored_key(mk, tenant, alg, now)?;
        store.rotate_key(&key, now).await?;
        self.invalidate(tenant);
        Ok(key)
    }
}

fn new_stored_key(mk: &MasterKey, tenant: &str, alg: Alg, now: Timestamp) -> OidcResult<StoredSigningKey> {
    let key = SigningKey::generate(alg)?;
    let aad = format!("signing-key:{tenant}:{}", key.kid());
    Ok(StoredSigningKey {
        tenant_id: tenant.to_string(),
        kid: key.kid().to_string(),
        alg: alg_name(alg).to_string(),
        private_sealed: mk.seal(&key.to_pkcs8(), aad.as_bytes())?,
        public_jwk: key.public_jwk(),
        current: true,
        created_at: now,
        rotated_at: None,
        revoked_at: None,
    })
}

fn open_key(mk: &MasterKey, k: &StoredSigningKey) -> OidcResult<SigningKey> {
    let alg = match k.alg.as_str() {
        "RS256" => Alg::RS256,
        "ES256" => Alg::ES256,
        other => return Err(OidcError::Internal(format!("unknown key algorithm {other}"))),
    };
    let aad = format!("signing-key:{}:{}", k.tenant_id, k.kid);
    let der = mk.open(&k.private_sealed, aad.as_bytes())?;
    Ok(SigningKey::from_pkcs8(&k.kid, alg, &der)?)
}

fn load(mk: &MasterKey, stored: &[StoredSigningKey], now: Timestamp) -> OidcResult<TenantKeys> {
    let current = |alg: &str| stored.iter().find(|k| k.current && k.alg == alg);
    let rs = current("RS256").ok_or_else(|| OidcError::Internal("no current RS256 key".into()))?;
    let es = match current("ES256") {
        Some(k) => Some(Arc::new(open_key(mk, k)?)),
        None => None,
    };
    let jwks: Vec<serde_json::Value> = stored.iter().filter(|k| k.revoked_at.is_none()).map(|k| k.public_jwk.clone()).collect();
    Ok(TenantKeys { rs256: Arc::new(open_key(mk, rs)?), es256: es, verifying: VerifyingKeys::from_jwks(&jwks), jwks, loaded_at: now })
}
