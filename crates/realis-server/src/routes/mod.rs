//! One file per resource; one thin handler per action.

pub mod accounts;
pub mod admin;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod batch;
pub mod bulk;
pub mod certification;
pub mod certification_batches;
pub mod conversations;
pub mod dashboard;
pub mod documents;
pub mod dossiers;
pub mod followup;
pub mod funder;
pub mod health;
pub mod me;
pub mod organisation;
pub mod organisation_control;
pub mod responses;
pub mod trainings;
pub mod users;
pub mod webhooks;

use actix_web::web;
use utoipa_actix_web::service_config::ServiceConfig;

/// The one list of endpoints: registers every handler and, through utoipa-actix-web, its
/// `#[utoipa::path]` in the OpenAPI document ([`crate::openapi::document`]). A handler's method
/// and path are those of its actix-web route macro.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz)
        .service(auth::login)
        .service(auth::refresh)
        .service(auth::logout)
        .service(auth::forgot_password)
        .service(auth::reset_password)
        .service(me::get_me)
        .service(me::update_me)
        .service(me::change_password)
        .service(dashboard::get_dashboard)
        .service(organisation::get_organisation)
        .service(organisation::update_organisation)
        .service(organisation::put_logo)
        .service(organisation::put_stamp)
        .service(organisation::delete_logo)
        .service(organisation::delete_stamp)
        .service(organisation::get_logo)
        .service(organisation::get_stamp)
        .service(organisation::put_document)
        .service(organisation::get_consent_letter_model)
        .service(organisation::get_document)
        .service(users::list_users)
        .service(users::invite_user)
        .service(users::update_user)
        .service(trainings::list_trainings)
        .service(trainings::create_training)
        .service(trainings::update_training)
        .service(funder::create_organisation)
        .service(funder::list_organisations)
        .service(funder::funder_get_organisation)
        .service(funder::funder_get_document)
        .service(funder::funder_get_logo)
        .service(funder::funder_get_stamp)
        .service(funder::review_document)
        .service(funder::review_certifier)
        .service(organisation_control::correct_organisation)
        .service(organisation_control::deactivate_organisation)
        .service(organisation_control::reactivate_organisation)
        .service(trainings::funder_list_trainings)
        .service(accounts::list_funder_users)
        .service(accounts::update_funder_user)
        .service(dossiers::list_dossiers)
        .service(dossiers::get_dossier)
        .service(dossiers::set_external_ref)
        .service(dossiers::list_months)
        .service(dossiers::get_month)
        .service(dossiers::update_month_hours)
        .service(dossiers::get_planned)
        .service(dossiers::get_month_template)
        .service(dossiers::import_month_template)
        .service(dossiers::prepare_month)
        .service(dossiers::get_certificate_pdf)
        .service(certification::put_signed_certificate)
        .service(certification::delete_signed_certificate)
        .service(certification::add_attendance_sheet)
        .service(certification::get_month_file)
        .service(certification::delete_month_file)
        .service(certification::certify)
        .service(certification::send_code)
        .service(certification::verify_code)
        .service(certification::get_evidence)
        .service(certification::verify_certificate)
        .service(audit::get_audit_head)
        .service(audit::get_audit_record)
        .service(certification::unlock_online)
        .service(conversations::list_conversations)
        .service(conversations::start_conversation)
        .service(conversations::get_conversation)
        .service(conversations::post_message)
        .service(conversations::add_attachment)
        .service(conversations::get_attachment)
        .service(conversations::mark_read)
        .service(documents::list_dossier_documents)
        .service(documents::get_dossier_document)
        .service(documents::list_documents)
        .service(documents::attach_dossier_document)
        .service(documents::delete_dossier_document)
        .service(documents::list_published_documents)
        .service(documents::get_published_document)
        .service(documents::publish_document)
        .service(documents::delete_published_document)
        .service(documents::certificates_zip)
        .service(bulk::print_drafts)
        .service(bulk::remind_late_organisations)
        .service(followup::decide)
        .service(followup::list_payments)
        .service(followup::payments_page)
        .service(followup::record_payment)
        .service(followup::reopen)
        .service(followup::close)
        .service(followup::pending_transmissions)
        .service(followup::transmit)
        .service(followup::transmissions_csv)
        .service(followup::get_settings)
        .service(followup::put_settings)
        .service(dossiers::create_dossier)
        .service(admin::create_funder)
        .service(admin::list_funders)
        .service(accounts::list_admin_users)
        .service(accounts::update_admin_user)
        .service(batch::save_hours_batch)
        .service(batch::prepare_months_batch)
        .service(batch::list_months_across)
        .service(webhooks::list_events)
        .service(webhooks::list_webhooks)
        .service(webhooks::create_webhook)
        .service(webhooks::update_webhook)
        .service(webhooks::delete_webhook)
        .service(webhooks::list_deliveries)
        .service(webhooks::retry_delivery)
        .service(webhooks::ping_webhook)
        .service(api_keys::list_api_keys)
        .service(api_keys::create_api_key)
        .service(api_keys::delete_api_key)
        .service(certification_batches::create_batch)
        .service(certification_batches::get_batch)
        .service(certification_batches::send_batch_code)
        .service(certification_batches::verify_batch_code)
        .service(certification_batches::certify_batch);
}

/// [`configure`] for a plain actix-web `App` (the server; the document is built apart).
pub fn register(cfg: &mut web::ServiceConfig) {
    configure(&mut ServiceConfig::new(cfg));
}
