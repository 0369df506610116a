//! The daily reminder to OFs.

use chrono::Timelike;
use chrono_tz::Europe::Paris;
use realis_domain::MonthStatus;
use realis_domain::followup as rules;
use realis_store::portfolio::{self, Scope};
use realis_store::{throttle, users};

use crate::{App, AppError};

/// The Paris hour from which the daily reminder leaves, unless configured otherwise.
pub const REMINDER_HOUR: u32 = 7;

impl App {
    /// The daily reminder (SPEC F10): one digest per OF user listing the months awaiting entry or
    /// certification, except to the users who turned it off in «Mon compte» and to the users of a
    /// deactivated organisation. Claimed once per day across instances; returns the e-mails
    /// queued.
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
            let active = portfolio::find_organisation(&self.db.conn, org_id)
                .await?
                .is_some_and(|o| o.is_active());
            if !active {
                continue;
            }
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
                    let period = r.period;
                    let status = r.status.on_date(period, today);
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
                    .filter(|u| u.receives_daily_digest())
                    .map(|u| (u.display_name, u.email))
                    .collect();
            let mut unit = self.unit().await?;
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
                unit.mail(&email, mail).await?;
                queued += 1;
            }
            unit.commit().await?;
        }
        Ok(queued)
    }

    /// Runs the daily reminder once a day, from `from_hour` Paris time (checked at start, then
    /// every `every`), and the notices of API keys about to expire.
    pub async fn run_daily_reminders(self, every: std::time::Duration, from_hour: u32) {
        loop {
            let now = self.clock.now().with_timezone(&Paris);
            if now.hour() >= from_hour
                && let Err(e) = self.send_daily_reminders().await
            {
                tracing::warn!(error = %e, "daily reminders failed");
            }
            if now.hour() >= from_hour
                && let Err(e) = self.notify_expiring_api_keys().await
            {
                tracing::warn!(error = %e, "API key expiry notices failed");
            }
            tokio::time::sleep(every).await;
        }
    }
}
