//! «Développeurs» (issue #12): the OF creates an API key with two scopes, sees it once, calls the
//! API with it, deletes it and is refused; it subscribes a webhook to a receiver on this machine
//! (`REALIS_WEBHOOK_ALLOW_PRIVATE=true`: `example.org` need not resolve here), tests it and sees
//! the ping delivered, pauses and resumes it. The agent's page offers the funder's scopes, and a
//! key is created with the keyboard alone. A 390 px phone, and axe-core on every state
//! photographed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use fantoccini::Locator;
use fantoccini::key::Key;
use realis_e2e::{Api, Harness};
use reqwest::Method;

/// The head of each request a local webhook receiver got; it answers `200 OK`.
type Received = Arc<Mutex<Vec<String>>>;

/// A webhook receiver on a free loopback port: records each request's head, answers 200.
fn receiver() -> anyhow::Result<(u16, Received)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let got: Received = Arc::default();
    let seen = got.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut head = String::new();
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                head.push_str(&line);
            }
            let mut body = vec![0u8; length];
            let _ = reader.read_exact(&mut body);
            head.push_str(&String::from_utf8_lossy(&body));
            if let Ok(mut g) = seen.lock() {
                g.push(head);
            }
            let _ = (&stream)
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    Ok((port, got))
}

/// A GET of the API with an API key; returns the status.
async fn get_with_key(base: &str, key: &str, path: &str) -> anyhow::Result<u16> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let res = reqwest::Client::new()
        .get(format!("{base}/api/v1{path}"))
        .bearer_auth(key)
        .send()
        .await?;
    Ok(res.status().as_u16())
}

/// The ids an element's `aria-describedby` names.
async fn described_by(h: &Harness, id: &str) -> anyhow::Result<String> {
    Ok(h.testid(id)
        .await?
        .attr("aria-describedby")
        .await?
        .unwrap_or_default())
}

/// Whether the page is wider than the window (a phone would scroll sideways).
async fn overflows(h: &Harness) -> anyhow::Result<bool> {
    let v = h
        .client
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth;",
            vec![],
        )
        .await?;
    Ok(v.as_bool().unwrap_or(true))
}

