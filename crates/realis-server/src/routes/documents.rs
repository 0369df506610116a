//! «Documents» (issue #11, part 3): a dossier's documents, the documents across the reader's
//! dossiers, the funder's documents (attached to a dossier or published to its OFs), and a
//! period's certificates as one ZIP.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use realis_api_types::{
    DocumentItem, DocumentPage, DossierDocumentKind, DossierDocuments, FieldCode,
    PublishedDocument, PublishedDocumentPage,
};
use realis_app::documents::DocumentQuery;
use realis_app::{App, AppError};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;
use crate::extract::{Authenticated, Query, attachment, meta, read_body};
use crate::paths::{DossierDocumentPath, DossierPath, PublishedDocumentPath};
use crate::routes::followup::{PageQuery, optional_period};
use crate::routes::responses::{
    BinaryFile, DocumentUpload, DossierReaders, FunderAgentOnly, RateLimited, UploadBudget,
};

/// `GET /documents` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentListQuery {
    /// Only this dossier's documents.
    pub dossier_id: Option<i64>,
    /// An agent's filter: only this organisation's dossiers (an OF sees only its own anyway).
    pub organisation_id: Option<i64>,
    /// `YYYY-MM`: only that month's certificates and the files they rest on.
    pub period: Option<String>,
    /// `certificate`, `signed_certificate`, `attendance_sheet`, `convention`,
    /// `funding_agreement` or `other`.
    pub kind: Option<String>,
    /// From 1 (0 reads as 1, beyond the last page the page is empty).
    #[serde(default, deserialize_with = "crate::extract::saturating")]
    pub page: Option<u64>,
    /// Documents per page, default 20; 0 reads as 1 and more than 100 as 100.
    #[serde(default, deserialize_with = "crate::extract::saturating")]
    pub per_page: Option<u64>,
}

/// `?kind=&title=` of a document the agent attaches to a dossier.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AttachDocumentQuery {
    /// `convention` («Convention de formation»), `funding_agreement` («Accord de prise en
    /// charge») or `other`.
    pub kind: Option<String>,
    /// The title shown to the parties, 1 to 120 characters, one line.
    pub title: Option<String>,
}

/// `?title=` of a document the agent publishes.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublishDocumentQuery {
    /// The title shown to the OFs, 1 to 120 characters, one line.
    pub title: Option<String>,
}

/// `GET /certificates.zip` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CertificatesZipQuery {
    /// `YYYY-MM` (required).
    pub period: Option<String>,
    /// An agent's filter: only this organisation's dossiers (an OF's own dossiers are the only
    /// ones it sees anyway).
    pub organisation_id: Option<i64>,
}

fn kind_filter(kind: Option<&str>) -> Result<Option<DossierDocumentKind>, AppError> {
    match kind.map(str::trim).filter(|k| !k.is_empty()) {
        None => Ok(None),
        Some(k) => DossierDocumentKind::parse(k).map(Some).ok_or_else(|| {
            AppError::field("kind", FieldCode::InvalidKind, "Type de document inconnu.")
        }),
    }
}

/// The dossier's «Documents» tab, for every party of the dossier: its final certificates
/// (current and superseded), the signed scans and attendance sheets they rest on, and the
/// documents the funder attached; newest first. Each party sees the same list, as the month's
/// page shows each the certificate and its files; files of a month not certified yet are on the
/// month's page only.
#[utoipa::path(tag = "documents", security(("bearer" = [])),
    params(DossierPath),
    responses(
        (status = 200, description = "The dossier's documents", body = DossierDocuments),
    ))]
#[get("/api/v1/dossiers/{dossier_id}/documents")]
pub async fn list_dossier_documents(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: DossierPath,
) -> Result<web::Json<DossierDocuments>, ApiError> {
    Ok(web::Json(
        app.dossier_documents(&actor, path.dossier_id.0).await?,
    ))
}

/// Downloads a document the funder attached to the dossier (every party of the dossier).
#[utoipa::path(tag = "documents", security(("bearer" = [])),
    params(DossierDocumentPath),
    responses(
        (status = 200, description = "The file: PDF, PNG or JPEG, as uploaded", content((BinaryFile = "application/pdf"), (BinaryFile = "image/png"), (BinaryFile = "image/jpeg"))),
        (status = 404, description = "No such document for the reader"),
    ))]
