//! Password hashing with argon2id (m = 19 MiB, t = 2, p = 1, PHC strings) on a bounded pool of
//! dedicated threads (QUALITY S1, P3).
//!
//! Why dedicated threads: each hash allocates 19 MiB. On Tokio's blocking pool every call may land
//! on a new thread with its own malloc arena, and glibc keeps freed blocks per arena, so memory
//! grows with the number of threads ever used (4.7 GB measured in a login storm). A fixed set of
//! `cores - 1` threads bounds both concurrency and retained memory.

use crate::error::Fault;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::AppError;

/// OWASP's argon2id minimum.
pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed pool of hashing threads.
#[derive(Clone)]
pub struct HashPool {
    sender: mpsc::Sender<Job>,
    pub threads: usize,
    /// Passwords hashed or checked since start (the guesses an attacker got evaluated).
    evaluated: Arc<std::sync::atomic::AtomicU64>,
}

fn argon2() -> Result<Argon2<'static>, AppError> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None).map_err(Fault::Argon2)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

impl HashPool {
    /// Starts `threads` hashing threads (at least one).
    pub fn new(threads: usize) -> HashPool {
        let threads = threads.max(1);
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for i in 0..threads {
            let receiver = Arc::clone(&receiver);
            let _ = std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || {
                    loop {
                        let job = match receiver.lock() {
                            Ok(r) => r.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                });
        }
        HashPool {
            sender,
            threads,
            evaluated: Arc::default(),
        }
    }

    /// `cores - 1` threads, at least one.
    pub fn for_this_machine() -> HashPool {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        HashPool::new(cores.saturating_sub(1))
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.sender
            .send(Box::new(move || {
                let _ = tx.send(f());
            }))
            .map_err(|_| Fault::PoolStopped("password hashing"))?;
        rx.await
            .map_err(|_| AppError::Internal(Fault::PoolStopped("password hashing")))
    }

    /// Hashes a password into a PHC string.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.evaluated
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.run(move || hash_now(&password)).await?
    }

    /// Checks a password against a PHC string; an unparsable hash never matches.
    pub async fn verify(&self, password: String, phc: String) -> Result<bool, AppError> {
        self.evaluated
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.run(move || verify_now(&password, &phc)).await
    }

    /// How many passwords were hashed or checked since start.
    pub fn evaluations(&self) -> u64 {
        self.evaluated.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// Hashes on the current thread (demo loading, tests).
pub fn hash_now(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(Fault::PasswordHash(e)))
}

fn verify_now(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    argon2()
        .map(|a| a.verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// A valid hash of a random password, verified against when the login is unknown so that
/// unknown logins and wrong passwords take the same time (S1).
pub fn dummy_hash() -> String {
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Wq0lAb7Xy8ns0cQKBbVv2Qn5J1W9k9v8m2x1Y9m3Q6I".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_with_the_owasp_parameters() {
        let pool = HashPool::new(1);
        let phc = pool
            .hash("realis-demo-2026".to_owned())
            .await
            .expect("hash");
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(
            pool.verify("realis-demo-2026".to_owned(), phc.clone())
                .await
                .expect("verify")
        );
        assert!(
            !pool
                .verify("wrong-password".to_owned(), phc)
                .await
                .expect("verify")
        );
        assert!(
            !pool
                .verify("x".to_owned(), "not a hash".to_owned())
                .await
                .expect("verify")
        );
        assert!(
            !pool
                .verify("x".to_owned(), dummy_hash())
                .await
                .expect("verify")
        );
    }
}
