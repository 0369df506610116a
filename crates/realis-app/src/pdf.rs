//! PDF rendering off the async workers, at most one render per core at a time.

use crate::error::Fault;
use realis_domain::organisation::Organisation;
use realis_pdf::{ConsentLetterModel, consent_letter};
use realis_store::{portfolio, users};

use crate::shared::Download;
use crate::{Actor, App, AppError};

/// The OF's postal address as printed: street, then "postal code city".
pub(crate) fn address_lines(org: &Organisation) -> Vec<String> {
    let town = [org.postal_code.clone(), org.city.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    [org.address.clone(), Some(town).filter(|t| !t.is_empty())]
        .into_iter()
        .flatten()
        .collect()
}

impl App {
    /// Runs a CPU-bound render on the blocking pool, bounded by `pdf_permits`.
    pub async fn render_pdf<F>(&self, render: F) -> Result<Vec<u8>, AppError>
    where
        F: FnOnce() -> Result<Vec<u8>, realis_pdf::PdfError> + Send + 'static,
    {
        let _permit = self
            .pdf_permits
            .acquire()
            .await
            .map_err(|_| Fault::PoolStopped("pdf rendering"))?;
        Ok(tokio::task::spawn_blocking(render)
            .await
            .map_err(Fault::Task)??)
    }

    /// `GET /organisation/documents/consent_letter/model.pdf`: the letter pre-filled with the OF's
    /// name, SIRET, address, legal representative and certifiers, to sign and upload.
    pub async fn consent_letter_model(&self, actor: &Actor) -> Result<Download, AppError> {
        let org_id = actor.own_organisation()?;
        let org = portfolio::find_organisation(&self.db.conn, org_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let funder = portfolio::find_funder(&self.db.conn, org.funder_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let certifiers = users::list_for_organisation(&self.db.conn, org.id)
            .await?
            .into_iter()
            .filter(|u| u.certifier && !u.disabled)
            .map(|u| u.display_name)
            .collect();
        let address_lines = address_lines(&org);
        let model = ConsentLetterModel {
            organisation_name: org.name,
            siret: org.siret,
            address_lines,
            nda: org.nda,
            legal_representative: org.legal_representative.unwrap_or_default(),
            certifiers,
            funder_name: funder.name,
            city: org.city.unwrap_or_default(),
        };
        let bytes = self.render_pdf(move || consent_letter(&model)).await?;
        Ok(Download {
            content_type: "application/pdf".into(),
            file_name: "lettre-de-consentement.pdf".into(),
            bytes,
        })
    }
}
