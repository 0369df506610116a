//! Certifier designations (SPEC F1, §6): a new certifier is effective only once the funder
//! accepts it; designations made before the consent letter's acceptance are accepted with it;
//! unflagging takes effect at once.

use reqwest::Method;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::certification::{get_json, month_url, post, prepared_month};
use crate::helpers::{TestApp, jpeg, pdf, png, problem, spawn_app};

fn codes(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|e| e["code"].as_str().expect("code").to_owned())
        .collect()
}

/// Mails sent so far to `to` whose subject contains `subject`.
async fn mails_to(t: &TestApp, to: &str, subject: &str) -> Vec<realis_mail::SentMail> {
    t.app.send_due_mail().await.expect("send");
    t.app
        .mailer
        .sent()
        .into_iter()
        .filter(|m| m.to == to && m.subject.contains(subject))
        .collect()
}

/// Audit actions recorded so far, in order.
async fn audit_actions(t: &TestApp) -> Vec<String> {
    let backend = t.app.db.conn.get_database_backend();
    t.app
        .db
        .conn
        .query_all(Statement::from_string(
            backend,
            "SELECT action FROM audit_log ORDER BY id",
        ))
        .await
        .expect("audit")
        .iter()
        .map(|r| r.try_get::<String>("", "action").expect("action"))
        .collect()
}

