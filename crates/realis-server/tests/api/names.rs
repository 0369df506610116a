//! Names and labels typed by people (QUALITY S5/ASVS V5): normalised at input (NFC, trimmed,
//! inner whitespace collapsed), refused with control or bidi characters or with characters the
//! certificate cannot print; and neutralised where they leave as spreadsheet cells (the
//! transmission export).

use reqwest::Method;
use serde_json::{Value, json};

use crate::certification::{get_json, month_url, post};
use crate::helpers::{TestApp, pdf, png, problem, spawn_app};

/// Characters that reorder or hide text, and a control character.
const BAD: [char; 9] = [
    '\u{202E}', '\u{202A}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{0007}',
    '\u{0000}',
];

async fn organisation_id(t: &TestApp) -> Value {
    let of: Value = t
        .get_with("/api/v1/me", &t.token("of@formapro.test").await)
        .await
        .json()
        .await
        .expect("me");
    of["organisation_id"].clone()
}

/// A dossier request: `names` are the beneficiary's first and last names, the employer's name
/// and the training title.
fn dossier(org: &Value, number: &str, names: [&str; 4], email: &str) -> Value {
    let [first, last, employer, title] = names;
    json!({
        "number": number,
        "organisation_id": org,
        "beneficiary": { "first_name": first, "last_name": last, "email": email },
        "employer": { "name": employer, "email": "compta@autre-employeur.test" },
        "training_title": title,
        "session_start": "2026-09-07",
        "session_end": "2027-06-30",
        "planned_calendar": []
    })
}

