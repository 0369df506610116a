//! Repositories on SQLite always and on PostgreSQL when `REALIS_TEST_POSTGRES_URL` is set
//! (each test its own database).

use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{Duration, TimeZone, Utc};
use realis_domain::outbox::MailPriority;
use realis_store::audit::{self, AuditEntry};
use realis_store::entities::audit_log;
use realis_store::outbox::{self, NewOutboxMail};
use realis_store::users::{self, NewUser};
use realis_store::{Backend, ConnectionTrait, Database, testing, tokens};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde_json::json;

mod chain;

static N: AtomicU32 = AtomicU32::new(0);

/// One fresh database per backend available.
async fn databases() -> Vec<Database> {
    let n = N.fetch_add(1, Ordering::SeqCst);
    let name = format!("realis_store_{}_{n}", std::process::id());
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
    Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0)
        .single()
        .expect("date")
}

fn entry(action: &str) -> AuditEntry {
    AuditEntry {
        action: action.into(),
        object_type: Some("month".into()),
        object_id: Some("7".into()),
        data: json!({ "n": action }),
        ..Default::default()
    }
}

#[tokio::test]
async fn sqlite_is_durable_wal_with_full_sync_and_foreign_keys() {
    let dbs = databases().await;
    let db = &dbs[0];
    assert_eq!(db.backend, Backend::Sqlite);
    assert_eq!(
        db.sqlite_pragma("journal_mode")
            .await
            .expect("pragma")
            .as_deref(),
        Some("wal")
    );
    assert_eq!(
        db.sqlite_pragma("synchronous")
            .await
            .expect("pragma")
            .as_deref(),
        Some("2"),
        "FULL"
    );
    assert_eq!(
        db.sqlite_pragma("foreign_keys")
            .await
            .expect("pragma")
            .as_deref(),
        Some("1")
    );
    let busy = db
        .sqlite_pragma("busy_timeout")
        .await
        .expect("pragma")
        .unwrap_or_default();
    assert!(busy.parse::<u32>().expect("number") >= 5000, "{busy}");
}

#[tokio::test]
async fn migrations_are_idempotent_and_a_newer_database_is_refused() {
    for db in databases().await {
        db.migrate().await.expect("second run is a no-op");
        db.conn
            .execute_unprepared("INSERT INTO seaql_migrations (version, applied_at) VALUES ('m29990101_000000_from_the_future', 0)")
            .await
            .expect("insert");
        let err = db.migrate().await.expect_err("refused");
        assert!(err.to_string().contains("newer"), "{err}");
    }
}

fn key() -> audit::ChainKey {
    audit::ChainKey::new([7; 32])
}

#[tokio::test]
async fn the_audit_chain_verifies_and_points_at_an_altered_row() {
    for db in databases().await {
        let mut ids = Vec::new();
        for (i, a) in ["hours_saved", "prepared", "certified", "validated"]
            .iter()
            .enumerate()
        {
            ids.push(
                audit::append(
                    &db.conn,
                    &key(),
                    entry(a),
                    t0() + Duration::seconds(i as i64),
                )
                .await
                .expect("append")
                .id,
            );
        }
        assert_eq!(
            audit::verify_chain(&db.conn, &key()).await.expect("verify"),
            None
        );
        let row = audit_log::Entity::find_by_id(ids[2])
            .one(&db.conn)
            .await
            .expect("db")
            .expect("row");
        let mut m = row.into_active_model();
        m.action = Set("tampered".into());
        m.update(&db.conn).await.expect("update");
        assert_eq!(
            audit::verify_chain(&db.conn, &key()).await.expect("verify"),
            Some(ids[2])
        );
    }
}

