//! What the benchmark examples share. Each figure a benchmark measures is printed, beside its
//! human line, as one machine line `BENCH {json}` ([`Figure::print`]) that `cargo xtask bench`
//! collects into one table. With the `db` feature, [`Scratch`] gives a benchmark its database:
//! SQLite by default, a fresh PostgreSQL database when `REALIS_BENCH_POSTGRES_URL` is set.
//!
//! Only the examples (as a dev-dependency) and the xtask depend on this crate: never the product.

use std::str::FromStr;
use std::time::Duration;

use serde_json::{Map, Value};

#[cfg(feature = "db")]
mod scratch;
#[cfg(feature = "db")]
pub use scratch::Scratch;

/// The PostgreSQL server to measure on; unset, the benchmarks measure SQLite.
pub const POSTGRES_URL_VAR: &str = "REALIS_BENCH_POSTGRES_URL";

/// The `db` of a figure that involves no database.
pub const NO_DATABASE: &str = "-";

/// One measured figure: `suite` (the QUALITY bar, e.g. "P1"), `db` ("sqlite", "postgres" or
/// [`NO_DATABASE`]), `name`, and the values set with the builder methods.
#[derive(Debug, Clone)]
#[must_use = "a figure is only seen once printed"]
pub struct Figure(Map<String, Value>);

impl Figure {
    /// A figure of `suite` measured on `db`, with no value yet.
    pub fn new(suite: &str, db: &str, name: impl Into<String>) -> Figure {
        let mut map = Map::new();
        map.insert("suite".into(), suite.into());
        map.insert("db".into(), db.into());
        map.insert("name".into(), name.into().into());
        Figure(map)
    }

    fn number(mut self, key: &str, value: f64) -> Figure {
        // Three decimals are more than any of these figures can tell.
        let rounded = (value * 1000.0).round() / 1000.0;
        self.0.insert(key.into(), rounded.into());
        self
    }

    /// Requests (or operations) per second.
    pub fn rps(self, per_second: f64) -> Figure {
        self.number("rps", per_second)
    }

    /// The median latency.
    pub fn p50(self, latency: Duration) -> Figure {
        self.number("p50_ms", latency.as_secs_f64() * 1000.0)
    }

    /// The 99th-percentile latency.
    pub fn p99(self, latency: Duration) -> Figure {
        self.number("p99_ms", latency.as_secs_f64() * 1000.0)
    }

    /// The median and the 99th percentile of `sorted` latencies.
    pub fn percentiles(self, sorted: &[Duration]) -> Figure {
        self.p50(percentile(sorted, 0.5))
            .p99(percentile(sorted, 0.99))
    }

    /// Failed requests.
    pub fn errors(mut self, count: usize) -> Figure {
        self.0.insert("errors".into(), count.into());
        self
    }

    /// A duration, for what is done once.
    pub fn seconds(self, elapsed: Duration) -> Figure {
        self.number("seconds", elapsed.as_secs_f64())
    }

    /// Memory, in MB.
    pub fn mem_mb(self, megabytes: f64) -> Figure {
        self.number("mem_mb", megabytes)
    }

    /// Throughput as a percentage of the plain-JSON ceiling measured in the same run.
    pub fn pct_of_ceiling(self, ceiling_rps: f64, rps: f64) -> Figure {
        self.number(
            "pct_of_ceiling",
            100.0 * rps / ceiling_rps.max(f64::MIN_POSITIVE),
        )
    }

    /// Anything else worth reading beside the figure (a size, a count).
    pub fn note(mut self, note: impl Into<String>) -> Figure {
        self.0.insert("note".into(), note.into().into());
        self
    }

    /// The machine line: `BENCH {json}`.
    pub fn line(&self) -> String {
        format!("BENCH {}", Value::Object(self.0.clone()))
    }

    /// Prints the machine line on standard output.
    pub fn print(self) {
        println!("{}", self.line());
    }

    /// Reads a machine line back; `None` for any other line.
    pub fn parse(line: &str) -> Option<Figure> {
        let json = line.trim().strip_prefix("BENCH ")?;
        match serde_json::from_str(json) {
            Ok(Value::Object(map)) => Some(Figure(map)),
            _ => None,
        }
    }

    fn text(&self, key: &str) -> &str {
        self.0.get(key).and_then(Value::as_str).unwrap_or_default()
    }

    fn get(&self, key: &str) -> Option<f64> {
        self.0.get(key).and_then(Value::as_f64)
    }

