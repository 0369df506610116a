//! The SPA in headless Chromium against the real binary.

use realis_e2e::Harness;

#[tokio::test]
async fn the_of_logs_in_sees_its_dashboard_and_logs_out() -> anyhow::Result<()> {
    let Some(h) = Harness::start("of-login").await? else {
        return Ok(());
    };
    h.goto("/").await?;
    h.testid("login").await?;
    h.screenshot("01-login").await?;
    h.login("of@formapro.test", "realis-demo-2026").await?;
    let count = h
        .text_contains("pending-count", "actions en attente")
        .await?;
    assert_eq!(
        count
            .split_whitespace()
            .next()
            .and_then(|n| n.parse::<u32>().ok())
            .map(|n| n > 0),
        Some(true),
        "{count}"
    );
    let table = h.testid("dashboard").await?.text().await?;
    assert!(table.contains("MICHELLE DUBOIS"), "{table}");
    assert!(
        table.contains("En attente de saisie par l'organisme"),
        "{table}"
    );
    let menu = h.testid("menu").await?.text().await?;
    for label in [
        "Tableau de bord",
        "Utilisateurs",
        "Votre identité",
        "Mes dossiers",
        "Règlements",
        "Mes échanges",
        "Documents",
    ] {
        assert!(menu.contains(label), "menu has {label}: {menu}");
    }
    // No entry leads to an empty «pas encore disponible» page (issue 9, item 9).
    assert!(
        !menu.contains("Formations"),
        "menu hides Formations: {menu}"
    );
    assert_eq!(h.testid("space-name").await?.text().await?, "Organisme");
    h.screenshot("02-of-dashboard").await?;
    // Each pending action opens its month (issue 8, item 9).
    h.click("pending-row-link").await?;
    h.text_contains("month-title", "Certificat de réalisation : ")
        .await?;
    assert!(
        h.client.current_url().await?.path().contains("/mois/"),
        "the row leads to its month"
    );
    h.goto("/tableau-de-bord").await?;
    h.testid("pending-count").await?;
    h.testid("logout").await?.click().await?;
    h.testid("login").await?;
    assert!(h.client.current_url().await?.path().ends_with("/connexion"));
    h.goto("/tableau-de-bord").await?;
    h.testid("login").await?;
    h.close().await
}

#[tokio::test]
async fn a_wrong_password_shows_the_french_error() -> anyhow::Result<()> {
    let Some(h) = Harness::start("wrong-password").await? else {
        return Ok(());
    };
    h.login("of@formapro.test", "mauvais-mot-de-passe").await?;
    let msg = h.text_contains("login-error", "incorrect").await?;
    assert_eq!(msg, "Identifiant ou mot de passe incorrect.");
    h.screenshot("03-wrong-password").await?;
    h.close().await
}

#[tokio::test]
async fn every_demo_account_reaches_its_space() -> anyhow::Result<()> {
    let Some(h) = Harness::start("all-roles").await? else {
        return Ok(());
    };
    for (who, space, entry) in [
        ("agent@tp-idf.test", "Transitions Pro", "Organismes"),
        (
            "michelle.dubois@realis.test",
            "Bénéficiaire",
            "Mes dossiers",
        ),
        ("rh@pharmaplus.test", "Employeur", "Mes dossiers"),
        ("admin@realis.test", "Administration", "Financeurs"),
    ] {
        h.login_demo(who).await?;
        assert_eq!(h.testid("space-name").await?.text().await?, space, "{who}");
        assert!(
            h.testid("menu").await?.text().await?.contains(entry),
            "{who}"
        );
        h.screenshot(&format!("04-{}", space.to_lowercase().replace(' ', "-")))
            .await?;
        h.logout().await?;
    }
    h.close().await
}

#[tokio::test]
async fn forgot_password_confirms_without_revealing_accounts() -> anyhow::Result<()> {
    let Some(h) = Harness::start("forgot").await? else {
        return Ok(());
    };
    h.goto("/mot-de-passe-oublie").await?;
    h.testid("forgot-login")
        .await?
        .send_keys("personne@nulle-part.test")
        .await?;
    h.client
        .find(fantoccini::Locator::Css("form button"))
        .await?
        .click()
        .await?;
    h.text_contains("forgot-done", "Si un compte correspond")
        .await?;
    h.screenshot("05-forgot").await?;
    h.close().await
}

/// Issue 8, item 15: «Désactiver» on one's own account failed silently; the row says whose it is.
#[tokio::test]
async fn the_of_user_cannot_disable_itself_and_sees_why() -> anyhow::Result<()> {
    let Some(h) = Harness::start("own-account").await? else {
        return Ok(());
    };
    h.goto("/").await?;
    h.login("of@formapro.test", "realis-demo-2026").await?;
    h.testid("pending-count").await?;
    h.goto("/utilisateurs").await?;
    let row = h.text_contains("user-formapro", "Votre compte").await?;
    assert!(!row.contains("Désactiver"), "{row}");
    h.screenshot("06-users-own-account").await?;
    h.close().await
}

