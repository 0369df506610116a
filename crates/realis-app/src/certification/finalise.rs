//! The checks before certifying, and the final certificate (F7) committed atomically (QUALITY R1):
//! code consumption, status, stored PDF, certificate record, audit record and e-mail all in one
//! transaction, or nothing.

use crate::shared::month_subject;
use crate::unit::Audit;
use rand::Rng;
use realis_domain::MonthCommand;
use realis_domain::audit::AuditAction;
use realis_domain::certification::{self as rules, CertificationMode};
use realis_domain::dossier::Dossier;
use realis_domain::events::DomainEvent;
use realis_domain::month::Month;
use realis_domain::user::User;
use realis_domain::{Hours, MonthAction, MonthStatus, Period};
use realis_store::certification as store;
use realis_store::{files, users};
use serde_json::json;

use crate::auth::RequestMeta;
use crate::clock::{paris_date, paris_datetime};
use crate::months::prepare::FinalPart;
use crate::shared::{beneficiary_name, readiness_error, refusal, sha256_hex};
use crate::{Actor, App, AppError};

/// How a month is being certified.
pub(crate) struct Certification {
    pub(crate) mode: CertificationMode,
    /// (stored file id, its SHA-256) of the signed scan.
    pub(crate) signed_file: Option<(i64, String)>,
    /// The masked address the online code was sent to.
    pub(crate) code_sent_to: Option<String>,
    pub(crate) consented_ip: Option<String>,
    /// The certification batch (issue #13) certifying the month with others.
    pub(crate) batch_id: Option<i64>,
}

/// A month's certificate rendered and ready to record: everything read and computed before the
/// transaction, so that the transaction only writes.
pub(crate) struct Prepared {
    d: Dossier,
    m: Month,
    status: MonthStatus,
    next: MonthStatus,
    setting: realis_domain::ValidationSetting,
    certification: Certification,
    verification_code: String,
    data_json: String,
    data_sha256: String,
    pdf: Vec<u8>,
    validation_mail: Vec<(String, realis_mail::RenderedMail)>,
    pub(crate) certifier: User,
}

impl Prepared {
    pub(crate) fn verification_code(&self) -> &str {
        &self.verification_code
    }
}

