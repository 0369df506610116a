//! QUALITY S9, S11: an upload's cost is bounded. It is authorised before its body is read, each
//! user has one budget for every kind of upload, and a small file that decodes to 128 MB costs
//! neither the memory nor the database space it claims.

use reqwest::Method;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::certification::{get_json, month_url, prepared_month};
use crate::helpers::{TestApp, file_count, pdf, png, png_bomb, problem, spawn_app};

/// Sends the headers of an upload declaring `len` bytes, then only its first KiB, and returns
/// the answer. The rest of the body never comes: a server that waits for it never answers (the
/// timeout only keeps the suite from hanging).
async fn stalled_upload(t: &TestApp, method: &str, path: &str, token: &str, len: usize) -> String {
    let addr = t.base.trim_start_matches("http://").to_owned();
    let mut conn = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/octet-stream\r\nContent-Length: {len}\r\n\r\n"
    );
    conn.write_all(head.as_bytes()).await.expect("write");
    conn.write_all(&[b'%'; 1024]).await.expect("write");
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(std::time::Duration::from_secs(30), conn.read(&mut buf))
        .await
        .unwrap_or_else(|_| panic!("{method} {path}: no answer while the body is owed"))
        .expect("read");
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

/// An OF other than the demo's, signed in.
async fn other_of(t: &TestApp) -> String {
    let agent = t.token("agent@tp-idf.test").await;
    t.send_json(Method::POST, "/api/v1/funder/organisations", &agent, &json!({ "name": "Autre OF", "siret": "35600000049837", "email": "autre@of.test", "user": { "email": "user@autre-of.test", "display_name": "Autre" } })).await;
    crate::admin::activate(t, "user@autre-of.test").await
}

async fn stored_bytes(t: &TestApp) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let backend = t.app.db.conn.get_database_backend();
    let row = t
        .app
        .db
        .conn
        .query_one(Statement::from_string(
            backend,
            "SELECT CAST(COALESCE(SUM(size_bytes), 0) AS BIGINT) AS total FROM stored_files",
        ))
        .await
        .expect("sum")
        .expect("row");
    row.try_get::<i64>("", "total").expect("total")
}

#[tokio::test]
async fn a_png_that_decodes_to_128_mb_is_refused_as_a_kbis_and_as_a_signed_scan() {
    let t = spawn_app().await;
    let (id, of) = prepared_month(&t, "D-BOMB", &["2026-10"], false).await;
    let (files, bytes) = (file_count(&t).await, stored_bytes(&t).await);
    for path in [
        "/api/v1/organisation/documents/kbis".to_owned(),
        month_url(id, "2026-10", "/signed-certificate"),
    ] {
        let res = t
            .put_bytes(&path, &of, "image/png", png_bomb().to_vec())
            .await;
        let p = problem(res, 422, "validation_failed").await;
        assert_eq!(p["errors"][0]["code"], "image_too_large", "{path}: {p}");
        let message = p["errors"][0]["message"].as_str().expect("message");
        assert!(message.contains("décompressée"), "{message}");
    }
    assert_eq!(file_count(&t).await, files, "nothing stored");
    assert_eq!(stored_bytes(&t).await, bytes);
}

#[tokio::test]
async fn a_16_bit_scan_is_stored_as_an_8_bit_png_on_white() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let mut scan = image::ImageBuffer::<image::Rgba<u16>, Vec<u16>>::from_pixel(
        1240,
        1754,
        image::Rgba([65535, 65535, 65535, 0]),
    );
    scan.put_pixel(10, 10, image::Rgba([0, 0, 32768, 65535]));
    let mut body = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba16(scan)
        .write_to(&mut body, image::ImageFormat::Png)
        .expect("png");
    let res = t
        .put_bytes(
            "/api/v1/organisation/documents/consent_letter",
            &of,
            "image/png",
            body.into_inner(),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = t
        .get_with("/api/v1/organisation/documents/consent_letter", &of)
        .await;
    assert_eq!(res.headers()["content-type"], "image/png");
    let stored = image::load_from_memory(&res.bytes().await.expect("bytes")).expect("decodes");
    assert_eq!(stored.color(), image::ColorType::Rgb8);
    let rgb = stored.into_rgb8();
    assert_eq!(rgb.get_pixel(0, 0), &image::Rgb([255, 255, 255]));
    assert_eq!(rgb.get_pixel(10, 10), &image::Rgb([0, 0, 128]));
}

