//! The `code` values an error answer may carry, listed at the end of its description
//! («Codes: `missing_token`, `invalid_token`.») so that an integrator reading Swagger UI knows
//! what to branch on. [`ErrorCodes`] lists the codes that follow from an answer's status and the
//! operation's kind (secured, with a body), and the codes a route names in backticks in its own
//! description (e.g. «Wrong code (`wrong_code`)»); the modifiers that add answers of their own
//! (safe retries, API keys and rate limits) [`note`] theirs.

use realis_api_types::ErrorCode;
use utoipa::Modify;
use utoipa::openapi::{RefOr, Response};

/// What starts the list in a description.
pub const CODES: &str = "\n\nCodes: ";

/// Adds `codes` to the list at the end of `response`'s description, each once, in order.
pub fn note(response: &mut Response, codes: &[ErrorCode]) {
    let (text, mut listed) = match response.description.split_once(CODES) {
        Some((text, list)) => (
            text.to_owned(),
            list.trim_end_matches('.')
                .split(", ")
                .map(|c| c.trim_matches('`').to_owned())
                .collect::<Vec<_>>(),
        ),
        None => (response.description.clone(), Vec::new()),
    };
    for code in codes {
        if !listed.iter().any(|c| c == code.as_str()) {
            listed.push(code.as_str().to_owned());
        }
    }
    if listed.is_empty() {
        return;
    }
    let list: Vec<String> = listed.iter().map(|c| format!("`{c}`")).collect();
    response.description = format!("{text}{CODES}{}.", list.join(", "));
}

/// The error codes of `status` that `description` names in backticks.
fn mentioned(description: &str, status: u16) -> Vec<ErrorCode> {
    description
        .split('`')
        .skip(1)
        .step_by(2)
        .filter_map(|word| serde_json::from_value(serde_json::Value::from(word)).ok())
        .filter(|code: &ErrorCode| code.status() == status)
        .collect()
}

/// The codes every answer of `status` of an operation of this kind may carry.
fn by_status(status: u16, secured: bool, body: bool) -> Vec<ErrorCode> {
    use ErrorCode as E;
    match status {
        400 if body => vec![E::MalformedRequest],
        401 if secured => vec![E::MissingToken, E::InvalidToken],
        403 if secured => vec![E::Forbidden, E::OrganisationDisabled],
        404 => vec![E::NotFound],
        405 => vec![E::MethodNotAllowed],
        409 => vec![E::Conflict],
        412 => vec![E::PreconditionFailed],
        413 => vec![E::PayloadTooLarge],
        415 => vec![E::UnsupportedMediaType],
        422 => vec![E::ValidationFailed],
        428 => vec![E::PreconditionRequired],
        429 => vec![E::RateLimited],
        _ => Vec::new(),
    }
}

/// Lists the codes of every 4xx answer the routes and [`super::StandardResponses`] declared;
/// runs before the modifiers that note their own.
pub struct ErrorCodes;

impl Modify for ErrorCodes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                item.get.as_mut(),
                item.put.as_mut(),
                item.post.as_mut(),
                item.delete.as_mut(),
                item.patch.as_mut(),
            ];
            for op in operations.into_iter().flatten() {
                let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
                let body = op.request_body.is_some();
                for (status, response) in &mut op.responses.responses {
                    let (RefOr::T(response), Ok(status)) = (response, status.parse::<u16>()) else {
                        continue;
                    };
                    if !(400..500).contains(&status) {
                        continue;
                    }
                    let mut codes = mentioned(&response.description, status);
                    codes.extend(by_status(status, secured, body));
                    note(response, &codes);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::openapi::ResponseBuilder;

    #[test]
    fn codes_are_listed_once_after_the_description() {
        let mut r = ResponseBuilder::new()
            .description("Locked (`online_locked`, `stale_version`)")
            .build();
        let codes = mentioned(&r.description, 409);
        assert_eq!(codes, [ErrorCode::OnlineLocked]);
        note(&mut r, &codes);
        note(&mut r, &[ErrorCode::Conflict, ErrorCode::OnlineLocked]);
        assert_eq!(
            r.description,
            "Locked (`online_locked`, `stale_version`)\n\nCodes: `online_locked`, `conflict`."
        );
        assert!(mentioned("`not_found`", 409).is_empty());
    }
}
