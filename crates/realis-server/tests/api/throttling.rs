//! Budgets under real parallel requests (QUALITY S2, S9, S10) and the account links (ASVS V6).

use std::net::{IpAddr, Ipv4Addr};

use futures_util::future::join_all;
use reqwest::Method;
use serde_json::json;

use crate::certification::{month_url, prepared_month};
use crate::helpers::{DEMO_PASSWORD, TestApp, problem, spawn_app};

/// A client whose requests come from 127.0.0.`n`.
fn client_from(n: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, n)))
        .build()
        .expect("client")
}

async fn login_from(t: &TestApp, n: u8, login: &str, password: &str) -> u16 {
    client_from(n)
        .post(t.url("/api/v1/auth/login"))
        .json(&json!({ "login": login, "password": password }))
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

fn count(statuses: &[u16], wanted: u16) -> usize {
    statuses.iter().filter(|s| **s == wanted).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_simultaneous_guesses_on_one_account_get_five_evaluated() {
    let t = spawn_app().await;
    let before = t.app.hasher.evaluations();
    // 99 wrong guesses and the right password, each from its own address, all at once.
    let guesses = (2..=101u8).map(|n| {
        let password = if n == 60 {
            DEMO_PASSWORD
        } else {
            "wrong-password!"
        };
        login_from(&t, n, "of@formapro.test", password)
    });
    let statuses = join_all(guesses).await;
    let evaluated = t.app.hasher.evaluations() - before;
    assert!(evaluated <= 5, "{evaluated} guesses evaluated (budget 5)");
    assert_eq!(
        count(&statuses, 401) + count(&statuses, 200),
        usize::try_from(evaluated).expect("small"),
        "{statuses:?}"
    );
    assert_eq!(
        count(&statuses, 429),
        100 - usize::try_from(evaluated).expect("small")
    );
}

#[tokio::test]
async fn guesses_from_elsewhere_do_not_lock_out_an_address_that_logged_in_before_and_the_user_is_alerted()
 {
    let t = spawn_app().await;
    // The certifier works from 127.0.0.1.
    assert_eq!(
        login_from(&t, 1, "of@formapro.test", DEMO_PASSWORD).await,
        200
    );
    // Someone guesses from 127.0.0.9 until the account is throttled.
    for _ in 0..5 {
        assert_eq!(
            login_from(&t, 9, "of@formapro.test", "wrong-password!").await,
            401
        );
    }
    assert_eq!(
        login_from(&t, 9, "of@formapro.test", DEMO_PASSWORD).await,
        429
    );
    assert_eq!(login_from(&t, 10, "formapro", DEMO_PASSWORD).await, 429);
    // The certifier's own address still gets in, by e-mail or by identifier.
    assert_eq!(
        login_from(&t, 1, "of@formapro.test", DEMO_PASSWORD).await,
        200
    );
    assert_eq!(login_from(&t, 1, "FORMAPRO", DEMO_PASSWORD).await, 200);
    // …and was told once.
    t.app.send_due_mail().await.expect("send");
    let alerts: Vec<_> = t
        .app
        .mailer
        .sent()
        .into_iter()
        .filter(|m| m.subject.contains("Tentatives de connexion"))
        .collect();
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].to, "of@formapro.test");
    assert!(alerts[0].text.contains("127.0.0.9"), "{}", alerts[0].text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_parallel_public_verifications_get_thirty_answers() {
    let t = spawn_app().await;
    let calls = (0..60).map(|_| async {
        t.client
            .get(t.url("/api/v1/verify/ABCD-EFGH-JKMN"))
            .send()
            .await
            .expect("request")
            .status()
            .as_u16()
    });
    let statuses = join_all(calls).await;
    assert_eq!(count(&statuses, 404), 30, "{statuses:?}");
    assert_eq!(count(&statuses, 429), 30);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eighty_parallel_draft_pdfs_get_thirty_rendered_and_four_parallel_code_requests_send_one() {
    let t = spawn_app().await;
    let (id, of) = prepared_month(&t, "2026-RL-000001", &["2026-10"], true).await;
    let renders = (0..80).map(|_| async {
        t.get_with(&month_url(id, "2026-10", "/certificate.pdf"), &of)
            .await
            .status()
            .as_u16()
    });
    let statuses = join_all(renders).await;
    assert_eq!(count(&statuses, 200), 30, "{statuses:?}");
    assert_eq!(count(&statuses, 429), 50);

    let sends = (0..4).map(|_| async {
        t.send_json(
            Method::POST,
            &month_url(id, "2026-10", "/code"),
            &of,
            &json!({ "ip_consent": true }),
        )
        .await
        .status()
        .as_u16()
    });
    let statuses = join_all(sends).await;
    assert_eq!(count(&statuses, 202), 1, "{statuses:?}");
    assert_eq!(count(&statuses, 429), 3);
}

async fn forgot(t: &TestApp, n: u8, login: &str) -> reqwest::Response {
    client_from(n)
        .post(t.url("/api/v1/auth/password/forgot"))
        .json(&json!({ "login": login }))
        .send()
        .await
        .expect("request")
}

/// The reset links e-mailed so far, oldest first.
async fn reset_links(t: &TestApp) -> Vec<String> {
    t.app.settle().await;
    t.app.send_due_mail().await.expect("send");
    t.app
        .mailer
        .sent()
        .iter()
        .filter_map(|m| {
            let start = m.text.find("token=")? + "token=".len();
            Some(
                m.text[start..]
                    .chars()
                    .take_while(char::is_ascii_hexdigit)
                    .collect(),
            )
        })
        .collect()
}

async fn reset(t: &TestApp, token: &str, password: &str) -> reqwest::Response {
    t.client
        .post(t.url("/api/v1/auth/password/reset"))
        .json(&json!({ "token": token, "new_password": password }))
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn password_reset_requests_are_limited_per_login_and_per_address_alike_for_unknown_accounts()
{
    let t = spawn_app().await;
    for login in ["of@formapro.test", "nobody@nowhere.test"] {
        for _ in 0..3 {
            assert_eq!(forgot(&t, 20, login).await.status(), 202);
        }
        // The fourth for the same login in the hour waits, whether the account exists or not.
        let res = forgot(&t, 21, login).await;
        assert!(res.headers().contains_key("retry-after"));
        problem(res, 429, "rate_limited").await;
    }
    // One address may ask ten times an hour, whatever the logins.
    for i in 0..10 {
        assert_eq!(
            forgot(&t, 30, &format!("u{i}@nowhere.test")).await.status(),
            202
        );
    }
    problem(
        forgot(&t, 30, "u10@nowhere.test").await,
        429,
        "rate_limited",
    )
    .await;
    assert_eq!(
        reset_links(&t).await.len(),
        3,
        "three links for the real account only"
    );
}

#[tokio::test]
async fn a_successful_reset_voids_the_older_links_and_the_unused_invitation() {
    let t = spawn_app().await;
    // A colleague invited by the OF has an unused invitation link…
    let of = t.token("of@formapro.test").await;
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/organisation/users",
            &of,
            &json!({ "email": "nouvelle@formapro.test", "display_name": "Inès Nouvelle", "certifier": false }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let invitation = reset_links(&t).await.pop().expect("invitation link");
    // …then asks twice for a reset and uses the second link.
    forgot(&t, 1, "nouvelle@formapro.test").await;
    forgot(&t, 1, "nouvelle@formapro.test").await;
    let links = reset_links(&t).await;
    let (older, newer) = (&links[1], &links[2]);
    assert_eq!(
        reset(&t, newer, "cheval agrafe batterie").await.status(),
        204
    );
    for stale in [older, &invitation] {
        problem(
            reset(&t, stale, "une autre phrase assez longue").await,
            410,
            "invalid_link",
        )
        .await;
    }
    assert_eq!(
        t.login_raw("nouvelle@formapro.test", "cheval agrafe batterie")
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn a_reset_checks_the_link_before_hashing_and_refuses_weak_passwords() {
    let t = spawn_app().await;
    let before = t.app.hasher.evaluations();
    let res = reset(&t, &"ab".repeat(32), "cheval agrafe batterie").await;
    problem(res, 410, "invalid_link").await;
    forgot(&t, 1, "michelle.dubois@realis.test").await;
    let token = reset_links(&t).await.pop().expect("link");
    for (weak, code) in [
        ("Dubois-2026-xyz!", "personal"),
        ("Motdepasse2026!", "common"),
        ("aaaaaaaaaaaa", "repetitive"),
        ("court", "too_short"),
    ] {
        let body = problem(reset(&t, &token, weak).await, 422, "validation_failed").await;
        assert_eq!(body["errors"][0]["field"], "new_password");
        assert_eq!(body["errors"][0]["code"], code, "{weak}");
    }
    // Nothing was hashed for a dead link or a refused password; the link still works.
    assert_eq!(t.app.hasher.evaluations(), before);
    assert_eq!(
        reset(&t, &token, "cheval agrafe batterie").await.status(),
        204
    );
}

#[tokio::test]
async fn password_reset_attempts_are_limited_per_address() {
    let t = spawn_app().await;
    for _ in 0..20 {
        problem(
            reset(&t, &"cd".repeat(32), "cheval agrafe batterie").await,
            410,
            "invalid_link",
        )
        .await;
    }
    let res = reset(&t, &"cd".repeat(32), "cheval agrafe batterie").await;
    problem(res, 429, "rate_limited").await;
}
