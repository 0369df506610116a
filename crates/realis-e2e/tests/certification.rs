//! Certification in the browser against a real SMTP server: the demo OF certifies one month by
//! upload and another online (the code read from the received e-mail, a wrong code first); the
//! beneficiary sees the month awaiting her validation and gets the PDF; the public page verifies it.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use fantoccini::key::Key;
use realis_e2e::{Api, Harness, largest_dark_square_of_pdf, write_pdf, write_png, write_stamp_png};
use realis_mail::testing::SmtpSink;

/// Opens the n-th month of the first demo dossier, enters 7 h a day, saves and prepares it.
async fn prepare_month(h: &Harness, dossier_url: &str, n: usize) -> anyhow::Result<()> {
    open_month(h, dossier_url, n).await?;
    h.testid("fill-7h").await?.click().await?;
    h.testid("save-hours").await?.click().await?;
    h.text_contains("grid-saved", "Heures enregistrées").await?;
    h.testid("hours-certified").await?.click().await?;
    h.click_until("prepare-ok", "month-status", "En attente de certification")
        .await?;
    h.testid("certify").await?;
    Ok(())
}

/// Opens the n-th month of the first demo dossier.
async fn open_month(h: &Harness, dossier_url: &str, n: usize) -> anyhow::Result<()> {
    h.client.goto(dossier_url).await?;
    h.text_contains("months", "En attente").await?;
    let links = h
        .client
        .find_all(Locator::Css("[data-testid=months] a"))
        .await?;
    links[n].click().await?;
    h.text_contains("month-title", "Certificat de réalisation")
        .await?;
    Ok(())
}

/// The row of the first day of the grid that can be typed in.
async fn first_open_day(h: &Harness) -> anyhow::Result<usize> {
    for i in 0..31 {
        let cell = h.testid(&format!("cell-{i}-0")).await?;
        if cell.prop("disabled").await?.as_deref() != Some("true") {
            let row = h.testid(&format!("row-{i}")).await?;
            let class = row.attr("class").await?.unwrap_or_default();
            if class.is_empty() {
                return Ok(i);
            }
        }
    }
    anyhow::bail!("no open working day in the grid")
}

