//! PDFs read back with poppler (`pdftotext`, `pdftoppm`), as a person would see them.

use std::process::Command;

use realis_pdf::{ConsentLetterModel, consent_letter};

fn text_of(pdf: &[u8], name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("realis-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("write");
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is installed (apt-get install poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-singlefile"])
        .arg(&path)
        .arg(dir.join(name))
        .status()
        .expect("pdftoppm");
    assert!(png.success(), "the PDF renders");
    // One line of words: wrapping must not hide a phrase.
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_consent_letter_is_pre_filled_and_reads_in_french() {
    let pdf = consent_letter(&ConsentLetterModel {
        organisation_name: "Formapro Conseil".into(),
        siret: "73282932000074".into(),
        address_lines: vec!["12 rue des Écoles".into(), "75005 Paris".into()],
        nda: Some("11755555575".into()),
        legal_representative: "Jean Lefèvre".into(),
        certifiers: vec!["Sophie Bernard".into()],
        funder_name: "Transitions Pro Île-de-France".into(),
        city: "Paris".into(),
    })
    .expect("renders");
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(
        pdf.len() < 100 * 1024,
        "{} bytes: no font embedded",
        pdf.len()
    );
    let text = text_of(&pdf, "consent");
    for needle in [
        "LETTRE DE CONSENTEMENT",
        "Je soussigné(e) Jean Lefèvre",
        "Formapro Conseil",
        "73282932000074",
        "Transitions Pro Île-de-France",
        "Sophie Bernard",
        "12 rue des Écoles",
        "article 1367 du Code civil",
        "Fait à Paris",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

#[test]
fn a_missing_legal_representative_leaves_a_line_to_fill() {
    let pdf = consent_letter(&ConsentLetterModel {
        organisation_name: "Institut Ł".into(),
        siret: "35600000049837".into(),
        funder_name: "Transitions Pro".into(),
        ..Default::default()
    })
    .expect("renders");
    let text = text_of(&pdf, "blank");
    assert!(text.contains("Je soussigné(e) ……"), "{text}");
    assert!(
        text.contains("Institut ?"),
        "unencodable characters are replaced: {text}"
    );
}
