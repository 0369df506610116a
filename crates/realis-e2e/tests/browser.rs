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
        "Mes échanges",
        "Votre identité",
        "Mes dossiers",
        "Règlements",
        "Formations",
        "Documents",
    ] {
        assert!(menu.contains(label), "menu has {label}: {menu}");
    }
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
