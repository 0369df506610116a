//! Phones (#9 item 7): at 390×844 no page is wider than the screen, for every role; the menu folds
//! behind a real «Menu» button (`aria-expanded`, `aria-controls`, keyboard operable) and
//! «Déconnexion» stays on screen. The desktop layout (1280 px) keeps its side menu.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use fantoccini::key::Key;
use realis_e2e::Harness;

/// The demo accounts, with a short name for the screenshots.
const ROLES: &[(&str, &str)] = &[
    ("of", "of@formapro.test"),
    ("agent", "agent@tp-idf.test"),
    ("beneficiary", "michelle.dubois@realis.test"),
    ("employer", "rh@pharmaplus.test"),
    ("admin", "admin@realis.test"),
];

async fn js(h: &Harness, script: &str) -> anyhow::Result<serde_json::Value> {
    Ok(h.client.execute(script, vec![]).await?)
}

/// Waits until the page has finished loading its data.
async fn settle(h: &Harness) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let loading = js(
            h,
            "return !document.querySelector('main, .centered') || document.body.innerText.includes('Chargement…')",
        )
        .await?
        .as_bool()
        .unwrap_or(true);
        if !loading {
            break;
        }
        anyhow::ensure!(Instant::now() < deadline, "the page is still loading");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Fonts and late layout.
    tokio::time::sleep(Duration::from_millis(300)).await;
    js(h, "window.scrollTo(0, 0); return true").await?;
    Ok(())
}

/// The page's width and the viewport's, and what sticks out when the page is wider.
async fn widths(h: &Harness) -> anyhow::Result<(i64, i64, String)> {
    let v = js(
        h,
        r#"
        const vw = window.innerWidth;
        const out = [];
        for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > vw + 1 && !el.closest('.table-scroll') && out.length < 6) {
                out.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '')
                    + (el.dataset.testid ? '[' + el.dataset.testid + ']' : '') + ' ' + Math.round(r.right));
            }
        }
        return [document.documentElement.scrollWidth, vw, out.join(', ')];
    "#,
    )
    .await?;
    Ok((
        v[0].as_i64().unwrap_or_default(),
        v[1].as_i64().unwrap_or_default(),
        v[2].as_str().unwrap_or_default().to_owned(),
    ))
}

/// Whether the element matched by `selector` is shown and wholly inside the viewport.
async fn on_screen(h: &Harness, selector: &str) -> anyhow::Result<bool> {
    let script = r#"
        const el = document.querySelector(arguments[0]);
        if (!el || !el.checkVisibility()) return false;
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.left >= 0 && r.top >= 0
            && r.right <= window.innerWidth && r.bottom <= window.innerHeight;
    "#;
    let v = h.client.execute(script, vec![selector.into()]).await?;
    Ok(v.as_bool().unwrap_or(false))
}

/// Measures the page now shown; a problem is added to `failures`.
async fn check_page(
    h: &Harness,
    role: &str,
    page: &str,
    portal: bool,
    report: &mut Vec<String>,
    failures: &mut Vec<String>,
) -> anyhow::Result<()> {
    settle(h).await?;
    let (scroll, vw, culprits) = widths(h).await?;
    report.push(format!("{role:<12} {page:<32} {scroll:>5} px"));
    if scroll > vw {
        failures.push(format!(
            "{role} {page}: the page is {scroll} px wide on a {vw} px screen ({culprits})"
        ));
    }
    if portal && !on_screen(h, "[data-testid=logout]").await? {
        failures.push(format!("{role} {page}: «Déconnexion» is not on screen"));
    }
    let name = page.trim_start_matches('/').replace('/', "-");
    let name = if name.is_empty() { "accueil" } else { &name };
    h.screenshot(&format!("phone-{role}-{name}")).await?;
    Ok(())
}

async fn goto_and_check(
    h: &Harness,
    role: &str,
    path: &str,
    report: &mut Vec<String>,
    failures: &mut Vec<String>,
) -> anyhow::Result<()> {
    h.goto(path).await?;
    h.testid("logout").await?;
    check_page(h, role, path, true, report, failures).await
}

async fn attr(h: &Harness, selector: &str, name: &str) -> anyhow::Result<Option<String>> {
    let script =
        "const e = document.querySelector(arguments[0]); return e && e.getAttribute(arguments[1])";
    let v = h
        .client
        .execute(script, vec![selector.into(), name.into()])
        .await?;
    Ok(v.as_str().map(str::to_owned))
}

