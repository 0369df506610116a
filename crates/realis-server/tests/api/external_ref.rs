//! A dossier's ERP reference (`external_ref`, issue «Integrations» section 5): given by the funder
//! at creation, set or cleared later by the funder and the OF, unique per organisation, shown in
//! the list and the dossier, filtered on exactly.

use reqwest::Method;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::helpers::{TestApp, problem, spawn_app};

/// The body of a new dossier of `organisation_id` with this reference (`Value::Null`: none).
fn new_dossier(number: &str, organisation_id: &Value, external_ref: Value) -> Value {
    json!({
        "number": number,
        "organisation_id": organisation_id,
        "beneficiary": { "first_name": "Zoé", "last_name": "Dûpont", "email": format!("{}@realis.test", number.to_lowercase()) },
        "employer": { "name": "Pharmaplus", "email": "rh@pharmaplus.test" },
        "training_title": "BTS Diététique",
        "session_start": "2026-09-07",
        "session_end": "2027-06-30",
        "external_ref": external_ref,
    })
}

async fn formapro(t: &TestApp) -> Value {
    let me: Value = t
        .get_with("/api/v1/me", &t.token("of@formapro.test").await)
        .await
        .json()
        .await
        .expect("me");
    me["organisation_id"].clone()
}

/// Creates the dossier; returns the response.
async fn create(t: &TestApp, agent: &str, body: &Value) -> reqwest::Response {
    t.send_json(Method::POST, "/api/v1/funder/dossiers", agent, body)
        .await
}

async fn created(t: &TestApp, agent: &str, body: &Value) -> Value {
    let res = create(t, agent, body).await;
    assert_eq!(
        res.status(),
        201,
        "{}",
        res.text().await.unwrap_or_default()
    );
    res.json().await.expect("json")
}

async fn set(t: &TestApp, token: &str, id: &Value, external_ref: Value) -> reqwest::Response {
    t.send_json(
        Method::PUT,
        &format!("/api/v1/dossiers/{id}/external-ref"),
        token,
        &json!({ "external_ref": external_ref }),
    )
    .await
}

async fn get(t: &TestApp, token: &str, path: &str) -> Value {
    let res = t.get_with(path, token).await;
    assert_eq!(
        res.status(),
        200,
        "{path}: {}",
        res.text().await.unwrap_or_default()
    );
    res.json().await.expect("json")
}

async fn audit_count(t: &TestApp, action: &str) -> i64 {
    let backend = t.app.db.conn.get_database_backend();
    t.app
        .db
        .conn
        .query_one(Statement::from_string(
            backend,
            format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = '{action}' AND object_type = 'dossier'"),
        ))
        .await
        .expect("query")
        .expect("row")
        .try_get::<i64>("", "n")
        .expect("n")
}

/// A second OF of the same funder; returns its id and a token of its user.
async fn second_of(t: &TestApp, agent: &str) -> (Value, String) {
    let res = t.send_json(Method::POST, "/api/v1/funder/organisations", agent, &json!({ "name": "Autre OF", "siret": "35600000049837", "email": "autre@of.test", "user": { "email": "user@autre-of.test", "display_name": "Autre" } })).await;
    assert_eq!(res.status(), 201);
    let org: Value = res.json().await.expect("json");
    let token = crate::admin::activate(t, "user@autre-of.test").await;
    (org["id"].clone(), token)
}

