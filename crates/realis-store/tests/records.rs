//! Rows read back as the domain's records: a month file of a kind no release wrote is
//! `StoreError::Corrupt` (never a silent default), and an identity update keeps what the OF
//! cannot change. SQLite always, PostgreSQL when `REALIS_TEST_POSTGRES_URL` is set.

use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{Duration, TimeZone, Utc};
use realis_domain::certification::MonthFileKind;
use realis_domain::grid::Granularity;
use realis_domain::{MonthStatus, Period, Role, ValidationSetting};
use realis_store::organisations::{self, IdentityUpdate, ImageSlot};
use realis_store::portfolio::{self, NewDossier, NewOrganisation};
use realis_store::users::{self, NewUser};
use realis_store::{
    ConnectionTrait, Database, StoreError, certification, dossiers, external_refs, files, testing,
};
use sea_orm::sea_query::{Alias, Query};

static N: AtomicU32 = AtomicU32::new(0);

fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0)
        .single()
        .expect("date")
}

/// One fresh, migrated database per backend available.
async fn databases() -> Vec<Database> {
    let n = N.fetch_add(1, Ordering::SeqCst);
    let name = format!("realis_records_{}_{n}", std::process::id());
    let mut urls = vec![testing::sqlite_url(&name)];
    if let Some(base) = testing::postgres_base_url() {
        urls.push(testing::postgres_url(&base, &name).await);
    }
    let mut out = Vec::new();
    for url in urls {
        let db = Database::connect(&url).await.expect("connect");
        db.migrate().await.expect("migrations");
        out.push(db);
    }
    out
}

/// A one-day dossier of `organisation_id` under `funder_id`.
fn dossier(
    funder_id: i64,
    organisation_id: i64,
    number: &str,
    ben: i64,
    employer: i64,
) -> NewDossier {
    let session = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).expect("date");
    NewDossier {
        funder_id,
        organisation_id,
        number: number.into(),
        beneficiary_user_id: ben,
        beneficiary_first_name: "B".into(),
        beneficiary_last_name: "B".into(),
        employer_id: employer,
        training_title: "T".into(),
        session_start: session,
        session_end: session,
        committee_date: None,
        granularity: None,
        scheme: Default::default(),
        training: None,
        external_ref: None,
    }
}

/// An organisation, and a month of one of its dossiers; returns (organisation id, month id,
/// beneficiary id).
async fn a_month(c: &impl ConnectionTrait) -> (i64, i64, i64) {
    let funder = portfolio::insert_funder(
        c,
        "IDF",
        "Île-de-France",
        Granularity::Day,
        ValidationSetting::Both,
        t0(),
    )
    .await
    .expect("funder");
    let of = portfolio::insert_organisation(
        c,
        NewOrganisation {
            funder_id: funder.id,
            name: "OF".into(),
            siret: "73282932000074".into(),
            email: "of@of.test".into(),
            ..Default::default()
        },
        t0(),
    )
    .await
    .expect("organisation");
    let ben = users::insert(
        c,
        NewUser {
            email: "ben@x.test".into(),
            identifier: "ben@x.test".into(),
            display_name: "Ben".into(),
            role: Role::Beneficiary,
            funder_id: None,
            organisation_id: None,
            certifier: false,
            password_hash: None,
        },
        t0(),
    )
    .await
    .expect("beneficiary");
    let employer = portfolio::insert_employer(c, funder.id, "E", "rh@x.test", t0())
        .await
        .expect("employer");
    let d = portfolio::insert_dossier(
        c,
        dossier(funder.id, of.id, "D-1", ben.id, employer.id),
        t0(),
    )
    .await
    .expect("dossier");
    let period = Period::parse("2026-09").expect("period");
    portfolio::insert_months(
        c,
        d.id,
        &[(period, MonthStatus::AwaitingCertification)],
        t0(),
    )
    .await
    .expect("months");
    let m = dossiers::find_month(c, d.id, period)
        .await
        .expect("month")
        .expect("found");
    (of.id, m.id, ben.id)
}

