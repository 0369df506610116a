//! Migration 6 on data written by the previous schema: every existing certificate records its
//! funder's setting as the validation flow it follows (#8 item 13), and new certificates store
//! theirs; every existing month gets its dossier's organisation and funder (the dashboard's index). SQLite always, PostgreSQL when `REALIS_TEST_POSTGRES_URL` is set.

use chrono::{TimeZone, Utc};
use realis_domain::{MonthStatus, Role};
use realis_migration::{Migrator, MigratorTrait};
use realis_store::portfolio::{self, NewDossier};
use realis_store::users::NewUser;
use realis_store::{ConnectionTrait, Database, certification, testing};
use sea_orm::sea_query::{Alias, Query};

fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0)
        .single()
        .expect("date")
}

fn account(email: &str, role: Role) -> NewUser {
    NewUser {
        email: email.into(),
        identifier: email.into(),
        display_name: email.into(),
        role,
        funder_id: None,
        organisation_id: None,
        certifier: false,
        password_hash: None,
    }
}

#[tokio::test]
async fn existing_certificates_get_their_funders_current_setting() {
    let name = format!("realis_cert_validations_{}", std::process::id());
    let mut urls = vec![testing::sqlite_url(&name)];
    if let Some(base) = testing::postgres_base_url() {
        urls.push(testing::postgres_url(&base, &name).await);
    }
    for url in urls {
        let db = Database::connect(&url).await.expect("connect");
        Migrator::up(&db.conn, Some(4))
            .await
            .expect("migrations up to 5");
        let c = &db.conn;
        let mut months = Vec::new();
        for (code, setting) in [("IDF", "both"), ("BZH", "none")] {
            // Funders as the schema of the time had them (no `website`).
            let funder_id = testing::insert_released_funder(c, code, setting, t0()).await;
            let of =
                testing::insert_released_organisation(c, funder_id, "73282932000074", t0()).await;
            let ben = testing::insert_released_user(
                c,
                &account(&format!("ben@{code}.test"), Role::Beneficiary),
                t0(),
            )
            .await;
            let employer = portfolio::insert_employer(c, funder_id, "E", "rh@x.test", t0())
                .await
                .expect("e");
            let session = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).expect("date");
            let d_id = testing::insert_released_dossier(
                c,
                &NewDossier {
                    funder_id,
                    organisation_id: of,
                    number: format!("D-{code}"),
                    beneficiary_user_id: ben,
                    beneficiary_first_name: "B".into(),
                    beneficiary_last_name: "B".into(),
                    employer_id: employer.id,
                    training_title: "T".into(),
                    session_start: session,
                    session_end: session,
                    committee_date: None,
                    granularity: None,
                    scheme: Default::default(),
                    training: None,
                    external_ref: None,
                },
                t0(),
            )
            .await;
            let m_id = testing::insert_released_month(
                c,
                d_id,
                "2026-09",
                MonthStatus::AwaitingBeneficiary.as_str(),
                t0(),
            )
            .await;
            // A certificate written by the previous schema (no `validations` column).
            let insert = Query::insert()
                .into_table(Alias::new("certificates"))
                .columns(
                    [
                        "month_id",
                        "mode",
                        "certified_at",
                        "certified_by",
                        "verification_code",
                        "sha256",
                        "data_json",
                    ]
                    .map(Alias::new),
                )
                .values_panic([
                    m_id.into(),
                    "upload".into(),
                    t0().into(),
                    ben.into(),
                    format!("CODE-{code}").into(),
                    "00".into(),
                    "{}".into(),
                ])
                .to_owned();
            c.execute(c.get_database_backend().build(&insert))
                .await
                .expect("legacy certificate");
            months.push((m_id, setting, of, funder_id));
        }

        db.migrate()
            .await
            .expect("migration 6 on existing certificates");

        for (month_id, setting, of, funder_id) in months {
            let cert = certification::current_certificate(&db.conn, month_id)
                .await
                .expect("read")
                .expect("certificate");
            assert_eq!(cert.validations.as_str(), setting, "{url}");
            // The dashboard's scope columns are filled from the dossier.
            let row = db
                .conn
                .query_one(sea_orm::Statement::from_string(
                    db.conn.get_database_backend(),
                    format!("SELECT organisation_id, funder_id FROM months WHERE id = {month_id}"),
                ))
                .await
                .expect("read")
                .expect("month");
            assert_eq!(row.try_get::<i64>("", "organisation_id").ok(), Some(of));
            assert_eq!(row.try_get::<i64>("", "funder_id").ok(), Some(funder_id));
        }
    }
}