#[tokio::test]
async fn the_funder_gives_it_at_creation_then_the_of_and_the_funder_change_or_clear_it() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let of = t.token("of@formapro.test").await;
    let org = formapro(&t).await;
    let d = created(
        &t,
        &agent,
        &new_dossier("D-REF", &org, json!("  ERP-0042 ")),
    )
    .await;
    assert_eq!(d["external_ref"], "ERP-0042", "trimmed: {d}");
    let id = d["id"].clone();
    let view = format!("/api/v1/dossiers/{id}");
    assert_eq!(get(&t, &of, &view).await["external_ref"], "ERP-0042");
    let page = get(&t, &of, "/api/v1/dossiers?q=D-REF").await;
    assert_eq!(page["items"][0]["external_ref"], "ERP-0042", "{page}");
    // The OF changes it.
    let res = set(&t, &of, &id, json!("ERP-0043")).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("etag").is_some());
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["external_ref"], "ERP-0043");
    assert_eq!(get(&t, &agent, &view).await["external_ref"], "ERP-0043");
    // The funder clears it.
    let res = set(&t, &agent, &id, Value::Null).await;
    assert_eq!(res.status(), 200);
    assert_eq!(get(&t, &of, &view).await["external_ref"], Value::Null);
    // The same value again changes nothing and records nothing.
    assert_eq!(set(&t, &agent, &id, Value::Null).await.status(), 200);
    assert_eq!(audit_count(&t, "external_ref_set").await, 2);
    // Without one at creation, the dossier has none.
    let other = created(&t, &agent, &new_dossier("D-NOREF", &org, Value::Null)).await;
    assert_eq!(other["external_ref"], Value::Null);
}

#[tokio::test]
async fn a_reference_is_unique_within_an_organisation_and_free_in_another() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let of = t.token("of@formapro.test").await;
    let org = formapro(&t).await;
    let first = created(&t, &agent, &new_dossier("D-U1", &org, json!("ERP-1"))).await;
    // A second dossier of the same OF with the same reference, at creation and later.
    let p = problem(
        create(&t, &agent, &new_dossier("D-U2", &org, json!("ERP-1"))).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "external_ref", "{p}");
    assert_eq!(p["errors"][0]["code"], "external_ref_taken");
    let second = created(&t, &agent, &new_dossier("D-U2", &org, Value::Null)).await;
    for token in [&of, &agent] {
        let p = problem(
            set(&t, token, &second["id"], json!(" ERP-1")).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(p["errors"][0]["code"], "external_ref_taken", "{p}");
    }
    // A dossier keeps its own reference without colliding with itself.
    assert_eq!(
        set(&t, &of, &first["id"], json!("ERP-1")).await.status(),
        200
    );
    // Another OF of the funder may use the same reference.
    let (other_org, other_of) = second_of(&t, &agent).await;
    let theirs = created(&t, &agent, &new_dossier("D-U3", &other_org, json!("ERP-1"))).await;
    assert_eq!(theirs["external_ref"], "ERP-1");
    let mine = get(&t, &other_of, "/api/v1/dossiers?external_ref=ERP-1").await;
    assert_eq!(mine["total"], 1, "{mine}");
    assert_eq!(mine["items"][0]["number"], "D-U3");
    // Once the first dossier lets it go, the second takes it.
    assert_eq!(
        set(&t, &agent, &first["id"], Value::Null).await.status(),
        200
    );
    assert_eq!(
        set(&t, &of, &second["id"], json!("ERP-1")).await.status(),
        200
    );
}

#[tokio::test]
async fn the_list_filters_on_the_reference_in_pages_and_in_walks() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let of = t.token("of@formapro.test").await;
    let org = formapro(&t).await;
    created(&t, &agent, &new_dossier("D-FA", &org, json!("ERP-A"))).await;
    created(&t, &agent, &new_dossier("D-FB", &org, json!("ERP-B"))).await;
    for token in [&of, &agent] {
        let page = get(&t, token, "/api/v1/dossiers?external_ref=ERP-A").await;
        assert_eq!(page["total"], 1, "{page}");
        assert_eq!(page["items"][0]["number"], "D-FA");
        // Compared as stored: trimmed.
        let page = get(&t, token, "/api/v1/dossiers?external_ref=%20ERP-B%20").await;
        assert_eq!(page["items"][0]["number"], "D-FB", "{page}");
        let none = get(&t, token, "/api/v1/dossiers?external_ref=ERP-C").await;
        assert_eq!(none["total"], 0);
        assert_eq!(none["items"], json!([]));
        // With the search and filters of the page…
        let page = get(
            &t,
            token,
            "/api/v1/dossiers?q=d-fa&scheme=ptp&external_ref=ERP-A",
        )
        .await;
        assert_eq!(page["total"], 1, "{page}");
        // … and in a walk by cursor or `updated_since`.
        for walk in ["updated_since=2020-01-01T00:00:00Z", "cursor=d1"] {
            let page = get(
                &t,
                token,
                &format!("/api/v1/dossiers?{walk}&external_ref=ERP-B&per_page=1"),
            )
            .await;
            assert_eq!(page["total"], 1, "{walk}: {page}");
            assert_eq!(page["items"][0]["number"], "D-FB");
            assert_eq!(page.get("next_cursor"), None, "{page}");
            assert!(page["synced_at"].is_string());
        }
    }
    // The demo beneficiary's dossiers have no reference.
    let michelle = t.token("michelle.dubois@realis.test").await;
    let page = get(&t, &michelle, "/api/v1/dossiers?external_ref=ERP-A").await;
    assert_eq!(page["total"], 0);
}

