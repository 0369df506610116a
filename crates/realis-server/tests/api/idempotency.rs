//! `Idempotency-Key` (issue #12, part 2): a retry replays the first answer without a second
//! effect, another request under the key is refused, parallel requests run once, a failure on
//! our side gives the key back, keys expire after 24 h and belong to a user.

use chrono::Duration;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};

use crate::certification::get_json;
use crate::helpers::{TestApp, problem, spawn_app};

const THREADS: &str = "/api/v1/conversations";

/// `POST /conversations` as `token` with `key` (none when `None`).
async fn start_thread(
    t: &TestApp,
    token: &str,
    key: Option<&str>,
    body: &Value,
) -> reqwest::Response {
    let mut req = t.client.post(t.url(THREADS)).bearer_auth(token).json(body);
    if let Some(key) = key {
        req = req.header("idempotency-key", key);
    }
    req.send().await.expect("request")
}

async fn threads(t: &TestApp, token: &str) -> u64 {
    get_json(t, token, THREADS).await["total"]
        .as_u64()
        .expect("total")
}

fn replayed(res: &reqwest::Response) -> bool {
    res.headers()
        .get("idempotent-replayed")
        .is_some_and(|v| v == "true")
}

fn hello() -> Value {
    json!({ "subject": "Convention", "body": "Bonjour, voici la convention." })
}

#[tokio::test]
async fn a_retry_with_the_same_key_replays_the_answer_and_creates_one_thread() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let first = start_thread(&t, &of, Some("key-1"), &hello()).await;
    assert_eq!(first.status(), 201);
    assert!(!replayed(&first));
    let ct = first.headers()["content-type"].clone();
    let body = first.text().await.expect("body");
    // A new token of the same user: the key is the user's, not the token's.
    let again = t.token("of@formapro.test").await;
    let retry = start_thread(&t, &again, Some("key-1"), &hello()).await;
    assert_eq!(retry.status(), 201);
    assert!(replayed(&retry));
    assert_eq!(retry.headers()["content-type"], ct);
    assert_eq!(retry.text().await.expect("body"), body);
    assert_eq!(threads(&t, &of).await, 1);
    // Without a key, the same request is a second thread.
    assert_eq!(start_thread(&t, &of, None, &hello()).await.status(), 201);
    assert_eq!(threads(&t, &of).await, 2);
}

#[tokio::test]
async fn the_key_of_another_request_is_422_and_runs_nothing() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    assert_eq!(
        start_thread(&t, &of, Some("k"), &hello()).await.status(),
        201
    );
    let other = json!({ "subject": "Autre", "body": "Autre chose." });
    problem(
        start_thread(&t, &of, Some("k"), &other).await,
        422,
        "idempotency_key_reused",
    )
    .await;
    // Another path or method under the key is another request too.
    let res = t
        .client
        .post(t.url("/api/v1/conversations?x=1"))
        .bearer_auth(&of)
        .header("idempotency-key", "k")
        .json(&hello())
        .send()
        .await
        .expect("request");
    problem(res, 422, "idempotency_key_reused").await;
    // A method the path does not answer stays the router's 405, whatever the key.
    let res = t
        .client
        .put(t.url(THREADS))
        .bearer_auth(&of)
        .header("idempotency-key", "k")
        .json(&hello())
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 405);
    let res = t
        .client
        .put(t.url(THREADS))
        .bearer_auth(&of)
        .header("idempotency-key", "")
        .json(&hello())
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 405);
    assert_eq!(threads(&t, &of).await, 1);
}

async fn dossiers(t: &TestApp, token: &str) -> u64 {
    get_json(t, token, "/api/v1/dossiers?per_page=1").await["total"]
        .as_u64()
        .expect("total")
}

