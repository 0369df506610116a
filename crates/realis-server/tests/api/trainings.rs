//! Issue 11, part 4: «Formations», the OF's catalogue of trainings: written by the OF (audited),
//! read by its funder's agents, picked when a dossier is created (title copied, modality kept),
//! and the certificate's footnote on distance learning following the modality.

use realis_domain::audit::AuditObject;
use reqwest::Method;
use serde_json::{Value, json};

use crate::certification::{get_json, month_url};
use crate::helpers::{TestApp, problem, spawn_app};
use crate::names::pdf_text;

const TRAININGS: &str = "/api/v1/organisation/trainings";
const NOTE: &str = "Dans le cas d'une formation à distance, les heures prises en compte \
                    correspondent aux activités réalisées et à leur durée estimée.";

fn training(title: &str, code: Option<&str>, hours: f64, modality: &str) -> Value {
    json!({ "title": title, "rncp_rs_code": code, "planned_hours": hours, "modality": modality })
}

async fn add(t: &TestApp, token: &str, body: &Value) -> Value {
    let res = t.send_json(Method::POST, TRAININGS, token, body).await;
    assert_eq!(
        res.status(),
        201,
        "{}",
        res.text().await.unwrap_or_default()
    );
    res.json().await.expect("json")
}

async fn organisation_id(t: &TestApp) -> i64 {
    let of = t.token("of@formapro.test").await;
    get_json(t, &of, "/api/v1/me").await["organisation_id"]
        .as_i64()
        .expect("organisation")
}

/// A dossier of the demo OF, from `training_id` when given; the raw answer.
async fn dossier(
    t: &TestApp,
    number: &str,
    training_id: Option<i64>,
    title: Option<&str>,
) -> reqwest::Response {
    let agent = t.token("agent@tp-idf.test").await;
    let mut body = json!({
        "number": number,
        "organisation_id": organisation_id(t).await,
        "beneficiary": { "first_name": "Inès", "last_name": "Martin", "email": format!("{}@realis.test", number.to_lowercase()) },
        "employer": { "name": "Pharmaplus", "email": "rh@pharmaplus.test" },
        "session_start": "2026-09-07",
        "session_end": "2027-06-30",
    });
    if let Some(id) = training_id {
        body["training_id"] = json!(id);
    }
    if let Some(title) = title {
        body["training_title"] = json!(title);
    }
    t.send_json(Method::POST, "/api/v1/funder/dossiers", &agent, &body)
        .await
}

