//! Demo data (SPEC §5): one funder, one OF with a certifier and three trainings, three dossiers
//! of Michelle Dubois created from them with planned calendars over past and future months, one
//! beneficiary and one employer.
//! Every account's password is [`DEMO_PASSWORD`]. Dates are relative to today so the demo
//! always has open past months and future ones.

use chrono::{Datelike, Months, NaiveDate, Weekday};
use realis_domain::ValidationSetting;
use realis_domain::audit::AuditAction;
use realis_domain::grid::Granularity;
use realis_domain::holidays::is_working_day;
use realis_domain::training::Modality;
use realis_domain::{HolidayZone, Hours, MonthAction, MonthStatus, Period, Role};
use realis_store::portfolio::{self, NewDossier, NewOrganisation};
use realis_store::users::{self, NewUser};
use serde_json::json;

use crate::auth::passwords::hash_now;
use crate::unit::{Audit, By};
use crate::{App, AppError};

pub const DEMO_PASSWORD: &str = "realis-demo-2026";

/// The demo logins, in the README's order.
pub const DEMO_LOGINS: [(&str, &str); 5] = [
    ("admin@realis.test", "admin"),
    ("agent@tp-idf.test", "funder"),
    ("of@formapro.test", "organisation"),
    ("michelle.dubois@realis.test", "beneficiary"),
    ("rh@pharmaplus.test", "employer"),
];

fn shift(d: NaiveDate, months: i32, day: u32) -> NaiveDate {
    let first = d.with_day(1).unwrap_or(d);
    let moved = if months >= 0 {
        first.checked_add_months(Months::new(months.unsigned_abs()))
    } else {
        first.checked_sub_months(Months::new(months.unsigned_abs()))
    }
    .unwrap_or(first);
    let last = Period::of(moved).last_day().day();
    moved.with_day(day.min(last)).unwrap_or(moved)
}

/// Planned hours (hundredths) per day of a session, from a rule per weekday.
fn planned(
    start: NaiveDate,
    end: NaiveDate,
    rule: impl Fn(Weekday) -> (u32, u32),
) -> Vec<(NaiveDate, u32, u32)> {
    start
        .iter_days()
        .take_while(|d| *d <= end)
        .filter(|d| is_working_day(*d, HolidayZone::Metropole))
        .map(|d| {
            let (t, i) = rule(d.weekday());
            (d, t, i)
        })
        .filter(|(_, t, i)| t + i > 0)
        .collect()
}

