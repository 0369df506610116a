//! The rules of SPEC F4 on what the OF sends: refusals and warnings.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::labels::{long_date_fr, on_day};
use super::{DayHours, Granularity, MonthContext, Totals, totals_of};
use crate::field_code::stable_codes;
use crate::holidays::holiday_on;
use crate::{FieldCode, Hours, Period};

/// What the OF sends: totals (month granularity) or days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GridInput {
    Totals(Totals),
    Days(Vec<DayHours>),
}

/// A refused value, with the field path of the API (`days[3].training`, `totals.absence`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridIssue {
    pub field: String,
    /// A field error's code: a refused grid is a 422 naming each refused field.
    pub code: FieldCode,
    pub message: String,
}

/// Where a refused field of the grid sits: `days[3].training` → `(Some(3), "training")` (the
/// fourth day sent), `totals.absence` → `(None, "absence")`, `totals` → `(None, "")`.
pub fn refused_at(field: &str) -> Option<(Option<usize>, &str)> {
    if let Some(rest) = field.strip_prefix("days[") {
        let (i, sub) = rest.split_once(']')?;
        Some((Some(i.parse().ok()?), sub.trim_start_matches('.')))
    } else {
        let sub = field.strip_prefix("totals")?;
        Some((None, sub.trim_start_matches('.')))
    }
}

/// The position of an hour field among the grid's value columns in granularity `g` (formation,
/// stage, absence; by half-day: formation matin / après-midi, stage matin / après-midi, absence).
pub fn value_column(g: Granularity, field: &str) -> Option<usize> {
    match (g, field) {
        (Granularity::HalfDay, "training_am") => Some(0),
        (Granularity::HalfDay, "training_pm") => Some(1),
        (Granularity::HalfDay, "internship_am") => Some(2),
        (Granularity::HalfDay, "internship_pm") => Some(3),
        (Granularity::HalfDay, "absence") => Some(4),
        (_, "training" | "training_am" | "training_pm") => Some(0),
        (_, "internship") => Some(1),
        (_, "absence") => Some(2),
        _ => None,
    }
}

stable_codes! {
    /// What a warning on the hours is about (shown, not blocking).
    pub enum GridWarningCode {
        DayOver10h => "day_over_10h", "Plus de 10 heures de présence dans la journée.";
        WeekOver48h => "week_over_48h", "Plus de 48 heures de présence dans la semaine.";
        Sunday => "sunday", "Des heures sont saisies un dimanche.";
        PublicHoliday => "public_holiday", "Des heures sont saisies un jour férié.";
        FutureDay => "future_day",
            "Des heures de présence sont saisies pour des jours à venir\u{a0}: à confirmer une fois ces jours passés.";
        OverPlanned => "over_planned", "Le total saisi dépasse les heures prévues du mois.";
    }
}

/// A warning on the hours: shown, not blocking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GridWarning {
    /// What the warning is about.
    pub code: GridWarningCode,
    /// The warning in French, ready to show (it names the day or the week).
    pub message: String,
    /// The day it is about, when it is about one day (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

/// A grid that passed the rules: days (empty in month granularity, else only non-empty days),
/// totals always equal to the sum of the days, and the warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidGrid {
    pub totals: Totals,
    pub days: Vec<DayHours>,
    pub warnings: Vec<GridWarning>,
}

const DAY_MAX: Hours = Hours::from_whole(24);
const HALF_DAY_MAX: Hours = Hours::from_whole(12);
const DAY_WARN: Hours = Hours::from_whole(10);
const WEEK_WARN: Hours = Hours::from_whole(48);

fn issue(field: String, code: FieldCode, message: &str) -> GridIssue {
    GridIssue {
        field,
        code,
        message: message.to_owned(),
    }
}

