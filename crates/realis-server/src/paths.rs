//! Path extractors: the parameters of each route's path, read and checked once, typed with the
//! domain's ids and values. Each is also the route's `params(...)` in the OpenAPI document.
//!
//! A parameter that does not parse names nothing, so it answers 404 `not_found`: an id through
//! the `web::PathConfig` of [`crate::startup`] («No such resource.»), a period or a document
//! kind with a detail saying how it is written.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use realis_api_types::ErrorCode;
use realis_domain::Period;
use realis_domain::ids::{DossierId, FileId, OrganisationId, TrainingId, UserId};
use realis_domain::organisation::DocumentKind;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;

/// `…/dossiers/{dossier_id}`.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct DossierPath {
    /// Dossier id
    #[param(value_type = i64)]
    pub dossier_id: DossierId,
}

/// `…/dossiers/{dossier_id}/months/{period}`: one month of a dossier.
#[derive(Debug, Clone, Copy, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct MonthPath {
    /// Dossier id
    #[param(value_type = i64)]
    pub dossier_id: DossierId,
    /// YYYY-MM
    #[param(value_type = String)]
    pub period: Period,
}

/// `…/months/{period}/files/{file_id}`: a file attached to a month.
#[derive(Debug, Clone, Copy, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct MonthFilePath {
    /// Dossier id
    #[param(value_type = i64)]
    pub dossier_id: DossierId,
    /// YYYY-MM
    #[param(value_type = String)]
    pub period: Period,
    /// Id from `files` of the month
    #[param(value_type = i64)]
    pub file_id: FileId,
}

/// `/organisation/documents/{kind}`: a document of the signed-in OF.
#[derive(Debug, Clone, Copy, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct DocumentPath {
    /// kbis | consent_letter
    #[param(value_type = String)]
    pub kind: DocumentKind,
}

/// `/funder/organisations/{organisation_id}`.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct OrganisationPath {
    /// Organisation id
    #[param(value_type = i64)]
    pub organisation_id: OrganisationId,
}

/// `/funder/organisations/{organisation_id}/documents/{kind}`.
#[derive(Debug, Clone, Copy, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct OrganisationDocumentPath {
    /// Organisation id
    #[param(value_type = i64)]
    pub organisation_id: OrganisationId,
    /// kbis | consent_letter
    #[param(value_type = String)]
    pub kind: DocumentKind,
}

/// `/funder/organisations/{organisation_id}/certifiers/{user_id}`: a certifier designation.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CertifierPath {
    /// Organisation id
    #[param(value_type = i64)]
    pub organisation_id: OrganisationId,
    /// Designated user id
    #[param(value_type = i64)]
    pub user_id: UserId,
}

/// `…/users/{user_id}`: an account.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct UserPath {
    /// User id
    #[param(value_type = i64)]
    pub user_id: UserId,
}

/// `/organisation/trainings/{training_id}`: a training of the OF's catalogue.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TrainingPath {
    /// Training id
    #[param(value_type = i64)]
    pub training_id: TrainingId,
}

/// `/audit/records/{record_id}`.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct AuditRecordPath {
    /// Id of the record (`id` of a head or of an evidence item)
    pub record_id: i64,
}

/// `/verify/{verification_code}`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct VerificationPath {
    /// The code printed in the certificate's footer, e.g. `7K2P-9XQ4-M3RT`
    pub verification_code: String,
}

/// `/conversations/{conversation_id}`: a thread of «Mes échanges».
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ConversationPath {
    /// Thread id
    pub conversation_id: i64,
}

/// `/conversations/{conversation_id}/messages/{message_id}`: a message of a thread.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ConversationMessagePath {
    /// Thread id
    pub conversation_id: i64,
    /// Message id (`messages[].id` of the thread)
    pub message_id: i64,
}

/// `…/messages/{message_id}/attachments/{attachment_id}`: a file attached to a message.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ConversationAttachmentPath {
    /// Thread id
    pub conversation_id: i64,
    /// Message id
    pub message_id: i64,
    /// Attachment id (`attachments[].id` of the message)
    pub attachment_id: i64,
}

/// `/dossiers/{dossier_id}/documents/{document_id}`: a document the funder attached to a dossier.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct DossierDocumentPath {
    /// Dossier id
    #[param(value_type = i64)]
    pub dossier_id: DossierId,
    /// Document id (the `5` of a listed `document-5`)
    pub document_id: i64,
}

