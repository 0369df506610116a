//! Saving hours with optimistic concurrency (SPEC F3, F4).

use crate::shared::month_subject;
use crate::unit::Audit;
use realis_api_types::{DayInput, FieldError, MonthView, SaveHoursRequest};
use realis_domain::FieldCode;
use realis_domain::MonthCommand;
use realis_domain::audit::AuditAction;
use realis_domain::dossier::Dossier;
use realis_domain::events::DomainEvent;
use realis_domain::grid::{
    DayHours, Granularity, GridInput, GridIssue, MonthContext, Totals, validate_grid,
};
use realis_domain::month::Month;
use realis_domain::{Hours, MonthAction, MonthStatus, Period};
use realis_store::dossiers as store;
use serde_json::json;

use crate::auth::RequestMeta;
use crate::{Actor, App, AppError};

pub(crate) fn grid_issues(issues: Vec<GridIssue>) -> AppError {
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

/// A grid to store: the version it was based on, the grid, and the audit action.
pub(crate) struct Submission {
    pub version: i32,
    pub input: GridInput,
    pub action: AuditAction,
}

fn field_err(field: String, code: FieldCode, message: &str) -> FieldError {
    FieldError {
        field,
        code,
        message: message.into(),
    }
}

/// Converts a JSON number to hours, reporting a bad value on `field`.
fn hours_at(field: String, v: Option<f64>, errors: &mut Vec<FieldError>) -> Hours {
    let Some(v) = v else { return Hours::ZERO };
    Hours::from_f64(v).unwrap_or_else(|e| {
        let (code, message) = match e {
            realis_domain::HoursError::Negative => (
                FieldCode::Negative,
                "Les heures ne peuvent pas être négatives.",
            ),
            realis_domain::HoursError::TooPrecise => {
                (FieldCode::TooPrecise, "Deux décimales au plus (ex. 7,25).")
            }
            realis_domain::HoursError::TooLarge => (FieldCode::TooLarge, "Valeur trop grande."),
            _ => (FieldCode::InvalidHours, "Ce n'est pas un nombre d'heures."),
        };
        errors.push(field_err(field, code, message));
        Hours::ZERO
    })
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
                FieldCode::WrongGranularity,
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
                FieldCode::WrongGranularity,
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
            FieldCode::WrongGranularity,
            "Ce dossier se saisit par demi-journée (matin / après-midi).",
        )),
        Granularity::Day if half => errors.push(field_err(
            format!("days[{i}].training_am"),
            FieldCode::WrongGranularity,
            "Ce dossier se saisit par journée.",
        )),
        _ => {}
    }
    day
}

impl App {
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
        // The server reads the version from the body or `If-Match` and requires one.
        let version = req.version.ok_or_else(|| {
            AppError::field(
                "version",
                FieldCode::Required,
                "La version du mois est requise.",
            )
        })?;
        self.store_grid(
            actor,
            &d,
            &ctx,
            Submission {
                version,
                input,
                action: AuditAction::HoursSaved,
            },
            meta,
        )
        .await?;
        self.get_month(actor, id, period).await
    }

    /// The status saving hours moves the month to, if its hours may change now.
    pub(crate) fn hours_editable(
        &self,
        m: &Month,
        period: Period,
    ) -> Result<MonthStatus, AppError> {
        let status = m.status.on_date(period, self.clock.today());
        if status == MonthStatus::NotOpen {
            return Err(AppError::field(
                "period",
                FieldCode::MonthNotOpen,
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
        d: &Dossier,
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
        let unit = self.unit().await?;
        let txn = unit.tx();
        let t = grid.totals;
        // The conditional update comes first: it takes the write lock and checks the version.
        let saved = store::save_month(
            txn,
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
        unit.status_changed(
            actor,
            d,
            &m,
            m.status.on_date(ctx.period, self.clock.today()),
            next,
        )
        .await?;
        store::replace_days(txn, m.id, &grid.days).await?;
        // Any code sent for the previous hours is void (SPEC F3, F6).
        realis_store::certification::invalidate_codes(txn, m.id, now).await?;
        unit.audit(
            actor,
            Audit::of(action, m.id).from(meta).data(json!({
                "dossier_id": d.id,
                "period": ctx.period.to_string(),
                "version": version + 1,
                "totals": [t.training.hundredths(), t.internship.hundredths(), t.absence.hundredths()],
                "days": grid.days.iter().map(crate::shared::day_json).collect::<Vec<_>>(),
            })),
        )
        .await?;
        unit.event(
            Some(actor),
            month_subject(d, ctx.period),
            DomainEvent::HoursSaved {
                status: next,
                version: version + 1,
            },
        )
        .await?;
        unit.commit().await?;
        Ok(())
    }
}
