//! Dossiers and their months (SPEC F2–F4, F9): creation by the funder, lists, the month view
//! and saving hours with optimistic concurrency.

use realis_domain::MonthCommand;
use realis_store::StoreError;
use std::collections::HashMap;

use realis_api_types::{
    DayInput, DayView, DossierPage, DossierSummary, DossierView, FieldError, MonthSummary,
    MonthView, SaveHoursRequest, TotalsDto,
};
use realis_domain::grid::{
    DayHours, Granularity, GridInput, GridIssue, MonthContext, PlannedDay, Totals, planned_total,
    totals_of, validate_grid,
};
use realis_domain::holidays::holiday_on;
use realis_domain::{HolidayZone, Hours, MonthAction, MonthStatus, Period, Role};
use realis_store::audit;
use realis_store::dossiers::{self as store, DayRecord};
use realis_store::portfolio::{self, DossierRow, FunderRow, MonthRow, Scope};
use serde_json::json;

use crate::auth::RequestMeta;
use crate::backoffice::paging;
use crate::dashboard::pending_statuses;
use crate::{Actor, App, AppError};

/// «Dossier en cours de suivi».
pub const DOSSIER_IN_PROGRESS: &str = "Dossier en cours de suivi";

/// Whose dossiers the actor sees.
pub fn scope_of(actor: &Actor) -> Option<Scope> {
    match actor.role {
        Role::Organisation => actor.organisation_id.map(Scope::Organisation),
        Role::Beneficiary => Some(Scope::Beneficiary(actor.user_id)),
        Role::Employer => Some(Scope::EmployerAccount(actor.user_id)),
        Role::Funder => actor.funder_id.map(Scope::Funder),
        Role::Admin => None,
    }
}

pub(crate) fn status_of(m: &MonthRow) -> Result<MonthStatus, AppError> {
    Ok(MonthStatus::parse(&m.status)
        .ok_or_else(|| StoreError::corrupt("months.status", &m.status))?)
}

/// Stored hundredths as hours.
pub(crate) fn hours(v: i32) -> Hours {
    Hours::from_hundredths(u32::try_from(v).unwrap_or(0))
}

fn planned_days(rows: &[store::PlannedDayRow]) -> Vec<PlannedDay> {
    rows.iter()
        .map(|p| PlannedDay {
            date: p.day,
            training: hours(p.training),
            internship: hours(p.internship),
        })
        .collect()
}

fn grid_issues(issues: Vec<GridIssue>) -> AppError {
    AppError::Validation(
        issues
            .into_iter()
            .map(|i| FieldError {
                field: i.field,
                code: i.code,
                message: i.message,
            })
            .collect(),
    )
}

/// «Michelle DUBOIS».
pub(crate) fn beneficiary_name(d: &DossierRow) -> String {
    format!(
        "{} {}",
        d.beneficiary_first_name,
        d.beneficiary_last_name.to_uppercase()
    )
}

impl App {
    /// The SPA's page of a month, for links in e-mails.
    pub(crate) fn month_link(&self, dossier_id: i64, period: &str) -> String {
        format!(
            "{}/dossiers/{dossier_id}/mois/{period}",
            self.settings.public_url.trim_end_matches('/')
        )
    }

