//! Certification in both modes (SPEC F5, F6), the final certificate (F7) and its evidence (F11).
//!
//! A certification commits atomically (QUALITY R1): code consumption, status, stored PDF,
//! certificate record, audit record and e-mail all in one transaction, or nothing.

use chrono::Duration;
use rand::Rng;
use realis_api_types::{
    CertificateView, CertifyRequest, CodeRequest, CodeSent, FieldError, MonthFileView, MonthView,
    OnlineState, VerifyCodeRequest,
};
use realis_domain::MonthCommand;
use realis_domain::certification::{
    self as rules, CertificationMode, CertifyRefusal, CodePolicy, CodeState, CodeUsability,
};
use realis_domain::{Hours, MonthAction, MonthStatus, Period, ValidationSetting};
use realis_store::StoreError;
use realis_store::certification::{self as store, SIGNED_CERTIFICATE};
use realis_store::portfolio::{DossierRow, MonthRow};
use realis_store::{audit, files, users};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::auth::{RequestMeta, queue_mail};
use crate::clock::{paris_date, paris_datetime};
use crate::dossiers::{beneficiary_name, hours, status_of};
use crate::prepare::FinalPart;
use crate::{Actor, App, AppError};

/// Key-derivation label of certification codes.
const CODE_PURPOSE: &str = "certification-code";

/// What a code's keyed hash covers: the month (so it works nowhere else) and the digits.
fn code_message(month_id: i64, code: &str) -> Vec<u8> {
    format!("{month_id}:{code}").into_bytes()
}

