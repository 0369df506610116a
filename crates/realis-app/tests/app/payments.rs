//! Payments («Règlements», SPEC F9): recorded by the funder; a settlement on a month not yet
//! certified locks it; reopen and close by the funder.

use chrono::NaiveDate;
use realis_api_types::{PaymentRequest, PaymentView, ReopenRequest};
use realis_app::{Actor, AppError};
use realis_domain::followup::PaymentKind;
use realis_domain::{MonthCommand, MonthStatus, Period, TransitionError};

use crate::support::{World, invalid_field, meta, october, period, world};

impl World {
    async fn pay_as(
        &self,
        actor: &Actor,
        p: Period,
        kind: PaymentKind,
        amount_cents: i64,
    ) -> Result<PaymentView, AppError> {
        let req = PaymentRequest {
            period: p,
            kind,
            amount_cents,
            paid_on: NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
            reference: " VIR-2026-11 ".into(),
        };
        self.app
            .record_payment(actor, self.dossier, &req, &meta())
            .await
    }

    async fn pay(&self, p: Period, kind: PaymentKind, cents: i64) -> PaymentView {
        self.pay_as(&self.agent().await, p, kind, cents)
            .await
            .expect("payment")
    }
}

#[tokio::test]
async fn a_settlement_locks_an_open_month_and_tells_the_organisation() {
    let w = world().await;
    let september = period("2026-09");
    let before = w.month(&w.of().await, september).await;
    assert_eq!(before.status, MonthStatus::AwaitingEntry);
    let p = w.pay(september, PaymentKind::Settlement, 98050).await;
    assert_eq!(p.period, september);
    assert_eq!(p.kind, PaymentKind::Settlement);
    assert_eq!(p.amount_label, "980,50\u{a0}€");
    assert_eq!(p.reference, "VIR-2026-11");
    let m = w.month(&w.of().await, september).await;
    assert_eq!(m.status, MonthStatus::LockedPaid);
    assert_eq!(
        m.status_label,
        "La saisie n'est plus disponible car des règlements ont été faits dans la période"
    );
    assert!(m.version > before.version);
    let res = w.save_hours(september).await;
    assert!(
        matches!(
            res,
            Err(AppError::NotAllowed {
                command: MonthCommand::SaveHours,
                status: MonthStatus::LockedPaid
            })
        ),
        "{res:?}"
    );
    assert_eq!(w.audited(september, "locked_paid").await, 1);
    for to in ["of@formapro.test", "contact@formapro.test"] {
        assert_eq!(w.mails(to, "Saisie fermée").await.len(), 1, "{to}");
    }
}

