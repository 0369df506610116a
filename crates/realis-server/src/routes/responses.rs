//! What the routes answer besides their own bodies, for the OpenAPI document: raw files, and the
//! problem+json answers that several routes share, each declared once here and named in a
//! route's `responses(...)`.
//!
//! An error a route lists with only a status and a description (`(status = 409, description =
//! "…")`) is `application/problem+json` too: [`crate::openapi::document`] gives it the
//! [`Problem`] body, as it adds the answers every operation of a kind gives (401 when secured,
//! 404 when the path has parameters, 400/413/415/422 for a body…).

use std::collections::BTreeMap;

use realis_api_types::Problem;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};

/// Raw file bytes in a request or response body.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct BinaryFile(#[allow(dead_code)] Vec<u8>);

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error answer: `description`, with a [`Problem`] body.
pub fn problem(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(PROBLEM_JSON, problem_content())
        .build()
        .into()
}

/// A [`Problem`] as the content of a response.
pub fn problem_content() -> utoipa::openapi::Content {
    ContentBuilder::new()
        .schema(Some(Ref::from_schema_name(
            <Problem as utoipa::ToSchema>::name(),
        )))
        .build()
}

/// Declares a unit type whose `IntoResponses` are problem+json answers: `Name { "status" =>
/// "description", … }`.
macro_rules! problems {
    ($($(#[$doc:meta])* $name:ident { $($status:literal => $description:literal),+ $(,)? })*) => {$(
        $(#[$doc])*
        pub struct $name;

        impl utoipa::IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                [$(($status, $description)),+]
                    .into_iter()
                    .map(|(status, description)| (status.to_owned(), problem(description)))
                    .collect()
            }
        }
    )*};
}

problems! {
    /// A route of the OF's staff (403 for anyone else).
    OfStaffOnly { "403" => "Not OF staff" }
    /// A route of funder agents.
    FunderAgentOnly { "403" => "Not a funder agent" }
    /// A route of the platform administrator.
    AdminOnly { "403" => "Not an administrator" }
    /// A list of the reader's dossiers, which an administrator does not have.
    DossierReaders { "403" => "Administrators have no dossiers" }
    /// A step taken only while the month is `awaiting_certification`.
    AwaitingCertification { "409" => "Not awaiting certification" }
    /// A read limited per user or per address.
    RateLimited { "429" => "Too many requests" }
    /// Any upload: every kind draws on one budget per user.
    UploadBudget {
        "429" => "Too many uploads (30 a minute, 300 an hour per user, every kind together; `Retry-After`)",
    }
    /// A signed scan, attendance sheet or document: PDF, PNG or JPEG of 10 MB at most.
    DocumentUpload {
        "413" => "Over 10 MB",
        "415" => "Not a PDF, PNG or JPEG",
    }
    /// A logo or a stamp: PNG or JPEG of 2 MB, 4000 px and 48 MB decoded at most.
    ImageUpload {
        "413" => "Over 2 MB",
        "415" => "Not a PNG or JPEG",
        "422" => "Empty, unreadable, over 4000 px or over 48 MB once decoded",
    }
}
