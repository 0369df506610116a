//! The audit chain as parties see it (SPEC F11, QUALITY S8): the verdict on a month's evidence,
//! signed checkpoints and the published head.
//!
//! How the chain is built: each record's `hash` is HMAC-SHA256, under a key derived from the
//! server secret and never disclosed, of the previous record's `hash` (64 zeros for the first)
//! followed by the record's fields — time (RFC 3339, microseconds, `Z`), actor user id, role,
//! organisation id, funder id, action, object type, object id, IP, user agent, `data_hash` —
//! each preceded by its length in bytes (8 bytes, big-endian), absent values as empty strings.
//! `data_hash` is the SHA-256 of the action's data (JSON); the data itself is not kept (no
//! secrets in the log). A party cannot recompute a keyed hash; what it can check is listed on
//! [`ChainView`].

use chrono::{DateTime, Utc};
use realis_domain::evidence::ChainBreak;
use serde::{Deserialize, Serialize};

/// A point of the chain: a record, its hash and how many records the chain holds up to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChainPoint {
    /// Id of the record.
    pub id: i64,
    /// `hash` of that record.
    pub hash: String,
    /// Records in the chain from the first to this one.
    pub count: i64,
}

/// A signed checkpoint: «the chain from the first record to `id` held, had `count` records and
/// ended with `hash`, checked at `signed_at`», signed by the server (HMAC-SHA256 under a key of
/// its own). This is the published head: keep it; later, `GET /api/v1/audit/records/{id}` must
/// answer the same `hash`, otherwise the log was cut or rewritten below it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditCheckpoint {
    /// Id of the last record covered.
    pub id: i64,
    /// `hash` of that record.
    pub hash: String,
    /// Records in the chain up to it.
    pub count: i64,
    /// When the server checked the chain up to `id` and signed this checkpoint, RFC 3339 UTC.
    pub signed_at: DateTime<Utc>,
}

/// `GET /api/v1/audit/records/{id}` (public): a record's hash, to compare with a published head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditRecordHash {
    /// Id of the audit record asked for.
    pub id: i64,
    /// The record's `hash` (64 lowercase hex digits): compare it with the `hash` of a published
    /// checkpoint for the same `id`.
    pub hash: String,
}

/// The verdict on the chain for one month's evidence.
///
/// What a party can check itself: each item's `prev_hash` and `hash` (they are stable: note
/// them, and `GET /api/v1/audit/records/{id}` must keep answering the same `hash`); its
/// `data_hash`, when it knows the data (for a certification, SHA-256 of
/// `{"certificate_id","data_sha256","mode","pdf_sha256","status","verification_code"}` as
/// compact JSON with sorted keys); that records up to `checkpoint.id` are covered by that signed
/// checkpoint, which is published (daily e-mail to the OFs, `GET /api/v1/audit/head`, the public
/// verification page) so that a cut in the log shows against a copy held outside the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChainView {
    /// The chain holds: the latest checkpoint verifies and its record still carries its hash,
    /// every record after it follows its predecessor under the key, each of this month's
    /// records holds with its neighbours, and every certificate of the month has its
    /// certification record.
    pub intact: bool,
    /// The first record found not to hold (when `intact` is false and a record is to blame).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broken_at: Option<i64>,
    /// Why it does not hold: `record_altered`, `record_missing`, `checkpoint_mismatch`,
    /// `checkpoint_forged` or `certificate_unrecorded`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "record_altered"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<ChainBreak>,
    /// The same, in French.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem_label: Option<String>,
    /// The signed checkpoint verification started from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoint: Option<AuditCheckpoint>,
    /// The end of the chain as verified for this answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<ChainPoint>,
    /// Records and checkpoints read to give this verdict (it does not grow with the log).
    pub records_checked: u64,
}