async fn open_developers(h: &Harness) -> anyhow::Result<()> {
    h.client
        .find(Locator::LinkText("Développeurs"))
        .await?
        .click()
        .await?;
    h.testid("key-form").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_of_uses_a_key_once_shown_then_deleted_and_tests_a_webhook() -> anyhow::Result<()> {
    let (port, received) = receiver()?;
    let Some(h) = Harness::start_with(
        "developers",
        &[("REALIS_WEBHOOK_ALLOW_PRIVATE", "true".to_owned())],
    )
    .await?
    else {
        return Ok(());
    };
    h.login_demo("of@formapro.test").await?;
    open_developers(&h).await?;
    h.testid("keys-empty").await?;
    let scopes = h.testid("key-scopes").await?.text().await?;
    assert!(scopes.contains("Certification des mois"), "{scopes}");
    assert!(!scopes.contains("financeur"), "{scopes}");
    let expiry = h.testid("field-expires_at").await?;
    assert!(
        expiry.prop("value").await?.is_some_and(|v| v.len() == 10),
        "a default expiry"
    );
    assert!(expiry.attr("max").await?.is_some(), "at most a year");
    h.screenshot("dev-of-page").await?;

    // No name: the server's refusal under its field, tied to it.
    h.click("scope-dossiers:read").await?;
    h.click("key-create").await?;
    h.text_contains("error-name", "Nommez la clé").await?;
    assert!(
        described_by(&h, "field-name")
            .await?
            .split(' ')
            .any(|id| id == "e-name")
    );
    h.screenshot("dev-of-key-error").await?;

    h.fill("field-name", "ERP de test").await?;
    h.click("scope-hours:write").await?;
    h.click("key-create").await?;
    h.focus_lands_on("new-key").await?;
    let key = h
        .testid("new-key")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert!(key.starts_with("rls_") && key.len() == 42, "{key}");
    h.text_contains("new-key-box", "ne sera plus affichée")
        .await?;
    let table = h.text_contains("keys", "ERP de test").await?;
    assert!(table.contains(&key[..12]), "the prefix is listed: {table}");
    assert!(table.contains("Lecture des dossiers"), "{table}");
    assert!(table.contains("Saisie des heures"), "{table}");
    assert!(!table.contains("Certification des mois"), "{table}");
    assert!(table.contains("Jamais"), "{table}");
    assert!(!table.contains(&key), "the key is never listed");
    h.screenshot("dev-of-key-created").await?;

    // The key works, then the page no longer shows it, but its last use.
    assert_eq!(get_with_key(&h.base, &key, "/dossiers").await?, 200);
    h.goto("/developpeurs").await?;
    h.text_contains("keys", "depuis 127.0.0.1").await?;
    assert!(
        h.client
            .find(Locator::Css("[data-testid=new-key]"))
            .await
            .is_err(),
        "shown once"
    );
    h.confirm_until("key-delete", "erreur 401", "key-done", "ERP de test")
        .await?;
    h.text_contains("key-done", "supprimée").await?;
    h.testid("keys-empty").await?;
    assert_eq!(get_with_key(&h.base, &key, "/dossiers").await?, 401);

    // A webhook: a host that does not exist is refused under the URL field.
    h.fill("field-url", "https://nulle-part.invalid/hook")
        .await?;
    h.click("event-month.certified").await?;
    h.click("webhook-create").await?;
    h.text_contains("error-url", "introuvable").await?;
    assert!(
        described_by(&h, "field-url")
            .await?
            .split(' ')
            .any(|id| id == "e-url")
    );
    let hook = format!("http://127.0.0.1:{port}/hook");
    h.fill("field-url", &hook).await?;
    h.click("event-payment.recorded").await?;
    h.fill("field-description", "Recette").await?;
    h.click("webhook-create").await?;
    h.focus_lands_on("new-secret").await?;
    let secret = h
        .testid("new-secret")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert!(secret.starts_with("whsec_"), "{secret}");
    let table = h.text_contains("webhooks", &hook).await?;
    assert!(table.contains("month.certified"), "{table}");
    assert!(table.contains("payment.recorded"), "{table}");
    assert!(table.contains("Recette"), "{table}");
    h.text_contains("webhook-state", "Actif").await?;
    h.screenshot("dev-of-webhook-created").await?;

    // «Tester»: the ping is delivered, signed, and listed in «Livraisons».
    h.click("webhook-ping").await?;
    h.text_contains("webhook-done", "webhook.ping").await?;
    let deliveries = {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(40);
        loop {
            let text = h.testid("deliveries-panel").await?.text().await?;
            if text.contains("Livrée") || std::time::Instant::now() > deadline {
                break text;
            }
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        }
    };
    assert!(deliveries.contains("Livrée"), "{deliveries}");
    assert!(deliveries.contains("webhook.ping"), "{deliveries}");
    assert!(deliveries.contains("HTTP 200"), "{deliveries}");
    let expanded = h
        .testid("webhook-deliveries")
        .await?
        .attr("aria-expanded")
        .await?;
    assert_eq!(expanded.as_deref(), Some("true"));
    let heads = received.lock().map(|g| g.clone()).unwrap_or_default();
    let ping = heads
        .iter()
        .find(|r| r.starts_with("POST /hook"))
        .ok_or_else(|| anyhow::anyhow!("the receiver got no POST: {heads:?}"))?
        .to_ascii_lowercase();
    for header in [
        "webhook-id:",
        "webhook-timestamp:",
        "webhook-signature: v1,",
    ] {
        assert!(ping.contains(header), "{header} in {ping}");
    }
    h.scroll_to("deliveries-panel").await?;
    h.screenshot("dev-of-webhook-delivered").await?;

    // Paused, then enabled again.
    h.click("webhook-toggle").await?;
    h.text_contains("webhook-state", "En pause").await?;
    h.text_contains("webhook-toggle", "Réactiver").await?;
    h.click("webhook-toggle").await?;
    h.text_contains("webhook-state", "Actif").await?;

    // A phone, with a key limited to two networks: the lists read as cards, nothing wider than
    // the screen.
    let api = Api::new(&h.base);
    let session = api.token("of@formapro.test").await?;
    api.call(
        &session,
        Method::POST,
        "/api-keys",
        Some(serde_json::json!({
            "name": "Passerelle comptable",
            "scopes": ["dossiers:read"],
            "allowed_ips": ["192.0.2.0/24", "198.51.100.7"],
        })),
    )
    .await?;
    h.client.set_window_size(390, 844).await?;
    h.goto("/developpeurs").await?;
    h.text_contains("webhooks", &hook).await?;
    h.text_contains("keys", "192.0.2.0/24, 198.51.100.7")
        .await?;
    assert!(!overflows(&h).await?, "/developpeurs is wider than 390 px");
    h.screenshot("dev-of-phone").await?;
    h.click("webhook-deliveries").await?;
    h.text_contains("deliveries", "Livrée").await?;
    assert!(
        !overflows(&h).await?,
        "the deliveries are wider than 390 px"
    );
    h.scroll_to("deliveries-panel").await?;
    h.screenshot("dev-of-phone-deliveries").await?;
    h.client.set_window_size(1280, 900).await?;

    h.confirm_until(
        "webhook-delete",
        "ne seront plus envoyés",
        "webhook-done",
        "supprimé",
    )
    .await?;
    h.testid("webhooks-empty").await?;
    h.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_agent_creates_a_funder_key_with_the_keyboard_alone() -> anyhow::Result<()> {
    let Some(h) = Harness::start("developers-agent").await? else {
        return Ok(());
    };
    h.login_demo("agent@tp-idf.test").await?;
    open_developers(&h).await?;
    let scopes = h.testid("key-scopes").await?.text().await?;
    for label in [
        "Lecture des dossiers",
        "Lecture du suivi financeur",
        "Actions du financeur",
        "Webhooks et journal",
    ] {
        assert!(scopes.contains(label), "{label}: {scopes}");
    }
    assert!(!scopes.contains("Certification des mois"), "{scopes}");
    assert!(!scopes.contains("Saisie des heures"), "{scopes}");
    h.screenshot("dev-agent-page").await?;

    // Tab into the name, type; Tab to the first scope, Space; Tab to the second, Space; Tab on
    // to «Créer la clé», Enter.
    let tab = char::from(Key::Tab).to_string();
    h.tab_to("field-name").await?;
    h.press("Lecture du back-office").await?;
    h.press(&tab).await?;
    h.focus_lands_on("scope-dossiers:read").await?;
    h.press(" ").await?;
    h.press(&tab).await?;
    h.focus_lands_on("scope-funder:read").await?;
    h.press(" ").await?;
    h.tab_to("key-create").await?;
    h.press(&char::from(Key::Enter).to_string()).await?;
    h.focus_lands_on("new-key").await?;
    let key = h
        .testid("new-key")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert!(key.starts_with("rls_"), "{key}");
    let table = h.text_contains("keys", "Lecture du back-office").await?;
    assert!(table.contains("Lecture du suivi financeur"), "{table}");
    // «Copier» from the keyboard says what it did (copied, or selected for Ctrl+C).
    h.tab_to("new-key-copy").await?;
    h.press(&char::from(Key::Enter).to_string()).await?;
    h.testid("new-key-copied").await?;
    h.screenshot("dev-agent-key-created").await?;

    // What the key may do, and nothing else.
    assert_eq!(
        get_with_key(&h.base, &key, "/funder/organisations").await?,
        200
    );
    assert_eq!(get_with_key(&h.base, &key, "/webhooks").await?, 403);
    h.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn other_roles_have_no_developers_page() -> anyhow::Result<()> {
    let Some(h) = Harness::start("developers-others").await? else {
        return Ok(());
    };
    for login in ["michelle.dubois@realis.test", "admin@realis.test"] {
        h.login_demo(login).await?;
        let menu = h.testid("menu").await?.text().await?;
        assert!(!menu.contains("Développeurs"), "{login}: {menu}");
        h.goto("/developpeurs").await?;
        h.text_contains("not-found", "réservée").await?;
        h.logout().await?;
    }
    h.close().await
}