#[tokio::test]
async fn a_month_file_of_an_unknown_kind_reads_as_corrupt() {
    for db in databases().await {
        let c = &db.conn;
        let (_, month_id, by) = a_month(c).await;
        let file = files::insert(c, "scan", "application/pdf", b"%PDF".to_vec(), None, t0())
            .await
            .expect("file");
        // A kind no release wrote, stored behind the repository's back.
        let insert = Query::insert()
            .into_table(Alias::new("month_files"))
            .columns(["month_id", "kind", "file_id", "uploaded_by", "created_at"].map(Alias::new))
            .values_panic([
                month_id.into(),
                "scan".into(),
                file.id.into(),
                by.into(),
                t0().into(),
            ])
            .returning_col(Alias::new("id"))
            .to_owned();
        let row = c
            .query_one(c.get_database_backend().build(&insert))
            .await
            .expect("insert")
            .expect("its id");
        let id: i64 = row.try_get("", "id").expect("id");

        let corrupt = |r: Result<_, StoreError>| {
            matches!(
                r,
                Err(StoreError::Corrupt { column: "month_files.kind", ref value }) if value == "scan"
            )
        };
        assert!(corrupt(
            certification::files_of_month(c, month_id).await.map(drop)
        ));
        assert!(corrupt(
            certification::find_month_file(c, month_id, id)
                .await
                .map(drop)
        ));
        // Not removed on the way: the row is still there.
        assert!(corrupt(
            certification::remove_file(c, month_id, id).await.map(drop)
        ));
        assert!(corrupt(
            certification::find_month_file(c, month_id, id)
                .await
                .map(drop)
        ));

        // The kinds a release writes read back as they were written.
        let signed = certification::add_file(
            c,
            month_id,
            MonthFileKind::SignedCertificate,
            file.id,
            by,
            t0(),
        )
        .await
        .expect("add");
        assert_eq!(signed.kind, MonthFileKind::SignedCertificate);
        assert_eq!(signed.certificate_id, None);
    }
}

#[tokio::test]
async fn an_identity_update_bumps_the_version_and_keeps_what_the_of_cannot_change() {
    for db in databases().await {
        let c = &db.conn;
        let (org_id, _, _) = a_month(c).await;
        let logo = files::insert(c, "logo", "image/png", b"png".to_vec(), None, t0())
            .await
            .expect("logo");
        organisations::set_image(c, org_id, ImageSlot::Logo, Some(logo.id), t0())
            .await
            .expect("logo set");
        let before = portfolio::find_organisation(c, org_id)
            .await
            .expect("read")
            .expect("found");
        assert_eq!(before.version, 2, "created at 1, the logo bumps it");
        let later = t0() + Duration::hours(1);
        let after = organisations::update_identity(
            c,
            before.id,
            before.version,
            IdentityUpdate {
                name: "OF renommé".into(),
                email: "contact@of.test".into(),
                city: Some("Paris".into()),
                certifier: true,
                ..Default::default()
            },
            later,
        )
        .await
        .expect("update")
        .expect("at its version");
        assert_eq!(after.version, 3);
        assert_eq!(after.name, "OF renommé");
        assert_eq!(after.email, "contact@of.test");
        assert_eq!(after.city.as_deref(), Some("Paris"));
        assert!(after.certifier);
        assert_eq!(after.updated_at, later);
        assert_eq!(after.siret, before.siret);
        assert_eq!(after.funder_id, before.funder_id);
        assert_eq!(after.logo_file_id, Some(logo.id));
        assert_eq!(after.created_at, before.created_at);
        assert_eq!(
            portfolio::find_organisation(c, org_id)
                .await
                .expect("read")
                .expect("found"),
            after
        );
        // At a version it no longer has, nothing is written.
        let stale = organisations::update_identity(
            c,
            before.id,
            before.version,
            IdentityUpdate {
                name: "Écrasé".into(),
                email: "x@of.test".into(),
                ..Default::default()
            },
            later,
        )
        .await
        .expect("update");
        assert_eq!(stale, None);
        assert_eq!(
            portfolio::find_organisation(c, org_id)
                .await
                .expect("read")
                .expect("found")
                .name,
            "OF renommé"
        );
    }
}

