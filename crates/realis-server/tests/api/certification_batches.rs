//! Certification batches (issue #13): many months certified at once with one code bound to the
//! set and its hours, all or nothing; or with one signed scan per month.

use reqwest::Method;
use serde_json::{Value, json};

use crate::certification::{get_json, last_code, month_url, post, prepared_month};
use crate::helpers::{TestApp, pdf, problem, spawn_app};

const BATCHES: &str = "/api/v1/certifications/batches";

/// `n` dossiers with October prepared, the OF ready for online certification.
async fn prepared_months(t: &TestApp, n: usize) -> (Vec<i64>, String) {
    let mut ids = Vec::new();
    let mut of = String::new();
    for i in 0..n {
        let (id, token) = prepared_month(t, &format!("D-LOT{i}"), &["2026-10"], i == 0).await;
        ids.push(id);
        of = token;
    }
    (ids, of)
}

fn months(ids: &[i64]) -> Value {
    json!({ "months": ids.iter().map(|id| json!({ "dossier_id": id, "period": "2026-10" })).collect::<Vec<_>>() })
}

async fn batch(t: &TestApp, of: &str, ids: &[i64]) -> Value {
    let res = post(t, of, BATCHES, months(ids)).await;
    assert_eq!(
        res.status(),
        201,
        "{}",
        res.text().await.unwrap_or_default()
    );
    res.json().await.expect("json")
}

async fn send_code(t: &TestApp, of: &str, batch_id: i64) -> String {
    let res = post(
        t,
        of,
        &format!("{BATCHES}/{batch_id}/code"),
        json!({ "ip_consent": true }),
    )
    .await;
    assert_eq!(
        res.status(),
        202,
        "{}",
        res.text().await.unwrap_or_default()
    );
    last_code(t).await
}

async fn verify(t: &TestApp, of: &str, batch_id: i64, code: &str) -> reqwest::Response {
    post(
        t,
        of,
        &format!("{BATCHES}/{batch_id}/code/verify"),
        json!({ "code": code }),
    )
    .await
}

#[tokio::test]
async fn one_code_certifies_every_month_of_the_batch_each_with_its_own_certificate() {
    let t = spawn_app().await;
    let (ids, of) = prepared_months(&t, 3).await;
    let b = batch(&t, &of, &ids).await;
    let batch_id = b["id"].as_i64().expect("id");
    assert_eq!(b["months"].as_array().expect("months").len(), 3);
    // Each month: 7 + 3.5 training, 3.5 internship, 0.5 absence.
    assert_eq!(b["totals"]["training"], json!(31.5));
    assert_eq!(b["totals"]["absence"], json!(1.5));
    assert_eq!(b["mode"], Value::Null);

    let code = send_code(&t, &of, batch_id).await;
    let sent = t.app.mailer.sent();
    let mail = sent
        .iter()
        .rev()
        .find(|m| m.subject.contains("Code de vérification"))
        .expect("code mail");
    assert!(mail.subject.contains("3\u{a0}mois"), "{}", mail.subject);
    assert!(!mail.subject.contains(&code));
    for n in ["D-LOT0", "D-LOT1", "D-LOT2"] {
        assert!(mail.text.contains(n), "{n} missing from the code e-mail");
    }
    let state = get_json(&t, &of, &format!("{BATCHES}/{batch_id}")).await;
    assert_eq!(state["online"]["attempts_left"], 3);

    let wrong = if code.starts_with('0') {
        code.replacen('0', "1", 1)
    } else {
        format!("0{}", &code[1..])
    };
    let p = problem(verify(&t, &of, batch_id, &wrong).await, 422, "wrong_code").await;
    assert_eq!(p["attempts_left"], 2);
    // A batch code does not certify a month on its own.
    let res = post(
        &t,
        &of,
        &month_url(ids[0], "2026-10", "/code/verify"),
        json!({ "code": code }),
    )
    .await;
    problem(res, 410, "code_expired").await;

    let before = t.app.mailer.sent().len();
    let res = verify(&t, &of, batch_id, &code).await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let done: Value = res.json().await.expect("json");
    assert_eq!(done["mode"], "online");
    let anon = reqwest::Client::new();
    for m in done["months"].as_array().expect("months") {
        assert_ne!(m["status"], "awaiting_certification");
        let vc = m["verification_code"].as_str().expect("verification code");
        let res = anon
            .get(t.url(&format!("/api/v1/verify/{vc}")))
            .send()
            .await
            .expect("verify");
        assert_eq!(res.status(), 200, "{vc}");
        let e = get_json(
            &t,
            &of,
            &month_url(
                m["dossier_id"].as_i64().expect("id"),
                "2026-10",
                "/evidence",
            ),
        )
        .await;
        let certified: Vec<&Value> = e["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|i| i["action"] == "certified")
            .collect();
        assert_eq!(certified.len(), 1);
        assert!(
            e["items"]
                .as_array()
                .expect("items")
                .iter()
                .any(|i| i["action"] == "code_sent")
        );
        assert_eq!(e["chain"]["intact"], true, "{e}");
    }
    t.app.send_due_mail().await.expect("send");
    let after: Vec<_> = t.app.mailer.sent().into_iter().skip(before).collect();
    // Each beneficiary asked to validate; one summary to the certifier (not one per month).
    let mut asked: Vec<&str> = after
        .iter()
        .filter(|m| m.subject.contains("à valider"))
        .map(|m| m.to.as_str())
        .collect();
    asked.sort_unstable();
    assert_eq!(
        asked,
        vec![
            "d-lot0@realis.test",
            "d-lot1@realis.test",
            "d-lot2@realis.test"
        ]
    );
    let summaries: Vec<_> = after
        .iter()
        .filter(|m| m.subject.contains("Certification effectuée"))
        .collect();
    assert_eq!(summaries.len(), 1);
    assert!(summaries[0].subject.contains("3\u{a0}mois"));
    // Used: the code certifies nothing more.
    problem(verify(&t, &of, batch_id, &code).await, 410, "code_expired").await;
}

#[tokio::test]
async fn twenty_concurrent_verifications_of_a_batch_code_certify_it_exactly_once() {
    let t = spawn_app().await;
    let (ids, of) = prepared_months(&t, 3).await;
    let batch_id = batch(&t, &of, &ids).await["id"].as_i64().expect("id");
    let code = send_code(&t, &of, batch_id).await;
    let statuses = crate::helpers::concurrent_posts(
        &t,
        &of,
        &format!("{BATCHES}/{batch_id}/code/verify"),
        json!({ "code": code }),
        20,
    )
    .await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| [200, 409, 410].contains(s)),
        "{statuses:?}"
    );
    for id in &ids {
        let e = get_json(&t, &of, &month_url(*id, "2026-10", "/evidence")).await;
        assert_eq!(e["certificates"].as_array().expect("certs").len(), 1);
        assert_eq!(
            e["items"]
                .as_array()
                .expect("items")
                .iter()
                .filter(|i| i["action"] == "certified")
                .count(),
            1
        );
    }
}