#[tokio::test]
async fn the_of_keeps_a_catalogue_that_its_agent_reads_and_every_write_is_audited() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let demo = get_json(&t, &of, TRAININGS).await;
    let titles: Vec<&str> = demo
        .as_array()
        .expect("list")
        .iter()
        .map(|t| t["title"].as_str().expect("title"))
        .collect();
    assert_eq!(
        titles,
        vec![
            "1ère année pharmacie",
            "Anglais professionnel (TOEIC)",
            "Préparateur en pharmacie hospitalière"
        ],
        "the demo catalogue, by title"
    );
    assert_eq!(demo[1]["modality"], "distanciel");
    assert_eq!(demo[1]["rncp_rs_code"], "RS5690");
    assert_eq!(demo[0]["rncp_rs_code"], Value::Null, "the code is optional");

    let created = add(
        &t,
        &of,
        &training(
            "  Comptabilité   et gestion ",
            Some(" rncp 34567 "),
            420.5,
            "mixte",
        ),
    )
    .await;
    assert_eq!(created["title"], "Comptabilité et gestion", "{created}");
    assert_eq!(created["rncp_rs_code"], "RNCP34567", "canonical form");
    assert_eq!(created["planned_hours"], 420.5);
    assert_eq!(created["modality"], "mixte");
    assert_eq!(created["modality_label"], "Mixte");
    let id = created["id"].as_i64().expect("id");

    let res = t
        .send_json(
            Method::PUT,
            &format!("{TRAININGS}/{id}"),
            &of,
            &training("Comptabilité et gestion", None, 400.0, "presentiel"),
        )
        .await;
    assert_eq!(res.status(), 200);
    let updated: Value = res.json().await.expect("json");
    assert_eq!(
        updated["rncp_rs_code"],
        Value::Null,
        "a PUT replaces every field"
    );
    assert_eq!(updated["modality_label"], "Présentiel");
    assert_eq!(
        get_json(&t, &of, TRAININGS).await[2],
        updated,
        "read back, by title"
    );

    let agent = t.token("agent@tp-idf.test").await;
    let org = organisation_id(&t).await;
    let seen = get_json(
        &t,
        &agent,
        &format!("/api/v1/funder/organisations/{org}/trainings"),
    )
    .await;
    assert_eq!(seen, get_json(&t, &of, TRAININGS).await);

    let db = &t.app.db.conn;
    for action in ["training_created", "training_updated"] {
        let records = realis_store::audit::with_action(db, action)
            .await
            .expect("audit");
        assert_eq!(records.len(), 1, "{action}");
        let r = &records[0];
        assert_eq!(r.object_type, Some(AuditObject::Training));
        assert_eq!(r.object_id.as_deref(), Some(id.to_string().as_str()));
        assert_eq!(r.organisation_id, Some(org));
        assert!(r.ip.is_some(), "{action} records the address");
    }
    assert_eq!(
        realis_store::audit::verify_chain(db, &t.app.audit_key)
            .await
            .expect("verify"),
        None,
        "the chain holds"
    );
}

