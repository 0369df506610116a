//! Benchmarks QUALITY P6 and P7 against the real release binary (`target/release/realis`, or
//! `REALIS_BENCH_BINARY`; `cargo xtask bench` builds it, this example does not):
//! - P6: cold start (spawn to the first 200 of `/healthz`, on a seeded and migrated database),
//!   idle memory after a few seconds, peak memory under the mixed load;
//! - P7: an open-loop mixed load at 200 requests/s for `BENCH_MIXED_SECONDS` (300): 80 % reads
//!   (dashboard, dossier list, a month, a dossier), 15 % grid saves, 4 % certificate drafts,
//!   1 % logins, latency from each request's scheduled time;
//! - then the same load for `BENCH_KILL_SECONDS` (30) with a SIGKILL of the server in the
//!   middle and a restart on the same database: every save answered 2xx must read back.
//!
//! SQLite in a temporary directory, or a fresh database on `REALIS_BENCH_POSTGRES_URL` (dropped
//! at the end). E-mails go to files in the temporary directory. Prints figures (and `BENCH {json}`
//! lines); asserts nothing, but a lost write is said loudly.

#[path = "mixed_load/cpu.rs"]
mod cpu;
#[path = "mixed_load/hours.rs"]
mod hours;
#[path = "mixed_load/load.rs"]
mod load;
#[path = "mixed_load/mix.rs"]
mod mix;
#[path = "common/portfolio.rs"]
mod portfolio;
#[path = "mixed_load/report.rs"]
mod report;
#[path = "mixed_load/seed.rs"]
mod seed;
#[path = "mixed_load/server.rs"]
mod server;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::bail;
use serde_json::json;
use tokio::sync::Mutex;

use cpu::Cpu;
use load::{Load, PUT_ALONE};
use report::{KindStats, Stats, bench, round2, show_kinds};
use server::{Memory, Server, rss_kib};

/// Requests per second of the mixed load.
const RATE: f64 = 200.0;
/// How long the server idles before its memory is read.
const IDLE: Duration = Duration::from_secs(5);
/// The read endpoints, reported one by one and together as `reads`.
const READS: [&str; 4] = ["dashboard", "dossier list", "month view", "dossier"];
const ORDER: [&str; 9] = [
    "reads",
    "dashboard",
    "dossier list",
    "month view",
    "dossier",
    "grid save",
    PUT_ALONE,
    "certificate draft",
    "login",
];

fn seconds(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(default)
}

fn binary() -> PathBuf {
    match std::env::var("REALIS_BENCH_BINARY") {
        Ok(p) if !p.trim().is_empty() => PathBuf::from(p),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/release/realis"),
    }
}

fn mib(kib: u64) -> f64 {
    round2(kib as f64 / 1024.0)
}

/// The highest of `samples` in MiB, and the highest of each 30 s.
fn peak(samples: &[u64]) -> (f64, String) {
    let top = samples.iter().copied().max().unwrap_or(0);
    let series: Vec<String> = samples
        .chunks(30)
        .map(|c| format!("{:.0}", mib(c.iter().copied().max().unwrap_or(0))))
        .collect();
    (mib(top), series.join(" "))
}

/// Adds `reads`: the four read endpoints together.
fn with_reads(mut stats: Stats) -> Stats {
    let mut all = KindStats::default();
    for name in READS {
        if let Some(s) = stats.get(name) {
            all.ok.extend(&s.ok);
            all.errors += s.errors;
            all.down += s.down;
        }
    }
    stats.insert("reads", all);
    stats
}

fn verdict(ok: bool) -> &'static str {
    if ok { "within the bar" } else { "OVER THE BAR" }
}

