//! PNG and JPEG: decoded only within the pixel and decoded-bytes budget, flattened to 8 bits per
//! channel, re-encoded into a bounded buffer (never more than the file's size limit).

use crate::error::Fault;
use realis_domain::FieldCode;
use realis_domain::upload::UploadKind;
use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::imageops::FilterType as ResizeFilter;
use image::{
    DynamicImage, GrayImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, RgbImage,
};

use super::{
    CappedWriter, Cleaned, DECODED_MAX_BYTES, IMAGE_MAX_BYTES, LETTERHEAD_MAX_SIDE,
    MAX_PIXELS_PER_SIDE, Sniffed,
};
use crate::AppError;

fn invalid_image() -> AppError {
    AppError::field(
        "file",
        FieldCode::InvalidImage,
        "L'image est illisible ou incomplète.",
    )
}

fn too_many_pixels() -> AppError {
    AppError::field(
        "file",
        FieldCode::ImageTooLarge,
        "L'image dépasse 4000 × 4000 pixels.",
    )
}

fn too_heavy_decoded() -> AppError {
    AppError::field(
        "file",
        FieldCode::ImageTooLarge,
        "L'image est trop lourde une fois décompressée (48 Mo au plus, soit 4000 × 4000 pixels en couleurs sans transparence)\u{a0}: réduisez sa résolution ou enregistrez-la sans transparence.",
    )
}

fn too_heavy_encoded(limit: usize) -> AppError {
    AppError::field(
        "file",
        FieldCode::ImageTooLarge,
        &format!(
            "Une fois réenregistrée, l'image dépasse {} Mo\u{a0}: réduisez sa résolution.",
            limit / (1024 * 1024)
        ),
    )
}

/// A logo or stamp: transparency kept, at most 800 px, stored in its own format.
pub(super) fn letterhead(bytes: &[u8], kind: Sniffed) -> Result<Cleaned, AppError> {
    let img = fit(to_8bit(decode(bytes, kind)?, true)?, LETTERHEAD_MAX_SIDE);
    let encoding = match kind {
        Sniffed::Png => Encoding::Png,
        _ => Encoding::Jpeg(88),
    };
    let bytes = encode(&img, encoding, IMAGE_MAX_BYTES)?
        .ok_or_else(|| too_heavy_encoded(IMAGE_MAX_BYTES))?;
    Ok(Cleaned {
        bytes,
        kind: encoding.kind(),
        removed: Vec::new(),
    })
}

/// A scanned document: full resolution, 8-bit grey or RGB on white. A PNG stays a lossless PNG
/// (text stays sharp) unless that exceeds `limit`, as a photograph would: then JPEG.
pub(super) fn document(bytes: &[u8], kind: Sniffed, limit: usize) -> Result<Cleaned, AppError> {
    let img = to_8bit(decode(bytes, kind)?, false)?;
    let attempts: &[Encoding] = match kind {
        Sniffed::Png => &[Encoding::Png, Encoding::Jpeg(88), Encoding::Jpeg(75)],
        _ => &[Encoding::Jpeg(88), Encoding::Jpeg(75)],
    };
    for &encoding in attempts {
        if let Some(bytes) = encode(&img, encoding, limit)? {
            return Ok(Cleaned {
                bytes,
                kind: encoding.kind(),
                removed: Vec::new(),
            });
        }
    }
    Err(too_heavy_encoded(limit))
}

/// Decodes after checking, from the header, the size and the bytes the pixels will take.
fn decode(bytes: &[u8], kind: Sniffed) -> Result<DynamicImage, AppError> {
    match kind {
        Sniffed::Png => decode_png(bytes),
        Sniffed::Jpeg => decode_jpeg(bytes),
        Sniffed::Pdf => Err(AppError::UnsupportedMediaType(UploadKind::LetterheadImage)),
    }
}

fn check_size(w: u32, h: u32, decoded_bytes: u64) -> Result<(), AppError> {
    if w == 0 || h == 0 || w > MAX_PIXELS_PER_SIDE || h > MAX_PIXELS_PER_SIDE {
        return Err(too_many_pixels());
    }
    if decoded_bytes > DECODED_MAX_BYTES {
        return Err(too_heavy_decoded());
    }
    Ok(())
}

