//! `cargo run --release -p portcullis-bench --bin portcullis-bench-sign`: median wall time per
//! operation for the hot paths of a login (password check) and a token response (signing).
//! Plain loops, no harness.

use std::error::Error;
use std::hint::black_box;
use std::time::Instant;

use portcullis_crypto::jwt::{verify_jwt, Alg, SigningKey};
use portcullis_crypto::password::{PasswordHasher, PasswordParams};
use portcullis_crypto::secretbox::MasterKey;
use serde_json::json;

type BenchResult = Result<(), Box<dyn Error>>;

/// Runs `op` `iterations` times after a short warm-up and returns the median in microseconds.
fn median_micros(
    iterations: usize,
    mut op: impl FnMut() -> BenchResult,
) -> Result<f64, Box<dyn Error>> {
    for _ in 0..iterations.div_ceil(10) {
        op()?;
    }
    let mut samples = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let start = Instant::now();
        op()?;
        samples.push(start.elapsed().as_secs_f64() * 1e6);
    }
    samples.sort_by(f64::total_cmp);
    Ok(samples[samples.len() / 2])
}

fn main() -> BenchResult {
    let claims = json!({
        "iss": "https://tenant.example.com/", "sub": "auth0|0123456789abcdef01234567",
        "aud": "my-client-id", "iat": 1_700_000_000, "exp": 1_700_003_600,
        "nonce": "n-0S6_WzA2Mj", "email": "user@example.com", "email_verified": true,
    });
    let rsa = SigningKey::generate(Alg::RS256)?;
    let ec = SigningKey::generate(Alg::ES256)?;
    let rsa_token = rsa.sign_jwt("JWT", &claims)?;
    let ec_token = ec.sign_jwt("JWT", &claims)?;
    let jwks = [rsa.public_jwk(), ec.public_jwk()];
    let hasher = PasswordHasher::new(PasswordParams::default())?;
    let phc = hasher.hash("correct horse battery staple")?;
    let (master, _) = MasterKey::generate();
    let sealed = master.seal(&[7u8; 64], b"aad")?;

    let mut rows: Vec<(&str, usize, f64)> = Vec::new();
    let mut run =
        |name: &'static str, n: usize, op: &mut dyn FnMut() -> BenchResult| -> BenchResult {
            rows.push((name, n, median_micros(n, op)?));
            Ok(())
        };
    run("RS256 sign (RSA-2048)", 500, &mut || {
        black_box(rsa.sign_jwt("JWT", &claims)?);
        Ok(())
    })?;
    run("RS256 verify", 2000, &mut || {
        black_box(verify_jwt(&rsa_token, &jwks)?);
        Ok(())
    })?;
    run("ES256 sign (P-256)", 2000, &mut || {
        black_box(ec.sign_jwt("JWT", &claims)?);
        Ok(())
    })?;
    run("ES256 verify", 2000, &mut || {
        black_box(verify_jwt(&ec_token, &jwks)?);
        Ok(())
    })?;
    run("argon2id hash (OWASP m=19456 t=2 p=1)", 20, &mut || {
        black_box(hasher.hash("correct horse battery staple")?);
        Ok(())
    })?;
    run("argon2id verify (OWASP m=19456 t=2 p=1)", 20, &mut || {
        if hasher.verify("correct horse battery staple", &phc) {
            Ok(())
        } else {
            Err("verify failed".into())
        }
    })?;
    run("argon2id hash + verify (OWASP)", 10, &mut || {
        let fresh = hasher.hash("pw")?;
        if hasher.verify("pw", &fresh) {
            Ok(())
        } else {
            Err("verify failed".into())
        }
    })?;
    run("AES-256-GCM open 64 B (secretbox)", 5000, &mut || {
        black_box(master.open(&sealed, b"aad")?);
        Ok(())
    })?;

    println!("{:<42} {:>7} {:>14}", "operation", "iters", "median µs/op");
    println!("{}", "-".repeat(65));
    for (name, n, micros) in rows {
        println!("{name:<42} {n:>7} {micros:>14.1}");
    }
    Ok(())
}
