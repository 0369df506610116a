//! «Relancer les organismes en retard»: a funder agent reminds, for one period, every OF with
//! months of that period still awaiting entry or certification after their last session day
//! ([`rules::late`]). One e-mail per OF, to the organisation's address, listing its late months
//! with their links; at most once per OF, period and day (Paris), whoever of the funder asks: the
//! claim is taken in the unit of work that queues the e-mail and writes the audit record, so a
//! second call, or a colleague's at the same moment, mails nobody twice.

use std::collections::BTreeMap;

use realis_api_types::{ReminderOutcome, ReminderRequest};
use realis_domain::MonthStatus;
use realis_domain::audit::AuditAction;
use realis_domain::followup as rules;
use realis_store::{followup as store, portfolio, throttle};
use serde_json::json;

use crate::shared::beneficiary_name;
use crate::unit::Audit;
use crate::{Actor, App, AppError, RequestMeta};

impl App {
    /// `POST /funder/reminders`.
    pub async fn remind_late_organisations(
        &self,
        actor: &Actor,
        req: &ReminderRequest,
        meta: &RequestMeta,
    ) -> Result<ReminderOutcome, AppError> {
        let funder_id = actor.own_funder()?;
        let period = req.period;
        let today = self.clock.today();
        // A month not opened yet in the database is awaiting entry once its period started.
        let statuses: Vec<MonthStatus> = MonthStatus::ALL
            .into_iter()
            .filter(|s| rules::needs_reminder(*s) || *s == MonthStatus::NotOpen)
            .collect();
        let p = period.to_string();
        let rows =
            store::funder_months_in(&self.db.conn, funder_id, &statuses, Some((p.clone(), p)))
                .await?;
        let mut late: BTreeMap<i64, Vec<realis_mail::LateMonth>> = BTreeMap::new();
        let base = self.settings.public_url.trim_end_matches('/').to_owned();
        for (m, d) in rows {
            let status = m.status.on_date(period, today);
            if rules::late(status, period, d.session_end, today) {
                late.entry(d.organisation_id)
                    .or_default()
                    .push(realis_mail::LateMonth {
                        beneficiary: beneficiary_name(&d),
                        link: format!("{base}/dossiers/{}/mois/{period}", d.id),
                        dossier_number: d.number,
                        status,
                    });
            }
        }
        let funder_name = portfolio::find_funder(&self.db.conn, funder_id)
            .await?
            .map(|f| f.name)
            .unwrap_or_default();
        let mut outcome = ReminderOutcome {
            organisations: 0,
            months: 0,
            already_reminded: 0,
            already_reminded_months: 0,
        };
        for (org_id, months) in late {
            let Some(org) = portfolio::find_organisation(&self.db.conn, org_id)
                .await?
                .filter(|o| o.is_active())
            else {
                continue;
            };
            let n = months.len() as u64;
            let mut unit = self.unit().await?;
            let key = format!("late-reminder:{org_id}:{period}:{today}");
            if !throttle::claim(unit.tx(), &key, unit.now()).await? {
                outcome.already_reminded += 1;
                outcome.already_reminded_months += n;
                continue;
            }
            let numbers: Vec<&str> = months.iter().map(|m| m.dossier_number.as_str()).collect();
            unit.audit(
                actor,
                Audit::of(AuditAction::LateOrganisationReminded, org.id)
                    .ip(meta)
                    .data(json!({ "period": period.to_string(), "dossiers": numbers })),
            )
            .await?;
            let mail = realis_mail::LateMonthsReminder {
                organisation_name: org.name,
                funder_name: funder_name.clone(),
                period,
                months,
                link: format!("{base}/tableau-de-bord"),
            }
            .render();
            unit.mail(&org.email, mail).await?;
            unit.commit().await?;
            outcome.organisations += 1;
            outcome.months += n;
        }
        Ok(outcome)
    }
}
