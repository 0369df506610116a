//! Rules of certification (SPEC F5–F7, QUALITY S6): when a month may be certified, the online
//! code's policy and life cycle, send limits, and the masked address shown in the signature.
//!
//! Pure: callers pass the clock's `now` and the stored state; generating digits (CSPRNG) and
//! hashing (keyed) happen in the application layer.

mod code;
mod files;
mod month;
#[cfg(test)]
mod tests;
mod verification;

pub use code::{
    CodePolicy, CodePolicyError, CodeState, CodeUsability, LOCK_AFTER_FAILURES, MAX_SENDS_PER_HOUR,
    MAX_TRIES, OnlineCode, RESEND_COOLDOWN_SECONDS, attempts_left_fr, code_time_left_fr,
    mask_email, may_send_code, well_formed_code,
};
pub use files::{MonthFile, MonthFileKind, month_named_by, scan_names_month};
pub use month::{CertificationMode, CertifyRefusal, has_draft, may_certify, month_over};
pub use verification::{
    VERIFICATION_ALPHABET, format_verification_code, normalise_verification_code,
};
