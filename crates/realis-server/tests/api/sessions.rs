//! Browser sessions (#8 item 11): the refresh cookie set at login, its rotation, reuse detection,
//! revocation with the token version, lifetimes, logout, concurrency.

use chrono::Duration;
use realis_mail::Mailer;
use realis_server::startup::WebSettings;
use serde_json::{Value, json};

use crate::helpers::{DEMO_PASSWORD, TestApp, problem, spawn_app, spawn_app_with_web};

/// What a login or a refresh answered: the bearer token, the cookie's value and its whole
/// `Set-Cookie` line.
struct Issued {
    access: String,
    cookie: String,
    set_cookie: String,
}

async fn issued(res: reqwest::Response) -> Issued {
    assert_eq!(res.status(), 200);
    let set_cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("realis_refresh="))
        .expect("a refresh cookie")
        .to_owned();
    let cookie = set_cookie
        .trim_start_matches("realis_refresh=")
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned();
    let body: Value = res.json().await.expect("json");
    Issued {
        access: body["access_token"].as_str().expect("token").to_owned(),
        cookie,
        set_cookie,
    }
}

async fn login(t: &TestApp, who: &str) -> Issued {
    issued(t.login_raw(who, DEMO_PASSWORD).await).await
}

async fn refresh_raw(t: &TestApp, cookie: &str) -> reqwest::Response {
    t.client
        .post(t.url("/api/v1/auth/refresh"))
        .header("cookie", format!("theme=dark; realis_refresh={cookie}"))
        .send()
        .await
        .expect("request")
}

async fn refresh(t: &TestApp, cookie: &str) -> Issued {
    issued(refresh_raw(t, cookie).await).await
}

async fn me_status(t: &TestApp, access: &str) -> u16 {
    t.get_with("/api/v1/me", access).await.status().as_u16()
}

async fn audited(t: &TestApp, action: &str) -> usize {
    realis_store::audit::with_action(&t.app.db.conn, action)
        .await
        .expect("audit")
        .len()
}

#[tokio::test]
async fn a_login_sets_an_http_only_strict_refresh_cookie_for_the_auth_path_only() {
    let t = spawn_app().await;
    let s = login(&t, "of@formapro.test").await;
    assert_eq!(s.cookie.len(), 64, "256 bits, hex: {}", s.set_cookie);
    assert!(s.cookie.bytes().all(|b| b.is_ascii_hexdigit()));
    for attribute in [
        "HttpOnly",
        "SameSite=Strict",
        "Path=/api/v1/auth",
        "Max-Age=7200",
    ] {
        assert!(
            s.set_cookie.split("; ").any(|a| a == attribute),
            "{attribute} in {}",
            s.set_cookie
        );
    }
    // Served as http://127.0.0.1 (a loopback address): a browser would drop a Secure cookie.
    assert!(!s.set_cookie.contains("Secure"), "{}", s.set_cookie);
    // The bearer token is unchanged for API clients.
    assert_eq!(me_status(&t, &s.access).await, 200);
    // Only the keyed hash is stored.
    let stored = realis_store::sessions::find_by_hash(&t.app.db.conn, &s.cookie)
        .await
        .expect("query");
    assert!(stored.is_none(), "the token itself is not in the database");

    let secure = spawn_app_with_web(
        Mailer::memory("Réalis <no-reply@realis.test>").expect("mailer"),
        WebSettings {
            secure_cookies: true,
            ..WebSettings::default()
        },
    )
    .await;
    let s = login(&secure, "of@formapro.test").await;
    assert!(s.set_cookie.ends_with("; Secure"), "{}", s.set_cookie);
}

#[tokio::test]
async fn a_refresh_gives_a_working_token_and_rotates_the_cookie() {
    let t = spawn_app().await;
    let first = login(&t, "of@formapro.test").await;
    t.app.clock.advance(Duration::minutes(50));
    let second = refresh(&t, &first.cookie).await;
    assert_ne!(second.cookie, first.cookie, "rotated");
    assert_ne!(second.access, first.access);
    assert!(second.set_cookie.contains("HttpOnly; SameSite=Strict"));
    // The new bearer token works, and outlives the first one.
    t.app.clock.advance(Duration::minutes(30));
    assert_eq!(me_status(&t, &first.access).await, 401);
    assert_eq!(me_status(&t, &second.access).await, 200);
    // The successor refreshes in turn; its body says who is signed in.
    let res = refresh_raw(&t, &second.cookie).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["user"]["role"], "organisation");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(audited(&t, "session_refreshed").await, 2);
}