/// PNG through the png crate, which narrows 16-bit samples and expands palettes and low bit
/// depths as it decodes: only 8-bit pixels are ever held, and their size is known beforehand.
fn decode_png(bytes: &[u8]) -> Result<DynamicImage, AppError> {
    let png_error = |e: png::DecodingError| match e {
        png::DecodingError::LimitsExceeded => too_heavy_decoded(),
        _ => invalid_image(),
    };
    // The limit bounds what the decoder keeps besides the pixels (text, colour profile…).
    let mut decoder = png::Decoder::new_with_limits(
        Cursor::new(bytes),
        png::Limits {
            bytes: 4 * 1024 * 1024,
        },
    );
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(png_error)?;
    let (w, h) = reader.info().size();
    let size = reader.output_buffer_size().ok_or_else(too_heavy_decoded)?;
    check_size(w, h, u64::try_from(size).unwrap_or(u64::MAX))?;
    let mut buf = vec![0u8; size];
    let frame = reader.next_frame(&mut buf).map_err(png_error)?;
    buf.truncate(frame.buffer_size());
    let image = match (frame.color_type, frame.bit_depth) {
        (png::ColorType::Grayscale, png::BitDepth::Eight) => {
            GrayImage::from_raw(w, h, buf).map(DynamicImage::ImageLuma8)
        }
        (png::ColorType::GrayscaleAlpha, png::BitDepth::Eight) => {
            image::GrayAlphaImage::from_raw(w, h, buf).map(DynamicImage::ImageLumaA8)
        }
        (png::ColorType::Rgb, png::BitDepth::Eight) => {
            RgbImage::from_raw(w, h, buf).map(DynamicImage::ImageRgb8)
        }
        (png::ColorType::Rgba, png::BitDepth::Eight) => {
            image::RgbaImage::from_raw(w, h, buf).map(DynamicImage::ImageRgba8)
        }
        _ => None,
    };
    image.ok_or_else(invalid_image)
}

/// JPEG samples are 8-bit already. A progressive JPEG also holds every DCT coefficient (2 bytes
/// a sample) until its last scan: they must fit the same budget as the pixels.
fn decode_jpeg(bytes: &[u8]) -> Result<DynamicImage, AppError> {
    if progressive_coefficient_bytes(bytes).is_some_and(|n| n > DECODED_MAX_BYTES) {
        return Err(too_heavy_decoded());
    }
    let decode_error = |e: ImageError| match e {
        ImageError::Limits(_) => too_heavy_decoded(),
        _ => invalid_image(),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), ImageFormat::Jpeg);
    let mut limits = Limits::default();
    limits.max_alloc = Some(DECODED_MAX_BYTES);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(decode_error)?;
    let (w, h) = decoder.dimensions();
    check_size(w, h, decoder.total_bytes())?;
    DynamicImage::from_decoder(decoder).map_err(decode_error)
}

/// The bytes a progressive decoder holds for the coefficients (its MCU-padded components at
/// their sampling, 2 bytes a sample), read from the frame header; `None` for a sequential JPEG or
/// when no frame header is found (the decoder then reports the file).
fn progressive_coefficient_bytes(bytes: &[u8]) -> Option<u64> {
    let mut at = 2; // after SOI
    loop {
        // Markers are 0xFF (fill bytes allowed) then a code; SOFn carries the frame.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        if bytes.get(at) != Some(&0xFF) {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        let len = usize::from(u16::from_be_bytes([
            *bytes.get(at + 2)?,
            *bytes.get(at + 3)?,
        ]));
        let segment = bytes.get(at + 4..at + 2 + len)?;
        match marker {
            // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                if !matches!(marker, 0xC2 | 0xC6 | 0xCA | 0xCE) {
                    return None;
                }
                let height = u64::from(u16::from_be_bytes([*segment.get(1)?, *segment.get(2)?]));
                let width = u64::from(u16::from_be_bytes([*segment.get(3)?, *segment.get(4)?]));
                let n = usize::from(*segment.get(5)?);
                let sampling: Vec<(u64, u64)> = (0..n)
                    .map(|i| {
                        let s = *segment.get(6 + 3 * i + 1)?;
                        Some((u64::from(s >> 4).max(1), u64::from(s & 0x0F).max(1)))
                    })
                    .collect::<Option<_>>()?;
                let h_max = sampling.iter().map(|s| s.0).max()?;
                let v_max = sampling.iter().map(|s| s.1).max()?;
                let mcus = width.div_ceil(8 * h_max) * height.div_ceil(8 * v_max);
                return Some(sampling.iter().map(|(h, v)| mcus * 64 * h * v * 2).sum());
            }
            // Start of scan before any frame: not a JPEG the decoder will accept.
            0xDA | 0xD9 => return None,
            _ => at += 2 + len,
        }
    }
}

