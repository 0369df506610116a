//! «Mon compte» and the funder's hand on an OF in the store, on SQLite always and on PostgreSQL
//! when `REALIS_TEST_POSTGRES_URL` is set: the profile and the digest choice are saved, a
//! deactivation revokes the tokens and links of that organisation's accounts only, and a
//! correction changes the SIRET and identity but keeps «Je suis certificateur».

use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{Duration, TimeZone, Utc};
use realis_domain::grid::Granularity;
use realis_domain::{Role, ValidationSetting};
use realis_store::organisations::{self, IdentityUpdate};
use realis_store::portfolio::{self, NewOrganisation};
use realis_store::users::{self, NewUser};
use realis_store::{Database, testing, tokens};

static N: AtomicU32 = AtomicU32::new(0);

async fn databases() -> Vec<Database> {
    let n = N.fetch_add(1, Ordering::SeqCst);
    let name = format!("realis_account_settings_{}_{n}", std::process::id());
    let mut urls = vec![testing::sqlite_url(&name)];
    if let Some(base) = testing::postgres_base_url() {
        urls.push(testing::postgres_url(&base, &name).await);
    }
    let mut out = Vec::new();
    for url in urls {
        let db = Database::connect(&url).await.expect("connect");
        db.migrate().await.expect("migrations run from empty");
        out.push(db);
    }
    out
}

fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 8, 0, 0)
        .single()
        .expect("date")
}

async fn organisation(db: &Database, funder_id: i64, siret: &str) -> i64 {
    portfolio::insert_organisation(
        &db.conn,
        NewOrganisation {
            funder_id,
            name: format!("OF {siret}"),
            siret: siret.into(),
            email: format!("{siret}@of.test"),
            certifier: true,
            ..Default::default()
        },
        t0(),
    )
    .await
    .expect("organisation")
    .id
}

async fn of_user(db: &Database, organisation_id: i64, email: &str) -> users::UserRow {
    users::insert(
        &db.conn,
        NewUser {
            email: email.into(),
            identifier: email.into(),
            display_name: "Sophie Bernard".into(),
            role: Role::Organisation,
            funder_id: None,
            organisation_id: Some(organisation_id),
            certifier: false,
            password_hash: Some("$argon2id$x".into()),
        },
        t0(),
    )
    .await
    .expect("user")
}

#[tokio::test]
async fn a_new_account_gets_the_digest_and_its_profile_choice_is_saved() {
    for db in databases().await {
        let funder = portfolio::insert_funder(
            &db.conn,
            "TP",
            "IDF",
            Granularity::Day,
            ValidationSetting::Beneficiary,
            t0(),
        )
        .await
        .expect("funder");
        let org = organisation(&db, funder.id, "73282932000074").await;
        let u = of_user(&db, org, "a@of.test").await;
        assert!(u.daily_digest && u.receives_daily_digest());
        users::set_profile(&db.conn, u.id, "Sophie Bernard-Martin", false, t0())
            .await
            .expect("profile");
        let u = users::find_by_id(&db.conn, u.id)
            .await
            .expect("read")
            .expect("user");
        assert_eq!(u.display_name, "Sophie Bernard-Martin");
        assert!(!u.daily_digest && !u.receives_daily_digest());
    }
}

#[tokio::test]
async fn deactivating_revokes_the_tokens_and_links_of_that_organisation_only() {
    for db in databases().await {
        let funder = portfolio::insert_funder(
            &db.conn,
            "TP",
            "IDF",
            Granularity::Day,
            ValidationSetting::Beneficiary,
            t0(),
        )
        .await
        .expect("funder");
        let org = organisation(&db, funder.id, "73282932000074").await;
        let other = organisation(&db, funder.id, "35600000049837").await;
        let a = of_user(&db, org, "a@of.test").await;
        let b = of_user(&db, org, "b@of.test").await;
        let c = of_user(&db, other, "c@other.test").await;
        for u in [&a, &c] {
            tokens::insert(
                &db.conn,
                u.id,
                "password_reset",
                &format!("h{}", u.id),
                t0() + Duration::hours(1),
                t0(),
            )
            .await
            .expect("link");
        }
        assert_eq!(
            users::revoke_organisation(&db.conn, org, t0())
                .await
                .expect("revoke"),
            2
        );
        organisations::set_deactivated(&db.conn, org, Some(t0()), t0())
            .await
            .expect("deactivate");
        for (u, version) in [(&a, 2), (&b, 2), (&c, 1)] {
            let now = users::find_by_id(&db.conn, u.id)
                .await
                .expect("read")
                .expect("user");
            assert_eq!(now.token_version, version, "{}", u.email);
        }
        let live = |h: String| {
            let db = &db;
            async move { tokens::find_live(&db.conn, &h, t0()).await.expect("find") }
        };
        assert_eq!(live(format!("h{}", a.id)).await, None, "voided");
        assert_eq!(
            live(format!("h{}", c.id)).await,
            Some(c.id),
            "another OF's link lives"
        );
        let o = portfolio::find_organisation(&db.conn, org)
            .await
            .expect("read")
            .expect("org");
        assert_eq!(o.deactivated_at, Some(t0()));
        assert!(!o.is_active());
        assert!(
            portfolio::find_organisation(&db.conn, other)
                .await
                .expect("read")
                .expect("org")
                .is_active()
        );
        organisations::set_deactivated(&db.conn, org, None, t0())
            .await
            .expect("reactivate");
        let o = portfolio::find_organisation(&db.conn, org)
            .await
            .expect("read")
            .expect("org");
        assert!(o.is_active());
    }
}

#[tokio::test]
async fn a_correction_changes_the_siret_and_identity_but_keeps_the_certifier_choice() {
    for db in databases().await {
        let funder = portfolio::insert_funder(
            &db.conn,
            "TP",
            "IDF",
            Granularity::Day,
            ValidationSetting::Beneficiary,
            t0(),
        )
        .await
        .expect("funder");
        let org = organisation(&db, funder.id, "73282932000074").await;
        let before = portfolio::find_organisation(&db.conn, org)
            .await
            .expect("read")
            .expect("org");
        let after = organisations::correct_identity(
            &db.conn,
            org,
            before.version,
            "35600000049837",
            IdentityUpdate {
                name: "OF corrigé".into(),
                email: "contact@of.test".into(),
                city: Some("Lyon".into()),
                certifier: before.certifier,
                ..Default::default()
            },
            t0() + Duration::minutes(1),
        )
        .await
        .expect("correct")
        .expect("at its version");
        assert_eq!(after.siret, "35600000049837");
        assert_eq!(after.name, "OF corrigé");
        assert_eq!(after.city.as_deref(), Some("Lyon"));
        assert!(after.certifier);
        assert_eq!(after.version, before.version + 1);
        assert_eq!(
            organisations::find_by_siret(&db.conn, funder.id, "35600000049837")
                .await
                .expect("find")
                .map(|o| o.id),
            Some(org)
        );
    }
}
