//! Use cases end to end, without HTTP: fixed clock, real SQLite, real SMTP server for mail.
//!
//! The modules under `app/` run on SQLite, or on PostgreSQL when `REALIS_TEST_POSTGRES_URL` is
//! set (see `app/support.rs`).

#[path = "app/api_keys.rs"]
mod api_keys;
#[path = "app/auth.rs"]
mod auth;
#[path = "app/certification.rs"]
mod certification;
#[path = "app/payments.rs"]
mod payments;
#[path = "app/support.rs"]
mod support;
#[path = "app/transmission.rs"]
mod transmission;
#[path = "app/validation.rs"]
mod validation;
#[path = "app/webhooks.rs"]
mod webhooks;

use std::time::Duration;

use realis_app::{App, AppError, RequestMeta};
use realis_domain::Role;
use realis_mail::Mailer;
use realis_mail::testing::SmtpSink;
use realis_store::audit;
use realis_store::users::{self, NewUser};

async fn app_with(mailer: Mailer, name: &str) -> App {
    let path = std::env::temp_dir().join(format!("realis-app-{name}-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    support::app(&format!("sqlite:{}?mode=rwc", path.display()), mailer).await
}

fn token_in(text: &str) -> String {
    let start = text.find("token=").expect("link") + 6;
    text[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

#[tokio::test]
async fn an_invited_user_receives_the_mail_over_smtp_and_chooses_a_password_within_72_hours() {
    let sink = SmtpSink::start().expect("aiosmtpd must be installed (pip install aiosmtpd)");
    let mailer = Mailer::smtp(
        &sink.url(),
        "Réalis <no-reply@realis.test>",
        Duration::from_secs(5),
    )
    .expect("mailer");
    let app = app_with(mailer, "invite").await;
    let now = app.clock.now();
    let txn = app.db.begin_write().await.expect("txn");
    let user = users::insert(
        &txn,
        NewUser {
            email: "nouvelle@formapro.test".into(),
            identifier: "nouvelle".into(),
            display_name: "Nadia Nouvelle".into(),
            role: Role::Organisation,
            funder_id: None,
            organisation_id: None,
            certifier: false,
            password_hash: None,
        },
        now,
    )
    .await
    .expect("user");
    app.queue_invitation(&txn, &user, "Formapro Conseil", now)
        .await
        .expect("queued");
    txn.commit().await.expect("commit");

    // Without a password nobody can log in to the new account.
    let meta = RequestMeta::default();
    assert!(matches!(
        app.login("nouvelle", "anything-at-all", &meta).await,
        Err(AppError::InvalidCredentials)
    ));

    assert_eq!(app.send_due_mail().await.expect("send"), 1);
    let mails = sink.wait_for(1);
    assert_eq!(mails[0].to, "nouvelle@formapro.test");
    assert_eq!(mails[0].subject, "Votre compte Réalis est disponible");
    assert!(
        mails[0].text.contains("identifiant «\u{a0}nouvelle\u{a0}»"),
        "{}",
        mails[0].text
    );
    assert!(
        mails[0]
            .text
            .contains("http://realis.example/mot-de-passe/nouveau?token=")
    );
    let token = token_in(&mails[0].text);

    app.clock.advance(chrono::Duration::hours(71));
    app.reset_password(&token, "mon nouveau mot de passe", &meta)
        .await
        .expect("password set");
    let session = app
        .login("nouvelle@formapro.test", "mon nouveau mot de passe", &meta)
        .await
        .expect("login");
    assert_eq!(session.user.role, Role::Organisation);
    assert!(matches!(
        app.reset_password(&token, "encore un autre mot de passe", &meta)
            .await,
        Err(AppError::InvalidLink)
    ));
    assert_eq!(
        audit::verify_chain(&app.db.conn, &app.audit_key)
            .await
            .expect("verify"),
        None
    );
}

#[tokio::test]
async fn an_invitation_link_expires_after_72_hours() {
    let app = app_with(
        Mailer::memory("no-reply@realis.test").expect("mailer"),
        "expire",
    )
    .await;
    let now = app.clock.now();
    let user = users::insert(
        &app.db.conn,
        NewUser {
            email: "x@y.fr".into(),
            identifier: "xy".into(),
            display_name: "X Y".into(),
            role: Role::Beneficiary,
            funder_id: None,
            organisation_id: None,
            certifier: false,
            password_hash: None,
        },
        now,
    )
    .await
    .expect("user");
    let token = app
        .queue_invitation(&app.db.conn, &user, "Transitions Pro", now)
        .await
        .expect("queued");
    app.clock.advance(chrono::Duration::hours(72));
    let res = app
        .reset_password(&token, "mon nouveau mot de passe", &RequestMeta::default())
        .await;
    assert!(matches!(res, Err(AppError::InvalidLink)));
}

#[tokio::test]
async fn the_demo_loads_once_with_exactly_the_five_accounts() {
    let app = app_with(
        Mailer::memory("no-reply@realis.test").expect("mailer"),
        "demo",
    )
    .await;
    assert!(app.load_demo().await.expect("demo"));
    assert!(!app.load_demo().await.expect("second time"), "never twice");
    for (login, role) in realis_app::demo::DEMO_LOGINS {
        let s = app
            .login(
                login,
                realis_app::demo::DEMO_PASSWORD,
                &RequestMeta::default(),
            )
            .await
            .expect(login);
        assert_eq!(s.user.role.as_str(), role);
    }
    let months = realis_store::portfolio::months_of_dossier(&app.db.conn, 1)
        .await
        .expect("months");
    assert_eq!(
        months.first().map(|m| m.period.to_string()),
        Some("2026-06".to_owned())
    );
    assert_eq!(
        months.first().map(|m| m.status.as_str()),
        Some("awaiting_entry")
    );
    assert_eq!(months.last().map(|m| m.status.as_str()), Some("not_open"));
    assert!(
        realis_store::portfolio::count_planned_days(&app.db.conn, 1)
            .await
            .expect("days")
            > 200
    );
}
