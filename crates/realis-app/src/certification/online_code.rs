//! Online certification (SPEC F6): the e-mailed code, its check, the lock after wrong codes and
//! the funder's unlock.

use crate::unit::Audit;
use chrono::Duration;
use rand::Rng;
use realis_api_types::{CodeRequest, CodeSent, MonthView, VerifyCodeRequest};
use realis_domain::FieldCode;
use realis_domain::MonthCommand;
use realis_domain::Period;
use realis_domain::audit::AuditAction;
use realis_domain::certification::{
    self as rules, CertificationMode, CodePolicy, CodeUsability, OnlineCode,
};
use realis_domain::dossier::Dossier;
use realis_domain::month::Month;
use realis_store::certification as store;
use realis_store::users;
use serde_json::json;

use super::finalise::Certification;
use crate::auth::RequestMeta;
use crate::shared::{beneficiary_name, readiness_error, refusal, sha256_hex};
use crate::{Actor, App, AppError};

/// Key-derivation label of certification codes.
pub(crate) const CODE_PURPOSE: &str = "certification-code";

/// What a code's keyed hash covers: the month (so it works nowhere else) and the digits.
pub(crate) fn code_message(month_id: i64, code: &str) -> Vec<u8> {
    format!("{month_id}:{code}").into_bytes()
}

/// A fresh code of `length` digits, from the operating system's CSPRNG (through `rand`).
pub(crate) fn new_code(length: u32) -> String {
    let mut rng = rand::rng();
    (0..length)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect()
}

/// The IP consent box was not ticked.
pub(crate) fn ip_consent_required() -> AppError {
    AppError::field(
        "ip_consent",
        FieldCode::Required,
        "Cochez «\u{a0}J'accepte que mon adresse IP soit utilisée\u{a0}».",
    )
}

impl App {
    /// Readiness for online certification (checked again at each step: a designation withdrawn
    /// or a document replaced meanwhile takes effect at once).
    pub(crate) async fn check_online(&self, actor: &Actor) -> Result<(), AppError> {
        let readiness = self.check_blocking(actor).await?;
        if !readiness.online_available {
            return Err(readiness_error(&readiness.online_missing));
        }
        Ok(())
    }

    fn code_hash(&self, month_id: i64, code: &str) -> String {
        hex::encode(
            self.jwt
                .keyed_hash(CODE_PURPOSE, &code_message(month_id, code)),
        )
    }

    /// Fingerprint of the exact hours a code approves: any save bumps the version and changes it.
    pub(crate) async fn hours_fingerprint(&self, m: &Month) -> Result<String, AppError> {
        let days = realis_store::dossiers::days_of_month(&self.db.conn, m.id).await?;
        let data = json!({
            "month": m.id,
            "version": m.version,
            "totals": [m.totals.training.hundredths(), m.totals.internship.hundredths(), m.totals.absence.hundredths()],
            "days": days.iter().map(crate::shared::day_json).collect::<Vec<_>>(),
        });
        Ok(sha256_hex(data.to_string().as_bytes()))
    }