#[tokio::test]
async fn a_rotated_token_presented_again_revokes_the_whole_family() {
    let t = spawn_app().await;
    let stolen = login(&t, "of@formapro.test").await;
    let legit = refresh(&t, &stolen.cookie).await;
    t.app.clock.advance(Duration::seconds(31));
    // The thief replays the old cookie after the grace period.
    problem(refresh_raw(&t, &stolen.cookie).await, 401, "invalid_token").await;
    // The whole family is dead: the legitimate holder's successor too.
    problem(refresh_raw(&t, &legit.cookie).await, 401, "invalid_token").await;
    assert_eq!(audited(&t, "refresh_token_reused").await, 1);
    // Another login opens a new family.
    let again = login(&t, "of@formapro.test").await;
    refresh(&t, &again.cookie).await;
}

#[tokio::test]
async fn concurrent_refreshes_with_one_cookie_all_get_the_same_successor() {
    let t = spawn_app().await;
    let s = login(&t, "of@formapro.test").await;
    let answers = futures_util::future::join_all((0..12).map(|_| refresh_raw(&t, &s.cookie))).await;
    let mut successors = Vec::new();
    for res in answers {
        let got = issued(res).await;
        assert_eq!(me_status(&t, &got.access).await, 200);
        successors.push(got.cookie);
    }
    successors.dedup();
    assert_eq!(successors.len(), 1, "one successor: {successors:?}");
    assert_ne!(successors[0], s.cookie);
    // One rotation happened: the family holds the login's token and one successor.
    let row = realis_store::sessions::find_by_hash(&t.app.db.conn, &hex_hash(&t, &successors[0]))
        .await
        .expect("query")
        .expect("the successor is stored");
    assert_eq!(
        realis_store::sessions::family_size(&t.app.db.conn, &row.family)
            .await
            .expect("count"),
        2
    );
    assert_eq!(audited(&t, "session_refreshed").await, 1);
    // The successor carries on; the old cookie, once the grace is over, is a replay.
    let next = refresh(&t, &successors[0]).await;
    t.app.clock.advance(Duration::seconds(31));
    problem(refresh_raw(&t, &s.cookie).await, 401, "invalid_token").await;
    problem(refresh_raw(&t, &next.cookie).await, 401, "invalid_token").await;
}

fn hex_hash(t: &TestApp, token: &str) -> String {
    let bytes = t
        .app
        .jwt
        .keyed_hash(realis_app::sessions::REFRESH_HASH_PURPOSE, token.as_bytes());
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn a_password_reset_ends_refresh() {
    let t = spawn_app().await;
    let s = login(&t, "of@formapro.test").await;
    let res = t
        .client
        .post(t.url("/api/v1/auth/password/forgot"))
        .json(&json!({ "login": "of@formapro.test" }))
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 202);
    t.app.settle().await;
    t.app.send_due_mail().await.expect("send");
    let text = t.app.mailer.sent()[0].text.clone();
    let start = text.find("token=").expect("link") + 6;
    let link: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    let res = t
        .client
        .post(t.url("/api/v1/auth/password/reset"))
        .json(&json!({ "token": link, "new_password": "un tout nouveau secret" }))
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 204);
    problem(refresh_raw(&t, &s.cookie).await, 401, "invalid_token").await;
    assert_eq!(audited(&t, "session_refresh_refused").await, 1);
}

#[tokio::test]
async fn disabling_an_account_ends_its_refresh_even_once_enabled_again() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let michelle = login(&t, "michelle.dubois@realis.test").await;
    let page: Value = t
        .get_with("/api/v1/funder/users?role=beneficiary&q=dubois", &agent)
        .await
        .json()
        .await
        .expect("json");
    let id = page["items"][0]["id"].as_i64().expect("id");
    let path = format!("/api/v1/funder/users/{id}");
    for disabled in [true, false] {
        let res = t
            .send_json(
                reqwest::Method::PUT,
                &path,
                &agent,
                &json!({ "disabled": disabled }),
            )
            .await;
        assert_eq!(res.status(), 200);
        if disabled {
            problem(
                refresh_raw(&t, &michelle.cookie).await,
                401,
                "invalid_token",
            )
            .await;
        }
    }
    problem(
        refresh_raw(&t, &michelle.cookie).await,
        401,
        "invalid_token",
    )
    .await;
    // Signing in again works.
    let again = login(&t, "michelle.dubois@realis.test").await;
    refresh(&t, &again.cookie).await;
}

