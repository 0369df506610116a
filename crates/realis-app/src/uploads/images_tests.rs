use image::{ImageBuffer, Rgb, Rgba};

use super::super::{clean_document, clean_letterhead_image};
use super::*;

fn png_of(img: DynamicImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).expect("png");
    out.into_inner()
}

fn png(w: u32, h: u32) -> Vec<u8> {
    png_of(DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(
        w,
        h,
        Rgba([10, 20, 30, 255]),
    )))
}

/// Pseudo-random bytes (xorshift): incompressible pixels without a dependency.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed.to_le_bytes()[0]
        })
        .collect()
}

/// CRC-32 (IEEE), to forge a PNG header that still checks.
fn crc32(bytes: &[u8]) -> u32 {
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

/// A valid PNG whose header declares `w` × `h` pixels of `depth` bits in colour type `ct`.
fn png_declaring(w: u32, h: u32, depth: u8, ct: u8) -> Vec<u8> {
    let mut p = png(8, 8);
    p[16..20].copy_from_slice(&w.to_be_bytes());
    p[20..24].copy_from_slice(&h.to_be_bytes());
    p[24] = depth;
    p[25] = ct;
    let crc = crc32(&p[12..29]);
    p[29..33].copy_from_slice(&crc.to_be_bytes());
    p
}

#[test]
fn a_large_logo_is_downscaled_and_re_encoded() {
    let c = clean_letterhead_image(&png(1600, 400)).expect("ok");
    assert_eq!(c.kind, Sniffed::Png);
    let img = image::load_from_memory(&c.bytes).expect("decodes");
    assert_eq!((img.width(), img.height()), (800, 200));
    let c = clean_letterhead_image(&png(3900, 1300)).expect("ok");
    let img = image::load_from_memory(&c.bytes).expect("decodes");
    assert_eq!((img.width(), img.height()), (800, 267));
}

#[test]
fn a_png_with_trailing_payload_is_cleaned() {
    let mut polyglot = png(4, 4);
    polyglot.extend_from_slice(b"<script>alert(1)</script>");
    let c = clean_letterhead_image(&polyglot).expect("decodes");
    assert!(!c.bytes.windows(8).any(|w| w == b"<script>"));
}

#[test]
fn a_truncated_or_huge_image_is_refused() {
    let full = png(50, 50);
    assert!(matches!(
        clean_letterhead_image(&full[..full.len() / 2]),
        Err(AppError::Validation(_))
    ));
    for huge in [
        png_declaring(50000, 50000, 8, 6),
        // 4000 × 4000 16-bit RGBA: within the side limit, 128 MB once decoded.
        png_declaring(4000, 4000, 16, 6),
    ] {
        for result in [clean_letterhead_image(&huge), clean_document(&huge)] {
            match result {
                Err(AppError::Validation(e)) => assert_eq!(e[0].code.code(), "image_too_large"),
                other => panic!("{other:?}"),
            }
        }
    }
}

#[test]
fn documents_are_stored_in_8_bits_and_transparency_becomes_white() {
    let rgb16: ImageBuffer<Rgb<u16>, Vec<u16>> = ImageBuffer::from_fn(300, 400, |x, y| {
        Rgb([(x * 200) as u16, (y * 150) as u16, 4000])
    });
    let c = clean_document(&png_of(DynamicImage::ImageRgb16(rgb16))).expect("ok");
    let back = image::load_from_memory(&c.bytes).expect("decodes");
    assert_eq!(back.color(), image::ColorType::Rgb8);
    assert_eq!((back.width(), back.height()), (300, 400));

    let mut rgba = image::RgbaImage::from_pixel(20, 20, Rgba([0, 0, 0, 0]));
    rgba.put_pixel(0, 0, Rgba([0, 0, 200, 255]));
    let c = clean_document(&png_of(DynamicImage::ImageRgba8(rgba))).expect("ok");
    let back = image::load_from_memory(&c.bytes)
        .expect("decodes")
        .into_rgb8();
    assert_eq!(back.get_pixel(5, 5), &Rgb([255, 255, 255]), "on white");
    assert_eq!(back.get_pixel(0, 0), &Rgb([0, 0, 200]));

    let grey16 =
        image::ImageBuffer::<image::Luma<u16>, Vec<u16>>::from_pixel(30, 30, image::Luma([40000]));
    let c = clean_document(&png_of(DynamicImage::ImageLuma16(grey16))).expect("ok");
    let back = image::load_from_memory(&c.bytes).expect("decodes");
    assert_eq!(back.color(), image::ColorType::L8, "grey stays grey");
}

#[test]
fn a_16_bit_scan_is_narrowed_while_decoding_so_only_its_8_bit_size_counts() {
    // 2600 × 2600 RGBA: 54 MB at 16 bits (over the budget), 27 MB at 8 bits.
    let scan: ImageBuffer<Rgba<u16>, Vec<u16>> =
        ImageBuffer::from_pixel(2600, 2600, Rgba([60000, 60000, 50000, 65535]));
    let c = clean_document(&png_of(DynamicImage::ImageRgba16(scan))).expect("accepted");
    let back = image::load_from_memory(&c.bytes).expect("decodes");
    assert_eq!(back.color(), image::ColorType::Rgb8);
    assert_eq!(back.into_rgb8().get_pixel(0, 0), &Rgb([234, 234, 195]));
}

#[test]
fn a_document_that_would_re_encode_over_the_limit_falls_back_to_jpeg_or_is_refused() {
    let img = DynamicImage::ImageRgb8(
        RgbImage::from_raw(200, 200, noise(200 * 200 * 3, 7)).expect("buffer"),
    );
    let source = png_of(img);
    // Noise does not compress: as PNG it is ~120 KB; a 60 KB limit takes the JPEG.
    let c = document(&source, Sniffed::Png, 60 * 1024).expect("jpeg fallback");
    assert_eq!(c.kind, Sniffed::Jpeg);
    assert!(c.bytes.len() <= 60 * 1024);
    match document(&source, Sniffed::Png, 4 * 1024) {
        Err(AppError::Validation(e)) => assert_eq!(e[0].code.code(), "image_too_large"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn compositing_over_white_reuses_the_buffer() {
    let out = over_white::<4>(vec![10, 20, 30, 255, 10, 20, 30, 0, 0, 0, 0, 128]);
    assert_eq!(out, vec![10, 20, 30, 255, 255, 255, 127, 127, 127]);
    assert_eq!(out.capacity(), 9);
}

/// SOI, a frame header (`sof` marker, `w` × `h`, components with their sampling), EOI.
fn jpeg_header(sof: u8, w: u16, h: u16, sampling: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46];
    let len = u16::try_from(8 + 3 * sampling.len()).expect("len");
    out.extend([0xFF, sof]);
    out.extend(len.to_be_bytes());
    out.push(8);
    out.extend(h.to_be_bytes());
    out.extend(w.to_be_bytes());
    out.push(u8::try_from(sampling.len()).expect("n"));
    for (i, s) in sampling.iter().enumerate() {
        out.extend([u8::try_from(i + 1).expect("id"), *s, 0]);
    }
    out.extend([0xFF, 0xD9]);
    out
}

#[test]
fn a_progressive_jpeg_counts_its_coefficients() {
    // 4:2:0 at 4000 × 4000: 16 M luma + 2 × 4 M chroma samples, 2 bytes each.
    let p420 = jpeg_header(0xC2, 4000, 4000, &[0x22, 0x11, 0x11]);
    assert_eq!(progressive_coefficient_bytes(&p420), Some(48_000_000));
    assert_eq!(
        progressive_coefficient_bytes(&jpeg_header(0xC0, 4000, 4000, &[0x11, 0x11, 0x11])),
        None,
        "sequential"
    );
    // 4:4:4 at 4000 × 4000 holds 96 MB of coefficients: refused from its header.
    let p444 = jpeg_header(0xC2, 4000, 4000, &[0x11, 0x11, 0x11]);
    match clean_document(&p444) {
        Err(AppError::Validation(e)) => assert_eq!(e[0].code.code(), "image_too_large"),
        other => panic!("{other:?}"),
    }
    // A real (sequential) JPEG still goes through.
    let mut jpeg = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(RgbImage::from_pixel(64, 48, Rgb([1, 2, 3])))
        .write_to(&mut jpeg, ImageFormat::Jpeg)
        .expect("jpeg");
    assert_eq!(progressive_coefficient_bytes(jpeg.get_ref()), None);
    assert_eq!(
        clean_document(jpeg.get_ref()).expect("ok").kind,
        Sniffed::Jpeg
    );
}
