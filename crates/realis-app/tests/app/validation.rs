//! Validation after certification (SPEC F8): by the beneficiary, then the employer when the
//! funder asks both; a contest needs a comment, supersedes the certificate and tells the OF.

use realis_api_types::{FunderSettingsDto, MonthView, ValidationRequest};
use realis_app::{Actor, AppError};
use realis_domain::followup::Decision;
use realis_domain::{MonthCommand, MonthStatus, ValidationSetting};

use crate::support::{World, invalid_field, meta, october, world};

impl World {
    pub async fn decide(
        &self,
        actor: &Actor,
        decision: Decision,
        comment: Option<&str>,
    ) -> Result<MonthView, AppError> {
        let req = ValidationRequest {
            decision,
            comment: comment.map(str::to_owned),
        };
        self.app
            .decide_month(actor, self.dossier, october(), &req, &meta())
            .await
    }

    pub async fn set_validations(&self, validations: ValidationSetting) -> FunderSettingsDto {
        let settings = self
            .app
            .funder_settings(&self.agent().await)
            .await
            .expect("settings");
        self.app
            .update_funder_settings(
                &self.agent().await,
                &FunderSettingsDto {
                    validations,
                    ..settings
                },
                &meta(),
            )
            .await
            .expect("settings saved")
    }
}

#[tokio::test]
async fn the_beneficiary_validates_in_turn_and_the_month_is_validated() {
    let w = world().await;
    let certified = w.certified(october()).await;
    assert_eq!(certified.status, MonthStatus::AwaitingBeneficiary);
    let ben_view = w.month(&w.ben().await, october()).await;
    assert!(ben_view.allowed_actions.contains(&MonthCommand::Validate));
    // Not the employer's turn; the OF and the agent do not validate.
    assert!(matches!(
        w.decide(&w.employer().await, Decision::Validate, None)
            .await,
        Err(AppError::NotAllowed {
            command: MonthCommand::Validate,
            ..
        })
    ));
    for actor in [&w.of().await, &w.agent().await] {
        let res = w.decide(actor, Decision::Validate, None).await;
        assert!(matches!(res, Err(AppError::Forbidden)), "{res:?}");
    }
    let m = w
        .decide(&w.ben().await, Decision::Validate, None)
        .await
        .expect("validated");
    assert_eq!(m.status, MonthStatus::Validated);
    assert!(m.version > certified.version);
    assert_eq!(m.validations.len(), 1);
    assert_eq!(m.validations[0].role, "beneficiary");
    assert_eq!(m.validations[0].by, "Michelle Dubois");
    assert_eq!(m.validations[0].decision, Decision::Validate);
    assert!(matches!(
        w.decide(&w.ben().await, Decision::Validate, None).await,
        Err(AppError::NotAllowed {
            command: MonthCommand::Validate,
            ..
        })
    ));
    assert_eq!(w.audited(october(), "validated").await, 1);
    // The employer is not asked under the demo's setting.
    assert!(w.mails("rh@pharmaplus.test", "à valider").await.is_empty());
}

#[tokio::test]
async fn with_both_validations_the_employer_validates_after_the_beneficiary() {
    let w = world().await;
    let settings = w.set_validations(ValidationSetting::Both).await;
    assert_eq!(settings.validations, ValidationSetting::Both);
    let m = w.certified(october()).await;
    assert_eq!(m.status, MonthStatus::AwaitingBeneficiary);
    assert_eq!(
        m.certificate.expect("certificate").validations,
        ValidationSetting::Both
    );
    assert!(w.mails("rh@pharmaplus.test", "à valider").await.is_empty());
    let m = w
        .decide(&w.ben().await, Decision::Validate, None)
        .await
        .expect("beneficiary");
    assert_eq!(m.status, MonthStatus::AwaitingEmployer);
    let ask = w.mails("rh@pharmaplus.test", "à valider").await;
    assert_eq!(ask.len(), 1);
    assert!(ask[0].text.contains("Formapro Conseil"), "{}", ask[0].text);
    assert!(matches!(
        w.decide(&w.ben().await, Decision::Validate, None).await,
        Err(AppError::NotAllowed {
            command: MonthCommand::Validate,
            ..
        })
    ));
    let m = w
        .decide(&w.employer().await, Decision::Validate, None)
        .await
        .expect("employer");
    assert_eq!(m.status, MonthStatus::Validated);
    let roles: Vec<&str> = m.validations.iter().map(|v| v.role.as_str()).collect();
    assert_eq!(roles, ["beneficiary", "employer"]);
    assert_eq!(w.audited(october(), "validated").await, 2);
}

