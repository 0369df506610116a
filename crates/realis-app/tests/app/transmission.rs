//! Transmission (SPEC F9): the queue of months ready to transmit, transmission all or nothing,
//! and the CSV of the hours transmitted.

use realis_api_types::{MonthRef, ReopenRequest, TransmissionView, TransmitRequest};
use realis_app::{Actor, AppError};
use realis_domain::followup::Decision;
use realis_domain::{MonthCommand, MonthStatus, Period, TransitionError, ValidationSetting};

use crate::support::{DOSSIER, World, invalid_field, meta, now, october, period, world};

impl World {
    async fn transmit_as(
        &self,
        actor: &Actor,
        periods: &[Period],
    ) -> Result<TransmissionView, AppError> {
        let req = TransmitRequest {
            months: periods
                .iter()
                .map(|p| MonthRef {
                    dossier_id: self.dossier,
                    period: *p,
                })
                .collect(),
        };
        self.app.transmit(actor, &req, &meta()).await
    }

    /// October certified and validated by the beneficiary.
    async fn validated_october(&self) {
        self.certified(october()).await;
        let m = self
            .decide(&self.ben().await, Decision::Validate, None)
            .await
            .expect("validated");
        assert_eq!(m.status, MonthStatus::Validated);
    }

    async fn queue(&self) -> Vec<realis_api_types::FunderMonthView> {
        self.app
            .transmission_queue(&self.agent().await)
            .await
            .expect("queue")
    }

    async fn csv(&self, from: Option<&str>, to: Option<&str>) -> (String, String) {
        let d = self
            .app
            .transmissions_csv(&self.agent().await, from.map(period), to.map(period))
            .await
            .expect("csv");
        assert_eq!(d.content_type, "text/csv; charset=utf-8");
        (d.file_name, String::from_utf8(d.bytes).expect("utf-8"))
    }
}

#[tokio::test]
async fn the_queue_holds_the_validated_months_only_and_is_the_agents() {
    let w = world().await;
    assert!(w.queue().await.is_empty());
    w.certified(october()).await;
    assert!(w.queue().await.is_empty(), "awaiting the beneficiary");
    w.decide(&w.ben().await, Decision::Validate, None)
        .await
        .expect("validated");
    let queue = w.queue().await;
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].dossier_id, w.dossier);
    assert_eq!(queue[0].dossier_number, DOSSIER);
    assert_eq!(queue[0].period, october());
    assert_eq!(queue[0].status, MonthStatus::Validated);
    assert_eq!(
        queue[0].training,
        realis_domain::Hours::from_hundredths(1050)
    );
    for actor in [&w.of().await, &w.ben().await, &w.employer().await] {
        let res = w.app.transmission_queue(actor).await;
        assert!(matches!(res, Err(AppError::Forbidden)), "{res:?}");
    }
}

#[tokio::test]
async fn transmission_is_all_or_nothing() {
    let w = world().await;
    w.validated_october().await;
    let res = w
        .transmit_as(&w.agent().await, &[october(), period("2026-09")])
        .await;
    assert!(
        matches!(&res, Err(AppError::NotTransmittable { period, .. }) if period.to_string() == "2026-09"),
        "{res:?}"
    );
    assert_eq!(
        w.month(&w.agent().await, october()).await.status,
        MonthStatus::Validated
    );
    assert_eq!(w.audited(october(), "transmitted").await, 0);
    let empty = w
        .transmit_as(&w.agent().await, &[])
        .await
        .expect_err("empty");
    assert_eq!(invalid_field(empty), "months");
    let by_of = w.transmit_as(&w.of().await, &[october()]).await;
    assert!(matches!(by_of, Err(AppError::Forbidden)), "{by_of:?}");
    let unknown = w
        .app
        .transmit(
            &w.agent().await,
            &TransmitRequest {
                months: vec![MonthRef {
                    dossier_id: w.dossier + 1000,
                    period: october(),
                }],
            },
            &meta(),
        )
        .await;
    assert!(matches!(unknown, Err(AppError::NotFound)), "{unknown:?}");
}

