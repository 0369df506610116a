//! The audit chain seen from the use cases (SPEC F11, QUALITY S8): the verdict on a month's
//! evidence, signing and publishing the head, the public look-up of a record's hash, and the
//! background job that signs the head every few minutes and walks the whole chain once a day.
//!
//! Verification starts from the latest signed checkpoint (`realis_store::chain`), so a month's
//! verdict costs the records after it plus a few reads per record of the month, whatever the
//! size of the log; a verification that reads more than [`CHECKPOINT_AFTER`] records signs a new
//! checkpoint, and the background job signs one whenever records were added.

use chrono::{DateTime, Duration, Utc};
use realis_api_types::{AuditCheckpoint, AuditRecordHash, ChainPoint, ChainView};
use realis_domain::MonthStatus;
use realis_domain::audit::{AuditAction, AuditRecord, Checkpoint};
use realis_domain::certificate::Certificate;
use realis_domain::evidence::ChainBreak;
use realis_store::audit;
use realis_store::chain::{self, Head, Verification};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::{App, AppError};

/// A verification that reads more records than this after the latest checkpoint signs a new one.
pub const CHECKPOINT_AFTER: i64 = 256;
/// Public reads of the head and of record hashes, per IP per minute (S9).
pub const AUDIT_READS_PER_MINUTE: i32 = 30;
/// How long after start, then how often, the whole chain is walked.
const FULL_WALK_EVERY: Duration = Duration::hours(24);
const FIRST_FULL_WALK_AFTER: Duration = Duration::hours(1);

/// The data of a `certified` record, hashed into its `data_hash`: one definition for the
/// certification and for the check that every certificate has its record.
pub(crate) fn certified_record_data(
    certificate: &Certificate,
    status: MonthStatus,
    data_sha256: &str,
) -> serde_json::Value {
    let mut data = json!({
        "certificate_id": certificate.id,
        "mode": certificate.mode,
        "status": status.as_str(),
        "data_sha256": data_sha256,
        "pdf_sha256": certificate.sha256,
        "verification_code": certificate.verification_code,
    });
    // A month certified with others names its batch (issue #13); earlier records have no key.
    if let Some(batch) = certificate.batch_id {
        data["batch_id"] = json!(batch);
    }
    data
}

/// Whether one of `rows` (checked: `verified`) is the certification record of `certificate`.
fn recorded(certificate: &Certificate, rows: &[AuditRecord], verified: &[bool]) -> bool {
    let data_sha256 = hex::encode(Sha256::digest(certificate.data_json.as_bytes()));
    let expected: Vec<String> = MonthStatus::ALL
        .into_iter()
        .map(|s| audit::data_hash(&certified_record_data(certificate, s, &data_sha256)))
        .collect();
    rows.iter()
        .zip(verified)
        .any(|(r, ok)| *ok && r.action == AuditAction::Certified && expected.contains(&r.data_hash))
}

pub(crate) fn checkpoint_view(c: &Checkpoint) -> AuditCheckpoint {
    AuditCheckpoint {
        id: c.last_id,
        hash: c.head_hash.clone(),
        count: c.count,
        signed_at: c.at,
    }
}

fn point_view(h: &Head) -> ChainPoint {
    ChainPoint {
        id: h.last_id,
        hash: h.hash.clone(),
        count: h.count,
    }
}

/// A month's verdict: the view, and per record whether it was checked.
pub(crate) struct MonthChain {
    pub view: ChainView,
    pub verified: Vec<bool>,
}

impl App {
    /// Verifies from the latest checkpoint and signs the head when at least `min_tail` records
    /// follow it. Returns the verification and the checkpoint signed, if any.
    async fn verify_and_sign(
        &self,
        min_tail: i64,
    ) -> Result<(Verification, Option<Checkpoint>), AppError> {
        let v = chain::verify(&self.db.conn, &self.audit_key, &self.checkpoint_key).await?;
        let mut signed = None;
        if v.broken.is_none()
            && let Some(head) = &v.head
            && head.count - v.checkpoint.as_ref().map_or(0, |c| c.count) >= min_tail
        {
            signed =
                chain::record(&self.db.conn, &self.checkpoint_key, head, self.clock.now()).await?;
        }
        Ok((v, signed))
    }

