//! «Mes échanges» in the browser (issue #11, part 2): more threads than a page, an OF writes to
//! its Transitions Pro about a dossier with a file, the agent is e-mailed (a link, never the
//! message), sees the unread badge, reads, answers; a message with markup and a name beyond
//! Latin-1 shows as text; a 390 px phone; axe on the list and the thread for both roles.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use realis_e2e::{Api, Harness, write_pdf};
use realis_mail::testing::SmtpSink;
use reqwest::Method;
use serde_json::json;

/// The first «Nouveau message» e-mail to `to` whose text says `about`, within 15 s.
async fn mail_to(
    sink: &SmtpSink,
    to: &str,
    about: &str,
) -> anyhow::Result<realis_mail::testing::ReceivedMail> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(m) = sink.messages().into_iter().find(|m| {
            m.to.contains(to) && m.subject.contains("Nouveau message") && m.text.contains(about)
        }) {
            return Ok(m);
        }
        if Instant::now() > deadline {
            anyhow::bail!("no e-mail to {to}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits until no element has this `data-testid`.
async fn gone(h: &Harness, id: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(15);
    let sel = format!("[data-testid=\"{id}\"]");
    while !h.client.find_all(Locator::Css(&sel)).await?.is_empty() {
        if Instant::now() > deadline {
            anyhow::bail!("{id} is still there");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_of_and_its_agent_exchange_messages_with_a_file() -> anyhow::Result<()> {
    let sink = SmtpSink::start().map_err(anyhow::Error::msg)?;
    let Some(h) = Harness::start_with("conversations", &[("REALIS_SMTP_URL", sink.url())]).await?
    else {
        return Ok(());
    };
    let api = Api::new(&h.base);
    let agent = api.token("agent@tp-idf.test").await?;
    let of = api.token("of@formapro.test").await?;
    let me = api.call(&of, Method::GET, "/me", None).await?;
    // More threads than one page (20), written by the agent.
    for n in 1..=21 {
        api.call(
            &agent,
            Method::POST,
            "/conversations",
            Some(json!({ "subject": format!("Rappel n°{n}"), "body": "Merci de vérifier vos saisies.", "organisation_id": me["organisation_id"] })),
        )
        .await?;
    }
    let pdf = h.data_dir.join("convention-signée.pdf");
    write_pdf(&pdf)?;

    // The OF: the menu says 21 unread threads; the list pages.
    h.login_demo("of@formapro.test").await?;
    h.text_contains("unread-badge", "21").await?;
    h.goto("/echanges").await?;
    h.text_contains("pager-status", "Page 1 sur 2 (21 échanges)")
        .await?;
    h.axe_clean("OF «Mes échanges»").await?;

    // From a dossier, «Échanges sur ce dossier», then a new thread with a file.
    h.open_dossier("2026-IDF-000101").await?;
    h.click("dossier-conversations").await?;
    h.text_contains("new-conversation-dossier", "2026-IDF-000101")
        .await?;
    h.testid("no-conversation").await?;
    h.fill("field-subject", "Convention de Łukasz Żółć").await?;
    h.fill(
        "field-body",
        "Bonjour,\n<b>Voici</b> la convention signée <script>alert(1)</script>.",
    )
    .await?;
    h.testid("attachment-input")
        .await?
        .send_keys(&pdf.display().to_string())
        .await?;
    h.text_contains("attachments-chosen", "convention-signée.pdf")
        .await?;
    h.screenshot("80-new-conversation").await?;
    h.click("send-conversation").await?;
    h.text_contains("conversation-subject", "Convention de Łukasz Żółć")
        .await?;
    let body = h.text_contains("message-body", "<b>Voici</b>").await?;
    assert!(
        body.contains("<script>alert(1)</script>"),
        "shown as text: {body}"
    );
    h.text_contains("messages", "convention-signée.pdf").await?;
    assert_eq!(
        h.client
            .find_all(Locator::Css(".message-body b, .message-body script"))
            .await?
            .len(),
        0,
        "no markup from a message reaches the page"
    );
    h.screenshot("81-conversation-of").await?;
    h.axe_clean("OF thread").await?;
    h.logout().await?;

    // The agent is e-mailed a link, not the message.
    let mail = mail_to(&sink, "agent@tp-idf.test", "2026-IDF-000101").await?;
    assert!(mail.text.contains("/echanges/"), "{}", mail.text);
    assert!(!mail.text.contains("Voici"), "{}", mail.text);

    // The agent: one unread thread; reading it clears the badge; the answer reaches the OF.
    h.login_demo("agent@tp-idf.test").await?;
    h.text_contains("unread-badge", "1").await?;
    h.goto("/echanges").await?;
    h.text_contains("conversations", "Convention de Łukasz Żółć")
        .await?;
    h.axe_clean("agent «Mes échanges»").await?;
    h.client
        .find(Locator::LinkText("Convention de Łukasz Żółć"))
        .await?
        .click()
        .await?;
    h.text_contains("message-body", "<b>Voici</b>").await?;
    gone(&h, "unread-badge").await?;
    h.fill("field-body", "Merci, bien reçu.").await?;
    h.click("send-reply").await?;
    h.text_contains("reply-status", "Message envoyé.").await?;
    h.text_contains("messages", "Merci, bien reçu.").await?;
    h.client.set_window_size(390, 844).await?;
    h.screenshot("82-conversation-agent-phone").await?;
    let wide: bool = h
        .client
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth + 1",
            vec![],
        )
        .await?
        .as_bool()
        .unwrap_or(true);
    assert!(!wide, "the thread fits a 390 px phone");
    h.axe_clean("agent thread, phone").await?;
    h.logout().await?;

    // The OF answers with the keyboard alone, from the link of its e-mail.
    let mail = mail_to(&sink, "of@formapro.test", "2026-IDF-000101").await?;
    let path = mail
        .text
        .split_whitespace()
        .find_map(|w| w.find("/echanges/").map(|i| w[i..].to_owned()))
        .ok_or_else(|| anyhow::anyhow!("no link in {}", mail.text))?;
    h.client.set_window_size(1366, 900).await?;
    h.login_demo("of@formapro.test").await?;
    h.goto(&path).await?;
    h.text_contains("messages", "Merci, bien reçu.").await?;
    h.tab_to("field-body").await?;
    h.press("Je vous envoie la version signée demain.").await?;
    h.tab_to("send-reply").await?;
    h.press(&char::from(fantoccini::key::Key::Enter).to_string())
        .await?;
    h.text_contains("reply-status", "Message envoyé.").await?;
    h.text_contains("messages", "Je vous envoie la version signée demain.")
        .await?;
    h.close().await
}
