//! One employer account represents its employer under every funder that names its e-mail
//! (issue 18): every employer-scoped read and decision honours all its links, and nothing else.

use reqwest::Method;
use serde_json::{Value, json};

use crate::certification::{get_json, month_url, post};
use crate::helpers::{TestApp, pdf, png, problem, spawn_app};

/// A dossier of `organisation_id` created by `agent`, with the given employer e-mail.
async fn dossier(
    t: &TestApp,
    agent: &str,
    organisation_id: i64,
    number: &str,
    employer_email: &str,
) -> i64 {
    let body = json!({
        "number": number,
        "organisation_id": organisation_id,
        "beneficiary": { "first_name": "Inès", "last_name": "Roux", "email": format!("{}@realis.test", number.to_lowercase()) },
        "employer": { "name": "Pharmaplus", "email": employer_email },
        "training_title": "BTS Diététique",
        "session_start": "2026-09-07",
        "session_end": "2027-06-30",
        "planned_calendar": []
    });
    let res = t
        .send_json(Method::POST, "/api/v1/funder/dossiers", agent, &body)
        .await;
    assert_eq!(
        res.status(),
        201,
        "{}",
        res.text().await.unwrap_or_default()
    );
    res.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id")
}

/// Asks for employer validation only, in the agent's funder.
async fn employer_validates(t: &TestApp, agent: &str) {
    let mut s = get_json(t, agent, "/api/v1/funder/settings").await;
    s["validations"] = json!("employer");
    let res = t
        .send_json(Method::PUT, "/api/v1/funder/settings", agent, &s)
        .await;
    assert_eq!(res.status(), 200);
}

/// Enters, prepares and certifies (upload mode) October 2026 of a dossier.
async fn certify_october(t: &TestApp, of: &str, id: i64) -> Value {
    let m = get_json(t, of, &month_url(id, "2026-10", "")).await;
    let res = t
        .send_json(
            Method::PUT,
            &month_url(id, "2026-10", "/hours"),
            of,
            &json!({ "version": m["version"], "days": [{ "date": "2026-10-15", "training": 7 }] }),
        )
        .await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let res = post(
        t,
        of,
        &month_url(id, "2026-10", "/prepare"),
        json!({ "hours_certified": true }),
    )
    .await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    t.put_bytes(
        &month_url(id, "2026-10", "/signed-certificate"),
        of,
        "application/pdf",
        pdf(),
    )
    .await;
    let res = post(
        t,
        of,
        &month_url(id, "2026-10", "/certify"),
        json!({ "mode": "upload" }),
    )
    .await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    res.json().await.expect("json")
}

