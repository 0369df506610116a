//! Lists longer than a page (issue #8 items 8–10): every list reaches its second page with
//! «Suivant», the page is in the URL (reload keeps it, back returns to page 1), the dashboard's
//! count is what its sections hold, and «Créer un dossier» finds an organisation beyond the 20
//! first. The data is seeded through the API: 22 more organisations, 22 more dossiers, 22
//! payments.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use realis_e2e::{Api, Harness};
use reqwest::Method;
use serde_json::{Value, json};

const SEEDED: u32 = 22;

const LAST_NAMES: [&str; SEEDED as usize] = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Lefèvre", "Moreau",
    "Laurent", "Simon", "Michel", "Garnier", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont",
];

/// A SIRET with a valid (Luhn) check digit.
fn siret(n: u32) -> String {
    let payload = format!("{:013}", 4_420_000_000_000u64 + u64::from(n) * 10);
    let sum = |digits: &str| -> u32 {
        digits
            .chars()
            .rev()
            .enumerate()
            .map(|(i, c)| {
                let d = c.to_digit(10).unwrap_or(0);
                if i % 2 == 1 {
                    let x = d * 2;
                    if x > 9 { x - 9 } else { x }
                } else {
                    d
                }
            })
            .sum()
    };
    (0..10)
        .map(|check| format!("{payload}{check}"))
        .find(|s| sum(s) % 10 == 0)
        .unwrap_or_default()
}

async fn seed_organisations(api: &Api, agent: &str) -> anyhow::Result<()> {
    for n in 1..=SEEDED {
        api.call(
            agent,
            Method::POST,
            "/funder/organisations",
            Some(json!({
                "name": format!("Organisme Test {n:02}"),
                "siret": siret(n),
                "email": format!("contact{n}@of-test.test"),
                "user": { "email": format!("direction{n}@of-test.test"), "display_name": format!("Direction {}", LAST_NAMES[n as usize - 1]) },
            })),
        )
        .await?;
    }
    Ok(())
}

/// 22 dossiers of the demo OF started in September 2026; returns their ids.
async fn seed_dossiers(api: &Api, agent: &str) -> anyhow::Result<Vec<i64>> {
    let of = api.token("of@formapro.test").await?;
    let me = api.call(&of, Method::GET, "/me", None).await?;
    let mut ids = Vec::new();
    for n in 1..=SEEDED {
        let d = api
            .call(
                agent,
                Method::POST,
                "/funder/dossiers",
                Some(json!({
                    "number": format!("2026-IDF-{:06}", 500 + n),
                    "organisation_id": me["organisation_id"],
                    "beneficiary": { "first_name": "Camille", "last_name": LAST_NAMES[n as usize - 1], "email": format!("camille{n}@realis.test") },
                    "employer": { "name": "Pharmaplus", "email": "rh@pharmaplus.test" },
                    "training_title": "Conseiller en insertion",
                    "session_start": "2026-09-01",
                    "session_end": "2027-06-30",
                })),
            )
            .await?;
        ids.push(d["id"].as_i64().unwrap_or_default());
    }
    Ok(ids)
}

async fn seed_payments(api: &Api, agent: &str, dossiers: &[i64]) -> anyhow::Result<()> {
    for (n, id) in dossiers.iter().enumerate() {
        api.call(
            agent,
            Method::POST,
            &format!("/funder/dossiers/{id}/payments"),
            Some(json!({
                "period": "2026-09", "kind": "advance", "amount_cents": 10_000 + n as i64,
                "paid_on": format!("2026-10-{:02}", n + 1), "reference": format!("AVANCE-{:02}", n + 1),
            })),
        )
        .await?;
    }
    Ok(())
}

/// What identifies an item of page 2: a text of the list, or an element inside it.
enum Item<'a> {
    Text(&'a str),
    Css(String),
}