#[tokio::test]
async fn transmitting_marks_the_months_and_the_csv_exports_them() {
    let w = world().await;
    w.validated_october().await;
    let before = w.month(&w.agent().await, october()).await;
    let t = w
        .transmit_as(&w.agent().await, &[october(), october()])
        .await
        .expect("transmitted");
    assert_eq!(t.months, 1, "a month listed twice is transmitted once");
    assert_eq!(t.created_at, now());
    let m = w.month(&w.agent().await, october()).await;
    assert_eq!(m.status, MonthStatus::Transmitted);
    assert!(m.version > before.version);
    assert!(w.queue().await.is_empty());
    assert_eq!(w.audited(october(), "transmitted").await, 1);
    // Transmitted: no reopening, no second transmission.
    let reopen = w
        .app
        .reopen_month(
            &w.agent().await,
            w.dossier,
            october(),
            &ReopenRequest {
                reason: "Erreur".into(),
            },
            &meta(),
        )
        .await;
    assert!(
        matches!(
            reopen,
            Err(AppError::Transition(TransitionError {
                from: MonthStatus::Transmitted,
                ..
            }))
        ),
        "{reopen:?}"
    );
    let again = w.transmit_as(&w.agent().await, &[october()]).await;
    assert!(
        matches!(
            again,
            Err(AppError::NotTransmittable {
                status: MonthStatus::Transmitted,
                ..
            })
        ),
        "{again:?}"
    );

    let (name, text) = w.csv(Some("2026-01"), Some("2026-12")).await;
    assert_eq!(name, "heures-transmises-2026-01-2026-12.csv");
    assert!(text.starts_with('\u{feff}'));
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("N° dossier;Bénéficiaire;"),
        "{}",
        lines[0]
    );
    let cols: Vec<&str> = lines[1].split(';').collect();
    assert_eq!(
        cols,
        [
            DOSSIER,
            "Michelle DUBOIS",
            "Pharmaplus",
            "732 829 320 00074",
            "2026-10",
            "10,50",
            "3,50",
            "0,50",
            "Certificat signé déposé",
            "26/11/2026",
            "26/11/2026",
        ]
    );
    let (name, text) = w.csv(Some("2027-01"), None).await;
    assert_eq!(name, "heures-transmises-2027-01-fin.csv");
    assert_eq!(text.trim_start_matches('\u{feff}').lines().count(), 1);
    let by_of = w.app.transmissions_csv(&w.of().await, None, None).await;
    assert!(matches!(by_of, Err(AppError::Forbidden)), "{by_of:?}");
}

#[tokio::test]
async fn without_validation_a_certified_month_goes_straight_to_the_queue() {
    let w = world().await;
    w.set_validations(ValidationSetting::None).await;
    let m = w.certified(october()).await;
    assert_eq!(m.status, MonthStatus::Certified);
    assert!(matches!(
        w.decide(&w.ben().await, Decision::Validate, None).await,
        Err(AppError::NotAllowed {
            command: MonthCommand::Validate,
            status: MonthStatus::Certified
        })
    ));
    let queue = w.queue().await;
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].status, MonthStatus::Certified);
    w.transmit_as(&w.agent().await, &[october()])
        .await
        .expect("transmitted");
    let (name, text) = w.csv(None, None).await;
    assert_eq!(name, "heures-transmises-debut-fin.csv");
    assert_eq!(text.trim_start_matches('\u{feff}').lines().count(), 2);
}

#[tokio::test]
async fn each_step_of_a_month_is_journalled_as_a_domain_event_with_its_subject() {
    use realis_domain::certification::CertificationMode;
    use realis_domain::events::DomainEvent;
    use realis_domain::followup::Validator;
    let w = world().await;
    let before = realis_store::events::after(&w.app.db.conn, 0, Some(w.dossier), 100)
        .await
        .expect("journal");
    w.validated_october().await;
    w.transmit_as(&w.agent().await, &[october()])
        .await
        .expect("transmitted");
    // A refused command leaves nothing in the journal.
    assert!(w.transmit_as(&w.agent().await, &[october()]).await.is_err());
    let journal = realis_store::events::after(&w.app.db.conn, 0, Some(w.dossier), 100)
        .await
        .expect("journal");
    let new: Vec<_> = journal[before.len()..].to_vec();
    let kinds: Vec<&str> = new.iter().map(|e| e.event.kind()).collect();
    // Each step that moves the month records the move first, then the step.
    assert_eq!(
        kinds,
        [
            "month.status_changed",
            "month.hours_saved",
            "month.status_changed",
            "month.prepared",
            "month.status_changed",
            "month.certified",
            "month.status_changed",
            "month.validated",
            "month.status_changed",
            "month.transmitted"
        ]
    );
    let moves: Vec<(MonthStatus, MonthStatus)> = new
        .iter()
        .filter_map(|e| match e.event {
            DomainEvent::MonthStatusChanged { from, to, .. } => Some((from, to)),
            _ => None,
        })
        .collect();
    assert_eq!(
        moves,
        [
            (MonthStatus::AwaitingEntry, MonthStatus::Draft),
            (MonthStatus::Draft, MonthStatus::AwaitingCertification),
            (
                MonthStatus::AwaitingCertification,
                MonthStatus::AwaitingBeneficiary
            ),
            (MonthStatus::AwaitingBeneficiary, MonthStatus::Validated),
            (MonthStatus::Validated, MonthStatus::Transmitted),
        ]
    );
    // The version a move names is the month's after the write.
    let versions: Vec<i32> = new
        .iter()
        .filter_map(|e| match e.event {
            DomainEvent::MonthStatusChanged { version, .. } => Some(version),
            _ => None,
        })
        .collect();
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    let of = w.of().await;
    for e in &new {
        assert_eq!(e.subject.dossier_id, Some(w.dossier));
        assert_eq!(e.subject.period, Some(october()));
        assert!(e.subject.funder_id.is_some() && e.subject.organisation_id.is_some());
    }
    assert_eq!(new[0].actor_user_id, Some(of.user_id));
    assert!(matches!(
        &new[5].event,
        DomainEvent::MonthCertified { mode: CertificationMode::Upload, status: MonthStatus::AwaitingBeneficiary, verification_code }
            if verification_code.len() > 4
    ));
    assert_eq!(
        new[7].event,
        DomainEvent::MonthValidated {
            by: Validator::Beneficiary,
            status: MonthStatus::Validated
        }
    );
}
