//! The monthly hours grid (SPEC F4): granularities, entries, rules and warnings, and the helpers
//! «Remise à zéro», «Répartir 7h tous les jours» and «Charger le calendrier».

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::holidays::{holiday_on, is_working_day};
use crate::{HolidayZone, Hours, Period};

/// How detailed the entry is: the funder's setting, overridable per dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Granularity {
    /// Three totals for the month.
    Month,
    /// Per day: training, internship, absence.
    #[default]
    Day,
    /// Per day: training and internship per morning/afternoon, absence.
    HalfDay,
}

impl Granularity {
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Month => "month",
            Granularity::Day => "day",
            Granularity::HalfDay => "half_day",
        }
    }

    pub fn parse(s: &str) -> Option<Granularity> {
        [Granularity::Month, Granularity::Day, Granularity::HalfDay]
            .into_iter()
            .find(|g| g.as_str() == s)
    }
}

/// The three totals of a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    pub training: Hours,
    pub internship: Hours,
    pub absence: Hours,
}

impl Totals {
    pub fn all(&self) -> Hours {
        Hours::sum([self.training, self.internship, self.absence])
    }
}

/// One day. In `day` granularity the whole day is in the `_am` fields and `_pm` are zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHours {
    pub date: NaiveDate,
    pub training_am: Hours,
    pub training_pm: Hours,
    pub internship_am: Hours,
    pub internship_pm: Hours,
    pub absence: Hours,
}

impl DayHours {
    pub fn empty(date: NaiveDate) -> Self {
        DayHours {
            date,
            training_am: Hours::ZERO,
            training_pm: Hours::ZERO,
            internship_am: Hours::ZERO,
            internship_pm: Hours::ZERO,
            absence: Hours::ZERO,
        }
    }

    /// A day in `day` granularity.
    pub fn whole(date: NaiveDate, training: Hours, internship: Hours, absence: Hours) -> Self {
        DayHours {
            training_am: training,
            internship_am: internship,
            absence,
            ..DayHours::empty(date)
        }
    }

    pub fn training(&self) -> Hours {
        Hours::sum([self.training_am, self.training_pm])
    }

    pub fn internship(&self) -> Hours {
        Hours::sum([self.internship_am, self.internship_pm])
    }

    /// Presence hours (training + internship).
    pub fn presence(&self) -> Hours {
        Hours::sum([self.training(), self.internship()])
    }

    pub fn total(&self) -> Hours {
        Hours::sum([self.presence(), self.absence])
    }

    pub fn is_empty(&self) -> bool {
        self.total().is_zero()
    }
}

const DAYS_FR: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// The French name of the day: "lundi".
pub fn day_name_fr(date: NaiveDate) -> &'static str {
    DAYS_FR[date.weekday().num_days_from_monday() as usize]
}

/// The grid's row label: "lundi 05".
pub fn day_label_fr(date: NaiveDate) -> String {
    format!("{} {:02}", day_name_fr(date), date.day())
}

/// A day as a sentence names it: "lundi 5 octobre 2026".
pub fn long_date_fr(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        day_name_fr(date),
        date.day(),
        crate::fr::month(Period::of(date))
    )
}

/// "Lundi 5 octobre 2026 : {what}" — an error on a day says which day it is.
fn on_day(date: NaiveDate, what: &str) -> String {
    let day = long_date_fr(date);
    let mut chars = day.chars();
    let first: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    format!("{first}{}\u{a0}: {what}", chars.as_str())
}

/// Sums the days.
pub fn totals_of(days: &[DayHours]) -> Totals {
    Totals {
        training: Hours::sum(days.iter().map(DayHours::training)),
        internship: Hours::sum(days.iter().map(DayHours::internship)),
        absence: Hours::sum(days.iter().map(|d| d.absence)),
    }
}

/// What the rules need to know about the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthContext {
    pub period: Period,
    pub session_start: NaiveDate,
    pub session_end: NaiveDate,
    pub zone: HolidayZone,
    pub granularity: Granularity,
    /// Planned training + internship hours of the month.
    pub planned: Hours,
    /// Today in the funder's time zone: hours on a later day are realised hours not done yet.
    pub today: NaiveDate,
}

impl MonthContext {
    /// The days of the month inside the session.
    pub fn session_days(&self) -> Vec<NaiveDate> {
        match self.period.clip(self.session_start, self.session_end) {
            Some((from, to)) => from.iter_days().take_while(|d| *d <= to).collect(),
            None => Vec::new(),
        }
    }

