//! Real parallel requests against shared budgets and the embedded database (QUALITY R11, S10).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use crate::certification::{get_json, month_url, post};
use crate::helpers::{TestApp, pdf, png, spawn_app};

/// Counts answers by class; remembers the first server error.
#[derive(Default)]
struct Tally {
    ok: AtomicU64,
    client_errors: AtomicU64,
    server_errors: AtomicU64,
    first_server_error: std::sync::Mutex<Option<String>>,
}

impl Tally {
    async fn record(&self, what: &str, res: reqwest::Response) -> Option<Value> {
        let status = res.status().as_u16();
        if status >= 500 {
            self.server_errors.fetch_add(1, Ordering::SeqCst);
            let body = res.text().await.unwrap_or_default();
            let mut first = self.first_server_error.lock().expect("lock");
            first.get_or_insert(format!("{what}: {status} {body}"));
            return None;
        }
        if status >= 400 {
            self.client_errors.fetch_add(1, Ordering::SeqCst);
            return None;
        }
        self.ok.fetch_add(1, Ordering::SeqCst);
        Some(res.json().await.unwrap_or(Value::Null))
    }
}

fn dossier_body(org: &Value, number: &str) -> Value {
    json!({
        "number": number,
        "organisation_id": org,
        "beneficiary": { "first_name": "Łukasz", "last_name": "Żółć", "email": format!("{}@realis.test", number.to_lowercase()) },
        "employer": { "name": "Pharmaplus", "email": "rh@pharmaplus.test" },
        "training_title": "BTS Diététique",
        "session_start": "2026-09-07",
        "session_end": "2027-06-30",
        "committee_date": "2026-07-01",
        "planned_calendar": [{ "date": "2026-10-05", "training": 7, "internship": 0 }]
    })
}

/// Creates a dossier, enters October, prepares it, attaches a signed scan and certifies it.
async fn certify_one(
    t: &TestApp,
    tally: &Tally,
    created: &AtomicU64,
    agent: &str,
    of: &str,
    org: &Value,
    n: u64,
) -> bool {
    let number = format!("2026-CC-{n:06}");
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/funder/dossiers",
            agent,
            &dossier_body(org, &number),
        )
        .await;
    let Some(d) = tally.record("create (certify)", res).await else {
        return false;
    };
    created.fetch_add(1, Ordering::SeqCst);
    let id = d["id"].as_i64().unwrap_or_default();
    let m = get_json(t, of, &month_url(id, "2026-10", "")).await;
    let res = t
        .send_json(
            Method::PUT,
            &month_url(id, "2026-10", "/hours"),
            of,
            &json!({ "version": m["version"], "days": [{ "date": "2026-10-05", "training": 7 }] }),
        )
        .await;
    if tally.record("save (certify)", res).await.is_none() {
        return false;
    }
    let res = post(
        t,
        of,
        &month_url(id, "2026-10", "/prepare"),
        json!({ "hours_certified": true }),
    )
    .await;
    if tally.record("prepare", res).await.is_none() {
        return false;
    }
    let res = t
        .put_bytes(
            &month_url(id, "2026-10", "/signed-certificate"),
            of,
            "application/pdf",
            pdf(),
        )
        .await;
    if tally.record("signed scan", res).await.is_none() {
        return false;
    }
    let res = post(
        t,
        of,
        &month_url(id, "2026-10", "/certify"),
        json!({ "mode": "upload" }),
    )
    .await;
    tally.record("certify", res).await.is_some()
}

