//! The hours grid in the browser: load the planned calendar, edit two days, save, reload, then
//! «Répartir 7h tous les jours»; screenshots in day and half-day mode.

use std::time::Duration;

use fantoccini::Locator;
use realis_e2e::Harness;

async fn set_cell(h: &Harness, id: &str, value: &str) -> anyhow::Result<()> {
    let cell = h.testid(id).await?;
    cell.clear().await?;
    cell.send_keys(value).await?;
    Ok(())
}

async fn cell_value(h: &Harness, id: &str) -> anyhow::Result<String> {
    Ok(h.testid(id).await?.prop("value").await?.unwrap_or_default())
}

#[tokio::test]
async fn the_of_enters_a_month_of_hours_and_finds_them_after_reload() -> anyhow::Result<()> {
    let Some(h) = Harness::start("grid").await? else {
        return Ok(());
    };
    h.login_demo("of@formapro.test").await?;
    h.client
        .find(Locator::LinkText("Mes dossiers"))
        .await?
        .click()
        .await?;
    h.text_contains("dossiers", "2026-IDF-000101").await?;
    h.screenshot("20-mes-dossiers").await?;
    // Each page names itself in the tab, and the first Tab stop skips to the content (#9).
    assert_eq!(h.client.title().await?, "Mes dossiers — Réalis");
    h.client.refresh().await?;
    h.text_contains("dossiers", "2026-IDF-000101").await?;
    h.client
        .find(Locator::Css("body"))
        .await?
        .send_keys("\u{E004}")
        .await?;
    let first = h.client.active_element().await?;
    assert_eq!(
        first.attr("data-testid").await?.as_deref(),
        Some("skip-link")
    );
    first.send_keys("\u{E007}").await?;
    assert_eq!(
        h.client
            .active_element()
            .await?
            .attr("id")
            .await?
            .as_deref(),
        Some("contenu"),
        "«Aller au contenu» moves the focus to the content"
    );
    h.client
        .find(Locator::LinkText("2026-IDF-000101"))
        .await?
        .click()
        .await?;
    h.text_contains("months", "En attente de saisie par l'organisme")
        .await?;
    h.screenshot("21-dossier-months").await?;
    // The first month of the session (it started on the 15th: earlier days are greyed out).
    h.client
        .find(Locator::Css("[data-testid=months] a"))
        .await?
        .click()
        .await?;
    h.text_contains("month-title", "Certificat de réalisation")
        .await?;
    let title = h.client.title().await?;
    assert!(
        title.starts_with("Certificat de réalisation\u{a0}: ") && title.ends_with(" 2026 — Réalis"),
        "{title}"
    );
    assert!(
        h.testid("cell-3-0")
            .await?
            .prop("disabled")
            .await?
            .as_deref()
            == Some("true"),
        "before the session"
    );

    h.testid("load-calendar").await?.click().await?;
    let totals = h.testid("totals").await?;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while totals.text().await?.starts_with("Total 0,00") {
        anyhow::ensure!(
            std::time::Instant::now() < deadline,
            "the planned calendar did not load"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // A day over 24 hours: the server's refusal names the day and marks its cells (item 12).
    set_cell(&h, "cell-20-0", "20").await?;
    set_cell(&h, "cell-20-1", "5").await?;
    let name = h
        .testid("cell-20-0")
        .await?
        .attr("aria-label")
        .await?
        .unwrap_or_default();
    assert!(
        name.starts_with("Heures de présence en formation, ") && name.ends_with(" 2026"),
        "each cell has an accessible name: {name}"
    );
    h.testid("save-hours").await?.click().await?;
    let refused = h.text_contains("grid-error", "24 heures").await?;
    assert!(
        refused.contains("2026 : le total de la journée"),
        "{refused}"
    );
    assert_eq!(
        h.testid("cell-20-2")
            .await?
            .attr("aria-invalid")
            .await?
            .as_deref(),
        Some("true"),
        "the refused day is marked"
    );
    h.scroll_to("row-20").await?;
    h.screenshot("21b-grid-refused-day").await?;
    set_cell(&h, "cell-20-1", "").await?;
    set_cell(&h, "cell-20-0", "5,5").await?;
    set_cell(&h, "cell-21-0", "6h30").await?;
    set_cell(&h, "cell-21-2", "0,5").await?;
    // The keyboard (#9 item 5): ↓ moves to the next day, ↑ back, Tab leaves the grid in one
    // stop, Ctrl+S saves.
    let from = h.testid("cell-20-0").await?;
    from.click().await?;
    from.send_keys("\u{E015}").await?;
    let active = |h: &Harness| {
        let c = h.client.clone();
        async move {
            anyhow::Ok(
                c.active_element()
                    .await?
                    .attr("data-testid")
                    .await?
                    .unwrap_or_default(),
            )
        }
    };
    assert_eq!(active(&h).await?, "cell-21-0", "↓ moves to the next day");
    h.client
        .active_element()
        .await?
        .send_keys("\u{E013}")
        .await?;
    assert_eq!(active(&h).await?, "cell-20-0", "↑ moves back");
    h.client
        .active_element()
        .await?
        .send_keys("\u{E004}")
        .await?;
    let after = active(&h).await?;
    assert!(
        !after.starts_with("cell-"),
        "Tab leaves the grid, got {after}"
    );
    // «Enregistré» is announced: its live region is in the page before the message comes
    // (a region inserted together with its message is not read out).
    let live = h.testid("grid-live").await?;
    assert_eq!(live.attr("role").await?.as_deref(), Some("status"));
    h.testid("cell-21-2")
        .await?
        .send_keys("\u{E009}s\u{E000}")
        .await?;
    h.text_contains("grid-saved", "Heures enregistrées").await?;
    assert!(
        live.text().await?.contains("Heures enregistrées"),
        "the message lands in the region that was already there"
    );
    h.client.refresh().await?;
    h.text_contains("month-status", "Saisie en cours").await?;
    assert_eq!(cell_value(&h, "cell-20-0").await?, "5,50");
    assert_eq!(cell_value(&h, "cell-21-0").await?, "6,50");
    assert_eq!(cell_value(&h, "cell-21-2").await?, "0,50");

    h.testid("fill-7h").await?.click().await?;
    h.testid("save-hours").await?.click().await?;
    h.text_contains("grid-saved", "Heures enregistrées").await?;
    assert_eq!(
        cell_value(&h, "cell-21-2").await?,
        "",
        "the 7 h fill replaces the grid"
    );
    h.scroll_to("row-14").await?;
    h.screenshot("22-grid-day").await?;
    // «Je certifie la saisie des heures» + Ok: the demo OF has no logo yet, so it is blocked.
    h.testid("hours-certified").await?.click().await?;
    h.testid("prepare-ok").await?.click().await?;
    h.text_contains("grid-error", "logo").await?;
    h.scroll_to("grid-error").await?;
    h.screenshot("22b-prepare-blocked").await?;

    // The second demo dossier is entered per half-day.
    h.open_dossier("2026-IDF-000102").await?;
    h.open_first_month().await?;
    // The guide's two-level header, and each cell named by its column, half-day and day (#9).
    h.text_contains("hours-grid", "Heures de présence en formation")
        .await?;
    h.text_contains("hours-grid", "Après-midi").await?;
    let name = h
        .testid("cell-20-1")
        .await?
        .attr("aria-label")
        .await?
        .unwrap_or_default();
    assert!(
        name.starts_with("Heures de présence en formation, après-midi, ")
            && name.ends_with(" 2026"),
        "{name}"
    );
    h.testid("fill-7h").await?.click().await?;
    h.screenshot("23-grid-half-day").await?;
    h.close().await
}

#[tokio::test]
async fn the_agent_creates_a_dossier_with_a_planned_calendar_csv() -> anyhow::Result<()> {
    let Some(h) = Harness::start("new-dossier").await? else {
        return Ok(());
    };
    let csv = h.data_dir.join("calendrier.csv");
    std::fs::write(
        &csv,
        "Date;Formation;Stage\n05/10/2026;7;\n06/10/2026;3,5;3,5\n07/10/2026;7;\n",
    )?;
    h.login_demo("agent@tp-idf.test").await?;
    h.client
        .find(Locator::LinkText("Dossiers"))
        .await?
        .click()
        .await?;
    h.testid("new-dossier").await?;
    for (id, v) in [
        ("field-number", "2026-IDF-000900"),
        ("field-beneficiary.first_name", "Léa"),
        ("field-beneficiary.last_name", "Martin"),
        ("field-beneficiary.email", "lea.martin@realis.test"),
        ("field-employer.name", "Pharmaplus"),
        ("field-employer.email", "rh@pharmaplus.test"),
        ("field-training_title", "Préparateur en pharmacie"),
    ] {
        h.testid(id).await?.send_keys(v).await?;
    }
    // Date inputs take the locale's order; set them through their value property.
    h.client
        .execute(
            "for (const [id, v] of [['field-session_start','2026-10-05'],['field-session_end','2027-03-31'],['field-committee_date','2026-09-15']]) { const e = document.querySelector(`[data-testid=${id}]`); e.value = v; e.dispatchEvent(new Event('input', { bubbles: true })); }",
            vec![],
        )
        .await?;
    let select = h.testid("field-organisation").await?;
    select.select_by_index(1).await?;
    // The file field is in the tab order (#9 item 2): Tab from the field before it reaches it.
    h.client
        .execute("document.getElementById('f-granularity').focus()", vec![])
        .await?;
    h.tab_to("planned-csv").await?;
    h.testid("planned-csv")
        .await?
        .send_keys(&csv.display().to_string())
        .await?;
    h.text_contains("planned-summary", "3 jours prévus, 21,00 heures")
        .await?;
    h.scroll_to("create-dossier").await?;
    h.screenshot("24-new-dossier-form").await?;
    h.testid("create-dossier").await?.click().await?;
    let head = h.text_contains("dossier-head", "2026-IDF-000900").await?;
    assert!(head.contains("Léa MARTIN"), "{head}");
    h.testid("tab-training").await?.click().await?;
    h.text_contains("training-summary", "21,00").await?;
    h.screenshot("25-new-dossier-created").await?;
    h.close().await
}
