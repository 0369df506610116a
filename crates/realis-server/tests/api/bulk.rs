//! Issue #13: work on many rows at once — the drafts of several months as one PDF to print (the
//! OF), and the funder agent's reminder to the OFs late with a period.

use reqwest::Method;
use serde_json::{Value, json};

use crate::accounts::audit_count;
use crate::certification::{certify_online, get_json, month_url, post, prepared_month};
use crate::helpers::{TestApp, problem, spawn_app};
use crate::names::pdf_page_text;

const DRAFTS: &str = "/api/v1/certifications/drafts";
const REMINDERS: &str = "/api/v1/funder/reminders";

/// Another OF of the demo funder, created by the agent, with one dossier: (its organisation id,
/// the dossier's id, its user's token).
async fn other_of_with_dossier(t: &TestApp, number: &str) -> (i64, i64, String) {
    let agent = t.token("agent@tp-idf.test").await;
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/funder/organisations",
            &agent,
            &json!({ "name": "Autre OF", "siret": "35600000049837", "email": "autre@of.test",
                     "user": { "email": "user@autre-of.test", "display_name": "Autre" } }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let org = res.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    let of = crate::admin::activate(t, "user@autre-of.test").await;
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/funder/dossiers",
            &agent,
            &json!({
                "number": number,
                "organisation_id": org,
                "beneficiary": { "first_name": "Léa", "last_name": "Martin", "email": "lea.martin@realis.test" },
                "employer": { "name": "Pharmaplus", "email": "rh@pharmaplus.test" },
                "training_title": "BTS Diététique",
                "session_start": "2026-09-07",
                "session_end": "2027-06-30",
                "planned_calendar": []
            }),
        )
        .await;
    assert_eq!(
        res.status(),
        201,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let id = res.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    (org, id, of)
}

fn pdf_pages(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf)
        .expect("a valid PDF")
        .get_pages()
        .len()
}

async fn print(t: &TestApp, token: &str, months: &[(i64, &str)]) -> reqwest::Response {
    let months: Vec<Value> = months
        .iter()
        .map(|(d, p)| json!({ "dossier_id": d, "period": p }))
        .collect();
    post(t, token, DRAFTS, json!({ "months": months })).await
}

#[tokio::test]
async fn the_drafts_of_several_months_print_as_one_pdf_each_on_its_own_sheet() {
    let t = spawn_app().await;
    let (a, of) = prepared_month(&t, "2026-IDF-000801", &["2026-09", "2026-10"], false).await;
    let (b, _) = prepared_month(&t, "2026-IDF-000802", &["2026-10"], false).await;
    let months = [(b, "2026-10"), (a, "2026-09"), (a, "2026-10")];
    // Each alone is a certificate and its «Fiche de présence».
    for (id, period) in months {
        let res = t
            .get_with(&month_url(id, period, "/certificate.pdf"), &of)
            .await;
        assert_eq!(res.status(), 200);
        assert_eq!(pdf_pages(&res.bytes().await.expect("pdf")), 2);
    }
    let res = print(&t, &of, &months).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"projets-certificats.pdf\""
    );
    let pdf = res.bytes().await.expect("pdf").to_vec();
    assert_eq!(pdf_pages(&pdf), 2 * months.len());
    // In the order asked, each certificate on an odd page, its sheet on the next.
    for (i, (number, month)) in [
        ("2026-IDF-000802", "Octobre 2026"),
        ("2026-IDF-000801", "Septembre 2026"),
        ("2026-IDF-000801", "Octobre 2026"),
    ]
    .into_iter()
    .enumerate()
    {
        let front = pdf_page_text(&pdf, 2 * i + 1);
        assert!(front.contains("CERTIFICAT DE RÉALISATION"), "{front}");
        assert!(front.contains("PROJET"), "{front}");
        assert!(
            front.contains(&format!("N° dossier : {number} — {month}")),
            "{front}"
        );
        let back = pdf_page_text(&pdf, 2 * i + 2);
        assert!(
            back.contains(&format!("Fiche de présence — {month}")),
            "{back}"
        );
    }
    // One period: named after it.
    let res = print(&t, &of, &[(a, "2026-10"), (b, "2026-10")]).await;
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"projets-certificats-2026-10.pdf\""
    );
}