/// «Formations»: a catalogue per organisation, read back as the domain's trainings, changed
/// only by its own organisation; a dossier keeps the training and modality it was created
/// with; a modality no release wrote is `Corrupt`.
#[tokio::test]
async fn trainings_belong_to_their_organisation_and_dossiers_keep_theirs() {
    use realis_domain::Hours;
    use realis_domain::training::{CertificationCode, Modality, TrainingFields};
    use realis_store::trainings;
    for db in databases().await {
        let c = &db.conn;
        let (org_id, _, ben) = a_month(c).await;
        let org = portfolio::find_organisation(c, org_id)
            .await
            .expect("read")
            .expect("found");
        let other = portfolio::insert_organisation(
            c,
            NewOrganisation {
                funder_id: org.funder_id,
                name: "Autre".into(),
                siret: "35600000049837".into(),
                email: "autre@of.test".into(),
                ..Default::default()
            },
            t0(),
        )
        .await
        .expect("other organisation");
        let fields = |title: &str, code: Option<&str>, hours: u32, modality| {
            TrainingFields::parse(title, code, Hours::from_whole(hours), modality).expect("valid")
        };
        let toeic = trainings::insert(
            c,
            org_id,
            &fields("Anglais (TOEIC)", Some("RS5690"), 168, Modality::Distanciel),
            t0(),
        )
        .await
        .expect("insert");
        assert_eq!(toeic.code, CertificationCode::parse("RS5690").ok());
        assert_eq!(toeic.planned_hours, Hours::from_whole(168));
        trainings::insert(
            c,
            org_id,
            &fields("Accueil", None, 35, Modality::Presentiel),
            t0(),
        )
        .await
        .expect("insert");
        trainings::insert(
            c,
            other.id,
            &fields("Soudure", None, 300, Modality::Presentiel),
            t0(),
        )
        .await
        .expect("insert");
        let titles = |ts: Vec<realis_domain::training::Training>| {
            ts.into_iter().map(|t| t.title).collect::<Vec<_>>()
        };
        assert_eq!(
            titles(
                trainings::list_for_organisation(c, org_id)
                    .await
                    .expect("list")
            ),
            vec!["Accueil", "Anglais (TOEIC)"],
            "its own, by title"
        );

        // Another organisation cannot change it.
        let later = t0() + Duration::hours(2);
        let change = fields("Anglais renforcé", Some("RNCP34567"), 200, Modality::Mixte);
        assert_eq!(
            trainings::update(c, other.id, toeic.id, &change, later)
                .await
                .expect("update"),
            None
        );
        assert_eq!(
            trainings::find(c, toeic.id).await.expect("find"),
            Some(toeic.clone()),
            "unchanged"
        );
        let changed = trainings::update(c, org_id, toeic.id, &change, later)
            .await
            .expect("update")
            .expect("its own");
        assert_eq!(
            (changed.title.as_str(), changed.modality, changed.updated_at),
            ("Anglais renforcé", Modality::Mixte, later)
        );
        assert_eq!(
            changed.code.map(|c| c.to_string()),
            Some("RNCP34567".into())
        );
        assert_eq!(changed.created_at, t0());

        // A dossier created from it keeps its id and the modality of the time.
        let employer = portfolio::insert_employer(c, org.funder_id, "E2", "rh2@x.test", t0())
            .await
            .expect("employer");
        let session = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).expect("date");
        let d = portfolio::insert_dossier(
            c,
            NewDossier {
                funder_id: org.funder_id,
                organisation_id: org_id,
                number: "D-T".into(),
                beneficiary_user_id: ben,
                beneficiary_first_name: "B".into(),
                beneficiary_last_name: "B".into(),
                employer_id: employer.id,
                training_title: changed.title.clone(),
                session_start: session,
                session_end: session,
                committee_date: None,
                granularity: None,
                scheme: Default::default(),
                training: Some((changed.id, changed.modality)),
                external_ref: None,
            },
            t0(),
        )
        .await
        .expect("dossier");
        let read = portfolio::find_dossier(c, d.id)
            .await
            .expect("read")
            .expect("found");
        assert_eq!(
            (read.training_id, read.training_modality),
            (Some(changed.id), Some(Modality::Mixte))
        );

        // A modality no release wrote, stored behind the repository's back.
        c.execute_unprepared(&format!(
            "UPDATE trainings SET modality = 'hybride' WHERE id = {}",
            changed.id
        ))
        .await
        .expect("update");
        assert!(matches!(
            trainings::find(c, changed.id).await,
            Err(StoreError::Corrupt { column: "trainings.modality", ref value }) if value == "hybride"
        ));
        c.execute_unprepared(&format!(
            "UPDATE dossiers SET training_modality = 'hybride' WHERE id = {}",
            d.id
        ))
        .await
        .expect("update");
        assert!(matches!(
            portfolio::find_dossier(c, d.id).await,
            Err(StoreError::Corrupt {
                column: "dossiers.training_modality",
                ..
            })
        ));
    }
}

