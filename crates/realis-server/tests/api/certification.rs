//! Certification in both modes (SPEC F5, F6), the stored certificate, evidence and public
//! verification; code rules of QUALITY S6 on a fixed clock; atomicity (R1).

use chrono::Duration;
use reqwest::Method;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::dossiers::create_dossier;
use crate::helpers::{TestApp, jpeg, pdf, png, problem, spawn_app};

pub fn month_url(id: i64, period: &str, rest: &str) -> String {
    format!("/api/v1/dossiers/{id}/months/{period}{rest}")
}

pub async fn get_json(t: &TestApp, token: &str, path: &str) -> Value {
    let res = t.get_with(path, token).await;
    assert_eq!(res.status(), 200, "GET {path}");
    res.json().await.expect("json")
}

pub async fn post(t: &TestApp, token: &str, path: &str, body: Value) -> reqwest::Response {
    t.send_json(Method::POST, path, token, &body).await
}

/// Saves hours in `period` and prepares it; with `online`, makes the OF ready for online
/// certification (stamp, Kbis and consent letter accepted by the agent).
pub async fn prepared_month(
    t: &TestApp,
    number: &str,
    periods: &[&str],
    online: bool,
) -> (i64, String) {
    let id = create_dossier(
        t,
        number,
        None,
        &format!("{}@realis.test", number.to_lowercase()),
    )
    .await;
    let of = t.token("of@formapro.test").await;
    t.put_bytes("/api/v1/organisation/logo", &of, "image/png", png(200, 80))
        .await;
    if online {
        let agent = t.token("agent@tp-idf.test").await;
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
        let o: Value = t
            .put_bytes(
                "/api/v1/organisation/documents/consent_letter",
                &of,
                "image/jpeg",
                jpeg(100, 140),
            )
            .await
            .json()
            .await
            .expect("json");
        let org = o["id"].as_i64().expect("org id");
        for kind in ["kbis", "consent_letter"] {
            let res = post(
                t,
                &agent,
                &format!("/api/v1/funder/organisations/{org}/documents/{kind}/review"),
                json!({ "decision": "accept" }),
            )
            .await;
            assert_eq!(res.status(), 200);
        }
    }
    for period in periods {
        let m = get_json(t, &of, &month_url(id, period, "")).await;
        let day = format!("{period}-15");
        let res = t
            .send_json(
                Method::PUT,
                &month_url(id, period, "/hours"),
                &of,
                &json!({ "version": m["version"], "days": [
                    { "date": day, "training": 7, "absence": 0.5 },
                    { "date": format!("{period}-16"), "training": 3.5, "internship": 3.5 }
                ] }),
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
            &of,
            &month_url(id, period, "/prepare"),
            json!({ "hours_certified": true }),
        )
        .await;
        assert_eq!(
            res.status(),
            200,
            "{}",
            res.text().await.unwrap_or_default()
        );
    }
    (id, of)
}

/// Certifies `period` online: a code sent with the IP consent, then entered.
pub async fn certify_online(t: &TestApp, of: &str, id: i64, period: &str) {
    let res = post(
        t,
        of,
        &month_url(id, period, "/code"),
        json!({ "ip_consent": true }),
    )
    .await;
    assert_eq!(res.status(), 202);
    let code = last_code(t).await;
    let res = post(
        t,
        of,
        &month_url(id, period, "/code/verify"),
        json!({ "code": code }),
    )
    .await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
}

