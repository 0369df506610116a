//! QUALITY S3: a table of bad tokens, each answered 401.

use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};

use crate::helpers::{SECRET, problem, spawn_app};

fn sign(claims: &Value, secret: &[u8]) -> String {
    encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret),
    )
    .expect("sign")
}

fn b64(s: &str) -> String {
    // URL-safe base64 without padding, enough for test tokens.
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bytes = s.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

#[tokio::test]
async fn bad_tokens_are_refused_with_401() {
    let t = spawn_app().await;
    let good = t.token("of@formapro.test").await;
    // Tokens are signed with a key derived from the server secret for that purpose only.
    let key = t.app.jwt.derive(realis_app::tokens::SIGNING_PURPOSE);
    let now = t.app.clock.now().timestamp();
    let base = json!({ "sub": "3", "iss": "realis", "aud": "realis-api", "iat": now, "exp": now + 600, "role": "organisation", "ver": 1 });
    let with = |k: &str, v: Value| {
        let mut c = base.clone();
        c[k] = v;
        c
    };
    let without = |k: &str| {
        let mut c = base.clone();
        c.as_object_mut().expect("object").remove(k);
        c
    };
    let parts: Vec<&str> = good.split('.').collect();
    let tampered_payload = b64(&json!({ "sub": "1", "iss": "realis", "aud": "realis-api", "iat": now, "exp": now + 600, "role": "admin", "ver": 1 }).to_string());
    let cases: Vec<(&str, String)> = vec![
        (
            "alg none",
            format!("{}.{}.", b64(r#"{"alg":"none","typ":"JWT"}"#), parts[1]),
        ),
        (
            "tampered claims",
            format!("{}.{}.{}", parts[0], tampered_payload, parts[2]),
        ),
        (
            "wrong signature key",
            sign(&base, b"another-secret-another-secret-another-secret"),
        ),
        (
            "signed with the server secret itself, not its signing key",
            sign(&base, SECRET),
        ),
        (
            "wrong audience",
            sign(&with("aud", json!("someone-else")), &key),
        ),
        ("wrong issuer", sign(&with("iss", json!("evil")), &key)),
        ("expired", sign(&with("exp", json!(now - 60)), &key)),
        (
            "issued in the future",
            sign(&with("iat", json!(now + 3600)), &key),
        ),
        (
            "lives longer than an hour",
            sign(&with("exp", json!(now + 7200)), &key),
        ),
        ("no exp", sign(&without("exp"), &key)),
        ("no iat", sign(&without("iat"), &key)),
        ("no sub", sign(&without("sub"), &key)),
        ("old token version", sign(&with("ver", json!(0)), &key)),
        ("role changed", sign(&with("role", json!("admin")), &key)),
        ("garbage", "not.a.token".to_owned()),
        (
            "HS512",
            encode(
                &Header::new(Algorithm::HS512),
                &base,
                &EncodingKey::from_secret(&key),
            )
            .expect("sign"),
        ),
    ];
    for (name, token) in cases {
        let res = t.get_with("/api/v1/me", &token).await;
        assert_eq!(res.status(), 401, "{name}");
        let body = problem(res, 401, "invalid_token").await;
        assert!(body["detail"].is_string(), "{name}");
    }
    // The well-formed base token is accepted: the table above fails for the named reason only.
    let ok = sign(&base, &key);
    let res = t.get_with("/api/v1/me", &ok).await;
    assert_eq!(res.status(), 200, "the control token must pass");
    let res = t.client.get(t.url("/api/v1/me")).send().await.expect("req");
    problem(res, 401, "missing_token").await;
    let res = t
        .client
        .get(t.url("/api/v1/me"))
        .header("authorization", "Basic abc")
        .send()
        .await
        .expect("req");
    problem(res, 401, "missing_token").await;
}

#[tokio::test]
async fn a_password_change_and_a_disable_revoke_existing_tokens() {
    let t = spawn_app().await;
    let token = t.token("of@formapro.test").await;
    assert_eq!(t.get_with("/api/v1/me", &token).await.status(), 200);
    let user = realis_store::users::find_by_login(&t.app.db.conn, "of@formapro.test")
        .await
        .expect("db")
        .expect("user");
    // Written straight to the database, as another instance would: this one notices once what
    // it read of the account is older than its token cache's bound.
    let past_the_cache = || t.app.clock.advance(chrono::Duration::seconds(6));
    realis_store::users::set_disabled(&t.app.db.conn, user.id, true, t.app.clock.now())
        .await
        .expect("disable");
    past_the_cache();
    problem(t.get_with("/api/v1/me", &token).await, 401, "invalid_token").await;
    problem(
        t.login_raw("of@formapro.test", crate::helpers::DEMO_PASSWORD)
            .await,
        403,
        "account_disabled",
    )
    .await;
    realis_store::users::set_disabled(&t.app.db.conn, user.id, false, t.app.clock.now())
        .await
        .expect("enable");
    let token = t.token("of@formapro.test").await;
    assert_eq!(t.get_with("/api/v1/me", &token).await.status(), 200);
    realis_store::users::set_password(&t.app.db.conn, user.id, "x", t.app.clock.now())
        .await
        .expect("pw");
    past_the_cache();
    problem(t.get_with("/api/v1/me", &token).await, 401, "invalid_token").await;
}