#[tokio::test]
async fn days_employers_files_and_queued_mail_read_back_as_the_domains_records() {
    use realis_domain::Hours;
    use realis_domain::grid::DayHours;
    use realis_store::outbox::{self, NewOutboxMail};

    for db in databases().await {
        let c = &db.conn;
        let (_, month_id, _) = a_month(c).await;
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 9, d).expect("date");
        let half = DayHours {
            date: day(2),
            training_am: Hours::from_hundredths(350),
            training_pm: Hours::from_hundredths(325),
            internship_am: Hours::ZERO,
            internship_pm: Hours::from_whole(1),
            absence: Hours::from_hundredths(25),
        };
        let whole = DayHours::whole(day(1), Hours::from_whole(7), Hours::ZERO, Hours::ZERO);
        dossiers::replace_days(c, month_id, &[half, whole])
            .await
            .expect("days");
        assert_eq!(
            dossiers::days_of_month(c, month_id).await.expect("days"),
            [whole, half],
            "in date order, every hour as written"
        );

        let funder = portfolio::insert_funder(
            c,
            "NAQ",
            "Nouvelle-Aquitaine",
            Granularity::Day,
            ValidationSetting::Both,
            t0(),
        )
        .await
        .expect("funder");
        let employer = portfolio::insert_employer(c, funder.id, "Boulangerie", "rh@b.test", t0())
            .await
            .expect("employer");
        assert_eq!(
            (
                employer.funder_id,
                employer.name.as_str(),
                employer.email.as_str()
            ),
            (funder.id, "Boulangerie", "rh@b.test")
        );
        assert_eq!(
            dossiers::find_employer(c, employer.id).await.expect("find"),
            Some(employer.clone())
        );
        assert_eq!(
            dossiers::find_employer_by_email(c, funder.id, "rh@b.test")
                .await
                .expect("find"),
            Some(employer)
        );

        let file = files::insert(c, "logo", "image/png", b"png".to_vec(), Some(7), t0())
            .await
            .expect("file");
        assert_eq!(
            (file.size_bytes, file.created_by, file.data.as_slice()),
            (3, Some(7), b"png".as_slice())
        );
        assert_eq!(files::get(c, file.id).await.expect("get"), Some(file));

        let id = outbox::enqueue(
            c,
            NewOutboxMail {
                to: "rh@b.test".into(),
                subject: "Objet".into(),
                text: "Texte".into(),
                html: "<p>Texte</p>".into(),
                priority: Default::default(),
            },
            t0(),
        )
        .await
        .expect("queued");
        let due = outbox::claim_due(c, t0(), Duration::minutes(2), 10)
            .await
            .expect("claim");
        assert_eq!(due.len(), 1);
        let mail = &due[0];
        assert_eq!(
            (
                mail.id,
                mail.to_address.as_str(),
                mail.status.as_str(),
                mail.attempts
            ),
            (id, "rh@b.test", "pending", 0)
        );
        assert_eq!(
            (
                mail.subject.as_str(),
                mail.text_body.as_str(),
                mail.html_body.as_str()
            ),
            ("Objet", "Texte", "<p>Texte</p>")
        );
    }
}