async fn lists(h: &Harness, table: &str, item: &Item<'_>) -> anyhow::Result<bool> {
    Ok(match item {
        Item::Text(t) => h
            .testid(table)
            .await?
            .text()
            .await
            .is_ok_and(|text| text.contains(t)),
        Item::Css(css) => h.client.find(Locator::Css(css)).await.is_ok(),
    })
}

/// Waits until the list shows (or no longer shows) the item.
async fn wait_listing(h: &Harness, table: &str, item: &Item<'_>, want: bool) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(15);
    while lists(h, table, item).await? != want {
        if Instant::now() > deadline {
            let _ = h.screenshot(&format!("failure-{table}")).await;
            anyhow::bail!("[data-testid={table}] listing the item is not {want}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

async fn query(h: &Harness) -> anyhow::Result<String> {
    Ok(h.client
        .current_url()
        .await?
        .query()
        .unwrap_or_default()
        .to_owned())
}

/// On `path`, a list `table` of `pages` pages: `item` (on page 2) is not on page 1, «Suivant»
/// shows it with «Page 2 sur N», reload keeps it, back returns to page 1.
async fn pages_through(
    h: &Harness,
    path: &str,
    table: &str,
    pages: u64,
    item: Item<'_>,
    shot: &str,
) -> anyhow::Result<()> {
    h.goto(path).await?;
    h.text_contains("pager-status", &format!("Page 1 sur {pages} "))
        .await?;
    h.testid(table).await?;
    assert!(
        !lists(h, table, &item).await?,
        "{path}: the item is on page 1"
    );
    h.scroll_to("pager-next").await?;
    h.click("pager-next").await?;
    h.text_contains("pager-status", &format!("Page 2 sur {pages} "))
        .await?;
    wait_listing(h, table, &item, true).await?;
    assert!(
        query(h).await?.contains("page=2"),
        "{path}: page in the URL"
    );
    h.screenshot(shot).await?;
    h.client.refresh().await?;
    h.text_contains("pager-status", &format!("Page 2 sur {pages} "))
        .await?;
    wait_listing(h, table, &item, true).await?;
    h.client.back().await?;
    h.text_contains("pager-status", &format!("Page 1 sur {pages} "))
        .await?;
    wait_listing(h, table, &item, false).await?;
    assert!(!query(h).await?.contains("page="), "{path}: back on page 1");
    Ok(())
}

/// Page 2 of a list endpoint, read through the API.
async fn page_two(api: &Api, token: &str, path: &str) -> anyhow::Result<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    api.call(
        token,
        Method::GET,
        &format!("{path}{sep}page=2&per_page=20"),
        None,
    )
    .await
}

#[tokio::test]
async fn the_of_pages_its_dossiers_payments_and_dashboard_and_the_url_keeps_the_page()
-> anyhow::Result<()> {
    let Some(h) = Harness::start("lists-of").await? else {
        return Ok(());
    };
    let api = Api::new(&h.base);
    let agent = api.token("agent@tp-idf.test").await?;
    let ids = seed_dossiers(&api, &agent).await?;
    seed_payments(&api, &agent, &ids).await?;
    let of = api.token("of@formapro.test").await?;
    h.login_demo("of@formapro.test").await?;

    // «Mes dossiers»: 25, newest first, the demo's on page 2.
    let second = page_two(&api, &of, "/dossiers").await?;
    assert_eq!(second["total"], 25, "{second}");
    let number = second["items"][0]["number"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    pages_through(
        &h,
        "/dossiers",
        "dossiers",
        2,
        Item::Text(&number),
        "40-dossiers-page-2",
    )
    .await?;
    // The search is in the URL too: a reload keeps it, in the box and in the list.
    h.fill("dossier-search", "000101").await?;
    h.text_contains("pager-status", "Page 1 sur 1 (1 dossier)")
        .await?;
    assert!(
        query(&h).await?.contains("q=000101"),
        "{}",
        query(&h).await?
    );
    h.client.refresh().await?;
    h.text_contains("pager-status", "Page 1 sur 1 (1 dossier)")
        .await?;
    h.text_contains("dossiers", "2026-IDF-000101").await?;
    assert_eq!(
        h.testid("dossier-search")
            .await?
            .prop("value")
            .await?
            .as_deref(),
        Some("000101")
    );

    // «Règlements»: 22 payments, newest first.
    let second = page_two(&api, &of, "/payments").await?;
    let reference = second["items"][0]["payment"]["reference"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    pages_through(
        &h,
        "/reglements",
        "all-payments",
        2,
        Item::Text(&reference),
        "41-payments-page-2",
    )
    .await?;

    // «Tableau de bord»: every pending month, 20 a page.
    let second = page_two(&api, &of, "/dashboard").await?;
    let total = second["total"].as_u64().unwrap_or_default();
    assert!(total > 40, "{second}");
    let item = &second["items"][0];
    let row_id = format!(
        "pending-{}-{}",
        item["dossier_number"].as_str().unwrap_or_default(),
        item["period"].as_str().unwrap_or_default()
    );
    let row = format!("[data-testid='{row_id}']");
    h.goto("/tableau-de-bord").await?;
    h.text_contains("pending-count", &format!("{total} actions en attente"))
        .await?;
    h.text_contains("pager-status", &format!("({total} mois)"))
        .await?;
    pages_through(
        &h,
        "/tableau-de-bord",
        "pending-months",
        total.div_ceil(20),
        Item::Css(row.clone()),
        "42-dashboard-page-2",
    )
    .await?;
    h.click("pager-next").await?;
    h.text_contains("pager-status", "Page 2 sur ").await?;
    let rows = h
        .client
        .find_all(Locator::Css("[data-testid=pending-months] tbody tr"))
        .await?;
    assert_eq!(rows.len(), 20);
    assert_eq!(
        rows[0].attr("data-testid").await?,
        Some(row_id),
        "page 2 starts where the API's page 2 does"
    );
    h.close().await
}

#[tokio::test]
async fn the_agent_pages_organisations_dossiers_and_accounts_and_finds_an_organisation_beyond_the_first_20()
-> anyhow::Result<()> {
    let Some(h) = Harness::start("lists-agent").await? else {
        return Ok(());
    };
    let api = Api::new(&h.base);
    let agent = api.token("agent@tp-idf.test").await?;
    seed_organisations(&api, &agent).await?;
    seed_dossiers(&api, &agent).await?;
    h.login_demo("agent@tp-idf.test").await?;

    let second = page_two(&api, &agent, "/funder/organisations").await?;
    let name = second["items"][0]["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let pages = second["total"].as_u64().unwrap_or_default().div_ceil(20);
    assert_eq!(pages, 2, "{second}");
    pages_through(
        &h,
        "/organismes",
        "organisations",
        2,
        Item::Text(&name),
        "43-organisations-page-2",
    )
    .await?;

    let second = page_two(&api, &agent, "/dossiers").await?;
    let number = second["items"][0]["number"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    pages_through(
        &h,
        "/dossiers",
        "dossiers",
        2,
        Item::Text(&number),
        "44-agent-dossiers-page-2",
    )
    .await?;

    let second = page_two(&api, &agent, "/funder/users?role=beneficiary").await?;
    let email = second["items"][0]["email"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let pages = second["total"].as_u64().unwrap_or_default().div_ceil(20);
    // The role filter is in the URL with the page.
    pages_through(
        &h,
        "/comptes?role=beneficiary",
        "accounts",
        pages,
        Item::Text(&email),
        "45-accounts-page-2",
    )
    .await?;
    assert!(query(&h).await?.contains("role=beneficiary"));
    assert_eq!(
        h.testid("accounts-role")
            .await?
            .prop("value")
            .await?
            .as_deref(),
        Some("beneficiary")
    );

    // «Créer un dossier»: the last organisation by name is not among the first 20.
    let last = api
        .call(
            &agent,
            Method::GET,
            "/funder/organisations?page=1&per_page=100",
            None,
        )
        .await?;
    let target = last["items"]
        .as_array()
        .and_then(|a| a.last())
        .cloned()
        .unwrap_or_default();
    let target_name = target["name"].as_str().unwrap_or_default().to_owned();
    assert_eq!(target_name, "Organisme Test 22");
    h.goto("/dossiers").await?;
    h.testid("new-dossier").await?;
    let options = h.testid("field-organisation").await?.text().await?;
    assert!(!options.contains(&target_name), "the 20 first: {options}");
    h.text_contains("org-picker-count", "Les 20 premiers des 23 organismes")
        .await?;
    h.scroll_to("org-picker-search").await?;
    h.fill("org-picker-search", "test 22").await?;
    h.text_contains("org-picker-count", "1 organisme trouvé")
        .await?;
    h.text_contains("field-organisation", &target_name).await?;
    // Keyboard: focus the select and move to the first result with the arrow key.
    let select = h.testid("field-organisation").await?;
    select.send_keys("\u{E015}").await?;
    h.text_contains(
        "org-picker-chosen",
        &format!("Organisme choisi : {target_name}"),
    )
    .await?;
    for (id, v) in [
        ("field-number", "2026-IDF-000950"),
        ("field-beneficiary.first_name", "Inès"),
        ("field-beneficiary.last_name", "Picard"),
        ("field-beneficiary.email", "ines.picard@realis.test"),
        ("field-employer.name", "Pharmaplus"),
        ("field-employer.email", "rh@pharmaplus.test"),
        ("field-training_title", "Aide-soignante"),
    ] {
        h.testid(id).await?.send_keys(v).await?;
    }
    for (id, v) in [
        ("field-session_start", "2026-09-01"),
        ("field-session_end", "2027-06-30"),
    ] {
        h.client
            .execute(
                &format!("const e = document.querySelector('[data-testid={id}]'); e.value = '{v}'; e.dispatchEvent(new Event('input', {{bubbles: true}}));"),
                vec![],
            )
            .await?;
    }
    h.scroll_to("org-picker-search").await?;
    h.screenshot("46-organisation-picker").await?;
    h.click("create-dossier").await?;
    h.text_contains("dossier-head", "2026-IDF-000950").await?;
    h.click("tab-summary").await?;
    h.text_contains("summary", &target_name).await?;
    // On a phone: the pager and the picker, to look at.
    h.client.set_window_size(390, 844).await?;
    h.goto("/dossiers?page=2").await?;
    h.text_contains("pager-status", "Page 2 sur 2").await?;
    h.scroll_to("pager-next").await?;
    h.screenshot("48-phone-pager").await?;
    h.fill("org-picker-search", "organisme").await?;
    h.text_contains("org-picker-count", "organismes trouvés")
        .await?;
    h.scroll_to("org-picker-search").await?;
    h.screenshot("49-phone-picker").await?;
    h.close().await
}

#[tokio::test]
async fn the_agents_pending_count_is_what_its_sections_show() -> anyhow::Result<()> {
    let Some(h) = Harness::start("lists-agent-dashboard").await? else {
        return Ok(());
    };
    let api = Api::new(&h.base);
    let of = api.token("of@formapro.test").await?;
    let pdf = h.data_dir.join("kbis.pdf");
    realis_e2e::write_pdf(&pdf)?;
    api.put(&of, "/organisation/documents/kbis", "application/pdf", &pdf)
        .await?;
    h.login_demo("agent@tp-idf.test").await?;
    let count = h.text_contains("pending-count", "en attente").await?;
    let count: u64 = count
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(u64::MAX);
    let breakdown = h.text_contains("pending-breakdown", "Soit ").await?;
    let numbers: Vec<u64> = breakdown
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    let documents = h
        .client
        .find_all(Locator::Css("[data-testid=documents-to-review] tbody tr"))
        .await?
        .len() as u64;
    let months = h
        .client
        .find_all(Locator::Css("[data-testid=pending-months] tbody tr"))
        .await?
        .len() as u64;
    h.screenshot("47-agent-dashboard-count").await?;
    assert_eq!(documents, 1);
    assert_eq!(numbers, vec![months, documents, 0], "{breakdown}");
    assert_eq!(count, numbers.iter().sum::<u64>(), "{breakdown}");
    h.close().await
}

/// Issue 11, part 1: the agent creates a VAE dossier in «Créer un dossier»; the OF's menu then
/// shows «VAE en cours», which lists it (and only it), the dossier page says «VAE», and «Mes
/// dossiers» filters on the scheme with the choice kept in the URL. axe on the new list.
#[tokio::test]
async fn a_vae_dossier_gets_its_own_menu_and_the_list_filters_on_the_scheme() -> anyhow::Result<()>
{
    let Some(h) = Harness::start("lists-schemes").await? else {
        return Ok(());
    };
    let api = Api::new(&h.base);
    let agent = api.token("agent@tp-idf.test").await?;
    seed_dossiers(&api, &agent).await?;
    let of = api.token("of@formapro.test").await?;
    let me = api.call(&of, Method::GET, "/me", None).await?;
    assert_eq!(me["schemes"], json!(["ptp"]), "{me}");
    let d = api
        .call(
            &agent,
            Method::POST,
            "/funder/dossiers",
            Some(json!({
                "number": "2026-IDF-VAE-001",
                "organisation_id": me["organisation_id"],
                "scheme": "vae",
                "beneficiary": { "first_name": "Łukasz", "last_name": "Żółć", "email": "lukasz@realis.test" },
                "employer": { "name": "Pharmaplus", "email": "rh@pharmaplus.test" },
                "training_title": "Titre professionnel de préparateur",
                "session_start": "2026-09-01",
                "session_end": "2027-06-30",
            })),
        )
        .await?;
    assert_eq!(d["scheme_label"], "VAE", "{d}");

    // The agent's form offers the scheme.
    h.login_demo("agent@tp-idf.test").await?;
    h.goto("/dossiers").await?;
    h.text_contains("new-dossier", "Dispositif").await?;
    let options = h
        .client
        .find_all(Locator::Css("[data-testid=field-scheme] option"))
        .await?
        .len();
    assert_eq!(options, 4, "PTP, VAE, bilan, apprentissage");
    h.logout().await?;

    h.login_demo("of@formapro.test").await?;
    let menu = h.text_contains("menu", "VAE en cours").await?;
    assert!(menu.contains("PTP en cours"), "{menu}");
    assert!(!menu.contains("Bilan"), "{menu}");
    h.client
        .find(Locator::LinkText("VAE en cours"))
        .await?
        .click()
        .await?;
    h.text_contains("dossiers", "2026-IDF-VAE-001").await?;
    h.text_contains("pager-status", "(1 dossier)").await?;
    h.text_contains("dossiers", "Łukasz ŻÓŁĆ").await?;
    h.screenshot("48-vae-en-cours").await?;
    if let Some(v) = h.axe().await? {
        assert!(v.is_empty(), "axe on «VAE en cours»: {v:?}");
    }
    h.open_dossier("2026-IDF-VAE-001").await?;
    h.text_contains("dossier-head", "Dispositif").await?;
    h.text_contains("dossier-head", "VAE").await?;

    // «Mes dossiers»: 26 in all, the scheme filter narrows to 25 PTP, kept across a reload.
    h.goto("/dossiers").await?;
    h.text_contains("pager-status", "(26 dossiers)").await?;
    h.client
        .find(Locator::Css(
            "[data-testid=filter-scheme] option[value=ptp]",
        ))
        .await?
        .click()
        .await?;
    h.text_contains("pager-status", "(25 dossiers)").await?;
    h.client.refresh().await?;
    h.text_contains("pager-status", "(25 dossiers)").await?;
    let url = h.client.current_url().await?;
    assert!(url.as_str().contains("dispositif=ptp"), "{url}");
    h.screenshot("49-dossiers-filtered-ptp").await?;
    if let Some(v) = h.axe().await? {
        assert!(v.is_empty(), "axe on «Mes dossiers» with filters: {v:?}");
    }
    h.close().await
}
