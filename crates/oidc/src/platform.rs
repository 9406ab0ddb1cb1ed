//! What the use-cases need from the outside world, passed in once at composition.

use crate::keys::KeyRing;
use portcullis_crypto::password::PasswordHasher;
use portcullis_crypto::secretbox::MasterKey;
use portcullis_domain::Clock;
use portcullis_store::Store;
use std::sync::Arc;

/// Token lifetimes and protocol knobs (seconds).
#[derive(Clone, Debug)]
pub struct ProtocolSettings {
    pub code_lifetime: i64,
    pub login_transaction_lifetime: i64,
    pub default_access_token_lifetime: i64,
    /// After this many failed passwords for one user from one IP, the pair is blocked.
    pub brute_force_threshold: i64,
}

impl Default for ProtocolSettings {
    fn default() -> Self {
        ProtocolSettings {
            code_lifetime: 60,
            login_transaction_lifetime: 3600,
            default_access_token_lifetime: 86_400,
            brute_force_threshold: 10,
        }
    }
}

#[derive(Clone)]
pub struct Platform {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub keys: KeyRing,
    pub master_key: MasterKey,
    pub passwords: PasswordHasher,
    pub settings: ProtocolSettings,
}
