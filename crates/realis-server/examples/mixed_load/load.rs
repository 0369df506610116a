//! The open-loop mixed load: requests leave on a fixed schedule whatever the answers take, and
//! each one's latency runs from its scheduled time (no coordinated omission). Every grid save
//! answered 2xx is kept in a ledger and checked against what the server later reads back.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use serde_json::{Value, json};
use tokio::sync::{Mutex, mpsc};

use crate::hours::{Grid, grid_of, new_grid};
use crate::mix::{pattern, splitmix};
use crate::portfolio::{OPEN_MONTHS, PASSWORD, Seeded};
use crate::report::{Outcome, Phase, Res, Stats};

/// The PUT of a grid save alone, from the moment it was sent (after the read).
pub const PUT_ALONE: &str = "grid save: PUT alone";

/// What the benchmark knows of one month it saves.
#[derive(Default)]
struct Ledger {
    /// The hours of the last save answered 2xx (or read back since).
    acked: Option<Grid>,
    /// Saves sent since that were not answered 2xx: any of them may have been committed.
    candidates: Vec<Grid>,
    seq: u64,
}

/// A month owned by one user: its saves never collide with another worker's.
struct Slot {
    dossier: i64,
    period: String,
    ledger: Mutex<Ledger>,
}

struct User {
    login: String,
    token: String,
    dossiers: Vec<i64>,
    slots: Vec<Arc<Slot>>,
    next_slot: AtomicUsize,
}

/// The load and what it has seen.
pub struct Load {
    client: reqwest::Client,
    base: String,
    users: Vec<User>,
    pattern: Vec<&'static str>,
    /// While the server is down: from the kill to its first healthy answer.
    down: std::sync::Mutex<Option<(Instant, Option<Instant>)>>,
    /// Saves answered 2xx, and acknowledged hours later found missing.
    pub acked: AtomicUsize,
    pub lost: AtomicUsize,
}

/// A failure, and when it was seen.
struct Fail(String, Instant);

impl Load {
    /// Logs every seeded user in and assigns each its months to save (months 1 to
    /// `OPEN_MONTHS` of its dossiers).
    pub async fn new(base: String, seeded: &[Seeded]) -> anyhow::Result<Load> {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(1024)
            // Under the server's keep-alive (5 s): a connection it is closing is not reused.
            .pool_idle_timeout(Duration::from_secs(4))
            .timeout(Duration::from_secs(30))
            .build()?;
        let mut users = Vec::new();
        for s in seeded {
            let r: Value = client
                .post(format!("{base}/api/v1/auth/login"))
                .json(&json!({ "login": s.login, "password": PASSWORD }))
                .send()
                .await?
                .error_for_status()?
                .json()
                .await?;
            let token = r["access_token"].as_str().context("no token")?.to_owned();
            let slots = s
                .dossiers
                .iter()
                .flat_map(|d| {
                    (1..=OPEN_MONTHS).map(move |m| {
                        Arc::new(Slot {
                            dossier: *d,
                            period: format!("2026-{m:02}"),
                            ledger: Mutex::default(),
                        })
                    })
                })
                .collect();
            users.push(User {
                login: s.login.clone(),
                token,
                dossiers: s.dossiers.clone(),
                slots,
                next_slot: AtomicUsize::new(0),
            });
        }
        Ok(Load {
            client,
            base,
            users,
            pattern: pattern(),
            down: std::sync::Mutex::new(None),
            acked: AtomicUsize::new(0),
            lost: AtomicUsize::new(0),
        })
    }

    /// The server is down from now (the kill), or up again from now.
    pub fn mark_down(&self, down: bool) {
        if let Ok(mut d) = self.down.lock() {
            let now = Instant::now();
            *d = if down {
                Some((now, None))
            } else {
                d.map(|(from, _)| (from, Some(now)))
            };
        }
    }

    fn classify(&self, f: Fail) -> Res {
        let down = self.down.lock().ok().and_then(|d| *d);
        match down {
            Some((from, to)) if f.1 >= from && to.is_none_or(|to| f.1 <= to) => Res::Down,
            _ => Res::Error(f.0),
        }
    }

