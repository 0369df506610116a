//! Benchmark P3-10y: ten years of one national deployment on PostgreSQL (issue «National scale»):
//! 18 funders, ~1,500 organisations (a few large, many small), 200,000 dossiers, 2,400,000 months,
//! a certificate per certified month and 20,000,000 audit records, then the latency of the main
//! reads over one warm connection (bar: p99 ≤ 50 ms each).
//!
//! Runs only when `REALIS_BENCH_POSTGRES_URL` is set (a server where it may create a database);
//! `BENCH_TEN_YEAR_SCALE` (default 1.0) scales every count (0.05 to try it). The data set is
//! written with set-based SQL into a fresh database `realis_ten_year_<pid>`, dropped at the end
//! unless `BENCH_TEN_YEAR_KEEP=1`; `BENCH_TEN_YEAR_DB=<name>` measures a kept one again (same
//! scale). `BENCH_TEN_YEAR_REQUESTS` (default 250) requests per endpoint; `BENCH_TEN_YEAR_ONLY=<text>`
//! measures only the endpoints whose name contains it. Prints figures and
//! `BENCH {json}` lines; asserts nothing.

use std::net::TcpListener;
use std::time::Instant;

use chrono::Utc;
use realis_app::App;
use realis_server::startup::{WebSettings, start};
use realis_store::{ConnectionTrait, Database};
use serde_json::{Value, json};

#[path = "ten_year_bench/audit_rows.rs"]
mod audit_rows;
#[path = "shared/bench_app.rs"]
mod bench_app;
#[path = "ten_year_bench/generate.rs"]
mod generate;
#[path = "ten_year_bench/measure.rs"]
mod measure;
#[path = "ten_year_bench/plan.rs"]
mod plan;
#[path = "ten_year_bench/tail.rs"]
mod tail;

use plan::{EXTRA_OF_USERS, LAST_NAMES, Plan};

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

async fn rows(db: &Database, sql: &str) -> anyhow::Result<Vec<sea_orm::QueryResult>> {
    Ok(db
        .conn
        .query_all(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            sql.to_owned(),
        ))
        .await?)
}

async fn one_i64(db: &Database, sql: &str) -> anyhow::Result<i64> {
    let r = rows(db, sql).await?;
    let first = r.first().ok_or_else(|| anyhow::anyhow!("no row: {sql}"))?;
    Ok(first.try_get_by_index::<i64>(0)?)
}

/// The database's size and its largest tables.
async fn sizes(db: &Database) -> anyhow::Result<()> {
    let total = one_i64(db, "SELECT pg_database_size(current_database())").await?;
    println!("database size: {:.2} GB", total as f64 / 1e9);
    for r in rows(db, "SELECT c.relname::text AS name, c.reltuples::bigint AS n, pg_total_relation_size(c.oid) AS bytes \
        FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace \
        WHERE s.nspname = 'public' AND c.relkind = 'r' ORDER BY 3 DESC LIMIT 8").await?
    {
        let (name, n, bytes): (String, i64, i64) =
            (r.try_get("", "name")?, r.try_get("", "n")?, r.try_get("", "bytes")?);
        println!("  {name:<16} {n:>12} rows {:>9.2} GB (with indexes)", bytes as f64 / 1e9);
    }
    Ok(())
}

