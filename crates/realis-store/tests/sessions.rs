//! The refresh-token repository on SQLite always and on PostgreSQL when
//! `REALIS_TEST_POSTGRES_URL` is set: a token is spent once, one successor per token, a family
//! revoked whole, families past their lifetime purged.

use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{Duration, TimeZone, Utc};
use realis_store::sessions::{self, NewRefresh};
use realis_store::users::{self, NewUser};
use realis_store::{Database, testing};

static N: AtomicU32 = AtomicU32::new(0);

async fn databases() -> Vec<Database> {
    let n = N.fetch_add(1, Ordering::SeqCst);
    let name = format!("realis_sessions_{}_{n}", std::process::id());
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
    Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0)
        .single()
        .expect("date")
}

fn token(family: &str, user_id: i64, parent_id: Option<i64>, hash: &str) -> NewRefresh {
    NewRefresh {
        family: family.into(),
        user_id,
        parent_id,
        token_hash: hash.into(),
        token_version: 1,
        started_at: t0(),
        issued_at: t0(),
        expires_at: t0() + Duration::hours(2),
    }
}

#[tokio::test]
async fn a_refresh_token_is_spent_once_has_one_successor_and_dies_with_its_family() {
    for db in databases().await {
        let u = users::insert(
            &db.conn,
            NewUser {
                email: "a@b.fr".into(),
                identifier: "ab".into(),
                display_name: "A B".into(),
                role: realis_domain::Role::Admin,
                funder_id: None,
                organisation_id: None,
                certifier: false,
                password_hash: None,
            },
            t0(),
        )
        .await
        .expect("user");
        let first = sessions::insert(&db.conn, token("f1", u.id, None, "h1"))
            .await
            .expect("insert");
        assert!(
            sessions::mark_rotated(&db.conn, first.id, t0())
                .await
                .expect("rotate")
        );
        assert!(
            !sessions::mark_rotated(&db.conn, first.id, t0())
                .await
                .expect("again"),
            "spent once"
        );
        let next = sessions::insert(&db.conn, token("f1", u.id, Some(first.id), "h2"))
            .await
            .expect("successor");
        assert!(
            sessions::insert(&db.conn, token("f1", u.id, Some(first.id), "h3"))
                .await
                .is_err(),
            "one successor per token"
        );
        assert!(
            sessions::insert(&db.conn, token("f2", u.id, None, "h2"))
                .await
                .is_err(),
            "hashes are unique"
        );
        let found = sessions::successor(&db.conn, first.id)
            .await
            .expect("query")
            .expect("successor");
        assert_eq!(found.id, next.id);
        sessions::insert(&db.conn, token("f2", u.id, None, "h4"))
            .await
            .expect("another family");
        assert_eq!(
            sessions::revoke_family(&db.conn, "f1", t0())
                .await
                .expect("revoke"),
            2
        );
        assert!(
            !sessions::mark_rotated(&db.conn, next.id, t0())
                .await
                .expect("revoked")
        );
        let other = sessions::find_by_hash(&db.conn, "h4")
            .await
            .expect("query")
            .expect("row");
        assert!(other.revoked_at.is_none(), "another family is untouched");
        assert_eq!(
            sessions::purge_user(&db.conn, u.id, t0())
                .await
                .expect("purge"),
            0
        );
        assert_eq!(
            sessions::purge_user(&db.conn, u.id, t0() + Duration::seconds(1))
                .await
                .expect("purge"),
            3
        );
        assert_eq!(
            sessions::family_size(&db.conn, "f1").await.expect("count"),
            0
        );
    }
}
