//! Files the tests upload or inspect: PNG images, a minimal PDF, and a check of a printed PDF.

use std::path::Path;

/// Writes a PNG with Python's standard library (no image crate needed here).
pub fn write_png(path: &Path, w: u32, h: u32, rgb: (u8, u8, u8)) -> anyhow::Result<()> {
    let script = r#"
import struct, sys, zlib
path, w, h, r, g, b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
raw = b''.join(b'\x00' + bytes([r, g, b]) * w for _ in range(h))
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
open(path, 'wb').write(png)
"#;
    let status = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .args([w, h, u32::from(rgb.0), u32::from(rgb.1), u32::from(rgb.2)].map(|v| v.to_string()))
        .status()?;
    anyhow::ensure!(status.success(), "python3 could not write the PNG");
    Ok(())
}

/// Writes an RGBA PNG like a scanned cachet: a coloured ring on a fully transparent background
/// (the transparent pixels are black with alpha 0, which printed as a black block before).
pub fn write_stamp_png(path: &Path, size: u32, rgb: (u8, u8, u8)) -> anyhow::Result<()> {
    let script = r#"
import struct, sys, zlib
path, n, r, g, b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
c = n / 2
def px(x, y):
    d = ((x - c) ** 2 + (y - c) ** 2) ** 0.5
    return bytes([r, g, b, 255]) if c * 0.7 < d < c * 0.95 else bytes([0, 0, 0, 0])
raw = b''.join(b'\x00' + b''.join(px(x, y) for x in range(n)) for y in range(n))
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', n, n, 8, 6, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
open(path, 'wb').write(png)
"#;
    let status = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .args([size, u32::from(rgb.0), u32::from(rgb.1), u32::from(rgb.2)].map(|v| v.to_string()))
        .status()?;
    anyhow::ensure!(status.success(), "python3 could not write the PNG");
    Ok(())
}

/// The side, in pixels at 40 dpi, of the largest solid near-black square on the first page of
/// a PDF (rendered by `pdftoppm`): text and rules stay under 5 px; an image printed as a black
/// block (a transparent cachet without its alpha) is tens of pixels wide.
pub fn largest_dark_square_of_pdf(pdf: &Path) -> anyhow::Result<usize> {
    let root = pdf.with_extension("check");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "40", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&root)
        .status()?;
    anyhow::ensure!(status.success(), "pdftoppm failed");
    let bytes = std::fs::read(pdf.with_extension("check.ppm"))?;
    // "P6\n<w> <h>\n255\n" then RGB triplets.
    let mut header = Vec::new();
    let mut start = 0;
    let mut token = String::new();
    for (i, b) in bytes.iter().enumerate() {
        if b.is_ascii_whitespace() {
            if !token.is_empty() {
                header.push(std::mem::take(&mut token));
            }
            if header.len() == 4 {
                start = i + 1;
                break;
            }
        } else {
            token.push(char::from(*b));
        }
    }
    anyhow::ensure!(
        header.len() == 4 && header[0] == "P6",
        "not a PPM: {header:?}"
    );
    let (w, h): (usize, usize) = (header[1].parse()?, header[2].parse()?);
    let pixels = &bytes[start..];
    anyhow::ensure!(pixels.len() >= w * h * 3, "short PPM");
    let dark = |x: usize, y: usize| pixels[(y * w + x) * 3..][..3].iter().all(|c| *c < 60);
    let mut side = vec![0usize; w * h];
    let mut best = 0;
    for y in 0..h {
        for x in 0..w {
            if dark(x, y) {
                let s = if x == 0 || y == 0 {
                    1
                } else {
                    1 + side[(y - 1) * w + x]
                        .min(side[y * w + x - 1])
                        .min(side[(y - 1) * w + x - 1])
                };
                side[y * w + x] = s;
                best = best.max(s);
            }
        }
    }
    Ok(best)
}

/// Writes a minimal valid one-page PDF.
pub fn write_pdf(path: &Path) -> anyhow::Result<()> {
    let objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for off in offsets {
        out.extend(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    std::fs::write(path, out)?;
    Ok(())
}
