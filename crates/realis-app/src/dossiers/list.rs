//! «Mes dossiers» and a dossier's page (SPEC F2, F9).

use realis_api_types::{DossierPage, DossierSummary, DossierView, MonthSummary};
use realis_domain::dossier::{DossierState, Scheme};
use realis_domain::grid::planned_total;
use realis_domain::{FieldCode, Hours, MonthStatus, Role};
use realis_store::dossiers::{self as store, DossierFilter};
use realis_store::portfolio;
use std::collections::HashMap;

use super::scope::scope_of;
use crate::shared::{beneficiary_name, paging, pending_statuses};
use crate::{Actor, App, AppError};

/// Turns the request into the grid of the dossier's granularity, refusing fields of another one
/// and reporting each bad value on its own field.
/// A bounded search (422 on `q` beyond 200 characters or 8 words).
pub fn search_query(q: &str) -> Result<realis_domain::search::SearchQuery, AppError> {
    realis_domain::search::SearchQuery::parse(q)
        .map_err(|e| AppError::field("q", e.code(), e.message_fr()))
}

/// What «Mes dossiers» asks for: `?q=&scheme=&state=&page=&per_page=`; or, for software
/// keeping a copy, `?cursor=&updated_since=&per_page=` (by id, no search).
#[derive(Debug, Clone, Default)]
pub struct DossierQuery {
    pub q: String,
    pub scheme: Option<Scheme>,
    pub state: Option<DossierState>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    pub updated_since: Option<chrono::DateTime<chrono::Utc>>,
    /// Only the dossier with this ERP reference (in the paged list and in a walk alike).
    pub external_ref: Option<String>,
}

impl DossierQuery {
    fn walks(&self) -> bool {
        self.cursor.is_some() || self.updated_since.is_some()
    }
}

/// The id a cursor `d<id>` names.
fn after_id(cursor: Option<&str>) -> Result<i64, AppError> {
    match cursor {
        None => Ok(0),
        Some(c) => c
            .strip_prefix('d')
            .and_then(|n| n.parse::<i64>().ok())
            .filter(|n| *n > 0)
            .ok_or_else(|| {
                AppError::field(
                    "cursor",
                    FieldCode::InvalidCursor,
                    "Curseur inconnu : reprenez avec le `next_cursor` de la page précédente.",
                )
            }),
    }
}

impl App {
    /// `GET /dossiers?q=&scheme=&state=&page=&per_page=`: «Mes dossiers», newest first.
    pub async fn list_dossiers(
        &self,
        actor: &Actor,
        query: &DossierQuery,
    ) -> Result<DossierPage, AppError> {
        let scope = scope_of(actor).ok_or(AppError::Forbidden)?;
        let (page, per_page) = paging(query.page, query.per_page);
        let today = self.clock.today();
        let mut next_cursor = None;
        let mut synced_at = None;
        // Compared as stored: trimmed, white space runs as one space.
        let external_ref = query
            .external_ref
            .as_deref()
            .map(super::external_ref::parse)
            .transpose()?;
        let (total, rows) = if query.walks() {
            if query.page.is_some()
                || !query.q.trim().is_empty()
                || query.scheme.is_some()
                || query.state.is_some()
            {
                return Err(AppError::field(
                    "cursor",
                    FieldCode::CursorWithFilters,
                    "Le curseur et `updated_since` ne se combinent ni avec `page` ni avec la recherche.",
                ));
            }
            synced_at = Some(self.clock.now());
            let after = after_id(query.cursor.as_deref())?;
            let filter = realis_store::sync::DossierSync {
                after_id: after,
                updated_since: query.updated_since,
                external_ref,
            };
            let (total, mut rows) =
                realis_store::sync::dossiers(&self.db.conn, scope, &filter, per_page + 1).await?;
            if rows.len() as u64 > per_page {
                rows.truncate(usize::try_from(per_page).unwrap_or(usize::MAX));
                next_cursor = rows.last().map(|d| format!("d{}", d.id));
            }
            (total, rows)
        } else {
            let filter = DossierFilter {
                query: search_query(&query.q)?,
                scheme: query.scheme,
                state: query.state.map(|s| (s, today)),
                external_ref,
            };
            store::list(&self.db.conn, scope, &filter, page, per_page).await?
        };
        let mut statuses = pending_statuses(actor.role).to_vec();
        if actor.role == Role::Organisation {
            statuses.push(MonthStatus::NotOpen);
        }
        let ids: Vec<i64> = rows.iter().map(|d| d.id).collect();
        let store::PageMonths {
            oldest: pending,
            open,
        } = store::page_months(&self.db.conn, &ids, &statuses).await?;
        let mut org_names: HashMap<i64, String> = HashMap::new();
        let mut items = Vec::with_capacity(rows.len());
        for d in rows {
            if let std::collections::hash_map::Entry::Vacant(slot) =
                org_names.entry(d.organisation_id)
            {
                let name = portfolio::find_organisation(&self.db.conn, d.organisation_id)
                    .await?
                    .map(|o| o.name)
                    .unwrap_or_default();
                slot.insert(name);
            }
            let pending_action =
                pending
                    .iter()
                    .find(|m| m.0 == d.id)
                    .and_then(|(_, period, status)| {
                        let status = status.on_date(*period, today);
                        (status != MonthStatus::NotOpen)
                            .then(|| format!("{} ({})", period.label_fr(), status.label_fr()))
                    });
            let state = DossierState::of(d.session_end, today, !open.contains(&d.id));
            items.push(DossierSummary {
                id: d.id,
                number: d.number.clone(),
                beneficiary: beneficiary_name(&d),
                training_title: d.training_title.clone(),
                session_start: d.session_start,
                session_end: d.session_end,
                committee_date: d.committee_date,
                scheme: d.scheme,
                scheme_label: d.scheme.label_fr().into(),
                state,
                status_label: state.label_fr().into(),
                organisation_name: org_names
                    .get(&d.organisation_id)
                    .cloned()
                    .unwrap_or_default(),
                pending_action,
                external_ref: d.external_ref.clone(),
            });
        }
        Ok(DossierPage {
            items,
            total,
            page,
            per_page,
            next_cursor,
            synced_at,
        })
    }