#[tokio::test]
async fn a_print_with_another_ofs_month_is_404_and_months_without_a_draft_are_named() {
    let t = spawn_app().await;
    let (a, of) = prepared_month(&t, "2026-IDF-000811", &["2026-10"], true).await;
    let (_, foreign, other_of) = other_of_with_dossier(&t, "2026-IDF-000812").await;
    // Another OF's month, anywhere in the list: 404 for the whole request, before any 422.
    let res = print(
        &t,
        &of,
        &[(a, "2026-10"), (foreign, "2026-10"), (a, "2026-11")],
    )
    .await;
    problem(res, 404, "not_found").await;
    problem(
        print(&t, &other_of, &[(a, "2026-10")]).await,
        404,
        "not_found",
    )
    .await;
    // A month not frozen yet, a month certified, a month listed twice: each named.
    let (c, _) = prepared_month(&t, "2026-IDF-000813", &["2026-09"], true).await;
    certify_online(&t, &of, c, "2026-09").await;
    let res = print(
        &t,
        &of,
        &[
            (a, "2026-10"),
            (a, "2026-11"),
            (c, "2026-09"),
            (a, "2026-10"),
        ],
    )
    .await;
    let p = problem(res, 422, "validation_failed").await;
    let errors: Vec<(&str, &str)> = p["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["field"].as_str().expect("field"),
                e["code"].as_str().expect("code"),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            ("months[1]", "no_draft"),
            ("months[2]", "no_draft"),
            ("months[3]", "duplicate_item")
        ]
    );
    let message = p["errors"][0]["message"].as_str().expect("message");
    assert!(
        message.contains("2026-IDF-000811 — Novembre 2026"),
        "{message}"
    );
    // Sizes and roles.
    let p = problem(print(&t, &of, &[]).await, 422, "validation_failed").await;
    assert_eq!(p["errors"][0]["field"], "months");
    let many: Vec<(i64, &str)> = (0..=realis_api_types::DRAFTS_MAX)
        .map(|_| (a, "2026-10"))
        .collect();
    let p = problem(print(&t, &of, &many).await, 422, "validation_failed").await;
    assert_eq!(p["errors"][0]["code"], "too_many_items");
    for login in ["agent@tp-idf.test", "michelle.dubois@realis.test"] {
        let token = t.token(login).await;
        problem(print(&t, &token, &[(a, "2026-10")]).await, 403, "forbidden").await;
    }
}

/// The reminders e-mailed since `before` (sent through the outbox to the memory mailer).
async fn reminders_sent(t: &TestApp, before: usize) -> Vec<realis_mail::SentMail> {
    t.app.send_due_mail().await.expect("send");
    t.app.mailer.sent()[before..]
        .iter()
        .filter(|m| {
            m.subject
                .starts_with("Réalis — Certificats de réalisation en retard")
        })
        .cloned()
        .collect()
}

