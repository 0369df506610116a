//! «Documents» (issue #11, part 3): a dossier's documents, the documents across the reader's
//! dossiers, and the documents a funder publishes to all its organismes de formation. Uploads
//! and deletions by the agent are in [`funder`], a period's certificates as one ZIP in [`archive`].
//!
//! Who sees what: every party of a dossier (its OF's users, its beneficiary, its employer, the
//! funder's agents) sees the same list, since the month's page already shows each of them the
//! certificate and the files it rests on; files of an attempt not certified yet stay on the
//! month's page. Published documents are for the funder's OF users and agents only.

pub mod archive;
pub mod funder;

use realis_api_types::{
    DocumentItem, DocumentPage, DossierDocuments, PublishedDocument, PublishedDocumentPage,
};
use realis_domain::document::{
    DocumentSource, DossierDocument, DossierDocumentKind, FunderDocument, file_stem,
};
use realis_domain::{Period, Role};
use realis_store::documents::{self as store, DocumentFilter};
use realis_store::{files, portfolio};

use crate::dossiers::scope::scope_of;
use crate::shared::{Download, paging};
use crate::uploads::Sniffed;
use crate::{Actor, App, AppError};

/// `GET /documents?dossier_id=&period=&kind=&page=&per_page=`.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocumentQuery {
    pub dossier_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub period: Option<Period>,
    pub kind: Option<DossierDocumentKind>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// A document as the API lists it, with where to download it.
pub(crate) fn item_of(d: DossierDocument) -> DocumentItem {
    let dossier = d.dossier_id;
    let month = |p: Period, rest: &str| format!("/api/v1/dossiers/{dossier}/months/{p}{rest}");
    let (id, href) = match (d.source, d.period) {
        (DocumentSource::Certificate(id), Some(p)) => (
            format!("certificate-{id}"),
            (d.superseded != Some(true)).then(|| month(p, "/certificate.pdf")),
        ),
        (DocumentSource::Certificate(id), None) => (format!("certificate-{id}"), None),
        (DocumentSource::MonthFile(id), p) => (
            format!("file-{id}"),
            p.map(|p| month(p, &format!("/files/{id}"))),
        ),
        (DocumentSource::Funder(id), _) => (
            format!("document-{id}"),
            Some(format!("/api/v1/dossiers/{dossier}/documents/{id}")),
        ),
    };
    DocumentItem {
        id,
        kind: d.kind,
        title: d.title.unwrap_or_else(|| d.kind.label_fr().to_owned()),
        dossier_id: d.dossier_id,
        dossier_number: d.dossier_number,
        period: d.period,
        date: d.at,
        superseded: d.superseded,
        mode: d.mode,
        content_type: d.content_type,
        size_bytes: d.size_bytes,
        href,
    }
}

pub(crate) fn published_of(d: &FunderDocument) -> PublishedDocument {
    PublishedDocument {
        id: d.id,
        title: d.title.clone(),
        content_type: d.content_type.clone(),
        size_bytes: d.size_bytes,
        created_at: d.created_at,
        href: format!("/api/v1/documents/published/{}", d.id),
    }
}

/// A stored document under our own name: the slug of its title and its id.
async fn download_of(app: &App, d: &FunderDocument) -> Result<Download, AppError> {
    let file = files::get(&app.db.conn, d.file_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let ext = Sniffed::from_content_type(&file.content_type)
        .map(Sniffed::extension)
        .unwrap_or("bin");
    Ok(Download {
        content_type: file.content_type,
        file_name: format!("{}-{}.{ext}", file_stem(&d.title), d.id),
        bytes: file.data,
    })
}

impl App {
    /// `GET /dossiers/{id}/documents`: every document of the dossier, newest first.
    pub async fn dossier_documents(
        &self,
        actor: &Actor,
        dossier_id: i64,
    ) -> Result<DossierDocuments, AppError> {
        let d = self.dossier_in_scope(actor, dossier_id).await?;
        let scope = scope_of(actor).ok_or(AppError::NotFound)?;
        let filter = DocumentFilter {
            dossier_id: Some(d.id),
            ..Default::default()
        };
        let (_, rows) = store::list(&self.db.conn, scope, filter, None).await?;
        Ok(DossierDocuments {
            items: rows.into_iter().map(item_of).collect(),
        })
    }

    /// `GET /documents`: a page of the documents of the reader's dossiers (administrators have
    /// none: 403).
    pub async fn documents_page(
        &self,
        actor: &Actor,
        q: &DocumentQuery,
    ) -> Result<DocumentPage, AppError> {
        let scope = scope_of(actor).ok_or(AppError::Forbidden)?;
        let (page, per_page) = paging(q.page, q.per_page);
        let filter = DocumentFilter {
            dossier_id: q.dossier_id,
            organisation_id: q.organisation_id,
            period: q.period,
            kind: q.kind,
        };
        let (total, rows) =
            store::list(&self.db.conn, scope, filter, Some((page, per_page))).await?;
        Ok(DocumentPage {
            items: rows.into_iter().map(item_of).collect(),
            total,
            page,
            per_page,
        })
    }

    /// `GET /dossiers/{id}/documents/{document_id}`: a document the funder attached, for every
    /// party of the dossier.
    pub async fn download_dossier_document(
        &self,
        actor: &Actor,
        dossier_id: i64,
        document_id: i64,
    ) -> Result<Download, AppError> {
        let d = self.dossier_in_scope(actor, dossier_id).await?;
        let doc = store::find_in_dossier(&self.db.conn, d.id, document_id)
            .await?
            .ok_or(AppError::NotFound)?;
        download_of(self, &doc).await
    }

    /// The funder whose published documents the actor reads: an OF user's organisation's, or
    /// the agent's own; 403 for the other roles.
    pub(crate) async fn publishing_funder(&self, actor: &Actor) -> Result<i64, AppError> {
        match actor.role {
            Role::Funder => actor.own_funder(),
            Role::Organisation => {
                let org = actor.own_organisation()?;
                Ok(portfolio::find_organisation(&self.db.conn, org)
                    .await?
                    .ok_or(AppError::NotFound)?
                    .funder_id)
            }
            _ => Err(AppError::Forbidden),
        }
    }

    /// `GET /documents/published`: the documents the reader's funder published, newest first.
    pub async fn published_documents(
        &self,
        actor: &Actor,
        page: Option<u64>,
        per_page: Option<u64>,
    ) -> Result<PublishedDocumentPage, AppError> {
        let funder_id = self.publishing_funder(actor).await?;
        let (page, per_page) = paging(page, per_page);
        let (total, rows) = store::list_published(&self.db.conn, funder_id, page, per_page).await?;
        Ok(PublishedDocumentPage {
            items: rows.iter().map(published_of).collect(),
            total,
            page,
            per_page,
        })
    }

    /// `GET /documents/published/{document_id}`.
    pub async fn download_published_document(
        &self,
        actor: &Actor,
        document_id: i64,
    ) -> Result<Download, AppError> {
        let funder_id = self.publishing_funder(actor).await?;
        let doc = store::find_published(&self.db.conn, funder_id, document_id)
            .await?
            .ok_or(AppError::NotFound)?;
        download_of(self, &doc).await
    }
}
