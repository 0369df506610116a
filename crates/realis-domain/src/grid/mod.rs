//! The monthly hours grid (SPEC F4): granularities, entries, rules and warnings, and the helpers
//! «Remise à zéro», «Répartir 7h tous les jours» and «Charger le calendrier».

mod calendar;
mod day;
mod labels;
mod rules;

pub use calendar::{
    CalendarDay, MonthCalendar, MonthContext, PlannedDay, fill_seven_hours, load_planned,
    planned_total,
};
pub use day::{DayHours, Granularity, Totals, totals_of};
pub use labels::{day_label_fr, day_name_fr, long_date_fr};
pub use rules::{
    GridInput, GridIssue, GridWarning, GridWarningCode, ValidGrid, refused_at, validate_grid,
    value_column,
};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_calendar;
