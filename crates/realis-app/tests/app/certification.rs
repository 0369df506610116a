//! Certification (SPEC F5, F6): «Je certifie la saisie des heures», the signed scan, and the
//! online code (sent, wrong, burnt, expired, locked, right).

use chrono::Duration;
use realis_api_types::{CertifyRequest, CodeRequest, PrepareRequest};
use realis_app::AppError;
use realis_domain::certification::CertificationMode;
use realis_domain::{Hours, MonthCommand, MonthStatus, ValidationSetting};

use crate::support::{invalid_codes, invalid_field, meta, now, october, period, world, wrong};

#[tokio::test]
async fn preparing_needs_the_box_ticked_the_version_shown_a_finished_month_and_a_logo() {
    let w = world().await;
    let saved = w.save_hours(october()).await.expect("saved");
    assert_eq!(saved.status, MonthStatus::Draft);
    assert_eq!(saved.totals.training, Hours::from_hundredths(1050));
    assert_eq!(saved.totals.internship, Hours::from_hundredths(350));
    assert_eq!(saved.totals.absence, Hours::from_hundredths(50));
    let prepare = |hours_certified: bool, version: Option<i32>| {
        let w = &w;
        async move {
            w.app
                .prepare_month(
                    &w.of().await,
                    w.dossier,
                    october(),
                    &PrepareRequest {
                        hours_certified,
                        version,
                    },
                    &meta(),
                )
                .await
        }
    };
    let unticked = prepare(false, None).await.expect_err("box not ticked");
    assert_eq!(invalid_field(unticked), "hours_certified");
    let stale = prepare(true, Some(saved.version - 1)).await;
    assert!(matches!(&stale, Err(AppError::StaleVersion)), "{stale:?}");
    let no_logo = prepare(true, Some(saved.version)).await.expect_err("logo");
    assert_eq!(invalid_codes(no_logo), ["no_logo"]);
    w.with_logo().await;
    let in_progress = w.prepare(period("2026-11")).await.expect_err("November");
    assert_eq!(invalid_codes(in_progress), ["month_in_progress"]);
    let m = prepare(true, Some(saved.version)).await.expect("prepared");
    assert_eq!(m.status, MonthStatus::AwaitingCertification);
    assert!(m.version > saved.version);
    assert!(m.allowed_actions.contains(&MonthCommand::CertifyUpload));
    assert_eq!(w.audited(october(), "hours_saved").await, 1);
    assert_eq!(w.audited(october(), "hours_prepared").await, 1);
}

#[tokio::test]
async fn upload_certification_needs_the_scan_then_asks_the_beneficiary_to_validate() {
    let w = world().await;
    w.with_logo().await;
    let prepared = w.prepared(october()).await;
    let missing = w.certify_upload(october()).await.expect_err("no scan");
    assert_eq!(invalid_field(missing), "signed_certificate");
    let online = w
        .app
        .certify_upload(
            &w.of().await,
            w.dossier,
            october(),
            &CertifyRequest {
                mode: CertificationMode::Online,
            },
            &meta(),
        )
        .await
        .expect_err("online is not taken here");
    assert_eq!(invalid_field(online), "mode");
    let with_scan = w.attach_signed(october()).await;
    assert_eq!(with_scan.files.len(), 1);
    assert_eq!(with_scan.files[0].kind, "signed_certificate");

    let m = w.certify_upload(october()).await.expect("certified");
    assert_eq!(m.status, MonthStatus::AwaitingBeneficiary);
    assert!(m.version > prepared.version);
    let cert = m.certificate.expect("certificate");
    assert_eq!(cert.mode, CertificationMode::Upload);
    assert_eq!(cert.certified_at, now());
    assert_eq!(cert.certified_by, "Sophie Bernard");
    assert_eq!(cert.validations, ValidationSetting::Beneficiary);
    assert!(!cert.superseded);
    assert_eq!(cert.verification_code.len(), 14);
    assert_eq!(cert.sha256.len(), 64);
    // The scan now belongs to the certificate; the month's next attempt starts without it.
    assert!(m.files.is_empty());
    assert_eq!(cert.files.len(), 1);

    let e = w.evidence(october()).await;
    let actions: Vec<&str> = e.items.iter().map(|i| i.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "hours_saved",
            "hours_prepared",
            "signed_certificate_uploaded",
            "certified"
        ]
    );
    assert!(e.chain_intact);
    assert!(e.items.iter().all(|i| i.ip.is_none()), "no consent, no IP");

    let ask = w
        .mails("michelle.dubois@realis.test", "à valider")
        .await
        .pop()
        .expect("validation request to the beneficiary");
    assert!(ask.text.contains("octobre 2026"), "{}", ask.text);
    assert!(ask.text.contains("14,00"), "{}", ask.text);
    let done = w
        .mails("of@formapro.test", "Certification effectuée")
        .await
        .pop()
        .expect("«Certification effectuée» to the certifier");
    assert!(done.text.contains(&cert.verification_code), "{}", done.text);
    let public = w
        .app
        .verify_certificate(&cert.verification_code.to_lowercase(), Some("198.51.100.1"))
        .await
        .expect("public verification");
    assert_eq!(public.dossier_number, crate::support::DOSSIER);
    assert_eq!(public.training, Hours::from_hundredths(1050));
    assert_eq!(public.month_status, MonthStatus::AwaitingBeneficiary);
}

