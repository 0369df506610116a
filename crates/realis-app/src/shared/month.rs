//! A stored month read back: its status, hours, the beneficiary's name, what awaits each role.

use realis_domain::dossier::Dossier;
use realis_domain::grid::DayHours;
use realis_domain::{MonthStatus, Role};

/// A day's hours as the audit, the code's fingerprint and the certified data write them:
/// `[date, training_am, training_pm, internship_am, internship_pm, absence]`, in hundredths.
pub(crate) fn day_json(d: &DayHours) -> serde_json::Value {
    serde_json::json!([
        d.date,
        d.training_am.hundredths(),
        d.training_pm.hundredths(),
        d.internship_am.hundredths(),
        d.internship_pm.hundredths(),
        d.absence.hundredths(),
    ])
}

/// «Michelle DUBOIS».
pub(crate) fn beneficiary_name(d: &Dossier) -> String {
    format!(
        "{} {}",
        d.beneficiary_first_name,
        d.beneficiary_last_name.to_uppercase()
    )
}

/// The statuses that ask something of this role.
pub fn pending_statuses(role: Role) -> &'static [MonthStatus] {
    match role {
        Role::Organisation => &[
            MonthStatus::AwaitingEntry,
            MonthStatus::Draft,
            MonthStatus::AwaitingCertification,
            MonthStatus::Contested,
        ],
        Role::Beneficiary => &[MonthStatus::AwaitingBeneficiary],
        Role::Employer => &[MonthStatus::AwaitingEmployer],
        Role::Funder => &[MonthStatus::Certified, MonthStatus::Validated],
        Role::Admin => &[],
    }
}

/// Whom an event of dossier `d` concerns.
pub(crate) fn dossier_subject(d: &Dossier) -> realis_domain::events::EventSubject {
    realis_domain::events::EventSubject {
        funder_id: Some(d.funder_id),
        organisation_id: Some(d.organisation_id),
        dossier_id: Some(d.id),
        period: None,
    }
}

/// Whom an event of the organisation `o` (not of one of its dossiers) concerns.
pub(crate) fn organisation_subject(
    o: &realis_domain::organisation::Organisation,
) -> realis_domain::events::EventSubject {
    realis_domain::events::EventSubject {
        funder_id: Some(o.funder_id),
        organisation_id: Some(o.id),
        ..Default::default()
    }
}

/// Whom an event of the month `period` of dossier `d` concerns.
pub(crate) fn month_subject(
    d: &Dossier,
    period: realis_domain::Period,
) -> realis_domain::events::EventSubject {
    realis_domain::events::EventSubject {
        period: Some(period),
        ..dossier_subject(d)
    }
}
