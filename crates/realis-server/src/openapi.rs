//! The OpenAPI 3.1 document: the base here (info, tags, security schemes, the problem schemas),
//! the paths from the routes where [`crate::routes::configure`] registers them, then the
//! responses every operation of a kind gives.

use realis_api_types as t;
use utoipa::openapi::RefOr;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::routes;

mod access;
mod codes;
mod headers;
use crate::routes::responses::{PROBLEM_JSON, problem, problem_content};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Réalis API",
        description = "Monthly hours and certificats de réalisation for Transitions Pro funded trainings.\n\n\
Errors are `application/problem+json` with a stable `code`. Authenticate with `POST /api/v1/auth/login`, \
then send `Authorization: Bearer <access_token>`. Browsers also receive an HttpOnly refresh cookie: `POST /api/v1/auth/refresh` exchanges it for a new token (rotated at each use), `POST /api/v1/auth/logout` ends it.\n\n\
**Safe retries.** Every `POST`, `PUT`, `PATCH` and `DELETE` takes an optional `Idempotency-Key` header \
(1 to 255 visible ASCII characters, e.g. a UUID; the draft's quoted form `\"…\"` is read too; otherwise 400 `invalid_idempotency_key`). \
With a valid bearer token, the first request with a key runs and its answer (status, body, `Location`, `ETag`, `Content-Disposition`) \
is kept 24 h for the signed-in user: the same request again (same method, path, query and body) gets that answer with \
`Idempotent-Replayed: true` and changes nothing; another request with the key is 422 `idempotency_key_reused`; while the first \
still runs, 409 `idempotency_key_in_progress` with `Retry-After`. A 5xx or 429 answer is not kept (the retry runs), nor an answer \
over 1 MB. Requests without a valid token ignore the key.\n\n\
**ETags.** A month, a dossier and an organisation are read with an `ETag` (`\"<version>-<hash>\"`, a dossier `\"<hash>\"`); \
`If-None-Match` with it answers 304 without a body. The writes that take a `version` (the hours save, «prepare», the organisation's \
identity) take `If-Match` with the `ETag` instead: a stale one is 412 `precondition_failed` (a stale body `version` stays 409), \
one that disagrees with the body's `version` is 412, and the hours save without either is 428 `precondition_required`.",
        license(name = "AGPL-3.0-or-later")
    ),
    components(schemas(t::Problem, t::FieldError, t::ErrorCode)),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Login, session and passwords"),
        (name = "dashboard", description = "Tableau de bord"),
        (name = "organisation", description = "Votre identité, documents, users and trainings of the signed-in OF"),
        (name = "dossiers", description = "Mes dossiers, months and the hours grid"),
        (name = "certification", description = "Certification of a month (upload or online code), evidence, public verification"),
        (name = "validation", description = "Validation by the beneficiary and the employer, payments of a dossier"),
        (name = "conversations", description = "Mes échanges: threads between an OF and its Transitions Pro"),
        (name = "documents", description = "Documents: a dossier's certificates, scans and the funder's documents; documents published to the OFs; a period's certificates as one ZIP"),
        (name = "integrations", description = "For software: the events journal and webhooks (Standard Webhooks 1.0)"),
        (name = "funder", description = "Funder back office"),
        (name = "admin", description = "Platform administration"),
        (name = "health", description = "Liveness"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .bearer_format("JWT")
                        .build(),
                ),
            );
            // The browser session's refresh token, read by `/auth/refresh` only.
            components.add_security_scheme(
                "refresh_cookie",
                SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                    crate::routes::auth::REFRESH_COOKIE,
                    "Set by `POST /api/v1/auth/login` (HttpOnly, SameSite=Strict, Path=/api/v1/auth)",
                ))),
            );
        }
    }
}

/// The answers every operation of a kind can give, added where a route did not list them, so
/// the document says every status the server answers (schemathesis' status-code conformance):
/// 401 on every secured operation, 400/413/415/422 on JSON bodies, 413/415/422 on uploads, 422
/// on a bad query string, 404 on a path whose parameters name nothing. And every error is
/// `application/problem+json`: a route lists an error by its status and description only.
struct StandardResponses;

