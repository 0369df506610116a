//! Rules of certification (SPEC F5–F7, QUALITY S6): when a month may be certified, the online
//! code's policy and life cycle, send limits, and the masked address shown in the signature.
//!
//! Pure: callers pass the clock's `now` and the stored state; generating digits (CSPRNG) and
//! hashing (keyed) happen in the application layer.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{MonthStatus, Period};

/// A code is burnt after this many wrong tries.
pub const MAX_TRIES: i32 = 3;
/// After this many wrong tries in a row (across codes), online certification of the month is
/// locked until a funder agent unlocks it.
pub const LOCK_AFTER_FAILURES: i32 = 10;
/// At most one code per this many seconds…
pub const RESEND_COOLDOWN_SECONDS: i64 = 60;
/// …and this many per hour, per month.
pub const MAX_SENDS_PER_HOUR: usize = 5;

/// How the OF certified a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CertificationMode {
    /// Printed, signed, stamped and uploaded (F5).
    Upload,
    /// 100 % online with a code sent by e-mail (F6).
    Online,
}

impl CertificationMode {
    pub fn as_str(self) -> &'static str {
        match self {
            CertificationMode::Upload => "upload",
            CertificationMode::Online => "online",
        }
    }

    pub fn parse(s: &str) -> Option<CertificationMode> {
        match s {
            "upload" => Some(CertificationMode::Upload),
            "online" => Some(CertificationMode::Online),
            _ => None,
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            CertificationMode::Upload => "Certificat signé déposé",
            CertificationMode::Online => "Certification 100 % en ligne (code par e-mail)",
        }
    }
}

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

    pub fn expires_at(self, sent_at: DateTime<Utc>) -> DateTime<Utc> {
        sent_at + Duration::minutes(i64::from(self.ttl_minutes))
    }
}

/// Why a month cannot be certified now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CertifyRefusal {
    /// The period's last session day has not come.
    #[error("the month is still in progress")]
    InProgress,
    /// Not in `awaiting_certification` (not prepared, already certified, locked, closed…).
    #[error("the month is not awaiting certification")]
    WrongStatus(MonthStatus),
}

/// Whether the period's last session day has come (a month is certified once it is over).
pub fn month_over(period: Period, session_end: NaiveDate, today: NaiveDate) -> bool {
    today >= period.last_day().min(session_end)
}

/// The month may be certified on `today` if it was prepared and its last session day has come.
pub fn may_certify(
    status: MonthStatus,
    period: Period,
    session_end: NaiveDate,
    today: NaiveDate,
) -> Result<(), CertifyRefusal> {
    if status != MonthStatus::AwaitingCertification {
        return Err(CertifyRefusal::WrongStatus(status));
    }
    if !month_over(period, session_end, today) {
        return Err(CertifyRefusal::InProgress);
    }
    Ok(())
}

/// A stored code as the verification sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeState {
    pub expires_at: DateTime<Utc>,
    pub attempts: i32,
    pub consumed: bool,
    pub invalidated: bool,
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

/// Alphabet of verification codes: Crockford base 32 (no I, L, O, U).
pub const VERIFICATION_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Formats 12 symbols as `XXXX-XXXX-XXXX` (60 bits).
pub fn format_verification_code(symbols: &[u8; 12]) -> String {
    let chars: Vec<char> = symbols
        .iter()
        .map(|s| VERIFICATION_ALPHABET[usize::from(*s % 32)] as char)
        .collect();
    format!(
        "{}-{}-{}",
        chars[0..4].iter().collect::<String>(),
        chars[4..8].iter().collect::<String>(),
        chars[8..12].iter().collect::<String>()
    )
}

