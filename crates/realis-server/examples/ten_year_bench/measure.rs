//! Latency of one endpoint over one connection, warm: a warm-up pass, then `n` requests in a row.

use std::time::{Duration, Instant};

use serde_json::json;

/// The bar of P3: p99 at most this, per endpoint.
pub const BAR_MS: f64 = 50.0;

/// One endpoint's figures.
pub struct Figures {
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub errors: usize,
    /// The body of the last successful response.
    pub last_body: Vec<u8>,
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[(((sorted.len() - 1) as f64) * p).round() as usize].as_secs_f64() * 1000.0
}

/// `GET`s `urls[i % len]` with `tokens[i % len]`: `warm` requests unmeasured, then `n` measured.
pub async fn measure(
    client: &reqwest::Client,
    urls: &[String],
    tokens: &[String],
    warm: usize,
    n: usize,
) -> Figures {
    let mut lat = Vec::with_capacity(n);
    let mut errors = 0;
    let mut last_body = Vec::new();
    for i in 0..warm + n {
        let (url, token) = (&urls[i % urls.len()], &tokens[i % tokens.len()]);
        let t = Instant::now();
        let ok = match client.get(url).bearer_auth(token).send().await {
            Ok(r) if r.status().is_success() => match r.bytes().await {
                Ok(b) => {
                    last_body = b.to_vec();
                    true
                }
                Err(_) => false,
            },
            Ok(r) => {
                if errors == 0 {
                    eprintln!("  {url}: {}", r.status());
                }
                false
            }
            Err(_) => false,
        };
        let elapsed = t.elapsed();
        if i >= warm {
            if ok {
                lat.push(elapsed);
            } else {
                errors += 1;
            }
        }
    }
    lat.sort();
    Figures {
        p50_ms: percentile(&lat, 0.5),
        p99_ms: percentile(&lat, 0.99),
        errors,
        last_body,
    }
}

/// Prints the human line and the machine line of one endpoint.
pub fn report(name: &str, f: &Figures, note: &str) {
    let flag = if f.p99_ms > BAR_MS {
        "  OVER THE BAR"
    } else {
        ""
    };
    println!(
        "{name:<52} p50 {:>8.2} ms   p99 {:>8.2} ms   errors {}{flag}   {note}",
        f.p50_ms, f.p99_ms, f.errors
    );
    let line = json!({
        "suite": "P3-10y",
        "db": "postgres",
        "name": name,
        "p50_ms": (f.p50_ms * 100.0).round() / 100.0,
        "p99_ms": (f.p99_ms * 100.0).round() / 100.0,
        "errors": f.errors,
        "note": note,
    });
    println!("BENCH {line}");
}
