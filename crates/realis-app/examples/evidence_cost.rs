//! Measures `GET …/evidence` (the month's evidence trail and the chain verdict) at a large audit
//! log: a scratch SQLite database with the demo data and `EVIDENCE_ROWS` (default 100,000) audit
//! rows appended in one transaction. Prints the first call (which signs the first checkpoint),
//! then the median and p90 of 20 calls and the records each one read; asserts nothing.
//!
//! `cargo run -p realis-app --example evidence_cost` (add `--release` for release figures).

use std::time::{Duration, Instant};

use chrono::Utc;
use realis_app::{Actor, App, AppSettings, Clock, HashPool, JwtKeys};
use realis_domain::{Period, Role};
use realis_mail::Mailer;
use realis_store::Database;
use realis_store::audit::{self, AuditEntry};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() {
    let rows: usize = std::env::var("EVIDENCE_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let path = std::env::temp_dir().join(format!("realis-evidence-{}.db", std::process::id()));
    let db = Database::connect(&format!("sqlite:{}?mode=rwc", path.display()))
        .await
        .expect("connect");
    db.migrate().await.expect("migrate");
    let app = App::new(
        db,
        Mailer::memory("Réalis <no-reply@realis.test>").expect("mailer"),
        Clock::System,
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
    println!(
        "{rows} audit rows appended in {:.1} s",
        t.elapsed().as_secs_f64()
    );
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
    println!(
        "first call (no checkpoint yet): {:.1} ms, {} records read",
        t.elapsed().as_secs_f64() * 1000.0,
        e.chain.records_checked
    );
    let mut times = Vec::new();
    let mut read = 0;
    for _ in 0..20 {
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
        "GET …/evidence at {rows} audit rows: median {:.1} ms, p90 {:.1} ms, {read} records read",
        percentile(&times, 0.5).as_secs_f64() * 1000.0,
        percentile(&times, 0.9).as_secs_f64() * 1000.0
    );
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}