/// Every resource of the page so far: (URL, transferSize, encodedBodySize, decodedBodySize).
async fn resources(h: &Harness) -> anyhow::Result<Vec<(String, f64, f64, f64)>> {
    let v = h
        .client
        .execute(
            "return [...performance.getEntriesByType('navigation'), \
             ...performance.getEntriesByType('resource')] \
             .map(e => [e.name, e.transferSize, e.encodedBodySize, e.decodedBodySize]);",
            vec![],
        )
        .await?;
    let rows = v.as_array().cloned().unwrap_or_default();
    Ok(rows
        .iter()
        .map(|r| {
            let n = |i: usize| r[i].as_f64().unwrap_or(0.0);
            (r[0].as_str().unwrap_or("").to_string(), n(1), n(2), n(3))
        })
        .collect())
}

/// The first load of a new visitor: the login page, then the dashboard after signing in. Prints
/// the bytes on the wire and the times (timing is measured, never asserted: QUALITY.md); asserts
/// that the wasm came as the build's brotli copy and that a reload takes the hashed assets from
/// the cache without asking the server.
async fn first_load(name: &str, throttle: Option<(u32, u32, u32)>) -> anyhow::Result<()> {
    let Some(h) = Harness::start(name).await? else {
        return Ok(());
    };
    if let Some((latency, down, up)) = throttle {
        h.throttle(latency, down, up).await?;
    }
    h.goto("/").await?;
    let login_ready = h.ms_until("login-submit").await?;
    h.testid("login")
        .await?
        .send_keys("of@formapro.test")
        .await?;
    h.testid("password")
        .await?
        .send_keys("realis-demo-2026")
        .await?;
    let submitted = h
        .client
        .execute("return performance.now();", vec![])
        .await?
        .as_f64()
        .unwrap_or(0.0);
    h.testid("login-submit").await?.click().await?;
    let dashboard_ready = h.ms_until("pending-count").await?;
    let cold = resources(&h).await?;
    let sum =
        |rows: &[(String, f64, f64, f64)], api: bool, pick: fn(&(String, f64, f64, f64)) -> f64| {
            rows.iter()
                .filter(|r| r.0.contains("/api/") == api)
                .map(pick)
                .sum::<f64>()
                / 1024.0
        };
    println!(
        "first load [{name}]: static {:.0} KB on the wire ({:.0} KB decoded), API {:.1} KB; \
         login page ready at {login_ready:.0} ms, dashboard {:.0} ms after submitting \
         (interactive dashboard without typing: {:.0} ms)",
        sum(&cold, false, |r| r.1),
        sum(&cold, false, |r| r.3),
        sum(&cold, true, |r| r.1),
        dashboard_ready - submitted,
        login_ready + dashboard_ready - submitted,
    );
    let dist = std::path::PathBuf::from(std::env::var_os("REALIS_E2E_WEB_DIR").unwrap_or_default());
    let wasm = cold
        .iter()
        .find(|r| r.0.ends_with(".wasm"))
        .cloned()
        .expect("the wasm was fetched");
    let wasm_name = wasm.0.rsplit('/').next().unwrap_or("").to_string();
    let br = std::fs::metadata(dist.join(format!("{wasm_name}.br")))?.len();
    assert_eq!(
        wasm.2 as u64, br,
        "the wasm came as its brotli copy: {wasm:?}"
    );
    // A reload: index.html is revalidated, the hashed assets come from the cache.
    h.goto("/tableau-de-bord").await?;
    let reload_ready = h.ms_until("pending-count").await?;
    let warm = resources(&h).await?;
    println!(
        "reload [{name}]: static {:.1} KB on the wire, dashboard ready at {reload_ready:.0} ms",
        sum(&warm, false, |r| r.1),
    );
    for r in warm.iter().filter(|r| {
        [".wasm", ".js", ".css"].iter().any(|e| r.0.ends_with(e)) && !r.0.contains("/api/")
    }) {
        assert_eq!(r.1, 0.0, "from the cache, unasked: {r:?}");
    }
    h.close().await
}

#[tokio::test]
async fn a_first_visit_downloads_the_brotli_spa_once_and_a_reload_uses_the_cache()
-> anyhow::Result<()> {
    first_load("weight-loopback", None).await
}

#[tokio::test]
async fn the_first_visit_on_a_throttled_4g_network() -> anyhow::Result<()> {
    // Lighthouse's mobile profile: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up.
    first_load("weight-4g", Some((150, 1_638_400 / 8, 750_000 / 8))).await
}

