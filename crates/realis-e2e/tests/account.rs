//! «Mon compte» (issue #11, part 5): an OF user changes the name shown and the password from the
//! header's «Mon compte» link, stays signed in, and logs in with the new password; the agent
//! corrects an OF's SIRET with a reason from the organisation's page and deactivates it with a
//! confirmation. Each page is axe-checked.

use realis_e2e::Harness;

const NEW_PASSWORD: &str = "trois chevaux bleus au galop";

#[tokio::test]
async fn an_of_user_changes_name_and_password_through_mon_compte() -> anyhow::Result<()> {
    let Some(h) = Harness::start("account").await? else {
        return Ok(());
    };
    h.login_demo("of@formapro.test").await?;
    h.click("my-account").await?;
    h.text_contains("account-email", "of@formapro.test").await?;
    h.text_contains("account-role", "organisme de formation")
        .await?;
    h.text_contains("account-organisation", "Formapro").await?;
    h.testid("field-daily_digest").await?;
    h.axe_clean("Mon compte").await?;
    h.screenshot("60-account").await?;

    // The name: saved, and the header shows it at once.
    h.fill("field-display_name", "Sophie Bernard-Martin")
        .await?;
    h.click("profile-save").await?;
    h.text_contains("profile-saved", "enregistrées").await?;
    h.text_contains("user-name", "Sophie Bernard-Martin")
        .await?;

    // The password: a confirmation that differs, then a wrong current password, both in French.
    h.fill("field-current_password", "realis-demo-2026").await?;
    h.fill("field-new_password", NEW_PASSWORD).await?;
    h.fill("field-new_password_confirmation", "autre chose encore")
        .await?;
    h.click("password-save").await?;
    h.text_contains("error-new_password_confirmation", "pas identiques")
        .await?;
    h.fill("field-current_password", "pas le bon mot de passe")
        .await?;
    h.fill("field-new_password_confirmation", NEW_PASSWORD)
        .await?;
    h.click("password-save").await?;
    h.text_contains(
        "error-current_password",
        "Le mot de passe actuel est incorrect",
    )
    .await?;
    h.axe_clean("Mon compte, erreurs").await?;
    h.screenshot("61-account-password-errors").await?;
    h.fill("field-current_password", "realis-demo-2026").await?;
    h.click("password-save").await?;
    h.text_contains("password-changed", "Votre mot de passe a été modifié")
        .await?;
    h.screenshot("62-account-password-changed").await?;

    // Still signed in here: the portal goes on with the new session.
    h.click("my-account").await?;
    h.text_contains("account-email", "of@formapro.test").await?;
    h.goto("/dossiers").await?;
    h.text_contains("dossiers", "2026-IDF-000101").await?;

    // Out, then in again with the new password only.
    h.logout().await?;
    h.login("of@formapro.test", "realis-demo-2026").await?;
    h.text_contains("login-error", "incorrect").await?;
    h.login("of@formapro.test", NEW_PASSWORD).await?;
    h.testid("pending-count").await?;
    h.text_contains("user-name", "Sophie Bernard-Martin")
        .await?;
    h.close().await
}

#[tokio::test]
async fn the_agent_corrects_an_ofs_siret_with_a_reason_and_deactivates_it() -> anyhow::Result<()> {
    let Some(h) = Harness::start("siret").await? else {
        return Ok(());
    };
    h.login_demo("agent@tp-idf.test").await?;
    // «Mon compte» is there for the agent too, without the OF's digest.
    h.click("my-account").await?;
    h.text_contains("account-role", "Agent de Transitions Pro")
        .await?;
    h.text_contains("account-funder", "Île-de-France").await?;
    h.axe_clean("Mon compte (agent)").await?;

    h.goto("/organismes").await?;
    h.text_contains("organisations", "Formapro").await?;
    h.client
        .find(fantoccini::Locator::LinkText("Formapro Conseil"))
        .await?
        .click()
        .await?;
    h.testid("correction-form").await?;

    // A new SIRET without a reason, then an invalid one: the French messages of the fields.
    h.fill("field-siret", "356 000 000 49837").await?;
    h.click("correction-save").await?;
    h.text_contains("error-reason", "motif").await?;
    h.fill("field-siret", "123 456 789 12345").await?;
    h.fill("field-reason", "Erreur de saisie à la création")
        .await?;
    h.click("correction-save").await?;
    h.text_contains("error-siret", "n'est pas valide").await?;
    h.axe_clean("Organisme, correction refusée").await?;
    h.screenshot("63-siret-errors").await?;

    h.fill("field-siret", "356 000 000 49837").await?;
    h.click("correction-save").await?;
    h.text_contains("correction-saved", "enregistrées").await?;
    assert_eq!(
        h.testid("field-siret")
            .await?
            .prop("value")
            .await?
            .as_deref(),
        Some("356\u{a0}000\u{a0}000\u{a0}49837")
    );
    // The identity shown above the form follows.
    // (WebDriver reads the non-breaking spaces as spaces.)
    h.text_contains("organisation-identity", "356 000 000 49837")
        .await?;
    h.scroll_to("organisation-identity").await?;
    h.screenshot("64-siret-corrected").await?;

    // «Désactiver l'organisme», confirmed.
    h.confirm_until(
        "deactivate-organisation",
        "ne pourront plus se connecter",
        "organisation-deactivated",
        "Organisme désactivé",
    )
    .await?;
    h.axe_clean("Organisme désactivé").await?;
    h.text_contains("organisation-deactivated-banner", "Organisme désactivé le")
        .await?;
    h.scroll_to("organisation-deactivated").await?;
    h.screenshot("65-organisation-deactivated").await?;
    h.logout().await?;

    // Its user can no longer log in, and is told why.
    h.login("of@formapro.test", "realis-demo-2026").await?;
    h.text_contains("login-error", "désactivé").await?;
    h.screenshot("66-login-organisation-deactivated").await?;
    h.close().await
}
