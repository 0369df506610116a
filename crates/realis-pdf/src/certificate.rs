//! The «certificat de réalisation» (SPEC F7): page 1 the certificate in the ministry's order,
//! page 2 «Fiche de présence»; the verification code and URL at the foot of every page.

use genpdf::elements::{
    Break, FrameCellDecorator, Image, LinearLayout, PageBreak, Paragraph, TableLayout,
};
use genpdf::style::Style;
use genpdf::{Alignment, Element, Margins, Mm, Position, Scale};
use image023::GenericImageView;

use realis_domain::fr;

use crate::{PdfError, font_family, printable};

/// The electronic-signature block of an online certification.
#[derive(Debug, Clone, Default)]
pub struct OnlineSignature {
    pub certifier: String,
    /// «26/11/2026 à 10:42» (Paris time).
    pub signed_at: String,
    /// Masked: «j***@exemple.fr».
    pub code_sent_to: String,
    pub ip: Option<String>,
    pub sha256: String,
}

/// One row of the attendance grid: a label («lundi 05») and already formatted cells.
#[derive(Debug, Clone, Default)]
pub struct GridRow {
    pub label: String,
    pub cells: Vec<String>,
}

/// Everything printed, already formatted in French (dates dd/mm/yyyy, hours «7,50»).
#[derive(Debug, Clone, Default)]
pub struct CertificateModel {
    /// «N° dossier» of the funder, printed under the title.
    pub dossier_number: String,
    pub organisation_name: String,
    pub address_lines: Vec<String>,
    pub phone: Option<String>,
    pub siret: String,
    pub nda: Option<String>,
    /// PNG or JPEG bytes (already re-encoded and downscaled at upload).
    pub logo: Option<Vec<u8>>,
    pub stamp: Option<Vec<u8>>,
    pub legal_representative: String,
    pub beneficiary: String,
    pub employer: String,
    pub training_title: String,
    /// The dossier's scheme: the one «nature de l'action» box ticked.
    pub scheme: realis_domain::dossier::Scheme,
    /// Whether the footnote on distance learning is printed (the training is at a distance in
    /// whole or part, or its modality is unknown: `realis_domain::training::prints_distance_note`).
    pub distance_note: bool,
    /// The month clipped to the session.
    pub from: String,
    pub to: String,
    /// Training + internship presence hours.
    pub hours: String,
    pub city: String,
    /// Empty on a draft (to be signed by hand).
    pub made_on: String,
    /// `None` on a draft or an upload-mode certificate.
    pub online: Option<OnlineSignature>,
    pub draft: bool,
    pub period_label: String,
    pub grid_headers: Vec<String>,
    pub grid_rows: Vec<GridRow>,
    pub grid_totals: Vec<String>,
    pub verification_code: String,
    pub verification_url: String,
}

/// Margins, and the verification line at the foot of every page.
struct Footer {
    text: String,
}

impl genpdf::PageDecorator for Footer {
    fn decorate_page<'a>(
        &mut self,
        context: &genpdf::Context,
        mut area: genpdf::render::Area<'a>,
        style: Style,
    ) -> Result<genpdf::render::Area<'a>, genpdf::error::Error> {
        area.add_margins(Margins::trbl(14, 16, 10, 16));
        let height = area.size().height;
        let mut foot = area.clone();
        foot.add_offset(Position::new(0, height - Mm::from(8)));
        Paragraph::new(self.text.clone())
            .aligned(Alignment::Center)
            .styled(Style::new().with_font_size(7))
            .render(context, foot, style)?;
        area.set_height(height - Mm::from(10));
        Ok(area)
    }
}

/// Print resolution of the letterhead images: sharp on paper, small in the file.
const IMAGE_DPI: f64 = 200.0;

fn image(bytes: &[u8], max_mm: f64) -> Option<Image> {
    let decoded = image023::load_from_memory(bytes).ok()?;
    // Only the pixels the print size needs; printpdf 0.3 embeds no alpha channel: flatten to RGB.
    let max_px = (max_mm / 25.4 * IMAGE_DPI).round() as u32;
    let decoded = if decoded.width().max(decoded.height()) > max_px {
        decoded.resize(max_px, max_px, image023::imageops::FilterType::Triangle)
    } else {
        decoded
    };
    // Transparent pixels (RGBA, grey + alpha, palette + tRNS) are composited over white paper:
    // dropping the alpha channel would print their colour, black for most cachets.
    let rgba = decoded.to_rgba8();
    let rgb = image023::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let image023::Rgba([r, g, b, a]) = *rgba.get_pixel(x, y);
        let over_white = |c: u8| {
            let (c, a) = (u16::from(c), u16::from(a));
            u8::try_from((c * a + 255 * (255 - a) + 127) / 255).unwrap_or(255)
        };
        image023::Rgb([over_white(r), over_white(g), over_white(b)])
    });
    let side_mm = f64::from(rgb.width().max(rgb.height())) * 25.4 / IMAGE_DPI;
    let scale = if side_mm > 0.0 { max_mm / side_mm } else { 1.0 };
    let img = image023::DynamicImage::ImageRgb8(rgb);
    Image::from_dynamic_image(img)
        .ok()
        .map(|i| i.with_dpi(IMAGE_DPI).with_scale(Scale::new(scale, scale)))
}

