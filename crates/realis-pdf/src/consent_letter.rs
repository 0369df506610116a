//! The consent-letter model («lettre de consentement»), pre-filled for the OF to sign: it lets
//! the certifier use the 100 % online certification.

use genpdf::elements::{Break, Paragraph};
use genpdf::style::Style;
use genpdf::{Alignment, Element};

use realis_domain::fr;

use crate::{PdfError, document, printable};

/// What the letter is filled with (already formatted, in French).
#[derive(Debug, Clone, Default)]
pub struct ConsentLetterModel {
    pub organisation_name: String,
    pub siret: String,
    pub address_lines: Vec<String>,
    pub nda: Option<String>,
    /// Empty when not yet filled in «Votre identité»: a blank line is left to complete by hand.
    pub legal_representative: String,
    /// Display names of the users flagged certifier.
    pub certifiers: Vec<String>,
    pub funder_name: String,
    pub city: String,
}

fn or_blank(s: &str) -> String {
    if s.trim().is_empty() {
        "…………………………………………".to_owned()
    } else {
        printable(s)
    }
}

/// Renders the model.
pub fn consent_letter(m: &ConsentLetterModel) -> Result<Vec<u8>, PdfError> {
    const TITLE: &str = "Lettre de consentement — certification dématérialisée";
    let mut doc = document(TITLE)?;
    let bold = Style::new().bold();
    doc.push(Paragraph::new(printable(&m.organisation_name)).styled(bold));
    for line in &m.address_lines {
        doc.push(Paragraph::new(printable(line)));
    }
    doc.push(Paragraph::new(format!(
        "SIRET : {}",
        printable(&fr::siret(&m.siret))
    )));
    if let Some(nda) = &m.nda {
        doc.push(Paragraph::new(format!(
            "Numéro de déclaration d'activité : {}",
            printable(nda)
        )));
    }
    doc.push(Break::new(2));
    doc.push(
        Paragraph::new(format!(
            "À l'attention {}",
            printable(&fr::de(&m.funder_name))
        ))
        .aligned(Alignment::Right),
    );
    doc.push(Break::new(2));
    doc.push(
        Paragraph::new("LETTRE DE CONSENTEMENT")
            .aligned(Alignment::Center)
            .styled(Style::new().bold().with_font_size(15)),
    );
    doc.push(
        Paragraph::new("Certification 100 % dématérialisée des certificats de réalisation")
            .aligned(Alignment::Center)
            .styled(Style::new().italic()),
    );
    doc.push(Break::new(2));
    doc.push(Paragraph::new(format!(
        "Je soussigné(e) {}, représentant légal {} (SIRET {}), autorise la ou les personnes désignées ci-dessous à certifier, au nom de l'organisme, les heures réalisées par les bénéficiaires dont la formation est financée par {}, selon le processus 100 % dématérialisé du service Réalis.",
        or_blank(&m.legal_representative),
        printable(&fr::de(&m.organisation_name)),
        printable(&fr::siret(&m.siret)),
        printable(&m.funder_name)
    )));
    doc.push(Break::new(1));
    doc.push(Paragraph::new("Personne(s) habilitée(s) à certifier :"));
    let mut names: Vec<String> = m
        .certifiers
        .iter()
        .map(|n| format!("• {}", printable(n)))
        .collect();
    while names.len() < 2 {
        names.push("• …………………………………………………………".to_owned());
    }
    for n in names {
        doc.push(Paragraph::new(n).padded(genpdf::Margins::trbl(0, 0, 0, 6)));
    }
    doc.push(Break::new(1));
    doc.push(Paragraph::new(
        "Chaque certification est confirmée par un code à usage unique envoyé par e-mail à la personne habilitée. Je reconnais que cette confirmation vaut signature électronique des certificats de réalisation (article 1367 du Code civil) et engage l'organisme comme une signature manuscrite.",
    ));
    doc.push(Break::new(1));
    doc.push(Paragraph::new(
        "Je m'engage à informer sans délai la Transitions Pro de tout changement de représentant légal ou de personne habilitée, et à conserver l'ensemble des pièces justificatives pendant 3 ans à compter de la fin de l'année du dernier paiement.",
    ));
    doc.push(Break::new(2));
    doc.push(Paragraph::new(format!(
        "Fait à {}, le ……………………",
        or_blank(&m.city)
    )));
    doc.push(Break::new(2));
    doc.push(
        Paragraph::new("Signature du représentant légal et cachet de l'organisme").styled(bold),
    );
    doc.push(Break::new(6));
    doc.push(
        Paragraph::new(
            "Document à signer, puis à déposer dans « Votre identité » > Lettre de consentement.",
        )
        .styled(Style::new().italic().with_font_size(8)),
    );
    crate::render_titled(doc, TITLE)
}
