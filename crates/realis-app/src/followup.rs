//! After certification (SPEC F8–F10): validation and contest by the beneficiary and the employer,
//! reopen and close by the funder, payments («Règlements»), transmission and its CSV export,
//! the funder's settings, and the daily reminder to OFs.

use realis_domain::MonthCommand;
use realis_store::StoreError;
use std::collections::HashMap;

use chrono::Timelike;
use chrono_tz::Europe::Paris;
use realis_api_types::{
    FunderMonthView, FunderSettingsDto, MonthView, PaymentRequest, PaymentView, ReopenRequest,
    TransmissionView, TransmitRequest, ValidationRequest, ValidationView,
};
use realis_domain::certification::{CodePolicy, CodePolicyError};
use realis_domain::followup::{
    self as rules, Decision, ExportRow, PaymentKind, ValidationRefusal, Validator,
};
use realis_domain::grid::Granularity;
use realis_domain::{HolidayZone, Hours, MonthAction, MonthStatus, Period, ValidationSetting, fr};
use realis_store::followup::{self as store, FunderSettings, NewPayment};
use realis_store::portfolio::{self, DossierRow, MonthRow, Scope};
use realis_store::{audit, certification, dossiers, throttle, users};
use serde_json::json;

use crate::auth::{RequestMeta, queue_mail};
use crate::certify::certificate_validations;
use crate::dossiers::{beneficiary_name as beneficiary, hours, status_of};
use crate::identity::Download;
use crate::{Actor, App, AppError};

impl App {
    /// The OF's addresses for a notice: its users (enabled) and its own address.
    pub(crate) async fn organisation_recipients(
        &self,
        organisation_id: i64,
    ) -> Result<Vec<(String, String)>, AppError> {
        let mut out: Vec<(String, String)> =
            users::list_for_organisation(&self.db.conn, organisation_id)
                .await?
                .into_iter()
                .filter(|u| !u.disabled)
                .map(|u| (u.display_name, u.email))
                .collect();
        if let Some(org) = portfolio::find_organisation(&self.db.conn, organisation_id).await?
            && out.iter().all(|r| r.1 != org.email)
        {
            out.push((org.name, org.email));
        }
        Ok(out)
    }

    /// Validations and contests of a month, for the month view.
    /// The latest contest of a contested month (`None` for any other status).
    async fn latest_contest(
        &self,
        month_id: i64,
        status: MonthStatus,
    ) -> Result<Option<store::ValidationRow>, AppError> {
        if status != MonthStatus::Contested {
            return Ok(None);
        }
        Ok(store::validations_of_month(&self.db.conn, month_id)
            .await?
            .into_iter()
            .rev()
            .find(|v| v.decision == Decision::Contest.as_str()))
    }

    /// Who contested a contested month, for its label.
    pub(crate) async fn contested_by(
        &self,
        month_id: i64,
        status: MonthStatus,
    ) -> Result<Option<realis_domain::followup::Validator>, AppError> {
        Ok(self
            .latest_contest(month_id, status)
            .await?
            .and_then(|v| realis_domain::followup::Validator::parse(&v.role)))
    }

    /// Who contested a contested month, when and why (the dashboard row's note).
    pub(crate) async fn contest_note(
        &self,
        month_id: i64,
        status: MonthStatus,
    ) -> Result<Option<realis_api_types::ContestNote>, AppError> {
        let Some(v) = self.latest_contest(month_id, status).await? else {
            return Ok(None);
        };
        let Some(role) = realis_domain::followup::Validator::parse(&v.role) else {
            return Ok(None);
        };
        let by = users::find_by_id(&self.db.conn, v.user_id)
            .await?
            .map(|u| u.display_name)
            .unwrap_or_default();
        Ok(Some(realis_api_types::ContestNote {
            role,
            by,
            comment: v.comment,
            at: v.created_at,
        }))
    }

    pub(crate) async fn month_validations(
        &self,
        month_id: i64,
    ) -> Result<Vec<ValidationView>, AppError> {
        let mut out = Vec::new();
        for v in store::validations_of_month(&self.db.conn, month_id).await? {
            let by = users::find_by_id(&self.db.conn, v.user_id)
                .await?
                .map(|u| u.display_name)
                .unwrap_or_default();
            out.push(ValidationView {
                role: v.role,
                decision: Decision::parse(&v.decision).unwrap_or(Decision::Validate),
                comment: v.comment,
                by,
                at: v.created_at,
            });
        }
        Ok(out)
    }

