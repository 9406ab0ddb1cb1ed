//! Password hashing with Argon2id, stored as PHC strings
//! (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`).

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};

use crate::CryptoError;

thread_local! {
    /// The Argon2 working memory of this thread, reused from one verification to the next: a
    /// fresh 19 MiB allocation (and its zeroing and page faults) costs ~17% of a verify.
    static BLOCKS: std::cell::RefCell<Vec<argon2::Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Verifies with the algorithm, version and cost written in the hash, in this thread's reused
/// memory. `None` when the hash is of a shape this path does not handle.
fn verify_reusing_memory(password: &str, parsed: &PasswordHash<'_>) -> Option<bool> {
    let alg = Algorithm::try_from(parsed.algorithm).ok()?;
    let version = match parsed.version {
        Some(v) => Version::try_from(v).ok()?,
        None => Version::V0x13,
    };
    let params = Params::try_from(parsed).ok()?;
    let expected = parsed.hash?;
    let mut salt_buf = [0u8; 64];
    let salt = parsed.salt?.decode_b64(&mut salt_buf).ok()?;
    let mut out = vec![0u8; expected.len()];
    let blocks = params.block_count();
    let argon = Argon2::new(alg, version, params);
    BLOCKS.with(|cell| {
        let mut mem = cell.try_borrow_mut().ok()?;
        if mem.len() < blocks {
            mem.resize(blocks, argon2::Block::default());
        }
        argon.hash_password_into_with_memory(password.as_bytes(), salt, &mut out, &mut mem[..blocks]).ok()
    })?;
    Some(crate::digest::constant_time_eq(&out, expected.as_bytes()))
}

/// Cost parameters for new hashes. Existing hashes keep the parameters written in their PHC
/// string, so raising these does not lock anyone out.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct PasswordParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for PasswordParams {
    /// OWASP Password Storage Cheat Sheet: Argon2id, m=19456 KiB (19 MiB), t=2, p=1.
    fn default() -> Self {
        Self {
            memory_kib: 19_456,
            iterations: 2,
            parallelism: 1,
        }
    }
}

/// Hashes and verifies passwords. Cheap to clone.
#[derive(Clone)]
pub struct PasswordHasher {
    argon2: Argon2<'static>,
    params: PasswordParams,
    /// A hash of a random password with the current parameters, so that looking up an unknown
    /// user costs the same as a wrong password (no user enumeration by timing).
    dummy_phc: String,
}

impl std::fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordHasher")
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