/// The last code e-mailed (sent through the outbox to the memory mailer).
pub async fn last_code(t: &TestApp) -> String {
    t.app.send_due_mail().await.expect("send");
    let sent = t.app.mailer.sent();
    let mail = sent
        .iter()
        .rev()
        .find(|m| m.subject.contains("Code de vérification"))
        .expect("a code e-mail");
    let text = &mail.text;
    let start = text
        .find("Code de vérification\u{a0}: ")
        .expect("code line")
        + "Code de vérification\u{a0}: ".len();
    text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

fn wrong(code: &str) -> String {
    code.chars()
        .map(|c| {
            if c == '9' {
                '0'
            } else {
                char::from(c as u8 + 1)
            }
        })
        .collect()
}

#[tokio::test]
async fn upload_certification_stores_the_final_pdf_and_everyone_can_check_it() {
    let t = spawn_app().await;
    let (id, of) = prepared_month(&t, "D-UPL2", &["2026-10"], false).await;
    // Nothing can be attached before «Je certifie la saisie des heures» (September is open).
    problem(
        t.put_bytes(
            &month_url(id, "2026-09", "/signed-certificate"),
            &of,
            "application/pdf",
            pdf(),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    // Not open (December), not prepared (November, in progress): no certification.
    for (period, status) in [("2026-12", 409), ("2026-11", 409)] {
        let res = post(
            &t,
            &of,
            &month_url(id, period, "/certify"),
            json!({ "mode": "upload" }),
        )
        .await;
        assert_eq!(res.status(), status, "{period}");
    }
    let m = get_json(&t, &of, &month_url(id, "2026-10", "")).await;
    assert_eq!(m["status"], "awaiting_certification");
    assert!(
        m["allowed_actions"]
            .as_array()
            .expect("a")
            .iter()
            .any(|a| a == "certify_upload")
    );
    // «Certifier» without the signed scan.
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
    // Bad files are refused.
    problem(
        t.put_bytes(
            &month_url(id, "2026-10", "/signed-certificate"),
            &of,
            "application/pdf",
            b"<html><script>alert(1)</script></html>".to_vec(),
        )
        .await,
        415,
        "unsupported_media_type",
    )
    .await;
    problem(
        t.put_bytes(
            &month_url(id, "2026-10", "/signed-certificate"),
            &of,
            "application/pdf",
            Vec::new(),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    // Upload, replace, attendance sheets, delete one.
    for body in [pdf(), jpeg(300, 400)] {
        let res = t
            .put_bytes(
                &month_url(id, "2026-10", "/signed-certificate"),
                &of,
                "application/octet-stream",
                body,
            )
            .await;
        assert_eq!(res.status(), 200);
    }
    for _ in 0..2 {
        let res = t
            .client
            .post(t.url(&month_url(id, "2026-10", "/attendance-sheets")))
            .bearer_auth(&of)
            .body(png(50, 50))
            .send()
            .await
            .expect("req");
        assert_eq!(res.status(), 201);
    }
    let m = get_json(&t, &of, &month_url(id, "2026-10", "")).await;
    let files = m["files"].as_array().expect("files");
    assert_eq!(files.len(), 3);
    let signed: Vec<&Value> = files
        .iter()
        .filter(|f| f["kind"] == "signed_certificate")
        .collect();
    assert_eq!(signed.len(), 1);
    assert_eq!(signed[0]["content_type"], "image/jpeg");
    let sheet = files
        .iter()
        .find(|f| f["kind"] == "attendance_sheet")
        .expect("sheet");
    let res = t
        .client
        .delete(t.url(&month_url(
            id,
            "2026-10",
            &format!("/files/{}", sheet["id"]),
        )))
        .bearer_auth(&of)
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 200);
    let m: Value = res.json().await.expect("json");
    assert_eq!(m["files"].as_array().expect("files").len(), 2);
    // The online mode is not taken through /certify.
    problem(
        post(
            &t,
            &of,
            &month_url(id, "2026-10", "/certify"),
            json!({ "mode": "online" }),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    problem(
        post(
            &t,
            &of,
            &month_url(id, "2026-10", "/certify"),
            json!({ "mode": "paper" }),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    // Readiness is checked again at certification: without the logo it is blocked.
    let logo_bytes = t
        .get_with("/api/v1/organisation/logo", &of)
        .await
        .bytes()
        .await
        .expect("logo");
    let res = t
        .client
        .delete(t.url("/api/v1/organisation/logo"))
        .bearer_auth(&of)
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 200);
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
    assert_eq!(p["errors"][0]["code"], "no_logo");
    t.put_bytes(
        "/api/v1/organisation/logo",
        &of,
        "image/png",
        logo_bytes.to_vec(),
    )
    .await;
    // «Certifier».
    let res = post(
        &t,
        &of,
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
    let m: Value = res.json().await.expect("json");
    assert_eq!(m["status"], "awaiting_beneficiary");
    let cert = m["certificate"].clone();
    assert_eq!(cert["mode"], "upload");
    // The attempt's files now belong to the certificate; the next attempt starts without them.
    assert_eq!(m["files"].as_array().expect("files").len(), 0);
    let cert_files = cert["files"].as_array().expect("certificate files");
    assert_eq!(cert_files.len(), 2);
    let scan_id = cert_files
        .iter()
        .find(|f| f["kind"] == "signed_certificate")
        .expect("scan")["id"]
        .clone();
    assert_eq!(cert["superseded"], false);
    let code = cert["verification_code"].as_str().expect("code").to_owned();
    assert_eq!(code.len(), 14);
    // Certified: no second certification, no more files.
    problem(
        post(
            &t,
            &of,
            &month_url(id, "2026-10", "/certify"),
            json!({ "mode": "upload" }),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    problem(
        t.put_bytes(
            &month_url(id, "2026-10", "/signed-certificate"),
            &of,
            "application/pdf",
            pdf(),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    // The final PDF, the same bytes for the OF and the funder, hashed as announced.
    let agent = t.token("agent@tp-idf.test").await;
    let mut bodies = Vec::new();
    for token in [&of, &agent] {
        let res = t
            .get_with(&month_url(id, "2026-10", "/certificate.pdf"), token)
            .await;
        assert_eq!(res.status(), 200);
        bodies.push(res.bytes().await.expect("pdf").to_vec());
    }
    assert_eq!(bodies[0], bodies[1]);
    assert!(bodies[0].starts_with(b"%PDF-"));
    assert_eq!(hex::encode(Sha256::digest(&bodies[0])), cert["sha256"]);
    // The signed scan stays downloadable by the funder; it cannot be deleted any more.
    let res = t
        .get_with(
            &month_url(id, "2026-10", &format!("/files/{scan_id}")),
            &agent,
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let res = t
        .client
        .delete(t.url(&month_url(id, "2026-10", &format!("/files/{scan_id}"))))
        .bearer_auth(&of)
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 409);
    // The beneficiary was e-mailed that hours await validation.
    t.app.send_due_mail().await.expect("send");
    let sent = t.app.mailer.sent();
    let mail = sent
        .iter()
        .find(|m| m.to == "d-upl2@realis.test" && m.subject.contains("à valider"))
        .expect("validation e-mail");
    let done = sent
        .iter()
        .find(|m| {
            m.to == "of@formapro.test" && m.subject.starts_with("Réalis — Certification effectuée")
        })
        .expect("certification done e-mail");
    assert!(done.text.contains(&code), "{}", done.text);
    assert!(
        mail.text.contains("octobre 2026") && mail.text.contains("14,00"),
        "{}",
        mail.text
    );
    // Public verification: no login, any spelling of the code; unknown or garbage → 404.
    for spelling in [code.clone(), code.to_lowercase().replace('-', " ")] {
        let res = t
            .client
            .get(t.url(&format!("/api/v1/verify/{spelling}")))
            .send()
            .await
            .expect("req");
        assert_eq!(res.status(), 200);
        let v: Value = res.json().await.expect("json");
        assert_eq!(v["dossier_number"], "D-UPL2");
        assert_eq!(v["period"], "2026-10");
        assert_eq!(v["training"], 10.5);
        assert_eq!(v["internship"], 3.5);
        assert_eq!(v["absence"], 0.5);
        assert_eq!(v["mode"], "upload");
        assert_eq!(v["sha256"], cert["sha256"]);
        assert_eq!(v["superseded"], false);
    }
    for unknown in ["0000-0000-0000", "..%2F..%2Fetc", "x"] {
        let res = t
            .client
            .get(t.url(&format!("/api/v1/verify/{unknown}")))
            .send()
            .await
            .expect("req");
        problem(res, 404, "not_found").await;
    }
    // The evidence trail, for the OF and the funder; the chain holds.
    let e = get_json(&t, &agent, &month_url(id, "2026-10", "/evidence")).await;
    let actions: Vec<&str> = e["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["action"].as_str().expect("action"))
        .collect();
    for expected in [
        "hours_saved",
        "hours_prepared",
        "signed_certificate_uploaded",
        "attendance_sheet_uploaded",
        "attendance_sheet_deleted",
        "certified",
    ] {
        assert!(
            actions.contains(&expected),
            "{expected} missing in {actions:?}"
        );
    }
    assert_eq!(e["chain_intact"], true);
    assert_eq!(e["certificates"].as_array().expect("certs").len(), 1);
    // Upload mode: no IP is shown (no consent asked).
    assert!(
        e["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|i| i["ip"].is_null())
    );
    // Another beneficiary gets 404 everywhere.
    let michelle = t.token("michelle.dubois@realis.test").await;
    for path in ["/evidence", "/certificate.pdf", ""] {
        problem(
            t.get_with(&month_url(id, "2026-10", path), &michelle).await,
            404,
            "not_found",
        )
        .await;
    }
}

#[tokio::test]
async fn online_codes_expire_burn_and_bind_to_the_hours_then_certify_once() {
    let t = spawn_app().await;
    let (id, of) = prepared_month(&t, "D-ONL", &["2026-09", "2026-10"], true).await;
    let send = |period: &'static str, consent: bool| {
        let (t, of) = (&t, of.clone());
        async move {
            post(
                t,
                &of,
                &month_url(id, period, "/code"),
                json!({ "ip_consent": consent }),
            )
            .await
        }
    };
    let verify = |period: &'static str, code: String| {
        let (t, of) = (&t, of.clone());
        async move {
            post(
                t,
                &of,
                &month_url(id, period, "/code/verify"),
                json!({ "code": code }),
            )
            .await
        }
    };
    let m = get_json(&t, &of, &month_url(id, "2026-10", "")).await;
    assert!(
        m["allowed_actions"]
            .as_array()
            .expect("a")
            .iter()
            .any(|a| a == "certify_online")
    );
    assert_eq!(m["online"]["code_length"], 6);
    // Consent is mandatory; no code yet → 410.
    let p = problem(send("2026-10", false).await, 422, "validation_failed").await;
    assert_eq!(p["errors"][0]["field"], "ip_consent");
    problem(
        verify("2026-10", "123456".into()).await,
        410,
        "code_expired",
    )
    .await;

    // 1. Three wrong tries burn the code; the right one is then refused.
    let res = send("2026-10", true).await;
    assert_eq!(res.status(), 202);
    let sent: Value = res.json().await.expect("json");
    assert_eq!(sent["sent_to"], "o***@formapro.test");
    assert_eq!(sent["expires_at"], "2026-11-26T09:40:00Z");
    let code = last_code(&t).await;
    assert_eq!(code.len(), 6);
    // The code leaves first (urgent), before the notifications queued earlier.
    let mail = t
        .app
        .mailer
        .sent()
        .into_iter()
        .rev()
        .find(|m| m.subject.contains("Code de vérification"))
        .expect("mail");
    assert!(
        mail.text.contains("Valable jusqu'au 26/11/2026 à 10:40"),
        "{}",
        mail.text
    );
    assert!(
        mail.text.contains("D-ONL")
            && mail.text.contains("octobre 2026")
            && mail.text.contains("10,50")
    );
    // Resend within 60 s → 429 with Retry-After.
    let res = send("2026-10", true).await;
    assert_eq!(res.status(), 429);
    assert_eq!(res.headers()["retry-after"], "60");
    for (left, says) in [
        (2, "Code incorrect. Il vous reste 2\u{a0}essais."),
        (1, "Code incorrect. Il vous reste 1\u{a0}essai."),
        (
            0,
            "Code incorrect. Ce code n'est plus utilisable\u{a0}: demandez-en un nouveau.",
        ),
    ] {
        let p = problem(verify("2026-10", wrong(&code)).await, 422, "wrong_code").await;
        assert_eq!(p["attempts_left"], left);
        assert_eq!(p["errors"][0]["field"], "code");
        assert_eq!(p["errors"][0]["message"], says);
    }
    problem(verify("2026-10", code.clone()).await, 410, "code_expired").await;

    // 2. Wrong period: September's code does not certify October.
    t.app.clock.advance(Duration::seconds(61));
    assert_eq!(send("2026-09", true).await.status(), 202);
    let september = last_code(&t).await;
    assert_eq!(send("2026-10", true).await.status(), 202);
    let october = last_code(&t).await;
    if september != october {
        let p = problem(
            verify("2026-10", september.clone()).await,
            422,
            "wrong_code",
        )
        .await;
        assert_eq!(p["attempts_left"], 2);
    }

    // 3. Edit after sending: the hours change, the code is void.
    let m = get_json(&t, &of, &month_url(id, "2026-10", "")).await;
    let res = t
        .send_json(
            Method::PUT,
            &month_url(id, "2026-10", "/hours"),
            &of,
            &json!({ "version": m["version"], "days": [{ "date": "2026-10-15", "training": 7 }] }),
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
    problem(verify("2026-10", october).await, 410, "code_expired").await;

    // 4. Expiry exactly at the deadline.
    t.app.clock.advance(Duration::seconds(61));
    assert_eq!(send("2026-10", true).await.status(), 202);
    let code = last_code(&t).await;
    t.app.clock.advance(Duration::seconds(599));
    let p = problem(verify("2026-10", wrong(&code)).await, 422, "wrong_code").await;
    assert_eq!(p["attempts_left"], 2);
    t.app.clock.advance(Duration::seconds(1));
    problem(verify("2026-10", code).await, 410, "code_expired").await;

    // 5. The right code in time certifies, once.
    t.app.clock.advance(Duration::seconds(61));
    assert_eq!(send("2026-10", true).await.status(), 202);
    let code = last_code(&t).await;
    let res = verify("2026-10", code.clone()).await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let m: Value = res.json().await.expect("json");
    assert_eq!(m["status"], "awaiting_beneficiary");
    assert_eq!(m["certificate"]["mode"], "online");
    assert_eq!(m["totals"]["training"], 7.0);
    problem(verify("2026-10", code).await, 409, "conflict").await;
    // The evidence shows each step, with the consented IP.
    let e = get_json(&t, &of, &month_url(id, "2026-10", "/evidence")).await;
    let items = e["items"].as_array().expect("items");
    let count = |a: &str| items.iter().filter(|i| i["action"] == a).count();
    assert_eq!(count("code_sent"), 4);
    assert!(count("code_failed") >= 4);
    assert_eq!(count("certified"), 1);
    let certified = items
        .iter()
        .find(|i| i["action"] == "certified")
        .expect("certified");
    assert_eq!(certified["ip"], "127.0.0.1");
    assert_eq!(e["chain_intact"], true);
    // The final PDF carries the verification code and the signature block (checked in the PDF
    // tests); here its bytes hash as announced.
    let res = t
        .get_with(&month_url(id, "2026-10", "/certificate.pdf"), &of)
        .await;
    let bytes = res.bytes().await.expect("pdf");
    assert_eq!(
        hex::encode(Sha256::digest(&bytes)),
        m["certificate"]["sha256"]
    );
}

#[tokio::test]
async fn ten_wrong_codes_in_a_row_lock_online_certification_and_alert() {
    let t = spawn_app().await;
    let (id, of) = prepared_month(&t, "D-LCK", &["2026-10"], true).await;
    let mut failures = 0;
    let mut last = Value::Null;
    while failures < 10 {
        let res = post(
            &t,
            &of,
            &month_url(id, "2026-10", "/code"),
            json!({ "ip_consent": true }),
        )
        .await;
        assert_eq!(
            res.status(),
            202,
            "{}",
            res.text().await.unwrap_or_default()
        );
        let code = last_code(&t).await;
        for _ in 0..3 {
            if failures == 10 {
                break;
            }
            last = problem(
                post(
                    &t,
                    &of,
                    &month_url(id, "2026-10", "/code/verify"),
                    json!({ "code": wrong(&code) }),
                )
                .await,
                422,
                "wrong_code",
            )
            .await;
            failures += 1;
        }
        t.app.clock.advance(Duration::seconds(61));
    }
    assert!(
        last["errors"][0]["message"]
            .as_str()
            .expect("m")
            .contains("bloquée")
    );
    let m = get_json(&t, &of, &month_url(id, "2026-10", "")).await;
    assert_eq!(m["online"]["locked"], true);
    assert!(
        !m["allowed_actions"]
            .as_array()
            .expect("a")
            .iter()
            .any(|a| a == "certify_online")
    );
    problem(
        post(
            &t,
            &of,
            &month_url(id, "2026-10", "/code"),
            json!({ "ip_consent": true }),
        )
        .await,
        409,
        "online_locked",
    )
    .await;
    problem(
        post(
            &t,
            &of,
            &month_url(id, "2026-10", "/code/verify"),
            json!({ "code": "123456" }),
        )
        .await,
        409,
        "online_locked",
    )
    .await;
    t.app.send_due_mail().await.expect("send");
    assert!(
        t.app
            .mailer
            .sent()
            .iter()
            .any(|m| m.to == "of@formapro.test" && m.subject.contains("bloquée"))
    );
    // The OF cannot unlock; the agent can, and the OF may ask for a code again.
    let unlock = format!("/api/v1/funder/dossiers/{id}/months/2026-10/unlock-online");
    problem(post(&t, &of, &unlock, json!({})).await, 403, "forbidden").await;
    let agent = t.token("agent@tp-idf.test").await;
    let res = post(&t, &agent, &unlock, json!({})).await;
    assert_eq!(res.status(), 200);
    problem(post(&t, &agent, &unlock, json!({})).await, 409, "conflict").await;
    let m = get_json(&t, &of, &month_url(id, "2026-10", "")).await;
    assert_eq!(m["online"]["locked"], false);
    assert_eq!(
        post(
            &t,
            &of,
            &month_url(id, "2026-10", "/code"),
            json!({ "ip_consent": true })
        )
        .await
        .status(),
        202
    );
    // Upload mode stays available.
    t.put_bytes(
        &month_url(id, "2026-10", "/signed-certificate"),
        &of,
        "application/pdf",
        pdf(),
    )
    .await;
    let res = post(
        &t,
        &of,
        &month_url(id, "2026-10", "/certify"),
        json!({ "mode": "upload" }),
    )
    .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn twenty_concurrent_verifications_of_the_right_code_certify_exactly_once() {
    let t = spawn_app().await;
    let (id, of) = prepared_month(&t, "D-CON", &["2026-10"], true).await;
    let res = post(
        &t,
        &of,
        &month_url(id, "2026-10", "/code"),
        json!({ "ip_consent": true }),
    )
    .await;
    assert_eq!(res.status(), 202);
    let code = last_code(&t).await;
    let statuses = crate::helpers::concurrent_posts(
        &t,
        &of,
        &month_url(id, "2026-10", "/code/verify"),
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
    let e = get_json(&t, &of, &month_url(id, "2026-10", "/evidence")).await;
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

#[tokio::test]
async fn a_fault_after_the_audit_insert_leaves_nothing_and_the_code_still_works() {
    let t = spawn_app().await;
    let (id, of) = prepared_month(&t, "D-R1", &["2026-10"], true).await;
    let res = post(
        &t,
        &of,
        &month_url(id, "2026-10", "/code"),
        json!({ "ip_consent": true }),
    )
    .await;
    assert_eq!(res.status(), 202);
    let code = last_code(&t).await;
    // The e-mail to the beneficiary is queued after the audit record: make that insert fail.
    let db = &t.app.db.conn;
    let backend = db.get_database_backend();
    let ddl: &[&str] = if backend == DbBackend::Postgres {
        &[
            "CREATE FUNCTION inject_fault() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER inject_fault BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION inject_fault()",
        ]
    } else {
        &[
            "CREATE TRIGGER inject_fault BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'injected fault'); END",
        ]
    };
    for sql in ddl {
        db.execute(Statement::from_string(backend, *sql))
            .await
            .expect("ddl");
    }
    let audit_before = realis_store::audit::with_action(db, "certified")
        .await
        .expect("audit")
        .len();
    let files_before = crate::helpers::file_count(&t).await;
    let res = post(
        &t,
        &of,
        &month_url(id, "2026-10", "/code/verify"),
        json!({ "code": code }),
    )
    .await;
    problem(res, 500, "internal").await;
    let m = get_json(&t, &of, &month_url(id, "2026-10", "")).await;
    assert_eq!(m["status"], "awaiting_certification");
    assert!(m["certificate"].is_null());
    assert_eq!(m["online"]["attempts_left"], 3);
    assert_eq!(
        realis_store::audit::with_action(db, "certified")
            .await
            .expect("audit")
            .len(),
        audit_before
    );
    assert_eq!(crate::helpers::file_count(&t).await, files_before);
    assert_eq!(
        realis_store::audit::verify_chain(db, &t.app.audit_key)
            .await
            .expect("chain"),
        None
    );
    // Fault removed: the same code certifies.
    db.execute(Statement::from_string(
        backend,
        "DROP TRIGGER inject_fault".to_owned()
            + if backend == DbBackend::Postgres {
                " ON outbox"
            } else {
                ""
            },
    ))
    .await
    .expect("drop");
    let res = post(
        &t,
        &of,
        &month_url(id, "2026-10", "/code/verify"),
        json!({ "code": code }),
    )
    .await;
    assert_eq!(res.status(), 200);
}

/// Issue 8, item 2: the month never lists an action the API would refuse.
#[tokio::test]
async fn online_certification_is_listed_only_when_the_code_would_be_sent() {
    let t = spawn_app().await;
    // No stamp, Kbis or consent letter: online certification is not available.
    let (id, of) = prepared_month(&t, "2026-AA-000001", &["2026-10"], false).await;
    let m = get_json(&t, &of, &month_url(id, "2026-10", "")).await;
    assert_eq!(m["readiness"]["online_available"], false);
    let actions: Vec<&str> = m["allowed_actions"]
        .as_array()
        .expect("actions")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(actions.contains(&"certify_upload"), "{actions:?}");
    assert!(!actions.contains(&"certify_online"), "{actions:?}");
    // …and the code endpoint indeed refuses it.
    let res = post(
        &t,
        &of,
        &month_url(id, "2026-10", "/code"),
        json!({ "ip_consent": true }),
    )
    .await;
    assert_eq!(res.status(), 422);
    // Once the documents are accepted, it is listed and the code is sent.
    let (id, of) = prepared_month(&t, "2026-AA-000002", &["2026-10"], true).await;
    let m = get_json(&t, &of, &month_url(id, "2026-10", "")).await;
    assert!(
        m["allowed_actions"]
            .as_array()
            .expect("actions")
            .iter()
            .any(|a| a == "certify_online")
    );
    let res = post(
        &t,
        &of,
        &month_url(id, "2026-10", "/code"),
        json!({ "ip_consent": true }),
    )
    .await;
    assert_eq!(res.status(), 202);
}