    /// `POST /dossiers/{id}/months/{period}/validation`: «Valider» or «Contester» (F8).
    pub async fn decide_month(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        req: &ValidationRequest,
        meta: &RequestMeta,
    ) -> Result<MonthView, AppError> {
        let (d, m) = self.load_month(actor, id, period).await?;
        let who = Validator::of_role(actor.role).ok_or(AppError::Forbidden)?;
        let status = status_of(&m)?.on_date(period, self.clock.today());
        let comment = req
            .comment
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        if comment.is_some_and(|c| c.chars().count() > 2000) {
            return Err(AppError::field(
                "comment",
                "too_long",
                "2000 caractères au plus.",
            ));
        }
        // The flow in force when the month was certified, not the funder's current setting: a
        // change of the setting applies to later certifications only (#8 item 13).
        let cert = certification::current_certificate(&self.db.conn, m.id).await?;
        let setting = cert
            .as_ref()
            .map(certificate_validations)
            .unwrap_or_default();
        let next =
            rules::decide(status, setting, who, req.decision, comment).map_err(|e| match e {
                ValidationRefusal::CommentRequired => AppError::field(
                    "comment",
                    "required",
                    "Expliquez pourquoi vous contestez ces heures.",
                ),
                ValidationRefusal::NotYourTurn => AppError::NotAllowed {
                    command: match req.decision {
                        rules::Decision::Validate => MonthCommand::Validate,
                        rules::Decision::Contest => MonthCommand::Contest,
                    },
                    status,
                },
            })?;
        let cert = cert.ok_or(AppError::NoCertificate)?;
        let actor_name = users::find_by_id(&self.db.conn, actor.user_id)
            .await?
            .map(|u| u.display_name)
            .unwrap_or_default();
        let now = self.clock.now();
        let link = self.month_link(d.id, &m.period);
        let mut mails = Vec::new();
        if next == MonthStatus::AwaitingEmployer {
            for u in realis_store::accounts::employer_accounts(&self.db.conn, d.employer_id).await?
            {
                mails.push((
                    u.email,
                    realis_mail::ValidationRequested {
                        recipient_name: u.display_name,
                        organisation_name: portfolio::find_organisation(
                            &self.db.conn,
                            d.organisation_id,
                        )
                        .await?
                        .map(|o| o.name)
                        .unwrap_or_default(),
                        dossier_number: d.number.clone(),
                        beneficiary: beneficiary(&d),
                        period,
                        hours: Hours::sum([hours(m.training), hours(m.internship)]),
                        link: link.clone(),
                    }
                    .render(),
                ));
            }
        }
        if next == MonthStatus::Contested {
            for (name, email) in self.organisation_recipients(d.organisation_id).await? {
                mails.push((
                    email,
                    realis_mail::HoursContested {
                        recipient_name: name,
                        dossier_number: d.number.clone(),
                        beneficiary: beneficiary(&d),
                        period,
                        by: who,
                        contested_by: actor_name.clone(),
                        comment: comment.unwrap_or_default().to_owned(),
                        link: link.clone(),
                    }
                    .render(),
                ));
            }
        }
        let txn = self.db.begin_write().await?;
        if !dossiers::set_month_status(&txn, m.id, m.version, next, actor.user_id, now).await? {
            return Err(AppError::StaleVersion);
        }
        store::insert_validation(
            &txn,
            m.id,
            cert.id,
            actor.user_id,
            who.as_str(),
            req.decision.as_str(),
            comment.map(str::to_owned),
            now,
        )
        .await?;
        if next == MonthStatus::Contested {
            certification::supersede(&txn, m.id, now).await?;
        }
        let action = if next == MonthStatus::Contested {
            "contested"
        } else {
            "validated"
        };
        let mut entry = actor.audit(action, "month", m.id);
        entry.ip = meta.ip.clone();
        entry.user_agent = meta.user_agent.clone();
        entry.data = json!({ "dossier_id": d.id, "period": m.period, "certificate_id": cert.id, "by": who.as_str(), "status": next.as_str(), "comment": comment });
        audit::append(&txn, &self.audit_key, entry, now).await?;
        for (to, mail) in mails {
            queue_mail(&txn, &to, mail, now).await?;
        }
        txn.commit().await?;
        self.outbox_wakeup.notify_one();
        self.get_month(actor, id, period).await
    }