impl App {
    /// The OF's month, checked for certification: prepared, finished, readiness met.
    pub(crate) async fn certifiable_month(
        &self,
        command: MonthCommand,
        actor: &Actor,
        id: i64,
        period: Period,
    ) -> Result<(Dossier, Month), AppError> {
        let (d, m) = self.load_month(actor, id, period).await?;
        actor.own_organisation()?;
        let status = m.status.on_date(period, self.clock.today());
        rules::may_certify(status, period, d.session_end, self.clock.today())
            .map_err(refusal(command))?;
        Ok((d, m))
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

    /// Renders and stores the final certificate and moves the month on, atomically; `code_id`
    /// is the online code it uses up.
    pub(crate) async fn finalise(
        &self,
        actor: &Actor,
        d: &Dossier,
        m: &Month,
        c: Certification,
        code_id: Option<i64>,
        meta: &RequestMeta,
    ) -> Result<(), AppError> {
        let p = self.prepare_certificate(actor, d, m, c).await?;
        let mut unit = self.unit().await?;
        // The code first: of concurrent verifications exactly one consumes it.
        if let Some(code_id) = code_id
            && !store::consume_code(unit.tx(), code_id, rules::MAX_TRIES, self.clock.now()).await?
        {
            return Err(AppError::CodeExpired);
        }
        let done = self.certification_done_mail(&p);
        let to = p.certifier.email.clone();
        self.record_certificate(&mut unit, actor, p, meta).await?;
        // «Certification effectuée» to the certifier, with the verification code.
        unit.mail(&to, done).await?;
        unit.commit().await?;
        Ok(())
    }

    /// «Certification effectuée» for one month.
    fn certification_done_mail(&self, p: &Prepared) -> realis_mail::RenderedMail {
        let (d, m) = (&p.d, &p.m);
        realis_mail::CertificationDone {
            certifier_name: p.certifier.display_name.clone(),
            dossier_number: d.number.clone(),
            beneficiary: beneficiary_name(d),
            period: m.period,
            presence: Hours::sum([m.totals.training, m.totals.internship]),
            absence: m.totals.absence,
            certified_at: self.clock.now(),
            verification_code: p.verification_code.clone(),
            link: self.month_link(d.id, &m.period.to_string()),
        }
        .render()
    }

    /// Reads what the certificate rests on and renders its PDF (outside any transaction).
    pub(crate) async fn prepare_certificate(
        &self,
        actor: &Actor,
        d: &Dossier,
        m: &Month,
        c: Certification,
    ) -> Result<Prepared, AppError> {
        let period = m.period;
        let now = self.clock.now();
        let funder = realis_store::portfolio::find_funder(&self.db.conn, d.funder_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let setting = funder.settings.validations;
        let status = m.status.on_date(period, self.clock.today());
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
            "scheme": d.scheme.as_str(),
            "training_modality": d.training_modality.map(|m| m.as_str()),
            "totals": [m.totals.training.hundredths(), m.totals.internship.hundredths(), m.totals.absence.hundredths()],
            "days": days.iter().map(crate::shared::day_json).collect::<Vec<_>>(),
            "mode": c.mode.as_str(),
            "certified_at": now,
            "certified_by": { "id": certifier.id, "name": certifier.display_name },
            "verification_code": verification_code,
            "signed_file_sha256": c.signed_file.as_ref().map(|s| s.1.clone()),
            "files": attached,
            "code_sent_to": c.code_sent_to,
            "consented_ip": c.consented_ip,
        });
        let mut data = data;
        if let Some(batch) = c.batch_id {
            data["batch_id"] = json!(batch);
        }
        let data_json = data.to_string();
        let data_sha256 = sha256_hex(data_json.as_bytes());
        let online = (c.mode == CertificationMode::Online).then(|| realis_pdf::OnlineSignature {
            certifier: certifier.display_name.clone(),
            signed_at: paris_datetime(now),
            code_sent_to: c.code_sent_to.clone().unwrap_or_default(),
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
        Ok(Prepared {
            d: d.clone(),
            m: m.clone(),
            status,
            next,
            setting,
            certification: c,
            verification_code,
            data_json,
            data_sha256,
            pdf,
            validation_mail,
            certifier,
        })
    }

    /// Records a prepared certificate in the unit of work: the month moved on, the PDF, the
    /// certificate, its files, the audit record, the event and the validators' e-mails.
    pub(crate) async fn record_certificate(
        &self,
        unit: &mut crate::unit::Unit<'_>,
        actor: &Actor,
        p: Prepared,
        meta: &RequestMeta,
    ) -> Result<(), AppError> {
        let Prepared {
            d,
            m,
            status,
            next,
            setting,
            certification: c,
            verification_code,
            data_json,
            data_sha256,
            pdf,
            validation_mail,
            certifier: _,
        } = p;
        let (d, m) = (&d, &m);
        let period = m.period;
        let now = self.clock.now();
        unit.move_month(actor, d, m, status, next).await?;
        if c.mode == CertificationMode::Online {
            store::set_online_locked(unit.tx(), m.id, false).await?;
        }
        let file = files::insert(
            unit.tx(),
            "certificate",
            "application/pdf",
            pdf,
            Some(actor.user_id),
            now,
        )
        .await?;
        let cert = store::insert_certificate(
            unit.tx(),
            store::NewCertificate {
                month_id: m.id,
                mode: c.mode,
                certified_at: now,
                certified_by: actor.user_id,
                verification_code: verification_code.clone(),
                pdf_sha256: file.sha256.clone(),
                pdf_file_id: file.id,
                signed_file_id: c.signed_file.as_ref().map(|s| s.0),
                ip: c.consented_ip.clone(),
                data_json,
                validations: setting,
                batch_id: c.batch_id,
            },
        )
        .await?;
        // The attempt's files now belong to this certificate; a later attempt starts afresh.
        store::attach_files_to_certificate(unit.tx(), m.id, cert.id).await?;
        unit.audit(
            actor,
            Audit::of(AuditAction::Certified, m.id).from(meta).data(
                crate::audit_trail::certified_record_data(&cert, next, &data_sha256),
            ),
        )
        .await?;
        unit.event(
            Some(actor),
            month_subject(d, period),
            DomainEvent::MonthCertified {
                mode: c.mode,
                status: next,
                verification_code: verification_code.clone(),
            },
        )
        .await?;
        // Queued after the audit record: a failure here rolls everything back (R1).
        for (to, mail) in validation_mail {
            unit.mail(&to, mail).await?;
        }
        Ok(())
    }

    /// «Des heures attendent votre validation» to whoever validates next.
    async fn validation_mail(
        &self,
        d: &Dossier,
        m: &Month,
        organisation_name: &str,
        next: MonthStatus,
    ) -> Result<Vec<(String, realis_mail::RenderedMail)>, AppError> {
        let recipients: Vec<User> = match next {
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
        let period = m.period;
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
                    hours: Hours::sum([m.totals.training, m.totals.internship]),
                    link: self.month_link(d.id, &period.to_string()),
                }
                .render();
                (u.email, mail)
            })
            .collect())
    }
}