impl Modify for StandardResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                item.get.as_mut(),
                item.put.as_mut(),
                item.post.as_mut(),
                item.delete.as_mut(),
                item.patch.as_mut(),
            ];
            for op in operations.into_iter().flatten() {
                let mut add: Vec<(&str, &str)> = Vec::new();
                if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    add.push((
                        "401",
                        "Not signed in, or the token is invalid, expired or revoked",
                    ));
                    add.push(("403", "Your role may not do this"));
                }
                if let Some(body) = &op.request_body {
                    if body.content.contains_key("application/json") {
                        add.push(("400", "The body is not valid JSON"));
                        add.push(("415", "The body is not application/json"));
                        add.push(("422", "Invalid fields"));
                        add.push(("413", "The body is too large"));
                    } else {
                        add.push(("413", "The file is too large"));
                        add.push(("415", "Unsupported file type"));
                        add.push(("422", "Empty or unreadable file"));
                    }
                }
                for p in op.parameters.iter_mut().flatten() {
                    // Paging accepts any non-negative integer and clamps it (the page to
                    // 1..=1,000,000, the page size and a cursor page's `limit` to their
                    // maximum), so the schema says just that.
                    if matches!(p.name.as_str(), "page" | "per_page" | "limit")
                        && matches!(p.parameter_in, ParameterIn::Query)
                    {
                        p.schema = Some(
                            utoipa::openapi::ObjectBuilder::new()
                                .schema_type(utoipa::openapi::Type::Integer)
                                .minimum(Some(0))
                                .build()
                                .into(),
                        );
                    }
                    // A period in a path is a month, `YYYY-MM`.
                    if p.name == "period" && matches!(p.parameter_in, ParameterIn::Path) {
                        p.schema = Some(
                            utoipa::openapi::ObjectBuilder::new()
                                .schema_type(utoipa::openapi::Type::String)
                                .pattern(Some(r"^[0-9]{4}-(0[1-9]|1[0-2])$"))
                                .examples(["2026-10"])
                                .build()
                                .into(),
                        );
                    }
                }
                let params = op.parameters.as_deref().unwrap_or_default();
                if params
                    .iter()
                    .any(|p| matches!(p.parameter_in, ParameterIn::Query))
                {
                    add.push(("422", "Invalid query string"));
                }
                if params
                    .iter()
                    .any(|p| matches!(p.parameter_in, ParameterIn::Path))
                {
                    add.push(("404", "Missing or not yours"));
                }
                for (status, description) in add {
                    op.responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| problem(description));
                }
                // An error the route lists by its description alone is a problem too.
                for (status, response) in &mut op.responses.responses {
                    if let RefOr::T(response) = response
                        && response.content.is_empty()
                        && !status.starts_with(['1', '2', '3'])
                    {
                        response
                            .content
                            .insert(PROBLEM_JSON.to_owned(), problem_content());
                    }
                }
            }
        }
    }
}

/// The whole document: [`ApiDoc`], every route [`routes::configure`] registers, the
/// [`StandardResponses`], the error codes of each answer, and the headers of the safe retries,
/// the rate limits and the downloads.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, mut openapi) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    StandardResponses.modify(&mut openapi);
    codes::ErrorCodes.modify(&mut openapi);
    SafeRetries.modify(&mut openapi);
    access::KeyAccess.modify(&mut openapi);
    headers::Downloads.modify(&mut openapi);
    openapi
}

/// `Idempotency-Key` on every write of `/api/v1` (see [`crate::idempotency`]): the request
/// header, the answers the key itself can give, and `Idempotent-Replayed` on every answer a
/// replay can repeat.
struct SafeRetries;

impl Modify for SafeRetries {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use realis_api_types::ErrorCode;
        use utoipa::openapi::header::HeaderBuilder;
        use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
        use utoipa::openapi::{ObjectBuilder, Required, Type};
        let key = ParameterBuilder::new()
            .name("Idempotency-Key")
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some(
                "Makes the request safe to retry: the same request with the same key within 24 h \
gets the first answer again (`Idempotent-Replayed: true`) without a second effect. 1 to 255 \
visible ASCII characters, e.g. a UUID; per signed-in user.",
            ))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .min_length(Some(1))
                    .max_length(Some(realis_api_types::IDEMPOTENCY_KEY_MAX_LEN))
                    .pattern(Some("^[\\x21-\\x7E]+$"))
                    .examples(["0d3c7b0e-8f6a-4f3e-9a51-2b1f3c6d9e7a"]),
            ))
            .build();
        let replayed = HeaderBuilder::new()
            .schema(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["true"])),
            )
            .description(Some(
                "`true` when this is the kept answer of an earlier request with the same \
`Idempotency-Key`; absent otherwise.",
            ))
            .build();
        let in_progress = HeaderBuilder::new()
            .schema(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1)),
            )
            .description(Some(
                "With `idempotency_key_in_progress`: seconds to wait before sending the request again.",
            ))
            .build();
        for (path, item) in openapi.paths.paths.iter_mut() {
            if !path.starts_with("/api/v1/") {
                continue;
            }
            let writes = [
                item.put.as_mut(),
                item.post.as_mut(),
                item.delete.as_mut(),
                item.patch.as_mut(),
            ];
            for op in writes.into_iter().flatten() {
                op.parameters.get_or_insert_with(Vec::new).push(key.clone());
                for (status, description, code) in [
                    (
                        "400",
                        "Invalid `Idempotency-Key`",
                        ErrorCode::InvalidIdempotencyKey,
                    ),
                    (
                        "409",
                        "The first request with this `Idempotency-Key` is still running (`Retry-After`)",
                        ErrorCode::IdempotencyKeyInProgress,
                    ),
                    (
                        "422",
                        "This `Idempotency-Key` was used for another request",
                        ErrorCode::IdempotencyKeyReused,
                    ),
                ] {
                    let response = op
                        .responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| problem(description));
                    if let RefOr::T(response) = response {
                        codes::note(response, &[code]);
                        if status == "409" {
                            response
                                .headers
                                .insert("Retry-After".to_owned(), in_progress.clone());
                        }
                    }
                }
                for (status, response) in &mut op.responses.responses {
                    if let RefOr::T(response) = response
                        && !status.starts_with('5')
                    {
                        response
                            .headers
                            .insert("Idempotent-Replayed".to_owned(), replayed.clone());
                    }
                }
            }
        }
    }
}

/// The document as pretty JSON with a trailing newline (the committed `api-spec/openapi.json`).
pub fn openapi_json() -> String {
    let mut s = document().to_pretty_json().unwrap_or_default();
    s.push('\n');
    s
}
