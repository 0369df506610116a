//! Issue 8, item 4: every Latin-script name prints exactly as typed (an embedded font subset), the
//! table of what prints (`realis_domain::printable`) is the font's coverage, and text stored
//! before that rule still renders.

use std::process::Command;

use realis_pdf::{ConsentLetterModel, consent_letter};

/// The text of a PDF as `pdftotext` reads it, on one line.
fn text_of(pdf: &[u8], name: &str) -> String {
    let path = write(pdf, name);
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is installed (apt-get install poppler-utils)");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn write(pdf: &[u8], name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("realis-pdf-unicode-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("write");
    path
}

const NAMES: [&str; 5] = [
    "Łukasz Żółć",
    "Nguyễn Thị Minh Khai",
    "Ærøskøbing",
    "Şükrü",
    "Dvořák",
];

#[test]
fn latin_names_of_every_language_print_exactly_on_the_certificate() {
    let mut m = realis_pdf::sample::certificate();
    m.beneficiary = format!("{} {}", NAMES[0], NAMES[1]);
    m.legal_representative = NAMES[4].into();
    m.organisation_name = format!("Institut {}", NAMES[2]);
    m.employer = format!("{} Sarl", NAMES[3]);
    m.training_title = "Tiếng Việt — «niveau ≥ B2»".into();
    m.city = "Łódź".into();
    m.online.as_mut().expect("online").certifier = "Đặng Văn Lâm".into();
    let pdf = realis_pdf::certificate(&m).expect("renders");
    // Logo, cachet, 31 rows and two embedded faces.
    assert!(pdf.len() <= 100 * 1024, "{} bytes", pdf.len());
    let text = text_of(&pdf, "names");
    for needle in [
        "Je soussigné(e) Dvořák,",
        "compétences Institut Ærøskøbing,",
        "atteste que Łukasz Żółć Nguyễn Thị Minh Khai,",
        "salarié(e) de l'entreprise Şükrü Sarl,",
        "a suivi l'action Tiếng Việt — «niveau ≥ B2»",
        "Fait à Łódź, le 02/11/2026",
        "Certifié par Đặng Văn Lâm le",
        "Łukasz Żółć Nguyễn Thị Minh Khai — Tiếng Việt",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    assert!(!text.contains('?'), "{text}");
}

#[test]
fn decomposed_accents_print_like_the_precomposed_letters_once_normalised() {
    // What `Label::parse` stores for «Nguye\u{302}\u{303}n» typed with combining accents.
    let stored =
        realis_domain::Label::parse("Nguye\u{302}\u{303}n Thi\u{323}", 100).expect("label");
    let mut m = realis_pdf::sample::certificate();
    m.beneficiary = stored.into_string();
    let text = text_of(&realis_pdf::certificate(&m).expect("renders"), "nfc");
    assert!(text.contains("atteste que Nguyễn Thị,"), "{text}");
}

#[test]
fn the_consent_letter_prints_latin_names_exactly() {
    let pdf = consent_letter(&ConsentLetterModel {
        organisation_name: format!("Institut {}", NAMES[2]),
        siret: "73282932000074".into(),
        address_lines: vec!["ul. Żółkiewskiego 5".into(), "75005 Paris".into()],
        nda: None,
        legal_representative: NAMES[0].into(),
        certifiers: vec![NAMES[1].into(), NAMES[3].into(), NAMES[4].into()],
        funder_name: "Transitions Pro Île-de-France".into(),
        city: "Paris".into(),
    })
    .expect("renders");
    assert!(pdf.len() <= 100 * 1024, "{} bytes", pdf.len());
    let text = text_of(&pdf, "letter");
    for needle in [
        "Je soussigné(e) Łukasz Żółć, représentant légal d'Institut Ærøskøbing",
        "ul. Żółkiewskiego 5",
        "• Nguyễn Thị Minh Khai",
        "• Şükrü",
        "• Dvořák",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

#[test]
fn text_stored_before_the_input_rule_renders_with_question_marks_instead_of_failing() {
    let mut m = realis_pdf::sample::certificate();
    m.beneficiary = "Иван Zoé\u{202E}".into();
    let text = text_of(&realis_pdf::certificate(&m).expect("renders"), "legacy");
    assert!(text.contains("atteste que ???? Zoé,"), "{text}");
}

/// Code points that have a glyph in a TrueType face.
fn coverage(ttf: &[u8]) -> Vec<char> {
    let font = rusttype::Font::from_bytes(ttf).expect("a TrueType font");
    ('\0'..=char::MAX)
        .filter(|&c| font.glyph(c).id().0 != 0)
        .collect()
}

#[test]
fn the_domain_table_of_printable_characters_is_exactly_the_coverage_of_every_face() {
    let table: Vec<char> = realis_domain::printable::font_chars().collect();
    assert!(table.len() > 1000, "{}", table.len());
    for (name, ttf) in realis_pdf::FACES {
        let font = coverage(ttf);
        let missing: Vec<String> = table
            .iter()
            .filter(|c| font.binary_search(c).is_err())
            .map(|c| format!("U+{:04X}", u32::from(*c)))
            .collect();
        assert!(missing.is_empty(), "{name} lacks {missing:?}");
        let extra: Vec<String> = font
            .iter()
            .filter(|c| table.binary_search(c).is_err())
            .map(|c| format!("U+{:04X}", u32::from(*c)))
            .collect();
        assert!(extra.is_empty(), "{name} also prints {extra:?}");
    }
}

#[test]
fn only_the_faces_used_are_embedded_and_only_as_subsets() {
    let pdf = realis_pdf::certificate(&realis_pdf::sample::certificate()).expect("renders");
    let out = Command::new("pdffonts")
        .arg(write(&pdf, "fonts"))
        .output()
        .expect("pdffonts");
    let report = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = report.lines().skip(2).collect();
    // Regular and bold embedded; italic («Signature électronique») is the built-in Helvetica.
    assert_eq!(rows.len(), 3, "{report}");
    assert!(report.contains("Helvetica-Oblique"), "{report}");
    for row in rows.iter().filter(|r| !r.contains("Helvetica")) {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(
            cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+',
            "{report}"
        );
        assert!(cols[0].contains("RealisSans-"), "{report}");
        // emb sub uni: yes yes yes.
        assert_eq!(
            cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "{report}"
        );
    }
}