#[get("/api/v1/dossiers/{dossier_id}/documents/{document_id}")]
pub async fn get_dossier_document(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: DossierDocumentPath,
) -> Result<HttpResponse, ApiError> {
    Ok(attachment(
        app.download_dossier_document(&actor, path.dossier_id.0, path.document_id)
            .await?,
    ))
}

/// The «Documents» menu: the documents of every dossier the reader sees, newest first, paged,
/// filtered by dossier, organisation, month and kind.
#[utoipa::path(tag = "documents", security(("bearer" = [])),
    params(DocumentListQuery),
    responses(
        (status = 200, description = "A page of documents", body = DocumentPage),
        DossierReaders,
        (status = 422, description = "A period not written YYYY-MM, or an unknown kind"),
    ))]
#[get("/api/v1/documents")]
pub async fn list_documents(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    q: Query<DocumentListQuery>,
) -> Result<web::Json<DocumentPage>, ApiError> {
    let query = DocumentQuery {
        dossier_id: q.dossier_id,
        organisation_id: q.organisation_id,
        period: optional_period("period", &q.period)?,
        kind: kind_filter(q.kind.as_deref())?,
        page: q.page,
        per_page: q.per_page,
    };
    Ok(web::Json(app.documents_page(&actor, &query).await?))
}

/// Attaches a document to a dossier of the agent's funder (PDF, PNG or JPEG ≤ 10 MB, recognised
/// from its bytes and cleaned like every document); every party of the dossier then lists and
/// downloads it. Audited; a `document.added` event.
#[utoipa::path(tag = "documents", security(("bearer" = [])),
    params(DossierPath, AttachDocumentQuery),
    request_body(content((BinaryFile = "application/pdf"), (BinaryFile = "image/png"), (BinaryFile = "image/jpeg"), (BinaryFile = "application/octet-stream")), description = "PDF, PNG or JPEG bytes; the type is read from the bytes, so any of these content types (or `application/octet-stream`) may be declared"),
    responses(
        (status = 201, description = "Attached", body = DocumentItem),
        FunderAgentOnly,
        DocumentUpload,
        (status = 422, description = "Missing or unknown kind, missing or too long title, empty or unreadable file"),
        UploadBudget,
    ))]
#[post("/api/v1/funder/dossiers/{dossier_id}/documents")]
pub async fn attach_dossier_document(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: DossierPath,
    q: Query<AttachDocumentQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let permit = app
        .authorise_dossier_document(
            &actor,
            path.dossier_id.0,
            q.kind.as_deref(),
            q.title.as_deref(),
        )
        .await?;
    let body = read_body(&req, payload, permit.max_bytes()).await?;
    Ok(HttpResponse::Created().json(
        app.attach_dossier_document(permit, body, &meta(&req))
            .await?,
    ))
}

/// Deletes a document the funder attached to the dossier (its hash stays in the audit log).
#[utoipa::path(tag = "documents", security(("bearer" = [])),
    params(DossierDocumentPath),
    responses(
        (status = 204, description = "Deleted"),
        FunderAgentOnly,
        (status = 404, description = "No such document of the agent's funder"),
    ))]
#[delete("/api/v1/funder/dossiers/{dossier_id}/documents/{document_id}")]
pub async fn delete_dossier_document(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: DossierDocumentPath,
) -> Result<HttpResponse, ApiError> {
    app.delete_dossier_document(&actor, path.dossier_id.0, path.document_id, &meta(&req))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The documents the reader's Transitions Pro published to all its OFs (guides, models), newest
/// first: for OF users and agents.
#[utoipa::path(tag = "documents", security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of published documents", body = PublishedDocumentPage),
        (status = 403, description = "Neither OF staff nor a funder agent"),
    ))]
#[get("/api/v1/documents/published")]
pub async fn list_published_documents(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    q: Query<PageQuery>,
) -> Result<web::Json<PublishedDocumentPage>, ApiError> {
    Ok(web::Json(
        app.published_documents(&actor, q.page, q.per_page).await?,
    ))
}

