//! Percentiles per kind of request, and the `BENCH {json}` lines.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Value, json};

/// What one request came to.
#[derive(Debug)]
pub enum Res {
    Ok,
    /// Failed while the server was up: counted as an error (with why).
    Error(String),
    /// Failed while the server was down (killed, not yet healthy again): expected.
    Down,
}

/// One request's outcome; `latency` runs from its scheduled time.
#[derive(Debug)]
pub struct Outcome {
    pub kind: &'static str,
    pub latency: Duration,
    pub res: Res,
    /// The second of the run the request was due in.
    pub second: usize,
}

/// A run's outcomes by kind, and how many requests due in each second took over 100 ms.
pub struct Phase {
    pub stats: Stats,
    pub slow: Vec<usize>,
}

impl Phase {
    /// Whether the slow requests are spread over the run or bunched in a few seconds (a stall
    /// of the whole machine slows every kind at once).
    pub fn slow_seconds(&self) -> String {
        let total: usize = self.slow.iter().sum();
        if total == 0 {
            return "no request over 100 ms".into();
        }
        let mut worst: Vec<(usize, usize)> = self.slow.iter().copied().enumerate().collect();
        worst.sort_by_key(|w| std::cmp::Reverse(w.1));
        let top: Vec<(usize, usize)> = worst.into_iter().take(3).filter(|w| w.1 > 0).collect();
        let held: usize = top.iter().map(|w| w.1).sum();
        let at: Vec<String> = top.iter().map(|w| format!("{} s", w.0)).collect();
        format!(
            "{total} requests over 100 ms, due in {} of {} seconds; the worst {} seconds ({}) hold {:.0} % of them",
            self.slow.iter().filter(|n| **n > 0).count(),
            self.slow.len(),
            top.len(),
            at.join(", "),
            100.0 * held as f64 / total as f64
        )
    }
}

/// The outcomes of one kind.
#[derive(Default)]
pub struct KindStats {
    pub ok: Vec<Duration>,
    pub errors: usize,
    pub down: usize,
    /// The first few errors, to say what went wrong.
    pub samples: Vec<String>,
}

impl KindStats {
    pub fn add(&mut self, o: Outcome) {
        match o.res {
            Res::Ok => self.ok.push(o.latency),
            Res::Down => self.down += 1,
            Res::Error(why) => {
                self.errors += 1;
                if self.samples.len() < 3 {
                    self.samples.push(why);
                }
            }
        }
    }

    pub fn p(&mut self, q: f64) -> f64 {
        self.ok.sort();
        if self.ok.is_empty() {
            return 0.0;
        }
        let i = (((self.ok.len() - 1) as f64) * q).round() as usize;
        self.ok[i].as_secs_f64() * 1000.0
    }
}

/// Every kind's outcomes, by name.
pub type Stats = BTreeMap<&'static str, KindStats>;

/// Prints one machine-readable figure: `BENCH {"suite":…,"db":…,"name":…, <fields>}`.
pub fn bench(suite: &str, db: &str, name: &str, fields: Value) {
    let mut line = json!({ "suite": suite, "db": db, "name": name });
    if let (Some(line), Value::Object(fields)) = (line.as_object_mut(), fields) {
        line.extend(fields);
    }
    println!("BENCH {line}");
}

/// Human line and `BENCH` line of each kind, in `order`; returns the worst p99 outside logins
/// and the errors in all (`reads` sums other kinds: not counted again).
pub fn show_kinds(
    stats: &mut Stats,
    order: &[&'static str],
    secs: f64,
    suite: &str,
    db: &str,
    prefix: &str,
) -> (f64, usize) {
    let (mut worst, mut errors) = (0.0f64, 0);
    for name in order {
        let Some(s) = stats.get_mut(name) else {
            continue;
        };
        let (p50, p99) = (s.p(0.5), s.p(0.99));
        let down = if s.down > 0 {
            format!("   failed while down {}", s.down)
        } else {
            String::new()
        };
        let slow = s.ok.iter().filter(|l| l.as_millis() > 100).count();
        println!(
            "  {name:<28} {:>6} ok ({:>6.1}/s)   p50 {p50:>7.2} ms   p99 {p99:>7.2} ms   > 100 ms {slow:>5}   errors {}{down}",
            s.ok.len(),
            s.ok.len() as f64 / secs,
            s.errors
        );
        for why in &s.samples {
            println!("      error: {why}");
        }
        if *name != "login" && !name.contains("alone") {
            worst = worst.max(p99);
        }
        if *name != "reads" {
            errors += s.errors;
        }
        let mut fields = json!({
            "rps": round2(s.ok.len() as f64 / secs),
            "p50_ms": round2(p50),
            "p99_ms": round2(p99),
            "errors": s.errors,
        });
        if s.down > 0
            && let Some(f) = fields.as_object_mut()
        {
            f.insert(
                "note".into(),
                json!(format!("{} failed while the server was down", s.down)),
            );
        }
        bench(suite, db, &format!("{prefix}{name}"), fields);
    }
    (worst, errors)
}

/// `x` to two decimals, for the machine lines.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
