//! «Documents»: a dossier's documents, the documents across the reader's dossiers, the
//! funder's documents (attached to a dossier or published), a period's certificates as a ZIP.

use gloo_net::http::Request;
use realis_api_types::{
    DocumentItem, DocumentPage, DossierDocumentKind, DossierDocuments, PublishedDocument,
    PublishedDocumentPage,
};
use realis_domain::Period;

use super::{exchange, fail, get, read, url};
use crate::errors::UiError;

fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

/// The dossier's «Documents» tab.
pub async fn dossier_documents(id: i64) -> Result<DossierDocuments, UiError> {
    get(&format!("/dossiers/{id}/documents")).await
}

/// The reader's hundred newest dossiers, for the «Dossier» filter.
pub async fn dossier_choices() -> Result<realis_api_types::DossierPage, UiError> {
    get("/dossiers?per_page=100").await
}

/// The funder's organisations for a filter (the first 100, by name).
pub async fn organisation_choices() -> Result<realis_api_types::OrganisationPage, UiError> {
    get("/funder/organisations?per_page=100").await
}

/// A page of the documents of the reader's dossiers, filtered.
pub async fn documents(
    dossier: Option<i64>,
    organisation: Option<i64>,
    period: Option<Period>,
    kind: Option<DossierDocumentKind>,
    page: u64,
) -> Result<DocumentPage, UiError> {
    let mut path = format!("/documents?page={page}&per_page=20");
    if let Some(d) = dossier {
        path.push_str(&format!("&dossier_id={d}"));
    }
    if let Some(o) = organisation {
        path.push_str(&format!("&organisation_id={o}"));
    }
    if let Some(p) = period {
        path.push_str(&format!("&period={p}"));
    }
    if let Some(k) = kind {
        path.push_str(&format!("&kind={}", k.as_str()));
    }
    get(&path).await
}

async fn send_file<T: serde::de::DeserializeOwned>(
    path: &str,
    file: web_sys::File,
) -> Result<T, UiError> {
    let resp = exchange(
        Request::post(&url(path))
            .header("Content-Type", &file.type_())
            .body(file),
    )
    .await?;
    read(resp).await
}

async fn delete(path: &str) -> Result<(), UiError> {
    let resp = exchange(Request::delete(&url(path)).build()).await?;
    if resp.ok() {
        Ok(())
    } else {
        Err(fail(resp).await)
    }
}

/// The agent attaches a file to a dossier with a kind and a title.
pub async fn attach_document(
    dossier: i64,
    kind: DossierDocumentKind,
    title: &str,
    file: web_sys::File,
) -> Result<DocumentItem, UiError> {
    let path = format!(
        "/funder/dossiers/{dossier}/documents?kind={}&title={}",
        kind.as_str(),
        encode(title)
    );
    send_file(&path, file).await
}

/// The agent deletes a document it attached (`id`: the `{document_id}` of its href).
pub async fn delete_dossier_document(dossier: i64, id: &str) -> Result<(), UiError> {
    delete(&format!("/funder/dossiers/{dossier}/documents/{id}")).await
}

/// The documents the reader's Transitions Pro published (the first hundred, newest first).
pub async fn published_documents() -> Result<PublishedDocumentPage, UiError> {
    get("/documents/published?per_page=100").await
}

/// The agent publishes a file to every OF of its funder.
pub async fn publish_document(
    title: &str,
    file: web_sys::File,
) -> Result<PublishedDocument, UiError> {
    send_file(&format!("/funder/documents?title={}", encode(title)), file).await
}

pub async fn delete_published_document(id: i64) -> Result<(), UiError> {
    delete(&format!("/funder/documents/{id}")).await
}

/// The path of a period's current final certificates as one ZIP (for [`super::download`]).
pub fn archive_url(period: Period) -> String {
    format!("/certificates.zip?period={period}")
}