#[tokio::test]
async fn one_employer_account_validates_the_months_of_two_funders_and_sees_nothing_else() {
    let t = spawn_app().await;
    let idf = t.token("agent@tp-idf.test").await;
    let formapro = t.token("of@formapro.test").await;
    t.put_bytes(
        "/api/v1/organisation/logo",
        &formapro,
        "image/png",
        png(200, 80),
    )
    .await;
    let formapro_id = get_json(&t, &formapro, "/api/v1/organisation").await["id"]
        .as_i64()
        .expect("org");
    // A second funder, one of its OFs, ready to certify in upload mode.
    let admin = t.token("admin@realis.test").await;
    t.send_json(Method::POST, "/api/v1/admin/funders", &admin, &json!({ "name": "TP Bretagne", "region": "Bretagne", "agent": { "email": "agent@bzh.test", "display_name": "Agent BZH" } })).await;
    let bzh = crate::admin::activate(&t, "agent@bzh.test").await;
    let res = t.send_json(Method::POST, "/api/v1/funder/organisations", &bzh, &json!({ "name": "Breizh Formation", "siret": "35600000049837", "email": "contact@breizh.test", "user": { "email": "of@breizh.test", "display_name": "Yann" } })).await;
    assert_eq!(res.status(), 201);
    let breizh_id = res.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("org");
    let breizh = crate::admin::activate(&t, "of@breizh.test").await;
    let res = t.send_json(Method::PUT, "/api/v1/organisation", &breizh, &json!({ "name": "Breizh Formation", "email": "contact@breizh.test", "legal_representative": "Yann Le Gall" })).await;
    assert_eq!(res.status(), 200);
    t.put_bytes(
        "/api/v1/organisation/logo",
        &breizh,
        "image/png",
        png(200, 80),
    )
    .await;
    employer_validates(&t, &idf).await;
    employer_validates(&t, &bzh).await;

    // The same employer e-mail under both funders; another employer under each.
    let ours_idf = dossier(&t, &idf, formapro_id, "IDF-EMP-1", "rh@pharmaplus.test").await;
    let ours_bzh = dossier(&t, &bzh, breizh_id, "BZH-EMP-1", "RH@Pharmaplus.test").await;
    let other_idf = dossier(&t, &idf, formapro_id, "IDF-EMP-2", "rh@autre.test").await;
    let other_bzh = dossier(&t, &bzh, breizh_id, "BZH-EMP-2", "rh@ailleurs.test").await;
    for (of, id) in [
        (&formapro, ours_idf),
        (&breizh, ours_bzh),
        (&formapro, other_idf),
        (&breizh, other_bzh),
    ] {
        assert_eq!(
            certify_october(&t, of, id).await["status"],
            "awaiting_employer"
        );
    }
    let rh = t.token("rh@pharmaplus.test").await;
    let list = get_json(&t, &rh, "/api/v1/dossiers").await;
    let numbers: Vec<&str> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|d| d["number"].as_str().expect("number"))
        .collect();
    assert!(
        numbers.contains(&"IDF-EMP-1") && numbers.contains(&"BZH-EMP-1"),
        "{numbers:?}"
    );
    assert!(!numbers.iter().any(|n| n.ends_with("EMP-2")), "{numbers:?}");
    let dash = get_json(&t, &rh, "/api/v1/dashboard").await;
    assert_eq!(dash["pending_count"], 2, "{dash}");

    // Every employer read works on both; the decision too.
    for id in [ours_idf, ours_bzh] {
        get_json(&t, &rh, &format!("/api/v1/dossiers/{id}")).await;
        get_json(&t, &rh, &format!("/api/v1/dossiers/{id}/payments")).await;
        get_json(&t, &rh, &month_url(id, "2026-10", "/evidence")).await;
        let res = t
            .get_with(&month_url(id, "2026-10", "/certificate.pdf"), &rh)
            .await;
        assert_eq!(res.status(), 200);
        let res = post(
            &t,
            &rh,
            &month_url(id, "2026-10", "/validation"),
            json!({ "decision": "validate" }),
        )
        .await;
        assert_eq!(
            res.status(),
            200,
            "{}",
            res.text().await.unwrap_or_default()
        );
        let m: Value = res.json().await.expect("json");
        assert_eq!(m["status"], "validated");
    }
    // Other employers' dossiers stay foreign: 404 on each read and on the decision.
    for id in [other_idf, other_bzh] {
        for path in [
            format!("/api/v1/dossiers/{id}"),
            format!("/api/v1/dossiers/{id}/payments"),
            month_url(id, "2026-10", ""),
            month_url(id, "2026-10", "/evidence"),
            month_url(id, "2026-10", "/certificate.pdf"),
        ] {
            problem(t.get_with(&path, &rh).await, 404, "not_found").await;
        }
        problem(
            post(
                &t,
                &rh,
                &month_url(id, "2026-10", "/validation"),
                json!({ "decision": "validate" }),
            )
            .await,
            404,
            "not_found",
        )
        .await;
    }
    // Both funders' requests reach the one account.
    t.app.send_due_mail().await.expect("send");
    let asked: Vec<String> = t
        .app
        .mailer
        .sent()
        .into_iter()
        .filter(|m| m.to == "rh@pharmaplus.test" && m.subject.contains("à valider"))
        .map(|m| m.text)
        .collect();
    assert_eq!(asked.len(), 2, "{asked:?}");
    assert!(asked.iter().any(|m| m.contains("BZH-EMP-1")));

    let payments = get_json(&t, &rh, "/api/v1/payments").await;
    assert_eq!(payments["total"], 0);
}
