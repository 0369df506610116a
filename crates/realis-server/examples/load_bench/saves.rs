//! P2: saving a 31-day grid (version check, day rows, audit, durable commit), each worker on the
//! October of its own dossiers so that versions never collide.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::ORGANISATIONS;
use crate::Run;

/// `workers` read-then-save loops for `secs`, each paced to its share of `per_second` if given.
pub async fn save_run(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    secs: u64,
    workers: usize,
    per_second: Option<f64>,
) -> Run {
    let days: Vec<Value> = (1..=31)
        .map(|d| json!({ "date": format!("2026-10-{d:02}"), "training": 7, "internship": 0, "absence": 0 }))
        .collect();
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut tasks = Vec::new();
    for w in 0..workers {
        let (client, base, token, days) = (
            client.clone(),
            base.to_owned(),
            token.to_owned(),
            days.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0usize;
            let mut n = 0usize;
            let interval = per_second.map(|r| Duration::from_secs_f64(workers as f64 / r));
            while Instant::now() < deadline {
                let tick = Instant::now();
                // Dossiers of the measured OF are 1, 1 + 50, 1 + 100…; each worker owns every
                // `workers`-th one.
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
    Run::of(all, errors, secs)
}
