//! «Votre identité»: fields, SIRET immutability, readiness.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{problem, spawn_app};

fn identity() -> Value {
    json!({
        "name": "Formapro Conseil",
        "email": "contact@formapro.test",
        "address": "12 rue des Écoles",
        "postal_code": "75005",
        "city": "Paris",
        "mobile_phone": "06 12 34 56 78",
        "landline_phone": "01 44 00 00 00",
        "fax": "",
        "nda": "11755555575",
        "website": "www.formapro.test",
        "legal_representative": "Jean Lefèvre",
        "certifier": true
    })
}

fn codes(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|e| e["code"].as_str().expect("code").to_owned())
        .collect()
}

#[tokio::test]
async fn the_of_reads_its_identity_and_readiness() {
    let t = spawn_app().await;
    let token = t.token("of@formapro.test").await;
    let res = t.get_with("/api/v1/organisation", &token).await;
    assert_eq!(res.status(), 200);
    let o: Value = res.json().await.expect("json");
    assert_eq!(o["siret"], "73282932000074");
    assert_eq!(o["legal_representative"], "Jean Lefèvre");
    assert_eq!(codes(&o["readiness"]["blocking"]), vec!["no_logo"]);
    assert_eq!(codes(&o["readiness"]["warnings"]), vec!["no_stamp"]);
    assert_eq!(
        codes(&o["readiness"]["online_missing"]),
        vec!["kbis_missing", "consent_letter_missing", "no_stamp"]
    );
    assert_eq!(o["readiness"]["online_available"], false);
    assert!(
        o["readiness"]["blocking"][0]["message"]
            .as_str()
            .expect("msg")
            .contains("logo")
    );
}

#[tokio::test]
async fn other_roles_cannot_use_the_identity_routes() {
    let t = spawn_app().await;
    for who in [
        "agent@tp-idf.test",
        "michelle.dubois@realis.test",
        "rh@pharmaplus.test",
        "admin@realis.test",
    ] {
        let token = t.token(who).await;
        problem(
            t.get_with("/api/v1/organisation", &token).await,
            403,
            "forbidden",
        )
        .await;
        problem(
            t.send_json(Method::PUT, "/api/v1/organisation", &token, &identity())
                .await,
            403,
            "forbidden",
        )
        .await;
    }
}

#[tokio::test]
async fn every_identity_field_is_validated_with_a_french_message() {
    let t = spawn_app().await;
    let token = t.token("of@formapro.test").await;
    let mut bad = identity();
    bad["name"] = json!("");
    bad["email"] = json!("pas-une-adresse");
    bad["postal_code"] = json!("750");
    bad["mobile_phone"] = json!("06 12");
    bad["landline_phone"] = json!("abc");
    bad["fax"] = json!("12");
    bad["nda"] = json!("12345");
    bad["website"] = json!("http://pas un site");
    let p = problem(
        t.send_json(Method::PUT, "/api/v1/organisation", &token, &bad)
            .await,
        422,
        "validation_failed",
    )
    .await;
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
            ("name", "required"),
            ("email", "invalid_email"),
            ("postal_code", "invalid_postal_code"),
            ("mobile_phone", "invalid_phone"),
            ("landline_phone", "invalid_phone"),
            ("fax", "invalid_phone"),
            ("nda", "invalid_nda"),
            ("website", "invalid_website"),
        ]
    );
    assert!(
        p["errors"][2]["message"]
            .as_str()
            .expect("m")
            .contains("5 chiffres")
    );
    // Nothing was saved.
    let o: Value = t
        .get_with("/api/v1/organisation", &token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(o["name"], "Formapro Conseil");
}

#[tokio::test]
async fn a_put_with_another_siret_saves_the_rest_and_says_the_siret_did_not_change() {
    let t = spawn_app().await;
    let token = t.token("of@formapro.test").await;
    let mut body = identity();
    body["siret"] = json!("35600000049837");
    body["city"] = json!("Lyon");
    body["postal_code"] = json!("69 001");
    let res = t
        .send_json(Method::PUT, "/api/v1/organisation", &token, &body)
        .await;
    assert_eq!(res.status(), 200);
    let o: Value = res.json().await.expect("json");
    assert_eq!(o["siret"], "73282932000074");
    assert_eq!(o["notices"][0]["code"], "siret_not_changed");
    assert_eq!(o["city"], "Lyon");
    assert_eq!(o["postal_code"], "69001");
    assert_eq!(o["website"], "https://www.formapro.test");
    // Sending the same SIRET is not a change.
    body["siret"] = json!("732 829 320 00074");
    let o: Value = t
        .send_json(Method::PUT, "/api/v1/organisation", &token, &body)
        .await
        .json()
        .await
        .expect("json");
    assert!(o.get("notices").is_none(), "{o}");
    let audit = realis_store::audit::with_action(&t.app.db.conn, "identity_updated")
        .await
        .expect("audit");
    assert_eq!(audit.len(), 2);
}

#[tokio::test]
async fn clearing_the_legal_representative_blocks_certification() {
    let t = spawn_app().await;
    let token = t.token("of@formapro.test").await;
    let mut body = identity();
    body["legal_representative"] = json!("  ");
    let o: Value = t
        .send_json(Method::PUT, "/api/v1/organisation", &token, &body)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(o["legal_representative"], Value::Null);
    assert_eq!(
        codes(&o["readiness"]["blocking"]),
        vec!["no_legal_representative", "no_logo"]
    );
}

#[tokio::test]
async fn unknown_fields_in_the_identity_are_refused() {
    let t = spawn_app().await;
    let token = t.token("of@formapro.test").await;
    let mut body = identity();
    body["funder_id"] = json!(2);
    problem(
        t.send_json(Method::PUT, "/api/v1/organisation", &token, &body)
            .await,
        422,
        "validation_failed",
    )
    .await;
}
