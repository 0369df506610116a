//! How a month was certified, and when it may be.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{MonthStatus, Period};

/// How the OF certified a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CertificationMode {
    /// Printed, signed, stamped and uploaded (F5).
    Upload,
    /// 100 % online with a code sent by e-mail (F6).
    Online,
}

impl CertificationMode {
    pub fn as_str(self) -> &'static str {
        match self {
            CertificationMode::Upload => "upload",
            CertificationMode::Online => "online",
        }
    }

    pub fn parse(s: &str) -> Option<CertificationMode> {
        match s {
            "upload" => Some(CertificationMode::Upload),
            "online" => Some(CertificationMode::Online),
            _ => None,
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            CertificationMode::Upload => "Certificat signé déposé",
            CertificationMode::Online => "Certification 100 % en ligne (code par e-mail)",
        }
    }
}

/// Why a month cannot be certified now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CertifyRefusal {
    /// The period's last session day has not come.
    #[error("the month is still in progress")]
    InProgress,
    /// Not in `awaiting_certification` (not prepared, already certified, locked, closed…).
    #[error("the month is not awaiting certification")]
    WrongStatus(MonthStatus),
}

/// Whether the period's last session day has come (a month is certified once it is over).
pub fn month_over(period: Period, session_end: NaiveDate, today: NaiveDate) -> bool {
    today >= period.last_day().min(session_end)
}

/// Whether the month has a draft certificate to print («Ouvrir le PDF», the drafts of several
/// months as one PDF): its hours were frozen by «Je certifie la saisie des heures» and it is not
/// certified yet. Before that the hours may still change, and the signed paper would not match.
pub fn has_draft(status: MonthStatus) -> bool {
    status == MonthStatus::AwaitingCertification
}

/// The month may be certified on `today` if it was prepared and its last session day has come.
pub fn may_certify(
    status: MonthStatus,
    period: Period,
    session_end: NaiveDate,
    today: NaiveDate,
) -> Result<(), CertifyRefusal> {
    if status != MonthStatus::AwaitingCertification {
        return Err(CertifyRefusal::WrongStatus(status));
    }
    if !month_over(period, session_end, today) {
        return Err(CertifyRefusal::InProgress);
    }
    Ok(())
}