    /// Moves a month by a funder action (reopen, close), auditing it and telling the OF.
    async fn funder_month_action(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        action: MonthAction,
        reason: Option<&str>,
        meta: &RequestMeta,
    ) -> Result<MonthView, AppError> {
        actor.own_funder()?;
        let (d, m) = self.load_month(actor, id, period).await?;
        let status = status_of(&m)?.on_date(period, self.clock.today());
        let next = status.apply(action)?;
        let name = match action {
            MonthAction::Reopen => "reopened",
            _ => "closed",
        };
        let now = self.clock.now();
        let link = self.month_link(d.id, &m.period);
        let recipients = self.organisation_recipients(d.organisation_id).await?;
        let txn = self.db.begin_write().await?;
        if !dossiers::set_month_status(&txn, m.id, m.version, next, actor.user_id, now).await? {
            return Err(AppError::StaleVersion);
        }
        if action == MonthAction::Reopen {
            certification::supersede(&txn, m.id, now).await?;
        }
        let mut entry = actor.audit(name, "month", m.id);
        entry.ip = meta.ip.clone();
        entry.user_agent = meta.user_agent.clone();
        entry.data = json!({ "dossier_id": d.id, "period": m.period, "from": status.as_str(), "to": next.as_str(), "reason": reason });
        audit::append(&txn, &self.audit_key, entry, now).await?;
        for (recipient, email) in recipients {
            let mail = if action == MonthAction::Reopen {
                realis_mail::MonthReopened {
                    recipient_name: recipient,
                    dossier_number: d.number.clone(),
                    beneficiary: beneficiary(&d),
                    period,
                    reason: reason.unwrap_or_default().to_owned(),
                    link: link.clone(),
                }
                .render()
            } else {
                realis_mail::MonthClosed {
                    recipient_name: recipient,
                    dossier_number: d.number.clone(),
                    beneficiary: beneficiary(&d),
                    period,
                    link: link.clone(),
                }
                .render()
            };
            queue_mail(&txn, &email, mail, now).await?;
        }
        txn.commit().await?;
        self.outbox_wakeup.notify_one();
        self.get_month(actor, id, period).await
    }

    /// `POST /funder/dossiers/{id}/months/{period}/reopen` `{reason}`.
    pub async fn reopen_month(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        req: &ReopenRequest,
        meta: &RequestMeta,
    ) -> Result<MonthView, AppError> {
        let reason = req.reason.trim();
        if reason.is_empty() || reason.chars().count() > 500 {
            return Err(AppError::field(
                "reason",
                "required",
                "Indiquez le motif de la réouverture (500 caractères au plus).",
            ));
        }
        self.funder_month_action(actor, id, period, MonthAction::Reopen, Some(reason), meta)
            .await
    }

    /// `POST /funder/dossiers/{id}/months/{period}/close`.
    pub async fn close_month(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        meta: &RequestMeta,
    ) -> Result<MonthView, AppError> {
        self.funder_month_action(actor, id, period, MonthAction::Close, None, meta)
            .await
    }

    fn payment_view(p: store::PaymentRow) -> Option<PaymentView> {
        let period = Period::parse(&p.period).ok()?;
        let kind = PaymentKind::parse(&p.kind)?;
        Some(PaymentView {
            id: p.id,
            period,
            period_label: period.label_fr(),
            kind,
            kind_label: kind.label_fr().into(),
            amount_cents: p.amount_cents,
            amount_label: fr::euros(p.amount_cents),
            paid_on: p.paid_on,
            reference: p.reference,
            created_at: p.created_at,
        })
    }

