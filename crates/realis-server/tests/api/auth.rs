use serde_json::{Value, json};

use crate::helpers::{DEMO_PASSWORD, problem, spawn_app};

#[tokio::test]
async fn every_demo_account_logs_in_by_email_and_gets_its_role() {
    let t = spawn_app().await;
    for (login, role) in realis_app::demo::DEMO_LOGINS {
        let res = t.login_raw(login, DEMO_PASSWORD).await;
        assert_eq!(res.status(), 200, "{login}");
        let body: Value = res.json().await.expect("json");
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["expires_in"], 3600);
        assert_eq!(body["user"]["role"], role);
        let me: Value = t
            .get_with("/api/v1/me", body["access_token"].as_str().expect("token"))
            .await
            .json()
            .await
            .expect("me");
        assert_eq!(me["email"], login);
        assert_eq!(me["role"], role);
    }
}

#[tokio::test]
async fn the_identifier_works_as_a_login_too() {
    let t = spawn_app().await;
    let res = t.login_raw("FORMAPRO", DEMO_PASSWORD).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.expect("json");
    let me: Value = t
        .get_with("/api/v1/me", body["access_token"].as_str().expect("t"))
        .await
        .json()
        .await
        .expect("me");
    assert_eq!(me["organisation_name"], "Formapro Conseil");
    assert_eq!(me["funder_name"], "Transitions Pro Île-de-France");
    assert_eq!(me["certifier"], true);
}

#[tokio::test]
async fn unknown_login_and_wrong_password_get_the_same_answer() {
    let t = spawn_app().await;
    let a = problem(
        t.login_raw("nobody@nowhere.test", "whatever-password")
            .await,
        401,
        "invalid_credentials",
    )
    .await;
    let b = problem(
        t.login_raw("of@formapro.test", "wrong-password!").await,
        401,
        "invalid_credentials",
    )
    .await;
    assert_eq!(a, b);
}

#[tokio::test]
async fn the_sixth_wrong_password_is_throttled_with_retry_after() {
    let t = spawn_app().await;
    for _ in 0..5 {
        problem(
            t.login_raw("of@formapro.test", "wrong-password!").await,
            401,
            "invalid_credentials",
        )
        .await;
    }
    let res = t.login_raw("of@formapro.test", "wrong-password!").await;
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=30).contains(&retry), "{retry}");
    problem(res, 429, "rate_limited").await;
    // Even the right password waits while the account is throttled.
    problem(
        t.login_raw("of@formapro.test", DEMO_PASSWORD).await,
        429,
        "rate_limited",
    )
    .await;
    // After the delay, the right password gets in and clears the counter.
    t.app.clock.advance(chrono::Duration::seconds(31));
    assert_eq!(
        t.login_raw("of@formapro.test", DEMO_PASSWORD)
            .await
            .status(),
        200
    );
    problem(
        t.login_raw("of@formapro.test", "wrong-password!").await,
        401,
        "invalid_credentials",
    )
    .await;
}

#[tokio::test]
async fn one_address_may_fail_twenty_times_a_minute_and_an_account_it_logged_in_to_still_gets_in() {
    let t = spawn_app().await;
    // The agent logged in from this address before: the address is known to the account.
    t.token("agent@tp-idf.test").await;
    for i in 0..20 {
        problem(
            t.login_raw(&format!("user{i}@nowhere.test"), "wrong-password!")
                .await,
            401,
            "invalid_credentials",
        )
        .await;
    }
    let evaluated = t.app.hasher.evaluations();
    problem(
        t.login_raw("someone-else@nowhere.test", "wrong-password!")
            .await,
        429,
        "rate_limited",
    )
    .await;
    // Refused before the password is checked: an address over its budget gets nothing evaluated.
    problem(
        t.login_raw("of@formapro.test", DEMO_PASSWORD).await,
        429,
        "rate_limited",
    )
    .await;
    assert_eq!(t.app.hasher.evaluations(), evaluated);
    assert_eq!(
        t.login_raw("agent@tp-idf.test", DEMO_PASSWORD)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn the_dashboard_lists_each_roles_pending_months() {
    let t = spawn_app().await;
    let of: Value = t
        .get_with("/api/v1/dashboard", &t.token("of@formapro.test").await)
        .await
        .json()
        .await
        .expect("json");
    let count = of["pending_count"].as_u64().expect("count");
    // Dossiers 1 and 2 have started: months from their first to the current one await entry.
    assert_eq!(count, 6 + 3, "{of}");
    assert_eq!(of["items"][0]["status"], "awaiting_entry");
    assert_eq!(of["items"][0]["beneficiary"], "Michelle DUBOIS");
    for who in [
        "michelle.dubois@realis.test",
        "rh@pharmaplus.test",
        "agent@tp-idf.test",
        "admin@realis.test",
    ] {
        let d: Value = t
            .get_with("/api/v1/dashboard", &t.token(who).await)
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(d["pending_count"], 0, "{who}: {d}");
    }
}

#[tokio::test]
async fn forgot_password_answers_202_whether_or_not_the_account_exists() {
    let t = spawn_app().await;
    for login in ["nobody@nowhere.test", "of@formapro.test"] {
        let res = t
            .client
            .post(t.url("/api/v1/auth/password/forgot"))
            .json(&json!({ "login": login }))
            .send()
            .await
            .expect("req");
        assert_eq!(res.status(), 202);
    }
    t.app.settle().await;
    assert_eq!(
        t.app.send_due_mail().await.expect("send"),
        1,
        "only the existing account gets a mail"
    );
}
