//! Benchmarks QUALITY P1 and P2 on this machine (server and load generator together):
//! - P1: `GET /dashboard` and `GET /dossiers` with 10,000 dossiers / 120,000 months on SQLite, at
//!   32 connections, against a plain-JSON actix endpoint measured in the same run;
//! - P2: saving a 31-day grid (version check + audit, durable), closed-loop maximum and p99 at 50/s.
//!
//! Run with `cargo xtask bench` (release build). Prints figures; asserts nothing.

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use realis_domain::{MonthStatus, Period, Role};
use realis_server::startup::{WebSettings, start};
use realis_store::Database;
use realis_store::portfolio::{self, NewDossier, NewOrganisation};
use realis_store::users::{self, NewUser};
use serde_json::{Value, json};

#[path = "shared/bench_app.rs"]
mod bench_app;

const DOSSIERS: usize = 10_000;
/// The dossiers are spread over this many organisations; the measured user is the first one's
/// (200 dossiers, 2,400 months: a large OF), the other 9,800 dossiers are there to be skipped.
const ORGANISATIONS: usize = 50;
const MONTHS_PER_DOSSIER: u32 = 12;
const CONNECTIONS: usize = 32;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[(((sorted.len() - 1) as f64) * p).round() as usize]
}

struct Run {
    rps: f64,
    p50: Duration,
    p99: Duration,
    errors: usize,
}

/// `CONNECTIONS` closed-loop workers hitting `url` for `secs`.
async fn hammer(client: &reqwest::Client, url: &str, token: Option<&str>, secs: u64) -> Run {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let errors = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
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
    all.sort();
    Run {
        rps: all.len() as f64 / secs as f64,
        p50: percentile(&all, 0.5),
        p99: percentile(&all, 0.99),
        errors: errors.load(Ordering::Relaxed),
    }
}

fn show(name: &str, r: &Run, ceiling: Option<f64>) {
    let ratio = ceiling
        .map(|c| format!(", {:.0} % of the plain-JSON ceiling", 100.0 * r.rps / c))
        .unwrap_or_default();
    println!(
        "{name:<34} {:>8.0} req/s   p50 {:>6.2} ms   p99 {:>6.2} ms   errors {}{ratio}",
        r.rps,
        r.p50.as_secs_f64() * 1000.0,
        r.p99.as_secs_f64() * 1000.0,
        r.errors
    );
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
    let dir = std::env::temp_dir().join(format!("realis-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = Database::connect(&format!(
        "sqlite:{}?mode=rwc",
        dir.join("bench.db").display()
    ))
    .await?;
    db.migrate().await?;
    let t = Instant::now();
    seed(&db).await?;
    println!(
        "seeded {DOSSIERS} dossiers / {} months over {ORGANISATIONS} organisations in {:.1} s; measuring as the OF of {} dossiers",
        DOSSIERS * MONTHS_PER_DOSSIER as usize,
        t.elapsed().as_secs_f64(),
        DOSSIERS / ORGANISATIONS
    );
    let mut app = bench_app::bench_app(db)?;
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
    let secs = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);

    println!(
        "\nP1 — {CONNECTIONS} connections, {secs} s each (bar: ≥ 5,000 req/s, p99 ≤ 15 ms, ≥ 15 % of the ceiling)"
    );
    let ceiling = hammer(&client, &ceiling_url, None, secs).await;
    show("plain actix JSON (ceiling)", &ceiling, None);
    let dash = hammer(
        &client,
        &format!("{base}/api/v1/dashboard"),
        Some(&token),
        secs,
    )
    .await;
    show("GET /api/v1/dashboard", &dash, Some(ceiling.rps));
    let list = hammer(
        &client,
        &format!("{base}/api/v1/dossiers?page=1&per_page=20"),
        Some(&token),
        secs,
    )
    .await;
    show("GET /api/v1/dossiers (page 1)", &list, Some(ceiling.rps));
    let search = hammer(
        &client,
        &format!("{base}/api/v1/dossiers?q=nom4200"),
        Some(&token),
        secs,
    )
    .await;
    show("GET /api/v1/dossiers?q=nom4200", &search, Some(ceiling.rps));

    println!("\nP2 — saving a 31-day grid (version check, day rows, audit, durable commit)");
    let days: Vec<Value> = (1..=31).map(|d| json!({ "date": format!("2026-10-{d:02}"), "training": 7, "internship": 0, "absence": 0 })).collect();
    // Every worker owns its own dossiers' October so versions never collide.
    let save_run = |workers: usize, per_second: Option<f64>| {
        let (client, base, token, days) =
            (client.clone(), base.clone(), token.clone(), days.clone());
        async move {
            let deadline = Instant::now() + Duration::from_secs(secs);
            let mut tasks = Vec::new();
            for w in 0..workers {
                let (client, base, token, days) =
                    (client.clone(), base.clone(), token.clone(), days.clone());
                tasks.push(tokio::spawn(async move {
                    let mut lat = Vec::new();
                    let mut errors = 0usize;
                    let mut n = 0usize;
                    let interval = per_second.map(|r| Duration::from_secs_f64(workers as f64 / r));
                    while Instant::now() < deadline {
                        let tick = Instant::now();
                        // Dossiers of the measured OF are 1, 1 + 50, 1 + 100…; each worker owns every `workers`-th one.
                        let dossier = 1 + ORGANISATIONS * (w + workers * (n % (200 / workers)));
                        n += 1;
                        let url = format!("{base}/api/v1/dossiers/{dossier}/months/2026-10");
                        let Ok(m) = client.get(&url).bearer_auth(&token).send().await else {
                            errors += 1;
                            continue;
                        };
                        let Ok(m) = m.json::<Value>().await else {
                            errors += 1;
                            continue;
                        };
                        let t = Instant::now();
                        let res = client
                            .put(format!("{url}/hours"))
                            .bearer_auth(&token)
                            .json(&json!({ "version": m["version"], "days": days }))
                            .send()
                            .await;
                        match res {
                            Ok(r) if r.status().is_success() => lat.push(t.elapsed()),
                            _ => errors += 1,
                        }
                        if let Some(i) = interval {
                            tokio::time::sleep(i.saturating_sub(tick.elapsed())).await;
                        }
                    }
                    (lat, errors)
                }));
            }
            let mut all = Vec::new();
            let mut errors = 0;
            for t in tasks {
                if let Ok((l, e)) = t.await {
                    all.extend(l);
                    errors += e;
                }
            }
            all.sort();
            Run {
                rps: all.len() as f64 / secs as f64,
                p50: percentile(&all, 0.5),
                p99: percentile(&all, 0.99),
                errors,
            }
        }
    };
    let max = save_run(8, None).await;
    show("PUT hours, 8 workers, closed loop", &max, None);
    let paced = save_run(5, Some(50.0)).await;
    show("PUT hours, paced at 50/s", &paced, None);
    println!("(bar: ≥ 150 saves/s; p99 ≤ 40 ms at 50 saves/s)");
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}
