//! Upload hygiene (QUALITY S5, S11): the type comes from the bytes; images are decoded within a
//! pixel and decoded-bytes budget and re-encoded as 8-bit within the size limit (which drops
//! metadata and polyglot payloads); PDFs must parse and lose any active content.
//!
//! These functions are CPU-bound: use cases run them through `App::clean_upload`, off the async
//! workers and behind a bound.

mod images;
mod pdf;

use realis_domain::FieldCode;
use std::io::{self, Write};

use crate::AppError;

use realis_domain::upload::UploadKind;

/// Logo and stamp: 2 MB (SPEC F1). The limits are the domain's, which the SPA states and checks.
pub const IMAGE_MAX_BYTES: usize = UploadKind::LetterheadImage.max_bytes();
/// Kbis, consent letter, signed certificates, attendance sheets: 10 MB.
pub const DOCUMENT_MAX_BYTES: usize = UploadKind::Document.max_bytes();
/// The hours template (CSV).
pub const CSV_MAX_BYTES: usize = UploadKind::Csv.max_bytes();
/// Largest side of an accepted image.
pub const MAX_PIXELS_PER_SIDE: u32 = 4000;
/// Most bytes an image may decode to, at 8 bits per sample: 4000 × 4000 pixels in colour.
/// A 300 dpi A4 scan (2480 × 3508) fits in colour with transparency, even from 16 bits; a small
/// file that inflates to 128 MB (16-bit RGBA at 4000 × 4000, 64 MB at 8 bits) is refused from its
/// header, before anything is decoded.
pub const DECODED_MAX_BYTES: u64 = MAX_PIXELS_PER_SIDE as u64 * MAX_PIXELS_PER_SIDE as u64 * 3;
/// Logos and stamps are stored at most this large, so PDFs stay small and fast (P4).
pub const LETTERHEAD_MAX_SIDE: u32 = 800;

/// A type recognised from the first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Png,
    Jpeg,
    Pdf,
}

impl Sniffed {
    pub fn content_type(self) -> &'static str {
        match self {
            Sniffed::Png => "image/png",
            Sniffed::Jpeg => "image/jpeg",
            Sniffed::Pdf => "application/pdf",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Sniffed::Png => "png",
            Sniffed::Jpeg => "jpg",
            Sniffed::Pdf => "pdf",
        }
    }

    pub fn from_content_type(ct: &str) -> Option<Sniffed> {
        match ct {
            "image/png" => Some(Sniffed::Png),
            "image/jpeg" => Some(Sniffed::Jpeg),
            "application/pdf" => Some(Sniffed::Pdf),
            _ => None,
        }
    }
}

/// Recognises PNG, JPEG and PDF by their magic bytes, whatever the name or declared type.
pub fn sniff(bytes: &[u8]) -> Option<Sniffed> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Sniffed::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Sniffed::Jpeg)
    } else if bytes.starts_with(b"%PDF-") {
        Some(Sniffed::Pdf)
    } else {
        None
    }
}

/// A file fit to store: its bytes, their type, and what was taken out of it.
#[derive(Debug)]
pub struct Cleaned {
    pub bytes: Vec<u8>,
    pub kind: Sniffed,
    /// Kinds of active content removed from a PDF (`javascript`, `open_action`, …), for the
    /// audit record; empty when the file was stored as sent or re-encoded as an image.
    pub removed: Vec<&'static str>,
}

fn empty_check(bytes: &[u8]) -> Result<(), AppError> {
    if bytes.is_empty() {
        return Err(AppError::field(
            "file",
            FieldCode::EmptyFile,
            "Le fichier est vide.",
        ));
    }
    Ok(())
}

/// A logo or stamp: PNG or JPEG, ≤ 2 MB, ≤ 4000 × 4000 px; stored re-encoded, at most 800 px.
pub fn clean_letterhead_image(bytes: &[u8]) -> Result<Cleaned, AppError> {
    empty_check(bytes)?;
    if bytes.len() > IMAGE_MAX_BYTES {
        return Err(AppError::PayloadTooLarge(UploadKind::LetterheadImage));
    }
    match sniff(bytes) {
        Some(kind @ (Sniffed::Png | Sniffed::Jpeg)) => images::letterhead(bytes, kind),
        _ => Err(AppError::UnsupportedMediaType(UploadKind::LetterheadImage)),
    }
}

/// A document: a PDF that parses, stripped of active content, or a PNG/JPEG re-encoded; ≤ 10 MB.
pub fn clean_document(bytes: &[u8]) -> Result<Cleaned, AppError> {
    empty_check(bytes)?;
    if bytes.len() > DOCUMENT_MAX_BYTES {
        return Err(AppError::PayloadTooLarge(UploadKind::Document));
    }
    match sniff(bytes) {
        Some(Sniffed::Pdf) => pdf::clean(bytes, DOCUMENT_MAX_BYTES),
        Some(kind) => images::document(bytes, kind, DOCUMENT_MAX_BYTES),
        None => Err(AppError::UnsupportedMediaType(UploadKind::Document)),
    }
}

/// An in-memory output that refuses to grow past `limit`: an encoder writing into it stops as
/// soon as its result is known to be too large, instead of building it whole.
struct CappedWriter {
    buf: Vec<u8>,
    limit: usize,
    overflowed: bool,
}

impl CappedWriter {
    fn new(limit: usize) -> CappedWriter {
        CappedWriter {
            buf: Vec::new(),
            limit,
            overflowed: false,
        }
    }
}

impl Write for CappedWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.buf.len() + bytes.len() > self.limit {
            self.overflowed = true;
            return Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                "output over the size limit",
            ));
        }
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(Sniffed::Png));
        assert_eq!(sniff(b"%PDF-1.7\n"), Some(Sniffed::Pdf));
        assert_eq!(sniff(b"<html><body>%PDF-</body></html>"), None);
        assert_eq!(sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), None);
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(Sniffed::Jpeg));
    }

    #[test]
    fn a_capped_writer_refuses_to_grow_past_its_limit() {
        let mut w = CappedWriter::new(10);
        assert!(w.write_all(b"0123456789").is_ok());
        assert!(w.write_all(b"x").is_err());
        assert!(w.overflowed);
        assert_eq!(w.buf.len(), 10);
    }
}
