//! Benchmarks QUALITY P1 and P2 on this machine (server and load generator together), on SQLite,
//! or on a fresh PostgreSQL database when `REALIS_BENCH_POSTGRES_URL` is set:
//! - P1: `GET /dashboard` and `GET /dossiers` with 10,000 dossiers / 120,000 months, at 32
//!   connections against a plain-JSON actix endpoint measured in the same run, and at 1
//!   connection;
//! - P2: saving a 31-day grid (version check + audit, durable), closed-loop maximum and p99 at 50/s.
//!
//! Run with `cargo xtask bench` (release build; `BENCH_SECONDS`, default 8, per figure). Prints
//! figures and their BENCH lines; asserts nothing.

#[path = "load_bench/saves.rs"]
mod saves;

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use realis_app::{App, AppSettings, Clock, HashPool, JwtKeys};
use realis_bench::{Figure, Scratch, env_or, percentile, thousands};
use realis_domain::{MonthStatus, Period, Role};
use realis_mail::Mailer;
use realis_server::startup::{WebSettings, start};
use realis_store::portfolio::{self, NewDossier, NewOrganisation};
use realis_store::users::{self, NewUser};
use realis_store::{Backend, ConnectionTrait, Database};
use serde_json::{Value, json};

const DOSSIERS: usize = 10_000;
/// The dossiers are spread over this many organisations; the measured user is the first one's
/// (200 dossiers, 2,400 months: a large OF), the other 9,800 dossiers are there to be skipped.
const ORGANISATIONS: usize = 50;
const MONTHS_PER_DOSSIER: u32 = 12;
const CONNECTIONS: usize = 32;
/// What one measurement gave.
pub struct Run {
    rps: f64,
    p50: Duration,
    p99: Duration,
    errors: usize,
}

impl Run {
    /// The figures of `latencies` (successful requests) and `errors` over `secs`.
    pub fn of(mut latencies: Vec<Duration>, errors: usize, secs: u64) -> Run {
        latencies.sort();
        Run {
            rps: latencies.len() as f64 / secs as f64,
            p50: percentile(&latencies, 0.5),
            p99: percentile(&latencies, 0.99),
            errors,
        }
    }
}

