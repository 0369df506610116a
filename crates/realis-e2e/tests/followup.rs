//! After certification in the browser: the agent requires both validations; the beneficiary
//! validates; the employer validates one month and contests another with a comment; the OF sees
//! the contest, corrects and certifies again; the agent transmits and exports the CSV; a
//! settlement locks an open month and the OF sees the locked label.

use fantoccini::Locator;
use realis_e2e::{Api, Harness, write_pdf};

async fn open_month(h: &Harness, id: i64, period: &str) -> anyhow::Result<()> {
    h.goto(&format!("/dossiers/{id}/mois/{period}")).await?;
    h.text_contains("month-title", "Certificat de réalisation")
        .await?;
    Ok(())
}

#[tokio::test]
async fn validation_contest_recertification_transmission_and_settlement() -> anyhow::Result<()> {
    let Some(h) = Harness::start("followup").await? else {
        return Ok(());
    };
    let api = Api::new(&h.base);
    let files = h.data_dir.join("files");
    std::fs::create_dir_all(&files)?;
    let scan = files.join("scan.pdf");
    write_pdf(&scan)?;
    let of = api.token("of@formapro.test").await?;
    // The logo is the one blocking item of the demo OF.
    realis_e2e::write_png(&files.join("logo.png"), 200, 80, (29, 78, 137))?;
    let res = api
        .client
        .put(format!("{}/api/v1/organisation/logo", api.base))
        .bearer_auth(&of)
        .header("content-type", "image/png")
        .body(std::fs::read(files.join("logo.png"))?)
        .send()
        .await?;
    anyhow::ensure!(res.status().is_success(), "logo: {}", res.status());
    let list = api
        .call(&of, reqwest::Method::GET, "/dossiers?q=000101", None)
        .await?;
    let id = list["items"][0]["id"].as_i64().unwrap_or_default();
    let months = api
        .call(
            &of,
            reqwest::Method::GET,
            &format!("/dossiers/{id}/months"),
            None,
        )
        .await?;
    let periods: Vec<String> = months
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|m| m["period"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let (first, second, open) = (&periods[0], &periods[1], &periods[3]);

    // 1. The agent requires the beneficiary then the employer («Paramètres»).
    h.login_demo("agent@tp-idf.test").await?;
    h.client
        .find(Locator::LinkText("Paramètres"))
        .await?
        .click()
        .await?;
    h.testid("settings").await?;
    h.client
        .find(Locator::Css(
            "[data-testid=set-validations] option[value=both]",
        ))
        .await?
        .click()
        .await?;
    // The funder's site: «Retour au site» in every user's header (issue 9, item 9).
    h.fill("field-website", "www.transitionspro-idf.fr").await?;
    h.click_until("settings-save", "settings-saved", "Paramètres enregistrés")
        .await?;
    h.screenshot("50-funder-settings").await?;
    h.logout().await?;

    api.certify_by_upload(&of, id, first, &scan).await?;
    api.certify_by_upload(&of, id, second, &scan).await?;

    // 2. The beneficiary validates both months.
    h.login_demo("michelle.dubois@realis.test").await?;
    h.text_contains("dashboard", "En attente de validation par le bénéficiaire")
        .await?;
    let back = h.text_contains("back-to-site", "Retour au site").await?;
    assert_eq!(back, "Retour au site");
    assert_eq!(
        h.testid("back-to-site")
            .await?
            .attr("href")
            .await?
            .as_deref(),
        Some("https://www.transitionspro-idf.fr")
    );
    for p in [first, second] {
        open_month(&h, id, p).await?;
        h.testid("validation-panel").await?;
        if p == first {
            h.screenshot("51-beneficiary-validates").await?;
        }
        h.confirm_until("validate", "Vous allez valider", "flash", "Heures validées")
            .await?;
        h.text_contains("month-status", "En attente de validation par l'employeur")
            .await?;
    }
    h.logout().await?;

    // 3. The employer validates the first and contests the second, with a comment.
    h.login_demo("rh@pharmaplus.test").await?;
    open_month(&h, id, first).await?;
    h.confirm_until("validate", "Vous allez valider", "month-status", "Validé")
        .await?;
    open_month(&h, id, second).await?;
    h.click("contest").await?;
    h.testid("contest-comment")
        .await?
        .send_keys("Absente le 15 : formation non suivie ce jour-là.")
        .await?;
    h.scroll_to("contest-dialog").await?;
    h.screenshot("52-employer-contests").await?;
    h.confirm_until(
        "contest-send",
        "Absente le 15 : formation non suivie",
        "flash",
        "Contestation envoyée",
    )
    .await?;
    // Issue 8, item 14: the status says who contested.
    h.text_contains("month-status", "Contesté par l'employeur")
        .await?;
    h.logout().await?;

    // 4. The OF sees the contest (who and why, on its dashboard row), corrects and certifies again.
    h.login_demo("of@formapro.test").await?;
    let row = h
        .text_contains(
            &format!("pending-2026-IDF-000101-{second}"),
            "Absente le 15",
        )
        .await?;
    assert!(row.contains("Contesté par l'employeur"), "{row}");
    open_month(&h, id, second).await?;
    h.text_contains("validations", "Absente le 15").await?;
    let note = h.text_contains("contest-note", "Absente le 15").await?;
    assert!(note.contains("contestées par l'employeur"), "{note}");
    h.screenshot("53-of-sees-contest").await?;
    h.fill("cell-14-0", "0").await?;
    h.fill("cell-14-2", "7").await?;
    h.click("save-hours").await?;
    h.text_contains("grid-saved", "Heures enregistrées").await?;
    h.click("hours-certified").await?;
    h.click_until("prepare-ok", "month-status", "En attente de certification")
        .await?;
    h.upload("signed-input", &scan, "certify", "Certificat signé (PDF")
        .await?;
    h.confirm_until(
        "certify-upload",
        "Vous allez certifier",
        "flash",
        "Certification effectuée",
    )
    .await?;
    h.text_contains(
        "month-status",
        "En attente de validation par le bénéficiaire",
    )
    .await?;
    h.screenshot("54-of-recertified").await?;
    h.logout().await?;

    // 5. The agent transmits the validated month and exports the CSV.
    h.login_demo("agent@tp-idf.test").await?;
    h.client
        .find(Locator::LinkText("Transmissions"))
        .await?
        .click()
        .await?;
    h.text_contains("queue", "2026-IDF-000101").await?;
    h.click(&format!("pick-2026-IDF-000101-{first}")).await?;
    h.screenshot("55-transmission-queue").await?;
    h.confirm_until(
        "transmit",
        "Vous allez transmettre 1 mois",
        "transmitted",
        "1 mois transmis",
    )
    .await?;
    h.testid("queue-empty").await?;
    h.click("export").await?;
    let agent = api.token("agent@tp-idf.test").await?;
    let csv = api
        .client
        .get(format!("{}/api/v1/funder/transmissions.csv", api.base))
        .bearer_auth(&agent)
        .send()
        .await?
        .text()
        .await?;
    anyhow::ensure!(
        csv.lines().count() == 2
            && csv.contains(&format!(
                "2026-IDF-000101;Michelle DUBOIS;Pharmaplus;732 829 320 00074;{first};"
            )),
        "CSV: {csv}"
    );
    std::fs::write(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../target/e2e-screenshots/56-transmissions.csv"),
        &csv,
    )?;

    // 6. A settlement on an open month locks it.
    h.goto(&format!("/dossiers/{id}")).await?;
    h.click("tab-payments").await?;
    h.testid("payment-form").await?;
    h.client
        .find(Locator::Css(&format!(
            "[data-testid=payment-period] option[value='{open}']"
        )))
        .await?
        .click()
        .await?;
    h.testid("payment-amount")
        .await?
        .send_keys("1250,50")
        .await?;
    h.client
        .execute(
            "const i = document.querySelector('[data-testid=payment-date]'); i.value = '2026-11-20'; i.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![],
        )
        .await?;
    h.testid("payment-reference")
        .await?
        .send_keys("VIR-2026-1120")
        .await?;
    let said = h
        .confirm_until("payment-save", "1 250,50 €", "payments", "1 250,50")
        .await?;
    assert!(said.contains("ferme sa saisie"), "{said}");
    h.screenshot("57-payment-recorded").await?;
    // Issue 8, item 15: the «Certificats de réalisation» tab shows the month closed at once.
    h.click("tab-certificates").await?;
    h.text_contains(
        &format!("month-{open}"),
        "La saisie n'est plus disponible car des règlements",
    )
    .await?;
    h.client
        .find(Locator::LinkText("Règlements"))
        .await?
        .click()
        .await?;
    h.text_contains("all-payments", "VIR-2026-1120").await?;
    h.logout().await?;
    h.login_demo("of@formapro.test").await?;
    open_month(&h, id, open).await?;
    h.text_contains(
        "month-status",
        "La saisie n'est plus disponible car des règlements ont été faits dans la période",
    )
    .await?;
    h.screenshot("58-of-sees-locked-month").await?;
    h.close().await
}
