//! Protocol hygiene found by attacking the API from outside: methods, caching, CORS, the
//! authorisation scheme, bounded searches, file modes.

use reqwest::Method;
use serde_json::Value;

use crate::helpers::{problem, spawn_app, spawn_app_with_web};

#[tokio::test]
async fn a_wrong_method_is_a_405_problem_with_allow() {
    let t = spawn_app().await;
    let token = t.token("of@formapro.test").await;
    for (method, path, allow) in [
        (Method::PATCH, "/api/v1/dossiers", "GET"),
        (Method::DELETE, "/api/v1/dossiers", "GET"),
        (
            Method::POST,
            "/api/v1/organisation/logo",
            "DELETE, GET, PUT",
        ),
        (
            Method::GET,
            "/api/v1/dossiers/1/months/2026-10/hours",
            "PUT",
        ),
        (Method::POST, "/", "GET, HEAD"),
        (Method::PUT, "/tableau-de-bord", "GET, HEAD"),
    ] {
        let res = t
            .client
            .request(method.clone(), t.url(path))
            .bearer_auth(&token)
            .send()
            .await
            .expect("request");
        assert_eq!(
            res.headers().get("allow").and_then(|v| v.to_str().ok()),
            Some(allow),
            "{method} {path}"
        );
        problem(res, 405, "method_not_allowed").await;
    }
    // A path that does not exist at all stays a 404.
    problem(
        t.client
            .patch(t.url("/api/v1/nothing"))
            .send()
            .await
            .expect("request"),
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn api_answers_are_never_cached_and_the_scheme_is_case_insensitive() {
    let t = spawn_app().await;
    let token = t.token("of@formapro.test").await;
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let res = t
            .client
            .get(t.url("/api/v1/me"))
            .header("authorization", format!("{scheme} {token}"))
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 200, "{scheme}");
        assert_eq!(res.headers()["cache-control"], "private, no-store");
    }
    let res = t
        .client
        .get(t.url("/api/v1/me"))
        .send()
        .await
        .expect("request");
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    problem(res, 401, "missing_token").await;
    let res = t
        .client
        .get(t.url("/api/v1/me"))
        .header("authorization", format!("Basic {token}"))
        .send()
        .await
        .expect("request");
    problem(res, 401, "missing_token").await;
}

#[tokio::test]
async fn cors_clients_can_read_retry_after_and_the_download_name() {
    let web = realis_server::startup::WebSettings {
        cors_origins: vec!["https://erp.example".into()],
        ..Default::default()
    };
    let t = spawn_app_with_web(
        realis_mail::Mailer::memory("Réalis <no-reply@realis.test>").expect("mailer"),
        web,
    )
    .await;
    let res = t
        .client
        .get(t.url("/api/v1/me"))
        .header("origin", "https://erp.example")
        .send()
        .await
        .expect("request");
    let exposed = res.headers()["access-control-expose-headers"]
        .to_str()
        .expect("ascii")
        .to_lowercase();
    for h in ["retry-after", "content-disposition", "allow"] {
        assert!(exposed.contains(h), "{exposed}");
    }
}

#[tokio::test]
async fn a_search_is_bounded_instead_of_failing() {
    let t = spawn_app().await;
    let token = t.token("agent@tp-idf.test").await;
    for (q, code) in [
        ("a ".repeat(1500), "query_too_long"),
        (
            "un deux trois quatre cinq six sept huit neuf".to_owned(),
            "query_too_many_words",
        ),
    ] {
        for path in ["/api/v1/dossiers", "/api/v1/funder/organisations"] {
            let res = t
                .client
                .get(t.url(path))
                .query(&[("q", q.as_str())])
                .bearer_auth(&token)
                .send()
                .await
                .expect("request");
            let body = problem(res, 422, "validation_failed").await;
            assert_eq!(body["errors"][0]["field"], "q");
            assert_eq!(body["errors"][0]["code"], code);
        }
    }
    let page: Value = t
        .client
        .get(t.url("/api/v1/dossiers"))
        .query(&[("q", "  DUBOIS   michelle ")])
        .bearer_auth(&token)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert_eq!(page["total"], 3, "{page}");
}

