//! Issue 11, part 4: «Formations». The OF adds a training with the keyboard alone (a malformed
//! RNCP/RS code is refused in French first), changes it, looks at the page at 390 px; the agent
//! then creates a dossier of the OF picking that training, whose title fills the form, and the
//! dossier shows the training's modality. axe-core on every state photographed.

use fantoccini::Locator;
use fantoccini::key::Key;
use realis_e2e::{Api, Harness};
use reqwest::Method;

const TITLE: &str = "Gestion de la paie à distance";

/// Whether the page is wider than the window (a phone would scroll sideways).
async fn overflows(h: &Harness) -> anyhow::Result<bool> {
    let v = h
        .client
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth;",
            vec![],
        )
        .await?;
    Ok(v.as_bool().unwrap_or(true))
}

#[tokio::test]
async fn the_of_adds_a_training_and_the_agent_creates_a_dossier_from_it() -> anyhow::Result<()> {
    let Some(h) = Harness::start("trainings").await? else {
        return Ok(());
    };
    h.login_demo("of@formapro.test").await?;
    h.client
        .find(Locator::LinkText("Formations"))
        .await?
        .click()
        .await?;
    let table = h
        .text_contains("trainings", "Anglais professionnel (TOEIC)")
        .await?;
    assert!(table.contains("Distanciel"), "{table}");
    assert!(table.contains("RS5690"), "{table}");
    h.screenshot("60-of-trainings").await?;

    // The keyboard alone: into the title, type, Tab to each field, ArrowDown in the select.
    h.tab_to("field-title").await?;
    h.press(TITLE).await?;
    h.press(&char::from(Key::Tab).to_string()).await?;
    h.focus_lands_on("field-rncp_rs_code").await?;
    h.press("RNCP12").await?;
    h.press(&char::from(Key::Tab).to_string()).await?;
    h.focus_lands_on("field-planned_hours").await?;
    h.press("35,5").await?;
    h.press(&char::from(Key::Tab).to_string()).await?;
    h.focus_lands_on("field-modality").await?;
    h.press(&char::from(Key::Down).to_string()).await?;
    h.tab_to("training-save").await?;
    h.press(&char::from(Key::Enter).to_string()).await?;
    let error = h
        .text_contains("error-rncp_rs_code", "RNCP suivi de 4 à 6 chiffres")
        .await?;
    assert!(error.contains("RS5678"), "{error}");
    let invalid = h
        .testid("field-rncp_rs_code")
        .await?
        .attr("aria-invalid")
        .await?;
    assert_eq!(invalid.as_deref(), Some("true"));
    h.screenshot("61-of-training-bad-code").await?;

    // Corrected: «rs 6789» is stored «RS6789»; Enter in a field sends the form.
    h.fill("field-rncp_rs_code", "rs 6789").await?;
    h.focus_lands_on("field-rncp_rs_code").await?;
    h.press(&char::from(Key::Enter).to_string()).await?;
    h.text_contains("training-done", "ajoutée").await?;
    let table = h.text_contains("trainings", TITLE).await?;
    assert!(table.contains("RS6789"), "{table}");
    assert!(table.contains("35,50"), "{table}");
    let row = h
        .client
        .find(Locator::XPath(&format!(
            "//tr[td[normalize-space()='{TITLE}']]"
        )))
        .await?;
    assert!(
        row.text().await?.contains("Distanciel"),
        "ArrowDown chose «Distanciel»"
    );
    h.screenshot("62-of-training-added").await?;

    // «Modifier»: the row in the form, a new duration saved.
    row.find(Locator::Css("[data-testid=training-edit]"))
        .await?
        .click()
        .await?;
    h.text_contains("training-form-title", "Modifier la formation")
        .await?;
    h.focus_lands_on("field-title").await?;
    let hours = h.testid("field-planned_hours").await?;
    assert_eq!(hours.prop("value").await?.as_deref(), Some("35,50"));
    h.fill("field-planned_hours", "42").await?;
    h.click("training-save").await?;
    h.text_contains("training-done", "enregistrée").await?;
    h.text_contains("trainings", "42,00").await?;
    h.text_contains("training-form-title", "Ajouter une formation")
        .await?;

    // A phone: nothing wider than the screen.
    h.client.set_window_size(390, 844).await?;
    h.goto("/formations").await?;
    h.text_contains("trainings", TITLE).await?;
    assert!(!overflows(&h).await?, "/formations is wider than 390 px");
    h.screenshot("63-of-trainings-phone").await?;
    h.client.set_window_size(1280, 900).await?;
    h.logout().await?;

    // The agent picks it in «Créer un dossier».
    let api = Api::new(&h.base);
    let of = api.token("of@formapro.test").await?;
    let list = api
        .call(&of, Method::GET, "/organisation/trainings", None)
        .await?;
    let id = list
        .as_array()
        .and_then(|l| l.iter().find(|t| t["title"] == TITLE))
        .and_then(|t| t["id"].as_i64())
        .unwrap_or_default();
    h.login_demo("agent@tp-idf.test").await?;
    h.goto("/dossiers").await?;
    h.testid("new-dossier").await?;
    h.text_contains("training-hint", "Choisissez d'abord l'organisme")
        .await?;
    h.text_contains("org-picker-count", "1 organisme trouvé")
        .await?;
    h.testid("field-organisation")
        .await?
        .select_by_index(1)
        .await?;
    h.text_contains("training-hint", "4 formations au catalogue")
        .await?;
    h.testid("field-training")
        .await?
        .select_by_value(&id.to_string())
        .await?;
    let title = h.testid("field-training_title").await?;
    assert_eq!(title.prop("value").await?.as_deref(), Some(TITLE));
    let readonly = h
        .client
        .execute(
            "return document.querySelector('[data-testid=field-training_title]').readOnly;",
            vec![],
        )
        .await?;
    assert_eq!(
        readonly.as_bool(),
        Some(true),
        "the title comes from the training"
    );
    for (field, v) in [
        ("field-number", "2026-IDF-000960"),
        ("field-beneficiary.first_name", "Nadia"),
        ("field-beneficiary.last_name", "Benali"),
        ("field-beneficiary.email", "nadia.benali@realis.test"),
        ("field-employer.name", "Pharmaplus"),
        ("field-employer.email", "rh@pharmaplus.test"),
        ("field-external_ref", "ERP-960"),
    ] {
        h.testid(field).await?.send_keys(v).await?;
    }
    for (field, v) in [
        ("field-session_start", "2026-09-01"),
        ("field-session_end", "2027-06-30"),
    ] {
        h.client
            .execute(
                &format!("const e = document.querySelector('[data-testid={field}]'); e.value = '{v}'; e.dispatchEvent(new Event('input', {{bubbles: true}}));"),
                vec![],
            )
            .await?;
    }
    h.scroll_to("field-training").await?;
    h.screenshot("64-agent-new-dossier-training").await?;
    h.click("create-dossier").await?;
    let head = h.text_contains("dossier-head", "2026-IDF-000960").await?;
    assert!(head.contains(TITLE), "{head}");
    h.text_contains("dossier-modality", "distanciel").await?;
    // The reference typed in the form, on the dossier.
    let reference = h.testid("field-external_ref").await?;
    assert_eq!(reference.prop("value").await?.as_deref(), Some("ERP-960"));
    h.screenshot("65-agent-dossier-from-training").await?;
    h.close().await
}