    /// The chain's verdict for `rows` (one month's records, oldest first) and `certificates`.
    pub(crate) async fn month_chain(
        &self,
        rows: &[AuditRecord],
        certificates: &[Certificate],
    ) -> Result<MonthChain, AppError> {
        let (v, signed) = self.verify_and_sign(CHECKPOINT_AFTER).await?;
        let mut read = v.rows_read + rows.len() as u64;
        // Records after the checkpoint were walked; the others are checked one by one.
        let walked_after = match (&v.broken, &v.checkpoint) {
            (None, Some(c)) => c.last_id,
            (None, None) => 0,
            (Some(_), _) => i64::MAX,
        };
        let below: Vec<AuditRecord> = rows
            .iter()
            .filter(|r| r.id <= walked_after)
            .cloned()
            .collect();
        let (checks, n) = chain::check_records(&self.db.conn, &self.audit_key, &below).await?;
        read += n;
        let first_bad = below
            .iter()
            .zip(&checks)
            .find_map(|(r, c)| c.map(|b| (r.id, b)));
        let verified: Vec<bool> = rows
            .iter()
            .map(|r| {
                r.id > walked_after
                    || below
                        .iter()
                        .position(|b| b.id == r.id)
                        .is_some_and(|i| checks[i].is_none())
            })
            .collect();
        let unrecorded = certificates.iter().any(|c| !recorded(c, rows, &verified));
        let mut broken = v.broken;
        if broken.is_none() && (first_bad.is_some() || unrecorded) {
            // Something below the checkpoint: name the first record that breaks.
            let full =
                chain::verify_full(&self.db.conn, &self.audit_key, &self.checkpoint_key).await?;
            read += full.rows_read;
            broken = full.broken.or(first_bad);
        }
        let problem = broken
            .map(|b| b.1)
            .or(unrecorded.then_some(ChainBreak::CertificateUnrecorded));
        let intact = problem.is_none();
        Ok(MonthChain {
            view: ChainView {
                intact,
                broken_at: broken.map(|b| b.0),
                problem,
                problem_label: problem.map(|p| p.label_fr().to_owned()),
                checkpoint: signed.or(v.checkpoint).map(|c| checkpoint_view(&c)),
                head: v.head.as_ref().filter(|_| intact).map(point_view),
                records_checked: read,
            },
            verified,
        })
    }

    /// Signs the head when records followed the latest checkpoint; returns the checkpoint to
    /// publish. A chain that does not hold has none (409); an empty log neither (404).
    pub async fn publish_head(&self) -> Result<AuditCheckpoint, AppError> {
        let (v, signed) = self.verify_and_sign(1).await?;
        if let Some((id, b)) = v.broken {
            return Err(AppError::AuditChainBroken {
                record: id,
                reason: b,
            });
        }
        signed
            .or(v.checkpoint)
            .map(|c| checkpoint_view(&c))
            .ok_or(AppError::NotFound)
    }

    /// `GET /api/v1/audit/head`: public, rate limited per IP.
    pub async fn audit_head(&self, ip: Option<&str>) -> Result<AuditCheckpoint, AppError> {
        self.audit_read_limit(ip).await?;
        self.publish_head().await
    }

    /// `GET /api/v1/audit/records/{id}`: public, rate limited per IP. The hash only: enough to
    /// compare with a published head, nothing of the record's content.
    pub async fn audit_record(
        &self,
        id: i64,
        ip: Option<&str>,
    ) -> Result<AuditRecordHash, AppError> {
        self.audit_read_limit(ip).await?;
        audit::stored_hash(&self.db.conn, id)
            .await?
            .map(|hash| AuditRecordHash { id, hash })
            .ok_or(AppError::NotFound)
    }

    async fn audit_read_limit(&self, ip: Option<&str>) -> Result<(), AppError> {
        self.rate_limit(
            &format!("audit:{}", ip.unwrap_or("unknown")),
            AUDIT_READS_PER_MINUTE,
            Duration::minutes(1),
        )
        .await
    }

    /// The latest checkpoint whose signature holds, without verifying the chain (it says what
    /// held when it was signed).
    pub(crate) async fn latest_signed_head(&self) -> Result<Option<AuditCheckpoint>, AppError> {
        Ok(chain::latest_signed(&self.db.conn, &self.checkpoint_key)
            .await?
            .map(|c| checkpoint_view(&c)))
    }

    /// Signs the head every `every` when records were added, and walks the whole chain an hour
    /// after start and then daily: a record altered or deleted in place below the latest
    /// checkpoint, which verification from the checkpoint does not read, is logged as an error.
    pub async fn run_audit_checkpoints(self, every: std::time::Duration) {
        let mut next_full: DateTime<Utc> = self.clock.now() + FIRST_FULL_WALK_AFTER;
        loop {
            match self.publish_head().await {
                Ok(_) | Err(AppError::NotFound) => {}
                Err(e) => tracing::error!(error = %e, "audit chain: no head to sign"),
            }
            if self.clock.now() >= next_full {
                next_full = self.clock.now() + FULL_WALK_EVERY;
                match chain::verify_full(&self.db.conn, &self.audit_key, &self.checkpoint_key).await
                {
                    Ok(v) => match v.broken {
                        Some((id, b)) => {
                            tracing::error!(record = id, problem = b.as_str(), "audit chain broken")
                        }
                        None => tracing::info!(records = v.rows_read, "audit chain verified"),
                    },
                    Err(e) => tracing::warn!(error = %e, "audit chain walk failed"),
                }
            }
            tokio::time::sleep(every).await;
        }
    }
}
