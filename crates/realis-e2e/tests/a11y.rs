//! axe-core on every page of every role (issue 9): the pages are visited as each demo user, axe
//! runs on each (WCAG 2.1 A/AA and best practices), and the report goes to
//! `target/e2e-screenshots/axe-report.txt`. A violation not in [`KNOWN`] fails the test: the
//! list only shrinks as pages are fixed (a page fixed and still listed fails too, so the list
//! stays true).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use realis_e2e::{Api, Harness, write_pdf};

/// (page, rule) pairs still violated, to be fixed under issue 9. Empty is the goal.
const KNOWN: &[(&str, &str)] = &[];

/// Waits until the page has loaded its data (no «Chargement…» left).
async fn settle(h: &Harness) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let loading = h
            .client
            .execute(
                "return !document.querySelector('main') || document.body.innerText.includes('Chargement')",
                vec![],
            )
            .await?
            .as_bool()
            .unwrap_or(true);
        if !loading || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    Ok(())
}

struct Report {
    found: BTreeSet<(String, String)>,
    lines: Vec<String>,
}

impl Report {
    async fn check(&mut self, h: &Harness, page: &str) -> anyhow::Result<bool> {
        settle(h).await?;
        let Some(violations) = h.axe().await? else {
            return Ok(false);
        };
        if violations.is_empty() {
            self.lines.push(format!("{page}: 0 violation"));
        }
        for v in violations {
            self.lines.push(format!(
                "{page}: {} ({}, {} node(s), first: {})",
                v.id,
                v.impact.unwrap_or_default(),
                v.nodes,
                v.target
            ));
            self.found.insert((page.to_owned(), v.id));
        }
        Ok(true)
    }
}

async fn visit(h: &Harness, r: &mut Report, path: &str, page: &str) -> anyhow::Result<bool> {
    h.goto(path).await?;
    r.check(h, page).await
}

/// Opens the first dossier of the list, then its first open month.
async fn dossier_and_month(h: &Harness, r: &mut Report, who: &str) -> anyhow::Result<()> {
    h.open_dossier("2026-IDF-000101").await?;
    r.check(h, &format!("{who} dossier")).await?;
    h.open_first_month().await?;
    r.check(h, &format!("{who} month")).await?;
    Ok(())
}