impl PasswordHasher {
    /// Validates the parameters and computes one hash (for [`Self::verify_dummy`]), so this
    /// costs one hashing time; build it once at start-up.
    pub fn new(params: PasswordParams) -> Result<Self, CryptoError> {
        let argon2_params = Params::new(
            params.memory_kib,
            params.iterations,
            params.parallelism,
            None,
        )
        .map_err(|e| CryptoError::InvalidPasswordParams(e.to_string()))?;
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, argon2_params);
        let mut hasher = Self {
            argon2,
            params,
            dummy_phc: String::new(),
        };
        hasher.dummy_phc = hasher.hash(&crate::random::token(16))?;
        Ok(hasher)
    }

    pub fn params(&self) -> &PasswordParams {
        &self.params
    }

    /// A PHC string of an Argon2id hash of `password` with a fresh 16-byte random salt.
    pub fn hash(&self, password: &str) -> Result<String, CryptoError> {
        let salt = SaltString::encode_b64(&crate::random::bytes::<16>())
            .map_err(|e| CryptoError::PasswordHashing(e.to_string()))?;
        self.argon2
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| CryptoError::PasswordHashing(e.to_string()))
    }

    /// Whether `password` matches the PHC string `phc`, using the algorithm and parameters
    /// written in `phc`. A malformed or unsupported `phc` is simply `false`.
    pub fn verify(&self, password: &str, phc: &str) -> bool {
        let Ok(parsed) = PasswordHash::new(phc) else {
            return false;
        };
        verify_reusing_memory(password, &parsed).unwrap_or_else(|| {
            // Anything the fast path does not understand goes through the library's own check.
            Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()
        })
    }

    /// Spends about as long as [`Self::verify`] with the current parameters, then returns
    /// `false`. Call it when the user does not exist.
    pub fn verify_dummy(&self, password: &str) -> bool {
        let _ = self.verify(password, &self.dummy_phc);
        false
    }

    /// Whether `phc` was made with other settings than this hasher's (including a malformed
    /// string), so it should be replaced by a fresh hash after the next successful login.
    pub fn needs_rehash(&self, phc: &str) -> bool {
        let Ok(parsed) = PasswordHash::new(phc) else {
            return true;
        };
        let Ok(current) = Params::try_from(&parsed) else {
            return true;
        };
        parsed.algorithm != Algorithm::Argon2id.ident()
            || parsed.version != Some(Version::V0x13.into())
            || current.m_cost() != self.params.memory_kib
            || current.t_cost() != self.params.iterations
            || current.p_cost() != self.params.parallelism
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast() -> PasswordHasher {
        let params = PasswordParams {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        };
        PasswordHasher::new(params).expect("valid test params")
    }

    #[test]
    fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let hasher = fast();
        let phc = hasher.hash("correct horse battery staple").expect("hash");
        assert!(phc.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{phc}");
        assert!(hasher.verify("correct horse battery staple", &phc));
        assert!(!hasher.verify("correct horse battery stapl", &phc));
        assert!(!hasher.verify("", &phc));
    }

    #[test]
    fn the_same_password_hashes_differently_each_time() {
        let hasher = fast();
        let a = hasher.hash("pw").expect("hash");
        let b = hasher.hash("pw").expect("hash");
        assert_ne!(a, b);
    }

    #[test]
    fn verification_uses_the_parameters_stored_in_the_hash() {
        let old = PasswordHasher::new(PasswordParams {
            memory_kib: 32,
            iterations: 2,
            parallelism: 1,
        })
        .expect("params");
        let phc = old.hash("pw").expect("hash");
        let new = fast();
        assert!(new.verify("pw", &phc));
        assert!(new.needs_rehash(&phc));
        assert!(!new.needs_rehash(&new.hash("pw").expect("hash")));
    }

    #[test]
    fn a_malformed_hash_never_verifies_and_never_panics() {
        let hasher = fast();
        for bad in [
            "",
            "$",
            "plaintext",
            "$argon2id$",
            "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$",
            "$md5$abc$def",
        ] {
            assert!(!hasher.verify("pw", bad), "{bad:?}");
            assert!(hasher.needs_rehash(bad));
        }
    }

    #[test]
    fn verify_dummy_always_fails() {
        let hasher = fast();
        assert!(!hasher.verify_dummy("anything"));
        assert!(!hasher.verify_dummy(""));
    }

    #[test]
    fn impossible_parameters_are_rejected() {
        let err = PasswordHasher::new(PasswordParams {
            memory_kib: 1,
            iterations: 0,
            parallelism: 1,
        });
        assert!(matches!(err, Err(CryptoError::InvalidPasswordParams(_))));
    }

    #[test]
    fn the_default_parameters_are_owasps() {
        assert_eq!(
            PasswordParams::default(),
            PasswordParams {
                memory_kib: 19_456,
                iterations: 2,
                parallelism: 1
            }
        );
    }

    #[test]
    fn hashes_of_different_costs_verify_one_after_another_in_the_same_thread() {
        let small = fast();
        let bigger = PasswordHasher::new(PasswordParams { memory_kib: 256, iterations: 1, parallelism: 1 }).expect("params");
        let a = small.hash("pw-a").expect("hash");
        let b = bigger.hash("pw-b").expect("hash");
        for _ in 0..2 {
            assert!(small.verify("pw-b", &b), "parameters come from the hash, not the hasher");
            assert!(bigger.verify("pw-a", &a));
            assert!(!small.verify("pw-a", &b));
        }
    }

}