    /// `GET /dossiers/{id}/payments` («Règlements»), for everyone on the dossier.
    pub async fn list_payments(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<Vec<PaymentView>, AppError> {
        let scope = crate::dossiers::scope_of(actor).ok_or(AppError::NotFound)?;
        let d = dossiers::find_in_scope(&self.db.conn, scope, id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(store::payments_of_dossier(&self.db.conn, d.id)
            .await?
            .into_iter()
            .filter_map(Self::payment_view)
            .collect())
    }

    /// `GET /payments`: the «Règlements» menu, every payment of the reader's dossiers.
    pub async fn payments_page(
        &self,
        actor: &Actor,
        page: Option<u64>,
        per_page: Option<u64>,
    ) -> Result<realis_api_types::PaymentPage, AppError> {
        let scope = crate::dossiers::scope_of(actor).ok_or(AppError::Forbidden)?;
        let (page, per_page) = crate::backoffice::paging(page, per_page);
        let (total, rows) = store::payments_in_scope(&self.db.conn, scope, page, per_page).await?;
        Ok(realis_api_types::PaymentPage {
            items: rows
                .into_iter()
                .filter_map(|(p, d)| {
                    Some(realis_api_types::PaymentLine {
                        dossier_id: d.id,
                        dossier_number: d.number.clone(),
                        beneficiary: beneficiary(&d),
                        payment: Self::payment_view(p)?,
                    })
                })
                .collect(),
            total,
            page,
            per_page,
        })
    }

    /// `POST /funder/dossiers/{id}/payments`: a settlement on a period not yet certified locks it.
    pub async fn record_payment(
        &self,
        actor: &Actor,
        id: i64,
        req: &PaymentRequest,
        meta: &RequestMeta,
    ) -> Result<PaymentView, AppError> {
        let funder_id = actor.own_funder()?;
        let d = dossiers::find_in_scope(&self.db.conn, Scope::Funder(funder_id), id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut errors = Vec::new();
        let mut bad = |field: &str, code: &str, message: &str| {
            errors.push(realis_api_types::FieldError {
                field: field.into(),
                code: code.into(),
                message: message.into(),
            })
        };
        if req.amount_cents <= 0 || req.amount_cents > 10_000_000_000 {
            bad(
                "amount_cents",
                "invalid_amount",
                "Montant en centimes, supérieur à zéro.",
            );
        }
        let reference = req.reference.trim();
        if reference.is_empty() || reference.chars().count() > 100 {
            bad(
                "reference",
                "required",
                "Référence du règlement (100 caractères au plus).",
            );
        }
        let m = dossiers::find_month(&self.db.conn, d.id, req.period).await?;
        if m.is_none() {
            bad(
                "period",
                "not_in_session",
                "Cette période n'est pas dans la session du dossier.",
            );
        }
        let (Some(m), true) = (m, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let status = status_of(&m)?.on_date(req.period, self.clock.today());
        let after = rules::after_payment(status, req.kind);
        let now = self.clock.now();
        let txn = self.db.begin_write().await?;
        let p = store::insert_payment(
            &txn,
            NewPayment {
                dossier_id: d.id,
                period: req.period.to_string(),
                kind: req.kind.as_str().into(),
                amount_cents: req.amount_cents,
                paid_on: req.paid_on,
                reference: reference.into(),
                created_by: actor.user_id,
            },
            now,
        )
        .await?;
        let mut entry = actor.audit("payment_recorded", "dossier", d.id);
        entry.ip = meta.ip.clone();
        entry.data = json!({ "payment_id": p.id, "period": p.period, "kind": p.kind, "amount_cents": p.amount_cents, "paid_on": p.paid_on, "reference": p.reference });
        audit::append(&txn, &self.audit_key, entry, now).await?;
        if after != status {
            if !dossiers::set_month_status(&txn, m.id, m.version, after, actor.user_id, now).await?
            {
                return Err(AppError::StaleVersion);
            }
            let mut entry = actor.audit("locked_paid", "month", m.id);
            entry.data = json!({ "dossier_id": d.id, "period": m.period, "payment_id": p.id, "from": status.as_str() });
            audit::append(&txn, &self.audit_key, entry, now).await?;
            // Any code sent for the month is void.
            certification::invalidate_codes(&txn, m.id, now).await?;
            for (name, email) in self.organisation_recipients(d.organisation_id).await? {
                let mail = realis_mail::MonthLockedByPayment {
                    recipient_name: name,
                    dossier_number: d.number.clone(),
                    beneficiary: beneficiary(&d),
                    period: req.period,
                    link: self.month_link(d.id, &m.period),
                }
                .render();
                queue_mail(&txn, &email, mail, now).await?;
            }
        }
        txn.commit().await?;
        self.outbox_wakeup.notify_one();
        let kind = p.kind.clone();
        Self::payment_view(p).ok_or_else(|| StoreError::corrupt("payments.kind", &kind).into())
    }

    /// `GET /funder/settings`.
    pub async fn funder_settings(&self, actor: &Actor) -> Result<FunderSettingsDto, AppError> {
        let funder_id = actor.own_funder()?;
        let f = portfolio::find_funder(&self.db.conn, funder_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let policy = CodePolicy::from_stored(f.code_length, f.code_ttl_minutes);
        Ok(FunderSettingsDto {
            granularity: Granularity::parse(&f.granularity).unwrap_or_default(),
            validations: ValidationSetting::parse(&f.validations).unwrap_or_default(),
            code_length: policy.length,
            code_ttl_minutes: policy.ttl_minutes,
            holiday_zone: HolidayZone::parse(&f.holiday_zone).unwrap_or_default(),
            website: f.website,
        })
    }

    /// `PUT /funder/settings`: applies to months not yet certified (read at each use); the
    /// validation flow is recorded with each certificate, so a month already certified keeps the
    /// flow of its certification.
    pub async fn update_funder_settings(
        &self,
        actor: &Actor,
        req: &FunderSettingsDto,
        meta: &RequestMeta,
    ) -> Result<FunderSettingsDto, AppError> {
        let funder_id = actor.own_funder()?;
        let before = self.funder_settings(actor).await?;
        CodePolicy::new(req.code_length, req.code_ttl_minutes).map_err(|e| match e {
            CodePolicyError::Length => AppError::field(
                "code_length",
                "out_of_range",
                "Le code comporte de 4 à 8 chiffres.",
            ),
            CodePolicyError::Lifetime => AppError::field(
                "code_ttl_minutes",
                "out_of_range",
                "La durée de validité du code est de 5 à 15 minutes.",
            ),
        })?;
        let website = match req.website.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(w) => Some(
                realis_domain::organisation::parse_website(w).ok_or_else(|| {
                    AppError::field(
                        "website",
                        "invalid_website",
                        "L'adresse du site n'est pas valide (ex. www.transitionspro-idf.fr).",
                    )
                })?,
            ),
        };
        let now = self.clock.now();
        let txn = self.db.begin_write().await?;
        store::update_settings(
            &txn,
            funder_id,
            FunderSettings {
                granularity: req.granularity.as_str().into(),
                validations: req.validations.as_str().into(),
                code_length: i32::try_from(req.code_length).unwrap_or(6),
                code_ttl_minutes: i32::try_from(req.code_ttl_minutes).unwrap_or(10),
                holiday_zone: req.holiday_zone.as_str().into(),
                website,
            },
            now,
        )
        .await?;
        let mut entry = actor.audit("funder_settings_updated", "funder", funder_id);
        entry.ip = meta.ip.clone();
        entry.data = json!({ "before": before, "after": req });
        audit::append(&txn, &self.audit_key, entry, now).await?;
        txn.commit().await?;
        self.funder_settings(actor).await
    }

    fn funder_month_view(m: &MonthRow, d: &DossierRow) -> Option<FunderMonthView> {
        let period = Period::parse(&m.period).ok()?;
        let status = MonthStatus::parse(&m.status)?;
        Some(FunderMonthView {
            dossier_id: d.id,
            dossier_number: d.number.clone(),
            beneficiary: beneficiary(d),
            period,
            period_label: period.label_fr(),
            status,
            status_label: status.label_fr().into(),
            training: hours(m.training),
            internship: hours(m.internship),
            absence: hours(m.absence),
        })
    }

    /// `GET /funder/transmissions/pending`: months ready to transmit (validated, or certified
    /// when no validation is required).
    pub async fn transmission_queue(
        &self,
        actor: &Actor,
    ) -> Result<Vec<FunderMonthView>, AppError> {
        let funder_id = actor.own_funder()?;
        let ready: Vec<MonthStatus> = MonthStatus::ALL
            .into_iter()
            .filter(|s| rules::transmittable(*s))
            .collect();
        Ok(
            store::funder_months_in(&self.db.conn, funder_id, &ready, None)
                .await?
                .iter()
                .filter_map(|(m, d)| Self::funder_month_view(m, d))
                .collect(),
        )
    }

    /// `POST /funder/transmissions`: all the months or none; a month not ready → 409.
    pub async fn transmit(
        &self,
        actor: &Actor,
        req: &TransmitRequest,
        meta: &RequestMeta,
    ) -> Result<TransmissionView, AppError> {
        let funder_id = actor.own_funder()?;
        if req.months.is_empty() || req.months.len() > 1000 {
            return Err(AppError::field(
                "months",
                "required",
                "Sélectionnez de 1 à 1000 mois à transmettre.",
            ));
        }
        let mut targets = Vec::new();
        for r in &req.months {
            let d = dossiers::find_in_scope(&self.db.conn, Scope::Funder(funder_id), r.dossier_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let m = dossiers::find_month(&self.db.conn, d.id, r.period)
                .await?
                .ok_or(AppError::NotFound)?;
            let status = status_of(&m)?;
            if !rules::transmittable(status) {
                return Err(AppError::NotTransmittable {
                    dossier: d.number.clone(),
                    period: r.period,
                    status,
                });
            }
            if targets
                .iter()
                .any(|(t, _, _): &(MonthRow, DossierRow, MonthStatus)| t.id == m.id)
            {
                continue;
            }
            targets.push((m, d, status));
        }
        let now = self.clock.now();
        let txn = self.db.begin_write().await?;
        let tid = store::insert_transmission(&txn, funder_id, actor.user_id, now).await?;
        for (m, d, status) in &targets {
            if !store::mark_transmitted(&txn, m.id, *status, tid, actor.user_id, now).await? {
                return Err(AppError::StaleVersion);
            }
            let mut entry = actor.audit("transmitted", "month", m.id);
            entry.ip = meta.ip.clone();
            entry.data = json!({ "dossier_id": d.id, "period": m.period, "transmission_id": tid, "totals": [m.training, m.internship, m.absence] });
            audit::append(&txn, &self.audit_key, entry, now).await?;
        }
        txn.commit().await?;
        Ok(TransmissionView {
            id: tid,
            months: targets.len(),
            created_at: now,
        })
    }

    /// `GET /funder/transmissions.csv?from=&to=`: transmitted hours, one row per month.
    pub async fn transmissions_csv(
        &self,
        actor: &Actor,
        from: Option<Period>,
        to: Option<Period>,
    ) -> Result<Download, AppError> {
        let funder_id = actor.own_funder()?;
        let from = from
            .map(|p| p.to_string())
            .unwrap_or_else(|| "0000-01".into());
        let to = to
            .map(|p| p.to_string())
            .unwrap_or_else(|| "9999-12".into());
        let rows = store::funder_months_in(
            &self.db.conn,
            funder_id,
            &[MonthStatus::Transmitted],
            Some((from.clone(), to.clone())),
        )
        .await?;
        let mut employers: HashMap<i64, String> = HashMap::new();
        let mut sirets: HashMap<i64, String> = HashMap::new();
        let mut out = Vec::with_capacity(rows.len());
        let date = crate::clock::paris_date;
        for (m, d) in &rows {
            if let std::collections::hash_map::Entry::Vacant(slot) = employers.entry(d.employer_id)
            {
                let name = dossiers::find_employer(&self.db.conn, d.employer_id)
                    .await?
                    .map(|e| e.name)
                    .unwrap_or_default();
                slot.insert(name);
            }
            if let std::collections::hash_map::Entry::Vacant(slot) = sirets.entry(d.organisation_id)
            {
                let siret = portfolio::find_organisation(&self.db.conn, d.organisation_id)
                    .await?
                    .map(|o| {
                        realis_domain::Siret::parse(&o.siret)
                            .map(|s| s.spaced())
                            .unwrap_or(o.siret)
                    })
                    .unwrap_or_default();
                slot.insert(siret);
            }
            let cert = certification::current_certificate(&self.db.conn, m.id).await?;
            out.push(ExportRow {
                dossier: d.number.clone(),
                beneficiary: beneficiary(d),
                employer: employers.get(&d.employer_id).cloned().unwrap_or_default(),
                organisation_siret: sirets.get(&d.organisation_id).cloned().unwrap_or_default(),
                period: m.period.clone(),
                training: hours(m.training).to_string(),
                internship: hours(m.internship).to_string(),
                absence: hours(m.absence).to_string(),
                mode: cert
                    .as_ref()
                    .and_then(|c| realis_domain::certification::CertificationMode::parse(&c.mode))
                    .map(|c| c.label_fr().to_owned())
                    .unwrap_or_default(),
                certified_on: cert.map(|c| date(c.certified_at)).unwrap_or_default(),
                transmitted_on: m.transmitted_at.map(date).unwrap_or_default(),
            });
        }
        Ok(Download {
            content_type: "text/csv; charset=utf-8".into(),
            file_name: format!("heures-transmises-{from}-{to}.csv")
                .replace("0000-01", "debut")
                .replace("9999-12", "fin"),
            bytes: rules::export_csv(&out),
        })
    }

    /// The daily reminder (SPEC F10): one digest per OF user listing the months awaiting entry or
    /// certification. Claimed once per day across instances; returns the e-mails queued.
    pub async fn send_daily_reminders(&self) -> Result<usize, AppError> {
        let now = self.clock.now();
        let today = self.clock.today();
        if !throttle::claim(&self.db.conn, &format!("reminder:{today}"), now).await? {
            return Ok(0);
        }
        let statuses: Vec<MonthStatus> = MonthStatus::ALL
            .into_iter()
            .filter(|s| rules::needs_reminder(*s))
            .collect();
        // The head of the audit chain, published with the digest: a copy kept outside the server
        // shows later whether the log was cut or rewritten below it.
        let head = self
            .publish_head()
            .await
            .ok()
            .map(|h| realis_mail::EvidenceCheckpoint {
                record_id: h.id,
                hash: h.hash,
                signed_at: h.signed_at,
                record_url: format!(
                    "{}/api/v1/audit/records/{}",
                    self.settings.public_url.trim_end_matches('/'),
                    h.id
                ),
            });
        let mut queued = 0;
        for org_id in realis_store::organisations::all_ids(&self.db.conn).await? {
            let (total, rows) = portfolio::pending_months(
                &self.db.conn,
                Scope::Organisation(org_id),
                &statuses,
                50,
                0,
            )
            .await?;
            let pending: Vec<realis_mail::PendingMonth> = rows
                .iter()
                .filter_map(|r| {
                    let period = Period::parse(&r.period).ok()?;
                    let status = MonthStatus::parse(&r.status)?.on_date(period, today);
                    // Months whose period has not started are not due.
                    (rules::needs_reminder(status)).then(|| realis_mail::PendingMonth {
                        dossier_number: r.number.clone(),
                        beneficiary: format!(
                            "{} {}",
                            r.beneficiary_first_name,
                            r.beneficiary_last_name.to_uppercase()
                        ),
                        period,
                        status,
                    })
                })
                .collect();
            if pending.is_empty() {
                continue;
            }
            let recipients: Vec<(String, String)> =
                users::list_for_organisation(&self.db.conn, org_id)
                    .await?
                    .into_iter()
                    .filter(|u| !u.disabled && u.password_hash.is_some())
                    .map(|u| (u.display_name, u.email))
                    .collect();
            let txn = self.db.begin_write().await?;
            for (name, email) in recipients {
                let mail = realis_mail::DailyReminder {
                    recipient_name: name,
                    pending: pending.clone(),
                    total,
                    checkpoint: head.clone(),
                    link: format!(
                        "{}/tableau-de-bord",
                        self.settings.public_url.trim_end_matches('/')
                    ),
                }
                .render();
                queue_mail(&txn, &email, mail, now).await?;
                queued += 1;
            }
            txn.commit().await?;
        }
        self.outbox_wakeup.notify_one();
        Ok(queued)
    }

    /// Runs the daily reminder once a day, after 7:00 Paris time (checked every `every`).
    pub async fn run_daily_reminders(self, every: std::time::Duration) {
        loop {
            let now = self.clock.now().with_timezone(&Paris);
            if now.hour() >= 7
                && let Err(e) = self.send_daily_reminders().await
            {
                tracing::warn!(error = %e, "daily reminders failed");
            }
            tokio::time::sleep(every).await;
        }
    }
}
