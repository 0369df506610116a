//! QUALITY S5: every bad file is refused with the right 4xx and nothing is stored.

use serde_json::Value;

use crate::certification::{month_url, prepared_month};
use crate::helpers::{file_count, jpeg, pdf, pdf_with, png, png_declaring, problem, spawn_app};

#[tokio::test]
async fn a_logo_and_a_stamp_are_stored_re_encoded_and_served_as_attachments() {
    let t = spawn_app().await;
    let token = t.token("of@formapro.test").await;
    let mut logo = png(1200, 600);
    logo.extend_from_slice(b"<script>alert('polyglot')</script>");
    let res = t
        .put_bytes("/api/v1/organisation/logo", &token, "image/png", logo)
        .await;
    assert_eq!(res.status(), 200);
    let o: Value = res.json().await.expect("json");
    assert_eq!(o["has_logo"], true);
    assert!(
        o["readiness"]["blocking"].as_array().expect("a").is_empty(),
        "{o}"
    );
    let res = t
        .put_bytes(
            "/api/v1/organisation/stamp",
            &token,
            "image/jpeg",
            jpeg(300, 300),
        )
        .await;
    let o: Value = res.json().await.expect("json");
    assert!(o["readiness"]["warnings"].as_array().expect("a").is_empty());

    let res = t.get_with("/api/v1/organisation/logo", &token).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"logo.png\""
    );
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let bytes = res.bytes().await.expect("bytes");
    assert!(
        !bytes.windows(8).any(|w| w == b"<script>"),
        "the trailing payload is gone"
    );
    let img = image::load_from_memory(&bytes).expect("decodes");
    assert_eq!(
        (img.width(), img.height()),
        (800, 400),
        "downscaled for the PDF"
    );
    let res = t.get_with("/api/v1/organisation/stamp", &token).await;
    assert_eq!(res.headers()["content-type"], "image/jpeg");

    // «Supprimer le logo»
    let res = t
        .client
        .delete(t.url("/api/v1/organisation/logo"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("req");
    let o: Value = res.json().await.expect("json");
    assert_eq!(o["has_logo"], false);
    problem(
        t.get_with("/api/v1/organisation/logo", &token).await,
        404,
        "not_found",
    )
    .await;
    let res = t
        .client
        .delete(t.url("/api/v1/organisation/logo"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("req");
    problem(res, 404, "not_found").await;
}

#[tokio::test]
async fn bad_images_are_refused_and_nothing_is_stored() {
    let t = spawn_app().await;
    let token = t.token("of@formapro.test").await;
    let before = file_count(&t).await;
    let full_jpeg = jpeg(64, 64);
    let cases: Vec<(&str, &str, Vec<u8>, u16, &str)> = vec![
        (
            "HTML renamed .png",
            "image/png",
            b"<!DOCTYPE html><html><body>hello</body></html>".to_vec(),
            415,
            "unsupported_media_type",
        ),
        (
            "SVG renamed .png",
            "image/png",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec(),
            415,
            "unsupported_media_type",
        ),
        (
            "a PDF as a logo",
            "image/png",
            pdf(),
            415,
            "unsupported_media_type",
        ),
        (
            "PNG declaring 50000x50000",
            "image/png",
            png_declaring(50000, 50000),
            422,
            "validation_failed",
        ),
        (
            "truncated JPEG",
            "image/jpeg",
            full_jpeg[..full_jpeg.len() / 2].to_vec(),
            422,
            "validation_failed",
        ),
        (
            "empty file",
            "image/png",
            Vec::new(),
            422,
            "validation_failed",
        ),
        (
            "one byte over 2 MB",
            "image/png",
            vec![0u8; 2 * 1024 * 1024 + 1],
            413,
            "payload_too_large",
        ),
    ];
    for (name, ct, body, status, code) in cases {
        let res = t
            .put_bytes("/api/v1/organisation/logo", &token, ct, body)
            .await;
        assert_eq!(res.status().as_u16(), status, "{name}");
        let p = problem(res, status, code).await;
        if status == 422 {
            let expected = match name {
                "PNG declaring 50000x50000" => "image_too_large",
                "empty file" => "empty_file",
                _ => "invalid_image",
            };
            assert_eq!(p["errors"][0]["code"], expected, "{name}");
        }
    }
    assert_eq!(file_count(&t).await, before, "nothing stored");
    let o: Value = t
        .get_with("/api/v1/organisation", &token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(o["has_logo"], false);
}

#[tokio::test]
async fn a_hostile_file_name_is_never_used() {
    let t = spawn_app().await;
    let token = t.token("of@formapro.test").await;
    let res = t
        .client
        .put(t.url("/api/v1/organisation/documents/kbis"))
        .bearer_auth(&token)
        .header("content-type", "application/pdf")
        .header(
            "content-disposition",
            "attachment; filename=\"../../../etc/passwd\"",
        )
        .body(pdf())
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 200);
    let res = t
        .get_with("/api/v1/organisation/documents/kbis", &token)
        .await;
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"kbis.pdf\""
    );
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.bytes().await.expect("bytes").to_vec(), pdf());
}

#[tokio::test]
async fn bad_documents_are_refused_and_nothing_is_stored() {
    let t = spawn_app().await;
    let token = t.token("of@formapro.test").await;
    let before = file_count(&t).await;
    let good = pdf();
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        (
            "HTML renamed .pdf",
            b"<html><body>%PDF-1.4 fake</body></html>".to_vec(),
            415,
        ),
        ("truncated PDF", good[..good.len() / 3].to_vec(), 422),
        (
            "PDF header then garbage",
            b"%PDF-1.7\n\x00\x01garbage".to_vec(),
            422,
        ),
        ("empty", Vec::new(), 422),
        ("one byte over 10 MB", vec![b'%'; 10 * 1024 * 1024 + 1], 413),
    ];
    for (name, body, status) in cases {
        let res = t
            .put_bytes(
                "/api/v1/organisation/documents/consent_letter",
                &token,
                "application/pdf",
                body,
            )
            .await;
        assert_eq!(res.status().as_u16(), status, "{name}");
    }
    problem(
        t.put_bytes(
            "/api/v1/organisation/documents/passport",
            &token,
            "application/pdf",
            pdf(),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(file_count(&t).await, before);
    // A scan as PNG is accepted.
    let res = t
        .put_bytes(
            "/api/v1/organisation/documents/consent_letter",
            &token,
            "image/png",
            png(100, 140),
        )
        .await;
    assert_eq!(res.status(), 200);
    let o: Value = res.json().await.expect("json");
    assert_eq!(o["documents"][0]["kind"], "consent_letter");
    assert_eq!(o["documents"][0]["status"], "pending");
    assert_eq!(o["documents"][0]["content_type"], "image/png");
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_the_body_is_sent() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let t = spawn_app().await;
    let token = t.token("of@formapro.test").await;
    let addr = t.base.trim_start_matches("http://").to_owned();
    let mut conn = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    // Headers only: the 3 MB body never comes. The answer must not wait for it.
    let head = format!(
        "PUT /api/v1/organisation/logo HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: image/png\r\nContent-Length: {}\r\n\r\n",
        3 * 1024 * 1024
    );
    conn.write_all(head.as_bytes()).await.expect("write");
    let mut buf = vec![0u8; 2048];
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), conn.read(&mut buf))
        .await
        .expect("answered without the body")
        .expect("read");
    let answer = String::from_utf8_lossy(&buf[..n]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("payload_too_large"), "{answer}");
}