#[tokio::test]
async fn an_upload_that_will_be_refused_is_answered_without_its_body() {
    let t = spawn_app().await;
    let (id, of) = prepared_month(&t, "D-GATE", &["2026-10"], false).await;
    let outsider = other_of(&t).await;
    let beneficiary = crate::admin::activate(&t, "d-gate@realis.test").await;
    let agent = t.token("agent@tp-idf.test").await;
    let mb = 1024 * 1024;
    let scan = month_url(id, "2026-10", "/signed-certificate");
    let sheets = month_url(id, "2026-10", "/attendance-sheets");
    let csv = |p: &str, v: i64| month_url(id, p, &format!("/template.csv?version={v}"));
    let v = get_json(&t, &of, &month_url(id, "2026-11", "")).await["version"]
        .as_i64()
        .expect("version");
    let cases = [
        (
            "a scan on another OF's dossier",
            "PUT",
            scan.clone(),
            &outsider,
            5 * mb,
            404,
        ),
        (
            "a sheet on another OF's dossier",
            "POST",
            sheets.clone(),
            &outsider,
            5 * mb,
            404,
        ),
        (
            "a scan by the beneficiary",
            "PUT",
            scan.clone(),
            &beneficiary,
            5 * mb,
            403,
        ),
        (
            "a scan on a month not prepared",
            "PUT",
            month_url(id, "2026-11", "/signed-certificate"),
            &of,
            5 * mb,
            409,
        ),
        (
            "a sheet on a month not prepared",
            "POST",
            month_url(id, "2026-11", "/attendance-sheets"),
            &of,
            5 * mb,
            409,
        ),
        (
            "a CSV into another OF's month",
            "PUT",
            csv("2026-11", v),
            &outsider,
            mb / 2,
            404,
        ),
        (
            "a CSV on a stale version",
            "PUT",
            csv("2026-11", v + 1),
            &of,
            mb / 2,
            409,
        ),
        (
            "a CSV into a month not open",
            "PUT",
            csv("2027-01", 1),
            &of,
            mb / 2,
            422,
        ),
        (
            "a logo by an agent",
            "PUT",
            "/api/v1/organisation/logo".into(),
            &agent,
            mb,
            403,
        ),
        (
            "a Kbis by the beneficiary",
            "PUT",
            "/api/v1/organisation/documents/kbis".into(),
            &beneficiary,
            5 * mb,
            403,
        ),
    ];
    for (name, method, path, token, len, status) in cases {
        let answer = stalled_upload(&t, method, &path, token, len).await;
        assert!(
            answer.starts_with(&format!("HTTP/1.1 {status}")),
            "{name}: {answer}"
        );
    }
    // Nothing was attached meanwhile.
    let m = get_json(&t, &of, &month_url(id, "2026-10", "")).await;
    assert_eq!(m["files"], json!([]));
}

#[tokio::test]
async fn every_kind_of_upload_draws_on_one_budget_per_user() {
    let t = spawn_app().await;
    // One logo upload.
    let (id, of) = prepared_month(&t, "D-BUDGET", &["2026-10"], false).await;
    let (t, of) = (&t, of.as_str());
    let put = |path: String, body: Vec<u8>| async move {
        t.put_bytes(&path, of, "application/octet-stream", body)
            .await
    };
    assert_eq!(
        put(month_url(id, "2026-10", "/signed-certificate"), pdf())
            .await
            .status(),
        200
    );
    let res = t
        .client
        .post(t.url(&month_url(id, "2026-10", "/attendance-sheets")))
        .bearer_auth(of)
        .body(pdf())
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 201);
    let csv = t
        .get_with(&month_url(id, "2026-11", "/template.csv"), of)
        .await
        .text()
        .await
        .expect("csv");
    let v = get_json(t, of, &month_url(id, "2026-11", "")).await["version"].clone();
    let res = put(
        month_url(id, "2026-11", &format!("/template.csv?version={v}")),
        csv.into_bytes(),
    )
    .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    // 4 so far; 26 more identity uploads use up the 30 of the minute.
    for i in 0..26 {
        let path = match i % 3 {
            0 => "/api/v1/organisation/stamp",
            1 => "/api/v1/organisation/documents/kbis",
            _ => "/api/v1/organisation/logo",
        };
        let body = if i % 3 == 1 { pdf() } else { png(20, 20) };
        assert_eq!(put(path.into(), body).await.status(), 200, "upload {i}");
    }
    let res = put(
        "/api/v1/organisation/documents/consent_letter".into(),
        pdf(),
    )
    .await;
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry), "{retry}");
    problem(res, 429, "rate_limited").await;
    // Spent: the next one is refused before its body is read.
    let answer = stalled_upload(t, "PUT", "/api/v1/organisation/logo", of, 1024 * 1024).await;
    assert!(answer.starts_with("HTTP/1.1 429"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("retry-after"),
        "{answer}"
    );
    // The budget is the user's: another OF's user uploads.
    let outsider = other_of(t).await;
    let res = t
        .put_bytes(
            "/api/v1/organisation/logo",
            &outsider,
            "image/png",
            png(20, 20),
        )
        .await;
    assert_eq!(res.status(), 200);
    let o: Value = res.json().await.expect("json");
    assert_eq!(o["has_logo"], true);
}