/// One client creating dossiers one after another, OFs saving grids, failed and right logins,
/// certifications, password-reset requests, and the outbox sender draining what they queue, all
/// at once for eight seconds: no answer is a server error and every acknowledged write is there.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn mixed_concurrent_writers_get_no_server_error_and_lose_nothing() {
    let t = Arc::new(spawn_app().await);
    let agent = t.token("agent@tp-idf.test").await;
    let of = t.token("of@formapro.test").await;
    let me = get_json(&t, &of, "/api/v1/me").await;
    let org = me["organisation_id"].clone();
    t.put_bytes("/api/v1/organisation/logo", &of, "image/png", png(200, 80))
        .await;
    // Dossiers whose November grid the OFs save over and over.
    let mut grids = Vec::new();
    for i in 0..2 {
        let res = t
            .send_json(
                Method::POST,
                "/api/v1/funder/dossiers",
                &agent,
                &dossier_body(&org, &format!("2026-GR-{i:06}")),
            )
            .await;
        assert_eq!(res.status(), 201);
        let d: Value = res.json().await.expect("json");
        grids.push(d["id"].as_i64().expect("id"));
    }
    let dossiers_before = get_json(&t, &agent, "/api/v1/dossiers?per_page=1").await["total"]
        .as_u64()
        .expect("total");

    let tally = Arc::new(Tally::default());
    let created = Arc::new(AtomicU64::new(0));
    let certified = Arc::new(AtomicU64::new(0));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(8);
    let mut tasks = Vec::new();
    // The agent creating dossiers one after another (164 of 200 failed before).
    for w in 0..2u64 {
        let (t, tally, created, agent, org) = (
            t.clone(),
            tally.clone(),
            created.clone(),
            agent.clone(),
            org.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut n = 0;
            while tokio::time::Instant::now() < deadline {
                n += 1;
                let number = format!("2026-MX-{w}{n:05}");
                let res = t
                    .send_json(
                        Method::POST,
                        "/api/v1/funder/dossiers",
                        &agent,
                        &dossier_body(&org, &number),
                    )
                    .await;
                if tally.record("create", res).await.is_some() {
                    created.fetch_add(1, Ordering::SeqCst);
                }
            }
        }));
    }
    // Grid saves, each on its own month, reading the version first.
    for id in grids {
        let (t, tally, of) = (t.clone(), tally.clone(), of.clone());
        tasks.push(tokio::spawn(async move {
            let mut hours = 1;
            while tokio::time::Instant::now() < deadline {
                let Some(m) = tally
                    .record("read month", t.get_with(&month_url(id, "2026-11", ""), &of).await)
                    .await
                else {
                    continue;
                };
                hours = hours % 9 + 1;
                let res = t
                    .send_json(
                        Method::PUT,
                        &month_url(id, "2026-11", "/hours"),
                        &of,
                        &json!({ "version": m["version"], "days": [{ "date": "2026-11-02", "training": hours }] }),
                    )
                    .await;
                tally.record("save", res).await;
            }
        }));
    }
    // Certifications from start to end.
    for w in 0..2u64 {
        let (t, tally, created, certified) =
            (t.clone(), tally.clone(), created.clone(), certified.clone());
        let (agent, of, org) = (agent.clone(), of.clone(), org.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = w * 10_000;
            while tokio::time::Instant::now() < deadline {
                n += 1;
                if certify_one(&t, &tally, &created, &agent, &of, &org, n).await {
                    certified.fetch_add(1, Ordering::SeqCst);
                }
            }
        }));
    }
    // Failed logins, right logins and password-reset requests (throttle and outbox writes).
    {
        let (t, tally) = (t.clone(), tally.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = 0;
            while tokio::time::Instant::now() < deadline {
                n += 1;
                let res = t
                    .login_raw(&format!("nobody{n}@nowhere.test"), "wrong-password!")
                    .await;
                tally.record("failed login", res).await;
                let res = t
                    .login_raw("rh@pharmaplus.test", crate::helpers::DEMO_PASSWORD)
                    .await;
                tally.record("login", res).await;
                let res = t
                    .client
                    .post(t.url("/api/v1/auth/password/forgot"))
                    .json(&json!({ "login": "michelle.dubois@realis.test" }))
                    .send()
                    .await
                    .expect("request");
                tally.record("forgot", res).await;
            }
        }));
    }
    // The outbox sender, woken by every commit that queued mail.
    {
        let t = t.clone();
        tasks.push(tokio::spawn(async move {
            while tokio::time::Instant::now() < deadline {
                t.app
                    .send_due_mail()
                    .await
                    .expect("the outbox sender never fails on a busy database");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }));
    }
    for task in tasks {
        task.await.expect("task");
    }
    let first = tally.first_server_error.lock().expect("lock").clone();
    println!(
        "mixed writers: {} ok, {} client errors, {} server errors, {} dossiers created, {} months certified",
        tally.ok.load(Ordering::SeqCst),
        tally.client_errors.load(Ordering::SeqCst),
        tally.server_errors.load(Ordering::SeqCst),
        created.load(Ordering::SeqCst),
        certified.load(Ordering::SeqCst)
    );
    assert_eq!(
        tally.server_errors.load(Ordering::SeqCst),
        0,
        "first: {first:?}"
    );
    assert!(created.load(Ordering::SeqCst) > 0 && certified.load(Ordering::SeqCst) > 0);
    let dossiers_after = get_json(&t, &agent, "/api/v1/dossiers?per_page=1").await["total"]
        .as_u64()
        .expect("total");
    assert_eq!(
        dossiers_after,
        dossiers_before + created.load(Ordering::SeqCst),
        "every acknowledged dossier is stored, and only those"
    );
    let certified_months = realis_store::audit::with_action(&t.app.db.conn, "certified")
        .await
        .expect("audit")
        .len() as u64;
    assert_eq!(certified_months, certified.load(Ordering::SeqCst));
}