#[tokio::test]
async fn deleting_or_inserting_an_audit_row_breaks_the_chain_there() {
    for db in databases().await {
        let mut ids = Vec::new();
        for a in ["a", "b", "c", "d"] {
            ids.push(
                audit::append(&db.conn, &key(), entry(a), t0())
                    .await
                    .expect("append")
                    .id,
            );
        }
        audit_log::Entity::delete_by_id(ids[1])
            .exec(&db.conn)
            .await
            .expect("delete");
        assert_eq!(
            audit::verify_chain(&db.conn, &key()).await.expect("verify"),
            Some(ids[2]),
            "deletion"
        );
    }
    for db in databases().await {
        let first = audit::append(&db.conn, &key(), entry("a"), t0())
            .await
            .expect("append");
        // A forged row copying a real one's hashes cannot fit in the chain.
        let forged = audit_log::ActiveModel {
            at: Set(first.at),
            action: Set("forged".into()),
            data_hash: Set(first.data_hash.clone()),
            prev_hash: Set(first.hash.clone()),
            hash: Set(first.hash.clone()),
            ..Default::default()
        };
        let forged_id = forged.insert(&db.conn).await.expect("insert").id;
        assert_eq!(
            audit::verify_chain(&db.conn, &key()).await.expect("verify"),
            Some(forged_id),
            "insertion"
        );
    }
}

#[tokio::test]
async fn a_link_token_is_consumed_once_and_not_after_expiry() {
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
        tokens::insert(
            &db.conn,
            u.id,
            "password_reset",
            "h1",
            t0() + Duration::hours(1),
            t0(),
        )
        .await
        .expect("token");
        tokens::insert(
            &db.conn,
            u.id,
            "password_reset",
            "h2",
            t0() + Duration::hours(1),
            t0(),
        )
        .await
        .expect("token");
        assert_eq!(
            tokens::consume(&db.conn, "h1", t0()).await.expect("db"),
            Some((u.id, "password_reset".into()))
        );
        assert_eq!(
            tokens::consume(&db.conn, "h1", t0()).await.expect("db"),
            None,
            "single use"
        );
        assert_eq!(
            tokens::consume(&db.conn, "h2", t0() + Duration::hours(1))
                .await
                .expect("db"),
            None,
            "expired"
        );
        assert_eq!(
            tokens::consume(&db.conn, "nope", t0()).await.expect("db"),
            None
        );
        assert_eq!(
            users::find_by_login(&db.conn, " AB ")
                .await
                .expect("db")
                .map(|u| u.email),
            Some("a@b.fr".into())
        );
    }
}

#[tokio::test]
async fn an_outbox_row_is_claimed_by_one_sender_only() {
    for db in databases().await {
        let id = outbox::enqueue(
            &db.conn,
            NewOutboxMail {
                to: "a@b.fr".into(),
                subject: "s".into(),
                text: "t".into(),
                html: "h".into(),
                priority: MailPriority::Normal,
            },
            t0(),
        )
        .await
        .expect("enqueue");
        let first = outbox::claim_due(&db.conn, t0(), Duration::minutes(2), 10)
            .await
            .expect("claim");
        let second = outbox::claim_due(&db.conn, t0(), Duration::minutes(2), 10)
            .await
            .expect("claim");
        assert_eq!(first.iter().map(|r| r.id).collect::<Vec<_>>(), vec![id]);
        assert!(second.is_empty(), "leased");
        let after_lease = outbox::claim_due(
            &db.conn,
            t0() + Duration::minutes(3),
            Duration::minutes(2),
            10,
        )
        .await
        .expect("claim");
        assert_eq!(after_lease.len(), 1, "a crashed sender's lease expires");
        outbox::mark_sent(&db.conn, id, t0()).await.expect("sent");
        assert!(
            outbox::claim_due(
                &db.conn,
                t0() + Duration::hours(1),
                Duration::minutes(2),
                10
            )
            .await
            .expect("claim")
            .is_empty()
        );
    }
}

#[tokio::test]
async fn an_urgent_mail_leaves_before_the_backlog() {
    for db in databases().await {
        let mail = |to: &str, priority| NewOutboxMail {
            to: to.into(),
            subject: "s".into(),
            text: "t".into(),
            html: "h".into(),
            priority,
        };
        for n in 0..30 {
            outbox::enqueue(
                &db.conn,
                mail(&format!("n{n}@b.fr"), MailPriority::Normal),
                t0(),
            )
            .await
            .expect("enqueue");
        }
        let code = outbox::enqueue(&db.conn, mail("code@b.fr", MailPriority::Urgent), t0())
            .await
            .expect("enqueue");
        let first = outbox::claim_due(&db.conn, t0(), Duration::minutes(2), 20)
            .await
            .expect("claim");
        assert_eq!(first.first().map(|r| r.id), Some(code), "the code first");
        assert_eq!(first[0].priority, MailPriority::Urgent);
        assert_eq!(first[1].to_address, "n0@b.fr", "then the oldest");
    }
}