fn code_from(sink: &SmtpSink, already: usize) -> anyhow::Result<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let codes: Vec<String> = sink
            .messages()
            .into_iter()
            .filter(|m| m.subject.contains("Code de vérification"))
            .map(|m| {
                let needle = "Code de vérification\u{a0}: ";
                let start = m.text.find(needle).map(|i| i + needle.len());
                start
                    .map(|s| {
                        m.text[s..]
                            .chars()
                            .take_while(char::is_ascii_digit)
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .collect();
        if codes.len() > already {
            return Ok(codes[codes.len() - 1].clone());
        }
        anyhow::ensure!(Instant::now() < deadline, "no code e-mail arrived");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[tokio::test]
async fn the_of_certifies_by_upload_and_online_and_the_beneficiary_gets_the_pdf()
-> anyhow::Result<()> {
    let sink = SmtpSink::start().map_err(anyhow::Error::msg)?;
    let Some(h) = Harness::start_with("certification", &[("REALIS_SMTP_URL", sink.url())]).await?
    else {
        return Ok(());
    };
    let api = Api::new(&h.base);
    let files: PathBuf = h.data_dir.join("files");
    std::fs::create_dir_all(&files)?;
    write_png(&files.join("logo.png"), 360, 120, (29, 78, 137))?;
    // A cachet scanned as a transparent PNG (issue 8, item 3).
    write_stamp_png(&files.join("cachet.png"), 160, (180, 30, 30))?;
    write_pdf(&files.join("kbis.pdf"))?;
    write_png(&files.join("feuille.png"), 400, 560, (250, 250, 250))?;
    api.make_online_ready(&files).await?;

    h.login_demo("of@formapro.test").await?;
    h.client
        .find(Locator::LinkText("Mes dossiers"))
        .await?
        .click()
        .await?;
    h.text_contains("dossiers", "2026-IDF-000101").await?;
    h.client
        .find(Locator::LinkText("2026-IDF-000101"))
        .await?
        .click()
        .await?;
    h.text_contains("months", "En attente").await?;
    let dossier_url = h.client.current_url().await?;

    // Certification 1: upload the signed scan and an attendance sheet, then «Certifier».
    prepare_month(&h, dossier_url.as_str(), 0).await?;
    h.click_until(
        "mode-upload",
        "certify",
        "Étape 2 : Joindre le certificat de réalisation signé",
    )
    .await?;

    h.upload(
        "signed-input",
        &files.join("kbis.pdf"),
        "certify",
        "Certificat signé (PDF",
    )
    .await?;
    h.upload(
        "sheet-input",
        &files.join("feuille.png"),
        "certify",
        "Attestation de présence (PNG",
    )
    .await?;
    h.scroll_to("upload-dialog").await?;
    h.screenshot("30-certification-upload-dialog").await?;
    let said = h
        .confirm_until(
            "certify-upload",
            "Vous allez certifier",
            "flash",
            "Certification effectuée",
        )
        .await?;
    assert!(said.contains("heures de présence en formation"), "{said}");
    h.text_contains(
        "month-status",
        "En attente de validation par le bénéficiaire",
    )
    .await?;
    let upload_code = h.testid("verification-code").await?.text().await?;
    h.scroll_to("certificate").await?;
    h.screenshot("31-certified-by-upload").await?;

    // Certification 2, after entries typed and NOT saved before «Ok» (issue 8, item 1): a
    // reload keeps them, a menu link asks before leaving them, and «Ok» certifies exactly them.
    open_month(&h, dossier_url.as_str(), 1).await?;
    h.testid("fill-7h").await?.click().await?;
    let first_day = first_open_day(&h).await?;
    let cell = h.testid(&format!("cell-{first_day}-0")).await?;
    cell.clear().await?;
    cell.send_keys("3,5").await?;
    h.text_contains("unsaved", "non enregistrées").await?;
    let on_screen = h.testid("totals").await?.text().await?;
    h.client.refresh().await?;
    h.text_contains("draft-restored", "restaurées").await?;
    assert_eq!(
        h.testid("totals").await?.text().await?,
        on_screen,
        "the draft is back"
    );
    h.client
        .find(Locator::LinkText("Tableau de bord"))
        .await?
        .click()
        .await?;
    let question = h.client.get_alert_text().await?;
    assert!(question.contains("non enregistrées"), "{question}");
    h.client.dismiss_alert().await?;
    h.text_contains("month-title", "Certificat de réalisation")
        .await?;
    h.screenshot("31b-unsaved-before-ok").await?;
    h.testid("hours-certified").await?.click().await?;
    h.click_until("prepare-ok", "month-status", "En attente de certification")
        .await?;
    let prepared_url = h.client.current_url().await?;
    let of = api.token("of@formapro.test").await?;
    let m: serde_json::Value = api
        .client
        .get(format!(
            "{}/api/v1{}",
            api.base,
            prepared_url.path().replace("/mois/", "/months/")
        ))
        .bearer_auth(&of)
        .send()
        .await?
        .json()
        .await?;
    let training = m["totals"]["training"].as_f64().unwrap_or_default();
    assert!(
        on_screen.contains(&format!("{training:.2}").replace('.', ",")),
        "prepared {training} h, the screen said {on_screen}"
    );
    assert_eq!(m["status"], "awaiting_certification");
    // The online mode is offered first when it is available, with the IP consent only.
    assert_eq!(
        h.testid("mode-online")
            .await?
            .prop("checked")
            .await?
            .as_deref(),
        Some("true")
    );
    h.testid("online-ip").await?.click().await?;
    h.scroll_to("online-dialog").await?;
    h.screenshot("32-online-boxes").await?;
    h.confirm_until(
        "online-certify",
        "Vous allez certifier",
        "online-dialog",
        "Choix de la méthode d'authentification",
    )
    .await?;
    h.testid("channel-email").await?;
    h.screenshot("33-online-send-code").await?;
    h.click_until("send-code", "code-sent", "Il est valable jusqu'au")
        .await?;
    h.text_contains("code-countdown", "Temps restant").await?;
    h.text_contains("resend-code", "(dans").await?;
    let code = code_from(&sink, 0)?;
    anyhow::ensure!(code.len() == 6, "a 6-digit code, got {code:?}");
    let wrong: String = code
        .chars()
        .map(|c| {
            if c == '9' {
                '0'
            } else {
                char::from(c as u8 + 1)
            }
        })
        .collect();
    h.testid("code-input").await?.send_keys(&wrong).await?;
    h.testid("verify-code").await?.click().await?;
    h.text_contains("code-error", "Il vous reste 2 essais.")
        .await?;
    h.scroll_to("online-dialog").await?;
    h.screenshot("34-online-wrong-code").await?;
    let input = h.testid("code-input").await?;
    input.clear().await?;
    input.send_keys(&code).await?;
    h.click_until("verify-code", "flash", "Certification effectuée")
        .await?;
    h.testid("show-evidence").await?.click().await?;
    h.text_contains("evidence", "Code de vérification envoyé par e-mail")
        .await?;
    h.text_contains("chain", "intègre").await?;
    h.scroll_to("certificate").await?;
    h.screenshot("35-certified-online-evidence").await?;
    let month_url = h.client.current_url().await?;
    h.logout().await?;

    // The beneficiary: the month awaits her validation; she downloads the PDF.
    h.login_demo("michelle.dubois@realis.test").await?;
    h.text_contains("dashboard", "En attente de validation par le bénéficiaire")
        .await?;
    h.screenshot("36-beneficiary-dashboard").await?;
    h.client.goto(month_url.as_str()).await?;
    let link = h.testid("download-pdf").await?;
    let name = link.attr("download").await?.unwrap_or_default();
    assert!(
        name.starts_with("certificat-2026-IDF-000101-") && name.ends_with(".pdf"),
        "{name}"
    );
    assert!(
        link.attr("href")
            .await?
            .unwrap_or_default()
            .starts_with("blob:"),
        "the PDF is fetched once and shown in the page"
    );
    h.testid("pdf-frame").await?;
    let online_code = h.testid("verification-code").await?.text().await?;
    h.screenshot("37-beneficiary-month").await?;
    let michelle = api.token("michelle.dubois@realis.test").await?;
    let path = month_url.path().replace("/mois/", "/months/");
    let res = api
        .client
        .get(format!("{}/api/v1{path}/certificate.pdf", api.base))
        .bearer_auth(&michelle)
        .send()
        .await?;
    anyhow::ensure!(res.status().is_success(), "PDF: {}", res.status());
    let pdf = res.bytes().await?;
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screenshots");
    std::fs::write(out.join("38-certificate-online.pdf"), &pdf)?;
    // The transparent cachet prints as a ring, not as a black block.
    let block = largest_dark_square_of_pdf(&out.join("38-certificate-online.pdf"))?;
    assert!(
        block < 8,
        "a {block} px solid black square on the certificate"
    );
    // Rendered to PNG for a look (poppler-utils).
    let _ = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "60"])
        .arg(out.join("38-certificate-online.pdf"))
        .arg(out.join("38-certificate-online"))
        .status();
    h.logout().await?;

    // The public verification page, without login.
    for (code, shot) in [
        (&online_code, "39-verify-online"),
        (&upload_code, "40-verify-upload"),
    ] {
        h.goto(&format!("/verify/{code}")).await?;
        h.text_contains("verify-result", "authentique").await?;
        h.text_contains("verify-dossier", "2026-IDF-000101").await?;
        h.screenshot(shot).await?;
    }
    h.goto("/verify/0000-0000-0000").await?;
    h.text_contains("verify-error", "Aucun certificat").await?;
    h.close().await
}

/// The URL paths of the first two months of the first demo dossier that await entry.
async fn months_awaiting_entry(api: &Api, of: &str) -> anyhow::Result<Vec<String>> {
    let page = api
        .call(
            of,
            reqwest::Method::GET,
            "/dossiers?q=2026-IDF-000101",
            None,
        )
        .await?;
    let id = page["items"][0]["id"].as_i64().unwrap_or_default();
    let months = api
        .call(
            of,
            reqwest::Method::GET,
            &format!("/dossiers/{id}/months"),
            None,
        )
        .await?;
    let periods: Vec<String> = months
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["status"] == "awaiting_entry")
        .filter_map(|m| {
            m["period"]
                .as_str()
                .map(|p| format!("/dossiers/{id}/mois/{p}"))
        })
        .take(2)
        .collect();
    anyhow::ensure!(periods.len() == 2, "two months awaiting entry: {months}");
    Ok(periods)
}

/// Fails on any axe-core violation of the page as it is now.
async fn no_axe_violation(h: &Harness, state: &str) -> anyhow::Result<()> {
    if let Some(violations) = h.axe().await? {
        assert!(
            violations.is_empty(),
            "axe-core on «{state}»: {violations:#?}"
        );
    }
    Ok(())
}

/// From the page's start, Tab into the grid, type hours in three days (arrows move down), save
/// with Ctrl+S, tick «Je certifie la saisie des heures» (and the IP consent when offered) with
/// Space, and press «Ok» with Enter.
async fn enter_hours_and_ok_by_keyboard(h: &Harness, ip_consent: bool) -> anyhow::Result<()> {
    // The CSV import field sits in the toolbar, in the tab order, before the grid.
    h.tab_to("import").await?;
    h.tab_until("cell-", false, 10).await?;
    let down = char::from(Key::Down).to_string();
    for hours in ["7", "7", "7,5"] {
        h.press(hours).await?;
        h.press(&down).await?;
    }
    h.chord(Key::Control, 's').await?;
    h.text_contains("grid-saved", "Heures enregistrées").await?;
    h.tab_to("hours-certified").await?;
    h.press(" ").await?;
    if ip_consent {
        h.press(&char::from(Key::Tab).to_string()).await?;
        h.focus_lands_on("ip-consent").await?;
        h.press(" ").await?;
    }
    h.tab_to("prepare-ok").await?;
    h.press(&char::from(Key::Enter).to_string()).await?;
    h.text_contains("month-status", "En attente de certification")
        .await?;
    h.testid("certify").await?;
    Ok(())
}

/// In the open confirmation, the focus is inside; Tab to its «Certifier»/«Continuer», Enter.
async fn confirm_by_keyboard(h: &Harness, state: &str) -> anyhow::Result<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !h.dialog_open().await {
        anyhow::ensure!(Instant::now() < deadline, "the confirmation did not open");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let said = h.testid("confirm-dialog").await?.text().await?;
    h.focus_lands_on("confirm-no").await?;
    no_axe_violation(h, state).await?;
    h.press(&char::from(Key::Tab).to_string()).await?;
    h.focus_lands_on("confirm-yes").await?;
    h.press(&char::from(Key::Enter).to_string()).await?;
    Ok(said)
}

/// Issue #9 item 6: a keyboard alone certifies a month by upload and another online — Tab,
/// Shift+Tab, arrows, Enter, Space, Ctrl+S and typed text to whatever has the focus, never a
/// click. The file itself is chosen by sending its path to the focused file input (WebDriver
/// cannot drive the system's file dialog; the input must be focusable for that). axe-core checks
/// each state passed through: the confirmation, the code entry, the certified month.
#[tokio::test]
async fn a_keyboard_alone_certifies_by_upload_and_online() -> anyhow::Result<()> {
    let sink = SmtpSink::start().map_err(anyhow::Error::msg)?;
    let Some(h) =
        Harness::start_with("certification-keyboard", &[("REALIS_SMTP_URL", sink.url())]).await?
    else {
        return Ok(());
    };
    let api = Api::new(&h.base);
    let files: PathBuf = h.data_dir.join("files");
    std::fs::create_dir_all(&files)?;
    write_png(&files.join("logo.png"), 360, 120, (29, 78, 137))?;
    write_stamp_png(&files.join("cachet.png"), 160, (180, 30, 30))?;
    write_pdf(&files.join("kbis.pdf"))?;
    write_png(&files.join("feuille.png"), 400, 560, (250, 250, 250))?;
    // Certification 1 needs the logo only; online certification is not available yet.
    let of = api.token("of@formapro.test").await?;
    api.put(
        &of,
        "/organisation/logo",
        "image/png",
        &files.join("logo.png"),
    )
    .await?;
    let months = months_awaiting_entry(&api, &of).await?;
    let tab = char::from(Key::Tab).to_string();
    let enter = char::from(Key::Enter).to_string();

    // Sign in with the keyboard.
    h.goto("/connexion").await?;
    h.tab_to("login").await?;
    h.press("of@formapro.test").await?;
    h.press(&tab).await?;
    h.focus_lands_on("password").await?;
    h.press("realis-demo-2026").await?;
    h.press(&enter).await?;
    h.testid("pending-count").await?;

    // Certification 1.
    h.goto(&months[0]).await?;
    h.text_contains("month-title", "Certificat de réalisation")
        .await?;
    enter_hours_and_ok_by_keyboard(&h, false).await?;
    h.text_contains(
        "certify",
        "Étape 2 : Joindre le certificat de réalisation signé",
    )
    .await?;
    h.text_contains("certify", "Étape 3 : Joindre l'attestation de présence")
        .await?;
    h.text_contains("draft-ready", "Étape 1").await?;
    h.tab_to("signed-input").await?;
    h.upload_by_keyboard(
        "signed-input",
        &files.join("kbis.pdf"),
        "signed-file",
        "Certificat signé (PDF",
    )
    .await?;
    // The month reloads with the file: the focus is back on the field it came from.
    h.focus_lands_on("signed-input").await?;
    h.tab_to("sheet-input").await?;
    h.upload_by_keyboard(
        "sheet-input",
        &files.join("feuille.png"),
        "sheet-file",
        "Attestation de présence (PNG",
    )
    .await?;
    h.focus_lands_on("sheet-input").await?;
    // Shift+Tab goes back to the signed scan's field, Tab forward to «Certifier».
    h.tab_until("signed-input", true, 10).await?;
    h.tab_to("certify-upload").await?;
    h.press(&enter).await?;
    let said = confirm_by_keyboard(&h, "certification 1: confirmation").await?;
    assert!(said.contains("Vous allez certifier"), "{said}");
    h.text_contains("flash", "Certification effectuée").await?;
    h.testid("verification-code").await?;
    h.screenshot("72-keyboard-certified-by-upload").await?;
    no_axe_violation(&h, "certification 1: certified").await?;

    // Certification 2, once the identity is ready for it.
    api.make_online_ready(&files).await?;
    h.goto(&months[1]).await?;
    h.text_contains("month-title", "Certificat de réalisation")
        .await?;
    enter_hours_and_ok_by_keyboard(&h, true).await?;
    h.text_contains("ip-consented", "Vous avez accepté").await?;
    h.tab_to("online-certify").await?;
    h.press(&enter).await?;
    let said = confirm_by_keyboard(&h, "certification 2: confirmation").await?;
    assert!(said.contains("Un code de vérification"), "{said}");
    // The focus follows to the choice of the channel, then «Continuer».
    h.focus_lands_on("channel-email").await?;
    h.press(&tab).await?;
    h.focus_lands_on("send-code").await?;
    h.press(&enter).await?;
    h.text_contains("code-sent", "Il est valable jusqu'au")
        .await?;
    h.focus_lands_on("code-input").await?;
    // The time left is said once a minute in a polite live region the field points to; the
    // countdown by the second is for the eyes only.
    let live = h.testid("code-time-live").await?;
    assert_eq!(live.attr("aria-live").await?.as_deref(), Some("polite"));
    let said_first = h
        .js_string("return document.getElementById('code-time').textContent")
        .await?;
    assert_eq!(said_first, "Il vous reste 10 minutes pour saisir le code.");
    assert_eq!(
        h.testid("code-countdown")
            .await?
            .attr("aria-hidden")
            .await?
            .as_deref(),
        Some("true")
    );
    let described = h
        .testid("code-input")
        .await?
        .attr("aria-describedby")
        .await?
        .unwrap_or_default();
    assert!(described.contains("code-time"), "{described}");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(
        h.js_string("return document.getElementById('code-time').textContent")
            .await?,
        said_first,
        "the live region did not change with the seconds"
    );
    no_axe_violation(&h, "certification 2: code entry").await?;
    h.screenshot("73-keyboard-code-entry").await?;

    let code = code_from(&sink, 0)?;
    let wrong: String = code
        .chars()
        .map(|c| {
            if c == '9' {
                '0'
            } else {
                char::from(c as u8 + 1)
            }
        })
        .collect();
    // Enter before the code is typed says what is missing.
    h.press(&enter).await?;
    h.text_contains("code-error", "Saisissez les 6 chiffres du code")
        .await?;
    h.press(&wrong).await?;
    h.press(&enter).await?;
    let error = h
        .text_contains("code-error", "Il vous reste 2 essais.")
        .await?;
    assert!(!error.contains("essai(s)"), "{error}");
    let input = h.testid("code-input").await?;
    let described = input.attr("aria-describedby").await?.unwrap_or_default();
    assert!(
        described.split(' ').any(|id| id == "code-error"),
        "the error is tied to the field: {described}"
    );
    assert_eq!(input.attr("aria-invalid").await?.as_deref(), Some("true"));
    no_axe_violation(&h, "certification 2: wrong code").await?;
    h.focus_lands_on("code-input").await?;
    h.chord(Key::Control, 'a').await?;
    h.press(&code).await?;
    h.press(&enter).await?;
    h.text_contains("flash", "Certification effectuée").await?;
    h.testid("verification-code").await?;
    h.screenshot("74-keyboard-certified-online").await?;
    no_axe_violation(&h, "certification 2: certified").await?;
    h.close().await
}