#[tokio::test]
async fn the_agent_reminds_each_late_of_once_a_day() {
    let t = spawn_app().await;
    // Formapro: the demo's two dossiers under way in October (nothing entered), a month
    // frozen but not certified, a month certified (not late).
    let (waiting, of) = prepared_month(&t, "2026-IDF-000821", &["2026-10"], true).await;
    let (done, _) = prepared_month(&t, "2026-IDF-000822", &["2026-10"], true).await;
    certify_online(&t, &of, done, "2026-10").await;
    // Another OF, its dossier's October awaiting entry.
    let (_, foreign, _) = other_of_with_dossier(&t, "2026-IDF-000823").await;
    let formapro = get_json(&t, &of, "/api/v1/organisation").await["email"]
        .as_str()
        .expect("email")
        .to_owned();
    let agent = t.token("agent@tp-idf.test").await;
    let before = t.app.mailer.sent().len();
    let res = post(&t, &agent, REMINDERS, json!({ "period": "2026-10" })).await;
    assert_eq!(res.status(), 200);
    let outcome: Value = res.json().await.expect("json");
    assert_eq!(
        outcome,
        json!({ "organisations": 2, "months": 4, "already_reminded": 0, "already_reminded_months": 0 })
    );
    let mails = reminders_sent(&t, before).await;
    let mut to: Vec<&str> = mails.iter().map(|m| m.to.as_str()).collect();
    to.sort_unstable();
    let mut expected = vec!["autre@of.test", formapro.as_str()];
    expected.sort_unstable();
    assert_eq!(to, expected, "one e-mail per late OF");
    let mail = mails.iter().find(|m| m.to == formapro).expect("Formapro's");
    assert_eq!(
        mail.subject,
        "Réalis — Certificats de réalisation en retard\u{a0}: octobre 2026"
    );
    for needle in [
        "2026-IDF-000101",
        "2026-IDF-000102",
        &format!(
            "2026-IDF-000821 — Zoé DÛPONT — En attente de certification\u{a0}: http://127.0.0.1:8080/dossiers/{waiting}/mois/2026-10"
        ),
    ] {
        assert!(mail.text.contains(needle), "{needle} in {}", mail.text);
    }
    assert!(
        !mail.text.contains("2026-IDF-000822"),
        "certified: not late"
    );
    assert!(!mail.text.contains("2026-IDF-000823"), "another OF's");
    let other = mails
        .iter()
        .find(|m| m.to == "autre@of.test")
        .expect("other's");
    assert!(
        other
            .text
            .contains(&format!("/dossiers/{foreign}/mois/2026-10")),
        "{}",
        other.text
    );
    assert_eq!(audit_count(&t, "late_organisation_reminded").await, 2);
    // The same day again: nobody is mailed, the answer says who was already reminded.
    let before = t.app.mailer.sent().len();
    let res = post(&t, &agent, REMINDERS, json!({ "period": "2026-10" })).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<Value>().await.expect("json"),
        json!({ "organisations": 0, "months": 0, "already_reminded": 2, "already_reminded_months": 4 })
    );
    assert!(reminders_sent(&t, before).await.is_empty());
    assert_eq!(audit_count(&t, "late_organisation_reminded").await, 2);
    // Another period is another reminder; a period not over yet has nobody late.
    let res = post(&t, &agent, REMINDERS, json!({ "period": "2026-11" })).await;
    assert_eq!(res.json::<Value>().await.expect("json")["organisations"], 0);
}

#[tokio::test]
async fn only_a_funder_agent_reminds_and_only_its_own_ofs() {
    let t = spawn_app().await;
    let (other_of, other_agent) = crate::conversations::other_tenants(&t).await;
    for token in [t.token("of@formapro.test").await, other_of] {
        problem(
            post(&t, &token, REMINDERS, json!({ "period": "2026-10" })).await,
            403,
            "forbidden",
        )
        .await;
    }
    let before = t.app.mailer.sent().len();
    let res = post(&t, &other_agent, REMINDERS, json!({ "period": "2026-10" })).await;
    assert_eq!(
        res.json::<Value>().await.expect("json")["organisations"],
        0,
        "the other funder has no late OF"
    );
    assert!(reminders_sent(&t, before).await.is_empty());
    let agent = t.token("agent@tp-idf.test").await;
    problem(
        post(&t, &agent, REMINDERS, json!({ "period": "2026-13" })).await,
        422,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn the_agent_narrows_the_documents_to_one_organisation() {
    let t = spawn_app().await;
    let (org, foreign, other_of) = other_of_with_dossier(&t, "2026-IDF-000831").await;
    let agent = t.token("agent@tp-idf.test").await;
    let of = t.token("of@formapro.test").await;
    let own =
        crate::dossiers::create_dossier(&t, "2026-IDF-000832", None, "d832@realis.test").await;
    crate::documents::attach(&t, &agent, foreign, "convention", "Convention Autre OF").await;
    crate::documents::attach(&t, &agent, own, "convention", "Convention Formapro").await;
    let titles = |v: Value| -> Vec<String> {
        v["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|d| d["title"].as_str().expect("title").to_owned())
            .collect()
    };
    let all = titles(get_json(&t, &agent, "/api/v1/documents").await);
    assert_eq!(all.len(), 2, "{all:?}");
    let narrowed = get_json(
        &t,
        &agent,
        &format!("/api/v1/documents?organisation_id={org}"),
    )
    .await;
    assert_eq!(narrowed["total"], 1);
    assert_eq!(titles(narrowed), ["Convention Autre OF"]);
    // An OF sees its own dossiers only, whatever organisation it names.
    let formapro = get_json(&t, &of, "/api/v1/me").await["organisation_id"].clone();
    let none = get_json(
        &t,
        &other_of,
        &format!("/api/v1/documents?organisation_id={formapro}"),
    )
    .await;
    assert_eq!(none["total"], 0);
}