/// When requests failed, what the server logged about it.
fn print_log_errors(server: &Server, errors: usize) {
    if errors > 0 {
        for line in server.log_errors(5) {
            println!("  server log: {line}");
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let binary = binary();
    if !binary.is_file() {
        bail!(
            "no server binary at {} (cargo build --release -p realis-server --bin realis, or set REALIS_BENCH_BINARY)",
            binary.display()
        );
    }
    let dir = std::env::temp_dir().join(format!("realis-mixed-{}", std::process::id()));
    let data = dir.join("data");
    std::fs::create_dir_all(&data)?;
    let postgres = std::env::var("REALIS_BENCH_POSTGRES_URL")
        .ok()
        .filter(|u| !u.trim().is_empty());
    let target = seed::Target::create(&data, postgres).await?;
    let result = bench_all(&binary, &data, &target).await;
    if let Err(e) = target.drop_database().await {
        eprintln!("could not drop the benchmark database: {e}");
    }
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn bench_all(binary: &Path, data: &Path, target: &seed::Target) -> anyhow::Result<()> {
    let db = target.kind;
    let t = Instant::now();
    let seeded = seed::seed(&target.url).await?;
    println!(
        "{db}: seeded {} organisations × {} dossiers × 12 months in {:.1} s; server {}",
        seed::ORGANISATIONS,
        seed::DOSSIERS_PER_ORGANISATION,
        t.elapsed().as_secs_f64(),
        binary.display()
    );
    let mut server = Server::new(binary, data, &target.url)?;
    let cold = server.start().await?;
    tokio::time::sleep(IDLE).await;
    let idle = rss_kib(server.pid.load(Ordering::Relaxed)).unwrap_or_default();
    println!("\nP6 — the server binary (bar: cold start ≤ 300 ms, idle RSS ≤ 30 MiB)");
    println!(
        "  cold start to healthy          {:>8.1} ms   {}",
        cold.as_secs_f64() * 1000.0,
        verdict(cold <= Duration::from_millis(300))
    );
    println!(
        "  idle RSS after {} s             {:>8.1} MiB  {}",
        IDLE.as_secs(),
        mib(idle),
        verdict(mib(idle) <= 30.0)
    );
    bench(
        "P6",
        db,
        "cold start to healthy",
        json!({ "seconds": cold.as_secs_f64() }),
    );
    bench("P6", db, "idle memory", json!({ "mem_mb": mib(idle) }));

    let memory = Memory::sample(server.pid.clone());
    let load = Arc::new(Load::new(server.base(), &seeded).await?);
    let server = Arc::new(Mutex::new(server));

    let secs = seconds("BENCH_MIXED_SECONDS", 300);
    println!(
        "\nP7 — open loop at {RATE} req/s for {secs} s over {} OF users (bar: p99 ≤ 100 ms outside logins, 0 errors; RSS ≤ 200 MiB)",
        seed::ORGANISATIONS
    );
    let pid = server.lock().await.pid.load(Ordering::Relaxed);
    let before = Cpu::now(pid, &target.backend_pids().await);
    let phase = load::run(&load, RATE, secs).await;
    let slow = phase.slow_seconds();
    let mut stats = with_reads(phase.stats);
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let cpu = before.describe_until(&Cpu::now(pid, &target.backend_pids().await), cores);
    let (worst, errors) = show_kinds(&mut stats, &ORDER, secs as f64, "P7", db, "mixed ");
    println!("  {slow}");
    println!("  {cpu}");
    let (mem, series) = peak(&memory.take());
    println!(
        "  worst p99 outside logins {worst:.1} ms, errors {errors}: {}",
        verdict(worst <= 100.0 && errors == 0)
    );
    print_log_errors(&*server.lock().await, errors);
    println!(
        "  peak RSS {mem:.1} MiB (sampled every second; highest of each 30 s: {series}): {}",
        verdict(mem <= 200.0)
    );
    bench(
        "P6",
        db,
        "peak memory under mixed load",
        json!({ "mem_mb": mem, "note": cpu }),
    );

    let kill_secs = seconds("BENCH_KILL_SECONDS", 30).max(2);
    println!(
        "\nP7 — kill -9: the same load for {kill_secs} s, SIGKILL at {} s, restart on the same database",
        kill_secs / 2
    );
    let killer = {
        let (load, server) = (load.clone(), server.clone());
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(kill_secs / 2)).await;
            let mut server = server.lock().await;
            load.mark_down(true);
            let killed = Instant::now();
            let acked = load.acked.load(Ordering::Relaxed);
            server.kill9()?;
            let restart = server.start().await?;
            load.mark_down(false);
            anyhow::Ok((acked, restart, killed.elapsed()))
        })
    };
    let phase = load::run(&load, RATE, kill_secs).await;
    let slow = phase.slow_seconds();
    let mut stats = with_reads(phase.stats);
    let (acked_at_kill, restart, down) = killer.await??;
    let (_, errors) = show_kinds(
        &mut stats,
        &ORDER,
        kill_secs as f64,
        "P7",
        db,
        "kill phase ",
    );
    println!("  {slow}");
    print_log_errors(&*server.lock().await, errors);
    let checked = load.verify_all().await;
    let lost = load.lost.load(Ordering::Relaxed);
    let (mem, _) = peak(&memory.take());
    println!(
        "  restart after SIGKILL: healthy {:.0} ms after the spawn, {:.0} ms after the kill",
        restart.as_secs_f64() * 1000.0,
        down.as_secs_f64() * 1000.0
    );
    println!(
        "  {acked_at_kill} saves answered 2xx before the kill; {checked} saved months read back at the end: lost {lost}; errors outside the downtime {errors}; peak RSS {mem:.1} MiB"
    );
    if lost > 0 {
        println!("  !!! {lost} ACKNOWLEDGED SAVES LOST (see LOST WRITE above) !!!");
        eprintln!("!!! {lost} acknowledged saves lost !!!");
    }
    bench(
        "P7",
        db,
        "kill -9 restart to healthy",
        json!({ "seconds": restart.as_secs_f64(), "note": format!("{:.0} ms from the kill", down.as_secs_f64() * 1000.0) }),
    );
    bench(
        "P7",
        db,
        "kill -9 lost writes",
        json!({ "errors": lost, "note": format!("{acked_at_kill} saves acknowledged before the kill, {checked} months read back") }),
    );
    bench(
        "P6",
        db,
        "peak memory across kill and restart",
        json!({ "mem_mb": mem }),
    );
    server.lock().await.stop().await;
    Ok(())
}