#[tokio::test]
async fn every_page_of_every_role_passes_axe() -> anyhow::Result<()> {
    let Some(h) = Harness::start("a11y").await? else {
        return Ok(());
    };
    let mut r = Report {
        found: BTreeSet::new(),
        lines: Vec::new(),
    };
    if !visit(&h, &mut r, "/connexion", "login").await? {
        eprintln!("skipping the axe checks: REALIS_AXE_JS is not set");
        return h.close().await;
    }
    visit(&h, &mut r, "/mot-de-passe-oublie", "forgot password").await?;
    visit(&h, &mut r, "/verify/0000-0000-0000", "public verification").await?;
    visit(&h, &mut r, "/accessibilite", "accessibility statement").await?;
    // A Kbis awaiting review, so that the agent's review shows its «Accepter / Refuser» row.
    let api = Api::new(&h.base);
    let of = api.token("of@formapro.test").await?;
    let pdf = h.data_dir.join("kbis.pdf");
    write_pdf(&pdf)?;
    api.put(&of, "/organisation/documents/kbis", "application/pdf", &pdf)
        .await?;

    h.login_demo("of@formapro.test").await?;
    for (path, page) in [
        ("/tableau-de-bord", "OF dashboard"),
        ("/utilisateurs", "OF users"),
        ("/identite", "OF identity"),
        ("/echanges", "OF conversations"),
        ("/dossiers", "OF dossiers"),
        ("/saisie-du-mois", "OF month entry"),
        ("/reglements", "OF payments"),
        ("/mon-compte", "OF account"),
        ("/formations", "OF trainings"),
        ("/documents", "OF documents"),
        ("/developpeurs", "OF developers"),
    ] {
        visit(&h, &mut r, path, page).await?;
    }
    dossier_and_month(&h, &mut r, "OF").await?;
    // The half-day grid (the second demo dossier) and the dossier's other tabs.
    h.open_dossier("2026-IDF-000102").await?;
    for (tab, page) in [
        ("tab-summary", "OF dossier summary"),
        ("tab-payments", "OF dossier payments"),
        ("tab-training", "OF dossier training summary"),
        ("tab-documents", "OF dossier documents"),
        ("tab-certificates", "OF dossier certificates"),
    ] {
        h.click(tab).await?;
        r.check(&h, page).await?;
    }
    h.open_first_month().await?;
    h.text_contains("hours-grid", "Après-midi").await?;
    r.check(&h, "OF month, half-day grid").await?;
    h.logout().await?;

    h.login_demo("agent@tp-idf.test").await?;
    for (path, page) in [
        ("/tableau-de-bord", "agent dashboard"),
        ("/organismes", "agent organisations"),
        ("/echanges", "agent conversations"),
        ("/dossiers", "agent dossiers"),
        ("/comptes", "agent accounts"),
        ("/reglements", "agent payments"),
        ("/transmissions", "agent transmissions"),
        ("/documents", "agent documents"),
        ("/parametres", "agent settings"),
        ("/developpeurs", "agent developers"),
        ("/mon-compte", "agent account"),
    ] {
        visit(&h, &mut r, path, page).await?;
    }
    h.goto("/organismes").await?;
    h.testid("organisations").await?;
    h.client
        .find(Locator::Css("[data-testid=organisations] a"))
        .await?
        .click()
        .await?;
    r.check(&h, "agent organisation review").await?;
    dossier_and_month(&h, &mut r, "agent").await?;
    h.client
        .find(Locator::LinkText("← Retour au dossier"))
        .await?
        .click()
        .await?;
    h.click("tab-payments").await?;
    h.testid("payment-form").await?;
    r.check(&h, "agent dossier payments (form)").await?;
    h.click("tab-documents").await?;
    h.testid("attach-document").await?;
    r.check(&h, "agent dossier documents (form)").await?;
    h.logout().await?;

    for (login, who) in [
        ("michelle.dubois@realis.test", "beneficiary"),
        ("rh@pharmaplus.test", "employer"),
    ] {
        h.login_demo(login).await?;
        visit(&h, &mut r, "/tableau-de-bord", &format!("{who} dashboard")).await?;
        visit(&h, &mut r, "/dossiers", &format!("{who} dossiers")).await?;
        visit(&h, &mut r, "/mon-compte", &format!("{who} account")).await?;
        h.logout().await?;
    }

    // The third granularity: monthly totals, once the funder's setting says so (the demo's
    // first dossier follows the funder's setting).
    let agent = api.token("agent@tp-idf.test").await?;
    let mut settings = api
        .call(&agent, reqwest::Method::GET, "/funder/settings", None)
        .await?;
    settings["granularity"] = serde_json::json!("month");
    api.call(
        &agent,
        reqwest::Method::PUT,
        "/funder/settings",
        Some(settings),
    )
    .await?;
    h.login_demo("of@formapro.test").await?;
    h.open_dossier("2026-IDF-000101").await?;
    h.open_first_month().await?;
    r.check(&h, "OF month, monthly totals").await?;
    h.logout().await?;

    h.login_demo("admin@realis.test").await?;
    for (path, page) in [
        ("/tableau-de-bord", "admin dashboard"),
        ("/financeurs", "admin funders"),
        ("/comptes", "admin accounts"),
        ("/mon-compte", "admin account"),
    ] {
        visit(&h, &mut r, path, page).await?;
    }

    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screenshots");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("axe-report.txt"), r.lines.join("\n") + "\n")?;
    let known: BTreeSet<(String, String)> = KNOWN
        .iter()
        .map(|(p, id)| ((*p).to_owned(), (*id).to_owned()))
        .collect();
    let new: Vec<_> = r.found.difference(&known).collect();
    let fixed: Vec<_> = known.difference(&r.found).collect();
    println!(
        "axe: {} violated (page, rule) pairs\n{}",
        r.found.len(),
        r.lines.join("\n")
    );
    assert!(new.is_empty(), "new axe violations: {new:?}");
    assert!(fixed.is_empty(), "fixed, remove from KNOWN: {fixed:?}");
    h.close().await
}