impl App {
    /// Loads the demo into an empty database; does nothing (and says so) when data exists.
    pub async fn load_demo(&self) -> Result<bool, AppError> {
        if portfolio::count_funders(&self.db.conn).await? > 0 {
            return Ok(false);
        }
        let now = self.clock.now();
        let today = self.clock.today();
        let hash = hash_now(DEMO_PASSWORD)?;
        let unit = self.unit().await?;
        let user = |email: &str, identifier: &str, name: &str, role: Role| NewUser {
            email: email.to_owned(),
            identifier: identifier.to_owned(),
            display_name: name.to_owned(),
            role,
            funder_id: None,
            organisation_id: None,
            certifier: false,
            password_hash: Some(hash.clone()),
        };
        users::insert(
            unit.tx(),
            user(
                "admin@realis.test",
                "admin",
                "Administration Réalis",
                Role::Admin,
            ),
            now,
        )
        .await?;
        let funder = portfolio::insert_funder(
            unit.tx(),
            "Transitions Pro Île-de-France",
            "Île-de-France",
            Granularity::Day,
            ValidationSetting::Beneficiary,
            now,
        )
        .await?;
        users::insert(
            unit.tx(),
            NewUser {
                funder_id: Some(funder.id),
                ..user(
                    "agent@tp-idf.test",
                    "agent.idf",
                    "Camille Martin",
                    Role::Funder,
                )
            },
            now,
        )
        .await?;
        let of = portfolio::insert_organisation(
            unit.tx(),
            NewOrganisation {
                funder_id: funder.id,
                name: "Formapro Conseil".into(),
                siret: "73282932000074".into(),
                email: "contact@formapro.test".into(),
                address: Some("12 rue des Écoles".into()),
                postal_code: Some("75005".into()),
                city: Some("Paris".into()),
                landline_phone: Some("01 44 00 00 00".into()),
                nda: Some("11755555575".into()),
                legal_representative: Some("Jean Lefèvre".into()),
                certifier: true,
            },
            now,
        )
        .await?;
        let certifier = users::insert(
            unit.tx(),
            NewUser {
                organisation_id: Some(of.id),
                certifier: true,
                ..user(
                    "of@formapro.test",
                    "formapro",
                    "Sophie Bernard",
                    Role::Organisation,
                )
            },
            now,
        )
        .await?;
        // The demo's certifier is effective: its designation is recorded as accepted.
        realis_store::designations::insert_accepted(unit.tx(), of.id, certifier.id, now).await?;
        let employer = portfolio::insert_employer(
            unit.tx(),
            funder.id,
            "Pharmaplus",
            "rh@pharmaplus.test",
            now,
        )
        .await?;
        let employer_account = users::insert(
            unit.tx(),
            user(
                "rh@pharmaplus.test",
                "pharmaplus",
                "Service RH Pharmaplus",
                Role::Employer,
            ),
            now,
        )
        .await?;
        realis_store::accounts::link_employer(unit.tx(), employer_account.id, employer.id, now)
            .await?;
        let michelle = users::insert(
            unit.tx(),
            user(
                "michelle.dubois@realis.test",
                "mdubois",
                "Michelle Dubois",
                Role::Beneficiary,
            ),
            now,
        )
        .await?;

        let dossiers = [
            (
                "2026-IDF-000101",
                "1ère année pharmacie",
                shift(today, -5, 15),
                shift(today, 7, 25),
                shift(today, -6, 16),
                planned(shift(today, -5, 15), shift(today, 7, 25), |_| (700, 0)),
            ),
            (
                "2026-IDF-000102",
                "Préparateur en pharmacie hospitalière",
                shift(today, -2, 3),
                shift(today, 10, 20),
                shift(today, -3, 10),
                planned(shift(today, -2, 3), shift(today, 10, 20), |w| {
                    if w == Weekday::Fri {
                        (0, 700)
                    } else {
                        (700, 0)
                    }
                }),
            ),
            (
                "2026-IDF-000103",
                "Anglais professionnel (TOEIC)",
                shift(today, 1, 5),
                shift(today, 6, 28),
                shift(today, 0, 2),
                planned(shift(today, 1, 5), shift(today, 6, 28), |w| {
                    if matches!(w, Weekday::Tue | Weekday::Thu) {
                        (350, 0)
                    } else {
                        (0, 0)
                    }
                }),
            ),
        ];
        // The OF's «Formations»: each demo dossier was created from one, so the certificate of
        // the one in the centre only has no footnote on distance learning.
        let mut catalogue = Vec::new();
        for (title, code, hours, modality) in [
            ("1ère année pharmacie", None, 1_680, Modality::Presentiel),
            (
                "Préparateur en pharmacie hospitalière",
                Some("RNCP35830"),
                1_200,
                Modality::Mixte,
            ),
            (
                "Anglais professionnel (TOEIC)",
                Some("RS5690"),
                168,
                Modality::Distanciel,
            ),
        ] {
            let fields =
                crate::trainings::checked(title, code, Hours::from_whole(hours), modality)?;
            let t = realis_store::trainings::insert(unit.tx(), of.id, &fields, now).await?;
            catalogue.push(t);
        }
        let current = Period::of(today);
        let opened = MonthStatus::NotOpen.apply(MonthAction::Open)?;
        for (number, title, start, end, committee, days) in dossiers {
            let training = catalogue
                .iter()
                .find(|t| t.title == title)
                .map(|t| (t.id, t.modality));
            // The second dossier is entered per half-day, to show that granularity too.
            let granularity = (number == "2026-IDF-000102").then_some(Granularity::HalfDay);
            let d = portfolio::insert_dossier(
                unit.tx(),
                NewDossier {
                    funder_id: funder.id,
                    organisation_id: of.id,
                    number: number.into(),
                    beneficiary_user_id: michelle.id,
                    beneficiary_first_name: "Michelle".into(),
                    beneficiary_last_name: "Dubois".into(),
                    employer_id: employer.id,
                    training_title: title.into(),
                    session_start: start,
                    session_end: end,
                    committee_date: Some(committee),
                    granularity,
                    scheme: Default::default(),
                    training,
                    external_ref: None,
                },
                now,
            )
            .await?;
            portfolio::insert_planned_days(unit.tx(), d.id, &days).await?;
            let months: Vec<(Period, MonthStatus)> = Period::months_of_session(start, end)
                .into_iter()
                .map(|p| {
                    (
                        p,
                        if p <= current {
                            opened
                        } else {
                            MonthStatus::NotOpen
                        },
                    )
                })
                .collect();
            portfolio::insert_months(unit.tx(), d.id, &months, now).await?;
        }
        unit.audit_by(
            By::Platform,
            Audit::without_object(AuditAction::DemoLoaded).data(json!({ "funder_id": funder.id })),
        )
        .await?;
        unit.commit().await?;
        Ok(true)
    }
}
