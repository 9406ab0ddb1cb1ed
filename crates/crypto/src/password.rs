//! Password hashing with Argon2id, stored as PHC strings
//! (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`).

use argon2_rust::{decode_phc, params::Memory, Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};

use crate::CryptoError;

/// Stored hashes asking for more than this are not evaluated (a crafted import must not make one
/// login allocate gigabytes): 1 GiB, 64 passes, 64 lanes.
const MAX_MEMORY_KIB: u32 = 1 << 20;
const MAX_PASSES: u32 = 64;
const MAX_LANES: u32 = 64;

thread_local! {
    /// This thread's Argon2 working memory, reused from one hash to the next: a fresh 19 MiB
    /// allocation (with its page faults) costs a noticeable share of a verification. It is wiped
    /// after each use (the library's `zeroize-memory`).
    static HASHER: std::cell::RefCell<Option<argon2_rust::Hasher>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with this thread's reusable hasher pointed at `argon`; a re-entrant call (none today)
/// gets a hasher of its own.
fn with_hasher<T>(argon: Argon2, f: impl FnOnce(&mut argon2_rust::Hasher) -> T) -> T {
    HASHER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut slot) => {
            let hasher = slot.get_or_insert_with(|| argon.hasher());
            hasher.set_argon2(argon);
            f(hasher)
        }
        Err(_) => f(&mut argon.hasher()),
    })
}

/// Memory x passes (KiB) at or below which a verification runs inline (`verify_is_cheap`).
const CHEAP_KIB_PASSES: u64 = 1024;

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
    argon2: Argon2,
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
        let argon2_params = Params::builder()
            .memory(Memory::kib(u64::from(params.memory_kib)))
            .passes(params.iterations)
            .lanes(params.parallelism)
            .build()
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
        let salt = crate::random::bytes::<16>();
        with_hasher(self.argon2, |h| h.hash_password(password.as_bytes(), &salt))
            .map_err(|e| CryptoError::PasswordHashing(e.to_string()))
    }

    /// Whether `password` matches the PHC string `phc`, using the algorithm and parameters
    /// written in `phc`. A malformed or unsupported `phc` (or one above the cost caps) is
    /// simply `false`.
    pub fn verify(&self, password: &str, phc: &str) -> bool {
        let Ok(d) = decode_phc(phc) else {
            return false;
        };
        let p = &d.params;
        if p.memory_kib() > MAX_MEMORY_KIB || p.passes() > MAX_PASSES || p.lanes() > MAX_LANES || d.hash.is_empty() || !d.ad.is_empty() {
            return false;
        }
        let mut out = vec![0u8; d.hash.len()];
        let argon = Argon2::new(d.algorithm, d.version, *p);
        match with_hasher(argon, |h| h.hash_into(password.as_bytes(), &d.salt, &mut out)) {
            Ok(()) => crate::digest::constant_time_eq(&out, &d.hash),
            Err(_) => false,
        }
    }

    /// Whether verifying against `phc` (`None`: the dummy, i.e. the current parameters) costs
    /// so little (at most 1 MiB x 1 pass, about a tenth of a millisecond) that handing it to
    /// another thread would cost more than running it where the caller is.
    pub fn verify_is_cheap(&self, phc: Option<&str>) -> bool {
        let (m, t, l) = match phc {
            None => (self.params.memory_kib, self.params.iterations, self.params.parallelism),
            Some(phc) => match decode_phc(phc) {
                Ok(d) => (d.params.memory_kib(), d.params.passes(), d.params.lanes()),
                // Malformed: `verify` refuses it at once.
                Err(_) => return true,
            },
        };
        u64::from(m) * u64::from(t) <= CHEAP_KIB_PASSES && l <= 1
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
        let Ok(d) = decode_phc(phc) else {
            return true;
        };
        d.algorithm != Algorithm::Argon2id
            || d.version != Version::V0x13
            || d.params.memory_kib() != self.params.memory_kib
            || d.params.passes() != self.params.iterations
            || d.params.lanes() != self.params.parallelism
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
    fn only_hashes_of_at_most_one_mebibyte_pass_count_as_cheap_to_verify() {
        let hasher = fast();
        assert!(hasher.verify_is_cheap(None), "the dummy uses the current (64 KiB) parameters");
        assert!(hasher.verify_is_cheap(Some(&hasher.hash("pw").expect("hash"))));
        let made = |memory_kib, iterations| PasswordHasher::new(PasswordParams { memory_kib, iterations, parallelism: 1 }).expect("params").hash("pw").expect("hash");
        assert!(!hasher.verify_is_cheap(Some(&made(19_456, 2))));
        assert!(!hasher.verify_is_cheap(Some(&made(1024, 2))));
        assert!(hasher.verify_is_cheap(Some(&made(1024, 1))));
        assert!(hasher.verify_is_cheap(Some("not a phc string")), "refused at once");
        let default = PasswordHasher::new(PasswordParams::default()).expect("OWASP params");
        assert!(!default.verify_is_cheap(None));
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

    #[test]
    fn hashes_written_by_the_rustcrypto_argon2_crate_verify_and_ours_verify_there() {
        use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString};
        let theirs = argon2::Argon2::new(
            argon2::Algorithm::Argon2id,
            argon2::Version::V0x13,
            argon2::Params::new(64, 1, 1, None).expect("params"),
        );
        let salt = SaltString::encode_b64(b"0123456789abcdef").expect("salt");
        let phc = theirs.hash_password(b"pw", &salt).expect("hash").to_string();
        let ours = fast();
        assert!(ours.verify("pw", &phc), "{phc}");
        assert!(!ours.verify("pW", &phc));
        assert!(!ours.needs_rehash(&phc), "same algorithm and cost: {phc}");
        let mine = ours.hash("pw").expect("hash");
        let parsed = PasswordHash::new(&mine).expect("a PHC string the other crate parses");
        assert!(theirs.verify_password(b"pw", &parsed).is_ok());
        assert!(theirs.verify_password(b"pw2", &parsed).is_err());
    }

    #[test]
    fn a_stored_hash_above_the_cost_caps_is_refused_without_being_computed() {
        let hasher = fast();
        let phc = hasher.hash("pw").expect("hash");
        let huge = phc.replace("m=64,", &format!("m={},", MAX_MEMORY_KIB * 4));
        let started = std::time::Instant::now();
        assert!(!hasher.verify("pw", &huge));
        assert!(started.elapsed() < std::time::Duration::from_secs(1), "4 GiB were not filled");
    }
}
