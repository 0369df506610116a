//! «Saisie du mois» (issue #13): an OF enters and prepares a whole month of its dossiers on one
//! page, with the keyboard alone. 60 dossiers are seeded in last month (more than a page of
//! `GET /months`): 50 entered by day, 10 in monthly totals. Totals are typed in place,
//! «Répartir 7h tous les jours» fills the others, one «Enregistrer» saves them all (one month is
//! refused and says why on its row), then 50 are prepared after the review.

use std::time::{Duration, Instant};

use chrono::{Datelike, Months, NaiveDate};
use fantoccini::key::Key;
use realis_e2e::{Api, Harness, write_png};
use reqwest::Method;
use serde_json::{Value, json};

const BY_DAY: usize = 50;
const BY_TOTALS: usize = 10;

fn key(k: Key) -> String {
    char::from(k).to_string()
}

fn today() -> NaiveDate {
    chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).date_naive()
}

/// Last month, `YYYY-MM`, and its first day.
fn last_month() -> (String, NaiveDate) {
    let today = today();
    let first = today.with_day(1).unwrap_or(today) - Months::new(1);
    (format!("{:04}-{:02}", first.year(), first.month()), first)
}

/// Hundredths of hours as the page prints them, once read by WebDriver: «7 000,00».
fn fr_hours(hundredths: u64) -> String {
    let digits = (hundredths / 100).to_string();
    let mut int = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            int.push(' ');
        }
        int.push(c);
    }
    format!("{int},{:02}", hundredths % 100)
}

/// «d'octobre 2026», «de mai 2026»: the month as the page's caption says it.
fn of_month(d: NaiveDate) -> String {
    const NAMES: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let name = NAMES[d.month0() as usize];
    let de = if name.starts_with(['a', 'o']) {
        "d'"
    } else {
        "de "
    };
    format!("{de}{name} {}", d.year())
}

/// 60 dossiers of the demo OF from the first day of last month; their ids, by number.
async fn seed(api: &Api, start: NaiveDate) -> anyhow::Result<Vec<i64>> {
    let agent = api.token("agent@tp-idf.test").await?;
    let of = api.token("of@formapro.test").await?;
    let me = api.call(&of, Method::GET, "/me", None).await?;
    let end = start + Months::new(6);
    let mut ids = Vec::new();
    for n in 1..=BY_DAY + BY_TOTALS {
        let by_totals = n > BY_DAY;
        let d = api
            .call(
                &agent,
                Method::POST,
                "/funder/dossiers",
                Some(json!({
                    "number": format!("2026-IDF-{:06}", 700 + n),
                    "organisation_id": me["organisation_id"],
                    "beneficiary": { "first_name": "Camille", "last_name": format!("Saisie{n:02}"), "email": format!("saisie{n}@realis.test") },
                    "employer": { "name": "Pharmaplus", "email": "rh@pharmaplus.test" },
                    "training_title": if by_totals { "Gestion de la paie" } else { "Conseiller en insertion" },
                    "session_start": start.to_string(),
                    "session_end": end.to_string(),
                    "granularity": if by_totals { Some("month") } else { None },
                })),
            )
            .await?;
        ids.push(d["id"].as_i64().unwrap_or_default());
    }
    Ok(ids)
}

/// The months of `period` as the API lists them (every page), by dossier id.
async fn months(api: &Api, token: &str, period: &str) -> anyhow::Result<Vec<Value>> {
    let mut out = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = api
            .call(
                token,
                Method::GET,
                &format!("/months?period={period}&limit=100{cursor}"),
                None,
            )
            .await?;
        out.extend(page["items"].as_array().cloned().unwrap_or_default());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => return Ok(out),
        }
    }
}

fn of_dossier(months: &[Value], id: i64) -> Value {
    months
        .iter()
        .find(|m| m["dossier_id"] == id)
        .cloned()
        .unwrap_or_default()
}