async fn login(client: &reqwest::Client, base: &str, login: &str) -> anyhow::Result<String> {
    let v: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({ "login": login, "password": tail::PASSWORD }))
        .send()
        .await?
        .json()
        .await?;
    v["access_token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("login {login} failed: {v}"))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let Some(server) = env("REALIS_BENCH_POSTGRES_URL") else {
        println!(
            "P3-10y ten-year bench: skipped (set REALIS_BENCH_POSTGRES_URL to a PostgreSQL server)"
        );
        return Ok(());
    };
    let _ = rustls::crypto::ring::default_provider().install_default();
    let scale: f64 = env("BENCH_TEN_YEAR_SCALE")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let requests: usize = env("BENCH_TEN_YEAR_REQUESTS")
        .and_then(|s| s.parse().ok())
        .unwrap_or(250);
    let reuse = env("BENCH_TEN_YEAR_DB");
    let keep = reuse.is_some() || env("BENCH_TEN_YEAR_KEEP").as_deref() == Some("1");
    let name = reuse
        .clone()
        .unwrap_or_else(|| format!("realis_ten_year_{}", std::process::id()));
    let (prefix, _) = server
        .rsplit_once('/')
        .ok_or_else(|| anyhow::anyhow!("a database URL with a path"))?;
    let admin = Database::connect(&server).await?;
    if reuse.is_none() {
        admin
            .conn
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await?;
    }
    let db = Database::connect(&format!("{prefix}/{name}")).await?;
    db.migrate().await?;
    let plan = Plan::new(scale, Utc::now().date_naive());
    let mut app = bench_app::bench_app(db.clone())?;
    println!(
        "P3-10y — database {name}, scale {scale}: {} funders, {} organisations (largest {} dossiers), {} dossiers, {} months, {} audit records",
        plan.funders,
        plan.organisations,
        plan.org_sizes.first().copied().unwrap_or(0),
        plan.dossiers,
        plan.dossiers * plan::MONTHS,
        plan.audit_rows
    );
    let result = generate_and_run(&mut app, &db, &plan, reuse.is_none(), requests).await;
    if keep {
        println!("kept database {name}");
    } else {
        admin
            .conn
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await?;
    }
    result
}

/// Writes the data set (unless measuring a kept one again), then measures.
async fn generate_and_run(
    app: &mut App,
    db: &Database,
    plan: &Plan,
    fresh: bool,
    requests: usize,
) -> anyhow::Result<()> {
    let month_id = if fresh {
        let t = Instant::now();
        generate::generate(db, plan).await?;
        let month_id = tail::write(app, plan).await?;
        let generated = t.elapsed().as_secs_f64();
        let t = Instant::now();
        db.conn.execute_unprepared("VACUUM ANALYZE").await?;
        println!(
            "generated in {generated:.0} s; VACUUM ANALYZE {:.0} s",
            t.elapsed().as_secs_f64()
        );
        month_id
    } else {
        one_i64(
            db,
            "SELECT month_id FROM certificates WHERE verification_code = 'BENC-H000-0001'",
        )
        .await?
    };
    sizes(db).await?;
    run(app, db, plan, month_id, requests).await
}