#[tokio::test]
async fn twenty_parallel_requests_with_one_key_create_one_dossier() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let of: Value = get_json(&t, &t.token("of@formapro.test").await, "/api/v1/me").await;
    let before = dossiers(&t, &agent).await;
    let body = json!({
        "number": "D-PARALLEL",
        "organisation_id": of["organisation_id"],
        "beneficiary": { "first_name": "Zoé", "last_name": "Dûpont", "email": "d-par@realis.test" },
        "employer": { "name": "Pharmaplus", "email": "rh@pharmaplus.test" },
        "training_title": "BTS Diététique",
        "session_start": "2026-09-07",
        "session_end": "2027-06-30",
        "committee_date": "2026-07-01"
    });
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (client, url) = (t.client.clone(), t.url("/api/v1/funder/dossiers"));
        let (agent, body) = (agent.clone(), body.clone());
        tasks.push(tokio::spawn(async move {
            let res = client
                .post(url)
                .bearer_auth(agent)
                .header("idempotency-key", "parallel")
                .json(&body)
                .send()
                .await
                .expect("request");
            let status = res.status().as_u16();
            let replay = replayed(&res);
            let body: Value = res.json().await.expect("json");
            (status, replay, body)
        }));
    }
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.expect("task"));
    }
    let ran: Vec<_> = answers
        .iter()
        .filter(|(s, replay, _)| *s == 201 && !replay)
        .collect();
    assert_eq!(ran.len(), 1, "{answers:?}");
    let id = &ran[0].2["id"];
    for (status, _, body) in &answers {
        match status {
            201 => assert_eq!(body["id"], *id),
            409 => assert_eq!(body["code"], "idempotency_key_in_progress"),
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!(dossiers(&t, &agent).await, before + 1);
    // Once it is done, every retry replays.
    let res = t
        .client
        .post(t.url("/api/v1/funder/dossiers"))
        .bearer_auth(&agent)
        .header("idempotency-key", "parallel")
        .json(&body)
        .send()
        .await
        .expect("request");
    assert!(replayed(&res));
    assert_eq!(dossiers(&t, &agent).await, before + 1);
}

/// Makes every insert into `table` fail (a fault on our side: 500).
async fn break_inserts(t: &TestApp, table: &str) {
    let db = &t.app.db.conn;
    let backend = db.get_database_backend();
    let ddl: Vec<String> = if backend == DbBackend::Postgres {
        vec![
            "CREATE FUNCTION inject_fault() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$ LANGUAGE plpgsql".into(),
            format!("CREATE TRIGGER inject_fault BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION inject_fault()"),
        ]
    } else {
        vec![format!(
            "CREATE TRIGGER inject_fault BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'injected fault'); END"
        )]
    };
    for sql in ddl {
        db.execute(Statement::from_string(backend, sql))
            .await
            .expect("ddl");
    }
}

async fn repair_inserts(t: &TestApp, table: &str) {
    let db = &t.app.db.conn;
    let backend = db.get_database_backend();
    let sql = if backend == DbBackend::Postgres {
        format!("DROP TRIGGER inject_fault ON {table}")
    } else {
        "DROP TRIGGER inject_fault".to_owned()
    };
    db.execute(Statement::from_string(backend, sql))
        .await
        .expect("ddl");
}

#[tokio::test]
async fn a_failure_on_our_side_gives_the_key_back_and_the_retry_runs() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    break_inserts(&t, "conversations").await;
    problem(
        start_thread(&t, &of, Some("retry-me"), &hello()).await,
        500,
        "internal",
    )
    .await;
    repair_inserts(&t, "conversations").await;
    let retry = start_thread(&t, &of, Some("retry-me"), &hello()).await;
    assert_eq!(retry.status(), 201);
    assert!(!replayed(&retry));
    assert_eq!(threads(&t, &of).await, 1);
    // A 4xx is kept: the same invalid request answers the same, replayed.
    let empty = json!({ "subject": " ", "body": "x" });
    problem(
        start_thread(&t, &of, Some("bad"), &empty).await,
        422,
        "validation_failed",
    )
    .await;
    let res = start_thread(&t, &of, Some("bad"), &empty).await;
    assert!(replayed(&res));
    problem(res, 422, "validation_failed").await;
}

#[tokio::test]
async fn a_running_request_holds_its_key_until_it_releases_it() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let actor = t.app.authenticate(&of).await.expect("actor");
    let body = serde_json::to_vec(&hello()).expect("json");
    let hash = realis_server::idempotency::request_hash("POST", THREADS, "", &body);
    let realis_app::idempotency::Claim::Acquired(lease) = t
        .app
        .claim_idempotency_key(&actor, "held", &hash)
        .await
        .expect("claim")
    else {
        panic!("not acquired");
    };
    let res = t
        .client
        .post(t.url(THREADS))
        .bearer_auth(&of)
        .header("idempotency-key", "held")
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .await
        .expect("request");
    assert_eq!(res.headers()["retry-after"], "1");
    problem(res, 409, "idempotency_key_in_progress").await;
    assert_eq!(threads(&t, &of).await, 0);
    t.app
        .release_idempotency_key(&lease)
        .await
        .expect("release");
    let res = t
        .client
        .post(t.url(THREADS))
        .bearer_auth(&of)
        .header("idempotency-key", "held")
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 201);
    assert_eq!(threads(&t, &of).await, 1);
}