/// The «Menu» button: a real button that names the menu it opens, folded at first, opened with
/// a click or with the keyboard, its links on screen, closed again once a link is followed.
async fn check_menu(h: &Harness, role: &str, failures: &mut Vec<String>) -> anyhow::Result<()> {
    let toggle = "[data-testid=menu-toggle]";
    let is_button = js(
        h,
        &format!("const e = document.querySelector('{toggle}'); return !!e && e.tagName === 'BUTTON' && e.textContent.trim() === 'Menu'"),
    )
    .await?
    .as_bool()
    .unwrap_or(false);
    if !is_button {
        failures.push(format!("{role}: no «Menu» button on the phone"));
        return Ok(());
    }
    let controls = attr(h, toggle, "aria-controls").await?.unwrap_or_default();
    let menu_id = attr(h, "[data-testid=menu]", "id")
        .await?
        .unwrap_or_default();
    if controls.is_empty() || controls != menu_id {
        failures.push(format!(
            "{role}: the button controls {controls:?}, the menu is {menu_id:?}"
        ));
    }
    if attr(h, toggle, "aria-expanded").await?.as_deref() != Some("false")
        || on_screen(h, "[data-testid=menu] a").await?
    {
        failures.push(format!("{role}: the menu is not folded at first"));
    }
    if !on_screen(h, toggle).await? {
        failures.push(format!("{role}: the «Menu» button is not on screen"));
    }
    // With the keyboard: Enter on the focused button opens it, again closes it.
    let button = h.client.find(Locator::Css(toggle)).await?;
    button.send_keys(&Key::Enter.to_string()).await?;
    let opened = attr(h, toggle, "aria-expanded").await?.as_deref() == Some("true")
        && on_screen(h, "[data-testid=menu] a").await?;
    if !opened {
        failures.push(format!("{role}: Enter on «Menu» does not open the menu"));
    }
    button.send_keys(&Key::Enter.to_string()).await?;
    if attr(h, toggle, "aria-expanded").await?.as_deref() != Some("false") {
        failures.push(format!("{role}: Enter on «Menu» again does not close it"));
    }
    // Escape from within the open menu folds it and gives the focus back to the button.
    button.send_keys(&Key::Enter.to_string()).await?;
    h.client
        .find(Locator::Css("[data-testid=menu] a"))
        .await?
        .send_keys(&Key::Escape.to_string())
        .await?;
    let back = js(
        h,
        "return document.activeElement === document.querySelector('[data-testid=menu-toggle]')",
    )
    .await?
    .as_bool()
    .unwrap_or(false);
    if attr(h, toggle, "aria-expanded").await?.as_deref() != Some("false") || !back {
        failures.push(format!(
            "{role}: Escape does not fold the menu back onto its button"
        ));
    }
    // With a click; the last link must fit on screen too, then following it folds the menu.
    h.click("menu-toggle").await?;
    h.screenshot(&format!("phone-{role}-menu")).await?;
    if !on_screen(h, "[data-testid=menu] a:last-child").await? {
        failures.push(format!("{role}: the opened menu's links are not on screen"));
        return Ok(());
    }
    h.client
        .find(Locator::Css("[data-testid=menu] a:last-child"))
        .await?
        .click()
        .await?;
    settle(h).await?;
    if attr(h, toggle, "aria-expanded").await?.as_deref() != Some("false") {
        failures.push(format!(
            "{role}: the menu stays open after following a link"
        ));
    }
    Ok(())
}

/// The hours grid scrolls inside its own focusable, named region (never the page), and the day
/// column stays in sight when it is scrolled sideways.
async fn grid_scrolls_with_its_days_in_sight(h: &Harness) -> anyhow::Result<Option<String>> {
    let v = js(
        h,
        r#"
        const grid = document.querySelector('[data-testid=hours-grid]');
        const region = grid.closest('.table-scroll');
        if (!region) return 'the grid has no scroll region';
        if (region.getAttribute('tabindex') !== '0' || region.getAttribute('role') !== 'region'
            || !region.getAttribute('aria-label')) return 'the scroll region is not focusable and named';
        region.scrollIntoView();
        region.scrollLeft = region.scrollWidth;
        const day = grid.querySelector('tbody th').getBoundingClientRect();
        const left = region.getBoundingClientRect().left;
        if (region.scrollWidth > region.clientWidth && Math.abs(day.left - left) > 2)
            return 'the day column scrolls out of sight (' + Math.round(day.left) + ' px)';
        return '';
    "#,
    )
    .await?;
    Ok(v.as_str().filter(|s| !s.is_empty()).map(str::to_owned))
}

