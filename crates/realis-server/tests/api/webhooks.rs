//! The events journal and webhooks (issue #12, parts 3 and 4): who reads which events, signed
//! deliveries to a real local receiver, retries on the schedule, a 410 or five days of failures
//! disabling the subscription (its owner e-mailed), SSRF refusals, isolation, and two senders
//! delivering each event once.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use actix_web::{HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine;
use chrono::Duration;
use hmac::{Hmac, Mac};
use reqwest::Method;
use serde_json::{Value, json};
use sha2::Sha256;

use crate::certification::{get_json, month_url};
use crate::dossiers::create_dossier;
use crate::helpers::{TestApp, problem, spawn_app, spawn_app_for_webhooks};

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    headers: HashMap<String, String>,
    body: String,
}

/// A local HTTP receiver answering the statuses queued in `answers` (then `fallback`).
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
    answers: Arc<Mutex<VecDeque<u16>>>,
}

#[derive(Clone)]
struct State {
    got: Arc<Mutex<Vec<Received>>>,
    answers: Arc<Mutex<VecDeque<u16>>>,
    fallback: u16,
}

async fn receive(req: HttpRequest, body: web::Bytes, s: web::Data<State>) -> HttpResponse {
    let headers = req
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                v.to_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    s.got.lock().expect("lock").push(Received {
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    let status = s
        .answers
        .lock()
        .expect("lock")
        .pop_front()
        .unwrap_or(s.fallback);
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).expect("status")).finish()
}

fn receiver(fallback: u16) -> Receiver {
    let got = Arc::new(Mutex::new(Vec::new()));
    let answers = Arc::new(Mutex::new(VecDeque::new()));
    let state = State {
        got: got.clone(),
        answers: answers.clone(),
        fallback,
    };
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = HttpServer::new(move || {
        actix_web::App::new()
            .app_data(web::Data::new(state.clone()))
            .default_service(web::to(receive))
    })
    .workers(1)
    .listen(listener)
    .expect("listen")
    .run();
    tokio::spawn(server);
    Receiver {
        url: format!("http://{addr}/hooks/realis"),
        got,
        answers,
    }
}

impl Receiver {
    fn got(&self) -> Vec<Received> {
        self.got.lock().expect("lock").clone()
    }
}

/// Verifies a delivery as a receiver would with the Standard Webhooks rules.
fn verify(secret: &str, r: &Received) -> bool {
    let key = base64::engine::general_purpose::STANDARD
        .decode(secret.trim_start_matches("whsec_"))
        .expect("secret is base64");
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("key");
    let signed = format!(
        "{}.{}.{}",
        r.headers["webhook-id"], r.headers["webhook-timestamp"], r.body
    );
    mac.update(signed.as_bytes());
    let expected = format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    );
    r.headers["webhook-signature"]
        .split(' ')
        .any(|s| s == expected)
}