/// 8 bits per channel, grey kept grey; without `keep_alpha`, transparency is composited over
/// white (a scan is read on paper), in place.
fn to_8bit(img: DynamicImage, keep_alpha: bool) -> Result<DynamicImage, AppError> {
    let color = img.color();
    let (w, h) = (img.width(), img.height());
    let lost = || AppError::Internal(Fault::CleaningCheck("flattened image of the wrong size"));
    Ok(match (color.has_color(), color.has_alpha()) {
        (false, true) if keep_alpha => DynamicImage::ImageLumaA8(img.into_luma_alpha8()),
        (true, true) if keep_alpha => DynamicImage::ImageRgba8(img.into_rgba8()),
        (false, true) => DynamicImage::ImageLuma8(
            GrayImage::from_raw(w, h, over_white::<2>(img.into_luma_alpha8().into_raw()))
                .ok_or_else(lost)?,
        ),
        (true, true) => DynamicImage::ImageRgb8(
            RgbImage::from_raw(w, h, over_white::<4>(img.into_rgba8().into_raw()))
                .ok_or_else(lost)?,
        ),
        (false, false) => DynamicImage::ImageLuma8(img.into_luma8()),
        (true, false) => DynamicImage::ImageRgb8(img.into_rgb8()),
    })
}

/// Pixels of `N` channels, alpha last, composited over white into `N - 1` channels, reusing the
/// buffer: pixel `i` is written at or before where it was read.
fn over_white<const N: usize>(mut raw: Vec<u8>) -> Vec<u8> {
    let pixels = raw.len() / N;
    for i in 0..pixels {
        let mut px = [0u8; N];
        px.copy_from_slice(&raw[i * N..(i + 1) * N]);
        let alpha = u32::from(px[N - 1]);
        for c in 0..N - 1 {
            let v = (u32::from(px[c]) * alpha + 255 * (255 - alpha) + 127) / 255;
            raw[i * (N - 1) + c] = u8::try_from(v).unwrap_or(u8::MAX);
        }
    }
    raw.truncate(pixels * (N - 1));
    raw.shrink_to_fit();
    raw
}

/// Fits within `max` × `max`. A large reduction starts with a box filter (each source pixel read
/// once, no floating-point copy of the whole image), then a triangle filter smooths the result.
fn fit(img: DynamicImage, max: u32) -> DynamicImage {
    if img.width() <= max && img.height() <= max {
        return img;
    }
    let img = if img.width().max(img.height()) > 2 * max {
        img.thumbnail(2 * max, 2 * max)
    } else {
        img
    };
    img.resize(max, max, ResizeFilter::Triangle)
}

#[derive(Debug, Clone, Copy)]
enum Encoding {
    Png,
    Jpeg(u8),
}

impl Encoding {
    fn kind(self) -> Sniffed {
        match self {
            Encoding::Png => Sniffed::Png,
            Encoding::Jpeg(_) => Sniffed::Jpeg,
        }
    }
}

/// The encoded image, or `None` as soon as it exceeds `limit`.
fn encode(
    img: &DynamicImage,
    encoding: Encoding,
    limit: usize,
) -> Result<Option<Vec<u8>>, AppError> {
    let mut out = CappedWriter::new(limit);
    let written = match encoding {
        Encoding::Png => img.write_with_encoder(PngEncoder::new_with_quality(
            &mut out,
            CompressionType::Default,
            FilterType::Adaptive,
        )),
        Encoding::Jpeg(quality) => {
            img.write_with_encoder(JpegEncoder::new_with_quality(&mut out, quality))
        }
    };
    match written {
        Ok(()) => Ok(Some(out.buf)),
        Err(_) if out.overflowed => Ok(None),
        Err(e) => Err(AppError::Internal(Fault::Image(e))),
    }
}

#[cfg(test)]
#[path = "images_tests.rs"]
mod tests;