#[tokio::test]
async fn editing_one_month_after_the_code_was_sent_voids_it_and_names_the_month() {
    let t = spawn_app().await;
    let (ids, of) = prepared_months(&t, 3).await;
    let batch_id = batch(&t, &of, &ids).await["id"].as_i64().expect("id");
    let code = send_code(&t, &of, batch_id).await;
    let m = get_json(&t, &of, &month_url(ids[1], "2026-10", "")).await;
    let res = t
        .send_json(
            Method::PUT,
            &month_url(ids[1], "2026-10", "/hours"),
            &of,
            &json!({ "version": m["version"], "days": [{ "date": "2026-10-15", "training": 6 }] }),
        )
        .await;
    assert_eq!(res.status(), 200);
    // Even prepared again, the month is not what the code approved.
    let res = post(
        &t,
        &of,
        &month_url(ids[1], "2026-10", "/prepare"),
        json!({ "hours_certified": true }),
    )
    .await;
    assert_eq!(res.status(), 200);
    let p = problem(verify(&t, &of, batch_id, &code).await, 409, "conflict").await;
    assert_eq!(p["conflict"], "batch_month_changed");
    assert_eq!(p["errors"][0]["field"], "months[1]");
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .expect("message")
            .contains("D-LOT1")
    );
    // Nothing was certified: all or nothing.
    for id in &ids {
        let m = get_json(&t, &of, &month_url(*id, "2026-10", "")).await;
        assert_eq!(m["status"], "awaiting_certification", "{m}");
    }
    let view = get_json(&t, &of, &format!("{BATCHES}/{batch_id}")).await;
    assert_eq!(view["months"][1]["changed"], true);
    assert_eq!(view["months"][0]["changed"], false);
    // A new batch of the same months certifies them.
    let again = batch(&t, &of, &ids).await["id"].as_i64().expect("id");
    let res = post(
        &t,
        &of,
        &format!("{BATCHES}/{again}/code"),
        json!({ "ip_consent": true }),
    )
    .await;
    assert_eq!(res.status(), 202);
    let code = last_code(&t).await;
    assert_eq!(verify(&t, &of, again, &code).await.status(), 200);
}