/// Waits until `id` (a testid) is gone or present, as `want` says.
async fn wait_present(h: &Harness, id: &str, want: bool) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(15);
    let sel = format!("[data-testid=\"{id}\"]");
    loop {
        let here = h.client.find(fantoccini::Locator::Css(&sel)).await.is_ok();
        if here == want {
            return Ok(());
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "{id} present: {here}, wanted {want}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits (up to a minute: a batch of 50 months renders 50 draft PDFs) until `id` says `needle`.
async fn wait_text(h: &Harness, id: &str, needle: &str) -> anyhow::Result<String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let sel = format!("[data-testid=\"{id}\"]");
    loop {
        if let Ok(el) = h.client.find(fantoccini::Locator::Css(&sel)).await
            && let Ok(text) = el.text().await
            && text.contains(needle)
        {
            return Ok(text);
        }
        if Instant::now() > deadline {
            let _ = h.screenshot(&format!("failure-wait-{id}")).await;
            anyhow::bail!("[data-testid={id}] never said {needle:?}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// How many requests the page sent to URLs containing `part` (the browser's resource timing).
async fn requests(h: &Harness, part: &str) -> anyhow::Result<u64> {
    let n = h
        .client
        .execute(
            "return performance.getEntriesByType('resource').filter(e => e.name.includes(arguments[0])).length",
            vec![json!(part)],
        )
        .await?;
    Ok(n.as_u64().unwrap_or_default())
}

/// Focuses `id` with Tab and types `text` into it.
async fn type_into(h: &Harness, id: &str, text: &str) -> anyhow::Result<()> {
    h.tab_to(id).await?;
    h.press(text).await
}

/// Chooses in the select `id`, by the keyboard, the option whose label starts with `typed`.
async fn choose(h: &Harness, id: &str, typed: &str, expect: &str) -> anyhow::Result<()> {
    h.tab_to(id).await?;
    h.press(typed).await?;
    let value = h.testid(id).await?.prop("value").await?.unwrap_or_default();
    anyhow::ensure!(value == expect, "{id} is {value:?}, not {expect:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_of_enters_and_prepares_a_whole_month_of_its_dossiers_on_one_page() -> anyhow::Result<()>
{
    let Some(h) = Harness::start("saisie").await? else {
        return Ok(());
    };
    let api = Api::new(&h.base);
    let (period, start) = last_month();
    let ids = seed(&api, start).await?;
    let (day_ids, total_ids) = ids.split_at(BY_DAY);
    // A logo: without it the OF's entry cannot be certified (its identity is incomplete).
    let of = api.token("of@formapro.test").await?;
    let logo = h.data_dir.join("logo.png");
    write_png(&logo, 120, 60, (29, 78, 137))?;
    api.put(&of, "/organisation/logo", "image/png", &logo)
        .await?;

    // Signed in with the keyboard, then the page from the menu entry.
    h.goto("/connexion").await?;
    type_into(&h, "login", "of@formapro.test").await?;
    type_into(&h, "password", "realis-demo-2026").await?;
    h.press(&key(Key::Enter)).await?;
    h.testid("pending-count").await?;
    h.goto("/saisie-du-mois").await?;
    h.testid("saisie-table").await?;
    // By default the latest period with months awaiting the OF: this month.
    let now = today();
    let this_month = format!("{:04}-{:02}", now.year(), now.month());
    let shown = h.testid("saisie-period").await?.prop("value").await?;
    assert_eq!(shown.as_deref(), Some(this_month.as_str()));

    // Last month, with the arrow key (the periods run newest first): every page of it listed.
    h.tab_to("saisie-period").await?;
    h.press(&key(Key::Down)).await?;
    h.text_contains(
        "saisie-table",
        &format!("Saisie du mois {}", of_month(start)),
    )
    .await?;
    h.text_contains(
        "saisie-table",
        &format!("2026-IDF-{:06}", 700 + BY_DAY + BY_TOTALS),
    )
    .await?;
    assert!(
        h.client
            .current_url()
            .await?
            .query()
            .unwrap_or_default()
            .contains(&format!("periode={period}")),
        "the period is in the URL"
    );
    for id in &ids {
        h.testid(&format!("saisie-row-{id}")).await?;
    }

    // The dossiers entered in totals: three typed in place, one over the month's capacity.
    choose(&h, "saisie-training", "G", "Gestion de la paie").await?;
    h.text_contains("saisie-table", &format!("{BY_TOTALS} mois sur"))
        .await?;
    type_into(&h, &format!("total-{}-0", total_ids[0]), "140").await?;
    type_into(&h, &format!("total-{}-0", total_ids[1]), "70").await?;
    h.press(&key(Key::Tab)).await?;
    h.press("35").await?;
    type_into(&h, &format!("total-{}-0", total_ids[2]), "900").await?;
    h.text_contains("saisie-unsaved", "3 mois modifiés").await?;

    // Leaving now asks first; «Annuler» stays on the page with what was typed.
    h.tab_to(&format!("dossier-{}", total_ids[3])).await?;
    let _ = h.press(&key(Key::Enter)).await;
    let question = h.client.get_alert_text().await?;
    assert!(question.contains("non enregistrées"), "{question}");
    h.client.dismiss_alert().await?;
    assert!(
        h.client
            .current_url()
            .await?
            .path()
            .ends_with("/saisie-du-mois")
    );

    // Every month of the period, then «Répartir 7h tous les jours» on the selection.
    choose(&h, "saisie-training", &key(Key::Home), "").await?;
    h.tab_to("select-all").await?;
    h.press(" ").await?;
    h.text_contains("saisie-selected", "mois sélectionnés")
        .await?;
    h.tab_to("saisie-fill-7h").await?;
    h.press(&key(Key::Enter)).await?;
    let said = wait_text(&h, "saisie-notice", "se saisissent en totaux mensuels").await?;
    assert!(said.contains("mois calculés à enregistrer"), "{said}");
    let filled = h
        .testid(&format!("total-{}-0", day_ids[0]))
        .await?
        .text()
        .await?;
    assert!(filled.ends_with(",00") && filled != "0,00", "{filled}");
    h.screenshot("saisie-filled").await?;

    // One «Enregistrer» for all: each month answers on its row.
    h.tab_to("saisie-save").await?;
    h.press(&key(Key::Enter)).await?;
    let said = wait_text(&h, "saisie-error", "1 mois refusé").await?;
    assert!(said.contains("enregistrés"), "{said}");
    h.text_contains(
        &format!("row-error-{}", total_ids[2]),
        "Le total dépasse 24 heures par jour de session du mois.",
    )
    .await?;
    h.focus_lands_on(&format!("total-{}-0", total_ids[2]))
        .await?;
    h.testid(&format!("row-saved-{}", total_ids[0])).await?;
    h.text_contains(&format!("status-{}", day_ids[0]), "Saisie en cours")
        .await?;
    h.text_contains("saisie-unsaved", "1 mois modifié").await?;
    h.screenshot("saisie-saved").await?;
    // One request saved them all; the period was read in two pages of 50.
    assert_eq!(requests(&h, "/api/v1/hours/batch").await?, 1);
    assert_eq!(
        requests(&h, &format!("/api/v1/months?period={period}")).await?,
        2
    );
    let per_month: f64 = filled
        .replace(['\u{a0}', ' '], "")
        .replace(',', ".")
        .parse()?;
    let listed = months(&api, &of, &period).await?;
    for id in day_ids {
        let m = of_dossier(&listed, *id);
        assert_eq!(m["status"], "draft", "{m}");
        assert_eq!(m["totals"]["training"].as_f64(), Some(per_month));
    }
    assert_eq!(
        of_dossier(&listed, total_ids[0])["totals"]["training"],
        140.0
    );
    assert_eq!(
        of_dossier(&listed, total_ids[1])["totals"]["internship"],
        35.0
    );
    assert_eq!(
        of_dossier(&listed, total_ids[2])["status"],
        "awaiting_entry"
    );

    // The 50 by day: «Je certifie la saisie des heures», reviewed, Escape, again, «Confirmer».
    choose(&h, "saisie-training", "C", "Conseiller en insertion").await?;
    h.text_contains("saisie-selected", &format!("{BY_DAY} mois sélectionnés"))
        .await?;
    h.tab_to("saisie-prepare").await?;
    h.press(&key(Key::Enter)).await?;
    h.focus_lands_on("review-title").await?;
    h.text_contains("review-total", &format!("Total ({BY_DAY} mois)"))
        .await?;
    let grand = fr_hours((per_month * 100.0).round() as u64 * BY_DAY as u64);
    h.text_contains("review-total", &grand).await?;
    h.text_contains("review-summary", &format!("{grand} heures en tout"))
        .await?;
    h.screenshot("saisie-review").await?;
    h.press(&key(Key::Escape)).await?;
    wait_present(&h, "review-confirm", false).await?;
    assert!(!h.dialog_open().await, "Escape closes the review");
    h.focus_lands_on("saisie-prepare").await?;
    h.press(&key(Key::Enter)).await?;
    h.focus_lands_on("review-title").await?;
    h.tab_to("review-confirm").await?;
    h.press(&key(Key::Enter)).await?;
    wait_text(
        &h,
        "saisie-notice",
        &format!("{BY_DAY} mois en attente de certification"),
    )
    .await?;
    h.text_contains(
        &format!("status-{}", day_ids[0]),
        "En attente de certification",
    )
    .await?;
    let listed = months(&api, &of, &period).await?;
    for id in day_ids {
        assert_eq!(of_dossier(&listed, *id)["status"], "awaiting_certification");
    }

    // On a phone: one card per month, nothing wider than the screen.
    h.set_viewport(390, 844).await?;
    h.client
        .execute("window.scrollTo(0, 0); return true", vec![])
        .await?;
    let wide = h
        .client
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth",
            vec![],
        )
        .await?;
    assert_eq!(
        wide.as_bool(),
        Some(false),
        "the page is wider than a phone"
    );
    h.screenshot("saisie-phone").await?;
    h.scroll_to(&format!("saisie-row-{}", day_ids[0])).await?;
    h.screenshot("saisie-phone-cards").await?;
    h.close().await
}