#[tokio::test]
async fn bad_trainings_are_refused_field_by_field_in_french() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let body = problem(
        t.send_json(
            Method::POST,
            TRAININGS,
            &of,
            &training(" ", Some("RNCP123"), 0.0, "distanciel"),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    let errors: Vec<(String, String)> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["field"].as_str().expect("field").to_owned(),
                e["code"].as_str().expect("code").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        vec![
            ("title".into(), "required".into()),
            ("rncp_rs_code".into(), "invalid_certification_code".into()),
            ("planned_hours".into(), "not_positive".into()),
        ],
        "{body}"
    );
    let message = body["errors"][1]["message"].as_str().expect("message");
    assert!(
        message.contains("RNCP suivi de 4 à 6 chiffres"),
        "{message}"
    );

    for (bad, field, code) in [
        (
            training("T", Some("RS1234567"), 1.0, "mixte"),
            "rncp_rs_code",
            "invalid_certification_code",
        ),
        (
            training("T", Some("CPF1234"), 1.0, "mixte"),
            "rncp_rs_code",
            "invalid_certification_code",
        ),
        (
            training("T", None, 10_000.01, "mixte"),
            "planned_hours",
            "too_many_hours",
        ),
        (
            training(&"x".repeat(201), None, 1.0, "mixte"),
            "title",
            "too_long",
        ),
        (
            training("Anglais\u{202e}", None, 1.0, "mixte"),
            "title",
            "invalid_characters",
        ),
    ] {
        let body = problem(
            t.send_json(Method::POST, TRAININGS, &of, &bad).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(body["errors"][0]["field"], field, "{body}");
        assert_eq!(body["errors"][0]["code"], code, "{body}");
    }
    // Shapes serde refuses: still a 422, never a 500.
    for bad in [
        training("T", None, 1.0, "online"),
        training("T", None, -3.0, "mixte"),
        training("T", None, 1.555, "mixte"),
        json!({ "title": "T", "planned_hours": 1, "modality": "mixte", "extra": 1 }),
        json!({ "title": "T", "modality": "mixte" }),
    ] {
        problem(
            t.send_json(Method::POST, TRAININGS, &of, &bad).await,
            422,
            "validation_failed",
        )
        .await;
    }
    assert_eq!(
        get_json(&t, &of, TRAININGS)
            .await
            .as_array()
            .expect("list")
            .len(),
        3,
        "nothing was added"
    );
}

#[tokio::test]
async fn other_tenants_neither_read_nor_change_a_catalogue() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let id = get_json(&t, &of, TRAININGS).await[0]["id"]
        .as_i64()
        .expect("id");
    let org = organisation_id(&t).await;
    let agent = t.token("agent@tp-idf.test").await;
    t.send_json(Method::POST, "/api/v1/funder/organisations", &agent, &json!({ "name": "Autre OF", "siret": "35600000049837", "email": "autre@of.test", "user": { "email": "user@autre-of.test", "display_name": "Autre" } })).await;
    let other_of = crate::admin::activate(&t, "user@autre-of.test").await;
    let admin = t.token("admin@realis.test").await;
    t.send_json(Method::POST, "/api/v1/admin/funders", &admin, &json!({ "name": "TP Bretagne", "region": "Bretagne", "agent": { "email": "agent@bzh.test", "display_name": "Agent" } })).await;
    let other_agent = crate::admin::activate(&t, "agent@bzh.test").await;
    let michelle = t.token("michelle.dubois@realis.test").await;

    // Another OF sees its own (empty) catalogue and cannot change this one.
    assert_eq!(get_json(&t, &other_of, TRAININGS).await, json!([]));
    let put = training("Piraté", None, 1.0, "mixte");
    for token in [&other_of, &other_agent, &agent, &michelle, &admin] {
        problem(
            t.send_json(Method::PUT, &format!("{TRAININGS}/{id}"), token, &put)
                .await,
            404,
            "not_found",
        )
        .await;
    }
    problem(
        t.send_json(Method::PUT, &format!("{TRAININGS}/999999"), &of, &put)
            .await,
        404,
        "not_found",
    )
    .await;
    // The list and the creation are the OF staff's: 403 for other roles.
    for token in [&agent, &michelle, &admin] {
        problem(t.get_with(TRAININGS, token).await, 403, "forbidden").await;
        problem(
            t.send_json(Method::POST, TRAININGS, token, &put).await,
            403,
            "forbidden",
        )
        .await;
    }
    // The funder route: 404 for another funder's agent and everyone but the funder's agents.
    let path = format!("/api/v1/funder/organisations/{org}/trainings");
    for token in [&other_agent, &other_of, &of, &michelle, &admin] {
        problem(t.get_with(&path, token).await, 404, "not_found").await;
    }
    assert_eq!(
        get_json(&t, &of, TRAININGS).await[0]["title"],
        "1ère année pharmacie",
        "unchanged"
    );
}

#[tokio::test]
async fn a_dossier_created_from_a_training_copies_its_title_and_keeps_its_modality() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let remote = add(
        &t,
        &of,
        &training("Gestion de paie", Some("RS5678"), 210.0, "distanciel"),
    )
    .await;
    let id = remote["id"].as_i64().expect("id");

    let res = dossier(&t, "T-1", Some(id), None).await;
    assert_eq!(
        res.status(),
        201,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let d: Value = res.json().await.expect("json");
    assert_eq!(d["training_title"], "Gestion de paie", "{d}");
    assert_eq!(d["training_id"], id);
    assert_eq!(d["training_modality"], "distanciel");
    // The same title (normalised alike) is accepted too.
    let res = dossier(&t, "T-2", Some(id), Some(" Gestion  de paie ")).await;
    assert_eq!(res.status(), 201);

    // A later edit of the catalogue does not rewrite the dossier.
    let res = t
        .send_json(
            Method::PUT,
            &format!("{TRAININGS}/{id}"),
            &of,
            &training(
                "Paie et administration du personnel",
                None,
                210.0,
                "presentiel",
            ),
        )
        .await;
    assert_eq!(res.status(), 200);
    let again = get_json(&t, &of, &format!("/api/v1/dossiers/{}", d["id"])).await;
    assert_eq!(again["training_title"], "Gestion de paie");
    assert_eq!(again["training_modality"], "distanciel");

    // Without a training: as before.
    let res = dossier(&t, "T-3", None, Some("BTS Diététique")).await;
    let plain: Value = res.json().await.expect("json");
    assert_eq!(plain["training_id"], Value::Null);
    assert_eq!(plain["training_modality"], Value::Null);
    let body = problem(
        dossier(&t, "T-4", None, None).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "training_title", "{body}");
    assert_eq!(body["errors"][0]["code"], "required");
}