    /// Sends `req` and reads the whole answer; anything but 2xx is a failure.
    async fn fetch(&self, req: reqwest::RequestBuilder, what: &str) -> Result<Vec<u8>, Fail> {
        match req.send().await {
            Ok(r) if r.status().is_success() => r
                .bytes()
                .await
                .map(|b| b.to_vec())
                .map_err(|e| Fail(format!("{what}: {e}"), Instant::now())),
            Ok(r) => {
                let status = r.status();
                let body = r.text().await.unwrap_or_default();
                let body: String = body.chars().take(200).collect();
                Err(Fail(format!("{what}: {status} {body}"), Instant::now()))
            }
            Err(e) => Err(Fail(format!("{what}: {e}"), Instant::now())),
        }
    }

    /// Request number `k` of the schedule: its user, kind and target follow from `k` alone.
    async fn one(&self, k: u64) -> (&'static str, Result<Option<Duration>, Fail>) {
        let n = self.users.len() as u64;
        let u = &self.users[(k % n) as usize];
        // Each user walks the pattern from its own offset, so the kinds stay mixed at every
        // instant (7 is prime to 100).
        let kind = self.pattern[((k / n + (k % n) * 7) % 100) as usize];
        let h = splitmix(k);
        let dossier = u.dossiers[(h % u.dossiers.len() as u64) as usize];
        let api = format!("{}/api/v1", self.base);
        let get = |path: String| {
            self.client
                .get(format!("{api}{path}"))
                .bearer_auth(&u.token)
        };
        let res = match kind {
            "dashboard" => self
                .fetch(get("/dashboard".into()), kind)
                .await
                .map(|_| None),
            "dossier list" => {
                let page = 1 + (h >> 32) % 4;
                let path = format!("/dossiers?page={page}&per_page=20");
                self.fetch(get(path), kind).await.map(|_| None)
            }
            "month view" => {
                let path = format!("/dossiers/{dossier}/months/2026-{:02}", 1 + (h >> 32) % 12);
                self.fetch(get(path), kind).await.map(|_| None)
            }
            "dossier" => self
                .fetch(get(format!("/dossiers/{dossier}")), kind)
                .await
                .map(|_| None),
            "certificate draft" => {
                let m = 1 + (h >> 32) % u64::from(OPEN_MONTHS);
                let path = format!("/dossiers/{dossier}/months/2026-{m:02}/certificate.pdf");
                self.fetch(get(path), kind).await.map(|_| None)
            }
            "login" => {
                let req = self
                    .client
                    .post(format!("{api}/auth/login"))
                    .json(&json!({ "login": u.login, "password": PASSWORD }));
                self.fetch(req, kind).await.map(|_| None)
            }
            _ => self.save(u).await.map(Some),
        };
        (kind, res)
    }

    /// Reads the user's next month, checks its hours against the ledger, and saves new ones with
    /// the version read; the time the PUT took.
    async fn save(&self, u: &User) -> Result<Duration, Fail> {
        let slot = u.slots[u.next_slot.fetch_add(1, Ordering::Relaxed) % u.slots.len()].clone();
        let mut ledger = slot.ledger.lock().await;
        let url = format!(
            "{}/api/v1/dossiers/{}/months/{}",
            self.base, slot.dossier, slot.period
        );
        let body = self
            .fetch(self.client.get(&url).bearer_auth(&u.token), "save: read")
            .await?;
        let month: Value = serde_json::from_slice(&body)
            .map_err(|e| Fail(format!("save: read: {e}"), Instant::now()))?;
        self.check(&slot, &mut ledger, &grid_of(&month));
        ledger.seq += 1;
        let grid = new_grid(&month, ledger.seq);
        let days: Vec<Value> = grid
            .iter()
            .map(|(date, h)| json!({ "date": date, "training": *h as f64 / 100.0, "internship": 0, "absence": 0 }))
            .collect();
        ledger.candidates.push(grid.clone());
        let put = self
            .client
            .put(format!("{url}/hours"))
            .bearer_auth(&u.token)
            .json(&json!({ "version": month["version"], "days": days }));
        let sent = Instant::now();
        self.fetch(put, "save: PUT").await?;
        let took = sent.elapsed();
        ledger.acked = Some(grid);
        ledger.candidates.clear();
        self.acked.fetch_add(1, Ordering::Relaxed);
        Ok(took)
    }