/// `/documents/published/{document_id}`: a document a funder published to its OFs.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PublishedDocumentPath {
    /// Document id (`items[].id` of `GET /api/v1/documents/published`)
    pub document_id: i64,
}

/// The month a path names; a period that does not parse names none.
fn period(s: &str) -> Result<Period, ApiError> {
    Period::parse(s).map_err(|_| {
        ApiError::new(
            ErrorCode::NotFound,
            "No such month (periods are written YYYY-MM).",
        )
    })
}

fn document_kind(kind: &str) -> Result<DocumentKind, ApiError> {
    DocumentKind::parse(kind).ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotFound,
            "Unknown document kind (kbis or consent_letter).",
        )
    })
}

/// The parameters as the path spells them, before [`period`] and [`document_kind`] read them.
#[derive(Deserialize)]
struct RawMonth {
    dossier_id: DossierId,
    period: String,
}

#[derive(Deserialize)]
struct RawMonthFile {
    dossier_id: DossierId,
    period: String,
    file_id: FileId,
}

#[derive(Deserialize)]
struct RawDocument {
    kind: String,
}

#[derive(Deserialize)]
struct RawOrganisationDocument {
    organisation_id: OrganisationId,
    kind: String,
}

/// `/webhooks/{webhook_id}`: one of the caller's webhook subscriptions.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct WebhookPath {
    /// Subscription id
    pub webhook_id: i64,
}

/// `/webhooks/{webhook_id}/deliveries/{delivery_id}`: a delivery of a subscription.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct WebhookDeliveryPath {
    /// Subscription id
    pub webhook_id: i64,
    /// Delivery id (`id` in the list of deliveries)
    pub delivery_id: i64,
}

/// `/api-keys/{api_key_id}`: one of the caller's API keys.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ApiKeyPath {
    /// API key id (`id` in the list of keys)
    pub api_key_id: i64,
}

/// `/certifications/batches/{batch_id}`: one of the organisation's certification batches.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CertificationBatchPath {
    /// Batch id (`id` of the batch made by `POST /api/v1/certifications/batches`)
    pub batch_id: i64,
}

/// `impl FromRequest for $path`: `web::Path<$raw>` reads the match (its errors through
/// `web::PathConfig`), then `$check` turns it into the typed path.
macro_rules! from_path {
    ($($path:ident from $raw:ident => $check:expr;)*) => {$(
        impl FromRequest for $path {
            type Error = actix_web::Error;
            type Future = Ready<Result<Self, Self::Error>>;

            fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
                let check: fn($raw) -> Result<$path, ApiError> = $check;
                ready(
                    web::Path::<$raw>::from_request(req, &mut Payload::None)
                        .into_inner()
                        .and_then(|raw| check(raw.into_inner()).map_err(Into::into)),
                )
            }
        }
    )*};
}

from_path! {
    DossierPath from DossierPath => Ok;
    MonthPath from RawMonth => |raw| Ok(MonthPath {
        dossier_id: raw.dossier_id,
        period: period(&raw.period)?,
    });
    MonthFilePath from RawMonthFile => |raw| Ok(MonthFilePath {
        dossier_id: raw.dossier_id,
        period: period(&raw.period)?,
        file_id: raw.file_id,
    });
    DocumentPath from RawDocument => |raw| Ok(DocumentPath { kind: document_kind(&raw.kind)? });
    OrganisationPath from OrganisationPath => Ok;
    OrganisationDocumentPath from RawOrganisationDocument => |raw| Ok(OrganisationDocumentPath {
        organisation_id: raw.organisation_id,
        kind: document_kind(&raw.kind)?,
    });
    CertifierPath from CertifierPath => Ok;
    UserPath from UserPath => Ok;
    TrainingPath from TrainingPath => Ok;
    AuditRecordPath from AuditRecordPath => Ok;
    VerificationPath from VerificationPath => Ok;
    ConversationPath from ConversationPath => Ok;
    ConversationMessagePath from ConversationMessagePath => Ok;
    ConversationAttachmentPath from ConversationAttachmentPath => Ok;
    DossierDocumentPath from DossierDocumentPath => Ok;
    PublishedDocumentPath from PublishedDocumentPath => Ok;
    WebhookPath from WebhookPath => Ok;
    WebhookDeliveryPath from WebhookDeliveryPath => Ok;
    ApiKeyPath from ApiKeyPath => Ok;
    CertificationBatchPath from CertificationBatchPath => Ok;
}
