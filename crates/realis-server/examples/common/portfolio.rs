//! The portfolio the server benchmarks measure, written through `realis_store`: one funder (day
//! granularity), organisations with one OF user each, and dossiers spread over them in turn
//! (dossier `i` to organisation `i % organisations`, ids from 1 in that order), each with the
//! twelve months of 2026, the first `OPEN_MONTHS` awaiting entry.

use anyhow::Context;
use chrono::{NaiveDate, Utc};
use realis_domain::{MonthStatus, Period, Role};
use realis_store::Database;
use realis_store::portfolio::{self, NewDossier, NewOrganisation};
use realis_store::users::{self, NewUser};

/// The password of every seeded user.
pub const PASSWORD: &str = "benchmark-password";
/// Months 1 to this one of 2026 are open for entry (the others are not open yet when seeded).
pub const OPEN_MONTHS: u32 = 10;

/// One organisation: its OF user's login (`of<n>@bench.test`) and its dossiers' ids.
#[derive(Clone, Debug)]
pub struct Seeded {
    pub login: String,
    pub dossiers: Vec<i64>,
}

/// Seeds `dossiers` dossiers over `organisations` organisations, in one transaction.
pub async fn seed(
    db: &Database,
    organisations: usize,
    dossiers: usize,
) -> anyhow::Result<Vec<Seeded>> {
    anyhow::ensure!(organisations > 0, "at least one organisation");
    let now = Utc::now();
    let hash = realis_app::passwords::hash_now(PASSWORD)?;
    let txn = db.begin_write().await?;
    let funder = portfolio::insert_funder(
        &txn,
        "TP Bench",
        "Bench",
        realis_domain::grid::Granularity::Day,
        realis_domain::ValidationSetting::Beneficiary,
        now,
    )
    .await?;
    let user = |email: String, role: Role, organisation_id: Option<i64>| NewUser {
        identifier: email.clone(),
        display_name: email.clone(),
        email,
        role,
        funder_id: None,
        organisation_id,
        certifier: false,
        password_hash: Some(hash.clone()),
    };
    let mut orgs = Vec::new();
    let mut seeded = Vec::new();
    for i in 0..organisations {
        let o = NewOrganisation {
            funder_id: funder.id,
            name: format!("OF Bench {i}"),
            siret: format!("{i:014}"),
            email: format!("of{i}@bench.test"),
            legal_representative: Some("R".into()),
            ..Default::default()
        };
        let org = portfolio::insert_organisation(&txn, o, now).await?;
        let login = format!("of{i}@bench.test");
        users::insert(
            &txn,
            user(login.clone(), Role::Organisation, Some(org.id)),
            now,
        )
        .await?;
        orgs.push(org.id);
        seeded.push(Seeded {
            login,
            dossiers: Vec::new(),
        });
    }
    let employer =
        portfolio::insert_employer(&txn, funder.id, "Employeur", "rh@bench.test", now).await?;
    let ben = users::insert(
        &txn,
        user("ben@bench.test".into(), Role::Beneficiary, None),
        now,
    )
    .await?;
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).context("date")?;
    let end = NaiveDate::from_ymd_opt(2026, 12, 31).context("date")?;
    let months: Vec<(Period, MonthStatus)> = Period::months_of_session(start, end)
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let status = if i < OPEN_MONTHS as usize {
                MonthStatus::AwaitingEntry
            } else {
                MonthStatus::NotOpen
            };
            (p, status)
        })
        .collect();
    for i in 0..dossiers {
        let d = portfolio::insert_dossier(
            &txn,
            NewDossier {
                funder_id: funder.id,
                organisation_id: orgs[i % organisations],
                number: format!("B-{i:06}"),
                beneficiary_user_id: ben.id,
                beneficiary_first_name: format!("Prénom{i}"),
                beneficiary_last_name: format!("Nom{i}"),
                employer_id: employer.id,
                training_title: "Formation".into(),
                session_start: start,
                session_end: end,
                committee_date: None,
                granularity: None,
                scheme: Default::default(),
                training: None,
                external_ref: None,
            },
            now,
        )
        .await?;
        portfolio::insert_months(&txn, d.id, &months, now).await?;
        seeded[i % organisations].dossiers.push(d.id);
    }
    txn.commit().await?;
    Ok(seeded)
}