fn boxed(ticked: bool, label: &str) -> Paragraph {
    Paragraph::new(format!("{} {}", if ticked { "[X]" } else { "[  ]" }, label))
}

/// Renders the certificate (page 1) and the attendance sheet (page 2).
pub fn certificate(m: &CertificateModel) -> Result<Vec<u8>, PdfError> {
    let mut doc = genpdf::Document::new(font_family()?);
    doc.set_title(printable(&format!(
        "Certificat de réalisation — {}",
        m.period_label
    )));
    doc.set_minimal_conformance();
    doc.set_line_spacing(1.15);
    doc.set_font_size(10);
    doc.set_page_decorator(Footer {
        text: printable(&format!(
            "Code de vérification : {} — {}",
            m.verification_code, m.verification_url
        )),
    });
    let bold = Style::new().bold();

    // Letterhead.
    let mut head = TableLayout::new(vec![1, 2]);
    let mut letterhead = LinearLayout::vertical();
    letterhead.push(Paragraph::new(printable(&m.organisation_name)).styled(bold));
    for l in &m.address_lines {
        letterhead.push(Paragraph::new(printable(l)));
    }
    if let Some(p) = &m.phone {
        letterhead.push(Paragraph::new(format!("Tél. : {}", printable(p))));
    }
    letterhead.push(Paragraph::new(format!(
        "SIRET : {}",
        printable(&fr::siret(&m.siret))
    )));
    if let Some(n) = &m.nda {
        letterhead.push(Paragraph::new(format!(
            "N° de déclaration d'activité : {}",
            printable(n)
        )));
    }
    let logo: Box<dyn Element> = match m.logo.as_deref().and_then(|b| image(b, 30.0)) {
        Some(i) => Box::new(i),
        None => Box::new(Paragraph::new("")),
    };
    head.push_row(vec![
        logo,
        Box::new(letterhead.padded(Margins::trbl(0, 0, 0, 4))),
    ])
    .map_err(|e| PdfError(e.to_string()))?;
    doc.push(head);
    doc.push(Break::new(1.5));
    if m.draft {
        doc.push(
            Paragraph::new("PROJET — à imprimer, signer et déposer")
                .aligned(Alignment::Center)
                .styled(Style::new().italic().with_font_size(9)),
        );
    }
    doc.push(
        Paragraph::new("CERTIFICAT DE RÉALISATION")
            .aligned(Alignment::Center)
            .styled(Style::new().bold().with_font_size(16)),
    );
    doc.push(
        Paragraph::new(format!(
            "N° dossier : {} — {}",
            printable(&m.dossier_number),
            printable(&m.period_label)
        ))
        .aligned(Alignment::Center),
    );
    doc.push(Break::new(1.5));
    doc.push(Paragraph::new(format!(
        "Je soussigné(e) {},",
        printable(&m.legal_representative)
    )));
    doc.push(Paragraph::new(format!(
        "représentant légal du dispensateur de l'action concourant au développement des compétences {},",
        printable(&m.organisation_name)
    )));
    doc.push(Break::new(0.5));
    doc.push(Paragraph::new(format!(
        "atteste que {},",
        printable(&m.beneficiary)
    )));
    doc.push(Paragraph::new(format!(
        "salarié(e) de l'entreprise {},",
        printable(&m.employer)
    )));
    doc.push(Paragraph::new(format!(
        "a suivi l'action {}",
        printable(&m.training_title)
    )));
    doc.push(Break::new(0.5));
    doc.push(Paragraph::new(
        "Nature de l'action concourant au développement des compétences :",
    ));
    for (ticked, label) in m.scheme.natures() {
        doc.push(boxed(ticked, label).padded(Margins::trbl(0, 0, 0, 6)));
    }
    doc.push(Break::new(0.5));
    doc.push(Paragraph::new(format!(
        "qui s'est déroulée du {} au {},",
        printable(&m.from),
        printable(&m.to)
    )));
    doc.push(
        Paragraph::new(format!(
            "pour une durée de {} heures réalisées.",
            printable(&m.hours)
        ))
        .styled(bold),
    );
    doc.push(Break::new(0.5));
    doc.push(Paragraph::new(
        "Sans préjudice des délais imposés par les règles fiscales, comptables ou commerciales, je m'engage à conserver l'ensemble des pièces justificatives qui ont permis d'établir le présent certificat pendant une durée de 3 ans à compter de la fin de l'année du dernier paiement. En cas de cofinancement des fonds européens, la durée de conservation est étendue conformément aux obligations conventionnelles spécifiques.",
    ).styled(Style::new().with_font_size(9)));
    doc.push(Break::new(1));
    let made_on = if m.made_on.is_empty() {
        "……………………".to_owned()
    } else {
        printable(&m.made_on)
    };
    doc.push(Paragraph::new(format!(
        "Fait à {}, le {}",
        printable(&m.city),
        made_on
    )));
    doc.push(Break::new(0.5));
    let mut sign = TableLayout::new(vec![1, 1]);
    let mut left = LinearLayout::vertical();
    left.push(
        Paragraph::new("Cachet et signature du responsable du dispensateur de formation")
            .styled(bold),
    );
    if let Some(s) = &m.online {
        left.push(Paragraph::new("Signature électronique").styled(Style::new().italic()));
        left.push(Paragraph::new(format!(
            "Certifié par {} le {}",
            printable(&s.certifier),
            printable(&s.signed_at)
        )));
        left.push(Paragraph::new(format!(
            "Code envoyé à {}",
            printable(&s.code_sent_to)
        )));
        if let Some(ip) = &s.ip {
            left.push(Paragraph::new(format!(
                "Adresse IP (avec consentement) : {}",
                printable(ip)
            )));
        }
        left.push(
            Paragraph::new(format!("Empreinte SHA-256 : {}", printable(&s.sha256)))
                .styled(Style::new().with_font_size(7)),
        );
    }
    let stamp: Box<dyn Element> = match m.stamp.as_deref().and_then(|b| image(b, 32.0)) {
        Some(i) => Box::new(i),
        None => Box::new(Paragraph::new("")),
    };
    sign.push_row(vec![Box::new(left), stamp])
        .map_err(|e| PdfError(e.to_string()))?;
    doc.push(sign);
    doc.push(Break::new(1));
    let distance = m.distance_note.then_some(
        "Dans le cas d'une formation à distance, les heures prises en compte correspondent aux activités réalisées et à leur durée estimée.",
    );
    // The monthly transmission is the PTP's rule; a VAE, a bilan or an apprenticeship has no
    // such note.
    let monthly = (m.scheme == realis_domain::dossier::Scheme::Ptp).then_some(
        "Le certificat de réalisation d'un projet de transition professionnelle est transmis mensuellement.",
    );
    for note in monthly.into_iter().chain(distance) {
        doc.push(Paragraph::new(note).styled(Style::new().with_font_size(7)));
    }

    // Page 2: «Fiche de présence».
    doc.push(PageBreak::new());
    doc.push(
        Paragraph::new(format!(
            "Fiche de présence — {}",
            printable(&m.period_label)
        ))
        .styled(Style::new().bold().with_font_size(13)),
    );
    doc.push(
        Paragraph::new(format!(
            "{} — {}",
            printable(&m.beneficiary),
            printable(&m.training_title)
        ))
        .styled(Style::new().with_font_size(9)),
    );
    doc.push(Break::new(0.5));
    let mut weights = vec![3];
    weights.extend(std::iter::repeat_n(2, m.grid_headers.len()));
    let mut grid = TableLayout::new(weights);
    grid.set_cell_decorator(FrameCellDecorator::new(true, true, false));
    let small = Style::new().with_font_size(8);
    let cell = |s: &str, st: Style| -> Box<dyn Element> {
        Box::new(
            Paragraph::new(printable(s))
                .styled(st)
                .padded(Margins::trbl(0.5, 1, 0.5, 1)),
        )
    };
    let mut header: Vec<Box<dyn Element>> = vec![cell("", small)];
    header.extend(m.grid_headers.iter().map(|h| cell(h, small.bold())));
    grid.push_row(header).map_err(|e| PdfError(e.to_string()))?;
    for r in &m.grid_rows {
        let mut row = vec![cell(&r.label, small)];
        row.extend(r.cells.iter().map(|c| cell(c, small)));
        grid.push_row(row).map_err(|e| PdfError(e.to_string()))?;
    }
    let mut total = vec![cell("Total", small.bold())];
    total.extend(m.grid_totals.iter().map(|c| cell(c, small.bold())));
    grid.push_row(total).map_err(|e| PdfError(e.to_string()))?;
    doc.push(grid);
    crate::render_titled(
        doc,
        &format!("Certificat de réalisation — {}", m.period_label),
    )
}
