//! `Idempotency-Key` claims: one claim per key and user, the answer kept and read back, a
//! release or an expiry frees the key, an abandoned claim is taken over, a late release never
//! frees another request's claim, and parallel claims give one winner. SQLite always,
//! PostgreSQL when `REALIS_TEST_POSTGRES_URL` is set.

use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{DateTime, Duration, TimeZone, Utc};
use realis_store::idempotency::{self, Claim, ClaimRequest, StoredAnswer};
use realis_store::{Database, testing};

static N: AtomicU32 = AtomicU32::new(0);

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 11, 0, 0)
        .single()
        .expect("date")
}

async fn databases() -> Vec<Database> {
    let n = N.fetch_add(1, Ordering::SeqCst);
    let name = format!("realis_idem_{}_{n}", std::process::id());
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

fn request<'a>(
    key: &'a str,
    user_id: i64,
    hash: &'a str,
    owner: &'a str,
    now: DateTime<Utc>,
) -> ClaimRequest<'a> {
    ClaimRequest {
        key,
        user_id,
        request_hash: hash,
        owner,
        now,
        expires_at: now + Duration::hours(24),
        abandoned_before: now - Duration::minutes(5),
    }
}

fn created() -> StoredAnswer {
    StoredAnswer {
        status: 201,
        content_type: Some("application/json".into()),
        headers: vec![
            ("location".into(), "/api/v1/x/1".into()),
            ("etag".into(), "\"1-ab\"".into()),
        ],
        body: "{\"id\":1}".into(),
    }
}

#[tokio::test]
async fn a_key_is_claimed_once_answered_then_replayed() {
    for db in databases().await {
        let c = &db.conn;
        let Claim::Acquired(lease) = idempotency::claim(c, &request("k", 1, "h", "a", t0()))
            .await
            .expect("claim")
        else {
            panic!("first claim");
        };
        assert_eq!(
            idempotency::claim(c, &request("k", 1, "h", "b", t0()))
                .await
                .expect("claim"),
            Claim::InProgress
        );
        assert_eq!(
            idempotency::claim(c, &request("k", 1, "other", "b", t0()))
                .await
                .expect("claim"),
            Claim::Mismatch
        );
        // Another user's key of the same name is another key.
        assert!(matches!(
            idempotency::claim(c, &request("k", 2, "h", "b", t0()))
                .await
                .expect("claim"),
            Claim::Acquired(_)
        ));
        assert!(
            idempotency::complete(c, &lease, &created())
                .await
                .expect("complete")
        );
        let later = t0() + Duration::hours(23);
        assert_eq!(
            idempotency::claim(c, &request("k", 1, "h", "c", later))
                .await
                .expect("claim"),
            Claim::Replay(created())
        );
        // Completed once: a second completion or a release by the first owner changes nothing.
        assert!(
            !idempotency::complete(c, &lease, &created())
                .await
                .expect("complete")
        );
        idempotency::release(c, &lease).await.expect("release");
        assert_eq!(
            idempotency::claim(c, &request("k", 1, "h", "c", later))
                .await
                .expect("claim"),
            Claim::Replay(created())
        );
        // Expired: purged, and claimed afresh (even for another request).
        let day_after = t0() + Duration::hours(24);
        assert_eq!(
            idempotency::purge_expired(c, day_after)
                .await
                .expect("purge"),
            2
        );
        assert!(matches!(
            idempotency::claim(c, &request("k", 1, "other", "d", day_after))
                .await
                .expect("claim"),
            Claim::Acquired(_)
        ));
    }
}

#[tokio::test]
async fn a_release_frees_the_key_and_an_abandoned_claim_is_taken_over() {
    for db in databases().await {
        let c = &db.conn;
        let Claim::Acquired(first) = idempotency::claim(c, &request("r", 1, "h", "a", t0()))
            .await
            .expect("claim")
        else {
            panic!("first claim");
        };
        idempotency::release(c, &first).await.expect("release");
        let Claim::Acquired(second) = idempotency::claim(c, &request("r", 1, "h", "b", t0()))
            .await
            .expect("claim")
        else {
            panic!("claim after release");
        };
        // Still running after 5 minutes: abandoned, a retry takes it over...
        let late = t0() + Duration::minutes(6);
        let Claim::Acquired(third) = idempotency::claim(c, &request("r", 1, "h", "c", late))
            .await
            .expect("claim")
        else {
            panic!("take-over");
        };
        // ...and the abandoned request, if it ever ends, touches nothing of the new claim.
        idempotency::release(c, &second).await.expect("release");
        assert!(
            !idempotency::complete(c, &second, &created())
                .await
                .expect("complete")
        );
        assert_eq!(
            idempotency::claim(c, &request("r", 1, "h", "d", late))
                .await
                .expect("claim"),
            Claim::InProgress
        );
        assert!(
            idempotency::complete(c, &third, &created())
                .await
                .expect("complete")
        );
    }
}

#[tokio::test]
async fn of_parallel_claims_one_wins() {
    for db in databases().await {
        let mut tasks = Vec::new();
        for i in 0..20 {
            let conn = db.conn.clone();
            tasks.push(tokio::spawn(async move {
                let owner = format!("o{i}");
                idempotency::claim(&conn, &request("p", 1, "h", &owner, t0()))
                    .await
                    .expect("claim")
            }));
        }
        let mut won = 0;
        for t in tasks {
            match t.await.expect("task") {
                Claim::Acquired(_) => won += 1,
                Claim::InProgress => {}
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(won, 1);
    }
}
