//! Certifying a batch (issue #13): one e-mailed code for the whole set, checked like a single
//! month's (F6: length, lifetime, 3 tries, send limits, lock after wrong codes), and the months
//! certified all together in one transaction, or none; or the same with one signed scan per
//! month (`{mode: "upload"}`).

use chrono::{DateTime, Duration, Utc};
use realis_api_types::{
    CertificationBatchView, CertifyRequest, CodeRequest, CodeSent, VerifyCodeRequest,
};
use realis_domain::audit::AuditAction;
use realis_domain::certification::{
    self as rules, CertificationMode, CodeUsability, MonthFileKind,
};
use realis_domain::{FieldCode, Hours};
use realis_store::certification_batches::{self as store, Batch, CodeRow, NewBatchCode};
use realis_store::{files, users};
use serde_json::json;

use super::batch::Member;
use super::finalise::{Certification, Prepared};
use super::online_code::{CODE_PURPOSE, ip_consent_required, new_code};
use crate::auth::RequestMeta;
use crate::shared::beneficiary_name;
use crate::unit::Audit;
use crate::{Actor, App, AppError};

/// Months prepared (read and rendered) at once while certifying a batch.
const PREPARE_AT_ONCE: usize = 8;

/// What a batch code's keyed hash covers: the batch and the digits (`b…`: never a month's).
fn batch_code_message(batch_id: i64, code: &str) -> Vec<u8> {
    format!("b{batch_id}:{code}").into_bytes()
}

fn line(x: &Member, verification_code: Option<String>) -> realis_mail::BatchLine {
    realis_mail::BatchLine {
        dossier_number: x.d.number.clone(),
        beneficiary: beneficiary_name(&x.d),
        period: x.m.period,
        presence: Hours::sum([x.m.totals.training, x.m.totals.internship]),
        absence: x.m.totals.absence,
        verification_code,
    }
}

impl App {
    fn batch_link(&self) -> String {
        format!(
            "{}/saisie-du-mois",
            self.settings.public_url.trim_end_matches('/')
        )
    }

    /// The batch's months, each still as it was when the batch was made: else the first that
    /// changed refuses the whole batch.
    fn unchanged(&self, members: &[Member]) -> Result<(), AppError> {
        match members.iter().position(|x| x.changed(self)) {
            None => Ok(()),
            Some(index) => Err(changed(members, index)),
        }
    }