    fn in_session(&self, d: NaiveDate) -> bool {
        d >= self.session_start && d <= self.session_end && Period::of(d) == self.period
    }
}

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
    pub code: String,
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

/// Shown, not blocking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridWarning {
    pub code: String,
    pub message: String,
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

fn issue(field: String, code: &str, message: &str) -> GridIssue {
    GridIssue {
        field,
        code: code.to_owned(),
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
                    "month_over_capacity",
                    "Le total dépasse 24 heures par jour de session du mois.",
                ));
            }
            if ctx.session_days().is_empty() && !t.all().is_zero() {
                issues.push(issue(
                    "totals".into(),
                    "outside_session",
                    "Ce mois est en dehors de la session.",
                ));
            }
            (t, Vec::new())
        }
        (Granularity::Month, GridInput::Days(_)) => {
            return Err(vec![issue(
                "totals".into(),
                "wrong_granularity",
                "Ce dossier se saisit en totaux mensuels.",
            )]);
        }
        (_, GridInput::Totals(_)) => {
            return Err(vec![issue(
                "days".into(),
                "wrong_granularity",
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
                        "duplicate_date",
                        &on_day(d.date, "ce jour figure deux fois."),
                    ));
                }
                if Period::of(d.date) != ctx.period {
                    issues.push(issue(
                        at("date"),
                        "outside_month",
                        "Ce jour n'appartient pas au mois saisi.",
                    ));
                    continue;
                }
                if !ctx.in_session(d.date) && !d.is_empty() {
                    issues.push(issue(
                        at("date"),
                        "outside_session",
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
                        "wrong_granularity",
                        &on_day(
                            d.date,
                            "ce dossier se saisit par journée, sans demi-journées.",
                        ),
                    ));
                }
                if d.total() > DAY_MAX {
                    issues.push(issue(
                        at("absence"),
                        "day_over_24h",
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
                            "half_day_over_12h",
                            &on_day(d.date, "une demi-journée ne peut pas dépasser 12 heures."),
                        ));
                    }
                    if Hours::sum([d.training_pm, d.internship_pm]) > HALF_DAY_MAX {
                        issues.push(issue(
                            at("training_pm"),
                            "half_day_over_12h",
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
                code: "day_over_10h".into(),
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
                    code: "sunday".into(),
                    message: format!("Des heures sont saisies le dimanche {}.", date_fr(d.date)),
                    date: Some(d.date),
                });
            } else if let Some(h) = holiday_on(d.date, ctx.zone) {
                out.push(GridWarning {
                    code: "public_holiday".into(),
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
                code: "week_over_48h".into(),
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
            code: "future_day".into(),
            message: format!(
                "Des heures de présence sont saisies pour des jours à venir, à partir du {}\u{a0}: ce sont des heures réalisées, à confirmer une fois ces jours passés (le mois ne peut être certifié qu'une fois terminé).",
                long_date_fr(first.date)
            ),
            date: Some(first.date),
        });
    }
    if totals.all() > ctx.planned && !ctx.planned.is_zero() {
        out.push(GridWarning {
            code: "over_planned".into(),
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

/// «Répartir 7h tous les jours»: 7 h of training on every working day of the month inside the
/// session (weekends and the zone's public holidays skipped).
pub fn fill_seven_hours(ctx: &MonthContext) -> Vec<DayHours> {
    ctx.session_days()
        .into_iter()
        .filter(|d| is_working_day(*d, ctx.zone))
        .map(|d| match ctx.granularity {
            Granularity::HalfDay => DayHours {
                training_am: Hours::from_hundredths(350),
                training_pm: Hours::from_hundredths(350),
                ..DayHours::empty(d)
            },
            _ => DayHours::whole(d, Hours::from_whole(7), Hours::ZERO, Hours::ZERO),
        })
        .collect()
}

/// A planned day: training and internship hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedDay {
    pub date: NaiveDate,
    pub training: Hours,
    pub internship: Hours,
}

/// «Charger le calendrier»: the planned hours of the month copied in (training into training,
/// internship into internship); in half-day mode split evenly between morning and afternoon.
pub fn load_planned(ctx: &MonthContext, planned: &[PlannedDay]) -> Vec<DayHours> {
    planned
        .iter()
        .filter(|p| ctx.in_session(p.date) && !(p.training.is_zero() && p.internship.is_zero()))
        .map(|p| match ctx.granularity {
            Granularity::HalfDay => {
                let half = |h: Hours| {
                    let am = Hours::from_hundredths(h.hundredths().div_ceil(2));
                    (am, Hours::from_hundredths(h.hundredths() - am.hundredths()))
                };
                let (t_am, t_pm) = half(p.training);
                let (i_am, i_pm) = half(p.internship);
                DayHours {
                    date: p.date,
                    training_am: t_am,
                    training_pm: t_pm,
                    internship_am: i_am,
                    internship_pm: i_pm,
                    absence: Hours::ZERO,
                }
            }
            _ => DayHours::whole(p.date, p.training, p.internship, Hours::ZERO),
        })
        .collect()
}

/// Planned presence hours of the month.
pub fn planned_total(period: Period, planned: &[PlannedDay]) -> Hours {
    Hours::sum(
        planned
            .iter()
            .filter(|p| Period::of(p.date) == period)
            .map(|p| Hours::sum([p.training, p.internship])),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_on_a_day_names_the_day() {
        assert_eq!(
            long_date_fr(NaiveDate::from_ymd_opt(2026, 10, 5).expect("date")),
            "lundi 5 octobre 2026"
        );
        assert_eq!(
            on_day(
                NaiveDate::from_ymd_opt(2026, 10, 5).expect("date"),
                "le total de la journée ne peut pas dépasser 24 heures."
            ),
            "Lundi 5 octobre 2026\u{a0}: le total de la journée ne peut pas dépasser 24 heures."
        );
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn ctx(g: Granularity, zone: HolidayZone) -> MonthContext {
        MonthContext {
            period: Period::new(2026, 5).expect("period"),
            session_start: d(2026, 5, 4),
            session_end: d(2027, 6, 30),
            zone,
            granularity: g,
            planned: Hours::from_whole(100),
            today: d(2100, 1, 1),
        }
    }

    #[test]
    fn hours_on_days_to_come_are_flagged() {
        let mut c = ctx(Granularity::Day, HolidayZone::Metropole);
        c.today = d(2026, 5, 12);
        let g = validate_grid(
            &c,
            GridInput::Days(vec![
                DayHours::whole(d(2026, 5, 12), h(7), h(0), h(0)),
                DayHours::whole(d(2026, 5, 13), h(7), h(0), h(0)),
            ]),
        )
        .expect("valid");
        let w: Vec<_> = g
            .warnings
            .iter()
            .filter(|w| w.code == "future_day")
            .collect();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].date, Some(d(2026, 5, 13)));
        assert!(
            w[0].message.contains("mercredi 13 mai 2026"),
            "{}",
            w[0].message
        );
    }

    fn h(x: u32) -> Hours {
        Hours::from_whole(x)
    }

    #[test]
    fn seven_hours_skip_weekends_holidays_and_days_before_the_session() {
        let days = fill_seven_hours(&ctx(Granularity::Day, HolidayZone::Metropole));
        // May 2026 from the 4th: 20 weekdays, minus the 8th, the 14th (Ascension), the 25th (Pentecost).
        assert_eq!(days.len(), 17);
        assert!(days.iter().all(|x| x.training() == h(7)));
        assert!(!days.iter().any(|x| x.date == d(2026, 5, 14)));
        let martinique = fill_seven_hours(&ctx(Granularity::Day, HolidayZone::Martinique));
        assert_eq!(
            martinique.len(),
            16,
            "22 May is the abolition day in Martinique"
        );
        let half = fill_seven_hours(&ctx(Granularity::HalfDay, HolidayZone::Metropole));
        assert_eq!(half[0].training_am, Hours::from_hundredths(350));
        assert_eq!(totals_of(&half).training, h(17 * 7));
    }

    #[test]
    fn totals_are_always_the_sum_of_the_days() {
        let c = ctx(Granularity::Day, HolidayZone::Metropole);
        let g = validate_grid(
            &c,
            GridInput::Days(vec![
                DayHours::whole(d(2026, 5, 4), h(7), h(0), h(0)),
                DayHours::whole(
                    d(2026, 5, 5),
                    Hours::from_hundredths(350),
                    h(3),
                    Hours::from_hundredths(50),
                ),
                DayHours::empty(d(2026, 5, 6)),
            ]),
        )
        .expect("valid");
        assert_eq!(
            g.totals,
            Totals {
                training: Hours::from_hundredths(1050),
                internship: h(3),
                absence: Hours::from_hundredths(50)
            }
        );
        assert_eq!(g.days.len(), 2, "empty days are not kept");
    }

    #[test]
    fn hours_outside_the_session_or_month_and_over_24h_are_refused() {
        let c = ctx(Granularity::Day, HolidayZone::Metropole);
        let issues = validate_grid(
            &c,
            GridInput::Days(vec![
                DayHours::whole(d(2026, 5, 1), h(7), h(0), h(0)),
                DayHours::whole(d(2026, 6, 1), h(7), h(0), h(0)),
                DayHours::whole(d(2026, 5, 6), h(20), h(5), h(0)),
                DayHours::whole(d(2026, 5, 6), h(1), h(0), h(0)),
            ]),
        )
        .expect_err("refused");
        let codes: Vec<(&str, &str)> = issues
            .iter()
            .map(|i| (i.field.as_str(), i.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("days[0].date", "outside_session"),
                ("days[1].date", "outside_month"),
                ("days[2].absence", "day_over_24h"),
                ("days[3].date", "duplicate_date"),
            ]
        );
    }

    #[test]
    fn a_half_day_over_12h_is_refused_and_day_mode_has_no_afternoons() {
        let c = ctx(Granularity::HalfDay, HolidayZone::Metropole);
        let mut day = DayHours::empty(d(2026, 5, 6));
        day.training_pm = h(13);
        let issues = validate_grid(&c, GridInput::Days(vec![day])).expect_err("refused");
        assert_eq!(issues[0].code, "half_day_over_12h");
        let c = ctx(Granularity::Day, HolidayZone::Metropole);
        let mut day = DayHours::whole(d(2026, 5, 6), h(2), h(0), h(0));
        day.training_pm = h(1);
        assert_eq!(
            validate_grid(&c, GridInput::Days(vec![day])).expect_err("refused")[0].code,
            "wrong_granularity"
        );
    }

    #[test]
    fn warnings_cover_long_days_long_weeks_sundays_holidays_and_planned_hours() {
        let mut c = ctx(Granularity::Day, HolidayZone::AlsaceMoselle);
        c.planned = h(40);
        let days = vec![
            DayHours::whole(d(2026, 5, 4), h(11), h(0), h(0)),
            DayHours::whole(d(2026, 5, 5), h(10), h(0), h(0)),
            DayHours::whole(d(2026, 5, 6), h(10), h(0), h(0)),
            DayHours::whole(d(2026, 5, 7), h(10), h(0), h(0)),
            DayHours::whole(d(2026, 5, 8), h(8), h(0), h(0)),
            DayHours::whole(d(2026, 5, 10), h(2), h(0), h(0)),
        ];
        let g = validate_grid(&c, GridInput::Days(days)).expect("valid, with warnings");
        let codes: Vec<&str> = g.warnings.iter().map(|w| w.code.as_str()).collect();
        assert_eq!(
            codes,
            vec![
                "day_over_10h",
                "public_holiday",
                "sunday",
                "week_over_48h",
                "over_planned"
            ]
        );
        assert!(g.warnings[1].message.contains("Victoire 1945"));
    }

    #[test]
    fn month_granularity_takes_totals_bounded_by_the_session_days() {
        let c = ctx(Granularity::Month, HolidayZone::Metropole);
        let t = Totals {
            training: h(147),
            internship: h(0),
            absence: h(0),
        };
        assert_eq!(
            validate_grid(&c, GridInput::Totals(t))
                .expect("valid")
                .totals,
            t
        );
        let huge = Totals {
            training: h(24 * 29),
            ..t
        };
        assert_eq!(
            validate_grid(&c, GridInput::Totals(huge)).expect_err("refused")[0].code,
            "month_over_capacity"
        );
        assert_eq!(
            validate_grid(&c, GridInput::Days(vec![])).expect_err("refused")[0].code,
            "wrong_granularity"
        );
    }

    #[test]
    fn the_planned_calendar_loads_into_the_grid() {
        let c = ctx(Granularity::HalfDay, HolidayZone::Metropole);
        let planned = vec![
            PlannedDay {
                date: d(2026, 5, 4),
                training: Hours::from_hundredths(701),
                internship: h(0),
            },
            PlannedDay {
                date: d(2026, 5, 5),
                training: h(0),
                internship: h(7),
            },
            PlannedDay {
                date: d(2026, 4, 30),
                training: h(7),
                internship: h(0),
            },
        ];
        let days = load_planned(&c, &planned);
        assert_eq!(days.len(), 2);
        assert_eq!(
            (days[0].training_am, days[0].training_pm),
            (Hours::from_hundredths(351), Hours::from_hundredths(350))
        );
        assert_eq!(days[1].internship(), h(7));
        assert_eq!(
            planned_total(c.period, &planned),
            Hours::from_hundredths(1401)
        );
    }
}
