//! Upload hygiene (QUALITY S5): the type comes from the bytes, images are decoded and re-encoded
//! within size and pixel limits (which drops metadata and polyglot payloads), PDFs must parse.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, Limits};

use crate::AppError;

/// Logo and stamp: 2 MB (SPEC F1).
pub const IMAGE_MAX_BYTES: usize = 2 * 1024 * 1024;
/// Kbis, consent letter, signed certificates, attendance sheets: 10 MB.
pub const DOCUMENT_MAX_BYTES: usize = 10 * 1024 * 1024;
/// Largest side of an accepted image.
pub const MAX_PIXELS_PER_SIDE: u32 = 4000;
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

fn empty_check(bytes: &[u8]) -> Result<(), AppError> {
    if bytes.is_empty() {
        return Err(AppError::field(
            "file",
            "empty_file",
            "Le fichier est vide.",
        ));
    }
    Ok(())
}

fn invalid_image() -> AppError {
    AppError::field(
        "file",
        "invalid_image",
        "L'image est illisible ou incomplète.",
    )
}

/// Decodes and re-encodes a PNG or JPEG; `max_side` downsizes larger images.
fn reencode(bytes: &[u8], kind: Sniffed, max_side: Option<u32>) -> Result<Vec<u8>, AppError> {
    let format = match kind {
        Sniffed::Png => ImageFormat::Png,
        Sniffed::Jpeg => ImageFormat::Jpeg,
        Sniffed::Pdf => return Err(AppError::UnsupportedMediaType("not an image".into())),
    };
    let (w, h) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|_| invalid_image())?;
    if w > MAX_PIXELS_PER_SIDE || h > MAX_PIXELS_PER_SIDE || w == 0 || h == 0 {
        return Err(AppError::field(
            "file",
            "image_too_large",
            "L'image dépasse 4000 × 4000 pixels.",
        ));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_PIXELS_PER_SIDE);
    limits.max_image_height = Some(MAX_PIXELS_PER_SIDE);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let mut img = reader.decode().map_err(|_| invalid_image())?;
    if let Some(max) = max_side
        && (img.width() > max || img.height() > max)
    {
        img = img.resize(max, max, image::imageops::FilterType::Triangle);
    }
    let mut out = Cursor::new(Vec::new());
    match kind {
        Sniffed::Jpeg => {
            let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
            let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88);
            rgb.write_with_encoder(enc)
                .map_err(|e| AppError::Internal(format!("jpeg encode: {e}")))?;
        }
        _ => img
            .write_to(&mut out, ImageFormat::Png)
            .map_err(|e| AppError::Internal(format!("png encode: {e}")))?,
    }
    Ok(out.into_inner())
}

/// A logo or stamp: PNG or JPEG, ≤ 2 MB, ≤ 4000 × 4000 px; stored re-encoded, at most 800 px.
pub fn clean_letterhead_image(bytes: &[u8]) -> Result<(Vec<u8>, Sniffed), AppError> {
    empty_check(bytes)?;
    if bytes.len() > IMAGE_MAX_BYTES {
        return Err(AppError::PayloadTooLarge(
            "Images are limited to 2 MB.".into(),
        ));
    }
    let kind = match sniff(bytes) {
        Some(k @ (Sniffed::Png | Sniffed::Jpeg)) => k,
        _ => {
            return Err(AppError::UnsupportedMediaType(
                "Send a PNG or JPEG image.".into(),
            ));
        }
    };
    Ok((reencode(bytes, kind, Some(LETTERHEAD_MAX_SIDE))?, kind))
}

/// A document: a PDF that parses, or a PNG/JPEG re-encoded; ≤ 10 MB.
pub fn clean_document(bytes: &[u8]) -> Result<(Vec<u8>, Sniffed), AppError> {
    empty_check(bytes)?;
    if bytes.len() > DOCUMENT_MAX_BYTES {
        return Err(AppError::PayloadTooLarge(
            "Documents are limited to 10 MB.".into(),
        ));
    }
    match sniff(bytes) {
        Some(Sniffed::Pdf) => {
            // A complete PDF ends with %%EOF (a truncated upload does not); then it must parse.
            let tail = &bytes[bytes.len().saturating_sub(1024)..];
            if !tail.windows(5).any(|w| w == b"%%EOF") {
                return Err(AppError::field(
                    "file",
                    "invalid_pdf",
                    "Le PDF est incomplet.",
                ));
            }
            let doc = lopdf::Document::load_mem(bytes).map_err(|_| {
                AppError::field("file", "invalid_pdf", "Le PDF est illisible ou incomplet.")
            })?;
            if doc.get_pages().is_empty() {
                return Err(AppError::field(
                    "file",
                    "invalid_pdf",
                    "Le PDF ne contient aucune page.",
                ));
            }
            Ok((bytes.to_vec(), Sniffed::Pdf))
        }
        Some(kind) => Ok((reencode(bytes, kind, None)?, kind)),
        None => Err(AppError::UnsupportedMediaType(
            "Send a PDF, PNG or JPEG file.".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(w, h, image::Rgba([10, 20, 30, 255]));
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgba8(img)
            .write_to(&mut out, ImageFormat::Png)
            .expect("png");
        out.into_inner()
    }

    /// CRC-32 (IEEE), to forge a PNG header that still checks.
    pub fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(sniff(&png(2, 2)), Some(Sniffed::Png));
        assert_eq!(sniff(b"%PDF-1.7\n"), Some(Sniffed::Pdf));
        assert_eq!(sniff(b"<html><body>%PDF-</body></html>"), None);
        assert_eq!(sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), None);
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(Sniffed::Jpeg));
    }

    #[test]
    fn a_large_logo_is_downscaled_and_re_encoded() {
        let (out, kind) = clean_letterhead_image(&png(1600, 400)).expect("ok");
        assert_eq!(kind, Sniffed::Png);
        let img = image::load_from_memory(&out).expect("decodes");
        assert_eq!((img.width(), img.height()), (800, 200));
    }

    #[test]
    fn a_png_with_trailing_payload_is_cleaned() {
        let mut polyglot = png(4, 4);
        polyglot.extend_from_slice(b"<script>alert(1)</script>");
        let (out, _) = clean_letterhead_image(&polyglot).expect("decodes");
        assert!(!out.windows(8).any(|w| w == b"<script>"));
    }

    #[test]
    fn a_truncated_or_huge_image_is_refused() {
        let full = png(50, 50);
        assert!(matches!(
            clean_letterhead_image(&full[..full.len() / 2]),
            Err(AppError::Validation(_))
        ));
        // A valid header declaring 50000 × 50000 pixels.
        let mut huge = full.clone();
        huge[16..20].copy_from_slice(&50000u32.to_be_bytes());
        huge[20..24].copy_from_slice(&50000u32.to_be_bytes());
        let crc = crc32(&huge[12..29]);
        huge[29..33].copy_from_slice(&crc.to_be_bytes());
        match clean_letterhead_image(&huge) {
            Err(AppError::Validation(e)) => assert_eq!(e[0].code, "image_too_large"),
            other => panic!("{other:?}"),
        }
    }
}
