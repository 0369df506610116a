//! «Imprimer les projets»: the drafts of several months as one PDF to print, sign and stamp in
//! one go. Each month prints as its own draft download does («Ouvrir le PDF»: the certificate,
//! then its «Fiche de présence»), and each starts on the front of a sheet, so a double-sided print
//! keeps a certificate and its attendance sheet together.
//!
//! The months are all resolved before anything is rendered: a month of another OF answers 404
//! for the whole request, as the single download does, and the months that have no draft are
//! named all at once (`months[i]`). Each certificate is rendered under the PDF permits
//! ([`App::render_pdf`]), one after the other, so a large print never holds more than one core.

use std::collections::HashSet;

use realis_api_types::{DRAFTS_MAX, DraftsRequest, FieldError};
use realis_domain::certification::has_draft;
use realis_domain::dossier::Dossier;
use realis_domain::month::Month;
use realis_domain::{FieldCode, Period, fr};

use crate::shared::Download;
use crate::{Actor, App, AppError};

/// Prints of several drafts per user per minute (S9; each renders up to 200 certificates).
pub const DRAFT_PRINTS_PER_MINUTE: i32 = 5;

fn size_error(len: usize) -> Option<AppError> {
    let message = match len {
        0 => "Sélectionnez au moins un mois.",
        n if n > DRAFTS_MAX => "200 mois au plus par impression.",
        _ => return None,
    };
    let code = if len == 0 {
        FieldCode::Required
    } else {
        FieldCode::TooManyItems
    };
    Some(AppError::field("months", code, message))
}

/// Why `months[i]` cannot be printed, if it cannot.
fn refusal(i: usize, d: &Dossier, m: &Month, today: chrono::NaiveDate) -> Option<FieldError> {
    let status = m.status.on_date(m.period, today);
    (!has_draft(status)).then(|| FieldError {
        field: format!("months[{i}]"),
        code: FieldCode::NoDraft,
        message: format!(
            "{} — {}\u{a0}: pas de projet de certificat (statut «\u{a0}{}\u{a0}»). Cochez \
             d'abord «\u{a0}Je certifie la saisie des heures\u{a0}» pour ce mois.",
            d.number,
            m.period.label_fr(),
            status.label_fr()
        ),
    })
}

/// `projets-certificats-2026-10.pdf` when every month is of one period.
fn file_name(periods: &[Period]) -> String {
    match periods.split_first() {
        Some((first, rest)) if rest.iter().all(|p| p == first) => {
            format!("projets-certificats-{first}.pdf")
        }
        _ => "projets-certificats.pdf".to_owned(),
    }
}

impl App {
    /// `POST /certifications/drafts`: the drafts of up to 200 months of the OF's dossiers, in
    /// the order given, as one PDF.
    pub async fn drafts_pdf(
        &self,
        actor: &Actor,
        req: &DraftsRequest,
    ) -> Result<Download, AppError> {
        actor.own_organisation()?;
        if let Some(e) = size_error(req.months.len()) {
            return Err(e);
        }
        let mut months = Vec::with_capacity(req.months.len());
        for r in &req.months {
            months.push(self.load_month(actor, r.dossier_id, r.period).await?);
        }
        let today = self.clock.today();
        let mut seen = HashSet::new();
        let errors: Vec<FieldError> = months
            .iter()
            .enumerate()
            .filter_map(|(i, (d, m))| {
                if seen.insert(m.id) {
                    refusal(i, d, m, today)
                } else {
                    Some(FieldError {
                        field: format!("months[{i}]"),
                        code: FieldCode::DuplicateItem,
                        message: FieldCode::DuplicateItem.message_fr().to_owned(),
                    })
                }
            })
            .collect();
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        self.rate_limit(
            &format!("drafts:{}", actor.user_id),
            DRAFT_PRINTS_PER_MINUTE,
            chrono::Duration::minutes(1),
        )
        .await?;
        let mut parts = Vec::with_capacity(months.len());
        for (d, m) in &months {
            let model = self.certificate_model(d, m, m.period, None).await?;
            parts.push(
                self.render_pdf(move || realis_pdf::certificate(&model))
                    .await?,
            );
        }
        let title = format!(
            "Projets de certificats de réalisation — {}",
            fr::count(parts.len() as u64, "mois", "mois")
        );
        let bytes = self
            .render_pdf(move || realis_pdf::duplex_bundle(&parts, &title))
            .await?;
        let periods: Vec<Period> = months.iter().map(|(_, m)| m.period).collect();
        Ok(Download {
            content_type: "application/pdf".into(),
            file_name: file_name(&periods),
            bytes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_print_of_one_period_is_named_after_it() {
        let oct = Period::new(2026, 10).expect("period");
        let nov = Period::new(2026, 11).expect("period");
        assert_eq!(file_name(&[oct, oct]), "projets-certificats-2026-10.pdf");
        assert_eq!(file_name(&[oct, nov]), "projets-certificats.pdf");
    }

    #[test]
    fn a_print_holds_one_to_two_hundred_months() {
        assert!(size_error(0).is_some());
        assert!(size_error(1).is_none());
        assert!(size_error(DRAFTS_MAX).is_none());
        assert!(size_error(DRAFTS_MAX + 1).is_some());
    }
}
