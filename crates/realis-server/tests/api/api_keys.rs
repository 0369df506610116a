//! API keys (issue #12, part 1) and the rate limits (part 5): a key acts as its user, narrowed
//! by its scopes and its addresses, stops when deleted or when its user is disabled, is never
//! kept in clear, and counts toward 600 requests a minute.

use futures_util::future::join_all;
use realis_app::rate_limits::RateLimits;
use reqwest::Method;
use serde_json::{Value, json};

use crate::dossiers::create_dossier;
use crate::helpers::{TestApp, problem, spawn_app, spawn_app_limited};

async fn create_key(t: &TestApp, token: &str, body: Value) -> Value {
    let res = t
        .send_json(Method::POST, "/api/v1/api-keys", token, &body)
        .await;
    assert_eq!(res.status(), 201);
    res.json().await.expect("json")
}

fn key_of(created: &Value) -> String {
    created["key"].as_str().expect("key").to_owned()
}

#[tokio::test]
async fn a_key_acts_as_its_user_within_its_scopes_until_it_is_deleted() {
    let t = spawn_app().await;
    let id = create_dossier(&t, "D-KEY", None, "d-key@realis.test").await;
    let of = t.token("of@formapro.test").await;
    let created = create_key(
        &t,
        &of,
        json!({ "name": "ERP", "scopes": ["dossiers:read", "hours:write"] }),
    )
    .await;
    let key = key_of(&created);
    assert!(key.starts_with("rls_") && key.len() == 42, "{key}");
    assert_eq!(created["prefix"], &key[..12]);
    assert_eq!(created["scopes"], json!(["dossiers:read", "hours:write"]));
    // 90 days by default (the test clock is 2026-11-26 09:30 UTC).
    assert_eq!(created["expires_at"], "2027-02-24T09:30:00Z");

    // Listed, never with the key itself.
    let list = t.get_with("/api/v1/api-keys", &of).await;
    let text = list.text().await.expect("text");
    assert!(!text.contains(&key), "{text}");
    let list: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
    assert!(
        list["grantable"].to_string().contains("\"certify\""),
        "{list}"
    );

    // Reads and writes within its scopes, as the OF user.
    let dossiers: Value = t
        .get_with("/api/v1/dossiers", &key)
        .await
        .json()
        .await
        .expect("json");
    assert!(dossiers.to_string().contains("D-KEY"), "{dossiers}");
    let month = format!("/api/v1/dossiers/{id}/months/2026-10");
    let m: Value = t.get_with(&month, &key).await.json().await.expect("json");
    let saved = t
        .send_json(
            Method::PUT,
            &format!("{month}/hours"),
            &key,
            &json!({ "version": m["version"], "days": [{ "date": "2026-10-05", "training": 7 }] }),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let me: Value = t
        .get_with("/api/v1/me", &key)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(me["email"], "of@formapro.test", "{me}");

    // Outside its scopes: certification, webhooks, and anything a person does in a session.
    let res = t
        .send_json(Method::POST, &format!("{month}/certify"), &key, &json!({}))
        .await;
    problem(res, 403, "insufficient_scope").await;
    problem(
        t.get_with("/api/v1/webhooks", &key).await,
        403,
        "insufficient_scope",
    )
    .await;
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/api-keys",
            &key,
            &json!({ "name": "x", "scopes": ["dossiers:read"] }),
        )
        .await;
    problem(res, 403, "insufficient_scope").await;
    let res = t
        .send_json(
            Method::PUT,
            "/api/v1/me",
            &key,
            &json!({ "display_name": "X" }),
        )
        .await;
    problem(res, 403, "insufficient_scope").await;

    // Its last use is shown.
    let list: Value = t
        .get_with("/api/v1/api-keys", &of)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list["items"][0]["last_used_ip"], "127.0.0.1", "{list}");
    assert!(list["items"][0]["last_used_at"].is_string());

    // Deleted: it stops at once.
    let kid = created["id"].as_i64().expect("id");
    let res = t
        .send_json(
            Method::DELETE,
            &format!("/api/v1/api-keys/{kid}"),
            &of,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 204);
    problem(
        t.get_with("/api/v1/dossiers", &key).await,
        401,
        "invalid_token",
    )
    .await;
    let res = t
        .send_json(
            Method::DELETE,
            &format!("/api/v1/api-keys/{kid}"),
            &of,
            &json!({}),
        )
        .await;
    problem(res, 404, "not_found").await;
}

