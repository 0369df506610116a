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
    // The message is tied to its field: a screen reader reads it with the field (RGAA 11.10).
    let postal = h.testid("field-postal_code").await?;
    assert_eq!(postal.attr("aria-invalid").await?.as_deref(), Some("true"));
    let described = postal.attr("aria-describedby").await?.unwrap_or_default();
    let tied = h
        .client
        .execute(
            "return document.getElementById(arguments[0])?.textContent ?? '';",
            vec![serde_json::json!(described)],
        )
        .await?;
    assert!(
        tied.as_str().unwrap_or_default().contains("5 chiffres"),
        "aria-describedby={described:?} names the error: {tied}"
    );
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

/// The label of the file field `testid`: its outline while the input has the focus.
async fn focus_ring(h: &Harness, testid: &str) -> anyhow::Result<(String, f64)> {
    let v = h
        .client
        .execute(
            "const l = document.querySelector(`[data-testid=\"${arguments[0]}\"]`).closest('label');\
             const s = getComputedStyle(l); return [s.outlineStyle, parseFloat(s.outlineWidth)];",
            vec![serde_json::json!(testid)],
        )
        .await?;
    Ok((
        v[0].as_str().unwrap_or_default().to_owned(),
        v[1].as_f64().unwrap_or_default(),
    ))
}

/// What the field `testid` is described by (its `aria-describedby` texts).
async fn description(h: &Harness, testid: &str) -> anyhow::Result<String> {
    let v = h
        .client
        .execute(
            "const i = document.querySelector(`[data-testid=\"${arguments[0]}\"]`);\
             return (i.getAttribute('aria-describedby') || '').split(' ').map(id => (document.getElementById(id) || {}).textContent || '').join(' | ');",
            vec![serde_json::json!(testid)],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

/// Issue #9 item 2: the file fields are reached with Tab (they were `display: none`), show a
/// focus ring, state their types and limit, take a dropped file, and refuse a wrong one in French
/// before sending it. Item 9: the guide's section and wording.
#[tokio::test]
async fn file_fields_are_reached_by_tab_take_a_drop_and_refuse_a_wrong_file() -> anyhow::Result<()>
{
    let Some(h) = Harness::start("identity-files").await? else {
        return Ok(());
    };
    let files: PathBuf = h.data_dir.join("files");
    std::fs::create_dir_all(&files)?;
    write_png(&files.join("logo.png"), 360, 120, (29, 78, 137))?;
    std::fs::write(files.join("notes.txt"), "pas une image")?;
    h.login_demo("of@formapro.test").await?;
    h.client
        .find(Locator::LinkText("Votre identité"))
        .await?
        .click()
        .await?;
    h.testid("field-legal_representative").await?;

    // The guide's words: the section, the missing document, «Kbis» capitalised.
    let legend = h
        .js_string("return document.querySelector('[data-testid=letterhead]').closest('fieldset').querySelector('legend').textContent")
        .await?;
    assert_eq!(legend, "En-tête et signature du certificat de réalisation");
    let docs_legend = h
        .js_string("return document.querySelector('[data-testid=certifier-documents]').closest('fieldset').querySelector('legend').textContent")
        .await?;
    assert_eq!(docs_legend, legend);
    assert_eq!(
        h.testid("doc-missing-consent_letter").await?.text().await?,
        "Vous devez fournir la lettre de consentement"
    );
    assert_eq!(
        h.testid("doc-missing-kbis").await?.text().await?,
        "Vous devez fournir le Kbis"
    );

    // From the legal representative's field, Tab reaches each file input in turn.
    h.client
        .execute(
            "document.querySelector('[data-testid=\"field-legal_representative\"]').focus()",
            vec![],
        )
        .await?;
    for (id, limit) in [
        ("upload-kbis", "PDF, PNG ou JPEG, 10 Mo au plus"),
        ("upload-consent_letter", "PDF, PNG ou JPEG, 10 Mo au plus"),
        ("upload-logo", "PNG ou JPEG, 2 Mo au plus"),
        ("upload-stamp", "PNG ou JPEG, 2 Mo au plus"),
    ] {
        h.tab_to(id).await?;
        let kind = h.js_string("return document.activeElement.type").await?;
        assert_eq!(kind, "file", "{id} is the focused file input");
        let (style, width) = focus_ring(&h, id).await?;
        assert!(
            style != "none" && width >= 2.0,
            "{id}: a focus ring of {width} px ({style})"
        );
        let said = description(&h, id).await?;
        assert!(said.contains(limit), "{id} is described by {said:?}");
    }
    let name = h
        .js_string("return document.querySelector('[data-testid=upload-logo]').closest('label').textContent")
        .await?;
    assert_eq!(name, "Ajouter le logo", "the logo's button is named");
    h.client
        .execute(
            "document.querySelector('[data-testid=\"upload-logo\"]').focus()",
            vec![],
        )
        .await?;
    h.screenshot("70-identity-file-focus").await?;

    // A logo dropped on its zone is uploaded.
    let png = std::fs::read(files.join("logo.png"))?;
    h.drop_file("upload-logo-zone", "x.png", "image/png", Some(&png), 0)
        .await?;
    h.testid("preview-logo").await?;

    // A wrong type, dropped or chosen, and a file too large are refused before any upload.
    h.drop_file(
        "upload-stamp-zone",
        "notes.txt",
        "text/plain",
        Some(b"texte"),
        0,
    )
    .await?;
    let refused = h
        .text_contains("upload-stamp-error", "n'est pas accepté")
        .await?;
    assert!(refused.contains("PNG ou JPEG"), "{refused}");
    let role = h.testid("upload-stamp-error").await?.attr("role").await?;
    assert_eq!(role.as_deref(), Some("alert"));
    let said = description(&h, "upload-stamp").await?;
    assert!(
        said.contains("n'est pas accepté"),
        "the error is tied to the field: {said}"
    );
    h.screenshot("71-identity-file-refused").await?;
    h.drop_file(
        "upload-stamp-zone",
        "grand.png",
        "image/png",
        None,
        3 * 1024 * 1024,
    )
    .await?;
    h.text_contains("upload-stamp-error", "trop lourd (3,0 Mo) : 2 Mo au plus")
        .await?;
    h.testid("upload-kbis")
        .await?
        .send_keys(&files.join("notes.txt").display().to_string())
        .await?;
    h.text_contains(
        "upload-kbis-error",
        "choisissez un fichier PDF, PNG ou JPEG",
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let page = h.testid("certifier-documents").await?.text().await?;
    assert!(
        !page.contains("En attente de contrôle"),
        "nothing was sent: {page}"
    );
    assert!(
        h.client
            .find(Locator::Css("[data-testid=preview-stamp]"))
            .await
            .is_err(),
        "no stamp was sent"
    );
    h.close().await
}