#[tokio::test]
async fn certification_is_refused_in_the_wrong_state_and_to_other_roles() {
    let w = world().await;
    w.with_logo().await;
    // September is open and was never prepared; November is in progress.
    for p in ["2026-09", "2026-11"] {
        let res = w.certify_upload(period(p)).await;
        assert!(
            matches!(
                res,
                Err(AppError::NotAllowed {
                    command: MonthCommand::CertifyUpload,
                    ..
                })
            ),
            "{p}: {res:?}"
        );
    }
    w.prepared(october()).await;
    w.attach_signed(october()).await;
    let req = CertifyRequest {
        mode: CertificationMode::Upload,
    };
    for actor in [&w.agent().await, &w.ben().await, &w.employer().await] {
        let res = w
            .app
            .certify_upload(actor, w.dossier, october(), &req, &meta())
            .await;
        assert!(
            matches!(res, Err(AppError::Forbidden)),
            "{actor:?}: {res:?}"
        );
    }
    let m = w.certify_upload(october()).await.expect("certified");
    assert_eq!(m.status, MonthStatus::AwaitingBeneficiary);
    let again = w.certify_upload(october()).await;
    assert!(
        matches!(
            again,
            Err(AppError::NotAllowed {
                command: MonthCommand::CertifyUpload,
                status: MonthStatus::AwaitingBeneficiary
            })
        ),
        "{again:?}"
    );
    let scan = w
        .app
        .authorise_signed_certificate(&w.of().await, w.dossier, october())
        .await;
    assert!(
        matches!(
            scan,
            Err(AppError::NotAllowed {
                command: MonthCommand::AttachFiles,
                status: MonthStatus::AwaitingBeneficiary
            })
        ),
        "{scan:?}"
    );
    assert_eq!(w.audited(october(), "certified").await, 1);
}

#[tokio::test]
async fn a_code_is_sent_with_the_ip_consent_once_online_certification_is_available() {
    let w = world().await;
    w.with_logo().await;
    w.prepared(october()).await;
    let no_consent = w
        .app
        .send_code(
            &w.of().await,
            w.dossier,
            october(),
            &CodeRequest { ip_consent: false },
            &meta(),
        )
        .await
        .expect_err("consent");
    assert_eq!(invalid_field(no_consent), "ip_consent");
    // The logo alone allows the scan, not the online mode.
    assert!(matches!(
        w.send_code().await,
        Err(AppError::Validation(e)) if !e.is_empty()
    ));
    w.ready_online().await;
    // Nothing sent yet: nothing to verify.
    assert!(matches!(
        w.verify("123456").await,
        Err(AppError::CodeExpired)
    ));
    let sent = w.send_code().await.expect("sent");
    assert_eq!(sent.sent_to, "o***@formapro.test");
    assert_eq!(sent.code_length, 6);
    assert_eq!(sent.expires_at, now() + Duration::minutes(10));
    assert_eq!(sent.resend_after, now() + Duration::seconds(60));
    let code = w.last_code().await;
    assert_eq!(code.len(), 6);
    let mail = w
        .mails("of@formapro.test", "Code de vérification")
        .await
        .pop()
        .expect("code e-mail");
    assert!(
        mail.text.contains("Valable jusqu'au 26/11/2026 à 10:10"),
        "{}",
        mail.text
    );
    let m = w.month(&w.of().await, october()).await;
    let online = m.online.expect("online state");
    assert_eq!(online.attempts_left, Some(3));
    assert_eq!(online.code_expires_at, Some(sent.expires_at));
    assert!(!online.locked);
    // Again within a minute: refused with the seconds to wait.
    w.app.clock.advance(Duration::seconds(20));
    assert!(matches!(
        w.send_code().await,
        Err(AppError::RateLimited { retry_after: 40 })
    ));
    assert_eq!(w.audited(october(), "code_sent").await, 1);
}

#[tokio::test]
async fn three_wrong_tries_burn_the_code_and_are_audited() {
    let w = world().await;
    w.online_ready().await;
    let code = w.code_sent().await;
    for left in [2, 1, 0] {
        let res = w.verify(&wrong(&code)).await;
        assert!(
            matches!(res, Err(AppError::WrongCode { attempts_left, locked: false }) if attempts_left == left),
            "{res:?}"
        );
    }
    assert!(matches!(w.verify(&code).await, Err(AppError::CodeExpired)));
    let m = w.month(&w.of().await, october()).await;
    assert_eq!(m.status, MonthStatus::AwaitingCertification);
    assert_eq!(m.online.expect("online").attempts_left, None);
    assert_eq!(w.audited(october(), "code_failed").await, 3);
    assert_eq!(w.audited(october(), "certified").await, 0);
}