fn date_fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Applies the rules of SPEC F4 to what the OF sent.
pub fn validate_grid(ctx: &MonthContext, input: GridInput) -> Result<ValidGrid, Vec<GridIssue>> {
    let mut issues = Vec::new();
    let (totals, days) = match (ctx.granularity, input) {
        (Granularity::Month, GridInput::Totals(t)) => {
            let cap = Hours::from_whole(24 * ctx.session_days().len() as u32);
            if t.all() > cap {
                issues.push(issue(
                    "totals".into(),
                    FieldCode::MonthOverCapacity,
                    "Le total dépasse 24 heures par jour de session du mois.",
                ));
            }
            if ctx.session_days().is_empty() && !t.all().is_zero() {
                issues.push(issue(
                    "totals".into(),
                    FieldCode::OutsideSession,
                    "Ce mois est en dehors de la session.",
                ));
            }
            (t, Vec::new())
        }
        (Granularity::Month, GridInput::Days(_)) => {
            return Err(vec![issue(
                "totals".into(),
                FieldCode::WrongGranularity,
                "Ce dossier se saisit en totaux mensuels.",
            )]);
        }
        (_, GridInput::Totals(_)) => {
            return Err(vec![issue(
                "days".into(),
                FieldCode::WrongGranularity,
                "Ce dossier se saisit jour par jour.",
            )]);
        }
        (g, GridInput::Days(days)) => {
            let mut seen = BTreeSet::new();
            for (i, d) in days.iter().enumerate() {
                let at = |f: &str| format!("days[{i}].{f}");
                if !seen.insert(d.date) {
                    issues.push(issue(
                        at("date"),
                        FieldCode::DuplicateDate,
                        &on_day(d.date, "ce jour figure deux fois."),
                    ));
                }
                if Period::of(d.date) != ctx.period {
                    issues.push(issue(
                        at("date"),
                        FieldCode::OutsideMonth,
                        "Ce jour n'appartient pas au mois saisi.",
                    ));
                    continue;
                }
                if !ctx.in_session(d.date) && !d.is_empty() {
                    issues.push(issue(
                        at("date"),
                        FieldCode::OutsideSession,
                        &on_day(
                            d.date,
                            "aucune heure ne peut être saisie en dehors des dates de la session.",
                        ),
                    ));
                }
                if g == Granularity::Day && !(d.training_pm.is_zero() && d.internship_pm.is_zero())
                {
                    issues.push(issue(
                        at("training_pm"),
                        FieldCode::WrongGranularity,
                        &on_day(
                            d.date,
                            "ce dossier se saisit par journée, sans demi-journées.",
                        ),
                    ));
                }
                if d.total() > DAY_MAX {
                    issues.push(issue(
                        at("absence"),
                        FieldCode::DayOver24h,
                        &on_day(
                            d.date,
                            "le total de la journée ne peut pas dépasser 24 heures.",
                        ),
                    ));
                }
                if g == Granularity::HalfDay {
                    if Hours::sum([d.training_am, d.internship_am]) > HALF_DAY_MAX {
                        issues.push(issue(
                            at("training_am"),
                            FieldCode::HalfDayOver12h,
                            &on_day(d.date, "une demi-journée ne peut pas dépasser 12 heures."),
                        ));
                    }
                    if Hours::sum([d.training_pm, d.internship_pm]) > HALF_DAY_MAX {
                        issues.push(issue(
                            at("training_pm"),
                            FieldCode::HalfDayOver12h,
                            &on_day(d.date, "une demi-journée ne peut pas dépasser 12 heures."),
                        ));
                    }
                }
            }
            let mut kept: Vec<DayHours> = days.into_iter().filter(|d| !d.is_empty()).collect();
            kept.sort_by_key(|d| d.date);
            (totals_of(&kept), kept)
        }
    };
    if !issues.is_empty() {
        return Err(issues);
    }
    let warnings = warnings(ctx, &totals, &days);
    Ok(ValidGrid {
        totals,
        days,
        warnings,
    })
}

fn warnings(ctx: &MonthContext, totals: &Totals, days: &[DayHours]) -> Vec<GridWarning> {
    let mut out = Vec::new();
    let mut weeks: BTreeMap<(i32, u32), Hours> = BTreeMap::new();
    for d in days {
        let presence = d.presence();
        if presence > DAY_WARN {
            out.push(GridWarning {
                code: GridWarningCode::DayOver10h,
                message: format!(
                    "Le {} compte plus de 10 heures de présence.",
                    date_fr(d.date)
                ),
                date: Some(d.date),
            });
        }
        if !presence.is_zero() {
            if d.date.weekday() == Weekday::Sun {
                out.push(GridWarning {
                    code: GridWarningCode::Sunday,
                    message: format!("Des heures sont saisies le dimanche {}.", date_fr(d.date)),
                    date: Some(d.date),
                });
            } else if let Some(h) = holiday_on(d.date, ctx.zone) {
                out.push(GridWarning {
                    code: GridWarningCode::PublicHoliday,
                    message: format!(
                        "Des heures sont saisies le {} ({}, jour férié).",
                        date_fr(d.date),
                        h.name
                    ),
                    date: Some(d.date),
                });
            }
        }
        let w = d.date.iso_week();
        let entry = weeks.entry((w.year(), w.week())).or_default();
        *entry = Hours::sum([*entry, presence]);
    }
    for ((_, week), hours) in weeks {
        if hours > WEEK_WARN {
            out.push(GridWarning {
                code: GridWarningCode::WeekOver48h,
                message: format!(
                    "La semaine {week} compte {hours} heures de présence (plus de 48 heures)."
                ),
                date: None,
            });
        }
    }
    if let Some(first) = days
        .iter()
        .find(|d| d.date > ctx.today && !d.presence().is_zero())
    {
        out.push(GridWarning {
            code: GridWarningCode::FutureDay,
            message: format!(
                "Des heures de présence sont saisies pour des jours à venir, à partir du {}\u{a0}: ce sont des heures réalisées, à confirmer une fois ces jours passés (le mois ne peut être certifié qu'une fois terminé).",
                long_date_fr(first.date)
            ),
            date: Some(first.date),
        });
    }
    if totals.all() > ctx.planned && !ctx.planned.is_zero() {
        out.push(GridWarning {
            code: GridWarningCode::OverPlanned,
            message: format!(
                "Le total saisi ({}) dépasse les heures prévues du mois ({}).",
                totals.all(),
                ctx.planned
            ),
            date: None,
        });
    }
    out
}
