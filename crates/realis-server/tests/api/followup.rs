//! After certification (SPEC F8–F10): validation order and roles, contest and re-certification,
//! payments and locking, reopen and close, transmission and its CSV, settings, reminders.

use reqwest::Method;
use serde_json::{Value, json};

use crate::certification::{get_json, month_url, post, prepared_month};
use crate::helpers::{TestApp, pdf, problem, spawn_app};

async fn certify_upload(t: &TestApp, of: &str, id: i64, period: &str) -> Value {
    let res = t
        .put_bytes(
            &month_url(id, period, "/signed-certificate"),
            of,
            "application/pdf",
            pdf(),
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
        &month_url(id, period, "/certify"),
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

async fn decide(t: &TestApp, token: &str, id: i64, period: &str, body: Value) -> reqwest::Response {
    post(t, token, &month_url(id, period, "/validation"), body).await
}

#[tokio::test]
async fn validations_follow_the_setting_a_contest_returns_the_month_and_transmission_exports_it() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let of = t.token("of@formapro.test").await;
    // Settings: both validations; bounds enforced; agents only.
    let mut settings = get_json(&t, &agent, "/api/v1/funder/settings").await;
    assert_eq!(settings["validations"], "beneficiary");
    assert_eq!(settings["code_length"], 6);
    settings["validations"] = json!("both");
    let res = t
        .send_json(Method::PUT, "/api/v1/funder/settings", &agent, &settings)
        .await;
    assert_eq!(res.status(), 200);
    let mut bad = settings.clone();
    bad["code_length"] = json!(3);
    let p = problem(
        t.send_json(Method::PUT, "/api/v1/funder/settings", &agent, &bad)
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "code_length");
    problem(
        t.get_with("/api/v1/funder/settings", &of).await,
        403,
        "forbidden",
    )
    .await;

    let (id, of) = prepared_month(&t, "D-VAL", &["2026-10"], false).await;
    let m = certify_upload(&t, &of, id, "2026-10").await;
    assert_eq!(m["status"], "awaiting_beneficiary");
    let code = m["certificate"]["verification_code"]
        .as_str()
        .expect("code")
        .to_owned();
    let ben = crate::admin::activate(&t, "d-val@realis.test").await;
    let employer = t.token("rh@pharmaplus.test").await;
    let michelle = t.token("michelle.dubois@realis.test").await;
    let m = get_json(&t, &ben, &month_url(id, "2026-10", "")).await;
    assert!(
        m["allowed_actions"]
            .as_array()
            .expect("a")
            .iter()
            .any(|a| a == "validate")
    );
    // Order and roles.
    problem(
        decide(
            &t,
            &employer,
            id,
            "2026-10",
            json!({ "decision": "validate" }),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    problem(
        decide(&t, &of, id, "2026-10", json!({ "decision": "validate" })).await,
        403,
        "forbidden",
    )
    .await;
    problem(
        decide(
            &t,
            &michelle,
            id,
            "2026-10",
            json!({ "decision": "validate" }),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let p = problem(
        decide(
            &t,
            &ben,
            id,
            "2026-10",
            json!({ "decision": "contest", "comment": "  " }),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "comment");
    let res = decide(&t, &ben, id, "2026-10", json!({ "decision": "validate" })).await;
    assert_eq!(res.status(), 200);
    let m: Value = res.json().await.expect("json");
    assert_eq!(m["status"], "awaiting_employer");
    problem(
        decide(&t, &ben, id, "2026-10", json!({ "decision": "validate" })).await,
        409,
        "conflict",
    )
    .await;
    // The employer contests: back to the OF, who is e-mailed; the certificate is superseded.
    let res = decide(
        &t,
        &employer,
        id,
        "2026-10",
        json!({ "decision": "contest", "comment": "Absente le 15 octobre." }),
    )
    .await;
    assert_eq!(res.status(), 200);
    let m: Value = res.json().await.expect("json");
    assert_eq!(m["status"], "contested");
    // Issue 8, item 14: the status says who contested.
    assert_eq!(m["status_label"], "Contesté par l'employeur");
    let d: Value = t
        .get_with(
            &format!("/api/v1/dossiers/{id}"),
            &t.token("of@formapro.test").await,
        )
        .await
        .json()
        .await
        .expect("dossier");
    let oct = d["months"]
        .as_array()
        .expect("months")
        .iter()
        .find(|m| m["period"] == "2026-10")
        .expect("october");
    assert_eq!(oct["status_label"], "Contesté par l'employeur");
    // …and the OF's dashboard row carries who and why.
    let dash: Value = t
        .get_with(
            "/api/v1/dashboard?per_page=100",
            &t.token("of@formapro.test").await,
        )
        .await
        .json()
        .await
        .expect("dashboard");
    let row = dash["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["dossier_id"] == id && i["period"] == "2026-10")
        .expect("the contested month is pending for the OF");
    assert_eq!(row["status_label"], "Contesté par l'employeur");
    assert_eq!(row["contest"]["role"], "employer");
    assert_eq!(row["contest"]["comment"], "Absente le 15 octobre.");
    assert_eq!(m["validations"].as_array().expect("v").len(), 2);
    assert_eq!(m["validations"][1]["comment"], "Absente le 15 octobre.");
    t.app.send_due_mail().await.expect("send");
    let sent = t.app.mailer.sent();
    assert!(
        sent.iter()
            .any(|m| m.to == "rh@pharmaplus.test" && m.subject.contains("à valider"))
    );
    let notice = sent
        .iter()
        .find(|m| m.to == "of@formapro.test" && m.subject.contains("contestées"))
        .expect("contest notice");
    assert!(
        notice.text.contains("«\u{a0}Absente le 15 octobre.\u{a0}»"),
        "{}",
        notice.text
    );
    assert!(
        notice.text.contains("ont été contestées par l'employeur ("),
        "{}",
        notice.text
    );
    let v: Value = t
        .client
        .get(t.url(&format!("/api/v1/verify/{code}")))
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    assert_eq!(v["superseded"], true);
    // The OF corrects, certifies again (the superseded scan stays as evidence).
    let m = get_json(&t, &of, &month_url(id, "2026-10", "")).await;
    let res = t
        .send_json(
            Method::PUT,
            &month_url(id, "2026-10", "/hours"),
            &of,
            &json!({ "version": m["version"], "days": [{ "date": "2026-10-16", "training": 7 }] }),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        post(
            &t,
            &of,
            &month_url(id, "2026-10", "/prepare"),
            json!({ "hours_certified": true })
        )
        .await
        .status(),
        200
    );
    // The new attempt has no scan yet: the previous one belongs to the superseded certificate.
    let m = get_json(&t, &of, &month_url(id, "2026-10", "")).await;
    assert_eq!(m["files"].as_array().expect("files").len(), 0);
    let p = problem(
        post(
            &t,
            &of,
            &month_url(id, "2026-10", "/certify"),
            json!({ "mode": "upload" }),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "signed_certificate");
    let m = certify_upload(&t, &of, id, "2026-10").await;
    assert_eq!(m["status"], "awaiting_beneficiary");
    let e = get_json(&t, &agent, &month_url(id, "2026-10", "/evidence")).await;
    let certs = e["certificates"].as_array().expect("certs");
    assert_eq!(certs.len(), 2);
    assert_eq!(certs.iter().filter(|c| c["superseded"] == true).count(), 1);
    assert_eq!(e["chain_intact"], true);
    for token in [&ben, &employer] {
        let res = decide(&t, token, id, "2026-10", json!({ "decision": "validate" })).await;
        assert_eq!(res.status(), 200);
    }
    let m = get_json(&t, &agent, &month_url(id, "2026-10", "")).await;
    assert_eq!(m["status"], "validated");
    assert!(
        m["allowed_actions"]
            .as_array()
            .expect("a")
            .iter()
            .any(|a| a == "reopen")
    );

    // Transmission: the queue, a month not ready → 409 and nothing transmitted, then the export.
    let queue: Value = get_json(&t, &agent, "/api/v1/funder/transmissions/pending").await;
    assert_eq!(queue.as_array().expect("queue").len(), 1);
    assert_eq!(queue[0]["dossier_number"], "D-VAL");
    let body = json!({ "months": [{ "dossier_id": id, "period": "2026-10" }, { "dossier_id": id, "period": "2026-09" }] });
    problem(
        post(&t, &agent, "/api/v1/funder/transmissions", body).await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(
        get_json(&t, &agent, &month_url(id, "2026-10", "")).await["status"],
        "validated"
    );
    problem(
        post(
            &t,
            &of,
            "/api/v1/funder/transmissions",
            json!({ "months": [{ "dossier_id": id, "period": "2026-10" }] }),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    problem(
        post(
            &t,
            &agent,
            "/api/v1/funder/transmissions",
            json!({ "months": [] }),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    let res = post(
        &t,
        &agent,
        "/api/v1/funder/transmissions",
        json!({ "months": [{ "dossier_id": id, "period": "2026-10" }] }),
    )
    .await;
    assert_eq!(res.status(), 201);
    assert_eq!(
        get_json(&t, &agent, &month_url(id, "2026-10", "")).await["status"],
        "transmitted"
    );
    problem(
        post(
            &t,
            &agent,
            &format!("/api/v1/funder/dossiers/{id}/months/2026-10/reopen"),
            json!({ "reason": "Erreur" }),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    let res = t
        .get_with(
            "/api/v1/funder/transmissions.csv?from=2026-01&to=2026-12",
            &agent,
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .expect("ct")
            .starts_with("text/csv")
    );
    let bytes = res.bytes().await.expect("csv");
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(bytes.to_vec()).expect("utf8");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(lines[0].split(';').count(), 11);
    let cols: Vec<&str> = lines[1].split(';').collect();
    assert_eq!(cols[0], "D-VAL");
    assert_eq!(cols[1], "Zoé DÛPONT");
    // Spaced as INSEE prints it, so that Excel keeps it as text (not 7,33E+13).
    assert_eq!(cols[3], "732 829 320 00074");
    assert_eq!(cols[4], "2026-10");
    assert_eq!(cols[5], "7,00");
    assert_eq!(cols[8], "Certificat signé déposé");
    assert_eq!(cols[10], "26/11/2026");
    // Outside the range: only the header.
    let res = t
        .get_with("/api/v1/funder/transmissions.csv?from=2027-01", &agent)
        .await;
    let text = res.text().await.expect("csv");
    assert_eq!(text.trim_start_matches('\u{feff}').lines().count(), 1);
    problem(
        t.get_with("/api/v1/funder/transmissions.csv?from=octobre", &agent)
            .await,
        422,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn a_settlement_locks_an_open_month_an_advance_does_not_and_the_funder_reopens_or_closes() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let (id, of) = prepared_month(&t, "D-PAY", &["2026-10"], false).await;
    let pay = |period: &'static str, kind: &'static str, cents: i64| {
        let (t, agent) = (&t, agent.clone());
        async move {
            post(t, &agent, &format!("/api/v1/funder/dossiers/{id}/payments"), json!({ "period": period, "kind": kind, "amount_cents": cents, "paid_on": "2026-11-20", "reference": "VIR-2026-11" })).await
        }
    };
    // An advance on an open month: nothing locks.
    let res = pay("2026-09", "advance", 150000).await;
    assert_eq!(res.status(), 201);
    let p: Value = res.json().await.expect("json");
    assert_eq!(p["amount_label"], "1\u{a0}500,00\u{a0}€");
    assert_eq!(
        get_json(&t, &of, &month_url(id, "2026-09", "")).await["status"],
        "awaiting_entry"
    );
    // A settlement on it: locked, with the guide's label; entry refused.
    assert_eq!(pay("2026-09", "settlement", 98050).await.status(), 201);
    let m = get_json(&t, &of, &month_url(id, "2026-09", "")).await;
    assert_eq!(m["status"], "locked_paid");
    assert_eq!(
        m["status_label"],
        "La saisie n'est plus disponible car des règlements ont été faits dans la période"
    );
    let res = t
        .send_json(
            Method::PUT,
            &month_url(id, "2026-09", "/hours"),
            &of,
            &json!({ "version": m["version"], "days": [] }),
        )
        .await;
    problem(res, 409, "conflict").await;
    // A settlement on a certified month does not change it.
    let m = certify_upload(&t, &of, id, "2026-10").await;
    assert_eq!(pay("2026-10", "settlement", 1000).await.status(), 201);
    assert_eq!(
        get_json(&t, &of, &month_url(id, "2026-10", "")).await["status"],
        m["status"]
    );
    // Bad payments; the OF cannot record any; another funder's agent gets 404.
    let p = problem(
        pay("2026-09", "settlement", 0).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "amount_cents");
    let p = problem(
        pay("2030-01", "advance", 100).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "period");
    problem(post(&t, &agent, &format!("/api/v1/funder/dossiers/{id}/payments"), json!({ "period": "2026-10", "kind": "gift", "amount_cents": 1, "paid_on": "2026-11-20", "reference": "x" })).await, 422, "validation_failed").await;
    problem(post(&t, &of, &format!("/api/v1/funder/dossiers/{id}/payments"), json!({ "period": "2026-10", "kind": "advance", "amount_cents": 1, "paid_on": "2026-11-20", "reference": "x" })).await, 403, "forbidden").await;
    // «Règlements» for the OF and the beneficiary.
    for token in [&of, &crate::admin::activate(&t, "d-pay@realis.test").await] {
        let list = get_json(&t, token, &format!("/api/v1/dossiers/{id}/payments")).await;
        assert_eq!(list.as_array().expect("payments").len(), 3);
    }
    // The «Règlements» menu: the OF's and the agent's pages; another OF sees none.
    for token in [&of, &agent] {
        let page = get_json(&t, token, "/api/v1/payments?per_page=2").await;
        assert_eq!(page["total"], 3);
        assert_eq!(page["items"].as_array().expect("items").len(), 2);
        assert_eq!(page["items"][0]["dossier_number"], "D-PAY");
    }
    problem(
        t.get_with("/api/v1/payments", &t.token("admin@realis.test").await)
            .await,
        403,
        "forbidden",
    )
    .await;
    // The OF was told the month is locked.
    t.app.send_due_mail().await.expect("send");
    assert!(
        t.app
            .mailer
            .sent()
            .iter()
            .any(|m| m.to == "of@formapro.test" && m.subject.contains("Saisie fermée"))
    );
    // Reopen needs a reason; it supersedes the certificate and returns the month to draft.
    let reopen = format!("/api/v1/funder/dossiers/{id}/months/2026-10/reopen");
    problem(
        post(&t, &agent, &reopen, json!({ "reason": " " })).await,
        422,
        "validation_failed",
    )
    .await;
    problem(
        post(&t, &of, &reopen, json!({ "reason": "x" })).await,
        403,
        "forbidden",
    )
    .await;
    let res = post(
        &t,
        &agent,
        &reopen,
        json!({ "reason": "Heures du 16 à revoir" }),
    )
    .await;
    assert_eq!(res.status(), 200);
    let m: Value = res.json().await.expect("json");
    assert_eq!(m["status"], "draft");
    assert!(m["certificate"].is_null());
    // Close an open month; closing twice, or a certified month, is refused.
    let close = format!("/api/v1/funder/dossiers/{id}/months/2026-11/close");
    let res = post(&t, &agent, &close, json!({})).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.expect("json")["status"], "closed");
    problem(post(&t, &agent, &close, json!({})).await, 409, "conflict").await;
    // The OF was told of both, with the reason of the reopening.
    t.app.send_due_mail().await.expect("send");
    let sent = t.app.mailer.sent();
    let to_of = |title: &str| {
        sent.iter()
            .find(|m| m.to == "of@formapro.test" && m.subject.starts_with(title))
            .unwrap_or_else(|| panic!("no «{title}» to the OF"))
    };
    let reopened = to_of("Réalis — Mois rouvert\u{a0}: ");
    assert!(
        reopened.subject.ends_with(" octobre 2026"),
        "{}",
        reopened.subject
    );
    assert!(
        reopened.text.contains("a rouvert la saisie d'octobre 2026")
            && reopened.text.contains("\u{a0}: Heures du 16 à revoir."),
        "{}",
        reopened.text
    );
    let closed = to_of("Réalis — Mois clos\u{a0}: ");
    assert!(
        closed.subject.ends_with(" novembre 2026"),
        "{}",
        closed.subject
    );
    assert!(
        closed.text.contains("a clos la saisie de novembre 2026"),
        "{}",
        closed.text
    );
}

#[tokio::test]
async fn the_daily_reminder_sends_one_digest_per_of_user_once_a_day() {
    let t = spawn_app().await;
    // Two instances at once: one sends.
    let (a, b) = tokio::join!(t.app.send_daily_reminders(), t.app.send_daily_reminders());
    let queued = a.expect("a") + b.expect("b");
    assert_eq!(queued, 1, "one OF user with a password in the demo");
    assert_eq!(t.app.send_daily_reminders().await.expect("again"), 0);
    t.app.send_due_mail().await.expect("send");
    let sent = t.app.mailer.sent();
    let digests: Vec<_> = sent
        .iter()
        .filter(|m| m.subject.contains("à saisir ou à certifier"))
        .collect();
    assert_eq!(digests.len(), 1);
    assert_eq!(digests[0].to, "of@formapro.test");
    // One e-mail lists several months of the three demo dossiers.
    assert!(
        digests[0].text.matches("• ").count() >= 5,
        "{}",
        digests[0].text
    );
    assert!(digests[0].text.contains("2026-IDF-000101"));
    // The next day, again once.
    t.app.clock.advance(chrono::Duration::days(1));
    assert_eq!(t.app.send_daily_reminders().await.expect("next day"), 1);
}

async fn set_validations(t: &TestApp, agent: &str, validations: &str) {
    let mut settings = get_json(t, agent, "/api/v1/funder/settings").await;
    settings["validations"] = json!(validations);
    let res = t
        .send_json(Method::PUT, "/api/v1/funder/settings", agent, &settings)
        .await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
}

/// #8 item 13: a month keeps the validation flow in force when it was certified; a change of the
/// funder's setting applies to the certifications made after it.
#[tokio::test]
async fn a_certified_month_keeps_the_validation_flow_of_its_certification() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let periods = ["2026-09", "2026-10"];
    let (id, of) = prepared_month(&t, "D-FLOW", &periods, false).await;
    let ben = crate::admin::activate(&t, "d-flow@realis.test").await;
    let employer = t.token("rh@pharmaplus.test").await;
    let validate = json!({ "decision": "validate" });
    let can_validate = |m: &Value| {
        m["allowed_actions"]
            .as_array()
            .expect("actions")
            .iter()
            .any(|a| a == "validate")
    };

    // Certified under «beneficiary», then the agent switches to «both».
    let m = certify_upload(&t, &of, id, "2026-09").await;
    assert_eq!(m["status"], "awaiting_beneficiary");
    set_validations(&t, &agent, "both").await;
    t.app.send_due_mail().await.expect("send");
    let mails_before = t.app.mailer.sent().len();
    let res = decide(&t, &ben, id, "2026-09", validate.clone()).await;
    assert_eq!(res.status(), 200);
    let m: Value = res.json().await.expect("json");
    assert_eq!(
        m["status"], "validated",
        "the beneficiary's validation is enough under the flow of the certification"
    );
    assert_eq!(m["certificate"]["validations"], "beneficiary");
    t.app.send_due_mail().await.expect("send");
    assert!(
        t.app.mailer.sent()[mails_before..]
            .iter()
            .all(|s| !s.to.contains("rh@pharmaplus.test")),
        "the employer is not asked to validate"
    );
    let m = get_json(&t, &employer, &month_url(id, "2026-09", "")).await;
    assert!(!can_validate(&m));

    // Certified after the change: «both».
    let m = certify_upload(&t, &of, id, "2026-10").await;
    assert_eq!(m["status"], "awaiting_beneficiary");
    assert_eq!(m["certificate"]["validations"], "both");
    let res = decide(&t, &ben, id, "2026-10", validate.clone()).await;
    assert_eq!(res.status(), 200);
    let m: Value = res.json().await.expect("json");
    assert_eq!(m["status"], "awaiting_employer");
    let m = get_json(&t, &employer, &month_url(id, "2026-10", "")).await;
    assert!(can_validate(&m));
    let res = decide(&t, &employer, id, "2026-10", validate.clone()).await;
    assert_eq!(res.status(), 200);
    let m: Value = res.json().await.expect("json");
    assert_eq!(m["status"], "validated");

    // Certified under «beneficiary», then the agent switches to «none»: the beneficiary still
    // validates; a month certified afterwards needs no validation.
    set_validations(&t, &agent, "beneficiary").await;
    let (id, of) = prepared_month(&t, "D-FLOW2", &periods, false).await;
    let ben = crate::admin::activate(&t, "d-flow2@realis.test").await;
    let m = certify_upload(&t, &of, id, "2026-09").await;
    assert_eq!(m["status"], "awaiting_beneficiary");
    set_validations(&t, &agent, "none").await;
    let m = get_json(&t, &ben, &month_url(id, "2026-09", "")).await;
    assert_eq!(m["status"], "awaiting_beneficiary");
    assert!(can_validate(&m), "the beneficiary is still asked");
    let res = decide(&t, &ben, id, "2026-09", validate.clone()).await;
    assert_eq!(res.status(), 200);
    let m: Value = res.json().await.expect("json");
    assert_eq!(m["status"], "validated");
    let m = certify_upload(&t, &of, id, "2026-10").await;
    assert_eq!(m["status"], "certified");
    assert_eq!(m["certificate"]["validations"], "none");
}

#[tokio::test]
async fn the_funder_site_set_in_the_settings_is_every_users_way_back_to_it() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let me = get_json(&t, &agent, "/api/v1/me").await;
    assert!(
        me.get("site_url").is_none(),
        "no site until one is set: {me}"
    );
    let mut settings = get_json(&t, &agent, "/api/v1/funder/settings").await;
    settings["website"] = json!("pas un site");
    let p = problem(
        t.send_json(Method::PUT, "/api/v1/funder/settings", &agent, &settings)
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "website");
    settings["website"] = json!(" www.transitionspro-idf.fr ");
    let res = t
        .send_json(Method::PUT, "/api/v1/funder/settings", &agent, &settings)
        .await;
    assert_eq!(res.status(), 200);
    let saved: Value = res.json().await.expect("json");
    assert_eq!(saved["website"], "https://www.transitionspro-idf.fr");
    // The agent, the OF, the beneficiary (through a dossier) and the employer see it.
    for login in [
        "agent@tp-idf.test",
        "of@formapro.test",
        "michelle.dubois@realis.test",
        "rh@pharmaplus.test",
    ] {
        let token = t.token(login).await;
        let me = get_json(&t, &token, "/api/v1/me").await;
        assert_eq!(
            me["site_url"], "https://www.transitionspro-idf.fr",
            "{login}: {me}"
        );
        assert_eq!(
            me["funder_name"], "Transitions Pro Île-de-France",
            "{login}"
        );
    }
    // Leaving it out of the PUT removes the link.
    settings.as_object_mut().expect("object").remove("website");
    let res = t
        .send_json(Method::PUT, "/api/v1/funder/settings", &agent, &settings)
        .await;
    assert_eq!(res.status(), 200);
    let me = get_json(&t, &agent, "/api/v1/me").await;
    assert!(me.get("site_url").is_none(), "{me}");
}
