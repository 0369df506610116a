//! The OpenAPI 3.1 document: every endpoint and schema.

use realis_api_types as t;
use utoipa::Modify;
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Réalis API",
        description = "Monthly hours and certificats de réalisation for Transitions Pro funded trainings.\n\n\
Errors are `application/problem+json` with a stable `code`. Authenticate with `POST /api/v1/auth/login`, \
then send `Authorization: Bearer <access_token>`. Browsers also receive an HttpOnly refresh cookie: `POST /api/v1/auth/refresh` exchanges it for a new token (rotated at each use), `POST /api/v1/auth/logout` ends it.",
        license(name = "AGPL-3.0-or-later")
    ),
    paths(
        routes::health::healthz,
        routes::auth::login,
        routes::auth::refresh,
        routes::auth::logout,
        routes::auth::forgot_password,
        routes::auth::reset_password,
        routes::me::get_me,
        routes::dashboard::get_dashboard,
        routes::organisation::get_organisation,
        routes::organisation::update_organisation,
        routes::organisation::put_logo,
        routes::organisation::put_stamp,
        routes::organisation::delete_logo,
        routes::organisation::delete_stamp,
        routes::organisation::get_logo,
        routes::organisation::get_stamp,
        routes::organisation::put_document,
        routes::organisation::get_document,
        routes::organisation::get_consent_letter_model,
        routes::users::list_users,
        routes::users::invite_user,
        routes::users::update_user,
        routes::funder::create_organisation,
        routes::funder::list_organisations,
        routes::funder::get_organisation,
        routes::funder::get_document,
        routes::funder::get_logo,
        routes::funder::get_stamp,
        routes::funder::review_document,
        routes::funder::review_certifier,
        routes::accounts::list_funder_users,
        routes::accounts::update_funder_user,
        routes::dossiers::list_dossiers,
        routes::dossiers::get_dossier,
        routes::dossiers::list_months,
        routes::dossiers::get_month,
        routes::dossiers::update_month_hours,
        routes::dossiers::get_planned,
        routes::dossiers::get_month_template,
        routes::dossiers::import_month_template,
        routes::dossiers::prepare_month,
        routes::dossiers::get_certificate_pdf,
        routes::certification::put_signed_certificate,
        routes::certification::delete_signed_certificate,
        routes::certification::add_attendance_sheet,
        routes::certification::get_month_file,
        routes::certification::delete_month_file,
        routes::certification::certify,
        routes::certification::send_code,
        routes::certification::verify_code,
        routes::certification::get_evidence,
        routes::certification::verify_certificate,
        routes::audit::get_audit_head,
        routes::audit::get_audit_record,
        routes::certification::unlock_online,
        routes::followup::decide,
        routes::followup::list_payments,
        routes::followup::payments_page,
        routes::followup::record_payment,
        routes::followup::reopen,
        routes::followup::close,
        routes::followup::pending_transmissions,
        routes::followup::transmit,
        routes::followup::transmissions_csv,
        routes::followup::get_settings,
        routes::followup::put_settings,
        routes::dossiers::create_dossier,
        routes::admin::create_funder,
        routes::admin::list_funders,
        routes::accounts::list_admin_users,
        routes::accounts::update_admin_user,
    ),
    components(schemas(t::Problem, t::FieldError, t::ErrorCode)),
    modifiers(&BearerAuth, &StandardResponses),
    tags(
        (name = "auth", description = "Login, session and passwords"),
        (name = "dashboard", description = "Tableau de bord"),
        (name = "organisation", description = "Votre identité, documents and users of the signed-in OF"),
        (name = "dossiers", description = "Mes dossiers, months and the hours grid"),
        (name = "certification", description = "Certification of a month (upload or online code), evidence, public verification"),
        (name = "validation", description = "Validation by the beneficiary and the employer, payments of a dossier"),
        (name = "funder", description = "Funder back office"),
        (name = "admin", description = "Platform administration"),
        (name = "health", description = "Liveness"),
    )
)]
pub struct ApiDoc;

/// Raw file bytes in a request or response body.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct BinaryFile(#[allow(dead_code)] Vec<u8>);

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
/// on a bad query string, 404 on a path whose parameters name nothing.
struct StandardResponses;

fn problem_response(description: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
        .into()
}

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
                    // 1..=1,000,000, the page size to 1..=100), so the schema says just that.
                    if matches!(p.name.as_str(), "page" | "per_page")
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
                        .or_insert_with(|| problem_response(description));
                }
            }
        }
    }
}

/// The document as pretty JSON with a trailing newline (the committed `api-spec/openapi.json`).
pub fn openapi_json() -> String {
    let mut s = ApiDoc::openapi().to_pretty_json().unwrap_or_default();
    s.push('\n');
    s
}
