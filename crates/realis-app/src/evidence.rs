//! «Historique / preuves» of a month (SPEC F11) and the public verification of a certificate
//! (SPEC F7).

use realis_domain::audit::{AuditAction, AuditObject};
use std::collections::HashMap;

use chrono::Duration;
use realis_api_types::{EvidenceItem, EvidenceView, PublicVerification};
use realis_domain::certification::{CertificationMode, normalise_verification_code};
use realis_domain::evidence::{ip_recorded_with_consent, sees_network_traces};
use realis_domain::{Hours, Period};
use realis_store::{audit, certification as store, portfolio, users};

use crate::shared::certificate_view;
use crate::{Actor, App, AppError};

/// Public verifications per IP per minute (S9).
pub const VERIFY_PER_MINUTE: i32 = 30;

/// The label of a record whose action is not a step of a month.
const OTHER_ACTION: &str = "Autre action";

/// Evidence requests per user per minute (S9): each one verifies the chain's tail.
pub const EVIDENCE_PER_MINUTE: i32 = 30;

impl App {
    /// `GET /dossiers/{id}/months/{period}/evidence`: every step of the month, for everyone on
    /// the dossier (who, when, what; IPs and user agents for the OF and the funder only), with
    /// the chain's verdict. Rate limited per user.
    pub async fn month_evidence(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
    ) -> Result<EvidenceView, AppError> {
        self.rate_limit(
            &format!("evidence:{}", actor.user_id),
            EVIDENCE_PER_MINUTE,
            Duration::minutes(1),
        )
        .await?;
        let (_, m) = self.load_month(actor, id, period).await?;
        let rows = audit::for_object(&self.db.conn, AuditObject::Month, &m.id.to_string()).await?;
        let certificates = store::certificates_of_month(&self.db.conn, m.id).await?;
        let chain = self.month_chain(&rows, &certificates).await?;
        let mut names: HashMap<i64, String> = HashMap::new();
        let mut name_of = async |uid: i64| -> Result<String, AppError> {
            if let Some(n) = names.get(&uid) {
                return Ok(n.clone());
            }
            let n = users::find_by_id(&self.db.conn, uid)
                .await?
                .map(|u| u.display_name)
                .unwrap_or_default();
            names.insert(uid, n.clone());
            Ok(n)
        };
        let online_certified = certificates
            .iter()
            .any(|c| c.mode == CertificationMode::Online);
        let traces = sees_network_traces(actor.role);
        let mut items = Vec::with_capacity(rows.len());
        for (r, verified) in rows.into_iter().zip(chain.verified) {
            let actor_name = match r.actor_user_id {
                Some(uid) => Some(name_of(uid).await?),
                None => None,
            };
            let show_ip = traces
                && ip_recorded_with_consent(r.action.as_str())
                && (r.action != AuditAction::Certified || online_certified);
            items.push(EvidenceItem {
                id: r.id,
                at: r.at,
                label: r.action.month_label_fr().unwrap_or(OTHER_ACTION).to_owned(),
                action: r.action.as_str().to_owned(),
                actor: actor_name,
                actor_role: r.actor_role.map(|role| role.as_str().to_owned()),
                ip: if show_ip { r.ip } else { None },
                user_agent: if traces { r.user_agent } else { None },
                data_hash: r.data_hash,
                prev_hash: r.prev_hash,
                hash: r.hash,
                verified,
            });
        }
        let mut views = Vec::new();
        for c in &certificates {
            let by = name_of(c.certified_by).await?;
            views.push(certificate_view(c, by));
        }
        for v in &mut views {
            if let Some(c) = certificates
                .iter()
                .find(|c| c.verification_code == v.verification_code)
            {
                v.files = self
                    .file_views(store::files_of_certificate(&self.db.conn, c.id).await?)
                    .await?;
            }
        }
        Ok(EvidenceView {
            items,
            certificates: views,
            chain_intact: chain.view.intact,
            chain: chain.view,
        })
    }

    /// `GET /api/v1/verify/{code}`: public, rate limited per IP.
    pub async fn verify_certificate(
        &self,
        code: &str,
        ip: Option<&str>,
    ) -> Result<PublicVerification, AppError> {
        self.rate_limit(
            &format!("verify:{}", ip.unwrap_or("unknown")),
            VERIFY_PER_MINUTE,
            Duration::minutes(1),
        )
        .await?;
        let code = normalise_verification_code(code).ok_or(AppError::NotFound)?;
        let c = store::find_by_verification_code(&self.db.conn, &code)
            .await?
            .ok_or(AppError::NotFound)?;
        let m = portfolio::find_month_by_id(&self.db.conn, c.month_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let d = portfolio::find_dossier(&self.db.conn, m.dossier_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let org = portfolio::find_organisation(&self.db.conn, d.organisation_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let period = m.period;
        let (from, to) = period
            .clip(d.session_start, d.session_end)
            .unwrap_or((period.first_day(), period.last_day()));
        // The hours the certificate covers (the month may since have been reopened).
        let data: serde_json::Value = serde_json::from_str(&c.data_json).unwrap_or_default();
        let total = |i: usize| {
            Hours::from_hundredths(
                data["totals"][i]
                    .as_u64()
                    .and_then(|v| u32::try_from(v).ok())
                    .unwrap_or(0),
            )
        };
        let mode = c.mode;
        let view = certificate_view(&c, String::new());
        Ok(PublicVerification {
            verification_code: c.verification_code,
            dossier_number: d.number,
            period,
            period_label: period.label_fr(),
            from,
            to,
            organisation_name: org.name,
            training: total(0),
            internship: total(1),
            absence: total(2),
            certified_at: c.certified_at,
            mode,
            mode_label: mode.label_fr().into(),
            sha256: c.sha256,
            data_sha256: view.data_sha256,
            superseded: c.superseded_at.is_some(),
            superseded_at: c.superseded_at,
            month_status: m.status,
            audit_head: self.latest_signed_head().await?,
        })
    }
}