/// Starts the server and measures every endpoint.
async fn run(
    app: &mut App,
    db: &Database,
    plan: &Plan,
    month_id: i64,
    requests: usize,
) -> anyhow::Result<()> {
    // Many requests from one session: the per-session limit still counts them (its cost is
    // measured) but is set beyond what the run reaches.
    app.rate_limits.per_user_per_minute = 1_000_000_000;
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let running = start(app.clone(), listener, WebSettings::default())?;
    let base = format!("http://{}", running.addr);
    tokio::spawn(running.server);
    // One connection: requests go one after the other on a kept-alive socket.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()?;
    let of = vec![login(&client, &base, "of1@bench.test").await?];
    let agent = vec![login(&client, &base, &format!("agent{}@bench.test", 1)).await?];
    // The evidence is limited to 30 requests a minute per user: it rotates over the OF's accounts.
    let mut of_accounts = Vec::new();
    for k in 1..=EXTRA_OF_USERS {
        of_accounts.push(login(&client, &base, &format!("of1-{k}@bench.test")).await?);
    }
    let ev = &rows(
        db,
        &format!("SELECT dossier_id, period FROM months WHERE id = {month_id}"),
    )
    .await?[0];
    let (ev_dossier, ev_period): (i64, String) =
        (ev.try_get("", "dossier_id")?, ev.try_get("", "period")?);
    let month_urls: Vec<String> = rows(
        db,
        &format!(
            "SELECT dossier_id, period FROM months WHERE organisation_id = 1 AND period IN ('{}', '{}') ORDER BY id LIMIT 50",
            Plan::period(plan.current),
            Plan::period(plan.current - 1)
        ),
    )
    .await?
    .iter()
    .filter_map(|r| {
        let (d, p): (i64, String) = (r.try_get("", "dossier_id").ok()?, r.try_get("", "period").ok()?);
        Some(format!("{base}/api/v1/dossiers/{d}/months/{p}"))
    })
    .collect();
    let export = Plan::period(plan.current - 3);
    let search = LAST_NAMES[0];
    let o1_dossiers = plan.org_sizes.first().copied().unwrap_or(0);
    let cases: Vec<(String, Vec<String>, &Vec<String>, String)> = vec![
        (
            "GET /api/v1/dashboard (OF)".into(),
            vec![format!("{base}/api/v1/dashboard")],
            &of,
            format!("largest OF, {o1_dossiers} dossiers"),
        ),
        (
            "GET /api/v1/dashboard (agent)".into(),
            vec![format!("{base}/api/v1/dashboard")],
            &agent,
            "agent of the largest funder".into(),
        ),
        (
            "GET /api/v1/dossiers page 1 (OF)".into(),
            vec![format!("{base}/api/v1/dossiers?page=1&per_page=20")],
            &of,
            "20 per page, with the total".into(),
        ),
        (
            format!("GET /api/v1/dossiers?q={search} (OF)"),
            vec![format!("{base}/api/v1/dossiers?q={search}")],
            &of,
            "search in the largest OF".into(),
        ),
        (
            "GET /api/v1/dossiers/{id}/months/{period} (OF)".into(),
            month_urls,
            &of,
            "50 months of the current and previous periods in turn".into(),
        ),
        (
            "GET …/months/{period}/evidence (OF)".into(),
            vec![format!(
                "{base}/api/v1/dossiers/{ev_dossier}/months/{ev_period}/evidence"
            )],
            &of_accounts,
            "certified month".into(),
        ),
        (
            "GET /api/v1/funder/transmissions/pending (agent)".into(),
            vec![format!("{base}/api/v1/funder/transmissions/pending")],
            &agent,
            "the transmission queue".into(),
        ),
        (
            format!("GET /api/v1/funder/transmissions.csv?from={export}&to={export} (agent)"),
            vec![format!(
                "{base}/api/v1/funder/transmissions.csv?from={export}&to={export}"
            )],
            &agent,
            "one month's export".into(),
        ),
    ];
    println!(
        "\nP3-10y — one connection, warm, {requests} requests each (bar: p99 ≤ {} ms)",
        measure::BAR_MS
    );
    let warm = 20;
    let only = env("BENCH_TEN_YEAR_ONLY");
    for (name, urls, tokens, note) in cases {
        if only.as_ref().is_some_and(|o| !name.contains(o.as_str())) {
            continue;
        }
        let f = measure::measure(&client, &urls, tokens, warm, requests).await;
        let mut note = format!("{note}; {} bytes", f.last_body.len());
        if name.contains("evidence") {
            let v: Value = serde_json::from_slice(&f.last_body).unwrap_or_default();
            note = format!(
                "{note}; chain_intact {}, {} audit rows read",
                v["chain_intact"], v["chain"]["records_checked"]
            );
        }
        if name.contains("pending") {
            let v: Value = serde_json::from_slice(&f.last_body).unwrap_or_default();
            note = format!("{note}; {} months", v.as_array().map_or(0, Vec::len));
        }
        if name.contains(".csv") {
            let lines = f.last_body.iter().filter(|b| **b == b'\n').count();
            note = format!("{note}; {} lines", lines);
        }
        measure::report(&name, &f, &note);
    }
    Ok(())
}
