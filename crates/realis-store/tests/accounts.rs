//! Migration 5 on data written by the released schema, then the account repositories: employer
//! links repaired, certifiers recorded as designated, back-office lists scoped to their tenant.
//! SQLite always, PostgreSQL when `REALIS_TEST_POSTGRES_URL` is set.

use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{TimeZone, Utc};
use realis_domain::Role;
use realis_domain::designation::DesignationStatus;
use realis_migration::{Migrator, MigratorTrait};
use realis_store::portfolio::{self, NewDossier, NewOrganisation};
use realis_store::users::{self, NewUser};
use realis_store::{
    ConnectionTrait, Database, accounts, designations, files, organisations, testing,
};

static N: AtomicU32 = AtomicU32::new(0);

fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0)
        .single()
        .expect("date")
}

/// Fresh databases migrated up to the two released migrations only.
async fn released_schemas() -> Vec<Database> {
    let n = N.fetch_add(1, Ordering::SeqCst);
    let name = format!("realis_accounts_{}_{n}", std::process::id());
    let mut urls = vec![testing::sqlite_url(&name)];
    if let Some(base) = testing::postgres_base_url() {
        urls.push(testing::postgres_url(&base, &name).await);
    }
    let mut out = Vec::new();
    for url in urls {
        let db = Database::connect(&url).await.expect("connect");
        Migrator::up(&db.conn, Some(2))
            .await
            .expect("released migrations");
        out.push(db);
    }
    out
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
async fn the_migration_links_every_employer_of_an_account_and_records_designations() {
    for db in released_schemas().await {
        let c = &db.conn;
        // Funders as the released schema has them (today's repository writes columns added
        // since, such as `website`).
        let idf = testing::insert_released_funder(c, "IDF", "employer", t0()).await;
        let bzh = testing::insert_released_funder(c, "BZH", "employer", t0()).await;
        let with_letter =
            testing::insert_released_organisation(c, idf, "73282932000074", t0()).await;
        let without = testing::insert_released_organisation(c, bzh, "35600000049837", t0()).await;
        // The employer account was linked (the old single column) to the first funder's row only.
        let e1 = portfolio::insert_employer(c, idf, "Pharmaplus", "rh@pharmaplus.test", t0())
            .await
            .expect("e");
        let e2 = portfolio::insert_employer(c, bzh, "Pharmaplus", "RH@pharmaplus.test", t0())
            .await
            .expect("e");
        let rh =
            testing::insert_released_user(c, &account("rh@pharmaplus.test", Role::Employer), t0())
                .await;
        c.execute_unprepared(&format!(
            "UPDATE users SET employer_id = {} WHERE id = {}",
            e1.id, rh
        ))
        .await
        .expect("legacy link");
        let certifier = |email: &str, organisation_id| NewUser {
            organisation_id: Some(organisation_id),
            certifier: true,
            ..account(email, Role::Organisation)
        };
        let a = testing::insert_released_user(c, &certifier("a@of.test", with_letter), t0()).await;
        let b = testing::insert_released_user(c, &certifier("b@of.test", without), t0()).await;
        let plain = testing::insert_released_user(
            c,
            &NewUser {
                certifier: false,
                ..certifier("c@of.test", with_letter)
            },
            t0(),
        )
        .await;
        let file = files::insert(
            c,
            "consent_letter",
            "application/pdf",
            b"%PDF".to_vec(),
            None,
            t0(),
        )
        .await
        .expect("file");
        let letter = organisations::insert_document(
            c,
            with_letter,
            realis_domain::organisation::DocumentKind::ConsentLetter,
            file.id,
            a,
            t0(),
        )
        .await
        .expect("doc");
        organisations::review_document(
            c,
            letter.id,
            realis_domain::organisation::DocumentStatus::Pending,
            realis_domain::organisation::DocumentStatus::Accepted,
            None,
            a,
            t0(),
        )
        .await
        .expect("review");

        db.migrate().await.expect("migration 5 on released data");

        let mut linked = Vec::new();
        for e in [e1.id, e2.id] {
            linked.extend(
                accounts::employer_accounts(c, e)
                    .await
                    .expect("links")
                    .into_iter()
                    .map(|u| (e, u.id)),
            );
        }
        assert_eq!(linked, vec![(e1.id, rh), (e2.id, rh)]);
        let da = designations::current_of_user(c, a)
            .await
            .expect("d")
            .expect("a designated");
        assert_eq!(
            (da.status, da.consent_letter_id),
            (DesignationStatus::Accepted, Some(letter.id))
        );
        let db_ = designations::current_of_user(c, b)
            .await
            .expect("d")
            .expect("b designated");
        assert_eq!(db_.status, DesignationStatus::Pending);
        assert_eq!(
            designations::current_of_user(c, plain).await.expect("d"),
            None
        );
    }
}

#[tokio::test]
async fn a_funders_account_list_holds_its_parties_and_agents_only() {
    for db in released_schemas().await {
        db.migrate().await.expect("migrate");
        let c = &db.conn;
        let idf = portfolio::insert_funder(
            c,
            "IDF",
            "IDF",
            realis_domain::grid::Granularity::Day,
            realis_domain::ValidationSetting::Employer,
            t0(),
        )
        .await
        .expect("f");
        let bzh = portfolio::insert_funder(
            c,
            "BZH",
            "BZH",
            realis_domain::grid::Granularity::Day,
            realis_domain::ValidationSetting::Employer,
            t0(),
        )
        .await
        .expect("f");
        let of = portfolio::insert_organisation(
            c,
            NewOrganisation {
                funder_id: idf.id,
                name: "OF".into(),
                siret: "73282932000074".into(),
                email: "of@of.test".into(),
                ..Default::default()
            },
            t0(),
        )
        .await
        .expect("o");
        let agent = users::insert(
            c,
            NewUser {
                funder_id: Some(idf.id),
                ..account("agent@idf.test", Role::Funder)
            },
            t0(),
        )
        .await
        .expect("u");
        let foreign_agent = users::insert(
            c,
            NewUser {
                funder_id: Some(bzh.id),
                ..account("agent@bzh.test", Role::Funder)
            },
            t0(),
        )
        .await
        .expect("u");
        let staff = users::insert(
            c,
            NewUser {
                organisation_id: Some(of.id),
                ..account("staff@of.test", Role::Organisation)
            },
            t0(),
        )
        .await
        .expect("u");
        let ben = users::insert(c, account("ben@x.test", Role::Beneficiary), t0())
            .await
            .expect("u");
        let other_ben = users::insert(c, account("other@x.test", Role::Beneficiary), t0())
            .await
            .expect("u");
        let rh = users::insert(c, account("rh@x.test", Role::Employer), t0())
            .await
            .expect("u");
        let employer = portfolio::insert_employer(c, idf.id, "E", "rh@x.test", t0())
            .await
            .expect("e");
        accounts::link_employer(c, rh.id, employer.id, t0())
            .await
            .expect("link");
        accounts::link_employer(c, rh.id, employer.id, t0())
            .await
            .expect("a second link is a no-op");
        let session = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).expect("date");
        portfolio::insert_dossier(
            c,
            NewDossier {
                funder_id: idf.id,
                organisation_id: of.id,
                number: "D1".into(),
                beneficiary_user_id: ben.id,
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
        .await
        .expect("dossier");
        dossier_filters_follow_the_domain_rule(c, idf.id, of.id, ben.id, employer.id).await;
        threads_count_what_each_user_has_not_read(c, idf.id, of.id, agent.id, staff.id).await;

        let ids = |rows: Vec<users::UserRow>| rows.into_iter().map(|u| u.id).collect::<Vec<_>>();
        let (total, rows) = accounts::list_for_funder(c, idf.id, None, "", 1, 20)
            .await
            .expect("list");
        let mut all = ids(rows);
        all.sort_unstable();
        assert_eq!((total, all), (3, vec![agent.id, ben.id, rh.id]));
        let (_, rows) = accounts::list_for_funder(c, idf.id, Some(Role::Employer), "", 1, 20)
            .await
            .expect("list");
        assert_eq!(ids(rows), vec![rh.id]);
        let (_, rows) = accounts::list_for_funder(c, idf.id, Some(Role::Organisation), "", 1, 20)
            .await
            .expect("list");
        assert!(rows.is_empty(), "OF staff are not the funder's to disable");
        let (_, rows) = accounts::list_for_funder(c, idf.id, None, "BEN@", 1, 20)
            .await
            .expect("list");
        assert_eq!(ids(rows), vec![ben.id]);
        for (id, expected) in [
            (ben.id, true),
            (rh.id, true),
            (agent.id, true),
            (foreign_agent.id, false),
            (staff.id, false),
            (other_ben.id, false),
        ] {
            let found = accounts::find_for_funder(c, idf.id, id)
                .await
                .expect("find")
                .is_some();
            assert_eq!(found, expected, "user {id}");
        }
        let (total, rows) = accounts::list_agents(c, "", 1, 20).await.expect("agents");
        assert_eq!((total, ids(rows).len()), (2, 2));
    }
}

/// `?scheme=` and `?state=` of «Mes dossiers» in SQL: closed once the session has ended and every
/// month is transmitted (`DossierState::of`), on both backends.
async fn dossier_filters_follow_the_domain_rule(
    c: &impl ConnectionTrait,
    funder_id: i64,
    organisation_id: i64,
    beneficiary: i64,
    employer: i64,
) {
    use realis_domain::dossier::{DossierState, Scheme};
    use realis_domain::{MonthStatus, Period};
    use realis_store::dossiers::{self, DossierFilter};
    use realis_store::portfolio::Scope;
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).expect("date");
    let mut ids = Vec::new();
    for (number, scheme, statuses) in [
        (
            "VAE-SENT",
            Scheme::Vae,
            vec![MonthStatus::Transmitted, MonthStatus::Transmitted],
        ),
        (
            "VAE-OPEN",
            Scheme::Vae,
            vec![MonthStatus::Transmitted, MonthStatus::Validated],
        ),
        ("BILAN", Scheme::Bilan, vec![MonthStatus::Transmitted]),
    ] {
        let d = portfolio::insert_dossier(
            c,
            NewDossier {
                funder_id,
                organisation_id,
                number: number.into(),
                beneficiary_user_id: beneficiary,
                beneficiary_first_name: "B".into(),
                beneficiary_last_name: "B".into(),
                employer_id: employer,
                training_title: "T".into(),
                session_start: day(9, 1),
                session_end: day(10, 30),
                committee_date: None,
                granularity: None,
                scheme,
                training: None,
                external_ref: None,
            },
            t0(),
        )
        .await
        .expect("dossier");
        assert_eq!(d.scheme, scheme, "read back");
        let months: Vec<(Period, MonthStatus)> = statuses
            .into_iter()
            .zip(["2026-09", "2026-10"])
            .map(|(s, p)| (Period::parse(p).expect("period"), s))
            .collect();
        portfolio::insert_months(c, d.id, &months, t0())
            .await
            .expect("months");
        ids.push(d.id);
    }
    let numbers = |filter: DossierFilter| async move {
        let (total, rows) = dossiers::list(c, Scope::Organisation(organisation_id), &filter, 1, 20)
            .await
            .expect("list");
        let mut n: Vec<String> = rows.into_iter().map(|d| d.number).collect();
        n.sort();
        assert_eq!(total as usize, n.len());
        n
    };
    let after = day(12, 1);
    let filter = |scheme, state| DossierFilter {
        scheme,
        state,
        ..Default::default()
    };
    assert_eq!(
        numbers(filter(Some(Scheme::Vae), None)).await,
        vec!["VAE-OPEN", "VAE-SENT"]
    );
    assert_eq!(
        numbers(filter(None, Some((DossierState::Closed, after)))).await,
        vec!["BILAN", "D1", "VAE-SENT"],
        "D1's one-day session ended on 1 September and it has no month left to transmit"
    );
    assert_eq!(
        numbers(filter(
            Some(Scheme::Vae),
            Some((DossierState::InProgress, after))
        ))
        .await,
        vec!["VAE-OPEN"]
    );
    // On the session's last day it is not closed yet.
    assert_eq!(
        numbers(filter(None, Some((DossierState::Closed, day(10, 30))))).await,
        vec!["D1"]
    );
    assert_eq!(
        numbers(filter(None, Some((DossierState::InProgress, after)))).await,
        vec!["VAE-OPEN"]
    );
    let open = dossiers::with_untransmitted_months(c, &ids)
        .await
        .expect("open");
    assert_eq!(open.len(), 1);
    assert_eq!(
        dossiers::schemes_in(c, Scope::Organisation(organisation_id))
            .await
            .expect("schemes"),
        vec![Scheme::Ptp, Scheme::Vae, Scheme::Bilan]
    );
}

/// «Mes échanges» in SQL: unread messages are those of others after the user's read mark, per
/// thread and per scope; the platform's thread of a topic is started once; on both backends.
async fn threads_count_what_each_user_has_not_read(
    c: &impl ConnectionTrait,
    funder_id: i64,
    organisation_id: i64,
    agent: i64,
    staff: i64,
) {
    use realis_domain::conversation::{MessageKind, Topic};
    use realis_store::conversations::{self as threads, NewConversation, NewMessage, ThreadScope};
    let new = |topic| NewConversation {
        funder_id,
        organisation_id,
        dossier_id: None,
        period: None,
        subject: "S".into(),
        topic,
        created_by: None,
    };
    let say = |conversation_id, author: i64, role| NewMessage {
        conversation_id,
        kind: MessageKind::Message,
        author_user_id: Some(author),
        author_role: Some(role),
        body: "x".into(),
    };
    let a = threads::create(c, new(None), t0()).await.expect("thread");
    let m1 = threads::add_message(c, say(a.id, staff, Role::Organisation), t0())
        .await
        .expect("m");
    threads::add_message(c, say(a.id, agent, Role::Funder), t0())
        .await
        .expect("m");
    let m3 = threads::add_message(c, say(a.id, agent, Role::Funder), t0())
        .await
        .expect("m");
    let of = ThreadScope::Organisation(organisation_id);
    let tp = ThreadScope::Funder(funder_id);
    let counts = threads::unread_counts(c, staff, &[a.id])
        .await
        .expect("counts");
    assert_eq!(
        counts.get(&a.id),
        Some(&2),
        "the agent's two, not one's own"
    );
    assert_eq!(
        threads::unread_counts(c, agent, &[a.id])
            .await
            .expect("c")
            .get(&a.id),
        Some(&1)
    );
    assert_eq!(threads::unread_threads(c, of, staff).await.expect("n"), 1);
    threads::mark_read(c, a.id, staff, m3.id, t0())
        .await
        .expect("read");
    // A mark never goes back.
    threads::mark_read(c, a.id, staff, m1.id, t0())
        .await
        .expect("read");
    assert_eq!(threads::unread_threads(c, of, staff).await.expect("n"), 0);
    assert!(
        threads::unread_counts(c, staff, &[a.id])
            .await
            .expect("c")
            .is_empty()
    );
    assert_eq!(threads::unread_threads(c, tp, agent).await.expect("n"), 1);
    assert_eq!(
        threads::unread_threads(c, ThreadScope::Funder(funder_id + 1000), agent)
            .await
            .expect("n"),
        0
    );
    // The documents thread: one per organisation however often it is asked for.
    let d1 = threads::find_or_start_topic(c, new(Some(Topic::OrganisationDocuments)), t0())
        .await
        .expect("topic");
    let d2 = threads::find_or_start_topic(c, new(Some(Topic::OrganisationDocuments)), t0())
        .await
        .expect("topic");
    assert_eq!(d1.id, d2.id);
    let (total, _) = threads::list(c, of, None, 1, 20).await.expect("list");
    assert_eq!(total, 2);
}
