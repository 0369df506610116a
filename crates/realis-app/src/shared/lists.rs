//! Paging of lists and the decision of a review.

use realis_api_types::ReviewDocumentRequest;
use realis_domain::FieldCode;
use realis_domain::organisation::ReviewDecision;

use crate::AppError;

/// Largest page of a list (SPEC §4).
pub const MAX_PER_PAGE: u64 = 100;

/// `?page=&per_page=` with defaults 1 and 20, `per_page` at most 100.
pub fn paging(page: Option<u64>, per_page: Option<u64>) -> (u64, u64) {
    (
        page.unwrap_or(1).clamp(1, MAX_PAGE),
        per_page.unwrap_or(20).clamp(1, MAX_PER_PAGE),
    )
}

/// Pages beyond this are empty anyway; the bound keeps the offset within what SQL accepts.
pub const MAX_PAGE: u64 = 1_000_000;

/// `{decision: "accept" | "reject", reason?}` of a review (documents, designations).
pub(crate) fn parse_decision(req: &ReviewDocumentRequest) -> Result<ReviewDecision, AppError> {
    match req.decision.as_str() {
        "accept" => Ok(ReviewDecision::Accept),
        "reject" => Ok(ReviewDecision::Reject {
            reason: req.reason.clone().unwrap_or_default().trim().to_owned(),
        }),
        _ => Err(AppError::field(
            "decision",
            FieldCode::InvalidDecision,
            "La décision doit être «\u{a0}accept\u{a0}» ou «\u{a0}reject\u{a0}».",
        )),
    }
}
