//! «Je certifie la saisie des heures» + OK (SPEC F5.1 / F6.1): readiness is checked, the hours are
//! frozen for certification, and the draft PDF can be opened.

use crate::shared::month_subject;
use crate::unit::Audit;
use realis_api_types::{MonthView, PrepareRequest};
use realis_domain::FieldCode;
use realis_domain::MonthCommand;
use realis_domain::audit::AuditAction;
use realis_domain::dossier::Dossier;
use realis_domain::events::DomainEvent;
use realis_domain::grid::{Granularity, GridInput, totals_of};
use realis_domain::month::Month;
use realis_domain::{Hours, MonthAction, Period};
use realis_pdf::{CertificateModel, GridRow};
use realis_store::dossiers as store;
use realis_store::portfolio;
use serde_json::json;

use crate::auth::RequestMeta;
use crate::shared::Download;
use crate::{Actor, App, AppError};

/// Draft renders per user per minute (S9).
pub const PDF_RENDERS_PER_MINUTE: i32 = 30;

fn fr(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

impl App {
    /// `POST /dossiers/{id}/months/{period}/prepare`.
    pub async fn prepare_month(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        req: &PrepareRequest,
        meta: &RequestMeta,
    ) -> Result<MonthView, AppError> {
        let (d, m) = self.load_month(actor, id, period).await?;
        actor.own_organisation()?;
        if !req.hours_certified {
            return Err(AppError::field(
                "hours_certified",
                FieldCode::Required,
                "Cochez «\u{a0}Je certifie la saisie des heures\u{a0}».",
            ));
        }
        if req.version.is_some_and(|v| v != m.version) {
            return Err(AppError::StaleVersion);
        }
        self.check_blocking(actor).await?;
        let today = self.clock.today();
        if !realis_domain::certification::month_over(period, d.session_end, today) {
            return Err(crate::shared::refusal(MonthCommand::Prepare)(
                realis_domain::certification::CertifyRefusal::InProgress,
            ));
        }
        let status = m.status.on_date(period, today);
        let next = status
            .apply(MonthAction::Prepare)
            .map_err(|_| AppError::NotAllowed {
                command: MonthCommand::Prepare,
                status,
            })?;
        let unit = self.unit().await?;
        unit.move_month(actor, &d, &m, status, next).await?;
        unit.audit(
            actor,
            Audit::of(AuditAction::HoursPrepared, m.id).from(meta).data(
                json!({ "dossier_id": d.id, "period": period.to_string(), "totals": [m.totals.training.hundredths(), m.totals.internship.hundredths(), m.totals.absence.hundredths()] }),
            ),
        )
        .await?;
        unit.event(
            Some(actor),
            month_subject(&d, period),
            DomainEvent::MonthPrepared {
                version: m.version + 1,
            },
        )
        .await?;
        unit.commit().await?;
        self.get_month(actor, id, period).await
    }

    /// `GET /dossiers/{id}/months/{period}/certificate.pdf`: the stored final PDF once certified
    /// (for everyone on the dossier), the draft before (for the OF only).
    pub async fn month_certificate_pdf(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
    ) -> Result<Download, AppError> {
        let (d, m) = self.load_month(actor, id, period).await?;
        let file_name = format!(
            "certificat-{}-{}.pdf",
            d.number
                .replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_"),
            period
        );
        if let Some(cert) =
            realis_store::certification::current_certificate(&self.db.conn, m.id).await?
            && let Some(file_id) = cert.pdf_file_id
        {
            let file = realis_store::files::get(&self.db.conn, file_id)
                .await?
                .ok_or(AppError::NotFound)?;
            return Ok(Download {
                content_type: "application/pdf".into(),
                file_name,
                bytes: file.data,
            });
        }
        // Before certification only the OF and the funder see the draft.
        if !matches!(
            actor.role,
            realis_domain::Role::Organisation | realis_domain::Role::Funder
        ) {
            return Err(AppError::NotFound);
        }
        self.rate_limit(
            &format!("pdf:{}", actor.user_id),
            PDF_RENDERS_PER_MINUTE,
            chrono::Duration::minutes(1),
        )
        .await?;
        let model = self.certificate_model(&d, &m, period, None).await?;
        let bytes = self
            .render_pdf(move || realis_pdf::certificate(&model))
            .await?;
        Ok(Download {
            content_type: "application/pdf".into(),
            // A draft is named as such: it is not the certificate.
            file_name: format!("projet-{file_name}"),
            bytes,
        })
    }

    /// What the certificate prints: a draft (`final_part` = `None`) or the final certificate.
    pub(crate) async fn certificate_model(
        &self,
        d: &Dossier,
        m: &Month,
        period: Period,
        final_part: Option<FinalPart>,
    ) -> Result<CertificateModel, AppError> {
        let (ctx, _) = self.month_context(d, period).await?;
        let org = portfolio::find_organisation(&self.db.conn, d.organisation_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let employer = store::find_employer(&self.db.conn, d.employer_id)
            .await?
            .map(|e| e.name)
            .unwrap_or_default();
        let image = |id: Option<i64>| async move {
            match id {
                Some(id) => realis_store::files::get(&self.db.conn, id)
                    .await
                    .ok()
                    .flatten()
                    .map(|f| f.data),
                None => None,
            }
        };
        let (logo, stamp) = (
            image(org.logo_file_id).await,
            image(org.stamp_file_id).await,
        );
        let grid = self.stored_grid(&ctx, m).await?;
        let (from, to) = period
            .clip(d.session_start, d.session_end)
            .unwrap_or((period.first_day(), period.last_day()));
        let (headers, rows, totals) = match (&grid, ctx.granularity) {
            (GridInput::Totals(t), _) => (
                vec!["Formation".into(), "Stage".into(), "Absence".into()],
                vec![GridRow {
                    label: period.label_fr(),
                    cells: vec![
                        realis_domain::fr::hours(t.training),
                        realis_domain::fr::hours(t.internship),
                        realis_domain::fr::hours(t.absence),
                    ],
                }],
                *t,
            ),
            (GridInput::Days(days), g) => {
                let cell = |h: Hours| {
                    if h.is_zero() {
                        String::new()
                    } else {
                        realis_domain::fr::hours(h)
                    }
                };
                let rows = ctx
                    .session_days()
                    .into_iter()
                    .map(|date| {
                        let x = days
                            .iter()
                            .find(|x| x.date == date)
                            .copied()
                            .unwrap_or_else(|| realis_domain::grid::DayHours::empty(date));
                        let cells = if g == Granularity::HalfDay {
                            vec![
                                cell(x.training_am),
                                cell(x.training_pm),
                                cell(x.internship_am),
                                cell(x.internship_pm),
                                cell(x.absence),
                            ]
                        } else {
                            vec![cell(x.training()), cell(x.internship()), cell(x.absence)]
                        };
                        GridRow {
                            label: realis_domain::grid::day_label_fr(date),
                            cells,
                        }
                    })
                    .collect();
                let headers = if g == Granularity::HalfDay {
                    [
                        "Formation matin",
                        "Formation après-midi",
                        "Stage matin",
                        "Stage après-midi",
                        "Absence",
                    ]
                    .map(String::from)
                    .to_vec()
                } else {
                    ["Formation", "Stage", "Absence"].map(String::from).to_vec()
                };
                (headers, rows, totals_of(days))
            }
        };
        let grid_totals = if ctx.granularity == Granularity::HalfDay {
            vec![
                String::new(),
                realis_domain::fr::hours(totals.training),
                String::new(),
                realis_domain::fr::hours(totals.internship),
                realis_domain::fr::hours(totals.absence),
            ]
        } else {
            vec![
                realis_domain::fr::hours(totals.training),
                realis_domain::fr::hours(totals.internship),
                realis_domain::fr::hours(totals.absence),
            ]
        };
        let draft = final_part.is_none();
        let final_part = final_part.unwrap_or_else(|| FinalPart {
            made_on: String::new(),
            verification_code: "attribué à la certification".into(),
            online: None,
        });
        Ok(CertificateModel {
            dossier_number: d.number.clone(),
            organisation_name: org.name.clone(),
            address_lines: crate::pdf::address_lines(&org),
            phone: org.landline_phone.clone().or(org.mobile_phone.clone()),
            siret: org.siret.clone(),
            nda: org.nda.clone(),
            logo,
            stamp,
            legal_representative: org.legal_representative.clone().unwrap_or_default(),
            beneficiary: crate::shared::beneficiary_name(d),
            employer,
            training_title: d.training_title.clone(),
            scheme: d.scheme,
            distance_note: realis_domain::training::prints_distance_note(d.training_modality),
            from: fr(from),
            to: fr(to),
            hours: realis_domain::fr::hours(Hours::sum([totals.training, totals.internship])),
            city: org.city.clone().unwrap_or_default(),
            made_on: final_part.made_on,
            online: final_part.online,
            draft,
            period_label: period.label_fr(),
            grid_headers: headers,
            grid_rows: rows,
            grid_totals,
            verification_url: if draft {
                format!("{}/verify", self.settings.public_url.trim_end_matches('/'))
            } else {
                format!(
                    "{}/verify/{}",
                    self.settings.public_url.trim_end_matches('/'),
                    final_part.verification_code
                )
            },
            verification_code: final_part.verification_code,
        })
    }
}

/// What only the final certificate prints.
pub(crate) struct FinalPart {
    /// «26/11/2026».
    pub made_on: String,
    pub verification_code: String,
    pub online: Option<realis_pdf::OnlineSignature>,
}