/// `connections` closed-loop workers hitting `url` for `secs`.
async fn hammer(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    secs: u64,
    connections: usize,
) -> Run {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let errors = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (client, url, token, errors) = (
            client.clone(),
            url.to_owned(),
            token.map(str::to_owned),
            errors.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            while Instant::now() < deadline {
                let t = Instant::now();
                let mut req = client.get(&url);
                if let Some(tok) = &token {
                    req = req.bearer_auth(tok);
                }
                match req.send().await {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        lat.push(t.elapsed());
                    }
                    _ => {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
            lat
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap_or_default());
    }
    Run::of(all, errors.load(Ordering::Relaxed), secs)
}

/// Prints the figure's line and its BENCH line; `ceiling` is the plain-JSON rate of the run.
fn show(suite: &str, db: &str, name: &str, r: &Run, ceiling: Option<f64>) {
    let ratio = ceiling
        .map(|c| format!(", {:.1} % of the plain-JSON ceiling", 100.0 * r.rps / c))
        .unwrap_or_default();
    println!(
        "{name:<46} {:>8.0} req/s   p50 {:>6.2} ms   p99 {:>6.2} ms   errors {}{ratio}",
        r.rps,
        r.p50.as_secs_f64() * 1000.0,
        r.p99.as_secs_f64() * 1000.0,
        r.errors
    );
    let figure = Figure::new(suite, db, name)
        .rps(r.rps)
        .p50(r.p50)
        .p99(r.p99)
        .errors(r.errors);
    match ceiling {
        Some(c) => figure.pct_of_ceiling(c, r.rps),
        None => figure,
    }
    .print();
}

async fn seed(db: &Database) -> anyhow::Result<()> {
    let now = Utc::now();
    let hash = realis_app::passwords::hash_now("benchmark-password")?;
    let txn = db.begin_write().await?;
    let funder = portfolio::insert_funder(
        &txn,
        "TP Bench",
        "Bench",
        realis_domain::grid::Granularity::Day,
        realis_domain::ValidationSetting::Beneficiary,
        now,
    )
    .await?;
    let mut orgs = Vec::new();
    for i in 0..ORGANISATIONS {
        let o = NewOrganisation {
            funder_id: funder.id,
            name: format!("OF Bench {i}"),
            siret: format!("{i:014}"),
            email: format!("of{i}@bench.test"),
            legal_representative: Some("R".into()),
            ..Default::default()
        };
        orgs.push(portfolio::insert_organisation(&txn, o, now).await?);
    }
    let org = orgs[0].clone();
    let user = |email: &str, role: Role| NewUser {
        email: email.into(),
        identifier: email.into(),
        display_name: email.into(),
        role,
        funder_id: None,
        organisation_id: None,
        certifier: false,
        password_hash: Some(hash.clone()),
    };
    users::insert(
        &txn,
        NewUser {
            organisation_id: Some(org.id),
            ..user("of@bench.test", Role::Organisation)
        },
        now,
    )
    .await?;
    let employer =
        portfolio::insert_employer(&txn, funder.id, "Employeur", "rh@bench.test", now).await?;
    let ben = users::insert(&txn, user("ben@bench.test", Role::Beneficiary), now).await?;
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let end = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default();
    let months: Vec<(Period, MonthStatus)> = Period::months_of_session(start, end)
        .into_iter()
        .take(MONTHS_PER_DOSSIER as usize)
        .enumerate()
        .map(|(i, p)| {
            (
                p,
                if i < 10 {
                    MonthStatus::AwaitingEntry
                } else {
                    MonthStatus::NotOpen
                },
            )
        })
        .collect();
    for i in 0..DOSSIERS {
        let d = portfolio::insert_dossier(
            &txn,
            NewDossier {
                funder_id: funder.id,
                organisation_id: orgs[i % ORGANISATIONS].id,
                number: format!("B-{i:06}"),
                beneficiary_user_id: ben.id,
                beneficiary_first_name: format!("Prénom{i}"),
                beneficiary_last_name: format!("Nom{i}"),
                employer_id: employer.id,
                training_title: "Formation".into(),
                session_start: start,
                session_end: end,
                committee_date: None,
                granularity: None,
                scheme: Default::default(),
                training: None,
                external_ref: None,
            },
            now,
        )
        .await?;
        portfolio::insert_months(&txn, d.id, &months, now).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The plain actix JSON endpoint, for the ceiling.
fn plain_json_server() -> anyhow::Result<String> {
    use actix_web::{App as HttpApp, HttpResponse, HttpServer, web};
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let server = HttpServer::new(|| {
        HttpApp::new().route(
            "/json",
            web::get().to(|| async { HttpResponse::Ok().json(json!({ "status": "ok" })) }),
        )
    })
    .listen(listener)?
    .run();
    tokio::spawn(server);
    Ok(format!("http://{addr}/json"))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let scratch = Scratch::create().await?;
    let db = scratch.label();
    let t = Instant::now();
    seed(&scratch.db).await?;
    if scratch.db.backend == Backend::Postgres {
        // What autovacuum does within a minute of such a load, done before measuring rather
        // than in the middle of it.
        scratch.db.conn.execute_unprepared("ANALYZE").await?;
    }
    let seeded = t.elapsed();
    let months = DOSSIERS * MONTHS_PER_DOSSIER as usize;
    println!(
        "{db}: seeded {DOSSIERS} dossiers / {months} months over {ORGANISATIONS} organisations in {:.1} s; measuring as the OF of {} dossiers",
        seeded.as_secs_f64(),
        DOSSIERS / ORGANISATIONS
    );
    let what = format!(
        "seeding {} dossiers / {} months (one transaction)",
        thousands(DOSSIERS as f64),
        thousands(months as f64)
    );
    Figure::new("P1", db, what).seconds(seeded).print();
    let mut app = App::new(
        scratch.db.clone(),
        Mailer::memory("bench@realis.test")?,
        Clock::System,
        HashPool::for_this_machine(),
        JwtKeys::new(vec![42u8; 32])?,
        AppSettings {
            public_url: "http://127.0.0.1".into(),
            token_ttl_seconds: 3600,
            session: realis_domain::session::SessionPolicy::default(),
        },
    );
    // One token stands for many users here: the per-session limit still counts every request
    // (its cost is measured) but is set beyond what the run can reach.
    app.rate_limits.per_user_per_minute = 1_000_000_000;
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let running = start(app, listener, WebSettings::default())?;
    let base = format!("http://{}", running.addr);
    tokio::spawn(running.server);
    let ceiling_url = plain_json_server()?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONNECTIONS)
        .build()?;
    let login: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({ "login": "of@bench.test", "password": "benchmark-password" }))
        .send()
        .await?
        .json()
        .await?;
    let token = login["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let secs: u64 = env_or("BENCH_SECONDS", 8);

    println!(
        "\nP1 — {CONNECTIONS} connections, {secs} s each (bar: ≥ 5,000 req/s, p99 ≤ 15 ms, ≥ 15 % of the ceiling)"
    );
    let ceiling = hammer(&client, &ceiling_url, None, secs, CONNECTIONS).await;
    let name = format!("plain actix JSON (ceiling), {CONNECTIONS} connections");
    show("P1", db, &name, &ceiling, None);
    let pages = [
        ("GET /api/v1/dashboard", "/api/v1/dashboard"),
        (
            "GET /api/v1/dossiers (page 1)",
            "/api/v1/dossiers?page=1&per_page=20",
        ),
        (
            "GET /api/v1/dossiers?q=nom4200",
            "/api/v1/dossiers?q=nom4200",
        ),
    ];
    for (name, path) in pages {
        let url = format!("{base}{path}");
        let run = hammer(&client, &url, Some(&token), secs, CONNECTIONS).await;
        let name = format!("{name}, {CONNECTIONS} connections");
        show("P1", db, &name, &run, Some(ceiling.rps));
    }
    println!("\nP1 — 1 connection, {secs} s each (the latency of one user alone)");
    for (name, path) in &pages[..2] {
        let url = format!("{base}{path}");
        let run = hammer(&client, &url, Some(&token), secs, 1).await;
        show("P1", db, &format!("{name}, 1 connection"), &run, None);
    }

    println!("\nP2 — saving a 31-day grid (version check, day rows, audit, durable commit)");
    let max = saves::save_run(&client, &base, &token, secs, 8, None).await;
    show("P2", db, "PUT hours, 8 workers, closed loop", &max, None);
    let paced = saves::save_run(&client, &base, &token, secs, 5, Some(50.0)).await;
    show("P2", db, "PUT hours, paced at 50/s", &paced, None);
    println!("(bar: ≥ 150 saves/s; p99 ≤ 40 ms at 50 saves/s)");
    scratch.remove().await?;
    Ok(())
}