/// Invites a colleague of the demo OF and returns (user id, token).
async fn colleague(t: &TestApp, of: &str, email: &str, certifier: bool) -> (i64, String) {
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/organisation/users",
            of,
            &json!({ "email": email, "display_name": "Paul Martin", "certifier": certifier }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let u: Value = res.json().await.expect("json");
    let token = crate::admin::activate(t, email).await;
    (u["id"].as_i64().expect("id"), token)
}

async fn review(t: &TestApp, token: &str, org: i64, user: i64, body: Value) -> reqwest::Response {
    post(
        t,
        token,
        &format!("/api/v1/funder/organisations/{org}/certifiers/{user}/review"),
        body,
    )
    .await
}

async fn flag(t: &TestApp, of: &str, user: i64, certifier: bool) -> Value {
    let res = t
        .send_json(
            Method::PUT,
            &format!("/api/v1/organisation/users/{user}"),
            of,
            &json!({ "certifier": certifier }),
        )
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.expect("json")
}

#[tokio::test]
async fn a_new_certifier_certifies_online_only_once_the_funder_accepts_it() {
    let t = spawn_app().await;
    // The OF is ready online: documents accepted, stamp; the demo certifier stays effective.
    let (id, of) = prepared_month(&t, "D-DES", &["2026-10"], true).await;
    let agent = t.token("agent@tp-idf.test").await;
    let o = get_json(&t, &of, "/api/v1/organisation").await;
    assert_eq!(o["readiness"]["online_available"], true, "{o}");
    let org = o["id"].as_i64().expect("org");

    // Paul is flagged by a colleague: pending, not effective.
    let (paul, paul_token) = colleague(&t, &of, "paul.martin@formapro.test", false).await;
    let u = flag(&t, &of, paul, true).await;
    let o = get_json(&t, &paul_token, "/api/v1/organisation").await;
    assert_eq!(o["readiness"]["online_available"], false);
    assert_eq!(
        codes(&o["readiness"]["online_missing"]),
        vec!["designation_pending"]
    );
    assert_eq!(
        o["readiness"]["online_missing"][0]["message"],
        "Désignation en attente de contrôle par votre Transitions Pro"
    );
    let send = json!({ "ip_consent": true });
    let p = problem(
        post(
            &t,
            &paul_token,
            &month_url(id, "2026-10", "/code"),
            send.clone(),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "designation_pending");
    assert_eq!(u["designation"]["status"], "pending");
    // The legal representative (the organisation's address) is told of the request.
    let request = mails_to(&t, "contact@formapro.test", "certificateur").await;
    assert_eq!(request.len(), 1);
    assert!(
        request[0].text.contains("Paul Martin"),
        "{}",
        request[0].text
    );

    // The agent sees it to review, on the dashboard and the organisation.
    let dash = get_json(&t, &agent, "/api/v1/dashboard").await;
    assert_eq!(dash["certifiers"][0]["user_id"], paul);
    assert_eq!(dash["certifiers"][0]["organisation_id"], org);
    let seen = get_json(&t, &agent, &format!("/api/v1/funder/organisations/{org}")).await;
    let listed = seen["certifiers"].as_array().expect("certifiers");
    assert!(
        listed
            .iter()
            .any(|c| c["user_id"] == paul && c["designation"]["status"] == "pending")
    );

    // A rejection needs a reason; then Paul reads why.
    let p = problem(
        review(&t, &agent, org, paul, json!({ "decision": "reject" })).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "reason_required");
    let res = review(
        &t,
        &agent,
        org,
        paul,
        json!({ "decision": "reject", "reason": "Absent de la lettre" }),
    )
    .await;
    assert_eq!(res.status(), 200);
    let o = get_json(&t, &paul_token, "/api/v1/organisation").await;
    assert_eq!(
        codes(&o["readiness"]["online_missing"]),
        vec!["designation_rejected"]
    );
    assert_eq!(
        o["readiness"]["online_missing"][0]["message"],
        "Désignation refusée le 26/11/2026\u{a0}: Absent de la lettre"
    );
    assert_eq!(
        mails_to(&t, "paul.martin@formapro.test", "refusée")
            .await
            .len(),
        1
    );
    problem(
        review(&t, &agent, org, paul, json!({ "decision": "accept" })).await,
        409,
        "conflict",
    )
    .await;

    // Asked again, then accepted: Paul certifies online.
    flag(&t, &of, paul, true).await;
    let res = review(&t, &agent, org, paul, json!({ "decision": "accept" })).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        mails_to(&t, "paul.martin@formapro.test", "acceptée")
            .await
            .len(),
        1
    );
    let o = get_json(&t, &paul_token, "/api/v1/organisation").await;
    assert_eq!(o["readiness"]["online_available"], true, "{o}");
    let res = post(
        &t,
        &paul_token,
        &month_url(id, "2026-10", "/code"),
        send.clone(),
    )
    .await;
    assert_eq!(res.status(), 202);

    // Unflagging takes effect at once: the code sent is refused, no new one is sent.
    flag(&t, &of, paul, false).await;
    let p = problem(
        post(
            &t,
            &paul_token,
            &month_url(id, "2026-10", "/code/verify"),
            json!({ "code": "000000" }),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "user_not_certifier");
    problem(
        post(&t, &paul_token, &month_url(id, "2026-10", "/code"), send).await,
        422,
        "validation_failed",
    )
    .await;

    let actions = audit_actions(&t).await;
    for a in [
        "certifier_designated",
        "certifier_reviewed",
        "certifier_withdrawn",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} not in {actions:?}");
    }
}

#[tokio::test]
async fn only_the_organisations_funder_reviews_its_designations() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let org = get_json(&t, &of, "/api/v1/organisation").await["id"]
        .as_i64()
        .expect("org");
    let (paul, _) = colleague(&t, &of, "paul.martin@formapro.test", true).await;
    let accept = json!({ "decision": "accept" });
    // Another funder's agent, the OF itself, the beneficiary: 404, as for a missing object.
    let admin = t.token("admin@realis.test").await;
    t.send_json(Method::POST, "/api/v1/admin/funders", &admin, &json!({ "name": "TP Bretagne", "region": "Bretagne", "agent": { "email": "agent@bzh.test", "display_name": "Agent" } })).await;
    let other_agent = crate::admin::activate(&t, "agent@bzh.test").await;
    for token in [
        &other_agent,
        &of,
        &t.token("michelle.dubois@realis.test").await,
    ] {
        problem(
            review(&t, token, org, paul, accept.clone()).await,
            404,
            "not_found",
        )
        .await;
    }
    let agent = t.token("agent@tp-idf.test").await;
    // A user who is not of this organisation, or has no designation.
    let me: Value = get_json(&t, &agent, "/api/v1/me").await;
    let agent_id = me["id"].as_i64().expect("id");
    problem(
        review(&t, &agent, org, agent_id, accept.clone()).await,
        404,
        "not_found",
    )
    .await;
    problem(
        review(&t, &agent, org, 99_999, accept.clone()).await,
        404,
        "not_found",
    )
    .await;
    let p = problem(
        review(&t, &agent, org, paul, json!({ "decision": "maybe" })).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "decision");
    assert_eq!(review(&t, &agent, org, paul, accept).await.status(), 200);
}