#[tokio::test]
async fn the_consent_letter_model_is_a_pre_filled_pdf() {
    let t = spawn_app().await;
    let token = t.token("of@formapro.test").await;
    let res = t
        .get_with(
            "/api/v1/organisation/documents/consent_letter/model.pdf",
            &token,
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"lettre-de-consentement.pdf\""
    );
    let bytes = res.bytes().await.expect("bytes");
    assert!(bytes.starts_with(b"%PDF-"));
    let doc = String::from_utf8_lossy(&bytes);
    assert!(doc.contains("Helvetica"), "built-in font");
    let agent = t.token("agent@tp-idf.test").await;
    problem(
        t.get_with(
            "/api/v1/organisation/documents/consent_letter/model.pdf",
            &agent,
        )
        .await,
        403,
        "forbidden",
    )
    .await;
}

/// A one-page PDF with a web link and, around it, each usual way of running something when the
/// funder's agent opens it.
fn booby_trapped_pdf() -> Vec<u8> {
    pdf_with(&[
        "<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R /AA << /WC << /S /JavaScript /JS (app.alert\\('fermeture'\\)) >> >> /Names << /JavaScript << /Names [(init) 4 0 R] >> /EmbeddedFiles << /Names [(facture.exe) 5 0 R] >> >> >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 7 0 R /AA << /O << /S /Launch /F (cmd.exe) >> >> /Annots [6 0 R 8 0 R] >>",
        "<< /S /JavaScript /JS (app.alert\\('ouverture'\\)) >>",
        "<< /Type /Filespec /F (facture.exe) /EF << /F 9 0 R >> >>",
        "<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (https://www.transitionspro.fr/) >> >>",
        "<< /Length 41 >>\nstream\nBT /F1 12 Tf 72 720 Td (Certificat) Tj ET\nendstream",
        "<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS 5 0 R >>",
        "<< /Type /EmbeddedFile /Length 10 >>\nstream\nMZ-program\nendstream",
    ])
}