/// Downloads a document the reader's Transitions Pro published.
#[utoipa::path(tag = "documents", security(("bearer" = [])),
    params(PublishedDocumentPath),
    responses(
        (status = 200, description = "The file: PDF, PNG or JPEG, as uploaded", content((BinaryFile = "application/pdf"), (BinaryFile = "image/png"), (BinaryFile = "image/jpeg"))),
        (status = 403, description = "Neither OF staff nor a funder agent"),
        (status = 404, description = "No such document of the reader's funder"),
    ))]
#[get("/api/v1/documents/published/{document_id}")]
pub async fn get_published_document(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: PublishedDocumentPath,
) -> Result<HttpResponse, ApiError> {
    Ok(attachment(
        app.download_published_document(&actor, path.document_id)
            .await?,
    ))
}

/// Publishes a document to every OF of the agent's funder (PDF, PNG or JPEG ≤ 10 MB, cleaned
/// like every document). Audited; a `document.published` event.
#[utoipa::path(tag = "documents", security(("bearer" = [])),
    params(PublishDocumentQuery),
    request_body(content((BinaryFile = "application/pdf"), (BinaryFile = "image/png"), (BinaryFile = "image/jpeg"), (BinaryFile = "application/octet-stream")), description = "PDF, PNG or JPEG bytes; the type is read from the bytes, so any of these content types (or `application/octet-stream`) may be declared"),
    responses(
        (status = 201, description = "Published", body = PublishedDocument),
        FunderAgentOnly,
        DocumentUpload,
        (status = 422, description = "Missing or too long title, empty or unreadable file"),
        UploadBudget,
    ))]
#[post("/api/v1/funder/documents")]
pub async fn publish_document(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    q: Query<PublishDocumentQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let permit = app
        .authorise_published_document(&actor, q.title.as_deref())
        .await?;
    let body = read_body(&req, payload, permit.max_bytes()).await?;
    Ok(HttpResponse::Created().json(app.publish_document(permit, body, &meta(&req)).await?))
}

/// Withdraws a published document (its hash stays in the audit log).
#[utoipa::path(tag = "documents", security(("bearer" = [])),
    params(PublishedDocumentPath),
    responses(
        (status = 204, description = "Deleted"),
        FunderAgentOnly,
        (status = 404, description = "No such document of the agent's funder"),
    ))]
#[delete("/api/v1/funder/documents/{document_id}")]
pub async fn delete_published_document(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: PublishedDocumentPath,
) -> Result<HttpResponse, ApiError> {
    app.delete_published_document(&actor, path.document_id, &meta(&req))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// «Télécharger les certificats»: the current (not superseded) final certificates of a month
/// as one ZIP, one `{dossier number}_{YYYY-MM}.pdf` per dossier (e.g.
/// `2026-IDF-000101_2026-10.pdf`), for the OF (its dossiers) and the agent (its funder's, or
/// one organisation's with `organisation_id`). Streamed as it is written, at most 1,000
/// certificates (422 `too_many_certificates` beyond: narrow by organisation); a period with
/// none answers 404 (no empty archive). 10 a minute per user.
#[utoipa::path(tag = "documents", security(("bearer" = [])),
    params(CertificatesZipQuery),
    responses(
        (status = 200, description = "The ZIP", body = BinaryFile, content_type = "application/zip"),
        (status = 403, description = "Neither OF staff nor a funder agent"),
        (status = 404, description = "No current certificate of that period for the reader"),
        (status = 422, description = "Missing period, not written YYYY-MM, or more than 1,000 certificates"),
        RateLimited,
    ))]
#[get("/api/v1/certificates.zip")]
pub async fn certificates_zip(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    q: Query<CertificatesZipQuery>,
) -> Result<HttpResponse, ApiError> {
    let period = optional_period("period", &q.period)?;
    let zip = app
        .certificates_zip(&actor, period, q.organisation_id)
        .await?;
    let chunks = futures_util::stream::unfold(zip.chunks, |mut rx| async move {
        rx.recv()
            .await
            .map(|chunk| (chunk.map(web::Bytes::from), rx))
    });
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", zip.file_name),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .streaming(chunks))
}