#[tokio::test]
async fn a_key_is_refused_what_its_role_cannot_give_and_bad_settings() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let agent = t.token("agent@tp-idf.test").await;
    let ben = t.token("michelle.dubois@realis.test").await;
    for (body, field, code) in [
        (
            json!({ "name": "x", "scopes": ["funder:write"] }),
            "scopes",
            "scope_not_allowed",
        ),
        (
            json!({ "name": "x", "scopes": [] }),
            "scopes",
            "scope_not_allowed",
        ),
        (
            json!({ "name": " ", "scopes": ["dossiers:read"] }),
            "name",
            "required",
        ),
        (
            json!({ "name": "x", "scopes": ["dossiers:read"], "expires_at": "2028-01-01T00:00:00Z" }),
            "expires_at",
            "invalid_expiry",
        ),
        (
            json!({ "name": "x", "scopes": ["dossiers:read"], "expires_at": "2026-11-01T00:00:00Z" }),
            "expires_at",
            "invalid_expiry",
        ),
        (
            json!({ "name": "x", "scopes": ["dossiers:read"], "allowed_ips": ["10.0.0.300"] }),
            "allowed_ips",
            "invalid_address",
        ),
    ] {
        let res = t
            .send_json(Method::POST, "/api/v1/api-keys", &of, &body)
            .await;
        let p = problem(res, 422, "validation_failed").await;
        assert_eq!(p["errors"][0]["field"], field, "{p}");
        assert_eq!(p["errors"][0]["code"], code, "{p}");
    }
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/api-keys",
            &of,
            &json!({ "name": "x", "scopes": ["bogus"] }),
        )
        .await;
    assert_eq!(res.status(), 422);
    // A beneficiary holds no keys.
    problem(t.get_with("/api/v1/api-keys", &ben).await, 403, "forbidden").await;
    // An agent's key reads the back office, not an OF's screens.
    let created = create_key(
        &t,
        &agent,
        json!({ "name": "SI", "scopes": ["funder:read"] }),
    )
    .await;
    let key = key_of(&created);
    assert_eq!(
        t.get_with("/api/v1/funder/transmissions/pending", &key)
            .await
            .status(),
        200
    );
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/funder/transmissions",
            &key,
            &json!({ "months": [] }),
        )
        .await;
    problem(res, 403, "insufficient_scope").await;
    // Another user's key is not found.
    let kid = created["id"].as_i64().expect("id");
    let res = t
        .send_json(
            Method::DELETE,
            &format!("/api/v1/api-keys/{kid}"),
            &of,
            &json!({}),
        )
        .await;
    problem(res, 404, "not_found").await;
    // A typo in a key is refused before any lookup, as any bad token.
    let mut typo = key.clone();
    typo.replace_range(10..11, if &key[10..11] == "a" { "b" } else { "a" });
    problem(t.get_with("/api/v1/me", &typo).await, 401, "invalid_token").await;
}

#[tokio::test]
async fn a_key_works_from_its_allowed_addresses_only() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let far = key_of(
        &create_key(
            &t,
            &of,
            json!({ "name": "far", "scopes": ["dossiers:read"], "allowed_ips": ["192.0.2.0/24"] }),
        )
        .await,
    );
    problem(
        t.get_with("/api/v1/dossiers", &far).await,
        403,
        "address_not_allowed",
    )
    .await;
    let here = key_of(
        &create_key(
            &t,
            &of,
            json!({ "name": "here", "scopes": ["dossiers:read"], "allowed_ips": ["127.0.0.1", "::1"] }),
        )
        .await,
    );
    assert_eq!(t.get_with("/api/v1/dossiers", &here).await.status(), 200);
}