/// `textContent` of the first element matching `css` (NBSP kept: WebDriver's text turns it into
/// a space), or of its `value` for an input.
async fn raw_text(h: &Harness, css: &str) -> anyhow::Result<String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let v = h
            .client
            .execute(
                "const e = document.querySelector(arguments[0]); \
                 return e ? (e.tagName === 'INPUT' ? e.value : e.textContent) : null;",
                vec![serde_json::json!(css)],
            )
            .await?;
        match v.as_str() {
            Some(t) if !t.is_empty() => return Ok(t.to_owned()),
            _ if std::time::Instant::now() > deadline => {
                let _ = h.screenshot("failure-french").await;
                anyhow::bail!("no text at {css} on {}", h.client.current_url().await?)
            }
            _ => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
}

/// Issue #9 item 8, French to the letter: our own message (no browser bubble) on an empty
/// login, thousands separated by a non-breaking space, «d'octobre», non-breaking spaces before
/// «:» in what the SPA writes, and a spaced SIRET.
#[tokio::test]
async fn the_spa_writes_french_to_the_letter() -> anyhow::Result<()> {
    let Some(h) = Harness::start("french").await? else {
        return Ok(());
    };
    h.goto("/").await?;
    h.testid("login").await?;
    let novalidate = h
        .client
        .execute("return document.querySelector('form').noValidate;", vec![])
        .await?;
    assert_eq!(novalidate, serde_json::json!(true), "no native bubble");
    h.click("login-submit").await?;
    let msg = h.text_contains("login-error", "Saisissez").await?;
    assert_eq!(
        msg,
        "Saisissez votre identifiant ou adresse e-mail et votre mot de passe."
    );
    h.screenshot("07-login-empty-french").await?;

    let api = realis_e2e::Api::new(&h.base);
    let of = api.token("of@formapro.test").await?;
    let list = api
        .call(&of, reqwest::Method::GET, "/dossiers?q=000101", None)
        .await?;
    let id = list["items"][0]["id"].as_i64().unwrap_or_default();
    let dossier = api
        .call(&of, reqwest::Method::GET, &format!("/dossiers/{id}"), None)
        .await?;
    assert!(
        dossier["planned_total"].as_f64().unwrap_or_default() >= 1000.0,
        "the demo dossier plans over 1 000 hours: {dossier}"
    );
    h.login("of@formapro.test", "realis-demo-2026").await?;
    h.testid("pending-count").await?;

    // «Heures prévues»: «1 7xx,00» with U+00A0.
    h.goto(&format!("/dossiers/{id}")).await?;
    h.click("tab-summary").await?;
    let planned = raw_text(&h, "[data-testid=summary] tr:nth-child(4) td").await?;
    let (thousands, rest) = planned.split_once('\u{a0}').unwrap_or_default();
    assert!(
        thousands.len() == 1 && rest.len() == 6 && rest.as_bytes()[3] == b',',
        "{planned:?}"
    );
    let head = raw_text(&h, "[data-testid=dossier-head]").await?;
    assert!(head.contains("N° dossier\u{a0}: "), "{head:?}");
    for sign in [" :", " ;", " ?", " !", "« ", " »"] {
        assert!(!head.contains(sign), "{sign:?} in {head:?}");
    }
    h.screenshot("08-dossier-hours-grouped").await?;

    // A month starting with a vowel elides «de».
    let october = dossier["months"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["status"] != "not_open")
        .filter_map(|m| m["period"].as_str())
        .find(|p| p.ends_with("-10"))
        .unwrap_or_default()
        .to_owned();
    anyhow::ensure!(!october.is_empty(), "an October month is open: {dossier}");
    h.goto(&format!("/dossiers/{id}/mois/{october}")).await?;
    h.testid("month-title").await?;
    let notice = raw_text(&h, "[data-testid=month-notice]").await?;
    assert!(
        notice.contains(&format!(
            "Répartition des heures pour le mois d'octobre {}.",
            &october[..4]
        )),
        "{notice:?}"
    );
    let title = h.client.title().await?;
    assert!(
        title.starts_with("Certificat de réalisation\u{a0}: octobre "),
        "{title:?}"
    );
    h.screenshot("09-month-october-elided").await?;

    // The SIRET as INSEE prints it, in the agent's list (the OF's identity: identity.rs).
    h.logout().await?;
    h.login_demo("agent@tp-idf.test").await?;
    h.goto("/organismes").await?;
    h.text_contains("organisations", "Formapro").await?;
    let list = raw_text(&h, "[data-testid=organisations] tbody").await?;
    assert!(
        list.contains("732\u{a0}829\u{a0}320\u{a0}00074"),
        "{list:?}"
    );
    h.screenshot("10-organisations-siret-spaced").await?;
    h.close().await
}
