//! PDFs of Réalis, rendered with genpdf from plain view-models: the consent-letter model for the
//! online certifier and the certificat de réalisation; several rendered certificates bound into
//! one PDF to print double-sided ([`bundle`]).
//!
//! Text uses Réalis Sans (Liberation Sans 2 reduced to the Latin script, SIL OFL 1.1), regular and
//! bold embedded and subset to the glyphs each document draws ([`subset`]), so that «Łukasz Żółć»
//! or «Nguyễn» print as typed and documents stay small (QUALITY P4); italic, used for fixed
//! wording only, is the built-in Helvetica Oblique. What the font can print is
//! [`realis_domain::printable`], the rule names are checked against at input; text stored before
//! that rule is printed with «?» for what the font lacks, never an error.
//! Depends only on `realis-domain` (that table): callers pass already formatted French strings.

mod bundle;
mod certificate;
mod consent_letter;
#[cfg(feature = "testing")]
pub mod sample;
mod subset;
mod text;

pub use bundle::duplex_bundle;
pub use certificate::{CertificateModel, GridRow, OnlineSignature, certificate};
pub use consent_letter::{ConsentLetterModel, consent_letter};
pub use text::printable;

/// Rendering failed (a bug or a font problem; user text is sanitised first).
#[derive(Debug, thiserror::Error)]
#[error("PDF rendering failed: {0}")]
pub struct PdfError(String);

/// The embedded faces (PostScript name, TrueType bytes): regular and bold, which print names.
pub const FACES: [(&str, &[u8]); 2] = [
    (
        "RealisSans-Regular",
        include_bytes!("../fonts/RealisSans-Regular.ttf"),
    ),
    (
        "RealisSans-Bold",
        include_bytes!("../fonts/RealisSans-Bold.ttf"),
    ),
];

/// Regular and bold are embedded; italic only ever sets fixed French wording («Signature
/// électronique», «PROJET»), so it stays the built-in Helvetica Oblique (WinAnsi), with the
/// metrics of Réalis Sans Italic (same as Helvetica's): each embedded face costs render time
/// (printpdf measures all its glyphs) and a few kilobytes.
fn font_family() -> Result<genpdf::fonts::FontFamily<genpdf::fonts::FontData>, PdfError> {
    use printpdf::BuiltinFont as B;
    let font = |bytes: &[u8], builtin| {
        genpdf::fonts::FontData::new(bytes.to_vec(), builtin).map_err(|e| PdfError(e.to_string()))
    };
    Ok(genpdf::fonts::FontFamily {
        regular: font(FACES[0].1, None)?,
        bold: font(FACES[1].1, None)?,
        italic: font(
            include_bytes!("../fonts/RealisSans-Italic.ttf"),
            Some(B::HelveticaOblique),
        )?,
        bold_italic: font(
            include_bytes!("../fonts/RealisSans-BoldItalic.ttf"),
            Some(B::HelveticaBoldOblique),
        )?,
    })
}

/// A new A4 document with the house settings.
fn document(title: &str) -> Result<genpdf::Document, PdfError> {
    let mut doc = genpdf::Document::new(font_family()?);
    doc.set_title(printable(title));
    doc.set_minimal_conformance();
    doc.set_line_spacing(1.2);
    doc.set_font_size(10);
    let mut decorator = genpdf::SimplePageDecorator::new();
    decorator.set_margins(18);
    doc.set_page_decorator(decorator);
    Ok(doc)
}

fn render(doc: genpdf::Document) -> Result<Vec<u8>, PdfError> {
    let mut out = Vec::new();
    doc.render(&mut out).map_err(|e| PdfError(e.to_string()))?;
    Ok(out)
}

/// Renders, subsets the fonts ([`subset`]), then writes the document information as a reader
/// shows it: the title in UTF-16
/// (printpdf 0.3 writes UTF-8 bytes into a PDFDocEncoding string, so «réalisation» read
/// «rÃ©alisation»), and no PDF/X claim (printpdf adds an empty `GTS_PDFXVersion` that readers
/// report as ISO 15930 conformance, which the file does not have).
fn render_titled(doc: genpdf::Document, title: &str) -> Result<Vec<u8>, PdfError> {
    let bytes = render(doc)?;
    let mut pdf = lopdf::Document::load_mem(&bytes).map_err(|e| PdfError(e.to_string()))?;
    let utf16 = |s: &str| {
        let mut b = vec![0xFE, 0xFF];
        b.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        lopdf::Object::String(b, lopdf::StringFormat::Hexadecimal)
    };
    let info = pdf
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .map_err(|e| PdfError(e.to_string()))?;
    let dict = pdf
        .get_object_mut(info)
        .and_then(lopdf::Object::as_dict_mut)
        .map_err(|e| PdfError(e.to_string()))?;
    dict.remove(b"GTS_PDFXVersion");
    dict.set("Title", utf16(title));
    dict.set("Producer", utf16("Réalis"));
    subset::subset_fonts(&mut pdf)?;
    let mut out = Vec::with_capacity(bytes.len());
    pdf.save_to(&mut out).map_err(|e| PdfError(e.to_string()))?;
    Ok(out)
}
