//! The online code (F6): the funder's policy, a stored code's life cycle, send limits, and
//! what the OF is told while typing it.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// A code is burnt after this many wrong tries.
pub const MAX_TRIES: i32 = 3;
/// After this many wrong tries in a row (across codes), online certification of the month is
/// locked until a funder agent unlocks it.
pub const LOCK_AFTER_FAILURES: i32 = 10;
/// At most one code per this many seconds…
pub const RESEND_COOLDOWN_SECONDS: i64 = 60;
/// …and this many per hour, per month.
pub const MAX_SENDS_PER_HOUR: usize = 5;

/// The funder's code policy: digits and lifetime (SPEC F6: 4–8 digits, 5–15 minutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodePolicy {
    pub length: u32,
    pub ttl_minutes: u32,
}

impl Default for CodePolicy {
    /// OWASP ASVS 5.0: at least 20 bits, at most 10 minutes.
    fn default() -> Self {
        CodePolicy {
            length: 6,
            ttl_minutes: 10,
        }
    }
}

/// A code policy outside the allowed bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodePolicyError {
    #[error("code length must be 4 to 8 digits")]
    Length,
    #[error("code lifetime must be 5 to 15 minutes")]
    Lifetime,
}

impl CodePolicy {
    pub fn new(length: u32, ttl_minutes: u32) -> Result<CodePolicy, CodePolicyError> {
        if !(4..=8).contains(&length) {
            return Err(CodePolicyError::Length);
        }
        if !(5..=15).contains(&ttl_minutes) {
            return Err(CodePolicyError::Lifetime);
        }
        Ok(CodePolicy {
            length,
            ttl_minutes,
        })
    }

    /// The stored setting, or the default when a stored value is out of bounds.
    pub fn from_stored(length: i32, ttl_minutes: i32) -> CodePolicy {
        CodePolicy::new(
            u32::try_from(length).unwrap_or(0),
            u32::try_from(ttl_minutes).unwrap_or(0),
        )
        .unwrap_or_default()
    }

    /// The policy of a code that covers months of several funders (a certification batch): the
    /// most digits and the shortest life among theirs; the default for none.
    pub fn strictest(policies: impl IntoIterator<Item = CodePolicy>) -> CodePolicy {
        policies
            .into_iter()
            .reduce(|a, b| CodePolicy {
                length: a.length.max(b.length),
                ttl_minutes: a.ttl_minutes.min(b.ttl_minutes),
            })
            .unwrap_or_default()
    }

    pub fn expires_at(self, sent_at: DateTime<Utc>) -> DateTime<Utc> {
        sent_at + Duration::minutes(i64::from(self.ttl_minutes))
    }
}

/// A stored code as the verification sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeState {
    pub expires_at: DateTime<Utc>,
    pub attempts: i32,
    pub consumed: bool,
    pub invalidated: bool,
}

/// A code sent for a month, as stored: only keyed hashes of the digits and of the hours it
/// approves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnlineCode {
    pub id: i64,
    pub month_id: i64,
    /// Who it was sent to.
    pub user_id: i64,
    /// Keyed hash of the digits, hex.
    pub code_hash: String,
    /// Fingerprint of the exact hours the code approves.
    pub hours_hash: String,
    pub expires_at: DateTime<Utc>,
    /// Wrong tries on this code.
    pub attempts: i32,
    pub consumed_at: Option<DateTime<Utc>>,
    /// Set when a newer code was sent or the hours changed.
    pub invalidated_at: Option<DateTime<Utc>>,
    pub ip: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Set when the code was sent for a certification batch (one row per month of the batch).
    pub batch_id: Option<i64>,
}

impl OnlineCode {
    /// The code as the verification sees it.
    pub fn state(&self) -> CodeState {
        CodeState {
            expires_at: self.expires_at,
            attempts: self.attempts,
            consumed: self.consumed_at.is_some(),
            invalidated: self.invalidated_at.is_some(),
        }
    }
}

/// Whether a stored code may still be tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeUsability {
    Usable {
        attempts_left: i32,
    },
    /// Past its lifetime: valid while `now < expires_at`.
    Expired,
    /// Used, replaced by a newer code, voided by an edit of the hours, or burnt by three wrong tries.
    Spent,
}

impl CodeState {
    pub fn usability(&self, now: DateTime<Utc>) -> CodeUsability {
        if self.consumed || self.invalidated || self.attempts >= MAX_TRIES {
            CodeUsability::Spent
        } else if now >= self.expires_at {
            CodeUsability::Expired
        } else {
            CodeUsability::Usable {
                attempts_left: MAX_TRIES - self.attempts,
            }
        }
    }
}

/// Whether another code may be sent for the month, given when the previous ones were sent.
/// `Err(seconds)` to wait.
pub fn may_send_code(previous_sends: &[DateTime<Utc>], now: DateTime<Utc>) -> Result<(), u64> {
    let secs = |d: Duration| u64::try_from(d.num_seconds().max(1)).unwrap_or(1);
    if let Some(last) = previous_sends.iter().max()
        && now - *last < Duration::seconds(RESEND_COOLDOWN_SECONDS)
    {
        return Err(secs(
            *last + Duration::seconds(RESEND_COOLDOWN_SECONDS) - now,
        ));
    }
    let hour = Duration::hours(1);
    let mut recent: Vec<&DateTime<Utc>> =
        previous_sends.iter().filter(|t| now - **t < hour).collect();
    if recent.len() >= MAX_SENDS_PER_HOUR {
        recent.sort();
        let oldest = recent[recent.len() - MAX_SENDS_PER_HOUR];
        return Err(secs(*oldest + hour - now));
    }
    Ok(())
}

/// «j***@exemple.fr»: the address the code was sent to, as printed in the signature block.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

/// A typed certification code: only the policy's number of digits.
pub fn well_formed_code(input: &str, policy: CodePolicy) -> bool {
    let t = input.trim();
    t.len() == policy.length as usize && t.bytes().all(|b| b.is_ascii_digit())
}

/// «Il vous reste 2 essais.», «Il vous reste 1 essai.»: the tries left on a code, after a
/// wrong one (the server's field message and the SPA say the same).
pub fn attempts_left_fr(attempts_left: i32) -> String {
    let n = u64::try_from(attempts_left.max(0)).unwrap_or_default();
    format!("Il vous reste {}.", crate::fr::count(n, "essai", "essais"))
}

/// What a screen reader is told of a code's remaining time, `seconds_left` from now: the
/// minutes, rounded up, so that the text changes once a minute (and says «1 minute» for the
/// last one), then that it expired. A live region showing it speaks once a minute, not each
/// second.
pub fn code_time_left_fr(seconds_left: i64) -> String {
    if seconds_left <= 0 {
        return "Le code a expiré\u{a0}: demandez un nouveau code avec «\u{a0}Renvoyer un nouveau code\u{a0}»."
            .to_owned();
    }
    let minutes = (seconds_left + 59) / 60;
    format!(
        "Il vous reste {minutes} minute{} pour saisir le code.",
        if minutes > 1 { "s" } else { "" }
    )
}
