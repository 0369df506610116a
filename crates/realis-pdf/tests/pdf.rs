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
        "{} bytes: fonts are subset",
        pdf.len()
    );
    let text = text_of(&pdf, "consent");
    for needle in [
        "LETTRE DE CONSENTEMENT",
        "Je soussigné(e) Jean Lefèvre",
        "Formapro Conseil",
        "SIRET : 732 829 320 00074",
        "représentant légal de Formapro Conseil (SIRET 732 829 320 00074)",
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
        organisation_name: "Institut Łódź".into(),
        siret: "35600000049837".into(),
        funder_name: "Transitions Pro".into(),
        ..Default::default()
    })
    .expect("renders");
    let text = text_of(&pdf, "blank");
    assert!(text.contains("Je soussigné(e) ……"), "{text}");
    assert!(
        text.contains("représentant légal d'Institut Łódź"),
        "{text}"
    );
}

#[test]
fn the_certificate_carries_the_legal_wording_names_dates_hours_and_verification() {
    let pdf = realis_pdf::certificate(&realis_pdf::sample::certificate()).expect("renders");
    assert!(
        pdf.len() < 100 * 1024,
        "{} bytes with logo, stamp and 31 rows",
        pdf.len()
    );
    let text = text_of(&pdf, "certificate");
    for needle in [
        "CERTIFICAT DE RÉALISATION",
        "Je soussigné(e) Jean Lefèvre",
        "représentant légal du dispensateur de l'action concourant au développement des compétences Formapro Conseil",
        "atteste que Michelle DUBOIS",
        "salarié(e) de l'entreprise Pharmaplus",
        "a suivi l'action 1ère année pharmacie",
        "[X] action de formation",
        "[ ] bilan de compétences",
        "[ ] action de VAE",
        "[ ] action de formation par apprentissage",
        "qui s'est déroulée du 01/10/2026 au 31/10/2026",
        "pour une durée de 147,50 heures réalisées",
        "pendant une durée de 3 ans à compter de la fin de l'année du dernier paiement",
        "Fait à Paris, le 02/11/2026",
        "Cachet et signature du responsable du dispensateur de formation",
        "Certifié par Sophie Bernard le 02/11/2026 à 10:42",
        "Code envoyé à o***@formapro.test",
        "Fiche de présence — Octobre 2026",
        "SIRET : 732 829 320 00074",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    assert_eq!(
        text.matches("Code de vérification : RLS-7K2M-9QXD").count(),
        2,
        "the footer is on both pages"
    );
}

/// Dark pixels of page 1 rendered at 50 dpi.
fn dark_pixels(pdf: &[u8], name: &str) -> usize {
    let dir = std::env::temp_dir().join(format!("realis-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("write");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&path)
        .arg(dir.join(name))
        .status()
        .expect("pdftoppm");
    assert!(status.success());
    let page = image023::open(dir.join(format!("{name}.png")))
        .expect("page image")
        .to_luma8();
    page.pixels().filter(|p| p.0[0] < 60).count()
}

#[test]
fn a_transparent_cachet_and_logo_print_as_paper_not_as_black_blocks() {
    let mut plain = realis_pdf::sample::certificate();
    plain.logo = None;
    plain.stamp = None;
    let baseline = dark_pixels(&realis_pdf::certificate(&plain).expect("pdf"), "no-images");
    // A cachet scanned as a PNG with a transparent background and an ink ring, and a logo whose
    // background is transparent black (the usual export), both RGBA.
    let mut stamp = image023::RgbaImage::from_pixel(400, 400, image023::Rgba([0, 0, 0, 0]));
    for (x, y, p) in stamp.enumerate_pixels_mut() {
        let d = ((f64::from(x) - 200.0).powi(2) + (f64::from(y) - 200.0).powi(2)).sqrt();
        if (170.0..185.0).contains(&d) {
            *p = image023::Rgba([30, 60, 170, 255]);
        }
    }
    let encode = |img: image023::RgbaImage| {
        let mut out = Vec::new();
        image023::DynamicImage::ImageRgba8(img)
            .write_to(&mut out, image023::ImageOutputFormat::Png)
            .expect("png");
        out
    };
    let mut with_images = plain.clone();
    with_images.stamp = Some(encode(stamp));
    with_images.logo = Some(encode(image023::RgbaImage::from_pixel(
        800,
        300,
        image023::Rgba([0, 0, 0, 0]),
    )));
    let dark = dark_pixels(
        &realis_pdf::certificate(&with_images).expect("pdf"),
        "transparent",
    );
    // A black block of the stamp's size alone would add thousands of dark pixels.
    assert!(
        dark <= baseline + 150,
        "{dark} dark pixels with transparent images, {baseline} without"
    );
}

/// `pdfinfo`'s report of a PDF.
fn info_of(pdf: &[u8], name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("realis-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("write");
    let out = Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Issue 8, item 5: the title reads in French, no PDF/X conformance is claimed, and the dossier
/// number is printed.
#[test]
fn the_certificate_names_its_dossier_and_its_metadata_reads_in_french() {
    let pdf = realis_pdf::certificate(&realis_pdf::sample::certificate()).expect("renders");
    let info = info_of(&pdf, "metadata");
    assert!(
        info.contains("Title:           Certificat de réalisation — Octobre 2026"),
        "{info}"
    );
    assert!(!info.contains("PDF/X"), "{info}");
    assert!(pdf.len() < 100 * 1024);
    let text = text_of(&pdf, "numbered");
    assert!(text.contains("N° dossier : 2026-IDF-000101"), "{text}");
    let letter = consent_letter(&ConsentLetterModel {
        organisation_name: "Formapro Conseil".into(),
        siret: "73282932000074".into(),
        address_lines: vec![],
        nda: None,
        legal_representative: "Jean Lefèvre".into(),
        certifiers: vec![],
        funder_name: "Transitions Pro Île-de-France".into(),
        city: "Paris".into(),
    })
    .expect("renders");
    let info = info_of(&letter, "letter-metadata");
    assert!(
        info.contains("Title:           Lettre de consentement — certification dématérialisée"),
        "{info}"
    );
}

#[test]
fn the_certificate_ticks_the_nature_of_the_dossiers_scheme_and_only_it() {
    use realis_domain::dossier::Scheme;
    for scheme in Scheme::ALL {
        let model = realis_pdf::CertificateModel {
            scheme,
            ..realis_pdf::sample::certificate()
        };
        let pdf = realis_pdf::certificate(&model).expect("renders");
        let text = text_of(&pdf, &format!("nature-{}", scheme.as_str()));
        for s in Scheme::ALL {
            let mark = if s == scheme { "[X]" } else { "[ ]" };
            let line = format!("{mark} {}", s.nature_fr());
            // «action de formation» is a prefix of «… par apprentissage»: match up to the next box.
            let found = text.match_indices(&line).any(|(i, _)| {
                let rest = &text[i + line.len()..];
                rest.starts_with(" [") || rest.starts_with(" qui")
            });
            assert!(found, "{scheme:?}: expected {line:?} in:\n{text}");
        }
    }
}

#[test]
fn the_footnote_on_distance_learning_prints_only_when_asked() {
    const NOTE: &str = "Dans le cas d'une formation à distance, les heures prises en compte \
                        correspondent aux activités réalisées et à leur durée estimée.";
    for (distance_note, name) in [(true, "distance"), (false, "presentiel")] {
        let model = realis_pdf::CertificateModel {
            distance_note,
            ..realis_pdf::sample::certificate()
        };
        let pdf = realis_pdf::certificate(&model).expect("renders");
        let text = text_of(&pdf, &format!("note-{name}"));
        assert_eq!(text.contains(NOTE), distance_note, "{name}:\n{text}");
        assert!(
            text.contains("transition professionnelle est transmis mensuellement."),
            "the other footnote stays: {text}"
        );
    }
}

#[test]
fn the_monthly_transmission_note_is_the_ptps_only() {
    use realis_domain::dossier::Scheme;
    for scheme in Scheme::ALL {
        let model = realis_pdf::CertificateModel {
            scheme,
            ..realis_pdf::sample::certificate()
        };
        let pdf = realis_pdf::certificate(&model).expect("renders");
        let text = text_of(&pdf, &format!("monthly-{}", scheme.as_str()));
        assert_eq!(
            text.contains("transition professionnelle est transmis mensuellement."),
            scheme == Scheme::Ptp,
            "{scheme:?}:\n{text}"
        );
    }
}