#[tokio::test]
async fn a_disabled_users_keys_stop_at_once() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/organisation/users",
            &of,
            &json!({ "email": "paul.cle@formapro.test", "display_name": "Paul Clé" }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let paul: Value = res.json().await.expect("json");
    let paul_token = crate::admin::activate(&t, "paul.cle@formapro.test").await;
    let key = key_of(
        &create_key(
            &t,
            &paul_token,
            json!({ "name": "ERP", "scopes": ["dossiers:read"] }),
        )
        .await,
    );
    assert_eq!(t.get_with("/api/v1/dossiers", &key).await.status(), 200);
    let res = t
        .send_json(
            Method::PUT,
            &format!("/api/v1/organisation/users/{}", paul["id"]),
            &of,
            &json!({ "disabled": true }),
        )
        .await;
    assert_eq!(res.status(), 200);
    problem(
        t.get_with("/api/v1/dossiers", &key).await,
        401,
        "invalid_token",
    )
    .await;
}

#[tokio::test]
async fn the_database_never_holds_a_key_or_a_webhook_secret_in_clear() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let key = key_of(&create_key(&t, &of, json!({ "name": "ERP", "scopes": ["webhooks"] })).await);
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/webhooks",
            &key,
            &json!({ "url": "https://93.184.215.14/hooks", "events": ["month.certified"] }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let hook: Value = res.json().await.expect("json");
    let secret = hook["secret"].as_str().expect("secret").to_owned();
    assert!(secret.starts_with("whsec_"));
    let random = &key[4..36];
    let secret_b64 = &secret[6..];
    if let Some(path) = t
        .database_url
        .strip_prefix("sqlite:")
        .and_then(|u| u.split('?').next())
    {
        // Every byte the database wrote: the file and its write-ahead log.
        let mut bytes = Vec::new();
        for suffix in ["", "-wal"] {
            bytes.extend(std::fs::read(format!("{path}{suffix}")).unwrap_or_default());
        }
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("rls_"), "the shown prefix is there");
        assert!(
            !text.contains(random),
            "API key in clear in the database file"
        );
        assert!(
            !text.contains(secret_b64),
            "webhook secret in clear in the database file"
        );
    } else {
        use realis_store::ConnectionTrait;
        let dump = t
            .app
            .db
            .conn
            .query_all(sea_orm::Statement::from_string(
                sea_orm::DatabaseBackend::Postgres,
                "SELECT row_to_json(k)::text AS r FROM api_keys k UNION ALL \
                 SELECT row_to_json(w)::text FROM webhook_endpoints w UNION ALL \
                 SELECT row_to_json(a)::text FROM audit_log a",
            ))
            .await
            .expect("dump");
        let text: String = dump
            .iter()
            .map(|r| r.try_get::<String>("", "r").unwrap_or_default())
            .collect();
        assert!(text.contains("rls_"));
        assert!(
            !text.contains(random) && !text.contains(secret_b64),
            "{text}"
        );
    }
}

#[tokio::test]
async fn a_key_gets_its_requests_per_minute_and_429_after_with_the_ietf_headers() {
    let t = spawn_app_limited(RateLimits {
        per_key_per_minute: 5,
        per_user_per_minute: 1000,
    })
    .await;
    let of = t.token("of@formapro.test").await;
    let key = key_of(
        &create_key(
            &t,
            &of,
            json!({ "name": "ERP", "scopes": ["dossiers:read"] }),
        )
        .await,
    );
    let answers = join_all((0..12).map(|_| t.get_with("/api/v1/dossiers", &key))).await;
    let ok: Vec<_> = answers.iter().filter(|r| r.status() == 200).collect();
    let limited: Vec<_> = answers.iter().filter(|r| r.status() == 429).collect();
    assert_eq!(
        (ok.len(), limited.len()),
        (5, 7),
        "exactly the limit passes"
    );
    let h = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(h(ok[0], "ratelimit-policy"), "\"key\";q=5;w=60");
    assert!(
        h(ok[0], "ratelimit").starts_with("\"key\";r="),
        "{}",
        h(ok[0], "ratelimit")
    );
    let after: u64 = h(limited[0], "retry-after").parse().expect("Retry-After");
    assert!((1..=60).contains(&after));
    assert_eq!(h(limited[0], "ratelimit"), format!("\"key\";r=0;t={after}"));
    // The session of the same user has its own budget.
    assert_eq!(t.get_with("/api/v1/dossiers", &of).await.status(), 200);
    assert_eq!(
        h(
            &t.get_with("/api/v1/dossiers", &of).await,
            "ratelimit-policy"
        ),
        "\"user\";q=1000;w=60"
    );
}