#[cfg(unix)]
#[tokio::test]
async fn the_secret_and_the_database_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("realis-modes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let config = realis_server::Config {
        data_dir: dir.clone(),
        database_url: format!("sqlite:{}?mode=rwc", dir.join("realis.db").display()),
        bind: "127.0.0.1:0".parse().expect("addr"),
        public_url: "http://127.0.0.1".into(),
        smtp_url: None,
        mail_from: "Réalis <no-reply@realis.test>".into(),
        jwt_secret: None,
        web_dir: None,
        cors_origins: Vec::new(),
        trusted_proxies: Default::default(),
        access_token_ttl_secs: 3600,
        session: Default::default(),
        webhooks: Default::default(),
        rate_limits: Default::default(),
        token_cache_secs: 5,
        reminder_hour: 7,
    };
    let app = realis_server::build_app(&config).await.expect("app");
    app.load_demo().await.expect("demo");
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("exists").permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join("outbox")), 0o700);
    for f in ["jwt-secret", "realis.db", "realis.db-wal", "realis.db-shm"] {
        assert_eq!(mode(&dir.join(f)), 0o600, "{f}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_json_array_is_not_read_field_by_field_into_a_request() {
    let t = spawn_app().await;
    let token = t.token("of@formapro.test").await;
    let me: Value = t
        .get_with("/api/v1/me", &token)
        .await
        .json()
        .await
        .expect("me");
    // Found by schemathesis: `[null, null]` was accepted as `{certifier: null, disabled: null}`.
    let res = t
        .client
        .put(t.url(&format!("/api/v1/organisation/users/{}", me["id"])))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("[null, null]")
        .send()
        .await
        .expect("request");
    let body = problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "body");
}

async fn failed_login_address(t: &crate::helpers::TestApp, forwarded: &str) -> Option<String> {
    t.client
        .post(t.url("/api/v1/auth/login"))
        .header("x-forwarded-for", forwarded)
        .json(&serde_json::json!({ "login": "nobody@nowhere.test", "password": "wrong-password!" }))
        .send()
        .await
        .expect("request");
    realis_store::audit::with_action(&t.app.db.conn, "login_failed")
        .await
        .expect("audit")
        .pop()
        .and_then(|r| r.ip)
}

#[tokio::test]
async fn a_forwarded_address_is_believed_only_from_a_trusted_proxy() {
    let mail = || realis_mail::Mailer::memory("Réalis <no-reply@realis.test>").expect("mailer");
    let direct = spawn_app_with_web(mail(), Default::default()).await;
    assert_eq!(
        failed_login_address(&direct, "198.51.100.7")
            .await
            .as_deref(),
        Some("127.0.0.1"),
        "a client cannot choose its address"
    );
    let web = realis_server::startup::WebSettings {
        trusted_proxies: realis_server::proxies::TrustedProxies::parse("127.0.0.1").expect("list"),
        ..Default::default()
    };
    let proxied = spawn_app_with_web(mail(), web).await;
    assert_eq!(
        failed_login_address(&proxied, "1.2.3.4, 198.51.100.7")
            .await
            .as_deref(),
        Some("198.51.100.7"),
        "behind the proxy, the address it saw"
    );
}

/// Every operation that takes a JSON body refuses a JSON array in its place (walks the served
/// OpenAPI document, so a new route that reads its body with the plain extractor is caught).
#[tokio::test]
async fn no_json_operation_reads_an_array_as_its_request() {
    let t = spawn_app().await;
    let token = t.token("of@formapro.test").await;
    let doc: Value = t
        .client
        .get(t.url("/api-docs/openapi.json"))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            if op["requestBody"]["content"]
                .get("application/json")
                .is_none()
            {
                continue;
            }
            let url: String = path
                .split('/')
                .map(|s| match s {
                    "{period}" => "2026-10",
                    "{kind}" => "kbis",
                    s if s.starts_with('{') => "1",
                    s => s,
                })
                .collect::<Vec<_>>()
                .join("/");
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            let res = t
                .client
                .request(method.clone(), t.url(&url))
                .bearer_auth(&token)
                .header("content-type", "application/json")
                .body("[true]")
                .send()
                .await
                .expect("request");
            let body = problem(res, 422, "validation_failed").await;
            assert_eq!(body["errors"][0]["field"], "body", "{method} {url}");
            checked += 1;
        }
    }
    assert!(checked > 15, "{checked} operations with a JSON body");
}