#[tokio::test]
async fn designations_made_before_the_consent_letter_is_accepted_are_accepted_with_it() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let agent = t.token("agent@tp-idf.test").await;
    t.put_bytes("/api/v1/organisation/logo", &of, "image/png", png(200, 80))
        .await;
    t.put_bytes(
        "/api/v1/organisation/stamp",
        &of,
        "image/png",
        png(120, 120),
    )
    .await;
    // Paul is designated at his invitation, before any consent letter.
    let (paul, paul_token) = colleague(&t, &of, "paul.martin@formapro.test", true).await;
    let o = get_json(&t, &paul_token, "/api/v1/organisation").await;
    assert!(codes(&o["readiness"]["online_missing"]).contains(&"designation_pending".to_owned()));
    let org = o["id"].as_i64().expect("org");
    t.put_bytes(
        "/api/v1/organisation/documents/kbis",
        &of,
        "application/pdf",
        pdf(),
    )
    .await;
    t.put_bytes(
        "/api/v1/organisation/documents/consent_letter",
        &of,
        "image/jpeg",
        jpeg(100, 140),
    )
    .await;
    for kind in ["kbis", "consent_letter"] {
        let res = post(
            &t,
            &agent,
            &format!("/api/v1/funder/organisations/{org}/documents/{kind}/review"),
            json!({ "decision": "accept" }),
        )
        .await;
        assert_eq!(res.status(), 200);
    }
    let o = get_json(&t, &paul_token, "/api/v1/organisation").await;
    assert_eq!(o["readiness"]["online_available"], true, "{o}");
    let me = o["certifiers"]
        .as_array()
        .expect("certifiers")
        .iter()
        .find(|c| c["user_id"] == paul)
        .cloned()
        .expect("paul listed");
    assert_eq!(me["designation"]["status"], "accepted");
    assert_eq!(me["designation"]["with_consent_letter"], true);
    assert_eq!(
        mails_to(&t, "paul.martin@formapro.test", "acceptée")
            .await
            .len(),
        1
    );

    // After the letter's acceptance, «Je suis certificateur» on the identity needs a review.
    let (claire, claire_token) = colleague(&t, &of, "claire@formapro.test", false).await;
    let mut identity = get_json(&t, &of, "/api/v1/organisation").await;
    identity["certifier"] = json!(false);
    let body = |v: &Value| json!({ "name": v["name"], "email": v["email"], "legal_representative": v["legal_representative"], "certifier": v["certifier"] });
    t.send_json(Method::PUT, "/api/v1/organisation", &of, &body(&identity))
        .await;
    identity["certifier"] = json!(true);
    let res = t
        .send_json(
            Method::PUT,
            "/api/v1/organisation",
            &claire_token,
            &body(&identity),
        )
        .await;
    assert_eq!(res.status(), 200);
    let o: Value = res.json().await.expect("json");
    assert_eq!(
        codes(&o["readiness"]["online_missing"]),
        vec!["designation_pending"]
    );
    let dash = get_json(&t, &agent, "/api/v1/dashboard").await;
    assert_eq!(dash["certifiers"][0]["user_id"], claire);
}