async fn first_href(h: &Harness, selector: &str) -> anyhow::Result<Option<String>> {
    attr(h, selector, "href").await
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_fits_a_phone_for_every_role() -> anyhow::Result<()> {
    let Some(h) = Harness::start("phone").await? else {
        return Ok(());
    };
    h.set_viewport(390, 844).await?;
    let mut report = Vec::new();
    let mut failures = Vec::new();

    for path in [
        "/connexion",
        "/mot-de-passe-oublie",
        "/verify/ABCD-EFGH-1234",
    ] {
        h.goto(path).await?;
        check_page(&h, "public", path, false, &mut report, &mut failures).await?;
    }

    for (role, login) in ROLES {
        h.login_demo(login).await?;
        check_menu(&h, role, &mut failures).await?;
        let menu = js(
            &h,
            "return Array.from(document.querySelectorAll('[data-testid=menu] a')).map(a => a.getAttribute('href'))",
        )
        .await?;
        let paths: Vec<String> = menu
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| p.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        anyhow::ensure!(!paths.is_empty(), "{role}: no menu links");
        for path in &paths {
            goto_and_check(&h, role, path, &mut report, &mut failures).await?;
        }
        // «Mon compte», from the header, for every role.
        goto_and_check(&h, role, "/mon-compte", &mut report, &mut failures).await?;

        // A month from the dashboard (the OF's grid, the beneficiary's validation…), a dossier
        // with each of its tabs, an organisation for the funder.
        h.goto("/tableau-de-bord").await?;
        settle(&h).await?;
        let month = first_href(&h, "[data-testid=pending-row-link]").await?;
        if paths.iter().any(|p| p == "/dossiers") {
            h.goto("/dossiers").await?;
            h.testid("dossiers").await?;
            let dossier = first_href(&h, "[data-testid=dossiers] a[href^='/dossiers/']")
                .await?
                .ok_or_else(|| anyhow::anyhow!("{role}: no dossier"))?;
            goto_and_check(&h, role, &dossier, &mut report, &mut failures).await?;
            let mut month = month;
            for tab in ["tab-payments", "tab-training", "tab-certificates"] {
                h.click(tab).await?;
                let page = format!("{dossier}/{tab}");
                check_page(&h, role, &page, true, &mut report, &mut failures).await?;
            }
            if month.is_none() {
                month = first_href(&h, "[data-testid=months] a").await?;
            }
            // The newest dossier may have no month open yet: look at the others.
            if month.is_none() {
                h.goto("/dossiers").await?;
                h.testid("dossiers").await?;
                let others = js(
                    &h,
                    "return Array.from(document.querySelectorAll('[data-testid=dossiers] a')).map(a => a.getAttribute('href'))",
                )
                .await?;
                for other in others
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str())
                {
                    h.goto(other).await?;
                    h.click("tab-certificates").await?;
                    h.testid("months").await?;
                    month = first_href(&h, "[data-testid=months] a").await?;
                    if month.is_some() {
                        break;
                    }
                }
            }
            let month = month.ok_or_else(|| anyhow::anyhow!("{role}: no month"))?;
            goto_and_check(&h, role, &month, &mut report, &mut failures).await?;
            if h.client
                .find(Locator::Css("[data-testid=hours-grid]"))
                .await
                .is_err()
            {
                failures.push(format!("{role}: no hours grid on {month}"));
            } else if let Some(problem) = grid_scrolls_with_its_days_in_sight(&h).await? {
                failures.push(format!("{role} {month}: {problem}"));
            }
            h.screenshot(&format!("phone-{role}-month-scrolled"))
                .await?;
        }
        if paths.iter().any(|p| p == "/organismes") {
            h.goto("/organismes").await?;
            h.testid("organisations").await?;
            if let Some(org) =
                first_href(&h, "[data-testid=organisations] a[href^='/organismes/']").await?
            {
                goto_and_check(&h, role, &org, &mut report, &mut failures).await?;
            }
        }
        h.logout().await?;
    }

    // The desktop keeps its side menu and no «Menu» button.
    h.set_viewport(1280, 900).await?;
    h.login_demo("of@formapro.test").await?;
    check_page(
        &h,
        "desktop-of",
        "/tableau-de-bord",
        true,
        &mut report,
        &mut failures,
    )
    .await?;
    if on_screen(&h, "[data-testid=menu-toggle]").await?
        || !on_screen(&h, "[data-testid=menu] a").await?
    {
        failures.push("desktop: the side menu is not shown as it was".to_owned());
    }
    if let Some(month) = first_href(&h, "[data-testid=pending-row-link]").await? {
        goto_and_check(&h, "desktop-of", &month, &mut report, &mut failures).await?;
    }

    eprintln!(
        "page widths (phone 390 px, desktop 1280 px):\n{}",
        report.join("\n")
    );
    h.close().await?;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    Ok(())
}
