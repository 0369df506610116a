use serde_json::Value;

use crate::helpers::{problem, spawn_app};

#[tokio::test]
async fn malformed_json_is_a_400_problem() {
    let t = spawn_app().await;
    let res = t
        .client
        .post(t.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body("{\"login\": \"of@formapro.test\", ")
        .send()
        .await
        .expect("req");
    problem(res, 400, "malformed_request").await;
}

#[tokio::test]
async fn unknown_missing_and_mistyped_fields_are_422_problems() {
    let t = spawn_app().await;
    for body in [
        r#"{"login":"a","password":"b","admin":true}"#,
        r#"{"login":"a"}"#,
        r#"{"login":1,"password":"b"}"#,
        r#"[]"#,
    ] {
        let res = t
            .client
            .post(t.url("/api/v1/auth/login"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("req");
        let p = problem(res, 422, "validation_failed").await;
        assert_eq!(p["errors"][0]["field"], "body", "{body}");
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415_and_a_huge_one_413() {
    let t = spawn_app().await;
    let res = t
        .client
        .post(t.url("/api/v1/auth/login"))
        .header("content-type", "text/plain")
        .body("x")
        .send()
        .await
        .expect("req");
    problem(res, 415, "unsupported_media_type").await;
    let huge = format!(
        "{{\"login\":\"{}\",\"password\":\"x\"}}",
        "a".repeat(300 * 1024)
    );
    let res = t
        .client
        .post(t.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .expect("req");
    problem(res, 413, "payload_too_large").await;
}

#[tokio::test]
async fn unknown_api_paths_are_404_problems_and_the_unbuilt_spa_explains_itself() {
    let t = spawn_app().await;
    problem(
        t.client
            .get(t.url("/api/v1/nothing-here"))
            .send()
            .await
            .expect("req"),
        404,
        "not_found",
    )
    .await;
    // A real path with the wrong method is a 405 naming the right one.
    let res = t
        .client
        .get(t.url("/api/v1/auth/login"))
        .send()
        .await
        .expect("req");
    assert_eq!(res.headers()["allow"], "POST");
    problem(res, 405, "method_not_allowed").await;
    let res = t
        .client
        .get(t.url("/tableau-de-bord"))
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 200);
    let html = res.text().await.expect("html");
    assert!(html.contains("cargo xtask build"), "{html}");
}

#[tokio::test]
async fn security_headers_are_on_every_response_errors_and_swagger_included() {
    let t = spawn_app().await;
    for (path, status) in [
        ("/healthz", 200),
        ("/api/v1/me", 401),
        ("/api/v1/nope", 404),
        ("/swagger-ui/", 200),
        ("/api-docs/openapi.json", 200),
        ("/", 200),
    ] {
        let res = t.client.get(t.url(path)).send().await.expect("req");
        assert_eq!(res.status().as_u16(), status, "{path}");
        let h = res.headers();
        let csp = h
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {csp}"
        );
        assert!(
            csp.contains("object-src 'none'") && csp.contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(
            h.get("x-content-type-options")
                .and_then(|v| v.to_str().ok()),
            Some("nosniff"),
            "{path}"
        );
        assert!(h.get("referrer-policy").is_some(), "{path}");
        assert!(
            h.get("strict-transport-security").is_none(),
            "no HSTS over plain HTTP"
        );
        assert!(
            h.get("access-control-allow-origin").is_none(),
            "no CORS unless configured"
        );
    }
}

#[tokio::test]
async fn healthz_reports_the_database() {
    let t = spawn_app().await;
    let body: Value = t
        .client
        .get(t.url("/healthz"))
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn a_path_parameter_that_does_not_parse_names_nothing() {
    let t = spawn_app().await;
    let id = crate::dossiers::create_dossier(&t, "D-PATH", None, "zoe.dupont@realis.test").await;
    let of = t.token("of@formapro.test").await;
    for (path, detail) in [
        (
            format!("/api/v1/dossiers/{id}/months/juin"),
            "No such month (periods are written YYYY-MM).",
        ),
        (
            format!("/api/v1/dossiers/{id}/months/2026-13/files/1"),
            "No such month (periods are written YYYY-MM).",
        ),
        (
            "/api/v1/dossiers/abc/months/2026-10".to_owned(),
            "No such resource.",
        ),
        (
            format!("/api/v1/dossiers/{id}/months/2026-10/files/x"),
            "No such resource.",
        ),
        ("/api/v1/dossiers/1.5".to_owned(), "No such resource."),
        (
            "/api/v1/organisation/documents/passport".to_owned(),
            "Unknown document kind (kbis or consent_letter).",
        ),
    ] {
        let p = problem(t.get_with(&path, &of).await, 404, "not_found").await;
        assert_eq!(p["detail"], detail, "{path}");
    }
}

#[tokio::test]
async fn an_unknown_query_parameter_is_a_422_naming_it() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let agent = t.token("agent@tp-idf.test").await;
    for (token, path, unknown) in [
        (&of, "/api/v1/dossiers?foo=1", "foo"),
        (&of, "/api/v1/dossiers?q=pharma&page=1&_=1733300000", "_"),
        (
            &agent,
            "/api/v1/funder/organisations?page=1&per_page=5&sort=name",
            "sort",
        ),
        (&of, "/api/v1/payments?pages=2", "pages"),
        (&of, "/api/v1/events?after=0&limt=10", "limt"),
    ] {
        let p = problem(t.get_with(path, token).await, 422, "validation_failed").await;
        let errors = p["errors"].as_array().expect("errors");
        assert_eq!(errors.len(), 1, "{path}: {p}");
        assert_eq!(errors[0]["field"], unknown, "{path}: {p}");
        assert_eq!(errors[0]["code"], "unknown_parameter", "{path}: {p}");
        assert!(p["detail"].as_str().unwrap_or_default().contains(unknown));
    }
    // Each unknown parameter once, in order.
    let p = problem(
        t.get_with("/api/v1/dossiers?b=1&a=2&b=3&page=1", &of).await,
        422,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["b", "a"]);
    // The declared ones still read, and a value that does not parse is still 422.
    for (token, path) in [
        (
            &of,
            "/api/v1/dossiers?q=&scheme=ptp&state=in_progress&page=1&per_page=5",
        ),
        (
            &agent,
            "/api/v1/funder/organisations?q=forma&page=1&per_page=5",
        ),
        (&of, "/api/v1/payments?page=1&per_page=5"),
    ] {
        assert_eq!(t.get_with(path, token).await.status(), 200, "{path}");
    }
    problem(
        t.get_with("/api/v1/dossiers?scheme=nope", &of).await,
        422,
        "validation_failed",
    )
    .await;
}