#[tokio::test]
async fn an_external_ref_is_unique_per_organisation_and_dossiers_without_one_never_collide() {
    for db in databases().await {
        let c = &db.conn;
        let (_, month_id, ben) = a_month(c).await;
        let month = portfolio::find_month_by_id(c, month_id)
            .await
            .expect("read")
            .expect("month");
        let first = portfolio::find_dossier(c, month.dossier_id)
            .await
            .expect("read")
            .expect("dossier");
        let another = |number: &str, external_ref: Option<&str>| NewDossier {
            funder_id: first.funder_id,
            organisation_id: first.organisation_id,
            number: number.into(),
            beneficiary_user_id: ben,
            beneficiary_first_name: "B".into(),
            beneficiary_last_name: "B".into(),
            employer_id: first.employer_id,
            training_title: "T".into(),
            session_start: first.session_start,
            session_end: first.session_end,
            committee_date: None,
            granularity: None,
            scheme: Default::default(),
            training: None,
            external_ref: external_ref.map(str::to_owned),
        };
        // Two dossiers of the organisation without a reference (NULL twice).
        let second = portfolio::insert_dossier(c, another("D-2", None), t0())
            .await
            .expect("a second dossier without a reference");
        let later = t0() + Duration::hours(1);
        assert!(
            external_refs::set(c, first.id, Some("ERP-1"), later)
                .await
                .expect("set")
        );
        let read = portfolio::find_dossier(c, first.id)
            .await
            .expect("read")
            .expect("dossier");
        assert_eq!(read.external_ref.as_deref(), Some("ERP-1"));
        assert_eq!(read.updated_at, later);
        assert!(
            external_refs::taken(c, first.organisation_id, "ERP-1", Some(second.id))
                .await
                .expect("taken")
        );
        assert!(
            !external_refs::taken(c, first.organisation_id, "ERP-1", Some(first.id))
                .await
                .expect("taken")
        );
        // The index refuses what the use case's check would have missed in a race.
        assert!(
            !external_refs::set(c, second.id, Some("ERP-1"), later)
                .await
                .expect("refused, not an error")
        );
        assert!(
            portfolio::insert_dossier(c, another("D-3", Some("ERP-1")), t0())
                .await
                .is_err()
        );
        // Cleared, it is free again.
        assert!(
            external_refs::set(c, first.id, None, later)
                .await
                .expect("clear")
        );
        assert!(
            external_refs::set(c, second.id, Some("ERP-1"), later)
                .await
                .expect("set")
        );
    }
}

#[tokio::test]
async fn the_pending_months_of_an_organisation_are_its_own_paged_with_their_total() {
    use realis_store::portfolio::{Scope, pending_months};
    for db in databases().await {
        let c = &db.conn;
        let (of1, month1, ben) = a_month(c).await;
        let funder = portfolio::insert_funder(
            c,
            "BZH",
            "Bretagne",
            Granularity::Day,
            ValidationSetting::Both,
            t0(),
        )
        .await
        .expect("funder");
        let of2 = portfolio::insert_organisation(
            c,
            NewOrganisation {
                funder_id: funder.id,
                name: "OF 2".into(),
                siret: "35600000049837".into(),
                email: "of2@of.test".into(),
                ..Default::default()
            },
            t0(),
        )
        .await
        .expect("organisation");
        let employer = portfolio::insert_employer(c, funder.id, "E", "rh@y.test", t0())
            .await
            .expect("employer");
        let mut ids = Vec::new();
        for number in ["D-2", "D-3"] {
            let d = portfolio::insert_dossier(
                c,
                dossier(funder.id, of2.id, number, ben, employer.id),
                t0(),
            )
            .await
            .expect("dossier");
            let periods = ["2026-10", "2026-09"].map(|p| {
                (
                    Period::parse(p).expect("period"),
                    MonthStatus::AwaitingEntry,
                )
            });
            portfolio::insert_months(c, d.id, &periods, t0())
                .await
                .expect("months");
            ids.push(d.id);
        }
        let statuses = [
            MonthStatus::AwaitingEntry,
            MonthStatus::AwaitingCertification,
        ];
        let (total, rows) = pending_months(c, Scope::Organisation(of1), &statuses, 20, 0)
            .await
            .expect("pending");
        assert_eq!(
            (total, rows.len()),
            (1, 1),
            "the other OF's months are not there"
        );
        assert_eq!(rows[0].month_id, month1);
        let (total, rows) = pending_months(c, Scope::Organisation(of2.id), &statuses, 3, 0)
            .await
            .expect("pending");
        assert_eq!(total, 4);
        let order: Vec<(String, i64)> = rows
            .iter()
            .map(|r| (r.period.to_string(), r.dossier_id))
            .collect();
        assert_eq!(
            order,
            [
                ("2026-09".to_owned(), ids[0]),
                ("2026-09".to_owned(), ids[1]),
                ("2026-10".to_owned(), ids[0])
            ],
            "oldest period first, then the older dossier; one page"
        );
        let (total, rows) = pending_months(c, Scope::Organisation(of2.id), &statuses, 3, 6)
            .await
            .expect("pending");
        assert_eq!(
            (total, rows.len()),
            (4, 0),
            "past the last page, still the total"
        );
        let (total, _) = pending_months(c, Scope::Funder(funder.id), &statuses, 20, 0)
            .await
            .expect("pending");
        assert_eq!(total, 4, "the other funder's month is not there");
        let (total, _) = pending_months(c, Scope::Beneficiary(ben), &statuses, 20, 0)
            .await
            .expect("pending");
        assert_eq!(total, 5);
    }
}
