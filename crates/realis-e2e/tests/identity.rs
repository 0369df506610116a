//! Issue «Votre identité»: the OF completes its identity, uploads logo, stamp and both documents;
//! the agent accepts them; the OF then sees «Contrôlé le …» and online certification available.

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::Locator;
use realis_e2e::{Harness, write_pdf, write_png};

async fn upload(h: &Harness, testid: &str, file: &Path) -> anyhow::Result<()> {
    let input = h
        .client
        .find(Locator::Css(&format!("[data-testid=\"upload-{testid}\"]")))
        .await?;
    input.send_keys(&file.display().to_string()).await?;
    Ok(())
}

#[tokio::test]
async fn the_of_completes_its_identity_and_the_agent_accepts_its_documents() -> anyhow::Result<()> {
    let Some(h) = Harness::start("identity").await? else {
        return Ok(());
    };
    let files: PathBuf = h.data_dir.join("files");
    std::fs::create_dir_all(&files)?;
    write_png(&files.join("logo.png"), 360, 120, (29, 78, 137))?;
    write_png(&files.join("cachet.png"), 160, 160, (180, 30, 30))?;
    write_pdf(&files.join("kbis.pdf"))?;
    write_png(&files.join("lettre.png"), 120, 170, (240, 240, 240))?;

    h.login_demo("of@formapro.test").await?;
    h.client
        .find(Locator::LinkText("Votre identité"))
        .await?
        .click()
        .await?;
    h.text_contains("readiness-blocking", "logo").await?;
    assert_eq!(
        h.testid("field-siret")
            .await?
            .prop("value")
            .await?
            .as_deref(),
        Some("732\u{a0}829\u{a0}320\u{a0}00074"),
        "shown spaced, as INSEE prints it"
    );
    h.screenshot("10-identity-before").await?;

    // A bad postal code shows the field's French message; then a correct one saves.
    let postal = h.testid("field-postal_code").await?;
    postal.clear().await?;
    postal.send_keys("750").await?;
    h.testid("identity-save").await?.click().await?;
    h.text_contains("error-postal_code", "5 chiffres").await?;
    h.screenshot("11-identity-field-error").await?;
    postal.clear().await?;
    postal.send_keys("75005").await?;
    let mobile = h.testid("field-mobile_phone").await?;
    mobile.send_keys("06 12 34 56 78").await?;
    h.testid("identity-save").await?.click().await?;
    h.text_contains("identity-saved", "enregistrées").await?;

    upload(&h, "logo", &files.join("logo.png")).await?;
    h.testid("preview-logo").await?;
    upload(&h, "stamp", &files.join("cachet.png")).await?;
    h.testid("preview-stamp").await?;
    upload(&h, "kbis", &files.join("kbis.pdf")).await?;
    h.text_contains("doc-status-kbis", "En attente de contrôle")
        .await?;
    upload(&h, "consent_letter", &files.join("lettre.png")).await?;
    h.text_contains("doc-status-consent_letter", "En attente de contrôle")
        .await?;
    let readiness = h.testid("readiness").await?.text().await?;
    assert!(
        !readiness.contains("représentant légal") && !readiness.contains("Ajoutez le logo"),
        "{readiness}"
    );
    assert!(readiness.contains("en attente de contrôle"), "{readiness}");
    h.scroll_to("certifier-documents").await?;
    h.screenshot("12-identity-documents-pending").await?;
    h.logout().await?;

    h.login_demo("agent@tp-idf.test").await?;
    h.text_contains("documents-to-review", "Formapro Conseil")
        .await?;
    h.screenshot("13-agent-dashboard-documents").await?;
    h.client
        .find(Locator::LinkText("Formapro Conseil"))
        .await?
        .click()
        .await?;
    h.testid("accept-kbis").await?.click().await?;
    h.text_contains("review-status-kbis", "Contrôlé le").await?;
    h.testid("accept-consent_letter").await?.click().await?;
    h.text_contains("review-status-consent_letter", "Contrôlé le")
        .await?;
    h.screenshot("14-agent-review-done").await?;
    h.logout().await?;

    h.login_demo("of@formapro.test").await?;
    h.client
        .find(Locator::LinkText("Votre identité"))
        .await?
        .click()
        .await?;
    h.text_contains("online-available", "100 % dématérialisée est disponible")
        .await?;
    let kbis = h.text_contains("doc-status-kbis", "Contrôlé le").await?;
    assert!(kbis.contains("/20"), "a French date: {kbis}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    h.screenshot("15-identity-after").await?;
    h.scroll_to("certifier-documents").await?;
    h.screenshot("16-identity-after-documents").await?;
    h.close().await
}