#[tokio::test]
async fn logout_revokes_the_session_and_clears_the_cookie() {
    let t = spawn_app().await;
    let s = login(&t, "of@formapro.test").await;
    let next = refresh(&t, &s.cookie).await;
    let res = t
        .client
        .post(t.url("/api/v1/auth/logout"))
        .header("cookie", format!("realis_refresh={}", next.cookie))
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 204);
    let cleared = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        cleared.starts_with("realis_refresh=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    assert!(cleared.contains("Path=/api/v1/auth"), "{cleared}");
    problem(refresh_raw(&t, &next.cookie).await, 401, "invalid_token").await;
    assert_eq!(audited(&t, "logged_out").await, 1);
    // Without a session, or twice, logout still answers 204.
    for cookie in [None, Some(next.cookie.as_str())] {
        let mut req = t.client.post(t.url("/api/v1/auth/logout"));
        if let Some(c) = cookie {
            req = req.header("cookie", format!("realis_refresh={c}"));
        }
        assert_eq!(req.send().await.expect("req").status(), 204);
    }
    assert_eq!(audited(&t, "logged_out").await, 1);
}

#[tokio::test]
async fn a_refresh_without_a_cookie_or_with_an_unknown_one_is_refused() {
    let t = spawn_app().await;
    let res = t
        .client
        .post(t.url("/api/v1/auth/refresh"))
        .send()
        .await
        .expect("req");
    problem(res, 401, "missing_token").await;
    // A bearer token is not a refresh credential.
    let access = t.token("of@formapro.test").await;
    let res = t
        .client
        .post(t.url("/api/v1/auth/refresh"))
        .bearer_auth(&access)
        .send()
        .await
        .expect("req");
    problem(res, 401, "missing_token").await;
    problem(
        refresh_raw(&t, &"ab".repeat(32)).await,
        401,
        "invalid_token",
    )
    .await;
    problem(refresh_raw(&t, &access).await, 401, "invalid_token").await;
}

#[tokio::test]
async fn a_session_ends_after_two_idle_hours_and_twelve_hours_after_the_login() {
    let t = spawn_app().await;
    let idle = login(&t, "of@formapro.test").await;
    let mut active = login(&t, "of@formapro.test").await;
    // Active: a refresh every 1 h 50 keeps the session for 12 h, not a second more.
    for _ in 0..6 {
        t.app.clock.advance(Duration::minutes(110));
        active = refresh(&t, &active.cookie).await;
    }
    // 11 h since the login: the last cookie's Max-Age stops at the 12th hour.
    assert!(
        active.set_cookie.contains("Max-Age=3600;"),
        "{}",
        active.set_cookie
    );
    problem(refresh_raw(&t, &idle.cookie).await, 401, "invalid_token").await;
    t.app.clock.advance(Duration::minutes(60));
    problem(refresh_raw(&t, &active.cookie).await, 401, "invalid_token").await;
    let fresh = login(&t, "of@formapro.test").await;
    t.app.clock.advance(Duration::minutes(119));
    let fresh = refresh(&t, &fresh.cookie).await;
    t.app.clock.advance(Duration::minutes(120));
    problem(refresh_raw(&t, &fresh.cookie).await, 401, "invalid_token").await;
}

#[tokio::test]
async fn refreshes_are_limited_to_120_a_minute_per_address() {
    let t = spawn_app().await;
    let unknown = "cd".repeat(32);
    let answers = futures_util::future::join_all((0..130).map(|_| refresh_raw(&t, &unknown))).await;
    let statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 120);
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 10);
    let limited = answers
        .into_iter()
        .find(|r| r.status() == 429)
        .expect("a 429");
    assert!(limited.headers().contains_key("retry-after"));
}