    /// `GET /dossiers/{id}`: parties, dates, planned vs done, and the months.
    pub async fn get_dossier(&self, actor: &Actor, id: i64) -> Result<DossierView, AppError> {
        let d = self.dossier_in_scope(actor, id).await?;
        let f = self.funder_of(&d).await?;
        let org = portfolio::find_organisation(&self.db.conn, d.organisation_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let employer = store::find_employer(&self.db.conn, d.employer_id)
            .await?
            .map(|e| e.name)
            .unwrap_or_default();
        // Not for the employer (S12).
        let ben_email = if realis_domain::evidence::sees_beneficiary_email(actor.role) {
            realis_store::users::find_by_id(&self.db.conn, d.beneficiary_user_id)
                .await?
                .map(|u| u.email)
        } else {
            None
        };
        let planned = store::planned_of(&self.db.conn, d.id).await?;
        let today = self.clock.today();
        let mut months = Vec::new();
        for m in portfolio::months_of_dossier(&self.db.conn, d.id).await? {
            let period = m.period;
            let status = m.status.on_date(period, today);
            let by = self.contested_by(m.id, status).await?;
            months.push(MonthSummary {
                period,
                status,
                status_label: realis_domain::followup::status_label_fr(status, by).into(),
                training: m.totals.training,
                internship: m.totals.internship,
                absence: m.totals.absence,
                planned: planned_total(period, &planned),
            });
        }
        // Realised hours are the certified ones; hours saved but not certified are shown apart.
        let presence = |certified: bool| {
            Hours::sum(
                months
                    .iter()
                    .filter(|m| m.status.is_certified() == certified)
                    .map(|m| Hours::sum([m.training, m.internship])),
            )
        };
        let (done_total, draft_total) = (presence(true), presence(false));
        let state = DossierState::of(
            d.session_end,
            today,
            months.iter().all(|m| m.status == MonthStatus::Transmitted),
        );
        Ok(DossierView {
            id: d.id,
            number: d.number.clone(),
            beneficiary: beneficiary_name(&d),
            beneficiary_email: ben_email,
            employer,
            organisation_id: org.id,
            organisation_name: org.name,
            training_title: d.training_title.clone(),
            session_start: d.session_start,
            session_end: d.session_end,
            committee_date: d.committee_date,
            granularity: Self::granularity(&d, &f),
            training_id: d.training_id,
            training_modality: d.training_modality,
            scheme: d.scheme,
            scheme_label: d.scheme.label_fr().into(),
            state,
            status_label: state.label_fr().into(),
            planned_total: Hours::sum(
                planned
                    .iter()
                    .map(|p| Hours::sum([p.training, p.internship])),
            ),
            done_total,
            draft_total,
            months,
            external_ref: d.external_ref.clone(),
            created_at: d.created_at,
        })
    }

    /// `GET /dossiers/{id}/months`.
    pub async fn list_months(&self, actor: &Actor, id: i64) -> Result<Vec<MonthSummary>, AppError> {
        Ok(self.get_dossier(actor, id).await?.months)
    }
}
