//! «Tableau de bord»: each role's pending actions.

use realis_api_types::{Dashboard, DashboardItem, PendingCertifier, PendingDocument};
use realis_domain::{MonthAction, MonthStatus, Period, Role};
use realis_store::portfolio;

use crate::shared::pending_statuses;
use crate::{Actor, App, AppError};

impl App {
    /// Opens every month whose period has started (`not_open` → the domain's next status).
    pub async fn open_started_months(&self) -> Result<u64, AppError> {
        let opened = MonthStatus::NotOpen.apply(MonthAction::Open)?;
        let current = Period::of(self.clock.today());
        Ok(
            portfolio::open_started_months(&self.db.conn, current, opened, self.clock.now())
                .await?,
        )
    }

    /// `GET /dashboard?page=&per_page=`: a page of the months awaiting the actor's role (20 a
    /// page by default, like the other lists), and for an agent every document and designation
    /// to review. `pending_count` is the sum of the three sections.
    pub async fn dashboard(
        &self,
        actor: &Actor,
        page: Option<u64>,
        per_page: Option<u64>,
    ) -> Result<Dashboard, AppError> {
        let (page, per_page) = crate::shared::paging(page, per_page);
        let Some(scope) = crate::dossiers::scope_of(actor) else {
            return Ok(Dashboard {
                pending_count: 0,
                items: Vec::new(),
                total: 0,
                page,
                per_page,
                documents: Vec::new(),
                certifiers: Vec::new(),
            });
        };
        let (total, rows) = portfolio::pending_months(
            &self.db.conn,
            scope,
            pending_statuses(actor.role),
            per_page,
            (page - 1) * per_page,
        )
        .await?;
        let mut items = Vec::with_capacity(rows.len());
        for r in rows {
            let (status, period) = (r.status, r.period);
            // A contested month says who contested and why, on the row itself (#8 item 14).
            let contest = self.contest_note(r.month_id, status).await?;
            items.push(DashboardItem {
                dossier_id: r.dossier_id,
                dossier_number: r.number,
                beneficiary: format!(
                    "{} {}",
                    r.beneficiary_first_name,
                    r.beneficiary_last_name.to_uppercase()
                ),
                training_title: r.training_title,
                session_start: r.session_start,
                session_end: r.session_end,
                status,
                status_label: realis_domain::followup::status_label_fr(
                    status,
                    contest.as_ref().map(|c| c.role),
                )
                .into(),
                period,
                contest,
            });
        }
        let documents = match (actor.role, actor.funder_id) {
            (Role::Funder, Some(funder_id)) => {
                realis_store::organisations::pending_documents_for_funder(&self.db.conn, funder_id)
                    .await?
                    .into_iter()
                    .map(|(o, d)| PendingDocument {
                        organisation_id: o.id,
                        organisation_name: o.name,
                        kind: d.kind,
                        uploaded_at: d.uploaded_at,
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        let certifiers = match (actor.role, actor.funder_id) {
            (Role::Funder, Some(funder_id)) => {
                realis_store::designations::pending_for_funder(&self.db.conn, funder_id)
                    .await?
                    .into_iter()
                    .map(|(o, d, u)| PendingCertifier {
                        organisation_id: o.id,
                        organisation_name: o.name,
                        user_id: u.id,
                        display_name: u.display_name,
                        requested_at: d.requested_at,
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        Ok(Dashboard {
            pending_count: total + documents.len() as u64 + certifiers.len() as u64,
            items,
            total,
            page,
            per_page,
            documents,
            certifiers,
        })
    }
}