/// Normalises a typed verification code: upper case, O→0, I/L→1, spaces and dashes ignored.
/// `None` if it cannot be a code.
pub fn normalise_verification_code(input: &str) -> Option<String> {
    let mut symbols = Vec::with_capacity(12);
    for c in input.chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !c.is_ascii() || !VERIFICATION_ALPHABET.contains(&(c as u8)) {
            return None;
        }
        symbols.push(c);
    }
    if symbols.len() != 12 {
        return None;
    }
    let s: String = symbols.into_iter().collect();
    Some(format!("{}-{}-{}", &s[0..4], &s[4..8], &s[8..12]))
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, h, m, s)
            .single()
            .expect("valid")
    }

    #[test]
    fn policy_bounds_are_those_of_the_spec() {
        assert_eq!(CodePolicy::default(), CodePolicy::new(6, 10).expect("ok"));
        assert!(CodePolicy::new(4, 15).is_ok());
        assert!(CodePolicy::new(8, 5).is_ok());
        assert_eq!(CodePolicy::new(3, 10), Err(CodePolicyError::Length));
        assert_eq!(CodePolicy::new(9, 10), Err(CodePolicyError::Length));
        assert_eq!(CodePolicy::new(6, 4), Err(CodePolicyError::Lifetime));
        assert_eq!(CodePolicy::new(6, 16), Err(CodePolicyError::Lifetime));
        assert_eq!(CodePolicy::from_stored(2, 99), CodePolicy::default());
        assert_eq!(
            CodePolicy::from_stored(4, 15).expires_at(at(9, 0, 0)),
            at(9, 15, 0)
        );
    }

    #[test]
    fn a_code_expires_exactly_at_its_deadline() {
        let state = CodeState {
            expires_at: at(9, 10, 0),
            attempts: 0,
            consumed: false,
            invalidated: false,
        };
        assert_eq!(
            state.usability(at(9, 9, 59)),
            CodeUsability::Usable { attempts_left: 3 }
        );
        assert_eq!(state.usability(at(9, 10, 0)), CodeUsability::Expired);
        assert_eq!(
            CodeState {
                attempts: 2,
                ..state
            }
            .usability(at(9, 0, 0)),
            CodeUsability::Usable { attempts_left: 1 }
        );
        for spent in [
            CodeState {
                attempts: 3,
                ..state
            },
            CodeState {
                consumed: true,
                ..state
            },
            CodeState {
                invalidated: true,
                ..state
            },
        ] {
            assert_eq!(spent.usability(at(9, 0, 0)), CodeUsability::Spent);
        }
    }

    #[test]
    fn sends_are_limited_to_one_a_minute_and_five_an_hour() {
        assert_eq!(may_send_code(&[], at(9, 0, 0)), Ok(()));
        assert_eq!(may_send_code(&[at(9, 0, 0)], at(9, 0, 59)), Err(1));
        assert_eq!(may_send_code(&[at(9, 0, 0)], at(9, 0, 30)), Err(30));
        assert_eq!(may_send_code(&[at(9, 0, 0)], at(9, 1, 0)), Ok(()));
        let five = [
            at(9, 0, 0),
            at(9, 2, 0),
            at(9, 4, 0),
            at(9, 6, 0),
            at(9, 8, 0),
        ];
        assert_eq!(may_send_code(&five, at(9, 30, 0)), Err(30 * 60));
        assert_eq!(may_send_code(&five, at(10, 0, 0)), Ok(()));
        assert_eq!(may_send_code(&five[1..], at(9, 30, 0)), Ok(()));
    }

    #[test]
    fn certifying_needs_a_prepared_and_finished_month() {
        let p = Period::parse("2026-10").expect("period");
        let end = NaiveDate::from_ymd_opt(2027, 6, 30).expect("date");
        let oct31 = NaiveDate::from_ymd_opt(2026, 10, 31).expect("date");
        let oct30 = NaiveDate::from_ymd_opt(2026, 10, 30).expect("date");
        assert_eq!(
            may_certify(MonthStatus::AwaitingCertification, p, end, oct31),
            Ok(())
        );
        assert_eq!(
            may_certify(MonthStatus::AwaitingCertification, p, end, oct30),
            Err(CertifyRefusal::InProgress)
        );
        // A session ending mid-month may be certified from its last day.
        let mid = NaiveDate::from_ymd_opt(2026, 10, 15).expect("date");
        assert_eq!(
            may_certify(MonthStatus::AwaitingCertification, p, mid, mid),
            Ok(())
        );
        for s in MonthStatus::ALL {
            if s != MonthStatus::AwaitingCertification {
                assert_eq!(
                    may_certify(s, p, end, oct31),
                    Err(CertifyRefusal::WrongStatus(s))
                );
            }
        }
    }

    #[test]
    fn emails_are_masked_and_verification_codes_normalised() {
        assert_eq!(mask_email("jean.dupont@exemple.fr"), "j***@exemple.fr");
        assert_eq!(mask_email("nope"), "***");
        let code = format_verification_code(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 31]);
        assert_eq!(code, "0123-4567-89AZ");
        assert_eq!(
            normalise_verification_code(" 0123 4567 89az "),
            Some(code.clone())
        );
        assert_eq!(
            normalise_verification_code("O123-4567-89AZ"),
            Some(code.clone())
        );
        assert_eq!(normalise_verification_code("0123-4567-89A"), None);
        assert_eq!(normalise_verification_code("0123-4567-89A!"), None);
        assert_eq!(normalise_verification_code("../etc/passwd"), None);
        assert!(well_formed_code("123456", CodePolicy::default()));
        assert!(!well_formed_code("12345", CodePolicy::default()));
        assert!(!well_formed_code("12345a", CodePolicy::default()));
    }

    #[test]
    fn tries_left_read_in_french() {
        assert_eq!(attempts_left_fr(2), "Il vous reste 2\u{a0}essais.");
        assert_eq!(attempts_left_fr(1), "Il vous reste 1\u{a0}essai.");
        assert_eq!(attempts_left_fr(0), "Il vous reste 0\u{a0}essai.");
    }

    #[test]
    fn the_time_left_changes_once_a_minute() {
        assert_eq!(
            code_time_left_fr(600),
            "Il vous reste 10 minutes pour saisir le code."
        );
        assert_eq!(code_time_left_fr(599), code_time_left_fr(541));
        assert_eq!(
            code_time_left_fr(540),
            "Il vous reste 9 minutes pour saisir le code."
        );
        assert_eq!(
            code_time_left_fr(61),
            "Il vous reste 2 minutes pour saisir le code."
        );
        assert_eq!(
            code_time_left_fr(60),
            "Il vous reste 1 minute pour saisir le code."
        );
        assert_eq!(code_time_left_fr(1), code_time_left_fr(60));
        assert!(code_time_left_fr(0).starts_with("Le code a expiré"));
        assert!(code_time_left_fr(-5).starts_with("Le code a expiré"));
        // Ten minutes read as ten texts and the expiry: at most one announcement a minute.
        let texts: std::collections::BTreeSet<String> = (-1..=600).map(code_time_left_fr).collect();
        assert_eq!(texts.len(), 11);
    }
}
