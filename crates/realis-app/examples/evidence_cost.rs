//! Measures `GET …/evidence` (the month's evidence trail and the chain verdict, one of the reads
//! of QUALITY P9) at a large audit log: a scratch database (SQLite, or PostgreSQL when
//! `REALIS_BENCH_POSTGRES_URL` is set) with the demo data and `EVIDENCE_ROWS` (default 100,000)
//! audit rows appended in one transaction. Prints the first call (which signs the first
//! checkpoint), then the median and p99 of 200 calls and the records each one read, with their
//! BENCH lines; asserts nothing.
//!
//! `cargo xtask bench` runs it in release; by hand:
//! `cargo run --release -p realis-app --example evidence_cost`.

use std::time::Instant;

use chrono::Utc;
use realis_app::{Actor, App, AppSettings, Clock, HashPool, JwtKeys};
use realis_bench::{Figure, Scratch, env_or, percentile, thousands};
use realis_domain::{Period, Role};
use realis_mail::Mailer;
use realis_store::audit::{self, AuditEntry};

/// Calls measured after the first.
const CALLS: usize = 200;
/// Calls within one minute of the (fixed) clock: fewer than the per-user limit of the endpoint.
const CALLS_PER_MINUTE: usize = 25;

#[tokio::main]
async fn main() {
    let rows: usize = env_or("EVIDENCE_ROWS", 100_000);
    let scratch = Scratch::create().await.expect("scratch database");
    let db_label = scratch.label();
    let app = App::new(
        scratch.db.clone(),
        Mailer::memory("Réalis <no-reply@realis.test>").expect("mailer"),
        // Moved on a minute between groups of calls, for the endpoint's rate limit.
        Clock::fixed(Utc::now()),
        HashPool::new(1),
        JwtKeys::new(vec![42; 32]).expect("secret"),
        AppSettings {
            public_url: "http://127.0.0.1:8080".into(),
            token_ttl_seconds: 3600,
            session: realis_domain::session::SessionPolicy::default(),
        },
    );
    app.load_demo().await.expect("demo");
    let t = Instant::now();
    let txn = app.db.begin_write().await.expect("txn");
    for i in 0..rows {
        let entry = AuditEntry {
            action: "login_succeeded".into(),
            object_type: Some("user".into()),
            object_id: Some((i % 50).to_string()),
            data: serde_json::json!({ "n": i }),
            ..Default::default()
        };
        audit::append(&txn, &app.audit_key, entry, Utc::now())
            .await
            .expect("append");
    }
    txn.commit().await.expect("commit");
    let appended = t.elapsed();
    println!(
        "{rows} audit rows appended in {:.1} s",
        appended.as_secs_f64()
    );
    let at_rows = format!("at {} audit rows", thousands(rows as f64));
    Figure::new(
        "P9",
        db_label,
        format!(
            "{} audit rows appended in one transaction",
            thousands(rows as f64)
        ),
    )
    .seconds(appended)
    .print();
    let of = realis_store::users::find_by_email(&app.db.conn, "of@formapro.test")
        .await
        .expect("db")
        .expect("demo OF");
    let actor = Actor {
        user_id: of.id,
        role: Role::Organisation,
        funder_id: None,
        organisation_id: of.organisation_id,
        key: None,
    };
    let dossier = app
        .list_dossiers(
            &actor,
            &realis_app::dossiers::DossierQuery {
                page: Some(1),
                per_page: Some(1),
                ..Default::default()
            },
        )
        .await
        .expect("dossiers")
        .items
        .into_iter()
        .next()
        .expect("demo dossier");
    let period: Period = app
        .get_dossier(&actor, dossier.id)
        .await
        .expect("dossier")
        .months[0]
        .period;
    // The first call after the bulk insert walks the whole log (there is no checkpoint yet; in
    // production the background job signs one every five minutes) and signs the head.
    let t = Instant::now();
    let e = app
        .month_evidence(&actor, dossier.id, period)
        .await
        .expect("evidence");
    assert!(e.chain_intact);
    let first = t.elapsed();
    println!(
        "first call (no checkpoint yet): {:.1} ms, {} records read",
        first.as_secs_f64() * 1000.0,
        e.chain.records_checked
    );
    Figure::new(
        "P9",
        db_label,
        format!("GET …/evidence {at_rows}, first call (no checkpoint yet)"),
    )
    .seconds(first)
    .note(format!(
        "{} records read",
        thousands(e.chain.records_checked as f64)
    ))
    .print();
    let mut times = Vec::new();
    let mut read = 0;
    for i in 0..CALLS {
        if i % CALLS_PER_MINUTE == CALLS_PER_MINUTE - 1 {
            app.clock.advance(chrono::Duration::minutes(1));
        }
        let t = Instant::now();
        let e = app
            .month_evidence(&actor, dossier.id, period)
            .await
            .expect("evidence");
        assert!(e.chain_intact);
        times.push(t.elapsed());
        read = e.chain.records_checked;
    }
    times.sort();
    println!(
        "GET …/evidence at {rows} audit rows: median {:.1} ms, p99 {:.1} ms, {read} records read",
        percentile(&times, 0.5).as_secs_f64() * 1000.0,
        percentile(&times, 0.99).as_secs_f64() * 1000.0
    );
    Figure::new(
        "P9",
        db_label,
        format!("GET …/evidence {at_rows}, {CALLS} calls"),
    )
    .percentiles(&times)
    .note(format!("{read} records read each"))
    .print();
    drop(app);
    scratch.remove().await.expect("remove the scratch database");
}
