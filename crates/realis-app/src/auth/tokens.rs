//! Access tokens (QUALITY S3): HS256 only, 256-bit or longer key, required `exp iat iss aud sub`,
//! 5 s leeway, one hour at most. A `ver` claim carries the user's token version so that a password
//! change or a disable revokes existing tokens.

use crate::error::Fault;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use secrecy::{ExposeSecret, SecretBox};
use serde::{Deserialize, Serialize};

use crate::AppError;

pub const ISSUER: &str = "realis";
pub const AUDIENCE: &str = "realis-api";
/// Clock skew tolerated on `exp` (the crate's default is 60 s).
pub const LEEWAY_SECONDS: u64 = 5;
/// No access token lives longer than an hour.
pub const MAX_LIFETIME_SECONDS: i64 = 3600;

/// What an access token says.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub sub: String,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
    pub role: String,
    /// The user's token version when the token was issued.
    pub ver: i32,
}

/// The server secret and the keys derived from it, one per purpose (QUALITY S12: a key that
/// leaks for one use, e.g. a code hash, says nothing of the others). Never printed.
pub struct JwtKeys {
    secret: SecretBox<Vec<u8>>,
    /// HMAC-SHA256(secret, "jwt-hs256"): signs access tokens.
    signing: SecretBox<Vec<u8>>,
}

/// Purpose of the key that signs access tokens.
pub const SIGNING_PURPOSE: &str = "jwt-hs256";
/// Purpose of the key of the audit chain.
pub const AUDIT_CHAIN_PURPOSE: &str = "audit-chain";
/// Purpose of the key that signs the audit chain's checkpoints.
pub const AUDIT_CHECKPOINT_PURPOSE: &str = "audit-checkpoint";

#[derive(Debug, thiserror::Error)]
#[error("the JWT secret must be at least 32 bytes (256 bits)")]
pub struct WeakSecret;

impl JwtKeys {
    pub fn new(secret: Vec<u8>) -> Result<JwtKeys, WeakSecret> {
        if secret.len() < 32 {
            return Err(WeakSecret);
        }
        let signing = derive(&secret, SIGNING_PURPOSE).to_vec();
        Ok(JwtKeys {
            secret: SecretBox::new(Box::new(secret)),
            signing: SecretBox::new(Box::new(signing)),
        })
    }

    pub fn sign(&self, claims: &Claims) -> Result<String, AppError> {
        encode(
            &Header::new(Algorithm::HS256),
            claims,
            &EncodingKey::from_secret(self.signing.expose_secret()),
        )
        .map_err(|e| AppError::Internal(Fault::Jwt(e)))
    }

    /// Checks signature, algorithm, issuer, audience, required claims, and expiry against `now`
    /// (the application clock, so that tests with a fixed clock behave like production).
    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, AppError> {
        let mut v = Validation::new(Algorithm::HS256);
        v.set_issuer(&[ISSUER]);
        v.set_audience(&[AUDIENCE]);
        v.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        v.validate_exp = false;
        v.validate_nbf = false;
        let claims = decode::<Claims>(
            token,
            &DecodingKey::from_secret(self.signing.expose_secret()),
            &v,
        )
        .map(|d| d.claims)
        .map_err(|_| AppError::InvalidToken)?;
        let leeway = i64::try_from(LEEWAY_SECONDS).unwrap_or(0);
        let too_old = claims.exp + leeway <= now;
        let from_future = claims.iat - leeway > now;
        let too_long = claims.exp - claims.iat > MAX_LIFETIME_SECONDS;
        if too_old || from_future || too_long {
            return Err(AppError::InvalidToken);
        }
        Ok(claims)
    }
}

impl JwtKeys {
    /// HMAC-SHA256 of `message` under a key derived from the server secret for `purpose`
    /// (certification codes are stored only as this keyed hash).
    pub fn keyed_hash(&self, purpose: &str, message: &[u8]) -> Vec<u8> {
        use hmac::Mac;
        self.mac(purpose, message)
            .map(|m| m.finalize().into_bytes().to_vec())
            .unwrap_or_default()
    }

    /// Whether `expected` is the keyed hash of `message`, compared in constant time.
    pub fn verify_keyed_hash(&self, purpose: &str, message: &[u8], expected: &[u8]) -> bool {
        use hmac::Mac;
        self.mac(purpose, message)
            .is_some_and(|m| m.verify_slice(expected).is_ok())
    }

    fn mac(&self, purpose: &str, message: &[u8]) -> Option<hmac::Hmac<sha2::Sha256>> {
        use hmac::{Hmac, Mac};
        let key = self.derive(purpose);
        let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&key).ok()?;
        mac.update(message);
        Some(mac)
    }

    /// The key for `purpose`: HMAC-SHA256(server secret, purpose).
    pub fn derive(&self, purpose: &str) -> [u8; 32] {
        derive(self.secret.expose_secret(), purpose)
    }
}

fn derive(secret: &[u8], purpose: &str) -> [u8; 32] {
    use hmac::{Hmac, Mac};
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail.
    match <Hmac<sha2::Sha256> as Mac>::new_from_slice(secret) {
        Ok(mut mac) => {
            mac.update(purpose.as_bytes());
            mac.finalize().into_bytes().into()
        }
        Err(_) => [0; 32],
    }
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKeys([redacted])")
    }
}
