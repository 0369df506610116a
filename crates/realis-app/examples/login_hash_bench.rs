//! Benchmark (QUALITY P3): argon2id hashing time and throughput of the bounded hashing pool.
//! Run with `cargo xtask bench` (argon2 is built at opt-level 3 even in dev builds).

use std::time::Instant;

use realis_app::HashPool;
use realis_bench::{Figure, NO_DATABASE, env_or, peak_mb, percentile};

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
    Figure::new(
        "P3",
        NO_DATABASE,
        "argon2id verification (m=19456 KiB, t=2, p=1), 30 in a row",
    )
    .percentiles(&times)
    .print();
    let n: u32 = env_or("BENCH_LOGINS", 60);
    let t = Instant::now();
    let jobs: Vec<_> = (0..n)
        .map(|_| pool.verify("wrong".to_owned(), phc.clone()))
        .collect();
    for j in jobs {
        assert!(!j.await.expect("verify"));
    }
    let elapsed = t.elapsed();
    let secs = elapsed.as_secs_f64();
    println!(
        "{n} concurrent verifications on a pool of {} thread(s): {:.1} s, {:.1} logins/s",
        pool.threads,
        secs,
        f64::from(n) / secs
    );
    let peak = peak_mb();
    if let Some(mb) = peak {
        println!("peak resident memory of the process: {mb:.0} MB");
    }
    Figure::new(
        "P3",
        NO_DATABASE,
        format!(
            "{n} concurrent verifications, hashing pool of {} thread(s)",
            pool.threads
        ),
    )
    .seconds(elapsed)
    .rps(f64::from(n) / secs)
    .print();
    if let Some(mb) = peak {
        Figure::new("P3", NO_DATABASE, "peak resident memory of the process")
            .mem_mb(mb)
            .print();
    }
}
