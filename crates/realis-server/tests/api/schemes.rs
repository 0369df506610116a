//! Issue 11, part 1: a dossier's scheme («dispositif»): set at creation, shown on the dossier,
//! filtered in «Mes dossiers», listed in `GET /me`, and ticked on the certificate.

use reqwest::Method;
use serde_json::{Value, json};

use crate::certification::{get_json, month_url};
use crate::helpers::{TestApp, problem, spawn_app};
use crate::names::pdf_text;

async fn create(t: &TestApp, number: &str, scheme: Option<&str>, email: &str) -> Value {
    let agent = t.token("agent@tp-idf.test").await;
    let of = get_json(t, &t.token("of@formapro.test").await, "/api/v1/me").await;
    let mut body = json!({
        "number": number,
        "organisation_id": of["organisation_id"],
        "beneficiary": { "first_name": "Inès", "last_name": "Martin", "email": email },
        "employer": { "name": "Pharmaplus", "email": "rh@pharmaplus.test" },
        "training_title": "Validation du titre de préparateur",
        "session_start": "2026-09-07",
        "session_end": "2027-06-30",
    });
    if let Some(s) = scheme {
        body["scheme"] = json!(s);
    }
    t.send_json(Method::POST, "/api/v1/funder/dossiers", &agent, &body)
        .await
        .json()
        .await
        .expect("json")
}

fn numbers(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|d| d["number"].as_str().expect("number").to_owned())
        .collect()
}

#[tokio::test]
async fn a_dossier_has_a_scheme_that_lists_filter_and_me_show() {
    let t = spawn_app().await;
    let vae = create(&t, "2026-IDF-VAE-1", Some("vae"), "ines@realis.test").await;
    assert_eq!(vae["scheme"], "vae", "{vae}");
    assert_eq!(vae["scheme_label"], "VAE");
    assert_eq!(vae["state"], "in_progress");
    assert_eq!(vae["status_label"], "Dossier en cours de suivi");
    let ptp = create(&t, "2026-IDF-PTP-9", None, "paul@realis.test").await;
    assert_eq!(ptp["scheme"], "ptp", "the default");

    let of = t.token("of@formapro.test").await;
    let page = get_json(&t, &of, "/api/v1/dossiers?scheme=vae").await;
    assert_eq!(numbers(&page), vec!["2026-IDF-VAE-1"]);
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["scheme_label"], "VAE");
    let page = get_json(&t, &of, "/api/v1/dossiers?scheme=ptp&state=in_progress").await;
    assert_eq!(page["total"], 4, "three demo dossiers and the new PTP one");
    let page = get_json(&t, &of, "/api/v1/dossiers?state=closed").await;
    assert_eq!(page["total"], 0, "no session is over");
    let page = get_json(&t, &of, "/api/v1/dossiers?scheme=bilan").await;
    assert_eq!(page["total"], 0);
    // The agent has the same filters.
    let agent = t.token("agent@tp-idf.test").await;
    let page = get_json(&t, &agent, "/api/v1/dossiers?scheme=vae&q=ines").await;
    assert_eq!(numbers(&page), vec!["2026-IDF-VAE-1"]);

    // «PTP en cours», «VAE en cours»: the schemes the reader has dossiers of.
    let me = get_json(&t, &of, "/api/v1/me").await;
    assert_eq!(me["schemes"], json!(["ptp", "vae"]));
    let michelle = t.token("michelle.dubois@realis.test").await;
    assert_eq!(
        get_json(&t, &michelle, "/api/v1/me").await["schemes"],
        json!(["ptp"]),
        "a beneficiary: the schemes of her own dossiers only"
    );
    let admin = t.token("admin@realis.test").await;
    assert_eq!(
        get_json(&t, &admin, "/api/v1/me").await["schemes"],
        json!([])
    );
}

#[tokio::test]
async fn an_unknown_scheme_or_state_is_a_validation_error_not_a_500() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    for q in ["scheme=PTP", "scheme=cpf", "state=open", "scheme="] {
        problem(
            t.get_with(&format!("/api/v1/dossiers?{q}"), &of).await,
            422,
            "validation_failed",
        )
        .await;
    }
    let agent = t.token("agent@tp-idf.test").await;
    let me = get_json(&t, &of, "/api/v1/me").await;
    let body = json!({
        "number": "X-1",
        "organisation_id": me["organisation_id"],
        "beneficiary": { "first_name": "A", "last_name": "B", "email": "ab@realis.test" },
        "employer": { "name": "E", "email": "e@realis.test" },
        "training_title": "T",
        "session_start": "2026-09-07",
        "session_end": "2027-06-30",
        "scheme": "cpf",
    });
    problem(
        t.send_json(Method::POST, "/api/v1/funder/dossiers", &agent, &body)
            .await,
        422,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn the_certificate_ticks_the_nature_of_the_dossiers_scheme_only() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    for (scheme, nature) in [
        ("vae", "action de VAE"),
        ("bilan", "bilan de compétences"),
        ("ptp", "action de formation"),
    ] {
        let d = create(
            &t,
            &format!("N-{scheme}"),
            Some(scheme),
            &format!("{scheme}@realis.test"),
        )
        .await;
        let id = d["id"].as_i64().expect("id");
        let res = t
            .get_with(&month_url(id, "2026-10", "/certificate.pdf"), &of)
            .await;
        assert_eq!(res.status(), 200);
        let text = pdf_text(&res.bytes().await.expect("pdf"));
        assert_eq!(text.matches("[X]").count(), 1, "{scheme}: {text}");
        let ticked = format!("[X] {nature} [");
        let last = format!("[X] {nature} qui");
        assert!(
            text.contains(&ticked) || text.contains(&last),
            "{scheme}: {nature} ticked in:\n{text}"
        );
    }
}
