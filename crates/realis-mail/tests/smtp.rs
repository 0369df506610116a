//! Sends through lettre to a real local SMTP server (aiosmtpd) and reads what arrived.

use std::time::Duration;

use realis_mail::testing::SmtpSink;
use realis_mail::{Invitation, Mailer, PasswordReset};

#[tokio::test]
async fn an_invitation_arrives_at_a_real_smtp_server_in_french() {
    let sink = SmtpSink::start().expect("aiosmtpd must be installed (pip install aiosmtpd)");
    let mailer = Mailer::smtp(
        &sink.url(),
        "Réalis <no-reply@realis.test>",
        Duration::from_secs(5),
    )
    .expect("mailer");
    let mail = Invitation {
        display_name: "Michelle Dubois".into(),
        identifier: "mdubois".into(),
        email: "michelle.dubois@realis.test".into(),
        link: "http://127.0.0.1:8080/mot-de-passe?token=abcdef".into(),
        inviter: "Transitions Pro Île-de-France".into(),
    }
    .render();
    mailer
        .send("michelle.dubois@realis.test", &mail)
        .await
        .expect("sent");
    let got = sink.wait_for(1);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, "michelle.dubois@realis.test");
    assert_eq!(got[0].subject, "Votre compte Réalis est disponible");
    assert!(
        got[0].text.contains("Île-de-France"),
        "accents survive: {}",
        got[0].text
    );
    assert!(got[0].text.contains("token=abcdef"));
    assert!(
        got[0]
            .html
            .contains("<a href=\"http://127.0.0.1:8080/mot-de-passe?token=abcdef\"")
    );
}

#[tokio::test]
async fn a_closed_smtp_port_is_an_error_not_a_hang() {
    let port = realis_mail::testing::free_port();
    let mailer = Mailer::smtp(
        &format!("smtp://127.0.0.1:{port}"),
        "no-reply@realis.test",
        Duration::from_secs(2),
    )
    .expect("mailer");
    let mail = PasswordReset {
        display_name: "X".into(),
        link: "http://x".into(),
    }
    .render();
    let started = std::time::Instant::now();
    assert!(mailer.send("a@b.fr", &mail).await.is_err());
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn the_file_transport_writes_an_eml_file() {
    let dir = std::env::temp_dir().join(format!("realis-eml-{}", std::process::id()));
    let mailer = Mailer::files(dir.clone(), "no-reply@realis.test").expect("mailer");
    let mail = PasswordReset {
        display_name: "Agent".into(),
        link: "http://x/reset".into(),
    }
    .render();
    mailer
        .send("agent@tp-idf.test", &mail)
        .await
        .expect("written");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .collect();
    assert_eq!(files.len(), 1);
    assert!(files[0].path().extension().is_some_and(|e| e == "eml"));
    let _ = std::fs::remove_dir_all(dir);
}