    pub(crate) async fn code_policy(&self, d: &Dossier) -> Result<CodePolicy, AppError> {
        let f = realis_store::portfolio::find_funder(&self.db.conn, d.funder_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(f.settings.code)
    }

    /// `POST …/code` (F6.2): e-mails a fresh code to the certifier; voids the previous one.
    pub async fn send_code(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        req: &CodeRequest,
        meta: &RequestMeta,
    ) -> Result<CodeSent, AppError> {
        if !req.ip_consent {
            return Err(ip_consent_required());
        }
        let (d, m) = self
            .certifiable_month(MonthCommand::CertifyOnline, actor, id, period)
            .await?;
        if m.online_locked {
            return Err(AppError::OnlineLocked);
        }
        self.check_online(actor).await?;
        let now = self.clock.now();
        let policy = self.code_policy(&d).await?;
        let code = new_code(policy.length);
        let user = users::find_by_id(&self.db.conn, actor.user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let expires_at = policy.expires_at(now);
        let fingerprint = self.hours_fingerprint(&m).await?;
        let mail = realis_mail::CertificationCode {
            certifier_name: user.display_name.clone(),
            dossier_number: d.number.clone(),
            beneficiary: beneficiary_name(&d),
            period,
            training: m.totals.training,
            internship: m.totals.internship,
            absence: m.totals.absence,
            code: code.clone(),
            valid_until: expires_at,
            link: self.month_link(d.id, &period.to_string()),
        }
        .render();
        // The send limits are checked and the code stored under the month's lock: four parallel
        // requests send one code, not four (S10).
        let mut unit = self.unit().await?;
        store::lock_month(unit.tx(), m.id).await?;
        let sends = store::code_sends_since(unit.tx(), m.id, now - Duration::hours(1)).await?;
        rules::may_send_code(&sends, now)
            .map_err(|retry_after| AppError::RateLimited { retry_after })?;
        store::invalidate_codes(unit.tx(), m.id, now).await?;
        store::insert_code(
            unit.tx(),
            m.id,
            actor.user_id,
            &self.code_hash(m.id, &code),
            &fingerprint,
            expires_at,
            meta.ip.clone(),
            now,
        )
        .await?;
        unit.audit(actor, Audit::of(AuditAction::CodeSent, m.id).from(meta).data(json!({ "dossier_id": d.id, "period": period.to_string(), "ip_consent": true, "sent_to": rules::mask_email(&user.email), "expires_at": expires_at, "hours": fingerprint }))).await?;
        unit.urgent_mail(&user.email, mail).await?;
        unit.commit().await?;
        Ok(CodeSent {
            expires_at,
            resend_after: now + Duration::seconds(rules::RESEND_COOLDOWN_SECONDS),
            sent_to: rules::mask_email(&user.email),
            code_length: policy.length,
        })
    }

    /// `POST …/code/verify` (F6.3–4): the right code certifies the month; a wrong one counts.
    pub async fn verify_code(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        req: &VerifyCodeRequest,
        meta: &RequestMeta,
    ) -> Result<MonthView, AppError> {
        let (d, m) = self.load_month(actor, id, period).await?;
        actor.own_organisation()?;
        if m.online_locked {
            return Err(AppError::OnlineLocked);
        }
        // Readiness again: a designation withdrawn (or a document replaced) since the code was
        // sent takes effect at once.
        self.check_online(actor).await?;
        let status = m.status.on_date(period, self.clock.today());
        rules::may_certify(status, period, d.session_end, self.clock.today())
            .map_err(refusal(MonthCommand::CertifyOnline))?;
        let now = self.clock.now();
        // A batch's code certifies its batch only (`…/certifications/batches/{id}/code/verify`).
        let code = store::latest_code(&self.db.conn, m.id)
            .await?
            .filter(|c| c.user_id == actor.user_id && c.batch_id.is_none())
            .ok_or(AppError::CodeExpired)?;
        if !matches!(code.state().usability(now), CodeUsability::Usable { .. }) {
            return Err(AppError::CodeExpired);
        }
        // The code approves these exact hours only.
        if self.hours_fingerprint(&m).await? != code.hours_hash {
            return Err(AppError::CodeExpired);
        }
        let typed = req.code.trim();
        let policy = self.code_policy(&d).await?;
        let expected = hex::decode(&code.code_hash).unwrap_or_default();
        let right = rules::well_formed_code(typed, policy)
            && self
                .jwt
                .verify_keyed_hash(CODE_PURPOSE, &code_message(m.id, typed), &expected);
        if !right {
            return Err(self.wrong_try(actor, &d, &m, &code, meta).await?);
        }
        let user = users::find_by_id(&self.db.conn, actor.user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.finalise(
            actor,
            &d,
            &m,
            Certification {
                mode: CertificationMode::Online,
                signed_file: None,
                code_sent_to: Some(rules::mask_email(&user.email)),
                consented_ip: meta.ip.clone(),
                batch_id: None,
            },
            Some(code.id),
            meta,
        )
        .await?;
        self.get_month(actor, id, period).await
    }

    /// Records a wrong try; returns the error to answer.
    async fn wrong_try(
        &self,
        actor: &Actor,
        d: &Dossier,
        m: &Month,
        code: &OnlineCode,
        meta: &RequestMeta,
    ) -> Result<AppError, AppError> {
        let _now = self.clock.now();
        let mut unit = self.unit().await?;
        let Some(tries) = store::record_wrong_try(unit.tx(), code.id, rules::MAX_TRIES).await?
        else {
            return Ok(AppError::CodeExpired);
        };
        let failures = store::add_failed_try(unit.tx(), m.id).await?;
        let locked = failures >= rules::LOCK_AFTER_FAILURES;
        let period = m.period;
        unit.audit(actor, Audit::of(AuditAction::CodeFailed, m.id).from(meta).data(json!({ "dossier_id": d.id, "period": m.period, "code_id": code.id, "tries": tries, "failures_in_a_row": failures }))).await?;
        if locked {
            store::set_online_locked(unit.tx(), m.id, true).await?;
            unit.audit(
                actor,
                Audit::of(AuditAction::OnlineCertificationLocked, m.id).data(
                    json!({ "dossier_id": d.id, "period": m.period, "failures_in_a_row": failures }),
                ),
            )
            .await?;
            let link = self.month_link(d.id, &m.period.to_string());
            // Alert the organisation's users (the certifier among them) and its address.
            let recipients = self.organisation_recipients(d.organisation_id).await?;
            for (name, email) in recipients {
                let mail = realis_mail::CertificationLocked {
                    recipient_name: name,
                    dossier_number: d.number.clone(),
                    period,
                    failures,
                    link: link.clone(),
                }
                .render();
                unit.mail(&email, mail).await?;
            }
        }
        unit.commit().await?;
        Ok(AppError::WrongCode {
            attempts_left: (rules::MAX_TRIES - tries).max(0),
            locked,
        })
    }

    /// `POST /funder/dossiers/{id}/months/{period}/unlock-online`: a funder agent unlocks online
    /// certification after the lock that ten wrong codes set.
    pub async fn unlock_online(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        meta: &RequestMeta,
    ) -> Result<MonthView, AppError> {
        actor.own_funder()?;
        let (d, m) = self.load_month(actor, id, period).await?;
        if !m.online_locked {
            return Err(AppError::NotLocked);
        }
        let _now = self.clock.now();
        let unit = self.unit().await?;
        store::set_online_locked(unit.tx(), m.id, false).await?;
        unit.audit(actor, Audit::of(AuditAction::OnlineCertificationUnlocked, m.id).from(meta).data(json!({ "dossier_id": d.id, "period": period.to_string(), "failures_in_a_row": m.failed_code_attempts }))).await?;
        unit.commit().await?;
        self.get_month(actor, id, period).await
    }
}