fn field_codes(p: &Value) -> Vec<(String, String)> {
    p["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{e}");
            (
                e["field"].as_str().expect("field").to_owned(),
                e["code"].as_str().expect("code").to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn names_are_stored_in_nfc_trimmed_with_single_spaces_and_real_names_kept_intact() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let org = organisation_id(&t).await;
    // Decomposed accents (as some keyboards and PDFs produce them), CR/LF, TAB, double spaces.
    let body = dossier(
        &org,
        "  D-NOM\t1 ",
        [
            "  Zoé\r\n\tMarie  ",
            "D'Ho\u{302}tel",
            "Łukasz  Żółć-Nguye\u{302}\u{303}n",
            "S\u{326}tefan \u{A0} Ba\u{306}la\u{306}nescu",
        ],
        "zoe@realis.test",
    );
    let res = t
        .send_json(Method::POST, "/api/v1/funder/dossiers", &agent, &body)
        .await;
    assert_eq!(
        res.status(),
        201,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let d: Value = res.json().await.expect("json");
    assert_eq!(d["number"], "D-NOM 1");
    assert_eq!(d["beneficiary"], "Zoé Marie D'HÔTEL");
    assert_eq!(d["employer"], "Łukasz Żółć-Nguyễn");
    assert_eq!(d["training_title"], "Ștefan Bălănescu");
}

#[tokio::test]
async fn control_and_bidi_characters_are_refused_in_every_name_with_a_french_field_error() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let of = t.token("of@formapro.test").await;
    let admin = t.token("admin@realis.test").await;
    let org = organisation_id(&t).await;
    for c in BAD {
        let bad = format!("Dupont{c}Zoé");
        let body = dossier(
            &org,
            &format!("D{c}9"),
            [&bad, &bad, &bad, &bad],
            "x@realis.test",
        );
        let p = problem(
            t.send_json(Method::POST, "/api/v1/funder/dossiers", &agent, &body)
                .await,
            422,
            "validation_failed",
        )
        .await;
        let got = field_codes(&p);
        for field in [
            "number",
            "beneficiary.first_name",
            "beneficiary.last_name",
            "employer.name",
            "training_title",
        ] {
            assert!(
                got.contains(&(field.to_owned(), "invalid_characters".to_owned())),
                "{c:?} {field}: {got:?}"
            );
        }
        let p = problem(
            t.send_json(
                Method::POST,
                "/api/v1/organisation/users",
                &of,
                &json!({ "email": "nouveau@formapro.test", "display_name": bad, "certifier": false }),
            )
            .await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(
            field_codes(&p),
            vec![("display_name".to_owned(), "invalid_characters".to_owned())]
        );
        let current: Value = get_json(&t, &of, "/api/v1/organisation").await;
        let identity = json!({
            "name": bad, "email": current["email"], "address": "", "postal_code": "",
            "city": "", "mobile_phone": "", "landline_phone": "", "fax": "", "nda": "",
            "website": "", "legal_representative": bad, "certifier": true
        });
        let p = problem(
            t.send_json(Method::PUT, "/api/v1/organisation", &of, &identity)
                .await,
            422,
            "validation_failed",
        )
        .await;
        let got = field_codes(&p);
        for field in ["name", "legal_representative"] {
            assert!(
                got.contains(&(field.to_owned(), "invalid_characters".to_owned())),
                "{c:?} {field}: {got:?}"
            );
        }
        let body = json!({ "name": bad, "siret": "356 000 000 49837", "email": "contact@lumiere.test", "user": { "email": "direction@lumiere.test", "display_name": bad } });
        let got = field_codes(
            &problem(
                t.send_json(Method::POST, "/api/v1/funder/organisations", &agent, &body)
                    .await,
                422,
                "validation_failed",
            )
            .await,
        );
        for field in ["name", "user.display_name"] {
            assert!(
                got.contains(&(field.to_owned(), "invalid_characters".to_owned())),
                "{c:?} {field}: {got:?}"
            );
        }
        let body = json!({ "name": bad, "region": "Bretagne", "agent": { "email": "agent@tp-bzh.test", "display_name": "Anne Le Gall" } });
        let got = field_codes(
            &problem(
                t.send_json(Method::POST, "/api/v1/admin/funders", &admin, &body)
                    .await,
                422,
                "validation_failed",
            )
            .await,
        );
        assert_eq!(
            got,
            vec![("name".to_owned(), "invalid_characters".to_owned())]
        );
    }
}

#[tokio::test]
async fn formula_leading_names_reach_the_transmission_export_as_quoted_text() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let of = t.token("of@formapro.test").await;
    let org = organisation_id(&t).await;
    let body = dossier(
        &org,
        "-1+1",
        [
            "=HYPERLINK(\"http://evil.test\",\"x\")",
            "Dupont",
            "@SUM(1+1)",
            "+cmd|' /C calc'!A0",
        ],
        "csv@realis.test",
    );
    let res = t
        .send_json(Method::POST, "/api/v1/funder/dossiers", &agent, &body)
        .await;
    assert_eq!(
        res.status(),
        201,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let d: Value = res.json().await.expect("json");
    let id = d["id"].as_i64().expect("id");
    // Hours, preparation, upload certification, validation, transmission.
    t.put_bytes("/api/v1/organisation/logo", &of, "image/png", png(200, 80))
        .await;
    let m = get_json(&t, &of, &month_url(id, "2026-10", "")).await;
    let res = t
        .send_json(
            Method::PUT,
            &month_url(id, "2026-10", "/hours"),
            &of,
            &json!({ "version": m["version"], "days": [{ "date": "2026-10-15", "training": 7 }] }),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = post(
        &t,
        &of,
        &month_url(id, "2026-10", "/prepare"),
        json!({ "hours_certified": true }),
    )
    .await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let res = t
        .put_bytes(
            &month_url(id, "2026-10", "/signed-certificate"),
            &of,
            "application/pdf",
            pdf(),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = post(
        &t,
        &of,
        &month_url(id, "2026-10", "/certify"),
        json!({ "mode": "upload" }),
    )
    .await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let ben = crate::admin::activate(&t, "csv@realis.test").await;
    let res = post(
        &t,
        &ben,
        &month_url(id, "2026-10", "/validation"),
        json!({ "decision": "validate" }),
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = post(
        &t,
        &agent,
        "/api/v1/funder/transmissions",
        json!({ "months": [{ "dossier_id": id, "period": "2026-10" }] }),
    )
    .await;
    assert_eq!(res.status(), 201);
    let text = t
        .get_with("/api/v1/funder/transmissions.csv", &agent)
        .await
        .text()
        .await
        .expect("csv");
    let text = text.trim_start_matches('\u{feff}');
    let line = text.lines().nth(1).expect("a row");
    // Each formula-leading cell starts with a quote character, inside an RFC 4180 quoted cell.
    assert!(line.starts_with("\"'-1+1\";"), "{line}");
    assert!(
        line.contains(";\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"x\"\") DUPONT\";"),
        "{line}"
    );
    assert!(line.contains(";\"'@SUM(1+1)\";"), "{line}");
    for lead in ['=', '+', '-', '@'] {
        assert!(!line.contains(&format!(";{lead}")), "{lead} {line}");
        assert!(!line.contains(&format!(";\"{lead}")), "{lead} {line}");
    }
}

/// The text of a PDF as `pdftotext` reads it, on one line.
pub(crate) fn pdf_text(pdf: &[u8]) -> String {
    pdftotext(pdf, &[])
}

/// The text of page `page` (from 1) of a PDF, words joined by one space.
pub(crate) fn pdf_page_text(pdf: &[u8], page: usize) -> String {
    let page = page.to_string();
    pdftotext(pdf, &["-f", &page, "-l", &page])
}

fn pdftotext(pdf: &[u8], args: &[&str]) -> String {
    let path = std::env::temp_dir().join(format!(
        "realis-api-{}-{}-{}.pdf",
        std::process::id(),
        pdf.len(),
        args.join("")
    ));
    std::fs::write(&path, pdf).expect("write");
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .args(args)
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is installed (apt-get install poppler-utils)");
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Issue 8, item 4: a name the certificate would print as «?» is refused where it is typed; a
/// Latin-script name of any language is printed exactly.
#[tokio::test]
async fn names_the_certificate_cannot_print_are_refused_and_latin_names_print_exactly() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let of = t.token("of@formapro.test").await;
    let org = organisation_id(&t).await;
    let body = dossier(
        &org,
        "D-CYR",
        ["Дмитрий", "Иванов", "Пример ООО", "Formation ἀρχή"],
        "dmitri@realis.test",
    );
    let p = problem(
        t.send_json(Method::POST, "/api/v1/funder/dossiers", &agent, &body)
            .await,
        422,
        "validation_failed",
    )
    .await;
    let got = field_codes(&p);
    for field in [
        "beneficiary.first_name",
        "beneficiary.last_name",
        "employer.name",
        "training_title",
    ] {
        assert!(
            got.contains(&(field.to_owned(), "unprintable".to_owned())),
            "{field}: {got:?}"
        );
    }
    let message = p["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .find(|e| e["field"] == "beneficiary.last_name")
        .and_then(|e| e["message"].as_str())
        .expect("a message");
    assert_eq!(
        message,
        "Ce champ contient des caractères qui ne peuvent pas être imprimés sur le certificat \
         (alphabet latin uniquement)\u{a0}: «\u{a0}И\u{a0}»."
    );
    // The organisation's identity and its users' names are printed too.
    let current: Value = get_json(&t, &of, "/api/v1/organisation").await;
    let identity = json!({
        "name": "Формапро", "email": current["email"], "address": "", "postal_code": "",
        "city": "Αθήνα", "mobile_phone": "", "landline_phone": "", "fax": "", "nda": "",
        "website": "", "legal_representative": "王小明", "certifier": true
    });
    let got = field_codes(
        &problem(
            t.send_json(Method::PUT, "/api/v1/organisation", &of, &identity)
                .await,
            422,
            "validation_failed",
        )
        .await,
    );
    for field in ["name", "city", "legal_representative"] {
        assert!(
            got.contains(&(field.to_owned(), "unprintable".to_owned())),
            "{field}: {got:?}"
        );
    }
    let p = problem(
        t.send_json(
            Method::POST,
            "/api/v1/organisation/users",
            &of,
            &json!({ "email": "nouveau@formapro.test", "display_name": "محمد", "certifier": false }),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        field_codes(&p),
        vec![("display_name".to_owned(), "unprintable".to_owned())]
    );

    let body = dossier(
        &org,
        "D-LAT",
        [
            "Łukasz",
            "Żółć",
            "Nguyễn Thị Minh Khai SARL",
            "Dvořák, Ærøskøbing et Şükrü",
        ],
        "lukasz@realis.test",
    );
    let res = t
        .send_json(Method::POST, "/api/v1/funder/dossiers", &agent, &body)
        .await;
    assert_eq!(
        res.status(),
        201,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let d: Value = res.json().await.expect("json");
    assert_eq!(d["beneficiary"], "Łukasz ŻÓŁĆ");
    let id = d["id"].as_i64().expect("id");
    let res = t
        .get_with(&month_url(id, "2026-10", "/certificate.pdf"), &of)
        .await;
    assert_eq!(res.status(), 200);
    let text = pdf_text(&res.bytes().await.expect("pdf"));
    for needle in [
        "atteste que Łukasz ŻÓŁĆ,",
        "salarié(e) de l'entreprise Nguyễn Thị Minh Khai SARL,",
        "a suivi l'action Dvořák, Ærøskøbing et Şükrü",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    assert!(!text.contains('?'), "{text}");
}
