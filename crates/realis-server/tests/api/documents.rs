//! «Documents» (issue #11, part 3): a dossier's documents for every party (certificates, the
//! scans they rest on, the funder's documents), the documents across the reader's dossiers, the
//! documents a funder publishes to its OFs, a period's certificates as one ZIP; bad uploads,
//! roles and other tenants.

use std::io::Read;

use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::certification::{certify_online, get_json, month_url, post, prepared_month};
use crate::helpers::{TestApp, pdf, png, problem, spawn_app};
use crate::names::pdf_text;

/// Sends raw bytes with a content type.
pub async fn upload(
    t: &TestApp,
    token: &str,
    path: &str,
    ct: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    t.client
        .post(t.url(path))
        .bearer_auth(token)
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .expect("request")
}

/// The agent attaches a PDF to the dossier; returns its listed item.
pub async fn attach(t: &TestApp, agent: &str, dossier: i64, kind: &str, title: &str) -> Value {
    let title: String = url_encode(title);
    let res = upload(
        t,
        agent,
        &format!("/api/v1/funder/dossiers/{dossier}/documents?kind={kind}&title={title}"),
        "application/pdf",
        pdf(),
    )
    .await;
    assert_eq!(
        res.status(),
        201,
        "{}",
        res.text().await.unwrap_or_default()
    );
    res.json().await.expect("json")
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn count(t: &TestApp, sql: &str) -> i64 {
    let backend = t.app.db.conn.get_database_backend();
    t.app
        .db
        .conn
        .query_one(Statement::from_string(backend, sql.to_owned()))
        .await
        .expect("query")
        .expect("row")
        .try_get::<i64>("", "n")
        .expect("n")
}

async fn bytes(t: &TestApp, token: &str, href: &str) -> (u16, Vec<u8>, String) {
    let res = t.get_with(href, token).await;
    let status = res.status().as_u16();
    let disposition = res
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (
        status,
        res.bytes().await.expect("body").to_vec(),
        disposition,
    )
}

/// Certifies `period` in upload mode with a signed scan and one attendance sheet.
async fn certify_with_files(t: &TestApp, of: &str, id: i64, period: &str) {
    let res = t
        .put_bytes(
            &month_url(id, period, "/signed-certificate"),
            of,
            "application/pdf",
            pdf(),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = upload(
        t,
        of,
        &month_url(id, period, "/attendance-sheets"),
        "image/png",
        png(40, 40),
    )
    .await;
    assert_eq!(res.status(), 201);
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
}

fn items(v: &Value) -> &Vec<Value> {
    v["items"].as_array().expect("items")
}

#[tokio::test]
async fn every_party_lists_the_certificates_their_files_and_the_funders_documents_of_a_dossier() {
    let t = spawn_app().await;
    let (id, of) = prepared_month(&t, "D-DOC", &["2026-10"], false).await;
    let agent = t.token("agent@tp-idf.test").await;
    let docs = format!("/api/v1/dossiers/{id}/documents");
    // Files of an attempt not certified yet are the month page's, not documents.
    let res = t
        .put_bytes(
            &month_url(id, "2026-10", "/signed-certificate"),
            &of,
            "application/pdf",
            pdf(),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(items(&get_json(&t, &of, &docs).await).is_empty());
    certify_with_files(&t, &of, id, "2026-10").await;
    t.app.clock.advance(chrono::Duration::minutes(5));
    let convention = attach(&t, &agent, id, "convention", "Convention de formation").await;
    assert_eq!(convention["kind"], "convention");
    assert_eq!(convention["title"], "Convention de formation");
    assert_eq!(convention["dossier_number"], "D-DOC");
    assert_eq!(convention["content_type"], "application/pdf");
    assert!(convention["superseded"].is_null() && convention["period"].is_null());
    let href = convention["href"].as_str().expect("href").to_owned();
    assert!(
        href.starts_with(&format!("/api/v1/dossiers/{id}/documents/")),
        "{href}"
    );
    attach(
        &t,
        &agent,
        id,
        "funding_agreement",
        "  Accord de prise en charge ",
    )
    .await;

    let beneficiary = crate::admin::activate(&t, "d-doc@realis.test").await;
    let employer = t.token("rh@pharmaplus.test").await;
    let mut seen = Vec::new();
    for token in [&of, &agent, &beneficiary, &employer] {
        let list = get_json(&t, token, &docs).await;
        let kinds: Vec<&str> = items(&list)
            .iter()
            .map(|d| d["kind"].as_str().expect("kind"))
            .collect();
        assert_eq!(kinds.len(), 5, "{list}");
        for kind in [
            "certificate",
            "signed_certificate",
            "attendance_sheet",
            "convention",
            "funding_agreement",
        ] {
            assert!(kinds.contains(&kind), "{kind} in {list}");
        }
        // Every document downloads through its href.
        for d in items(&list) {
            let (status, body, disposition) =
                bytes(&t, token, d["href"].as_str().expect("href")).await;
            assert_eq!(status, 200, "{d}");
            assert!(disposition.starts_with("attachment;"), "{disposition}");
            assert_eq!(
                body.len() as i64,
                d["size_bytes"].as_i64().expect("size"),
                "{d}"
            );
        }
        seen.push(list);
    }
    assert!(
        seen.windows(2).all(|w| w[0] == w[1]),
        "every party sees the same list"
    );
    let list = &seen[0];
    let cert = items(list)
        .iter()
        .find(|d| d["kind"] == "certificate")
        .expect("certificate");
    assert_eq!(cert["mode"], "upload");
    assert_eq!(cert["period"], "2026-10");
    assert_eq!(cert["superseded"], false);
    assert_eq!(cert["title"], "Certificat de réalisation");
    assert_eq!(cert["href"], month_url(id, "2026-10", "/certificate.pdf"));
    let agreement = items(list)
        .iter()
        .find(|d| d["kind"] == "funding_agreement")
        .expect("agreement");
    assert_eq!(agreement["title"], "Accord de prise en charge");
    // Newest first: the funder's documents came after the certification.
    assert_eq!(items(list)[0]["kind"], "funding_agreement");
    let (_, body, disposition) = bytes(&t, &beneficiary, &href).await;
    assert!(body.starts_with(b"%PDF-"));
    assert!(
        disposition.contains("convention-de-formation-"),
        "{disposition}"
    );

    // Added: audited with the file's hash, and a `document.added` event for integrations.
    assert_eq!(count(&t, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'dossier_document_added' AND object_type = 'dossier'").await, 2);
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) AS n FROM domain_events WHERE kind = 'document.added'"
        )
        .await,
        2
    );

    // Reopened: the certificate and its files stay listed, superseded; the old PDF is not served.
    let res = post(
        &t,
        &agent,
        &format!("/api/v1/funder/dossiers/{id}/months/2026-10/reopen"),
        json!({ "reason": "Erreur de saisie" }),
    )
    .await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let list = get_json(&t, &of, &docs).await;
    for d in items(&list).iter().filter(|d| d["period"] == "2026-10") {
        assert_eq!(d["superseded"], true, "{d}");
    }
    let cert = items(&list)
        .iter()
        .find(|d| d["kind"] == "certificate")
        .expect("certificate");
    assert!(cert["href"].is_null(), "{cert}");
    assert!(
        items(&list)
            .iter()
            .filter(|d| d["kind"] != "certificate")
            .all(|d| d["href"].is_string())
    );

    // The agent deletes one; it is gone for everyone, audited.
    problem(
        t.client
            .delete(t.url(&href))
            .bearer_auth(&agent)
            .send()
            .await
            .expect("req"),
        405,
        "method_not_allowed",
    )
    .await;
    let doc_id = href.rsplit('/').next().expect("id");
    let delete = format!("/api/v1/funder/dossiers/{id}/documents/{doc_id}");
    for token in [&of, &beneficiary] {
        problem(
            t.client
                .delete(t.url(&delete))
                .bearer_auth(token)
                .send()
                .await
                .expect("req"),
            403,
            "forbidden",
        )
        .await;
    }
    let res = t
        .client
        .delete(t.url(&delete))
        .bearer_auth(&agent)
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 204);
    problem(
        t.client
            .delete(t.url(&delete))
            .bearer_auth(&agent)
            .send()
            .await
            .expect("req"),
        404,
        "not_found",
    )
    .await;
    problem(t.get_with(&href, &of).await, 404, "not_found").await;
    assert_eq!(items(&get_json(&t, &employer, &docs).await).len(), 4);
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'dossier_document_deleted'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_document_of_the_wrong_type_too_large_or_without_title_or_kind_is_refused() {
    let t = spawn_app().await;
    let (id, of) = prepared_month(&t, "D-BAD", &[], false).await;
    let agent = t.token("agent@tp-idf.test").await;
    let at = |q: &str| format!("/api/v1/funder/dossiers/{id}/documents{q}");
    let ok = "?kind=convention&title=Convention";
    let files_before = crate::helpers::file_count(&t).await;
    problem(
        upload(
            &t,
            &agent,
            &at(ok),
            "application/pdf",
            b"<html><script>alert(1)</script></html>".to_vec(),
        )
        .await,
        415,
        "unsupported_media_type",
    )
    .await;
    problem(
        upload(
            &t,
            &agent,
            &at(ok),
            "image/svg+xml",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(),
        )
        .await,
        415,
        "unsupported_media_type",
    )
    .await;
    problem(
        upload(&t, &agent, &at(ok), "application/pdf", Vec::new()).await,
        422,
        "validation_failed",
    )
    .await;
    let mut big = pdf();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    problem(
        upload(&t, &agent, &at(ok), "application/pdf", big.clone()).await,
        413,
        "payload_too_large",
    )
    .await;
    let p = problem(
        upload(
            &t,
            &agent,
            &at("?kind=convention"),
            "application/pdf",
            pdf(),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "title", "{p}");
    assert_eq!(p["errors"][0]["code"], "required", "{p}");
    let p = problem(
        upload(&t, &agent, &at("?title=%20%20"), "application/pdf", pdf()).await,
        422,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().expect("field"))
        .collect();
    assert_eq!(fields, ["kind", "title"], "{p}");
    let p = problem(
        upload(
            &t,
            &agent,
            &at("?kind=certificate&title=Faux"),
            "application/pdf",
            pdf(),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "invalid_kind", "{p}");
    let long = "x".repeat(121);
    let p = problem(
        upload(
            &t,
            &agent,
            &at(&format!("?kind=other&title={long}")),
            "application/pdf",
            pdf(),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "too_long", "{p}");
    // Only agents attach; another funder's agent does not find the dossier.
    problem(
        upload(&t, &of, &at(ok), "application/pdf", pdf()).await,
        403,
        "forbidden",
    )
    .await;
    let (_, other_agent) = crate::conversations::other_tenants(&t).await;
    problem(
        upload(&t, &other_agent, &at(ok), "application/pdf", pdf()).await,
        404,
        "not_found",
    )
    .await;
    // Published documents: the same gate.
    problem(
        upload(
            &t,
            &agent,
            "/api/v1/funder/documents",
            "application/pdf",
            pdf(),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    problem(
        upload(
            &t,
            &agent,
            "/api/v1/funder/documents?title=Guide",
            "text/html",
            b"<html></html>".to_vec(),
        )
        .await,
        415,
        "unsupported_media_type",
    )
    .await;
    problem(
        upload(
            &t,
            &agent,
            "/api/v1/funder/documents?title=Guide",
            "application/pdf",
            big,
        )
        .await,
        413,
        "payload_too_large",
    )
    .await;
    problem(
        upload(
            &t,
            &of,
            "/api/v1/funder/documents?title=Guide",
            "application/pdf",
            pdf(),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    assert_eq!(
        crate::helpers::file_count(&t).await,
        files_before,
        "nothing was stored"
    );
    assert!(
        items(&get_json(&t, &of, &format!("/api/v1/dossiers/{id}/documents")).await).is_empty()
    );
    // An image is re-encoded like every document.
    let res = upload(
        &t,
        &agent,
        &at("?kind=other&title=Plan%20d%27acc%C3%A8s"),
        "image/png",
        png(60, 30),
    )
    .await;
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.expect("json");
    assert_eq!(v["title"], "Plan d'accès");
    assert_eq!(v["content_type"], "image/png");
}

#[tokio::test]
async fn an_agent_publishes_guides_that_only_its_funders_ofs_read() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let agent = t.token("agent@tp-idf.test").await;
    let list = "/api/v1/documents/published";
    assert_eq!(get_json(&t, &of, list).await["total"], 0);
    let res = upload(
        &t,
        &agent,
        "/api/v1/funder/documents?title=Guide%20de%20la%20certification",
        "application/pdf",
        pdf(),
    )
    .await;
    assert_eq!(res.status(), 201);
    let guide: Value = res.json().await.expect("json");
    assert_eq!(guide["title"], "Guide de la certification");
    let res = upload(
        &t,
        &agent,
        "/api/v1/funder/documents?title=Mod%C3%A8le%20d%27attestation",
        "image/jpeg",
        crate::helpers::jpeg(80, 60),
    )
    .await;
    assert_eq!(res.status(), 201);
    for token in [&of, &agent] {
        let page = get_json(&t, token, list).await;
        assert_eq!(page["total"], 2);
        assert_eq!(
            items(&page)[0]["title"],
            "Modèle d'attestation",
            "newest first"
        );
        let page = get_json(&t, token, &format!("{list}?per_page=1&page=2")).await;
        assert_eq!(items(&page)[0]["title"], "Guide de la certification");
    }
    let href = guide["href"].as_str().expect("href");
    let (status, body, disposition) = bytes(&t, &of, href).await;
    assert_eq!(status, 200);
    assert!(body.starts_with(b"%PDF-"));
    assert!(
        disposition.contains("guide-de-la-certification-"),
        "{disposition}"
    );
    assert_eq!(count(&t, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'document_published' AND object_type = 'funder'").await, 2);
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) AS n FROM domain_events WHERE kind = 'document.published'"
        )
        .await,
        2
    );

    // Another OF of the same funder reads it; another funder's people do not know it exists;
    // beneficiaries and employers have no published documents.
    let (same_funder_of, other_agent) = crate::conversations::other_tenants(&t).await;
    assert_eq!(get_json(&t, &same_funder_of, list).await["total"], 2);
    assert_eq!(get_json(&t, &other_agent, list).await["total"], 0);
    problem(t.get_with(href, &other_agent).await, 404, "not_found").await;
    for login in [
        "michelle.dubois@realis.test",
        "rh@pharmaplus.test",
        "admin@realis.test",
    ] {
        let token = t.token(login).await;
        problem(t.get_with(list, &token).await, 403, "forbidden").await;
        problem(t.get_with(href, &token).await, 403, "forbidden").await;
    }
    let delete = format!("/api/v1/funder/documents/{}", guide["id"]);
    problem(
        t.client
            .delete(t.url(&delete))
            .bearer_auth(&other_agent)
            .send()
            .await
            .expect("req"),
        404,
        "not_found",
    )
    .await;
    problem(
        t.client
            .delete(t.url(&delete))
            .bearer_auth(&of)
            .send()
            .await
            .expect("req"),
        403,
        "forbidden",
    )
    .await;
    let res = t
        .client
        .delete(t.url(&delete))
        .bearer_auth(&agent)
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 204);
    assert_eq!(get_json(&t, &of, list).await["total"], 1);
    problem(t.get_with(href, &of).await, 404, "not_found").await;
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'published_document_deleted'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn the_documents_menu_pages_and_filters_the_documents_of_every_dossier() {
    let t = spawn_app().await;
    let (a, of) = prepared_month(&t, "D-MENU1", &["2026-09", "2026-10"], true).await;
    let (b, _) = prepared_month(&t, "D-MENU2", &["2026-10"], true).await;
    for (id, period) in [(a, "2026-09"), (a, "2026-10"), (b, "2026-10")] {
        certify_online(&t, &of, id, period).await;
    }
    let agent = t.token("agent@tp-idf.test").await;
    t.app.clock.advance(chrono::Duration::minutes(5));
    attach(&t, &agent, b, "convention", "Convention D-MENU2").await;
    let page = get_json(&t, &of, "/api/v1/documents?per_page=2").await;
    assert_eq!(page["total"], 4, "{page}");
    assert_eq!(items(&page).len(), 2);
    assert_eq!(items(&page)[0]["kind"], "convention");
    let last = get_json(&t, &of, "/api/v1/documents?per_page=2&page=2").await;
    assert_eq!(items(&last).len(), 2);
    let ids: std::collections::HashSet<String> = items(&page)
        .iter()
        .chain(items(&last))
        .map(|d| d["id"].to_string())
        .collect();
    assert_eq!(ids.len(), 4, "pages do not overlap");
    let of_a = get_json(&t, &of, &format!("/api/v1/documents?dossier_id={a}")).await;
    assert_eq!(of_a["total"], 2);
    assert!(
        items(&of_a)
            .iter()
            .all(|d| d["dossier_number"] == "D-MENU1")
    );
    let october = get_json(&t, &of, "/api/v1/documents?period=2026-10").await;
    assert_eq!(october["total"], 2);
    assert!(
        items(&october)
            .iter()
            .all(|d| d["period"] == "2026-10" && d["mode"] == "online")
    );
    let conventions = get_json(&t, &of, "/api/v1/documents?kind=convention").await;
    assert_eq!(conventions["total"], 1);
    assert_eq!(items(&conventions)[0]["dossier_number"], "D-MENU2");
    let none = get_json(
        &t,
        &of,
        &format!("/api/v1/documents?dossier_id={a}&kind=convention"),
    )
    .await;
    assert_eq!(none["total"], 0);
    // The agent sees its funder's; another OF none; an administrator has no dossiers.
    assert_eq!(get_json(&t, &agent, "/api/v1/documents").await["total"], 4);
    let (other_of, other_agent) = crate::conversations::other_tenants(&t).await;
    assert_eq!(
        get_json(&t, &other_of, "/api/v1/documents").await["total"],
        0
    );
    assert_eq!(
        get_json(
            &t,
            &other_agent,
            &format!("/api/v1/documents?dossier_id={a}")
        )
        .await["total"],
        0
    );
    let admin = t.token("admin@realis.test").await;
    problem(
        t.get_with("/api/v1/documents", &admin).await,
        403,
        "forbidden",
    )
    .await;
    let p = problem(
        t.get_with("/api/v1/documents?period=octobre", &of).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "period");
    let p = problem(
        t.get_with("/api/v1/documents?kind=facture", &of).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "kind");
}

/// The entries of a ZIP: (name, bytes), in archive order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a valid ZIP");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).expect("entry");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("inflate");
            (f.name().expect("name").to_string(), data)
        })
        .collect()
}

#[tokio::test]
async fn a_periods_current_certificates_download_as_one_zip() {
    let t = spawn_app().await;
    let (a, of) = prepared_month(&t, "2026-IDF-000901", &["2026-09", "2026-10"], true).await;
    let (b, _) = prepared_month(&t, "2026-IDF-000902", &["2026-10"], true).await;
    for (id, period) in [(a, "2026-09"), (a, "2026-10"), (b, "2026-10")] {
        certify_online(&t, &of, id, period).await;
    }
    let agent = t.token("agent@tp-idf.test").await;
    let zip_url = "/api/v1/certificates.zip?period=2026-10";
    for token in [&of, &agent] {
        let res = t.get_with(zip_url, token).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "application/zip");
        assert_eq!(
            res.headers()["content-disposition"],
            "attachment; filename=\"certificats-2026-10.zip\""
        );
        let body = res.bytes().await.expect("zip");
        let entries = unzip(&body);
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["2026-IDF-000901_2026-10.pdf", "2026-IDF-000902_2026-10.pdf"]
        );
        for ((_, data), id) in entries.iter().zip([a, b]) {
            let (status, pdf, _) =
                bytes(&t, &of, &month_url(id, "2026-10", "/certificate.pdf")).await;
            assert_eq!(status, 200);
            assert_eq!(data, &pdf, "the stored final PDF, byte for byte");
        }
        let text = pdf_text(&entries[1].1);
        assert!(text.contains("2026-IDF-000902"), "{text}");
    }
    // One organisation's (the agent's filter); another OF, another period: none (404).
    let org = get_json(&t, &of, "/api/v1/me").await["organisation_id"].clone();
    let res = t
        .get_with(&format!("{zip_url}&organisation_id={org}"), &agent)
        .await;
    assert_eq!(res.status(), 200);
    let (other_of, other_agent) = crate::conversations::other_tenants(&t).await;
    let other_org = get_json(&t, &other_of, "/api/v1/me").await["organisation_id"].clone();
    problem(
        t.get_with(&format!("{zip_url}&organisation_id={other_org}"), &agent)
            .await,
        404,
        "not_found",
    )
    .await;
    problem(t.get_with(zip_url, &other_of).await, 404, "not_found").await;
    problem(t.get_with(zip_url, &other_agent).await, 404, "not_found").await;
    problem(
        t.get_with("/api/v1/certificates.zip?period=2026-08", &of)
            .await,
        404,
        "not_found",
    )
    .await;
    // A superseded certificate is no longer in it.
    let res = post(
        &t,
        &agent,
        &format!("/api/v1/funder/dossiers/{b}/months/2026-10/reopen"),
        json!({ "reason": "Erreur" }),
    )
    .await;
    assert_eq!(res.status(), 200);
    let body = t.get_with(zip_url, &of).await.bytes().await.expect("zip");
    assert_eq!(unzip(&body).len(), 1);
    let september = t
        .get_with("/api/v1/certificates.zip?period=2026-09", &of)
        .await
        .bytes()
        .await
        .expect("zip");
    assert_eq!(unzip(&september)[0].0, "2026-IDF-000901_2026-09.pdf");
    // Bad input and roles.
    let p = problem(
        t.get_with("/api/v1/certificates.zip", &of).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "required");
    problem(
        t.get_with("/api/v1/certificates.zip?period=2026-13", &of)
            .await,
        422,
        "validation_failed",
    )
    .await;
    for login in [
        "michelle.dubois@realis.test",
        "rh@pharmaplus.test",
        "admin@realis.test",
    ] {
        let token = t.token(login).await;
        problem(t.get_with(zip_url, &token).await, 403, "forbidden").await;
    }
}

#[tokio::test]
async fn zips_are_rate_limited_per_user() {
    let t = spawn_app().await;
    let (id, of) = prepared_month(&t, "D-ZIPRL", &["2026-10"], true).await;
    certify_online(&t, &of, id, "2026-10").await;
    for _ in 0..realis_app::documents::archive::ZIPS_PER_MINUTE {
        let res = t
            .get_with("/api/v1/certificates.zip?period=2026-10", &of)
            .await;
        assert_eq!(res.status(), 200);
        res.bytes().await.expect("zip");
    }
    let res = t
        .get_with("/api/v1/certificates.zip?period=2026-10", &of)
        .await;
    assert!(res.headers().contains_key("retry-after"));
    problem(res, 429, "rate_limited").await;
}
