//! A funder's queues read across its organisations: the documents awaiting review (the agent's
//! dashboard) and the months in given statuses (transmission queue, export). On SQLite always and
//! on PostgreSQL when `REALIS_TEST_POSTGRES_URL` is set.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use realis_domain::dossier::Scheme;
use realis_domain::grid::Granularity;
use realis_domain::organisation::{DocumentKind, DocumentStatus};
use realis_domain::{MonthStatus, Period, Role, ValidationSetting};
use realis_store::portfolio::{self, NewDossier, NewOrganisation};
use realis_store::users::{self, NewUser};
use realis_store::{Database, files, followup, organisations, testing};

async fn databases(test: &str) -> Vec<Database> {
    let name = format!("realis_funder_queues_{}_{test}", std::process::id());
    let mut urls = vec![testing::sqlite_url(&name)];
    if let Some(base) = testing::postgres_base_url() {
        urls.push(testing::postgres_url(&base, &name).await);
    }
    let mut out = Vec::new();
    for url in urls {
        let db = Database::connect(&url).await.expect("connect");
        db.migrate().await.expect("migrate");
        out.push(db);
    }
    out
}

fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0)
        .single()
        .expect("date")
}

/// Two funders; the first has organisations 0 and 1, the second organisation 2. Returns the
/// funder ids, the organisation ids and a user id.
async fn tenants(db: &Database) -> ([i64; 2], [i64; 3], i64) {
    let mut funders = [0; 2];
    for (i, f) in funders.iter_mut().enumerate() {
        *f = portfolio::insert_funder(
            &db.conn,
            &format!("TP {i}"),
            "R",
            Granularity::Day,
            ValidationSetting::Beneficiary,
            t0(),
        )
        .await
        .expect("funder")
        .id;
    }
    let mut orgs = [0; 3];
    for (i, o) in orgs.iter_mut().enumerate() {
        let org = NewOrganisation {
            funder_id: funders[i / 2],
            name: format!("OF {i}"),
            siret: format!("{i:014}"),
            email: format!("of{i}@test.fr"),
            ..Default::default()
        };
        *o = portfolio::insert_organisation(&db.conn, org, t0())
            .await
            .expect("organisation")
            .id;
    }
    let user = NewUser {
        email: "u@test.fr".into(),
        identifier: "u@test.fr".into(),
        display_name: "U".into(),
        role: Role::Beneficiary,
        funder_id: None,
        organisation_id: None,
        certifier: false,
        password_hash: None,
    };
    let uid = users::insert(&db.conn, user, t0()).await.expect("user").id;
    (funders, orgs, uid)
}

#[tokio::test]
async fn the_pending_documents_are_the_latest_of_each_kind_of_the_funders_organisations() {
    for db in databases("documents").await {
        let ([a, b], [o0, o1, o2], uid) = tenants(&db).await;
        let file = files::insert(&db.conn, "doc", "application/pdf", vec![1], None, t0())
            .await
            .expect("file")
            .id;
        let upload = |org: i64, kind: DocumentKind, minutes: i64| {
            let db = db.clone();
            async move {
                organisations::insert_document(
                    &db.conn,
                    org,
                    kind,
                    file,
                    uid,
                    t0() + Duration::minutes(minutes),
                )
                .await
                .expect("upload")
                .id
            }
        };
        // OF 0: a Kbis rejected then sent again; a consent letter sent twice, the first never
        // reviewed; OF 1: a consent letter accepted; OF 2 (other funder): a Kbis pending.
        let rejected = upload(o0, DocumentKind::Kbis, 0).await;
        let reviewed = organisations::review_document(
            &db.conn,
            rejected,
            DocumentStatus::Pending,
            DocumentStatus::Rejected,
            Some("illisible".into()),
            uid,
            t0(),
        )
        .await
        .expect("review");
        assert!(reviewed);
        upload(o0, DocumentKind::ConsentLetter, 1).await;
        let letter = upload(o0, DocumentKind::ConsentLetter, 3).await;
        let kbis = upload(o0, DocumentKind::Kbis, 2).await;
        let accepted = upload(o1, DocumentKind::ConsentLetter, 4).await;
        organisations::review_document(
            &db.conn,
            accepted,
            DocumentStatus::Pending,
            DocumentStatus::Accepted,
            None,
            uid,
            t0(),
        )
        .await
        .expect("review");
        upload(o2, DocumentKind::Kbis, 5).await;

        let pending = organisations::pending_documents_for_funder(&db.conn, a)
            .await
            .expect("pending");
        let seen: Vec<(i64, i64)> = pending.iter().map(|(o, d)| (o.id, d.id)).collect();
        assert_eq!(seen, vec![(o0, kbis), (o0, letter)], "oldest upload first");
        let other = organisations::pending_documents_for_funder(&db.conn, b)
            .await
            .expect("pending");
        assert_eq!(other.len(), 1);
        assert_eq!(other[0].0.id, o2);
    }
}

#[tokio::test]
async fn a_funders_months_in_statuses_are_its_own_by_number_then_period() {
    for db in databases("months").await {
        let ([a, b], orgs, uid) = tenants(&db).await;
        let employer = portfolio::insert_employer(&db.conn, a, "E", "e@test.fr", t0())
            .await
            .expect("employer");
        let start = NaiveDate::from_ymd_opt(2026, 9, 1).expect("date");
        let end = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
        let statuses = [
            MonthStatus::Validated,
            MonthStatus::Transmitted,
            MonthStatus::Validated,
        ];
        // Dossiers created in reverse number order, one per organisation (the last of the
        // other funder).
        for (i, org) in orgs.iter().enumerate().rev() {
            let funder = if i < 2 { a } else { b };
            let d = portfolio::insert_dossier(
                &db.conn,
                NewDossier {
                    funder_id: funder,
                    organisation_id: *org,
                    number: format!("D-{i}"),
                    beneficiary_user_id: uid,
                    beneficiary_first_name: "B".into(),
                    beneficiary_last_name: "N".into(),
                    employer_id: employer.id,
                    training_title: "T".into(),
                    session_start: start,
                    session_end: end,
                    committee_date: None,
                    granularity: None,
                    scheme: Scheme::default(),
                    training: None,
                    external_ref: None,
                },
                t0(),
            )
            .await
            .expect("dossier");
            let months: Vec<(Period, MonthStatus)> = Period::months_of_session(start, end)
                .into_iter()
                .zip(statuses)
                .collect();
            portfolio::insert_months(&db.conn, d.id, &months, t0())
                .await
                .expect("months");
        }
        let got = followup::funder_months_in(&db.conn, a, &[MonthStatus::Validated], None)
            .await
            .expect("queue");
        let seen: Vec<(String, String)> = got
            .iter()
            .map(|(m, d)| (d.number.clone(), m.period.to_string()))
            .collect();
        let expected: Vec<(String, String)> = ["D-0", "D-0", "D-1", "D-1"]
            .iter()
            .zip(["2026-09", "2026-11", "2026-09", "2026-11"])
            .map(|(n, p)| ((*n).to_owned(), p.to_owned()))
            .collect();
        assert_eq!(seen, expected);
        let october = followup::funder_months_in(
            &db.conn,
            a,
            &[MonthStatus::Transmitted],
            Some(("2026-10".into(), "2026-10".into())),
        )
        .await
        .expect("export");
        assert_eq!(october.len(), 2);
        assert!(
            october
                .iter()
                .all(|(m, d)| d.funder_id == a && m.status == MonthStatus::Transmitted)
        );
    }
}