fn code_state(c: &store::CodeRow) -> CodeState {
    CodeState {
        expires_at: c.expires_at,
        attempts: c.attempts,
        consumed: c.consumed_at.is_some(),
        invalidated: c.invalidated_at.is_some(),
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Why `command` (certifying in either mode) is refused, as an API error.
pub(crate) fn refusal(command: MonthCommand) -> impl Fn(CertifyRefusal) -> AppError {
    move |r| match r {
        CertifyRefusal::InProgress => AppError::field(
            "period",
            "month_in_progress",
            "Le mois n'est pas terminé\u{a0}: la certification sera possible à partir du dernier jour de session du mois.",
        ),
        CertifyRefusal::WrongStatus(status) => AppError::NotAllowed { command, status },
    }
}

/// The readiness items that stop an action, as field errors on `organisation`.
pub(crate) fn readiness_error(items: &[realis_api_types::ReadinessEntry]) -> AppError {
    AppError::Validation(
        items
            .iter()
            .map(|b| FieldError {
                field: "organisation".into(),
                code: serde_json::to_value(b.code)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                message: b.message.clone(),
            })
            .collect(),
    )
}

/// The validation flow recorded with the certificate: its validations follow it, not the
/// funder's current setting.
pub(crate) fn certificate_validations(c: &store::CertificateRow) -> ValidationSetting {
    ValidationSetting::parse(&c.validations).unwrap_or_default()
}

/// The certificate as the API shows it.
pub(crate) fn certificate_view(
    c: &store::CertificateRow,
    certified_by: String,
) -> Option<CertificateView> {
    Some(CertificateView {
        mode: CertificationMode::parse(&c.mode)?,
        certified_at: c.certified_at,
        certified_by,
        verification_code: c.verification_code.clone(),
        sha256: c.sha256.clone(),
        data_sha256: sha256_hex(c.data_json.as_bytes()),
        superseded: c.superseded_at.is_some(),
        validations: certificate_validations(c),
        files: Vec::new(),
    })
}

impl App {
    fn code_hash(&self, month_id: i64, code: &str) -> String {
        hex::encode(
            self.jwt
                .keyed_hash(CODE_PURPOSE, &code_message(month_id, code)),
        )
    }

    /// Fingerprint of the exact hours a code approves: any save bumps the version and changes it.
    async fn hours_fingerprint(&self, m: &MonthRow) -> Result<String, AppError> {
        let days = realis_store::dossiers::days_of_month(&self.db.conn, m.id).await?;
        let data = json!({
            "month": m.id,
            "version": m.version,
            "totals": [m.training, m.internship, m.absence],
            "days": days.iter().map(|r| json!([r.day, r.training_am, r.training_pm, r.internship_am, r.internship_pm, r.absence])).collect::<Vec<_>>(),
        });
        Ok(sha256_hex(data.to_string().as_bytes()))
    }

    async fn code_policy(&self, d: &DossierRow) -> Result<CodePolicy, AppError> {
        let f = realis_store::portfolio::find_funder(&self.db.conn, d.funder_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(CodePolicy::from_stored(f.code_length, f.code_ttl_minutes))
    }

    /// The OF's month, checked for certification: prepared, finished, readiness met.
    async fn certifiable_month(
        &self,
        command: MonthCommand,
        actor: &Actor,
        id: i64,
        period: Period,
    ) -> Result<(DossierRow, MonthRow), AppError> {
        let (d, m) = self.load_month(actor, id, period).await?;
        actor.own_organisation()?;
        let status = status_of(&m)?.on_date(period, self.clock.today());
        rules::may_certify(status, period, d.session_end, self.clock.today())
            .map_err(refusal(command))?;
        Ok((d, m))
    }

    /// Files of the attempt being prepared.
    pub(crate) async fn month_files(&self, month_id: i64) -> Result<Vec<MonthFileView>, AppError> {
        let rows = store::files_of_month(&self.db.conn, month_id).await?;
        self.file_views(rows).await
    }

    pub(crate) async fn file_views(
        &self,
        rows: Vec<store::MonthFileRow>,
    ) -> Result<Vec<MonthFileView>, AppError> {
        let mut out = Vec::new();
        for f in rows {
            if let Some(meta) = files::meta(&self.db.conn, f.file_id).await? {
                out.push(MonthFileView {
                    id: f.id,
                    kind: f.kind,
                    content_type: meta.content_type,
                    size_bytes: meta.size_bytes,
                    sha256: meta.sha256,
                    created_at: f.created_at,
                });
            }
        }
        Ok(out)
    }

    /// The month's current certificate, for the month view.
    pub(crate) async fn current_certificate_view(
        &self,
        month_id: i64,
    ) -> Result<Option<CertificateView>, AppError> {
        let Some(c) = store::current_certificate(&self.db.conn, month_id).await? else {
            return Ok(None);
        };
        let by = users::find_by_id(&self.db.conn, c.certified_by)
            .await?
            .map(|u| u.display_name)
            .unwrap_or_default();
        let mut view = certificate_view(&c, by);
        if let Some(v) = view.as_mut() {
            v.files = self
                .file_views(store::files_of_certificate(&self.db.conn, c.id).await?)
                .await?;
        }
        Ok(view)
    }

    /// Online certification state, for OF staff.
    pub(crate) async fn online_state(
        &self,
        d: &DossierRow,
        m: &MonthRow,
    ) -> Result<OnlineState, AppError> {
        let policy = self.code_policy(d).await?;
        let now = self.clock.now();
        let mut state = OnlineState {
            locked: m.online_locked,
            code_length: policy.length,
            code_ttl_minutes: policy.ttl_minutes,
            ..Default::default()
        };
        if let Some(c) = store::latest_code(&self.db.conn, m.id).await? {
            state.resend_after =
                Some(c.created_at + Duration::seconds(rules::RESEND_COOLDOWN_SECONDS));
            if let CodeUsability::Usable { attempts_left } = code_state(&c).usability(now) {
                state.code_expires_at = Some(c.expires_at);
                state.attempts_left = Some(attempts_left);
            }
        }
        Ok(state)
    }

    /// `POST …/certify` `{mode:"upload"}` (F5.4).
    pub async fn certify_upload(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        req: &CertifyRequest,
        meta: &RequestMeta,
    ) -> Result<MonthView, AppError> {
        if req.mode != CertificationMode::Upload {
            return Err(AppError::field(
                "mode",
                "use_code",
                "La certification en ligne se fait avec le code envoyé par e-mail (…/code puis …/code/verify).",
            ));
        }
        let (d, m) = self
            .certifiable_month(MonthCommand::CertifyUpload, actor, id, period)
            .await?;
        self.check_blocking(actor).await?;
        let signed = store::files_of_month(&self.db.conn, m.id)
            .await?
            .into_iter()
            .find(|f| f.kind == SIGNED_CERTIFICATE)
            .ok_or_else(|| {
                AppError::field(
                    "signed_certificate",
                    "required",
                    "Joignez le certificat de réalisation signé avant de certifier.",
                )
            })?;
        let signed_sha = files::meta(&self.db.conn, signed.file_id)
            .await?
            .map(|f| f.sha256)
            .unwrap_or_default();
        self.finalise(
            actor,
            &d,
            &m,
            Certification {
                mode: CertificationMode::Upload,
                signed_file: Some((signed.file_id, signed_sha)),
                code: None,
                consented_ip: None,
            },
            meta,
        )
        .await?;
        self.get_month(actor, id, period).await
    }

    /// Readiness blocking items stop certification (422 with each item).
    pub(crate) async fn check_blocking(
        &self,
        actor: &Actor,
    ) -> Result<realis_api_types::ReadinessView, AppError> {
        let readiness = self.get_identity(actor).await?.readiness;
        if !readiness.blocking.is_empty() {
            return Err(readiness_error(&readiness.blocking));
        }
        Ok(readiness)
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
            return Err(AppError::field(
                "ip_consent",
                "required",
                "Cochez «\u{a0}J'accepte que mon adresse IP soit utilisée\u{a0}».",
            ));
        }
        let (d, m) = self
            .certifiable_month(MonthCommand::CertifyOnline, actor, id, period)
            .await?;
        if m.online_locked {
            return Err(AppError::OnlineLocked);
        }
        let readiness = self.check_blocking(actor).await?;
        if !readiness.online_available {
            return Err(readiness_error(&readiness.online_missing));
        }
        let now = self.clock.now();
        let policy = self.code_policy(&d).await?;
        let code: String = {
            let mut rng = rand::rng();
            (0..policy.length)
                .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
                .collect()
        };
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
            training: hours(m.training),
            internship: hours(m.internship),
            absence: hours(m.absence),
            code: code.clone(),
            valid_until: expires_at,
            link: self.month_link(d.id, &period.to_string()),
        }
        .render();
        // The send limits are checked and the code stored under the month's lock: four parallel
        // requests send one code, not four (S10).
        let txn = self.db.begin_write().await?;
        store::lock_month(&txn, m.id).await?;
        let sends = store::code_sends_since(&txn, m.id, now - Duration::hours(1)).await?;
        rules::may_send_code(&sends, now)
            .map_err(|retry_after| AppError::RateLimited { retry_after })?;
        store::invalidate_codes(&txn, m.id, now).await?;
        store::insert_code(
            &txn,
            m.id,
            actor.user_id,
            &self.code_hash(m.id, &code),
            &fingerprint,
            expires_at,
            meta.ip.clone(),
            now,
        )
        .await?;
        let mut entry = actor.audit("code_sent", "month", m.id);
        entry.ip = meta.ip.clone();
        entry.user_agent = meta.user_agent.clone();
        entry.data = json!({ "dossier_id": d.id, "period": period.to_string(), "ip_consent": true, "sent_to": rules::mask_email(&user.email), "expires_at": expires_at, "hours": fingerprint });
        audit::append(&txn, &self.audit_key, entry, now).await?;
        queue_mail(&txn, &user.email, mail, now).await?;
        txn.commit().await?;
        self.outbox_wakeup.notify_one();
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
        let readiness = self.check_blocking(actor).await?;
        if !readiness.online_available {
            return Err(readiness_error(&readiness.online_missing));
        }
        let status = status_of(&m)?.on_date(period, self.clock.today());
        rules::may_certify(status, period, d.session_end, self.clock.today())
            .map_err(refusal(MonthCommand::CertifyOnline))?;
        let now = self.clock.now();
        let code = store::latest_code(&self.db.conn, m.id)
            .await?
            .filter(|c| c.user_id == actor.user_id)
            .ok_or(AppError::CodeExpired)?;
        if !matches!(
            code_state(&code).usability(now),
            CodeUsability::Usable { .. }
        ) {
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
                code: Some((code.id, rules::mask_email(&user.email))),
                consented_ip: meta.ip.clone(),
            },
            meta,
        )
        .await?;
        self.get_month(actor, id, period).await
    }

    /// Records a wrong try; returns the error to answer.
    async fn wrong_try(
        &self,
        actor: &Actor,
        d: &DossierRow,
        m: &MonthRow,
        code: &store::CodeRow,
        meta: &RequestMeta,
    ) -> Result<AppError, AppError> {
        let now = self.clock.now();
        let txn = self.db.begin_write().await?;
        let Some(tries) = store::record_wrong_try(&txn, code.id, rules::MAX_TRIES).await? else {
            return Ok(AppError::CodeExpired);
        };
        let failures = store::add_failed_try(&txn, m.id).await?;
        let locked = failures >= rules::LOCK_AFTER_FAILURES;
        let period = Period::parse(&m.period)
            .map_err(|_| StoreError::corrupt("months.period", &m.period))?;
        let mut entry = actor.audit("code_failed", "month", m.id);
        entry.ip = meta.ip.clone();
        entry.user_agent = meta.user_agent.clone();
        entry.data = json!({ "dossier_id": d.id, "period": m.period, "code_id": code.id, "tries": tries, "failures_in_a_row": failures });
        audit::append(&txn, &self.audit_key, entry, now).await?;
        if locked {
            store::set_online_locked(&txn, m.id, true).await?;
            let mut entry = actor.audit("online_certification_locked", "month", m.id);
            entry.data =
                json!({ "dossier_id": d.id, "period": m.period, "failures_in_a_row": failures });
            audit::append(&txn, &self.audit_key, entry, now).await?;
            let link = self.month_link(d.id, &m.period);
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
                queue_mail(&txn, &email, mail, now).await?;
            }
        }
        txn.commit().await?;
        if locked {
            self.outbox_wakeup.notify_one();
        }
        Ok(AppError::WrongCode {
            attempts_left: (rules::MAX_TRIES - tries).max(0),
            locked,
        })
    }

    /// Renders and stores the final certificate and moves the month on, atomically.
    async fn finalise(
        &self,
        actor: &Actor,
        d: &DossierRow,
        m: &MonthRow,
        c: Certification,
        meta: &RequestMeta,
    ) -> Result<(), AppError> {
        let period = Period::parse(&m.period)
            .map_err(|_| StoreError::corrupt("months.period", &m.period))?;
        let now = self.clock.now();
        let funder = realis_store::portfolio::find_funder(&self.db.conn, d.funder_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let setting = ValidationSetting::parse(&funder.validations).unwrap_or_default();
        let status = status_of(m)?.on_date(period, self.clock.today());
        let next = status.apply(MonthAction::Certify(setting))?;
        let verification_code = {
            let mut rng = rand::rng();
            let mut symbols = [0u8; 12];
            for s in &mut symbols {
                *s = rng.random_range(0..32u8);
            }
            rules::format_verification_code(&symbols)
        };
        let certifier = users::find_by_id(&self.db.conn, actor.user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let org = realis_store::portfolio::find_organisation(&self.db.conn, d.organisation_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let days = realis_store::dossiers::days_of_month(&self.db.conn, m.id).await?;
        let attached: Vec<(String, String)> = self
            .month_files(m.id)
            .await?
            .into_iter()
            .map(|f| (f.kind, f.sha256))
            .collect();
        // The certified data: what the signature covers.
        let data = json!({
            "dossier": d.number,
            "period": m.period,
            "organisation_siret": org.siret,
            "beneficiary": [d.beneficiary_first_name, d.beneficiary_last_name],
            "training_title": d.training_title,
            "totals": [m.training, m.internship, m.absence],
            "days": days.iter().map(|r| json!([r.day, r.training_am, r.training_pm, r.internship_am, r.internship_pm, r.absence])).collect::<Vec<_>>(),
            "mode": c.mode.as_str(),
            "certified_at": now,
            "certified_by": { "id": certifier.id, "name": certifier.display_name },
            "verification_code": verification_code,
            "signed_file_sha256": c.signed_file.as_ref().map(|s| s.1.clone()),
            "files": attached,
            "code_sent_to": c.code.as_ref().map(|s| s.1.clone()),
            "consented_ip": c.consented_ip,
        });
        let data_json = data.to_string();
        let data_sha256 = sha256_hex(data_json.as_bytes());
        let online = (c.mode == CertificationMode::Online).then(|| realis_pdf::OnlineSignature {
            certifier: certifier.display_name.clone(),
            signed_at: paris_datetime(now),
            code_sent_to: c.code.as_ref().map(|s| s.1.clone()).unwrap_or_default(),
            ip: c.consented_ip.clone(),
            sha256: data_sha256.clone(),
        });
        let model = self
            .certificate_model(
                d,
                m,
                period,
                Some(FinalPart {
                    made_on: paris_date(now),
                    verification_code: verification_code.clone(),
                    online,
                }),
            )
            .await?;
        let pdf = self
            .render_pdf(move || realis_pdf::certificate(&model))
            .await?;
        let validation_mail = self.validation_mail(d, m, &org.name, next).await?;

        let txn = self.db.begin_write().await?;
        // The code first: of concurrent verifications exactly one consumes it.
        if let Some((code_id, _)) = &c.code
            && !store::consume_code(&txn, *code_id, rules::MAX_TRIES, now).await?
        {
            return Err(AppError::CodeExpired);
        }
        if !realis_store::dossiers::set_month_status(
            &txn,
            m.id,
            m.version,
            next,
            actor.user_id,
            now,
        )
        .await?
        {
            return Err(AppError::StaleVersion);
        }
        if c.mode == CertificationMode::Online {
            store::set_online_locked(&txn, m.id, false).await?;
        }
        let file = files::insert(
            &txn,
            "certificate",
            "application/pdf",
            pdf,
            Some(actor.user_id),
            now,
        )
        .await?;
        let cert = store::insert_certificate(
            &txn,
            store::NewCertificate {
                month_id: m.id,
                mode: c.mode.as_str().into(),
                certified_at: now,
                certified_by: actor.user_id,
                verification_code: verification_code.clone(),
                pdf_sha256: file.sha256.clone(),
                pdf_file_id: file.id,
                signed_file_id: c.signed_file.as_ref().map(|s| s.0),
                ip: c.consented_ip.clone(),
                data_json,
                validations: setting.as_str().into(),
            },
        )
        .await?;
        // The attempt's files now belong to this certificate; a later attempt starts afresh.
        store::attach_files_to_certificate(&txn, m.id, cert.id).await?;
        let mut entry = actor.audit("certified", "month", m.id);
        entry.ip = meta.ip.clone();
        entry.user_agent = meta.user_agent.clone();
        entry.data = crate::audit_trail::certified_record_data(&cert, next, &data_sha256);
        audit::append(&txn, &self.audit_key, entry, now).await?;
        // Queued after the audit record: a failure here rolls everything back (R1).
        for (to, mail) in validation_mail {
            queue_mail(&txn, &to, mail, now).await?;
        }
        // «Certification effectuée» to the certifier, with the verification code.
        let done = realis_mail::CertificationDone {
            certifier_name: certifier.display_name.clone(),
            dossier_number: d.number.clone(),
            beneficiary: beneficiary_name(d),
            period,
            presence: Hours::sum([hours(m.training), hours(m.internship)]),
            absence: hours(m.absence),
            certified_at: now,
            verification_code: verification_code.clone(),
            link: self.month_link(d.id, &period.to_string()),
        }
        .render();
        queue_mail(&txn, &certifier.email, done, now).await?;
        txn.commit().await?;
        self.outbox_wakeup.notify_one();
        Ok(())
    }

    /// «Des heures attendent votre validation» to whoever validates next.
    async fn validation_mail(
        &self,
        d: &DossierRow,
        m: &MonthRow,
        organisation_name: &str,
        next: MonthStatus,
    ) -> Result<Vec<(String, realis_mail::RenderedMail)>, AppError> {
        let recipients: Vec<users::UserRow> = match next {
            MonthStatus::AwaitingBeneficiary => {
                users::find_by_id(&self.db.conn, d.beneficiary_user_id)
                    .await?
                    .into_iter()
                    .collect()
            }
            MonthStatus::AwaitingEmployer => {
                realis_store::accounts::employer_accounts(&self.db.conn, d.employer_id).await?
            }
            _ => Vec::new(),
        };
        let period = Period::parse(&m.period)
            .map_err(|_| StoreError::corrupt("months.period", &m.period))?;
        Ok(recipients
            .into_iter()
            .filter(|u| !u.disabled)
            .map(|u| {
                let mail = realis_mail::ValidationRequested {
                    recipient_name: u.display_name.clone(),
                    organisation_name: organisation_name.to_owned(),
                    dossier_number: d.number.clone(),
                    beneficiary: beneficiary_name(d),
                    period,
                    hours: Hours::sum([hours(m.training), hours(m.internship)]),
                    link: self.month_link(d.id, &period.to_string()),
                }
                .render();
                (u.email, mail)
            })
            .collect())
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
        let now = self.clock.now();
        let txn = self.db.begin_write().await?;
        store::set_online_locked(&txn, m.id, false).await?;
        let mut entry = actor.audit("online_certification_unlocked", "month", m.id);
        entry.ip = meta.ip.clone();
        entry.user_agent = meta.user_agent.clone();
        entry.data = json!({ "dossier_id": d.id, "period": period.to_string(), "failures_in_a_row": m.failed_code_attempts });
        audit::append(&txn, &self.audit_key, entry, now).await?;
        txn.commit().await?;
        self.get_month(actor, id, period).await
    }
}

/// How a month is being certified.
struct Certification {
    mode: CertificationMode,
    /// (stored file id, its SHA-256) of the signed scan.
    signed_file: Option<(i64, String)>,
    /// (code id, masked address) of the online code.
    code: Option<(i64, String)>,
    consented_ip: Option<String>,
}