#[tokio::test]
async fn a_pdf_is_stored_without_its_active_content_and_keeps_its_pages() {
    let t = spawn_app().await;
    let (id, of) = prepared_month(&t, "D-PDF", &["2026-10"], false).await;
    let trapped = booby_trapped_pdf();
    assert_eq!(
        lopdf::Document::load_mem(&trapped)
            .expect("the test PDF parses")
            .get_pages()
            .len(),
        1
    );
    let scan = month_url(id, "2026-10", "/signed-certificate");
    assert_eq!(
        t.put_bytes(
            "/api/v1/organisation/documents/kbis",
            &of,
            "application/pdf",
            trapped.clone()
        )
        .await
        .status(),
        200
    );
    let res = t.put_bytes(&scan, &of, "application/pdf", trapped).await;
    assert_eq!(res.status(), 200);
    let m: Value = res.json().await.expect("json");
    let file_id = m["files"][0]["id"].as_i64().expect("file id");
    for path in [
        "/api/v1/organisation/documents/kbis".to_owned(),
        month_url(id, "2026-10", &format!("/files/{file_id}")),
    ] {
        let res = t.get_with(&path, &of).await;
        assert_eq!(res.headers()["content-type"], "application/pdf");
        let stored = res.bytes().await.expect("bytes");
        for active in [
            &b"/JavaScript"[..],
            b"/JS",
            b"app.alert",
            b"/OpenAction",
            b"/AA",
            b"/Launch",
            b"/EmbeddedFile",
            b"/FileAttachment",
            b"MZ-program",
        ] {
            assert!(
                !stored.windows(active.len()).any(|w| w == active),
                "{path}: {}",
                String::from_utf8_lossy(active)
            );
        }
        let doc = lopdf::Document::load_mem(&stored).expect("still a PDF");
        let pages = doc.get_pages();
        assert_eq!(pages.len(), 1, "{path}");
        assert!(
            doc.get_page_content(pages[&1])
                .windows(10)
                .any(|w| w == b"Certificat")
        );
        assert!(
            stored
                .windows(30)
                .any(|w| w == b"https://www.transitionspro.fr/"),
            "the web link stays"
        );
    }
}