#[tokio::test]
async fn a_training_of_another_organisation_or_a_contradicting_title_is_refused() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let ours = get_json(&t, &of, TRAININGS).await[0]["id"]
        .as_i64()
        .expect("id");
    let agent = t.token("agent@tp-idf.test").await;
    t.send_json(Method::POST, "/api/v1/funder/organisations", &agent, &json!({ "name": "Autre OF", "siret": "35600000049837", "email": "autre@of.test", "user": { "email": "user@autre-of.test", "display_name": "Autre" } })).await;
    let other_of = crate::admin::activate(&t, "user@autre-of.test").await;
    let theirs = add(
        &t,
        &other_of,
        &training("Soudure", None, 300.0, "presentiel"),
    )
    .await["id"]
        .as_i64()
        .expect("id");

    for (n, training_id) in [(1, theirs), (2, 999_999)] {
        let body = problem(
            dossier(&t, &format!("X-{n}"), Some(training_id), None).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(body["errors"][0]["field"], "training_id", "{body}");
        assert_eq!(body["errors"][0]["code"], "unknown_training");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("catalogue de l'organisme")),
            "{body}"
        );
    }
    let body = problem(
        dossier(&t, "X-3", Some(ours), Some("Autre intitulé")).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "training_title", "{body}");
    assert_eq!(body["errors"][0]["code"], "training_title_mismatch");
    for bad in [json!("1"), json!(1.5)] {
        let mut res = json!({
            "number": "X-4", "organisation_id": organisation_id(&t).await,
            "beneficiary": { "first_name": "A", "last_name": "B", "email": "x4@realis.test" },
            "employer": { "name": "E", "email": "e@realis.test" },
            "session_start": "2026-09-07", "session_end": "2027-06-30",
        });
        res["training_id"] = bad;
        problem(
            t.send_json(Method::POST, "/api/v1/funder/dossiers", &agent, &res)
                .await,
            422,
            "validation_failed",
        )
        .await;
    }
}

#[tokio::test]
async fn the_distance_footnote_follows_the_dossiers_training() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let mut cases = Vec::new();
    for (n, modality) in ["presentiel", "distanciel", "mixte"]
        .into_iter()
        .enumerate()
    {
        let tr = add(
            &t,
            &of,
            &training(&format!("Formation {modality}"), None, 100.0, modality),
        )
        .await;
        cases.push((
            format!("F-{n}"),
            tr["id"].as_i64(),
            modality != "presentiel",
        ));
    }
    cases.push(("F-none".into(), None, true));
    for (number, training_id, note) in cases {
        let title = training_id.is_none().then_some("Sans catalogue");
        let res = dossier(&t, &number, training_id, title).await;
        assert_eq!(res.status(), 201);
        let d: Value = res.json().await.expect("json");
        let id = d["id"].as_i64().expect("id");
        let res = t
            .get_with(&month_url(id, "2026-10", "/certificate.pdf"), &of)
            .await;
        assert_eq!(res.status(), 200);
        let text = pdf_text(&res.bytes().await.expect("pdf"));
        assert_eq!(text.contains(NOTE), note, "{number}:\n{text}");
        assert!(
            text.contains("est transmis mensuellement."),
            "{number}: the other footnote stays"
        );
    }
}
