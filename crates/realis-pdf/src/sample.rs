//! A realistic certificate for tests and the P4 benchmark (feature `testing`).

use crate::{CertificateModel, GridRow, OnlineSignature};

/// A plain PNG of one colour.
pub fn png(w: u32, h: u32, rgba: [u8; 4]) -> Vec<u8> {
    let img = image023::RgbaImage::from_pixel(w, h, image023::Rgba(rgba));
    let mut out = Vec::new();
    image023::DynamicImage::ImageRgba8(img)
        .write_to(&mut out, image023::ImageOutputFormat::Png)
        .expect("png");
    out
}

/// A realistic month: logo, stamp, 31 rows, online signature.
pub fn certificate() -> CertificateModel {
    let days = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    CertificateModel {
        dossier_number: "2026-IDF-000101".into(),
        organisation_name: "Formapro Conseil".into(),
        address_lines: vec!["12 rue des Écoles".into(), "75005 Paris".into()],
        phone: Some("01 44 00 00 00".into()),
        siret: "73282932000074".into(),
        nda: Some("11755555575".into()),
        logo: Some(png(800, 300, [29, 78, 137, 255])),
        stamp: Some(png(400, 400, [180, 30, 30, 128])),
        legal_representative: "Jean Lefèvre".into(),
        beneficiary: "Michelle DUBOIS".into(),
        employer: "Pharmaplus".into(),
        training_title: "1ère année pharmacie".into(),
        scheme: Default::default(),
        distance_note: true,
        from: "01/10/2026".into(),
        to: "31/10/2026".into(),
        hours: "147,50".into(),
        city: "Paris".into(),
        made_on: "02/11/2026".into(),
        online: Some(OnlineSignature {
            certifier: "Sophie Bernard".into(),
            signed_at: "02/11/2026 à 10:42".into(),
            code_sent_to: "o***@formapro.test".into(),
            ip: Some("192.0.2.10".into()),
            sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        }),
        draft: false,
        period_label: "Octobre 2026".into(),
        grid_headers: vec!["Formation".into(), "Stage".into(), "Absence".into()],
        grid_rows: (1..=31)
            .map(|d| GridRow {
                label: format!("{} {d:02}", days[(d as usize + 3) % 7]),
                cells: vec![
                    if (d + 3) % 7 < 5 {
                        "7,00".into()
                    } else {
                        String::new()
                    },
                    String::new(),
                    String::new(),
                ],
            })
            .collect(),
        grid_totals: vec!["147,50".into(), "0,00".into(), "0,00".into()],
        verification_code: "RLS-7K2M-9QXD".into(),
        verification_url: "https://realis.example/verify/RLS-7K2M-9QXD".into(),
    }
}
