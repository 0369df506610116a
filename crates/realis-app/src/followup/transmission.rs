//! Transmission to the funder's systems and its CSV export (SPEC F9).

use crate::shared::month_subject;
use crate::unit::Audit;
use realis_api_types::{FunderMonthView, TransmissionView, TransmitRequest};
use realis_domain::FieldCode;
use realis_domain::audit::AuditAction;
use realis_domain::dossier::Dossier;
use realis_domain::events::DomainEvent;
use realis_domain::followup::{self as rules, ExportRow};
use realis_domain::month::Month;
use realis_domain::{MonthStatus, Period};
use realis_store::followup as store;
use realis_store::portfolio::{self, Scope};
use realis_store::{certification, dossiers};
use serde_json::json;
use std::collections::HashMap;

use crate::auth::RequestMeta;
use crate::shared::Download;
use crate::shared::beneficiary_name as beneficiary;
use crate::{Actor, App, AppError};

impl App {
    fn funder_month_view(m: &Month, d: &Dossier, organisation_name: &str) -> FunderMonthView {
        let period = m.period;
        let status = m.status;
        FunderMonthView {
            dossier_id: d.id,
            dossier_number: d.number.clone(),
            beneficiary: beneficiary(d),
            organisation_id: d.organisation_id,
            organisation_name: organisation_name.to_owned(),
            period,
            period_label: period.label_fr(),
            status,
            status_label: status.label_fr().into(),
            training: m.totals.training,
            internship: m.totals.internship,
            absence: m.totals.absence,
        }
    }

    /// `GET /funder/transmissions/pending`: months ready to transmit (validated, or certified
    /// when no validation is required), with their OF's name.
    pub async fn transmission_queue(
        &self,
        actor: &Actor,
    ) -> Result<Vec<FunderMonthView>, AppError> {
        let funder_id = actor.own_funder()?;
        let ready: Vec<MonthStatus> = MonthStatus::ALL
            .into_iter()
            .filter(|s| rules::transmittable(*s))
            .collect();
        let rows = store::funder_months_in(&self.db.conn, funder_id, &ready, None).await?;
        let mut names: HashMap<i64, String> = HashMap::new();
        let mut out = Vec::with_capacity(rows.len());
        for (m, d) in &rows {
            if let std::collections::hash_map::Entry::Vacant(e) = names.entry(d.organisation_id) {
                let name = portfolio::find_organisation(&self.db.conn, d.organisation_id)
                    .await?
                    .map(|o| o.name)
                    .unwrap_or_default();
                e.insert(name);
            }
            let name = names.get(&d.organisation_id).map_or("", String::as_str);
            out.push(Self::funder_month_view(m, d, name));
        }
        Ok(out)
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
                FieldCode::Required,
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
            let status = m.status;
            if !rules::transmittable(status) {
                return Err(AppError::NotTransmittable {
                    dossier: d.number.clone(),
                    period: r.period,
                    status,
                });
            }
            if targets
                .iter()
                .any(|(t, _, _, _): &(Month, Dossier, MonthStatus, Period)| t.id == m.id)
            {
                continue;
            }
            targets.push((m, d, status, r.period));
        }
        let now = self.clock.now();
        let unit = self.unit().await?;
        let tid = store::insert_transmission(unit.tx(), funder_id, actor.user_id, now).await?;
        for (m, d, status, period) in &targets {
            if !store::mark_transmitted(unit.tx(), m.id, *status, tid, actor.user_id, now).await? {
                return Err(AppError::StaleVersion);
            }
            unit.status_changed(actor, d, m, *status, MonthStatus::Transmitted)
                .await?;
            unit.audit(actor, Audit::of(AuditAction::Transmitted, m.id).ip(meta).data(json!({ "dossier_id": d.id, "period": m.period, "transmission_id": tid, "totals": [m.totals.training.hundredths(), m.totals.internship.hundredths(), m.totals.absence.hundredths()] }))).await?;
            unit.event(
                Some(actor),
                month_subject(d, *period),
                DomainEvent::MonthTransmitted {
                    transmission_id: tid,
                },
            )
            .await?;
        }
        unit.commit().await?;
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
                period: m.period.to_string(),
                training: m.totals.training.to_string(),
                internship: m.totals.internship.to_string(),
                absence: m.totals.absence.to_string(),
                mode: cert
                    .as_ref()
                    .map(|c| c.mode.label_fr().to_owned())
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
}
