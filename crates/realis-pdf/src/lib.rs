//! PDFs of Réalis, rendered with genpdf from plain view-models: the consent-letter model for the
//! online certifier, and (next) the certificat de réalisation.
//!
//! Text uses the PDF built-in Helvetica (WinAnsi encoding, which covers French), with Liberation
//! Sans metrics for layout: nothing is embedded, so documents stay small and fast (QUALITY P4).
//! Depends on no other Réalis crate: callers pass already formatted French strings.

mod certificate;
mod consent_letter;
#[cfg(feature = "testing")]
pub mod sample;
mod text;

pub use certificate::{CertificateModel, GridRow, OnlineSignature, certificate};
pub use consent_letter::{ConsentLetterModel, consent_letter};
pub use text::winansi;

/// Rendering failed (a bug or a font problem; user text is sanitised first).
#[derive(Debug, thiserror::Error)]
#[error("PDF rendering failed: {0}")]
pub struct PdfError(String);

fn font_family() -> Result<genpdf::fonts::FontFamily<genpdf::fonts::FontData>, PdfError> {
    use printpdf::BuiltinFont as B;
    let font = |bytes: &[u8], builtin| {
        genpdf::fonts::FontData::new(bytes.to_vec(), Some(builtin))
            .map_err(|e| PdfError(e.to_string()))
    };
    Ok(genpdf::fonts::FontFamily {
        regular: font(
            include_bytes!("../fonts/LiberationSans-Regular.ttf"),
            B::Helvetica,
        )?,
        bold: font(
            include_bytes!("../fonts/LiberationSans-Bold.ttf"),
            B::HelveticaBold,
        )?,
        italic: font(
            include_bytes!("../fonts/LiberationSans-Italic.ttf"),
            B::HelveticaOblique,
        )?,
        bold_italic: font(
            include_bytes!("../fonts/LiberationSans-BoldItalic.ttf"),
            B::HelveticaBoldOblique,
        )?,
    })
}

/// A new A4 document with the house settings.
fn document(title: &str) -> Result<genpdf::Document, PdfError> {
    let mut doc = genpdf::Document::new(font_family()?);
    doc.set_title(winansi(title));
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

/// Renders, then writes the document information as a reader shows it: the title in UTF-16
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
    let mut out = Vec::with_capacity(bytes.len());
    pdf.save_to(&mut out).map_err(|e| PdfError(e.to_string()))?;
    Ok(out)
}
