//! «Référence externe» (issue «Integrations», section 5): the agent gives a demo dossier its
//! ERP reference in place; the same reference on another dossier of the OF is refused in French,
//! beside the field and tied to it; the OF finds it on its side and clears it. axe-core on each
//! state.

use realis_e2e::Harness;

/// Empties an input as typing would (an `input` event), which WebDriver's clear does not send.
async fn empty(h: &Harness, id: &str) -> anyhow::Result<()> {
    h.client
        .execute(
            &format!("const e = document.querySelector('[data-testid=\"{id}\"]'); e.value = ''; e.dispatchEvent(new Event('input', {{bubbles: true}}));"),
            vec![],
        )
        .await?;
    Ok(())
}

#[tokio::test]
async fn the_agent_and_the_of_set_and_clear_the_reference_of_a_dossier() -> anyhow::Result<()> {
    let Some(h) = Harness::start("external_ref").await? else {
        return Ok(());
    };
    h.login_demo("agent@tp-idf.test").await?;
    h.open_dossier("2026-IDF-000101").await?;
    let field = h.testid("field-external_ref").await?;
    assert_eq!(field.prop("value").await?.as_deref(), Some(""));
    h.fill("field-external_ref", " ERP-101 ").await?;
    h.click("external-ref-save").await?;
    h.text_contains("external-ref-saved", "enregistrée").await?;
    let field = h.testid("field-external_ref").await?;
    assert_eq!(field.prop("value").await?.as_deref(), Some("ERP-101"));
    h.axe_clean("agent: reference saved").await?;
    h.screenshot("90-agent-external-ref").await?;

    // Another dossier of the same OF may not take it.
    h.open_dossier("2026-IDF-000102").await?;
    h.fill("field-external_ref", "ERP-101").await?;
    h.click("external-ref-save").await?;
    h.text_contains("error-external_ref", "porte déjà cette référence externe")
        .await?;
    let field = h.testid("field-external_ref").await?;
    assert_eq!(field.attr("aria-invalid").await?.as_deref(), Some("true"));
    let described = field.attr("aria-describedby").await?.unwrap_or_default();
    assert!(
        described.split(' ').any(|id| id == "e-external_ref"),
        "the error is tied to the field: {described}"
    );
    h.axe_clean("agent: reference taken").await?;
    h.screenshot("91-agent-external-ref-taken").await?;
    h.logout().await?;

    // The OF sees it, and clears it by leaving the field empty.
    h.login_demo("of@formapro.test").await?;
    h.open_dossier("2026-IDF-000101").await?;
    let field = h.testid("field-external_ref").await?;
    assert_eq!(field.prop("value").await?.as_deref(), Some("ERP-101"));
    empty(&h, "field-external_ref").await?;
    h.click("external-ref-save").await?;
    h.text_contains("external-ref-saved", "enregistrée").await?;
    h.goto("/dossiers").await?;
    h.open_dossier("2026-IDF-000101").await?;
    let field = h.testid("field-external_ref").await?;
    assert_eq!(field.prop("value").await?.as_deref(), Some(""));
    h.axe_clean("OF: reference cleared").await?;
    h.logout().await?;

    // The beneficiary does not get the form.
    h.login_demo("michelle.dubois@realis.test").await?;
    h.open_dossier("2026-IDF-000101").await?;
    let forms = h
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=external-ref-form]"))
        .await?;
    assert!(forms.is_empty(), "no reference form for the beneficiary");
    h.close().await
}