#[tokio::test]
async fn only_the_funder_and_the_of_of_the_dossier_set_it() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let org = formapro(&t).await;
    let d = created(&t, &agent, &new_dossier("D-ISO", &org, json!("ERP-ISO"))).await;
    let id = d["id"].clone();
    let (other_of, other_agent) = crate::conversations::other_tenants(&t).await;
    let admin = t.token("admin@realis.test").await;
    let michelle = t.token("michelle.dubois@realis.test").await;
    // Outsiders do not learn that the dossier exists.
    for token in [&other_of, &other_agent, &michelle, &admin] {
        problem(set(&t, token, &id, json!("X")).await, 404, "not_found").await;
    }
    // The dossier's beneficiary and employer read it but may not set it.
    let zoe = crate::admin::activate(&t, "d-iso@realis.test").await;
    let rh = t.token("rh@pharmaplus.test").await;
    for token in [&zoe, &rh] {
        let view = get(&t, token, &format!("/api/v1/dossiers/{id}")).await;
        assert_eq!(view["external_ref"], "ERP-ISO");
        problem(set(&t, token, &id, json!("X")).await, 403, "forbidden").await;
    }
    let view = get(&t, &agent, &format!("/api/v1/dossiers/{id}")).await;
    assert_eq!(view["external_ref"], "ERP-ISO");
    assert_eq!(audit_count(&t, "external_ref_set").await, 0);
}

#[tokio::test]
async fn a_bad_reference_is_422_on_its_field() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let of = t.token("of@formapro.test").await;
    let org = formapro(&t).await;
    let d = created(&t, &agent, &new_dossier("D-BAD", &org, Value::Null)).await;
    let cases = [
        (json!(""), "required"),
        (json!("   "), "required"),
        (json!("x".repeat(65)), "too_long"),
        (json!("ERP\u{7}1"), "invalid_characters"),
        (json!("ERP\u{202e}1"), "invalid_characters"),
        (json!("Жанна"), "unprintable"),
    ];
    for (value, code) in &cases {
        let p = problem(
            set(&t, &of, &d["id"], value.clone()).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(p["errors"][0]["field"], "external_ref", "{value}: {p}");
        assert_eq!(p["errors"][0]["code"], *code, "{value}: {p}");
        let p = problem(
            create(&t, &agent, &new_dossier("D-BAD2", &org, value.clone())).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(p["errors"][0]["field"], "external_ref", "{value}: {p}");
        assert_eq!(p["errors"][0]["code"], *code, "{value}: {p}");
    }
    // 64 characters are fine.
    assert_eq!(
        set(&t, &of, &d["id"], json!("x".repeat(64))).await.status(),
        200
    );
    // Not a string, or an unknown field: the body's shape.
    for body in [
        json!({ "external_ref": 42 }),
        json!({ "external_ref": "A", "number": "B" }),
    ] {
        let res = t
            .send_json(
                Method::PUT,
                &format!("/api/v1/dossiers/{}/external-ref", d["id"]),
                &of,
                &body,
            )
            .await;
        let p = problem(res, 422, "validation_failed").await;
        assert_eq!(p["errors"][0]["code"], "invalid_body", "{p}");
    }
    // A filter that no reference could match.
    let p = problem(
        t.get_with(
            &format!("/api/v1/dossiers?external_ref={}", "x".repeat(65)),
            &of,
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "external_ref", "{p}");
    assert_eq!(audit_count(&t, "external_ref_set").await, 1);
}