#[tokio::test]
async fn an_advance_locks_nothing_and_everyone_on_the_dossier_sees_the_payments() {
    let w = world().await;
    let september = period("2026-09");
    let p = w.pay(september, PaymentKind::Advance, 150000).await;
    assert_eq!(p.amount_label, "1\u{a0}500,00\u{a0}€");
    assert_eq!(
        w.month(&w.of().await, september).await.status,
        MonthStatus::AwaitingEntry
    );
    w.pay(october(), PaymentKind::Advance, 1000).await;
    for actor in [
        &w.of().await,
        &w.ben().await,
        &w.employer().await,
        &w.agent().await,
    ] {
        let list = w
            .app
            .list_payments(actor, w.dossier)
            .await
            .expect("payments");
        assert_eq!(list.len(), 2, "{actor:?}");
        assert!(
            list.iter()
                .any(|l| l.id == p.id && l.amount_cents == 150000)
        );
    }
    assert_eq!(w.audited(september, "locked_paid").await, 0);
    assert!(
        w.mails("of@formapro.test", "Saisie fermée")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_settlement_voids_the_code_of_a_month_awaiting_certification() {
    let w = world().await;
    w.online_ready().await;
    let code = w.code_sent().await;
    let before = w.month(&w.of().await, october()).await;
    assert_eq!(before.online.expect("online").attempts_left, Some(3));
    w.pay(october(), PaymentKind::Settlement, 5000).await;
    let m = w.month(&w.of().await, october()).await;
    assert_eq!(m.status, MonthStatus::LockedPaid);
    let online = m.online.expect("online");
    assert_eq!(online.attempts_left, None, "the code is void");
    assert_eq!(online.code_expires_at, None);
    let res = w.verify(&code).await;
    assert!(
        matches!(
            res,
            Err(AppError::NotAllowed {
                command: MonthCommand::CertifyOnline,
                status: MonthStatus::LockedPaid
            })
        ),
        "{res:?}"
    );
    assert_eq!(w.audited(october(), "certified").await, 0);
}

#[tokio::test]
async fn payments_are_checked_and_recorded_by_the_funder_only() {
    let w = world().await;
    let m = w.certified(october()).await;
    // A settlement on a certified month does not change it.
    w.pay(october(), PaymentKind::Settlement, 1000).await;
    assert_eq!(w.month(&w.of().await, october()).await.status, m.status);
    let bad = w
        .pay_as(&w.agent().await, october(), PaymentKind::Settlement, 0)
        .await
        .expect_err("zero");
    assert_eq!(invalid_field(bad), "amount_cents");
    let bad = w
        .pay_as(
            &w.agent().await,
            period("2030-01"),
            PaymentKind::Advance,
            100,
        )
        .await
        .expect_err("outside the session");
    assert_eq!(invalid_field(bad), "period");
    for actor in [&w.of().await, &w.ben().await, &w.employer().await] {
        let res = w.pay_as(actor, october(), PaymentKind::Advance, 100).await;
        assert!(matches!(res, Err(AppError::Forbidden)), "{res:?}");
    }
    assert_eq!(
        w.app
            .list_payments(&w.agent().await, w.dossier)
            .await
            .expect("list")
            .len(),
        1
    );
}

#[tokio::test]
async fn the_agent_reopens_a_certified_month_with_a_reason_and_closes_an_open_one() {
    let w = world().await;
    let certified = w.certified(october()).await;
    let (of, agent) = (w.of().await, w.agent().await);
    let reopen = |actor, reason: &str| {
        let (w, req) = (
            &w,
            ReopenRequest {
                reason: reason.into(),
            },
        );
        async move {
            w.app
                .reopen_month(actor, w.dossier, october(), &req, &meta())
                .await
        }
    };
    assert_eq!(
        invalid_field(reopen(&agent, " ").await.expect_err("reason")),
        "reason"
    );
    assert!(matches!(reopen(&of, "x").await, Err(AppError::Forbidden)));
    let m = reopen(&agent, "Heures du 16 à revoir")
        .await
        .expect("reopened");
    assert_eq!(m.status, MonthStatus::Draft);
    assert!(m.certificate.is_none());
    let code = certified.certificate.expect("c").verification_code;
    assert!(
        w.app
            .verify_certificate(&code, None)
            .await
            .expect("verification")
            .superseded
    );
    let mail = w
        .mails("of@formapro.test", "Mois rouvert")
        .await
        .pop()
        .expect("reopened notice");
    assert!(mail.text.contains("Heures du 16 à revoir"), "{}", mail.text);
    assert_eq!(w.audited(october(), "reopened").await, 1);

    let november = period("2026-11");
    let m = w
        .app
        .close_month(&w.agent().await, w.dossier, november, &meta())
        .await
        .expect("closed");
    assert_eq!(m.status, MonthStatus::Closed);
    let again = w
        .app
        .close_month(&w.agent().await, w.dossier, november, &meta())
        .await;
    assert!(
        matches!(
            again,
            Err(AppError::Transition(TransitionError {
                from: MonthStatus::Closed,
                ..
            }))
        ),
        "{again:?}"
    );
    assert_eq!(w.mails("of@formapro.test", "Mois clos").await.len(), 1);
}