/// Presses Tab `stops` times from the top of the page and returns, for each focused element
/// whose ring is missing or thinner than 2 px, a line naming it (RGAA 10.7, WCAG 2.4.7).
async fn faint_focus_rings(h: &Harness, page: &str, stops: usize) -> anyhow::Result<Vec<String>> {
    settle(h).await?;
    h.client
        .execute(
            "document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);",
            vec![],
        )
        .await?;
    // Keys go through WebDriver actions: `send_keys` on a focused file input would choose a
    // file instead of pressing Tab.
    h.press("\u{E004}").await?;
    let mut faint = Vec::new();
    let mut seen = BTreeSet::new();
    for _ in 0..stops {
        let ring = h
            .client
            .execute(
                r#"const e = document.activeElement;
                   if (!e || e === document.body) return null;
                   // A file field's input is clipped out of sight: its label wears the ring.
                   const ringed = e.type === 'file' ? (e.closest('label') || e) : e;
                   const s = getComputedStyle(ringed);
                   const id = e.dataset.testid || e.id || e.textContent.trim().slice(0, 30) || e.tagName;
                   return [e.tagName + ' ' + id, s.outlineStyle, parseFloat(s.outlineWidth) || 0];"#,
                vec![],
            )
            .await?;
        if let Some([name, style, width]) = ring.as_array().map(Vec::as_slice) {
            let name = name.as_str().unwrap_or_default().to_owned();
            if !seen.insert(name.clone()) {
                break; // back at the start
            }
            let style = style.as_str().unwrap_or_default();
            let width = width.as_f64().unwrap_or_default();
            if !matches!(style, "solid" | "dashed" | "dotted" | "double") || width < 2.0 {
                faint.push(format!("{page}: {name} (outline {style} {width}px)"));
            }
        }
        h.press("\u{E004}").await?;
    }
    Ok(faint)
}

#[tokio::test]
async fn every_keyboard_stop_shows_its_focus() -> anyhow::Result<()> {
    let Some(h) = Harness::start("a11y-focus").await? else {
        return Ok(());
    };
    let mut faint = Vec::new();
    h.goto("/connexion").await?;
    h.testid("login").await?;
    faint.extend(faint_focus_rings(&h, "login", 10).await?);
    h.goto("/accessibilite").await?;
    h.testid("a11y-status").await?;
    faint.extend(faint_focus_rings(&h, "accessibility statement", 5).await?);
    h.login_demo("of@formapro.test").await?;
    // The blue bar (Déconnexion), the menu, the dashboard's table and pager.
    h.goto("/tableau-de-bord").await?;
    h.testid("pending-count").await?;
    faint.extend(faint_focus_rings(&h, "OF dashboard", 30).await?);
    h.goto("/identite").await?;
    h.testid("field-postal_code").await?;
    faint.extend(faint_focus_rings(&h, "OF identity", 60).await?);
    h.goto("/developpeurs").await?;
    h.testid("key-form").await?;
    faint.extend(faint_focus_rings(&h, "OF developers", 40).await?);
    h.open_dossier("2026-IDF-000101").await?;
    faint.extend(faint_focus_rings(&h, "OF dossier", 30).await?);
    h.open_first_month().await?;
    faint.extend(faint_focus_rings(&h, "OF month", 40).await?);
    assert!(faint.is_empty(), "focus not visible:\n{}", faint.join("\n"));
    h.close().await
}