    /// Compares hours read back with the last acknowledged save of the month (or a save sent
    /// since, whose answer was lost); a mismatch is a lost write, said at once.
    fn check(&self, slot: &Slot, ledger: &mut Ledger, read: &Grid) {
        let Some(acked) = &ledger.acked else {
            return;
        };
        if acked != read && !ledger.candidates.contains(read) {
            self.lost.fetch_add(1, Ordering::Relaxed);
            eprintln!(
                "LOST WRITE: dossier {} {}: an acknowledged save of {} days is not what the server reads back ({} days)",
                slot.dossier,
                slot.period,
                acked.len(),
                read.len()
            );
        }
        ledger.acked = Some(read.clone());
        ledger.candidates.clear();
    }

    /// Reads back every month saved so far and checks it (four requests at a time); returns how
    /// many months were checked.
    pub async fn verify_all(self: &Arc<Self>) -> usize {
        let mut tasks = Vec::new();
        for lane in 0..4 {
            let load = self.clone();
            tasks.push(tokio::spawn(async move {
                let mut checked = 0;
                for (i, u) in load.users.iter().enumerate() {
                    for slot in u.slots.iter().skip(lane).step_by(4) {
                        let mut ledger = slot.ledger.lock().await;
                        if ledger.acked.is_none() {
                            continue;
                        }
                        let url = format!(
                            "{}/api/v1/dossiers/{}/months/{}",
                            load.base, slot.dossier, slot.period
                        );
                        let read = load
                            .fetch(load.client.get(&url).bearer_auth(&u.token), "verify")
                            .await;
                        match read
                            .ok()
                            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
                        {
                            Some(month) => load.check(slot, &mut ledger, &grid_of(&month)),
                            None => {
                                load.lost.fetch_add(1, Ordering::Relaxed);
                                eprintln!("LOST WRITE? user {i}: {url} could not be read back");
                            }
                        }
                        checked += 1;
                    }
                }
                checked
            }));
        }
        let mut checked = 0;
        for t in tasks {
            checked += t.await.unwrap_or_default();
        }
        checked
    }
}

/// Runs the schedule: `rate` requests a second for `secs` seconds; each request's latency from
/// the moment it was due. Returns the outcomes by kind (a grid save's latency covers its read)
/// and the slow requests per second.
pub async fn run(load: &Arc<Load>, rate: f64, secs: u64) -> Phase {
    let (tx, mut rx) = mpsc::unbounded_channel::<Outcome>();
    let collector = tokio::spawn(async move {
        let mut phase = Phase {
            stats: Stats::new(),
            slow: vec![0; usize::try_from(secs).unwrap_or(0)],
        };
        while let Some(o) = rx.recv().await {
            if o.kind != PUT_ALONE
                && matches!(o.res, Res::Ok)
                && o.latency > Duration::from_millis(100)
                && let Some(n) = phase.slow.get_mut(o.second)
            {
                *n += 1;
            }
            phase.stats.entry(o.kind).or_default().add(o);
        }
        phase
    });
    let every = Duration::from_secs_f64(1.0 / rate);
    let start = tokio::time::Instant::now();
    let total = (rate * secs as f64) as u64;
    for k in 0..total {
        let due = start + every.mul_f64(k as f64);
        tokio::time::sleep_until(due).await;
        let (load, tx) = (load.clone(), tx.clone());
        let second = (k as f64 / rate) as usize;
        tokio::spawn(async move {
            let (kind, res) = load.one(k).await;
            let latency = due.elapsed();
            let res = match res {
                Ok(put) => {
                    if let Some(put) = put {
                        let _ = tx.send(Outcome {
                            kind: PUT_ALONE,
                            latency: put,
                            res: Res::Ok,
                            second,
                        });
                    }
                    Res::Ok
                }
                Err(f) => load.classify(f),
            };
            let _ = tx.send(Outcome {
                kind,
                latency,
                res,
                second,
            });
        });
    }
    drop(tx);
    collector.await.unwrap_or_else(|_| Phase {
        stats: Stats::new(),
        slow: Vec::new(),
    })
}
