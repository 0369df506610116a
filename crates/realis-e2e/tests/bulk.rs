//! Work on many rows in the browser (issue #13): the OF ticks the months awaiting certification
//! on its dashboard and saves their drafts as one PDF; the agent's transmission queue runs over
//! two pages, «Tout sélectionner» acts on every filtered row (with the keyboard too) and the
//! count says what the filters hide; «Relancer les organismes en retard» says who was reminded,
//! and a second time the same day that nobody is mailed again.

use fantoccini::Locator;
use fantoccini::key::Key;
use realis_e2e::{Api, Harness, opened_periods, write_pdf};
use reqwest::Method;
use serde_json::json;

/// Rows of the queue shown on one page.
const PER_PAGE: usize = 25;
/// Months certified for the queue: more than one page.
const QUEUE: usize = PER_PAGE + 1;

async fn rows(h: &Harness) -> anyhow::Result<usize> {
    Ok(h.client
        .find_all(Locator::Css("[data-testid=queue-row]"))
        .await?
        .len())
}

/// Waits until the queue shows `n` rows.
async fn rows_become(h: &Harness, n: usize) -> anyhow::Result<()> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while rows(h).await? != n {
        anyhow::ensure!(
            std::time::Instant::now() < deadline,
            "the queue shows {} rows, not {n}",
            rows(h).await?
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn hundreds_of_rows_drafts_printed_together_queue_selected_and_late_ofs_reminded()
-> anyhow::Result<()> {
    let Some(h) = Harness::start("bulk").await? else {
        return Ok(());
    };
    let api = Api::new(&h.base);
    let files = h.data_dir.join("files");
    std::fs::create_dir_all(&files)?;
    let scan = files.join("scan.pdf");
    write_pdf(&scan)?;
    let of = api.token("of@formapro.test").await?;
    let agent = api.token("agent@tp-idf.test").await?;
    realis_e2e::write_png(&files.join("logo.png"), 200, 80, (29, 78, 137))?;
    api.put(
        &of,
        "/organisation/logo",
        "image/png",
        &files.join("logo.png"),
    )
    .await?;
    let demo = api
        .call(&of, Method::GET, "/dossiers?q=2026-IDF-0001", None)
        .await?;
    let id_of = |number: &str| {
        demo["items"]
            .as_array()
            .and_then(|a| a.iter().find(|d| d["number"] == number))
            .and_then(|d| d["id"].as_i64())
            .unwrap_or_default()
    };
    let (first, second) = (id_of("2026-IDF-000101"), id_of("2026-IDF-000102"));
    let months = api
        .call(&of, Method::GET, &format!("/dossiers/{first}/months"), None)
        .await?;
    let opened = opened_periods(&months);
    let previous = opened[opened.len() - 2].clone();

    // 1. The OF prints the drafts of the two months it froze, as one PDF.
    for id in [first, second] {
        api.prepare_month(&of, id, &previous).await?;
    }
    h.login_demo("of@formapro.test").await?;
    h.testid("drafts-print").await?;
    h.text_contains("drafts-selection-count", "0 mois sélectionné")
        .await?;
    h.click(&format!("draft-pick-2026-IDF-000101-{previous}"))
        .await?;
    h.text_contains("drafts-selection-count", "1 mois sélectionné")
        .await?;
    h.click("drafts-selection-all").await?;
    h.text_contains("drafts-selection-count", "2 mois sélectionnés")
        .await?;
    let pdf = h.saved_by(h.click("drafts-print-button")).await?;
    assert!(pdf.starts_with(b"%PDF-"), "the drafts are one PDF");
    h.text_contains("drafts-status", "2 projets de certificat téléchargés")
        .await?;
    h.screenshot("a0-of-drafts-printed").await?;
    h.axe_clean("OF dashboard, drafts selected").await?;
    h.logout().await?;

    // 2. More months ready to transmit than one page holds: no validation asked, two dossiers
    //    of a longer session, certified month after month.
    api.call(
        &agent,
        Method::PUT,
        "/funder/settings",
        Some(
            json!({ "granularity": "day", "validations": "none", "code_length": 6,
                     "code_ttl_minutes": 10, "holiday_zone": "metropole" }),
        ),
    )
    .await?;
    let d = api
        .call(&of, Method::GET, &format!("/dossiers/{first}"), None)
        .await?;
    let start = d["session_start"].as_str().unwrap_or_default();
    let year: i32 = start[..4].parse()?;
    let start = format!("{}{}", year - 1, &start[4..]);
    let mut certified: Vec<(i64, String)> = Vec::new();
    let mut ids = Vec::new();
    for n in 1..=2 {
        let created = api
            .call(
                &agent,
                Method::POST,
                "/funder/dossiers",
                Some(json!({
                    "number": format!("2026-IDF-00090{n}"),
                    "organisation_id": d["organisation_id"],
                    "beneficiary": { "first_name": "Léa", "last_name": format!("Martin{n}"), "email": format!("lea{n}@realis.test") },
                    "employer": { "name": "Pharmaplus", "email": "rh@pharmaplus.test" },
                    "training_title": "BTS Diététique",
                    "session_start": start,
                    "session_end": d["session_end"],
                    "planned_calendar": []
                })),
            )
            .await?;
        ids.push(created["id"].as_i64().unwrap_or_default());
    }
    'months: for id in &ids {
        let months = api
            .call(&of, Method::GET, &format!("/dossiers/{id}/months"), None)
            .await?;
        for period in opened_periods(&months) {
            if certified.len() == QUEUE {
                break 'months;
            }
            // The current month is not over: it cannot be frozen yet.
            if api.prepare_month(&of, *id, &period).await.is_ok() {
                api.certify_prepared(&of, *id, &period, &scan).await?;
                certified.push((*id, period));
            }
        }
    }
    anyhow::ensure!(certified.len() == QUEUE, "certified {certified:?}");
    let both = certified
        .iter()
        .find(|(id, _)| *id == ids[1])
        .map(|(_, p)| p.clone())
        .unwrap_or_default();
    let other = certified
        .iter()
        .find(|(_, p)| *p != both)
        .map(|(_, p)| p.clone())
        .unwrap_or_default();

    // 3. The agent's queue: two pages; «Tout sélectionner» takes every row, both pages.
    h.login_demo("agent@tp-idf.test").await?;
    h.client
        .find(Locator::LinkText("Transmissions"))
        .await?
        .click()
        .await?;
    h.text_contains("pager-status", &format!("Page 1 sur 2 ({QUEUE} mois)"))
        .await?;
    rows_become(&h, PER_PAGE).await?;
    h.text_contains("queue-selection", &format!("Tout sélectionner ({QUEUE})"))
        .await?;
    h.click("queue-selection-all").await?;
    h.text_contains(
        "queue-selection-count",
        &format!("{QUEUE} mois sélectionnés"),
    )
    .await?;
    h.click("pager-next").await?;
    h.text_contains("pager-status", "Page 2 sur 2").await?;
    rows_become(&h, QUEUE - PER_PAGE).await?;
    let last = h
        .client
        .find(Locator::Css("[data-testid=queue-row] input[type=checkbox]"))
        .await?;
    assert!(last.is_selected().await?, "the second page is selected too");
    h.click("queue-selection-all").await?;
    h.text_contains("queue-selection-count", "0 mois sélectionné")
        .await?;

    // 4. One month, both dossiers: selected with the keyboard alone; another month hides them.
    h.choose("queue-period", &both).await?;
    rows_become(&h, 2).await?;
    h.text_contains("queue-selection", "Tout sélectionner (2)")
        .await?;
    h.tab_to("queue-selection-all").await?;
    h.press(&char::from(Key::Space).to_string()).await?;
    h.text_contains("queue-selection-count", "2 mois sélectionnés")
        .await?;
    h.tab_to(&format!("pick-2026-IDF-000902-{both}")).await?;
    h.screenshot("a1-agent-queue-filtered-selected").await?;
    h.axe_clean("agent transmissions, filtered and selected")
        .await?;
    h.choose("queue-period", &other).await?;
    h.text_contains(
        "queue-selection-count",
        "2 mois sélectionnés, dont 2 masqués par les filtres",
    )
    .await?;
    h.choose("queue-period", "").await?;
    rows_become(&h, PER_PAGE).await?;
    h.confirm_until(
        "transmit",
        "Vous allez transmettre 2 mois",
        "transmitted",
        "2 mois transmis",
    )
    .await?;
    h.text_contains("pager-status", &format!("({} mois)", QUEUE - 2))
        .await?;

    // 5. «Relancer les organismes en retard» for the month just over: Formapro's two frozen
    //    months are late; the second time the same day, nobody is mailed again.
    h.scroll_to("late-reminder").await?;
    h.choose("late-period", &previous).await?;
    h.confirm_until(
        "late-remind",
        "recevra un e-mail listant ses dossiers en retard",
        "late-result",
        "1 organisme relancé pour",
    )
    .await?;
    h.screenshot("a2-agent-late-ofs-reminded").await?;
    h.confirm_until(
        "late-remind",
        "ne le sera pas de nouveau",
        "late-result",
        "1 organisme relancé déjà aujourd'hui",
    )
    .await?;
    h.axe_clean("agent transmissions, reminder sent").await?;
    h.logout().await?;
    h.close().await
}