async fn subscribe(t: &TestApp, token: &str, url: &str, events: &[&str]) -> (i64, String) {
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/webhooks",
            token,
            &json!({ "url": url, "events": events, "description": "ERP de test" }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.expect("json");
    let secret = v["secret"].as_str().expect("secret").to_owned();
    assert!(secret.starts_with("whsec_"));
    (v["webhook"]["id"].as_i64().expect("id"), secret)
}

/// Saves 7 h on 5 October 2026 of dossier `id`.
async fn save_hours(t: &TestApp, of: &str, id: i64) {
    let m = get_json(t, of, &month_url(id, "2026-10", "")).await;
    let res = t
        .send_json(
            Method::PUT,
            &month_url(id, "2026-10", "/hours"),
            of,
            &json!({ "version": m["version"], "days": [{ "date": "2026-10-05", "training": 7 }] }),
        )
        .await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
}

#[tokio::test]
async fn the_journal_shows_each_reader_its_own_events_in_order() {
    let t = spawn_app().await;
    let id = create_dossier(&t, "EV-1", None, "ev1@realis.test").await;
    let of = t.token("of@formapro.test").await;
    let agent = t.token("agent@tp-idf.test").await;
    save_hours(&t, &of, id).await;
    let page = get_json(&t, &of, "/api/v1/events?limit=500").await;
    let mine: Vec<&Value> = page["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["subject"]["dossier_id"] == id)
        .collect();
    let types: Vec<&str> = mine.iter().filter_map(|e| e["type"].as_str()).collect();
    assert_eq!(
        types,
        [
            "dossier.created",
            "month.status_changed",
            "month.hours_saved"
        ],
        "{page}"
    );
    let change = mine[1];
    assert_eq!(change["subject"]["period"], "2026-10");
    assert_eq!(change["data"]["to"], "draft");
    assert!(change["data"]["from"].is_string() && change["data"]["version"].is_i64());
    assert!(change.get("event").is_none() && change["data"].get("event").is_none());
    // Ids grow; `after` reads on from the last one seen.
    let ids: Vec<i64> = page["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["id"].as_i64())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    let last = page["next_after"].as_i64().expect("next_after");
    assert_eq!(Some(&last), ids.last());
    let rest = get_json(&t, &of, &format!("/api/v1/events?after={last}")).await;
    assert_eq!(rest["events"], json!([]));
    assert_eq!(rest["next_after"], last);
    let first = get_json(&t, &of, "/api/v1/events?limit=1").await;
    assert_eq!(first["events"].as_array().map(Vec::len), Some(1));
    // The funder's agent sees them too; another OF and another funder see none of them.
    let funder = get_json(&t, &agent, "/api/v1/events?limit=500").await;
    assert!(
        funder["events"]
            .as_array()
            .expect("events")
            .iter()
            .any(|e| e["subject"]["dossier_id"] == id && e["type"] == "month.hours_saved")
    );
    let (other_of, other_agent) = crate::conversations::other_tenants(&t).await;
    for outsider in [&other_of, &other_agent] {
        let v = get_json(&t, outsider, "/api/v1/events?limit=500").await;
        assert!(
            !v["events"]
                .as_array()
                .expect("events")
                .iter()
                .any(|e| e["subject"]["dossier_id"] == id),
            "{v}"
        );
    }
    // Beneficiaries and administrators have no journal; unknown parameters are refused.
    for login in ["michelle.dubois@realis.test", "admin@realis.test"] {
        let token = t.token(login).await;
        problem(t.get_with("/api/v1/events", &token).await, 403, "forbidden").await;
    }
    let res = t.get_with("/api/v1/events?since=3", &of).await;
    assert!(res.status().is_client_error(), "{}", res.status());
}

#[tokio::test]
async fn a_subscription_receives_signed_events_and_retries_until_delivered() {
    let t = spawn_app_for_webhooks().await;
    let r = receiver(204);
    r.answers.lock().expect("lock").extend([500, 503]);
    let of = t.token("of@formapro.test").await;
    let (hook, secret) = subscribe(&t, &of, &r.url, &["month.status_changed"]).await;
    let id = create_dossier(&t, "WH-1", None, "wh1@realis.test").await;
    save_hours(&t, &of, id).await;
    // First attempt: 500, then 503 a second later, then delivered after five more.
    assert_eq!(t.app.deliver_due_webhooks().await.expect("pass"), 0);
    let list = get_json(&t, &of, &format!("/api/v1/webhooks/{hook}/deliveries")).await;
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    assert_eq!(list[0]["status"], "pending");
    assert_eq!(list[0]["attempts"], 1);
    assert_eq!(list[0]["last_status_code"], 500);
    assert_eq!(list[0]["event_type"], "month.status_changed");
    // Not due yet: nothing is sent before the delay.
    assert_eq!(t.app.deliver_due_webhooks().await.expect("pass"), 0);
    assert_eq!(r.got().len(), 1);
    t.app.clock.advance(Duration::seconds(1));
    assert_eq!(t.app.deliver_due_webhooks().await.expect("pass"), 0);
    t.app.clock.advance(Duration::seconds(5));
    assert_eq!(t.app.deliver_due_webhooks().await.expect("pass"), 1);
    let got = r.got();
    assert_eq!(got.len(), 3);
    for g in &got {
        assert!(verify(&secret, g), "signature of {g:?}");
        assert_eq!(g.headers["content-type"], "application/json");
        assert_eq!(g.headers["webhook-id"], got[0].headers["webhook-id"]);
    }
    assert!(!verify(
        "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        &got[0]
    ));
    let body: Value = serde_json::from_str(&got[2].body).expect("json body");
    assert_eq!(body["type"], "month.status_changed");
    assert_eq!(body["subject"]["dossier_id"], id);
    assert_eq!(body["data"]["to"], "draft");
    assert!(body["timestamp"].is_string() && body["id"].is_i64());
    let list = get_json(&t, &of, &format!("/api/v1/webhooks/{hook}/deliveries")).await;
    assert_eq!(list[0]["status"], "delivered");
    assert_eq!(list[0]["attempts"], 3);
    assert!(list[0]["next_attempt_at"].is_null() && list[0]["delivered_at"].is_string());
    // Only the subscribed type was queued (no `month.hours_saved`, no `dossier.created`).
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    // A manual retry sends it again with the same id; a ping tries the receiver.
    let delivery = list[0]["id"].as_i64().expect("id");
    let res = t
        .send_json(
            Method::POST,
            &format!("/api/v1/webhooks/{hook}/deliveries/{delivery}/retry"),
            &of,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 202);
    let res = t
        .send_json(
            Method::POST,
            &format!("/api/v1/webhooks/{hook}/ping"),
            &of,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 202);
    assert_eq!(t.app.deliver_due_webhooks().await.expect("pass"), 2);
    let got = r.got();
    assert_eq!(got.len(), 5);
    assert_eq!(got[3].headers["webhook-id"], got[0].headers["webhook-id"]);
    let ping: Value = serde_json::from_str(&got[4].body).expect("json");
    assert_eq!(ping["type"], "webhook.ping");
    assert!(verify(&secret, &got[4]));
}

#[tokio::test]
async fn a_410_disables_the_subscription_and_tells_its_owner() {
    let t = spawn_app_for_webhooks().await;
    let r = receiver(410);
    let agent = t.token("agent@tp-idf.test").await;
    let (hook, _) = subscribe(&t, &agent, &r.url, &["dossier.created"]).await;
    create_dossier(&t, "WH-2", None, "wh2@realis.test").await;
    t.app.deliver_due_webhooks().await.expect("pass");
    let hooks = get_json(&t, &agent, "/api/v1/webhooks").await;
    assert_eq!(hooks[0]["enabled"], false, "{hooks}");
    assert_eq!(hooks[0]["disabled_reason"], "gone");
    t.app.send_due_mail().await.expect("mail");
    let mail = t
        .app
        .mailer
        .sent()
        .into_iter()
        .find(|m| m.subject.contains("Webhook désactivé"))
        .expect("the owner is told");
    assert_eq!(mail.to, "agent@tp-idf.test");
    assert!(mail.text.contains(&r.url) && mail.text.contains("410"));
    // Disabled: later events are not queued; enabling it again resumes.
    create_dossier(&t, "WH-3", None, "wh3@realis.test").await;
    let list = get_json(&t, &agent, &format!("/api/v1/webhooks/{hook}/deliveries")).await;
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    let res = t
        .send_json(
            Method::PUT,
            &format!("/api/v1/webhooks/{hook}"),
            &agent,
            &json!({ "url": r.url, "events": ["dossier.created"], "enabled": true }),
        )
        .await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.expect("json");
    assert_eq!(v["enabled"], true);
    assert!(v["disabled_reason"].is_null());
    create_dossier(&t, "WH-4", None, "wh4@realis.test").await;
    let list = get_json(&t, &agent, &format!("/api/v1/webhooks/{hook}/deliveries")).await;
    assert_eq!(list.as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn five_days_of_failures_disable_the_subscription() {
    let t = spawn_app_for_webhooks().await;
    let r = receiver(500);
    let agent = t.token("agent@tp-idf.test").await;
    let (_, _) = subscribe(&t, &agent, &r.url, &["dossier.created"]).await;
    create_dossier(&t, "WH-5", None, "wh5@realis.test").await;
    t.app.deliver_due_webhooks().await.expect("pass");
    // With a base of 1 s the ten attempts end within the first hour; the next event, days later,
    // fails too and five days of failures disable the subscription.
    for _ in 0..10 {
        t.app.clock.advance(Duration::minutes(30));
        t.app.deliver_due_webhooks().await.expect("pass");
    }
    // The clock moved past the token's hour.
    let agent = t.token("agent@tp-idf.test").await;
    let hooks = get_json(&t, &agent, "/api/v1/webhooks").await;
    assert_eq!(hooks[0]["enabled"], true, "not yet: {hooks}");
    assert!(hooks[0]["failing_since"].is_string());
    t.app.clock.advance(Duration::days(5));
    create_dossier(&t, "WH-6", None, "wh6@realis.test").await;
    t.app.deliver_due_webhooks().await.expect("pass");
    let agent = t.token("agent@tp-idf.test").await;
    let hooks = get_json(&t, &agent, "/api/v1/webhooks").await;
    assert_eq!(hooks[0]["enabled"], false);
    assert_eq!(hooks[0]["disabled_reason"], "failing");
    t.app.send_due_mail().await.expect("mail");
    assert!(
        t.app
            .mailer
            .sent()
            .iter()
            .any(|m| m.subject.contains("Webhook désactivé") && m.text.contains("cinq jours"))
    );
}

#[tokio::test]
async fn urls_must_be_public_https_unless_private_targets_are_allowed() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    for (url, code) in [
        ("http://erp.example.fr/hooks", "https_required"),
        ("https://127.0.0.1/hooks", "private_address"),
        ("https://localhost:8443/hooks", "private_address"),
        (
            "https://169.254.169.254/latest/meta-data",
            "private_address",
        ),
        ("https://[::1]/hooks", "private_address"),
        ("https://10.0.0.8/", "private_address"),
        ("pas une adresse", "invalid_url"),
    ] {
        let res = t
            .send_json(
                Method::POST,
                "/api/v1/webhooks",
                &of,
                &json!({ "url": url, "events": ["month.certified"] }),
            )
            .await;
        let p = problem(res, 422, "validation_failed").await;
        assert_eq!(p["errors"][0]["field"], "url", "{url}");
        assert_eq!(p["errors"][0]["code"], code, "{url}");
        assert!(
            p["errors"][0]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    }
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/webhooks",
            &of,
            &json!({ "url": "https://127.0.0.1/", "events": [], "description": "x".repeat(201) }),
        )
        .await;
    let p = problem(res, 422, "validation_failed").await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["url", "description", "events"]);
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/webhooks",
            &of,
            &json!({ "url": "https://a.example/", "events": ["month.unknown"] }),
        )
        .await;
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn subscriptions_are_their_owners_alone() {
    let t = spawn_app_for_webhooks().await;
    let r = receiver(204);
    let of = t.token("of@formapro.test").await;
    let (hook, _) = subscribe(&t, &of, &r.url, &["month.certified"]).await;
    let (other_of, other_agent) = crate::conversations::other_tenants(&t).await;
    let agent = t.token("agent@tp-idf.test").await;
    for outsider in [&other_of, &other_agent, &agent] {
        assert_eq!(
            get_json(&t, outsider, "/api/v1/webhooks").await,
            json!([]),
            "lists only one's own"
        );
        for (method, path) in [
            (Method::PUT, format!("/api/v1/webhooks/{hook}")),
            (Method::DELETE, format!("/api/v1/webhooks/{hook}")),
            (Method::GET, format!("/api/v1/webhooks/{hook}/deliveries")),
            (Method::POST, format!("/api/v1/webhooks/{hook}/ping")),
            (
                Method::POST,
                format!("/api/v1/webhooks/{hook}/deliveries/1/retry"),
            ),
        ] {
            let res = t
                .send_json(
                    method.clone(),
                    &path,
                    outsider,
                    &json!({ "url": r.url, "events": ["month.certified"] }),
                )
                .await;
            problem(res, 404, "not_found").await;
        }
    }
    for login in ["michelle.dubois@realis.test", "admin@realis.test"] {
        let token = t.token(login).await;
        let res = t
            .send_json(
                Method::POST,
                "/api/v1/webhooks",
                &token,
                &json!({ "url": r.url, "events": ["month.certified"] }),
            )
            .await;
        problem(res, 403, "forbidden").await;
    }
    let res = t
        .send_json(
            Method::DELETE,
            &format!("/api/v1/webhooks/{hook}"),
            &of,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(get_json(&t, &of, "/api/v1/webhooks").await, json!([]));
}

#[tokio::test]
async fn two_senders_deliver_each_event_once() {
    let t = spawn_app_for_webhooks().await;
    let r = receiver(204);
    let agent = t.token("agent@tp-idf.test").await;
    subscribe(&t, &agent, &r.url, &["dossier.created"]).await;
    for n in 0..12 {
        create_dossier(
            &t,
            &format!("WH-P{n}"),
            None,
            &format!("whp{n}@realis.test"),
        )
        .await;
    }
    // Two instances' senders (two clones of the app on one database) race over the same rows.
    let (a, b) = (t.app.clone(), t.app.clone());
    let (x, y) = tokio::join!(
        async move {
            let mut n = 0;
            for _ in 0..4 {
                n += a.deliver_due_webhooks().await.expect("a");
            }
            n
        },
        async move {
            let mut n = 0;
            for _ in 0..4 {
                n += b.deliver_due_webhooks().await.expect("b");
            }
            n
        }
    );
    assert_eq!(x + y, 12);
    let mut ids: Vec<String> = r
        .got()
        .iter()
        .map(|g| g.headers["webhook-id"].clone())
        .collect();
    assert_eq!(ids.len(), 12);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 12, "each event once");
}

#[tokio::test]
async fn a_document_review_reaches_the_organisations_journal() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let agent = t.token("agent@tp-idf.test").await;
    let res = t
        .put_bytes(
            "/api/v1/organisation/documents/kbis",
            &of,
            "application/pdf",
            crate::helpers::pdf(),
        )
        .await;
    assert!(res.status().is_success());
    let org = get_json(&t, &of, "/api/v1/organisation").await["id"]
        .as_i64()
        .expect("id");
    let res = t
        .send_json(
            Method::POST,
            &format!("/api/v1/funder/organisations/{org}/documents/kbis/review"),
            &agent,
            &json!({ "decision": "reject", "reason": "Extrait de plus de trois mois" }),
        )
        .await;
    assert_eq!(res.status(), 200);
    let page = get_json(&t, &of, "/api/v1/events?limit=500").await;
    let reviewed = page["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["type"] == "document.reviewed")
        .cloned()
        .expect("document.reviewed");
    assert_eq!(reviewed["subject"]["organisation_id"], org);
    assert_eq!(reviewed["data"]["document_kind"], "kbis");
    assert_eq!(reviewed["data"]["status"], "rejected");
}
