//! The OpenAPI 3.1 document: every endpoint and schema.

use realis_api_types as t;
use utoipa::Modify;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Réalis API",
        description = "Monthly hours and certificats de réalisation for Transitions Pro funded trainings.\n\n\
Errors are `application/problem+json` with a stable `code`. Authenticate with `POST /api/v1/auth/login`, \
then send `Authorization: Bearer <access_token>`.",
        license(name = "AGPL-3.0-or-later")
    ),
    paths(
        routes::health::healthz,
        routes::auth::login,
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
    ),
    components(schemas(t::Problem, t::FieldError, t::ErrorCode)),
    modifiers(&BearerAuth),
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
        }
    }
}

/// The document as pretty JSON with a trailing newline (the committed `api-spec/openapi.json`).
pub fn openapi_json() -> String {
    let mut s = ApiDoc::openapi().to_pretty_json().unwrap_or_default();
    s.push('\n');
    s
}