#[tokio::test]
async fn the_right_code_certifies_online_once_with_the_consented_ip() {
    let w = world().await;
    w.online_ready().await;
    let code = w.code_sent().await;
    // A wrong try first: the right code still works after it.
    assert!(matches!(
        w.verify(&wrong(&code)).await,
        Err(AppError::WrongCode {
            attempts_left: 2,
            locked: false
        })
    ));
    let m = w.verify(&format!(" {code} ")).await.expect("certified");
    assert_eq!(m.status, MonthStatus::AwaitingBeneficiary);
    let cert = m.certificate.expect("certificate");
    assert_eq!(cert.mode, CertificationMode::Online);
    assert_eq!(cert.certified_by, "Sophie Bernard");
    // Spent, and the month moved on.
    let spent = w.verify(&code).await;
    assert!(
        matches!(
            spent,
            Err(AppError::NotAllowed {
                command: MonthCommand::CertifyOnline,
                status: MonthStatus::AwaitingBeneficiary
            })
        ),
        "{spent:?}"
    );
    let e = w.evidence(october()).await;
    let certified = e
        .items
        .iter()
        .find(|i| i.action == "certified")
        .expect("certified record");
    assert_eq!(certified.ip.as_deref(), Some("203.0.113.7"));
    assert_eq!(certified.actor.as_deref(), Some("Sophie Bernard"));
    assert!(e.chain_intact);
    let public = w
        .app
        .verify_certificate(&cert.verification_code, None)
        .await
        .expect("public verification");
    assert_eq!(public.mode, CertificationMode::Online);
    assert!(
        !w.mails("michelle.dubois@realis.test", "à valider")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_code_expires_on_time_and_is_void_once_the_hours_change() {
    let w = world().await;
    w.online_ready().await;
    let code = w.code_sent().await;
    w.app.clock.advance(Duration::seconds(599));
    assert!(matches!(
        w.verify(&wrong(&code)).await,
        Err(AppError::WrongCode {
            attempts_left: 2,
            ..
        })
    ));
    w.app.clock.advance(Duration::seconds(1));
    assert!(matches!(w.verify(&code).await, Err(AppError::CodeExpired)));

    let code = w.code_sent().await;
    let version = w.month(&w.of().await, october()).await.version;
    let m = w
        .save_hours_at(october(), version, &[("15", 7.0, 0.0, 0.0)])
        .await
        .expect("corrected");
    assert_eq!(m.totals.training, Hours::from_whole(7));
    w.prepare(october()).await.expect("prepared again");
    assert!(matches!(w.verify(&code).await, Err(AppError::CodeExpired)));
    assert_eq!(
        w.month(&w.of().await, october()).await.status,
        MonthStatus::AwaitingCertification
    );
}

#[tokio::test]
async fn ten_wrong_codes_lock_online_certification_until_the_agent_unlocks_it() {
    let w = world().await;
    w.online_ready().await;
    let mut failures = 0;
    let mut last = None;
    while failures < 10 {
        let code = w.code_sent().await;
        for _ in 0..3 {
            if failures < 10 {
                last = Some(w.verify(&wrong(&code)).await);
                failures += 1;
            }
        }
        w.app.clock.advance(Duration::seconds(61));
    }
    assert!(
        matches!(last, Some(Err(AppError::WrongCode { locked: true, .. }))),
        "{last:?}"
    );
    assert!(
        w.month(&w.of().await, october())
            .await
            .online
            .expect("o")
            .locked
    );
    assert!(matches!(w.send_code().await, Err(AppError::OnlineLocked)));
    assert!(matches!(
        w.verify("123456").await,
        Err(AppError::OnlineLocked)
    ));
    for to in ["of@formapro.test", "contact@formapro.test"] {
        assert_eq!(w.mails(to, "bloquée").await.len(), 1, "{to}");
    }
    assert_eq!(w.audited(october(), "online_certification_locked").await, 1);

    let (of, agent) = (w.of().await, w.agent().await);
    let unlock = |actor| {
        let w = &w;
        async move {
            w.app
                .unlock_online(actor, w.dossier, october(), &meta())
                .await
        }
    };
    assert!(matches!(unlock(&of).await, Err(AppError::Forbidden)));
    unlock(&agent).await.expect("unlocked");
    assert!(
        !w.month(&w.of().await, october())
            .await
            .online
            .expect("o")
            .locked
    );
    assert!(matches!(unlock(&agent).await, Err(AppError::NotLocked)));
    w.send_code().await.expect("a code again");
    assert_eq!(
        w.audited(october(), "online_certification_unlocked").await,
        1
    );
}
