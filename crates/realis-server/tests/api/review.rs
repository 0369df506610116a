//! The funder reviews documents; readiness follows; the OF is e-mailed over real SMTP.

use std::time::Duration;

use realis_mail::Mailer;
use realis_mail::testing::SmtpSink;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, jpeg, pdf, png, problem, spawn_app, spawn_app_with};

fn codes(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|e| e["code"].as_str().expect("code").to_owned())
        .collect()
}

async fn organisation_id(t: &TestApp, of_token: &str) -> i64 {
    let o: Value = t
        .get_with("/api/v1/organisation", of_token)
        .await
        .json()
        .await
        .expect("json");
    o["id"].as_i64().expect("id")
}

async fn review(t: &TestApp, token: &str, org: i64, kind: &str, body: Value) -> reqwest::Response {
    t.send_json(
        Method::POST,
        &format!("/api/v1/funder/organisations/{org}/documents/{kind}/review"),
        token,
        &body,
    )
    .await
}

#[tokio::test]
async fn readiness_follows_uploads_and_reviews_until_online_certification_is_available() {
    let sink = SmtpSink::start().expect("aiosmtpd must be installed (pip install aiosmtpd)");
    let t = spawn_app_with(
        Mailer::smtp(
            &sink.url(),
            "Réalis <no-reply@realis.test>",
            Duration::from_secs(5),
        )
        .expect("mailer"),
    )
    .await;
    let of = t.token("of@formapro.test").await;
    let agent = t.token("agent@tp-idf.test").await;
    let org = organisation_id(&t, &of).await;
    t.put_bytes("/api/v1/organisation/logo", &of, "image/png", png(200, 80))
        .await;
    t.put_bytes(
        "/api/v1/organisation/stamp",
        &of,
        "image/png",
        png(120, 120),
    )
    .await;
    t.put_bytes(
        "/api/v1/organisation/documents/kbis",
        &of,
        "application/pdf",
        pdf(),
    )
    .await;
    let res = t
        .put_bytes(
            "/api/v1/organisation/documents/consent_letter",
            &of,
            "image/jpeg",
            jpeg(100, 140),
        )
        .await;
    let o: Value = res.json().await.expect("json");
    assert_eq!(
        codes(&o["readiness"]["online_missing"]),
        vec!["kbis_pending", "consent_letter_pending"]
    );

    // The agent's dashboard lists both documents.
    let d: Value = t
        .get_with("/api/v1/dashboard", &agent)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(d["documents"].as_array().expect("docs").len(), 2);
    assert_eq!(d["pending_count"], 2);
    let list: Value = t
        .get_with("/api/v1/funder/organisations?q=forma", &agent)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["documents_pending"], 2);

    // The agent opens the Kbis and accepts it; rejects the consent letter without then with a reason.
    let res = t
        .get_with(
            &format!("/api/v1/funder/organisations/{org}/documents/kbis"),
            &agent,
        )
        .await;
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(
        review(&t, &agent, org, "kbis", json!({ "decision": "accept" }))
            .await
            .status(),
        200
    );
    problem(
        review(&t, &agent, org, "kbis", json!({ "decision": "accept" })).await,
        409,
        "conflict",
    )
    .await;
    let p = problem(
        review(
            &t,
            &agent,
            org,
            "consent_letter",
            json!({ "decision": "reject" }),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "reason");
    problem(
        review(
            &t,
            &agent,
            org,
            "consent_letter",
            json!({ "decision": "maybe" }),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    let res = review(
        &t,
        &agent,
        org,
        "consent_letter",
        json!({ "decision": "reject", "reason": "Signature manquante" }),
    )
    .await;
    assert_eq!(res.status(), 200);

    let o: Value = t
        .get_with("/api/v1/organisation", &of)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        codes(&o["readiness"]["online_missing"]),
        vec!["consent_letter_rejected"]
    );
    let letter = o["documents"]
        .as_array()
        .expect("docs")
        .iter()
        .find(|d| d["kind"] == "consent_letter")
        .cloned()
        .expect("doc");
    assert_eq!(letter["status"], "rejected");
    assert_eq!(letter["reason"], "Signature manquante");
    assert!(letter["reviewed_at"].is_string());

    // Upload again, accepted: online certification becomes available.
    t.put_bytes(
        "/api/v1/organisation/documents/consent_letter",
        &of,
        "application/pdf",
        pdf(),
    )
    .await;
    review(
        &t,
        &agent,
        org,
        "consent_letter",
        json!({ "decision": "accept" }),
    )
    .await;
    let o: Value = t
        .get_with("/api/v1/organisation", &of)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(o["readiness"]["online_available"], true, "{o}");

    // The OF was e-mailed at each review, over SMTP.
    t.app.send_due_mail().await.expect("send");
    let mails = sink.wait_for(3);
    let subjects: Vec<&str> = mails.iter().map(|m| m.subject.as_str()).collect();
    assert!(subjects.contains(&"Réalis — Kbis contrôlé"), "{subjects:?}");
    assert!(
        subjects.contains(&"Réalis — Lettre de consentement refusée"),
        "{subjects:?}"
    );
    let refused = mails
        .iter()
        .find(|m| m.subject.contains("refusé"))
        .expect("refusal");
    assert_eq!(refused.to, "contact@formapro.test");
    assert!(refused.text.contains("Signature manquante"));
    assert!(refused.text.contains("26/11/2026"));
    assert_eq!(
        realis_store::audit::verify_chain(&t.app.db.conn, &t.app.audit_key)
            .await
            .expect("verify"),
        None
    );
}

#[tokio::test]
async fn an_agent_of_another_funder_and_other_roles_get_404_on_an_organisation() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let org = organisation_id(&t, &of).await;
    t.put_bytes(
        "/api/v1/organisation/documents/kbis",
        &of,
        "application/pdf",
        pdf(),
    )
    .await;
    // A second funder and its agent, created by the admin.
    let admin = t.token("admin@realis.test").await;
    let res = t
        .send_json(Method::POST, "/api/v1/admin/funders", &admin, &json!({ "name": "Transitions Pro Bretagne", "region": "Bretagne", "agent": { "email": "agent@tp-bzh.test", "display_name": "Agent Bretagne" } }))
        .await;
    assert_eq!(res.status(), 201);
    let other_agent = crate::admin::activate(&t, "agent@tp-bzh.test").await;
    for token in [
        other_agent.as_str(),
        of.as_str(),
        &t.token("michelle.dubois@realis.test").await,
    ] {
        for path in [
            format!("/api/v1/funder/organisations/{org}"),
            format!("/api/v1/funder/organisations/{org}/documents/kbis"),
            format!("/api/v1/funder/organisations/{org}/logo"),
        ] {
            problem(t.get_with(&path, token).await, 404, "not_found").await;
        }
        problem(
            review(&t, token, org, "kbis", json!({ "decision": "accept" })).await,
            404,
            "not_found",
        )
        .await;
    }
    let list: Value = t
        .get_with("/api/v1/funder/organisations", &other_agent)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list["total"], 0);
    problem(
        t.get_with("/api/v1/funder/organisations/abc", &other_agent)
            .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn an_agent_creates_an_organisation_whose_first_user_is_invited() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let body = json!({ "name": "Institut Lumière", "siret": "356 000 000 49837", "email": "contact@lumiere.test", "user": { "email": "direction@lumiere.test", "display_name": "Louise Lumière" } });
    let res = t
        .send_json(Method::POST, "/api/v1/funder/organisations", &agent, &body)
        .await;
    assert_eq!(res.status(), 201);
    let o: Value = res.json().await.expect("json");
    assert_eq!(o["siret"], "35600000049837");
    problem(
        t.send_json(Method::POST, "/api/v1/funder/organisations", &agent, &body)
            .await,
        422,
        "validation_failed",
    )
    .await;
    let mut bad = body.clone();
    bad["siret"] = json!("12345678912345");
    bad["user"]["email"] = json!("nope");
    let p = problem(
        t.send_json(Method::POST, "/api/v1/funder/organisations", &agent, &bad)
            .await,
        422,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .expect("e")
        .iter()
        .map(|e| e["field"].as_str().expect("f"))
        .collect();
    assert_eq!(fields, vec!["siret", "user.email"]);
    let of = t.token("of@formapro.test").await;
    problem(
        t.send_json(Method::POST, "/api/v1/funder/organisations", &of, &body)
            .await,
        403,
        "forbidden",
    )
    .await;
    let token = crate::admin::activate(&t, "direction@lumiere.test").await;
    let mine: Value = t
        .get_with("/api/v1/organisation", &token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(mine["name"], "Institut Lumière");
    assert_eq!(
        codes(&mine["readiness"]["blocking"]),
        vec!["no_legal_representative", "no_logo"]
    );
}