    /// `POST /certifications/batches/{id}/code`: one code for the whole batch, e-mailed to its
    /// certifier; voids the batch's previous code.
    pub async fn send_batch_code(
        &self,
        actor: &Actor,
        id: i64,
        req: &CodeRequest,
        meta: &RequestMeta,
    ) -> Result<CodeSent, AppError> {
        if !req.ip_consent {
            return Err(ip_consent_required());
        }
        let (batch, members) = self.load_batch(actor, id).await?;
        self.unchanged(&members)?;
        if members.iter().any(|x| x.m.online_locked) {
            return Err(AppError::OnlineLocked);
        }
        self.check_online(actor).await?;
        let now = self.clock.now();
        let policy = self.batch_policy(&members).await?;
        let code = new_code(policy.length);
        let user = users::find_by_id(&self.db.conn, actor.user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let expires_at = policy.expires_at(now);
        let mut rows = Vec::with_capacity(members.len());
        for x in &members {
            rows.push(CodeRow {
                month_id: x.m.id,
                hours_hash: self.hours_fingerprint(&x.m).await?,
            });
        }
        let mail = realis_mail::CertificationBatchCode {
            certifier_name: user.display_name.clone(),
            months: members.iter().map(|x| line(x, None)).collect(),
            code: code.clone(),
            valid_until: expires_at,
            link: self.batch_link(),
        }
        .render();
        let sent_to = rules::mask_email(&user.email);
        // Under the batch's lock: parallel requests send one code, not several (S10).
        let mut unit = self.unit().await?;
        store::lock(unit.tx(), batch.id).await?;
        let sends = store::code_sends_since(unit.tx(), batch.id, now - Duration::hours(1)).await?;
        rules::may_send_code(&sends, now)
            .map_err(|retry_after| AppError::RateLimited { retry_after })?;
        store::invalidate_codes(unit.tx(), batch.id, now).await?;
        let code_hash = hex::encode(
            self.jwt
                .keyed_hash(CODE_PURPOSE, &batch_code_message(batch.id, &code)),
        );
        // Each month's evidence records the code sent for it, with the batch named.
        for (x, row) in members.iter().zip(&rows) {
            unit.audit(actor, Audit::of(AuditAction::CodeSent, x.m.id).from(meta).data(json!({ "dossier_id": x.d.id, "period": x.m.period.to_string(), "ip_consent": true, "sent_to": sent_to, "expires_at": expires_at, "hours": row.hours_hash, "batch_id": batch.id }))).await?;
        }
        store::insert_code(
            unit.tx(),
            NewBatchCode {
                batch_id: batch.id,
                user_id: actor.user_id,
                code_hash: &code_hash,
                expires_at,
                ip: meta.ip.clone(),
            },
            rows,
            now,
        )
        .await?;
        unit.urgent_mail(&user.email, mail).await?;
        unit.commit().await?;
        Ok(CodeSent {
            expires_at,
            resend_after: now + Duration::seconds(rules::RESEND_COOLDOWN_SECONDS),
            sent_to,
            code_length: policy.length,
        })
    }

    /// `POST /certifications/batches/{id}/code/verify`: the right code certifies every month of
    /// the batch; a wrong one counts against each.
    pub async fn verify_batch_code(
        &self,
        actor: &Actor,
        id: i64,
        req: &VerifyCodeRequest,
        meta: &RequestMeta,
    ) -> Result<CertificationBatchView, AppError> {
        let (batch, members) = self.load_batch(actor, id).await?;
        if batch.certified_at.is_some() {
            return Err(AppError::CodeExpired);
        }
        self.unchanged(&members)?;
        if members.iter().any(|x| x.m.online_locked) {
            return Err(AppError::OnlineLocked);
        }
        self.check_online(actor).await?;
        let now = self.clock.now();
        let rows = store::latest_code(&self.db.conn, batch.id).await?;
        if rows.is_empty() || rows.iter().any(|c| c.user_id != actor.user_id) {
            return Err(AppError::CodeExpired);
        }
        // A month edited since the code was sent voided its row, and so the code.
        for (index, x) in members.iter().enumerate() {
            let row = rows.iter().find(|c| c.month_id == x.m.id);
            match row {
                Some(c) if c.invalidated_at.is_some() && c.consumed_at.is_none() => {
                    return Err(changed(&members, index));
                }
                Some(c) if c.hours_hash != self.hours_fingerprint(&x.m).await? => {
                    return Err(changed(&members, index));
                }
                Some(c) if matches!(c.state().usability(now), CodeUsability::Usable { .. }) => {}
                _ => return Err(AppError::CodeExpired),
            }
        }
        let sent_at = rows[0].created_at;
        let policy = self.batch_policy(&members).await?;
        let typed = req.code.trim();
        let expected = hex::decode(&rows[0].code_hash).unwrap_or_default();
        let right = rules::well_formed_code(typed, policy)
            && self.jwt.verify_keyed_hash(
                CODE_PURPOSE,
                &batch_code_message(batch.id, typed),
                &expected,
            );
        if !right {
            return Err(self
                .wrong_batch_try(actor, &batch, &members, sent_at, meta)
                .await?);
        }
        let user = users::find_by_id(&self.db.conn, actor.user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let sent_to = rules::mask_email(&user.email);
        let certifications = members
            .iter()
            .map(|_| Certification {
                mode: CertificationMode::Online,
                signed_file: None,
                code_sent_to: Some(sent_to.clone()),
                consented_ip: meta.ip.clone(),
                batch_id: Some(batch.id),
            })
            .collect();
        self.certify_batch(actor, &batch, &members, certifications, Some(sent_at), meta)
            .await?;
        self.get_certification_batch(actor, id).await
    }

    /// `POST /certifications/batches/{id}/certify` `{mode: "upload"}`: every month having its
    /// signed scan, certifies them all.
    pub async fn certify_batch_upload(
        &self,
        actor: &Actor,
        id: i64,
        req: &CertifyRequest,
        meta: &RequestMeta,
    ) -> Result<CertificationBatchView, AppError> {
        if req.mode != CertificationMode::Upload {
            return Err(AppError::field(
                "mode",
                FieldCode::UseCode,
                "La certification en ligne d'un lot se fait avec le code envoyé par e-mail (…/code puis …/code/verify).",
            ));
        }
        // A certified batch's months have moved on: `unchanged` refuses it.
        let (batch, members) = self.load_batch(actor, id).await?;
        self.unchanged(&members)?;
        self.check_blocking(actor).await?;
        let mut certifications = Vec::with_capacity(members.len());
        let mut missing = Vec::new();
        for (i, x) in members.iter().enumerate() {
            let signed = realis_store::certification::files_of_month(&self.db.conn, x.m.id)
                .await?
                .into_iter()
                .find(|f| f.kind == MonthFileKind::SignedCertificate);
            let Some(signed) = signed else {
                missing.push(realis_api_types::FieldError {
                    field: format!("months[{i}]"),
                    code: FieldCode::ScanMissing,
                    message: format!(
                        "{} {}\u{a0}: {}",
                        x.d.number,
                        x.m.period,
                        FieldCode::ScanMissing.message_fr()
                    ),
                });
                continue;
            };
            let sha = files::meta(&self.db.conn, signed.file_id)
                .await?
                .map(|f| f.sha256)
                .unwrap_or_default();
            certifications.push(Certification {
                mode: CertificationMode::Upload,
                signed_file: Some((signed.file_id, sha)),
                code_sent_to: None,
                consented_ip: None,
                batch_id: Some(batch.id),
            });
        }
        if !missing.is_empty() {
            return Err(AppError::Validation(missing));
        }
        self.certify_batch(actor, &batch, &members, certifications, None, meta)
            .await?;
        self.get_certification_batch(actor, id).await
    }

    /// Renders every month's certificate (a few at a time, within the PDF bound), then records
    /// them all in one transaction: the code used up, each month moved on with its certificate,
    /// evidence record, event and e-mails, and one summary to the certifier. A month written in
    /// between refuses the whole batch and names it.
    async fn certify_batch(
        &self,
        actor: &Actor,
        batch: &Batch,
        members: &[Member],
        certifications: Vec<Certification>,
        code_sent_at: Option<DateTime<Utc>>,
        meta: &RequestMeta,
    ) -> Result<(), AppError> {
        let mode = certifications
            .first()
            .map(|c| c.mode)
            .unwrap_or(CertificationMode::Online);
        let mut prepared: Vec<Prepared> = Vec::with_capacity(members.len());
        let mut pending = members.iter().zip(certifications).peekable();
        while pending.peek().is_some() {
            let chunk: Vec<_> = pending.by_ref().take(PREPARE_AT_ONCE).collect();
            let done = futures_util::future::try_join_all(
                chunk
                    .into_iter()
                    .map(|(x, c)| self.prepare_certificate(actor, &x.d, &x.m, c)),
            )
            .await?;
            prepared.extend(done);
        }
        let now = self.clock.now();
        let mut unit = self.unit().await?;
        // The code first: of concurrent verifications exactly one uses it up.
        if let Some(sent_at) = code_sent_at {
            let used =
                store::consume_code(unit.tx(), batch.id, sent_at, rules::MAX_TRIES, now).await?;
            if usize::try_from(used).ok() != Some(members.len()) {
                return Err(AppError::CodeExpired);
            }
        }
        if !store::set_certified(unit.tx(), batch.id, mode, actor.user_id, now).await? {
            return Err(AppError::CodeExpired);
        }
        let mut lines = Vec::with_capacity(members.len());
        let certifier = prepared.first().map(|p| p.certifier.clone());
        for (index, p) in prepared.into_iter().enumerate() {
            let code = p.verification_code().to_owned();
            self.record_certificate(&mut unit, actor, p, meta)
                .await
                .map_err(|e| match e {
                    AppError::StaleVersion => changed(members, index),
                    e => e,
                })?;
            lines.push(line(&members[index], Some(code)));
        }
        if let Some(certifier) = certifier {
            let done = realis_mail::CertificationBatchDone {
                certifier_name: certifier.display_name.clone(),
                months: lines,
                certified_at: now,
                link: self.batch_link(),
            }
            .render();
            unit.mail(&certifier.email, done).await?;
        }
        unit.commit().await?;
        Ok(())
    }

    /// Records a wrong try on the batch's code, against each of its months; returns the error
    /// to answer.
    async fn wrong_batch_try(
        &self,
        actor: &Actor,
        batch: &Batch,
        members: &[Member],
        sent_at: DateTime<Utc>,
        meta: &RequestMeta,
    ) -> Result<AppError, AppError> {
        let mut unit = self.unit().await?;
        let Some(tries) =
            store::record_wrong_try(unit.tx(), batch.id, sent_at, rules::MAX_TRIES).await?
        else {
            return Ok(AppError::CodeExpired);
        };
        let ids: Vec<i64> = members.iter().map(|x| x.m.id).collect();
        let locked = store::add_failed_try(unit.tx(), &ids, rules::LOCK_AFTER_FAILURES).await?;
        for x in members {
            unit.audit(actor, Audit::of(AuditAction::CodeFailed, x.m.id).from(meta).data(json!({ "dossier_id": x.d.id, "period": x.m.period, "batch_id": batch.id, "tries": tries }))).await?;
        }
        for x in members.iter().filter(|x| locked.contains(&x.m.id)) {
            realis_store::certification::set_online_locked(unit.tx(), x.m.id, true).await?;
            unit.audit(
                actor,
                Audit::of(AuditAction::OnlineCertificationLocked, x.m.id).data(
                    json!({ "dossier_id": x.d.id, "period": x.m.period, "batch_id": batch.id }),
                ),
            )
            .await?;
        }
        // One alert for the batch (not one per month), naming its first locked month.
        if let Some(first) = members.iter().find(|x| locked.contains(&x.m.id)) {
            let link = self.month_link(first.d.id, &first.m.period.to_string());
            for (name, email) in self
                .organisation_recipients(first.d.organisation_id)
                .await?
            {
                let mail = realis_mail::CertificationLocked {
                    recipient_name: name,
                    dossier_number: first.d.number.clone(),
                    period: first.m.period,
                    failures: rules::LOCK_AFTER_FAILURES,
                    link: link.clone(),
                }
                .render();
                unit.mail(&email, mail).await?;
            }
        }
        unit.commit().await?;
        Ok(AppError::WrongCode {
            attempts_left: (rules::MAX_TRIES - tries).max(0),
            locked: !locked.is_empty(),
        })
    }
}

/// The batch refused because of its month at `index`.
fn changed(members: &[Member], index: usize) -> AppError {
    let x = &members[index.min(members.len().saturating_sub(1))];
    AppError::BatchMonthChanged {
        index,
        dossier: x.d.number.clone(),
        period: x.m.period,
    }
}
