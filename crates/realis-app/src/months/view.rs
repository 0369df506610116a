//! A month as the SPA shows it (SPEC F3, F4).

use realis_api_types::{DayView, MonthView, TotalsDto};
use realis_domain::dossier::Dossier;
use realis_domain::grid::{
    DayHours, Granularity, GridInput, MonthContext, PlannedDay, Totals, planned_total, totals_of,
    validate_grid,
};
use realis_domain::holidays::holiday_on;
use realis_domain::month::Month;
use realis_domain::{Hours, Period, Role};
use realis_store::dossiers as store;

use crate::{Actor, App, AppError};

impl App {
    pub(crate) async fn month_context(
        &self,
        d: &Dossier,
        period: Period,
    ) -> Result<(MonthContext, Vec<PlannedDay>), AppError> {
        let f = self.funder_of(d).await?;
        let planned =
            store::planned_between(&self.db.conn, d.id, period.first_day(), period.last_day())
                .await?;
        let ctx = MonthContext {
            period,
            session_start: d.session_start,
            session_end: d.session_end,
            zone: f.settings.holiday_zone,
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
    ) -> Result<(Dossier, Month), AppError> {
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
        m: &Month,
    ) -> Result<GridInput, AppError> {
        if ctx.granularity == Granularity::Month {
            return Ok(GridInput::Totals(Totals {
                training: m.totals.training,
                internship: m.totals.internship,
                absence: m.totals.absence,
            }));
        }
        Ok(GridInput::Days(
            store::days_of_month(&self.db.conn, m.id).await?,
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
        let status = m.status.on_date(period, self.clock.today());
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
                .map(|c| c.validations)
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
}