#[tokio::test]
async fn a_certified_month_keeps_the_validation_flow_of_its_certification() {
    let w = world().await;
    w.certified(october()).await;
    w.set_validations(ValidationSetting::Both).await;
    let m = w
        .decide(&w.ben().await, Decision::Validate, None)
        .await
        .expect("validated");
    assert_eq!(
        m.status,
        MonthStatus::Validated,
        "the flow recorded with the certificate applies"
    );
    assert_eq!(
        m.certificate.expect("certificate").validations,
        ValidationSetting::Beneficiary
    );
}

#[tokio::test]
async fn a_contest_needs_a_comment() {
    let w = world().await;
    let certified = w.certified(october()).await;
    for comment in [None, Some("   ")] {
        let e = w
            .decide(&w.ben().await, Decision::Contest, comment)
            .await
            .expect_err("no comment");
        assert_eq!(invalid_field(e), "comment");
    }
    let long = "x".repeat(2001);
    let e = w
        .decide(&w.ben().await, Decision::Contest, Some(&long))
        .await
        .expect_err("too long");
    assert_eq!(invalid_field(e), "comment");
    let m = w.month(&w.ben().await, october()).await;
    assert_eq!(m.status, MonthStatus::AwaitingBeneficiary);
    assert_eq!(m.version, certified.version);
    assert!(m.validations.is_empty());
    assert_eq!(w.audited(october(), "contested").await, 0);
}

#[tokio::test]
async fn a_contest_supersedes_the_certificate_and_mails_the_organisation() {
    let w = world().await;
    let certified = w.certified(october()).await;
    let code = certified
        .certificate
        .expect("certificate")
        .verification_code;
    let m = w
        .decide(
            &w.ben().await,
            Decision::Contest,
            Some("  Absente le 15 octobre. "),
        )
        .await
        .expect("contested");
    assert_eq!(m.status, MonthStatus::Contested);
    assert_eq!(m.status_label, "Contesté par le bénéficiaire");
    assert!(m.certificate.is_none(), "the certificate no longer stands");
    assert_eq!(
        m.validations[0].comment.as_deref(),
        Some("Absente le 15 octobre.")
    );
    let public = w
        .app
        .verify_certificate(&code, None)
        .await
        .expect("public verification");
    assert!(public.superseded);
    assert_eq!(public.superseded_at, Some(crate::support::now()));
    assert_eq!(public.month_status, MonthStatus::Contested);
    // The journal says the certificate no longer stands, after the contest's move.
    let journal = realis_store::events::after(&w.app.db.conn, 0, Some(w.dossier), 100)
        .await
        .expect("journal");
    let kinds: Vec<&str> = journal
        .iter()
        .rev()
        .take(4)
        .map(|e| e.event.kind())
        .collect();
    assert_eq!(
        kinds,
        [
            "month.contested",
            "message.received",
            "certificate.superseded",
            "month.status_changed"
        ]
    );
    for to in ["of@formapro.test", "contact@formapro.test"] {
        let notice = w.mails(to, "contestées").await;
        assert_eq!(notice.len(), 1, "{to}");
        assert!(
            notice[0]
                .text
                .contains("«\u{a0}Absente le 15 octobre.\u{a0}»"),
            "{}",
            notice[0].text
        );
    }
    assert_eq!(w.audited(october(), "contested").await, 1);
    let e = w.evidence(october()).await;
    assert_eq!(e.certificates.len(), 1);
    assert!(e.certificates[0].superseded);
}

#[tokio::test]
async fn a_contested_month_is_corrected_and_certified_again() {
    let w = world().await;
    w.certified(october()).await;
    w.decide(&w.ben().await, Decision::Contest, Some("Absente le 15."))
        .await
        .expect("contested");
    let version = w.month(&w.of().await, october()).await.version;
    let m = w
        .save_hours_at(october(), version, &[("16", 7.0, 0.0, 0.0)])
        .await
        .expect("corrected");
    assert_eq!(m.status, MonthStatus::Draft);
    let m = w.prepare(october()).await.expect("prepared");
    assert!(
        m.files.is_empty(),
        "the old scan stays with its certificate"
    );
    let e = w.certify_upload(october()).await.expect_err("no new scan");
    assert_eq!(invalid_field(e), "signed_certificate");
    w.attach_signed(october()).await;
    let m = w.certify_upload(october()).await.expect("certified again");
    assert_eq!(m.status, MonthStatus::AwaitingBeneficiary);
    let e = w.evidence(october()).await;
    assert_eq!(e.certificates.len(), 2);
    assert_eq!(e.certificates.iter().filter(|c| c.superseded).count(), 1);
    assert!(e.chain_intact);
    let m = w
        .decide(&w.ben().await, Decision::Validate, None)
        .await
        .expect("validated");
    assert_eq!(m.status, MonthStatus::Validated);
}
