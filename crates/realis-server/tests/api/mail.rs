//! Password reset end to end through the outbox, and R4 against a real SMTP server.

use std::time::Duration;

use realis_mail::Mailer;
use realis_mail::testing::{SmtpSink, free_port};
use serde_json::{Value, json};

use crate::helpers::{DEMO_PASSWORD, problem, spawn_app, spawn_app_with};

fn link_token(text: &str) -> String {
    let start = text.find("token=").expect("a link with a token") + 6;
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect()
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once_and_revokes_old_tokens() {
    let t = spawn_app().await;
    let old_token = t.token("of@formapro.test").await;
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
    let sent = t.app.mailer.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].to, "of@formapro.test");
    assert!(
        sent[0]
            .text
            .contains("http://127.0.0.1:8080/mot-de-passe/nouveau?token=")
    );
    let token = link_token(&sent[0].text);
    assert_eq!(token.len(), 64);

    let short = t
        .client
        .post(t.url("/api/v1/auth/password/reset"))
        .json(&json!({ "token": token, "new_password": "short" }))
        .send()
        .await
        .expect("req");
    let p = problem(short, 422, "validation_failed").await;
    assert_eq!(p["errors"][0]["field"], "new_password");
    assert_eq!(p["errors"][0]["code"], "too_short");

    let reset = |pw: &'static str| {
        t.client
            .post(t.url("/api/v1/auth/password/reset"))
            .json(&json!({ "token": token, "new_password": pw }))
            .send()
    };
    assert_eq!(
        reset("une phrase de passe assez longue")
            .await
            .expect("req")
            .status(),
        204
    );
    problem(
        reset("another long enough password").await.expect("req"),
        410,
        "invalid_link",
    )
    .await;
    problem(
        t.get_with("/api/v1/me", &old_token).await,
        401,
        "invalid_token",
    )
    .await;
    problem(
        t.login_raw("of@formapro.test", DEMO_PASSWORD).await,
        401,
        "invalid_credentials",
    )
    .await;
    assert_eq!(
        t.login_raw("of@formapro.test", "une phrase de passe assez longue")
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn an_expired_reset_link_is_refused() {
    let t = spawn_app().await;
    t.client
        .post(t.url("/api/v1/auth/password/forgot"))
        .json(&json!({ "login": "formapro" }))
        .send()
        .await
        .expect("req");
    t.app.settle().await;
    t.app.send_due_mail().await.expect("send");
    let token = link_token(&t.app.mailer.sent()[0].text);
    t.app.clock.advance(chrono::Duration::minutes(61));
    let res = t
        .client
        .post(t.url("/api/v1/auth/password/reset"))
        .json(&json!({ "token": token, "new_password": "une phrase de passe assez longue" }))
        .send()
        .await
        .expect("req");
    problem(res, 410, "invalid_link").await;
}

#[tokio::test]
async fn mail_waits_in_the_outbox_while_smtp_is_down_and_leaves_when_it_is_back() {
    let port = free_port();
    let mailer = Mailer::smtp(
        &format!("smtp://127.0.0.1:{port}"),
        "Réalis <no-reply@realis.test>",
        Duration::from_secs(3),
    )
    .expect("mailer");
    let t = spawn_app_with(mailer).await;
    let res = t
        .client
        .post(t.url("/api/v1/auth/password/forgot"))
        .json(&json!({ "login": "agent@tp-idf.test" }))
        .send()
        .await
        .expect("req");
    assert_eq!(
        res.status(),
        202,
        "the request answers although SMTP is down"
    );
    t.app.settle().await;
    assert_eq!(t.app.send_due_mail().await.expect("pass"), 0);
    let rows = realis_store::outbox::all(&t.app.db.conn)
        .await
        .expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, "pending");
    assert_eq!(rows[0].attempts, 1);
    assert!(rows[0].last_error.is_some());

    let sink =
        SmtpSink::start_on(Some(port)).expect("aiosmtpd must be installed (pip install aiosmtpd)");
    assert_eq!(
        t.app.send_due_mail().await.expect("pass"),
        0,
        "not before the backoff"
    );
    t.app.clock.advance(chrono::Duration::seconds(31));
    assert_eq!(t.app.send_due_mail().await.expect("pass"), 1);
    let got = sink.wait_for(1);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, "agent@tp-idf.test");
    assert_eq!(
        got[0].subject,
        "Réinitialisation de votre mot de passe Réalis"
    );
    assert!(got[0].text.contains("/mot-de-passe/nouveau?token="));
    let rows: Vec<Value> = realis_store::outbox::all(&t.app.db.conn)
        .await
        .expect("rows")
        .into_iter()
        .map(|r| json!({ "status": r.status, "attempts": r.attempts }))
        .collect();
    assert_eq!(rows, vec![json!({ "status": "sent", "attempts": 2 })]);
}

#[tokio::test]
async fn a_reset_link_leaves_before_a_backlog_and_one_pass_drains_the_queue() {
    let t = spawn_app().await;
    // A backlog: the invitations of a batch of new dossiers, say.
    for n in 0..45 {
        realis_store::outbox::enqueue(
            &t.app.db.conn,
            realis_store::outbox::NewOutboxMail {
                to: format!("beneficiaire{n}@realis.test"),
                subject: "Invitation".into(),
                text: "t".into(),
                html: "h".into(),
                priority: Default::default(),
            },
            t.app.clock.now(),
        )
        .await
        .expect("enqueue");
    }
    let res = t
        .client
        .post(t.url("/api/v1/auth/password/forgot"))
        .json(&json!({ "login": "of@formapro.test" }))
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 202);
    t.app.settle().await;
    assert_eq!(
        t.app.send_due_mail().await.expect("pass"),
        46,
        "one pass sends the whole queue, not the first twenty"
    );
    let sent = t.app.mailer.sent();
    let reset = sent
        .iter()
        .position(|m| m.to == "of@formapro.test")
        .expect("the reset was sent");
    assert!(reset < 4, "the reset link left among the first, at {reset}");
}