    /// The QUALITY bar the figure belongs to.
    pub fn suite(&self) -> &str {
        self.text("suite")
    }

    /// The database it was measured on, or [`NO_DATABASE`].
    pub fn db(&self) -> &str {
        self.text("db")
    }

    /// What was measured.
    pub fn name(&self) -> &str {
        self.text("name")
    }

    /// The values in a few words: `811/s, p50 35.2 ms, p99 67 ms, 0 errors, 1.1 % of the ceiling`.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if let Some(rps) = self.get("rps") {
            parts.push(if rps < 100.0 {
                format!("{rps:.1}/s")
            } else {
                format!("{}/s", thousands(rps))
            });
        }
        for (key, label) in [("p50_ms", "p50"), ("p99_ms", "p99")] {
            if let Some(ms) = self.get(key) {
                parts.push(format!("{label} {}", milliseconds(ms)));
            }
        }
        if let Some(s) = self.get("seconds") {
            parts.push(if s < 1.0 {
                milliseconds(s * 1000.0)
            } else {
                format!("{s:.2} s")
            });
        }
        if let Some(mb) = self.get("mem_mb") {
            parts.push(format!("{mb:.0} MB"));
        }
        if let Some(n) = self.0.get("errors").and_then(Value::as_u64) {
            parts.push(format!("{n} error{}", if n == 1 { "" } else { "s" }));
        }
        if let Some(pct) = self.get("pct_of_ceiling") {
            parts.push(format!("{pct:.1} % of the ceiling"));
        }
        let note = self.text("note");
        if !note.is_empty() {
            parts.push(note.to_owned());
        }
        parts.join(", ")
    }
}

/// `ms` milliseconds with the digits that mean something: `0.42 ms`, `4.52 ms`, `35.2 ms`, `812 ms`.
fn milliseconds(ms: f64) -> String {
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 100.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

/// `value` rounded to a whole number, with thousands separated by commas (`71,287`).
pub fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if value < -0.5 {
        out.insert(0, '-');
    }
    out
}

/// The `p` quantile (0 to 1) of `sorted` latencies; zero when there are none.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() - 1) as f64 * p.clamp(0.0, 1.0)).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// The peak resident memory of this process so far (`VmHWM`), in MB; `None` off Linux.
pub fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse::<f64>()
        .ok()?;
    Some(kb / 1024.0)
}

/// The environment variable `name` read as a number (a run's size or length), else `default`.
pub fn env_or<T: FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_is_one_json_line_behind_its_tag() {
        let line = Figure::new("P1", "sqlite", "GET /x, 32 connections")
            .rps(1234.56789)
            .p99(Duration::from_micros(15_250))
            .errors(0)
            .pct_of_ceiling(10_000.0, 1_500.0)
            .line();
        let json = line.strip_prefix("BENCH ").unwrap_or_default();
        let value: Value = serde_json::from_str(json).unwrap_or_default();
        assert_eq!(value["suite"], "P1");
        assert_eq!(value["db"], "sqlite");
        assert_eq!(value["rps"], 1234.568);
        assert_eq!(value["p99_ms"], 15.25);
        assert_eq!(value["errors"], 0);
        assert_eq!(value["pct_of_ceiling"], 15.0);
    }

    #[test]
    fn a_line_reads_back_into_its_summary() {
        let line = Figure::new("P2", "postgres", "PUT hours")
            .rps(71_287.2)
            .p50(Duration::from_micros(420))
            .p99(Duration::from_millis(67))
            .errors(1)
            .note("8 workers")
            .line();
        let figure = Figure::parse(&line).unwrap_or_else(|| Figure::new("", "", ""));
        assert_eq!(
            (figure.suite(), figure.db(), figure.name()),
            ("P2", "postgres", "PUT hours")
        );
        assert_eq!(
            figure.summary(),
            "71,287/s, p50 0.42 ms, p99 67.0 ms, 1 error, 8 workers"
        );
        assert!(Figure::parse("seeded 10000 dossiers").is_none());
        assert_eq!(thousands(999.4), "999");
        assert_eq!(thousands(1_234_567.0), "1,234,567");
    }

    #[test]
    fn percentiles_of_nothing_are_zero() {
        assert_eq!(percentile(&[], 0.99), Duration::ZERO);
        let sorted: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&sorted, 0.5), Duration::from_millis(51));
        assert_eq!(percentile(&sorted, 0.99), Duration::from_millis(99));
    }
}