#[tokio::test]
async fn the_events_journal_reads_back_what_was_appended_in_order() {
    use realis_domain::events::{DomainEvent, EventSubject};
    use realis_domain::{MonthStatus, Period};
    use realis_store::events;
    for db in databases().await {
        let period = Period::parse("2026-10").expect("period");
        let subject = EventSubject {
            funder_id: Some(1),
            organisation_id: Some(2),
            dossier_id: Some(3),
            period: Some(period),
        };
        let txn = db.begin_write().await.expect("begin");
        events::append(
            &txn,
            &DomainEvent::MonthPrepared { version: 4 },
            subject,
            Some(9),
            t0(),
        )
        .await
        .expect("append");
        let other = EventSubject {
            dossier_id: Some(8),
            period: None,
            ..subject
        };
        events::append(
            &txn,
            &DomainEvent::DossierCreated {
                number: "2026-IDF-000108".into(),
                scheme: realis_domain::dossier::Scheme::Ptp,
            },
            other,
            None,
            t0(),
        )
        .await
        .expect("append");
        // Rolled back with its transaction: a change that failed leaves no event.
        drop(txn);
        assert!(
            events::after(&db.conn, 0, None, 10)
                .await
                .expect("read")
                .is_empty()
        );

        let txn = db.begin_write().await.expect("begin");
        for event in [
            DomainEvent::MonthPrepared { version: 4 },
            DomainEvent::MonthValidated {
                by: realis_domain::followup::Validator::Beneficiary,
                status: MonthStatus::Validated,
            },
        ] {
            events::append(&txn, &event, subject, Some(9), t0())
                .await
                .expect("append");
        }
        events::append(
            &txn,
            &DomainEvent::MonthClosed,
            EventSubject {
                dossier_id: Some(8),
                ..subject
            },
            None,
            t0(),
        )
        .await
        .expect("append");
        txn.commit().await.expect("commit");
        let all = events::after(&db.conn, 0, None, 10).await.expect("read");
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].event.kind(), "month.prepared");
        assert_eq!(all[0].subject, subject);
        assert_eq!(all[0].actor_user_id, Some(9));
        assert_eq!(
            all[1].event,
            DomainEvent::MonthValidated {
                by: realis_domain::followup::Validator::Beneficiary,
                status: MonthStatus::Validated,
            }
        );
        let of_dossier = events::after(&db.conn, 0, Some(3), 10).await.expect("read");
        assert_eq!(of_dossier.len(), 2);
        let later = events::after(&db.conn, all[1].id, None, 10)
            .await
            .expect("read");
        assert_eq!(later.len(), 1);
        assert_eq!(later[0].event, DomainEvent::MonthClosed);
    }
}

#[test]
fn each_event_kind_is_its_payload_tag() {
    use realis_domain::events::DomainEvent;
    for event in [
        DomainEvent::DossierCreated {
            number: "N".into(),
            scheme: realis_domain::dossier::Scheme::Vae,
        },
        DomainEvent::HoursSaved {
            status: realis_domain::MonthStatus::Draft,
            version: 2,
        },
        DomainEvent::MonthPrepared { version: 3 },
        DomainEvent::MonthCertified {
            mode: realis_domain::certification::CertificationMode::Online,
            status: realis_domain::MonthStatus::AwaitingBeneficiary,
            verification_code: "C".into(),
        },
        DomainEvent::MonthValidated {
            by: realis_domain::followup::Validator::Employer,
            status: realis_domain::MonthStatus::Validated,
        },
        DomainEvent::MonthContested {
            by: realis_domain::followup::Validator::Beneficiary,
        },
        DomainEvent::MonthReopened { reason: "R".into() },
        DomainEvent::MonthClosed,
        DomainEvent::MonthLockedByPayment { payment_id: 1 },
        DomainEvent::MonthTransmitted { transmission_id: 1 },
        DomainEvent::PaymentRecorded {
            payment_id: 1,
            payment_kind: realis_domain::followup::PaymentKind::Advance,
            period: realis_domain::Period::parse("2026-10").expect("period"),
            amount_cents: 100,
        },
    ] {
        let json = serde_json::to_value(&event).expect("json");
        assert_eq!(json["event"], event.kind(), "{event:?}");
    }
}