#[tokio::test]
async fn a_month_of_another_organisation_makes_the_whole_request_404() {
    let t = spawn_app().await;
    let (ids, of) = prepared_months(&t, 2).await;
    let (other_of, _) = crate::conversations::other_tenants(&t).await;
    problem(
        post(&t, &other_of, BATCHES, months(&ids)).await,
        404,
        "not_found",
    )
    .await;
    let mut mixed = ids.clone();
    mixed.push(999_999);
    problem(
        post(&t, &of, BATCHES, months(&mixed)).await,
        404,
        "not_found",
    )
    .await;
    // Another organisation's batch is not found either.
    let batch_id = batch(&t, &of, &ids).await["id"].as_i64().expect("id");
    for path in [format!("{BATCHES}/{batch_id}")] {
        problem(t.get_with(&path, &other_of).await, 404, "not_found").await;
    }
    let res = post(
        &t,
        &other_of,
        &format!("{BATCHES}/{batch_id}/code"),
        json!({ "ip_consent": true }),
    )
    .await;
    problem(res, 404, "not_found").await;
    // The funder's agent makes no batches.
    let agent = t.token("agent@tp-idf.test").await;
    problem(
        post(&t, &agent, BATCHES, months(&ids)).await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn a_batch_refuses_bad_sets_naming_each_month() {
    let t = spawn_app().await;
    let (ids, of) = prepared_months(&t, 1).await;
    let draft =
        crate::dossiers::create_dossier(&t, "D-BROUILLON", None, "d-brouillon@realis.test").await;
    problem(
        post(&t, &of, BATCHES, json!({ "months": [] })).await,
        422,
        "validation_failed",
    )
    .await;
    let body = json!({ "months": [
        { "dossier_id": ids[0], "period": "2026-10" },
        { "dossier_id": draft, "period": "2026-10" },
        { "dossier_id": ids[0], "period": "2026-10" },
    ] });
    let p = problem(post(&t, &of, BATCHES, body).await, 422, "validation_failed").await;
    let fields: Vec<(&str, &str)> = p["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["field"].as_str().expect("f"),
                e["code"].as_str().expect("c"),
            )
        })
        .collect();
    assert_eq!(
        fields,
        vec![
            ("months[1]", "not_certifiable"),
            ("months[2]", "duplicate_item")
        ]
    );
    let many: Vec<i64> = vec![ids[0]; 201];
    let p = problem(
        post(&t, &of, BATCHES, months(&many)).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "too_many_months");
    let batch_id = batch(&t, &of, &ids).await["id"].as_i64().expect("id");
    let res = post(
        &t,
        &of,
        &format!("{BATCHES}/{batch_id}/code"),
        json!({ "ip_consent": false }),
    )
    .await;
    problem(res, 422, "validation_failed").await;
}

#[tokio::test]
async fn a_batch_certifies_by_upload_once_every_month_has_its_scan() {
    let t = spawn_app().await;
    let (ids, of) = prepared_months(&t, 2).await;
    let batch_id = batch(&t, &of, &ids).await["id"].as_i64().expect("id");
    let certify = format!("{BATCHES}/{batch_id}/certify");
    let res = post(&t, &of, &certify, json!({ "mode": "online" })).await;
    problem(res, 422, "validation_failed").await;
    let res = t
        .put_bytes(
            &month_url(ids[0], "2026-10", "/signed-certificate"),
            &of,
            "application/pdf",
            pdf(),
        )
        .await;
    assert_eq!(res.status(), 200);
    let p = problem(
        post(&t, &of, &certify, json!({ "mode": "upload" })).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "months[1]");
    assert_eq!(p["errors"][0]["code"], "scan_missing");
    let view = get_json(&t, &of, &format!("{BATCHES}/{batch_id}")).await;
    assert_eq!(view["months"][0]["signed_certificate"], true);
    assert_eq!(view["months"][1]["signed_certificate"], false);
    let res = t
        .put_bytes(
            &month_url(ids[1], "2026-10", "/signed-certificate"),
            &of,
            "application/pdf",
            pdf(),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = post(&t, &of, &certify, json!({ "mode": "upload" })).await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let done: Value = res.json().await.expect("json");
    assert_eq!(done["mode"], "upload");
    for m in done["months"].as_array().expect("months") {
        assert!(m["verification_code"].is_string());
        let cert = get_json(
            &t,
            &of,
            &month_url(m["dossier_id"].as_i64().expect("id"), "2026-10", ""),
        )
        .await;
        assert_eq!(cert["certificate"]["mode"], "upload", "{cert}");
    }
}