#[tokio::test]
async fn a_key_expires_after_24_hours() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    assert_eq!(
        start_thread(&t, &of, Some("daily"), &hello())
            .await
            .status(),
        201
    );
    t.app.clock.advance(Duration::hours(23));
    let of = t.token("of@formapro.test").await;
    assert!(replayed(
        &start_thread(&t, &of, Some("daily"), &hello()).await
    ));
    assert_eq!(t.app.purge_idempotency_keys().await.expect("purge"), 0);
    t.app.clock.advance(Duration::hours(1));
    // The purge deletes it; met again, an expired key is reclaimed anyway.
    assert_eq!(t.app.purge_idempotency_keys().await.expect("purge"), 1);
    let of = t.token("of@formapro.test").await;
    let res = start_thread(&t, &of, Some("daily"), &hello()).await;
    assert_eq!(res.status(), 201);
    assert!(!replayed(&res));
    assert_eq!(threads(&t, &of).await, 2);
    t.app.clock.advance(Duration::hours(25));
    let of = t.token("of@formapro.test").await;
    let other = json!({ "subject": "Autre", "body": "Autre chose." });
    let res = start_thread(&t, &of, Some("daily"), &other).await;
    assert_eq!(res.status(), 201);
    assert!(!replayed(&res));
}

#[tokio::test]
async fn two_users_with_one_key_both_run() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let (other_of, _) = crate::conversations::other_tenants(&t).await;
    let mine = start_thread(&t, &of, Some("shared"), &hello()).await;
    let theirs = start_thread(&t, &other_of, Some("shared"), &hello()).await;
    assert_eq!(
        (mine.status().as_u16(), theirs.status().as_u16()),
        (201, 201)
    );
    assert!(!replayed(&mine) && !replayed(&theirs));
    assert_eq!(threads(&t, &of).await, 1);
    assert_eq!(threads(&t, &other_of).await, 1);
}

#[tokio::test]
async fn a_key_is_one_to_255_visible_ascii_characters() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let long = "k".repeat(256);
    for bad in ["", " ", "a b", long.as_str(), "\"\""] {
        problem(
            start_thread(&t, &of, Some(bad), &hello()).await,
            400,
            "invalid_idempotency_key",
        )
        .await;
    }
    let res = t
        .client
        .post(t.url(THREADS))
        .bearer_auth(&of)
        .header("idempotency-key", "a")
        .header("idempotency-key", "b")
        .json(&hello())
        .send()
        .await
        .expect("request");
    problem(res, 400, "invalid_idempotency_key").await;
    let res = t
        .client
        .post(t.url(THREADS))
        .bearer_auth(&of)
        .header(
            "idempotency-key",
            reqwest::header::HeaderValue::from_bytes(b"cl\xc3\xa9").expect("value"),
        )
        .json(&hello())
        .send()
        .await
        .expect("request");
    problem(res, 400, "invalid_idempotency_key").await;
    assert_eq!(threads(&t, &of).await, 0);
    let max = "~".repeat(255);
    assert_eq!(
        start_thread(&t, &of, Some(&max), &hello()).await.status(),
        201
    );
    // The draft's quoted form is the same key.
    assert_eq!(
        start_thread(&t, &of, Some("quoted"), &hello())
            .await
            .status(),
        201
    );
    assert!(replayed(
        &start_thread(&t, &of, Some("\"quoted\""), &hello()).await
    ));
    assert_eq!(threads(&t, &of).await, 2);
}

#[tokio::test]
async fn requests_without_a_signed_in_user_ignore_the_key() {
    let t = spawn_app().await;
    let login = |key: &'static str| {
        t.client
            .post(t.url("/api/v1/auth/login"))
            .header("idempotency-key", key)
            .json(
                &json!({ "login": "of@formapro.test", "password": crate::helpers::DEMO_PASSWORD }),
            )
            .send()
    };
    let first = login("login").await.expect("request");
    let second = login("login").await.expect("request");
    assert_eq!(
        (first.status().as_u16(), second.status().as_u16()),
        (200, 200)
    );
    assert!(!replayed(&second));
    // Two logins, two sessions (the refresh cookies differ; the bearer tokens are equal on the
    // fixed clock).
    let cookie = |r: &reqwest::Response| {
        r.headers()["set-cookie"]
            .to_str()
            .expect("cookie")
            .to_owned()
    };
    assert_ne!(cookie(&first), cookie(&second));
    // A bad token with a key is the route's 401, not kept.
    let res = start_thread(&t, "not-a-token", Some("anon"), &hello()).await;
    problem(res, 401, "invalid_token").await;
}