    async fn dossier_in_scope(&self, actor: &Actor, id: i64) -> Result<DossierRow, AppError> {
        let scope = scope_of(actor).ok_or(AppError::NotFound)?;
        store::find_in_scope(&self.db.conn, scope, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    async fn funder_of(&self, d: &DossierRow) -> Result<FunderRow, AppError> {
        portfolio::find_funder(&self.db.conn, d.funder_id)
            .await?
            .ok_or(AppError::NotFound)
    }

    fn granularity(d: &DossierRow, f: &FunderRow) -> Granularity {
        d.granularity
            .as_deref()
            .and_then(Granularity::parse)
            .or_else(|| Granularity::parse(&f.granularity))
            .unwrap_or_default()
    }

    /// `GET /dossiers?q=&page=&per_page=`: «Mes dossiers», newest first.
    pub async fn list_dossiers(
        &self,
        actor: &Actor,
        q: &str,
        page: Option<u64>,
        per_page: Option<u64>,
    ) -> Result<DossierPage, AppError> {
        let scope = scope_of(actor).ok_or(AppError::Forbidden)?;
        let (page, per_page) = paging(page, per_page);
        let q = search_query(q)?;
        let (total, rows) = store::list(&self.db.conn, scope, &q, page, per_page).await?;
        let today = self.clock.today();
        let mut statuses = pending_statuses(actor.role).to_vec();
        if actor.role == Role::Organisation {
            statuses.push(MonthStatus::NotOpen);
        }
        let ids: Vec<i64> = rows.iter().map(|d| d.id).collect();
        let pending = store::oldest_months_in(&self.db.conn, &ids, &statuses).await?;
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
                        let period = Period::parse(period).ok()?;
                        let status = MonthStatus::parse(status)?.on_date(period, today);
                        (status != MonthStatus::NotOpen)
                            .then(|| format!("{} ({})", period.label_fr(), status.label_fr()))
                    });
            items.push(DossierSummary {
                id: d.id,
                number: d.number.clone(),
                beneficiary: beneficiary_name(&d),
                training_title: d.training_title.clone(),
                session_start: d.session_start,
                session_end: d.session_end,
                committee_date: d.committee_date,
                status_label: DOSSIER_IN_PROGRESS.into(),
                organisation_name: org_names
                    .get(&d.organisation_id)
                    .cloned()
                    .unwrap_or_default(),
                pending_action,
            });
        }
        Ok(DossierPage {
            items,
            total,
            page,
            per_page,
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
        let planned = planned_days(&store::planned_of(&self.db.conn, d.id).await?);
        let today = self.clock.today();
        let mut months = Vec::new();
        for m in portfolio::months_of_dossier(&self.db.conn, d.id).await? {
            let period = Period::parse(&m.period)
                .map_err(|_| StoreError::corrupt("months.period", &m.period))?;
            let status = status_of(&m)?.on_date(period, today);
            let by = self.contested_by(m.id, status).await?;
            months.push(MonthSummary {
                period,
                status,
                status_label: realis_domain::followup::status_label_fr(status, by).into(),
                training: hours(m.training),
                internship: hours(m.internship),
                absence: hours(m.absence),
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
            status_label: DOSSIER_IN_PROGRESS.into(),
            planned_total: Hours::sum(
                planned
                    .iter()
                    .map(|p| Hours::sum([p.training, p.internship])),
            ),
            done_total,
            draft_total,
            months,
            created_at: d.created_at,
        })
    }

    /// `GET /dossiers/{id}/months`.
    pub async fn list_months(&self, actor: &Actor, id: i64) -> Result<Vec<MonthSummary>, AppError> {
        Ok(self.get_dossier(actor, id).await?.months)
    }

    pub(crate) async fn month_context(
        &self,
        d: &DossierRow,
        period: Period,
    ) -> Result<(MonthContext, Vec<PlannedDay>), AppError> {
        let f = self.funder_of(d).await?;
        let planned = planned_days(
            &store::planned_between(&self.db.conn, d.id, period.first_day(), period.last_day())
                .await?,
        );
        let ctx = MonthContext {
            period,
            session_start: d.session_start,
            session_end: d.session_end,
            zone: HolidayZone::parse(&f.holiday_zone).unwrap_or_default(),
            granularity: Self::granularity(d, &f),
            planned: planned_total(period, &planned),
            today: self.clock.today(),
        };
        Ok((ctx, planned))
    }

    pub(crate) async fn load_month(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
    ) -> Result<(DossierRow, MonthRow), AppError> {
        let d = self.dossier_in_scope(actor, id).await?;
        let m = store::find_month(&self.db.conn, d.id, period)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok((d, m))
    }

    /// The stored grid of a month.
    pub(crate) async fn stored_grid(
        &self,
        ctx: &MonthContext,
        m: &MonthRow,
    ) -> Result<GridInput, AppError> {
        if ctx.granularity == Granularity::Month {
            return Ok(GridInput::Totals(Totals {
                training: hours(m.training),
                internship: hours(m.internship),
                absence: hours(m.absence),
            }));
        }
        let rows = store::days_of_month(&self.db.conn, m.id).await?;
        Ok(GridInput::Days(
            rows.iter()
                .map(|r| DayHours {
                    date: r.day,
                    training_am: hours(r.training_am),
                    training_pm: hours(r.training_pm),
                    internship_am: hours(r.internship_am),
                    internship_pm: hours(r.internship_pm),
                    absence: hours(r.absence),
                })
                .collect(),
        ))
    }

    /// `GET /dossiers/{id}/months/{period}`.
    pub async fn get_month(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
    ) -> Result<MonthView, AppError> {
        let (d, m) = self.load_month(actor, id, period).await?;
        let (ctx, planned) = self.month_context(&d, period).await?;
        let status = status_of(&m)?.on_date(period, self.clock.today());
        let grid = self.stored_grid(&ctx, &m).await?;
        let stored_days: Vec<DayHours> = match &grid {
            GridInput::Days(days) => days.clone(),
            GridInput::Totals(_) => Vec::new(),
        };
        let days = if ctx.granularity == Granularity::Month {
            Vec::new()
        } else {
            period
                .days()
                .map(|date| {
                    let v = stored_days
                        .iter()
                        .find(|x| x.date == date)
                        .copied()
                        .unwrap_or_else(|| DayHours::empty(date));
                    let p = planned.iter().find(|p| p.date == date);
                    DayView {
                        date,
                        holiday: holiday_on(date, ctx.zone).map(|h| h.name.to_owned()),
                        in_session: date >= d.session_start && date <= d.session_end,
                        training: v.training(),
                        internship: v.internship(),
                        training_am: v.training_am,
                        training_pm: v.training_pm,
                        internship_am: v.internship_am,
                        internship_pm: v.internship_pm,
                        absence: v.absence,
                        planned: p
                            .map(|p| Hours::sum([p.training, p.internship]))
                            .unwrap_or_default(),
                    }
                })
                .collect()
        };
        let totals = match &grid {
            GridInput::Totals(t) => *t,
            GridInput::Days(days) => totals_of(days),
        };
        let warnings = validate_grid(&ctx, grid)
            .map(|g| g.warnings)
            .unwrap_or_default();
        let readiness = if actor.role == Role::Organisation {
            Some(self.get_identity(actor).await?.readiness)
        } else {
            None
        };
        // The flow recorded with the certificate, not the funder's current setting.
        let validations = if matches!(actor.role, Role::Beneficiary | Role::Employer) {
            realis_store::certification::current_certificate(&self.db.conn, m.id)
                .await?
                .as_ref()
                .map(crate::certify::certificate_validations)
                .unwrap_or_default()
        } else {
            Default::default()
        };
        let online = if actor.role == Role::Organisation {
            Some(self.online_state(&d, &m).await?)
        } else {
            None
        };
        let allowed_actions = realis_domain::allowed_commands(
            actor.role,
            &realis_domain::MonthFacts {
                status,
                online_locked: m.online_locked,
                online_ready: readiness.as_ref().is_some_and(|r| r.online_available),
                validations,
            },
        );
        Ok(MonthView {
            dossier_id: d.id,
            dossier_number: d.number.clone(),
            period,
            period_label: period.label_fr(),
            status,
            status_label: realis_domain::followup::status_label_fr(
                status,
                self.contested_by(m.id, status).await?,
            )
            .into(),
            granularity: ctx.granularity,
            version: m.version,
            totals: TotalsDto {
                training: totals.training,
                internship: totals.internship,
                absence: totals.absence,
            },
            days,
            planned: ctx.planned,
            allowed_actions,
            readiness,
            warnings,
            updated_at: m.updated_at,
            certificate: self.current_certificate_view(m.id).await?,
            files: self.month_files(m.id).await?,
            validations: self.month_validations(m.id).await?,
            online,
        })
    }

    /// `GET /dossiers/{id}/months/{period}/planned`.
    pub async fn get_planned(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
    ) -> Result<Vec<PlannedDay>, AppError> {
        let (d, _) = self.load_month(actor, id, period).await?;
        Ok(self.month_context(&d, period).await?.1)
    }

    /// `PUT /dossiers/{id}/months/{period}/hours`.
    pub async fn save_hours(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        req: &SaveHoursRequest,
        meta: &RequestMeta,
    ) -> Result<MonthView, AppError> {
        let (d, _) = self.load_month(actor, id, period).await?;
        // Readers of the dossier (beneficiary, employer, funder) may not enter hours.
        actor.own_organisation()?;
        let (ctx, _) = self.month_context(&d, period).await?;
        let input = grid_input(ctx.granularity, req)?;
        self.store_grid(
            actor,
            &d,
            &ctx,
            Submission {
                version: req.version,
                input,
                action: "hours_saved",
            },
            meta,
        )
        .await?;
        self.get_month(actor, id, period).await
    }

    /// The status saving hours moves the month to, if its hours may change now.
    pub(crate) fn hours_editable(
        &self,
        m: &MonthRow,
        period: Period,
    ) -> Result<MonthStatus, AppError> {
        let status = status_of(m)?.on_date(period, self.clock.today());
        if status == MonthStatus::NotOpen {
            return Err(AppError::field(
                "period",
                "month_not_open",
                "La saisie n'est pas disponible\u{a0}: le mois n'a pas commencé.",
            ));
        }
        status
            .apply(MonthAction::SaveHours)
            .map_err(|_| AppError::NotAllowed {
                command: MonthCommand::SaveHours,
                status,
            })
    }

    /// Validates and stores a grid if the month is open and editable and `version` is current.
    pub(crate) async fn store_grid(
        &self,
        actor: &Actor,
        d: &DossierRow,
        ctx: &MonthContext,
        submission: Submission,
        meta: &RequestMeta,
    ) -> Result<(), AppError> {
        let Submission {
            version,
            input,
            action,
        } = submission;
        let m = store::find_month(&self.db.conn, d.id, ctx.period)
            .await?
            .ok_or(AppError::NotFound)?;
        let next = self.hours_editable(&m, ctx.period)?;
        let grid = validate_grid(ctx, input).map_err(grid_issues)?;
        let now = self.clock.now();
        let txn = self.db.begin_write().await?;
        let t = grid.totals;
        // The conditional update comes first: it takes the write lock and checks the version.
        let saved = store::save_month(
            &txn,
            m.id,
            version,
            next,
            (
                t.training.hundredths(),
                t.internship.hundredths(),
                t.absence.hundredths(),
            ),
            actor.user_id,
            now,
        )
        .await?;
        if !saved {
            return Err(AppError::StaleVersion);
        }
        let records: Vec<DayRecord> = grid
            .days
            .iter()
            .map(|x| {
                (
                    x.date,
                    x.training_am.hundredths(),
                    x.training_pm.hundredths(),
                    x.internship_am.hundredths(),
                    x.internship_pm.hundredths(),
                    x.absence.hundredths(),
                )
            })
            .collect();
        store::replace_days(&txn, m.id, &records).await?;
        // Any code sent for the previous hours is void (SPEC F3, F6).
        realis_store::certification::invalidate_codes(&txn, m.id, now).await?;
        let mut entry = actor.audit(action, "month", m.id);
        entry.ip = meta.ip.clone();
        entry.user_agent = meta.user_agent.clone();
        entry.data = json!({
            "dossier_id": d.id,
            "period": ctx.period.to_string(),
            "version": version + 1,
            "totals": [t.training.hundredths(), t.internship.hundredths(), t.absence.hundredths()],
            "days": records.iter().map(|r| json!([r.0, r.1, r.2, r.3, r.4, r.5])).collect::<Vec<_>>(),
        });
        audit::append(&txn, &self.audit_key, entry, now).await?;
        txn.commit().await?;
        Ok(())
    }
}

/// A grid to store: the version it was based on, the grid, and the audit action.
pub(crate) struct Submission {
    pub version: i32,
    pub input: GridInput,
    pub action: &'static str,
}

fn field_err(field: String, code: &str, message: &str) -> FieldError {
    FieldError {
        field,
        code: code.into(),
        message: message.into(),
    }
}

/// Converts a JSON number to hours, reporting a bad value on `field`.
fn hours_at(field: String, v: Option<f64>, errors: &mut Vec<FieldError>) -> Hours {
    let Some(v) = v else { return Hours::ZERO };
    Hours::from_f64(v).unwrap_or_else(|e| {
        let (code, message) = match e {
            realis_domain::HoursError::Negative => {
                ("negative", "Les heures ne peuvent pas être négatives.")
            }
            realis_domain::HoursError::TooPrecise => {
                ("too_precise", "Deux décimales au plus (ex. 7,25).")
            }
            realis_domain::HoursError::TooLarge => ("too_large", "Valeur trop grande."),
            _ => ("invalid_hours", "Ce n'est pas un nombre d'heures."),
        };
        errors.push(field_err(field, code, message));
        Hours::ZERO
    })
}

/// Turns the request into the grid of the dossier's granularity, refusing fields of another one
/// and reporting each bad value on its own field.
/// A bounded search (422 on `q` beyond 200 characters or 8 words).
pub fn search_query(q: &str) -> Result<realis_domain::search::SearchQuery, AppError> {
    realis_domain::search::SearchQuery::parse(q)
        .map_err(|e| AppError::field("q", e.code(), e.message_fr()))
}

pub fn grid_input(g: Granularity, req: &SaveHoursRequest) -> Result<GridInput, AppError> {
    let mut errors = Vec::new();
    let input = match (g, &req.totals, &req.days) {
        (Granularity::Month, Some(t), None) => GridInput::Totals(Totals {
            training: hours_at("totals.training".into(), Some(t.training), &mut errors),
            internship: hours_at("totals.internship".into(), Some(t.internship), &mut errors),
            absence: hours_at("totals.absence".into(), Some(t.absence), &mut errors),
        }),
        (Granularity::Month, _, _) => {
            return Err(AppError::field(
                "totals",
                "wrong_granularity",
                "Ce dossier se saisit en totaux mensuels\u{a0}: envoyez «\u{a0}totals\u{a0}».",
            ));
        }
        (_, None, Some(days)) => GridInput::Days(
            days.iter()
                .enumerate()
                .map(|(i, x)| day_of(g, i, x, &mut errors))
                .collect(),
        ),
        _ => {
            return Err(AppError::field(
                "days",
                "wrong_granularity",
                "Ce dossier se saisit jour par jour\u{a0}: envoyez «\u{a0}days\u{a0}».",
            ));
        }
    };
    if errors.is_empty() {
        Ok(input)
    } else {
        Err(AppError::Validation(errors))
    }
}

fn day_of(g: Granularity, i: usize, x: &DayInput, errors: &mut Vec<FieldError>) -> DayHours {
    let mut h = |name: &str, v: Option<f64>| hours_at(format!("days[{i}].{name}"), v, errors);
    let half = [
        x.training_am,
        x.training_pm,
        x.internship_am,
        x.internship_pm,
    ]
    .iter()
    .any(Option::is_some);
    let whole = x.training.is_some() || x.internship.is_some();
    let day = match g {
        Granularity::HalfDay => DayHours {
            date: x.date,
            training_am: h("training_am", x.training_am),
            training_pm: h("training_pm", x.training_pm),
            internship_am: h("internship_am", x.internship_am),
            internship_pm: h("internship_pm", x.internship_pm),
            absence: h("absence", x.absence),
        },
        _ => DayHours::whole(
            x.date,
            h("training", x.training),
            h("internship", x.internship),
            h("absence", x.absence),
        ),
    };
    match g {
        Granularity::HalfDay if whole => errors.push(field_err(
            format!("days[{i}].training"),
            "wrong_granularity",
            "Ce dossier se saisit par demi-journée (matin / après-midi).",
        )),
        Granularity::Day if half => errors.push(field_err(
            format!("days[{i}].training_am"),
            "wrong_granularity",
            "Ce dossier se saisit par journée.",
        )),
        _ => {}
    }
    day
}
