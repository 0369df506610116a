//! Benchmark (QUALITY P3): argon2id hashing time and throughput of the bounded hashing pool.
//! Run with `cargo xtask bench` (argon2 is built at opt-level 3 even in dev builds).

use std::time::{Duration, Instant};

use realis_app::HashPool;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() {
    let pool = HashPool::for_this_machine();
    let phc = pool
        .hash("realis-demo-2026".to_owned())
        .await
        .expect("hash");
    let mut times = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let ok = pool
            .verify("realis-demo-2026".to_owned(), phc.clone())
            .await
            .expect("verify");
        assert!(ok);
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "argon2id m=19456 KiB t=2 p=1, one verification: median {:.1} ms, p90 {:.1} ms",
        percentile(&times, 0.5).as_secs_f64() * 1000.0,
        percentile(&times, 0.9).as_secs_f64() * 1000.0
    );
    let n: u32 = std::env::var("BENCH_LOGINS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let t = Instant::now();
    let jobs: Vec<_> = (0..n)
        .map(|_| pool.verify("wrong".to_owned(), phc.clone()))
        .collect();
    for j in jobs {
        assert!(!j.await.expect("verify"));
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{n} concurrent verifications on a pool of {} thread(s): {:.1} s, {:.1} logins/s",
        pool.threads,
        secs,
        f64::from(n) / secs
    );
    if let Ok(status) = std::fs::read_to_string("/proc/self/status")
        && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM"))
    {
        println!(
            "peak resident memory of the process: {}",
            line.trim_start_matches("VmHWM:").trim()
        );
    }
}
