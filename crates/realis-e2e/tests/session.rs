//! Sessions in the browser (#8 item 11): a reload keeps the user signed in, an expired bearer
//! token is refreshed without the user noticing, and a session that really ends sends the user to
//! the login page and back to the page they were on. No token is ever in Web Storage.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use realis_e2e::{Api, Harness};
use realis_mail::testing::SmtpSink;

/// Every key and value of `sessionStorage` and `localStorage`, and `document.cookie`.
async fn storage(h: &Harness) -> anyhow::Result<Vec<String>> {
    let js = r#"
        const all = [];
        for (const [name, s] of [['session', sessionStorage], ['local', localStorage]]) {
            for (let i = 0; i < s.length; i++) { const k = s.key(i); all.push(name + ':' + k + '=' + s.getItem(k)); }
        }
        all.push('cookie:' + document.cookie);
        return all;
    "#;
    let v = h.client.execute(js, vec![]).await?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default())
}

/// No bearer token (a JWT starts `eyJ`), no refresh token (64 hex digits) readable by a script.
async fn assert_no_token_in_reach(h: &Harness) -> anyhow::Result<()> {
    for entry in storage(h).await? {
        let hex_run = entry
            .split(|c: char| !c.is_ascii_hexdigit())
            .any(|run| run.len() >= 32);
        assert!(
            !entry.contains("eyJ") && !hex_run && !entry.contains("realis_refresh"),
            "a token within a script's reach: {entry}"
        );
    }
    Ok(())
}

/// How many audit records of `action` the server wrote.
fn audited(h: &Harness, action: &str) -> anyhow::Result<usize> {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM audit_log WHERE action = ?', (sys.argv[2],)).fetchone()[0])",
        ])
        .arg(h.data_dir.join("realis.db"))
        .arg(action)
        .output()?;
    anyhow::ensure!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).trim().parse()?)
}

async fn path_and_query(h: &Harness) -> anyhow::Result<String> {
    let url = h.client.current_url().await?;
    Ok(match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    })
}

async fn wait_for_path(h: &Harness, starts_with: &str) -> anyhow::Result<String> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let now = path_and_query(h).await?;
        if now.starts_with(starts_with) {
            return Ok(now);
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "still on {now}, not {starts_with}…"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_reload_keeps_the_session_and_an_expired_token_is_refreshed_unnoticed()
-> anyhow::Result<()> {
    // Bearer tokens of 10 s: the SPA must refresh them.
    let Some(h) = Harness::start_with(
        "session-refresh",
        &[("REALIS_ACCESS_TOKEN_TTL_SECS", "10".to_owned())],
    )
    .await?
    else {
        return Ok(());
    };
    h.login_demo("of@formapro.test").await?;
    assert_no_token_in_reach(&h).await?;
    // A reload: the session comes back from the HttpOnly cookie.
    h.client.refresh().await?;
    h.text_contains("pending-count", "en attente").await?;
    h.text_contains("user-name", "Sophie Bernard").await?;
    assert_eq!(path_and_query(&h).await?, "/tableau-de-bord");
    h.screenshot("session-01-after-reload").await?;
    // A new tab (same browser, same cookie) is signed in too.
    let tab = h.client.new_window(true).await?;
    h.client.switch_to_window(tab.handle.clone()).await?;
    h.goto("/dossiers").await?;
    h.text_contains("user-name", "Sophie Bernard").await?;
    h.client.close_window().await?;
    let first = h.client.windows().await?.remove(0);
    h.client.switch_to_window(first).await?;
    // A month, then 26 s: the token is refreshed once before it expires (the user clicked), then
    // left to expire while the user does nothing.
    h.click("pending-row-link").await?;
    h.text_contains("month-title", "Certificat de réalisation : ")
        .await?;
    tokio::time::sleep(Duration::from_secs(26)).await;
    // The next call gets a 401, refreshes and is replayed: the user sees the list.
    h.client
        .find(Locator::LinkText("Mes dossiers"))
        .await?
        .click()
        .await?;
    h.text_contains("dossiers", "2026-IDF-000101").await?;
    assert_eq!(wait_for_path(&h, "/dossiers").await?, "/dossiers");
    h.screenshot("session-02-after-expired-token").await?;
    // The server's audit log: rotations at the load, the new tab, before expiry or after the 401.
    let rotations = audited(&h, "session_refreshed")?;
    assert!(rotations >= 3, "{rotations} rotations");
    // What the browser fetched: the list was refused once with the expired token, then replayed.
    let statuses = h
        .client
        .execute(
            "return performance.getEntriesByType('resource')\
               .filter(e => e.name.includes('/api/v1/dossiers?')).map(e => e.responseStatus)",
            vec![],
        )
        .await?;
    let statuses: Vec<u64> = statuses
        .as_array()
        .map(|a| a.iter().filter_map(serde_json::Value::as_u64).collect())
        .unwrap_or_default();
    assert_eq!(
        statuses,
        vec![401, 200],
        "GET /dossiers as the browser saw it"
    );
    assert_no_token_in_reach(&h).await?;
    h.close().await
}

/// The token of the password link, once its mail arrived (up to 30 s).
fn reset_link(sink: &SmtpSink) -> anyhow::Result<String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let mails = sink.messages();
        if let Some(m) = mails
            .iter()
            .rev()
            .find(|m| m.text.contains("mot-de-passe/nouveau?token="))
        {
            let start = m.text.find("token=").unwrap_or(0) + 6;
            return Ok(m.text[start..]
                .chars()
                .take_while(char::is_ascii_hexdigit)
                .collect());
        }
        anyhow::ensure!(Instant::now() < deadline, "no reset mail among {mails:?}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[tokio::test]
async fn a_session_ended_by_a_password_change_returns_to_the_page_after_login() -> anyhow::Result<()>
{
    let sink = SmtpSink::start().map_err(anyhow::Error::msg)?;
    let Some(h) = Harness::start_with("session-expiry", &[("REALIS_SMTP_URL", sink.url())]).await?
    else {
        return Ok(());
    };
    h.login_demo("of@formapro.test").await?;
    h.click("pending-row-link").await?;
    h.text_contains("month-title", "Certificat de réalisation : ")
        .await?;
    let month = path_and_query(&h).await?;
    assert!(month.contains("/mois/"), "{month}");
    // Someone else's key (the month page keeps unsaved grids in sessionStorage): it must stay.
    h.client
        .execute(
            "sessionStorage.setItem('realis.other', 'garde-moi')",
            vec![],
        )
        .await?;
    h.click("fill-7h").await?;
    // The password is changed elsewhere (a reset link): every session of the account ends.
    let api = Api::new(&h.base);
    let res = api
        .client
        .post(format!("{}/api/v1/auth/password/forgot", h.base))
        .json(&serde_json::json!({ "login": "of@formapro.test" }))
        .send()
        .await?;
    anyhow::ensure!(res.status() == 202, "forgot: {}", res.status());
    let link = reset_link(&sink)?;
    let res = api
        .client
        .post(format!("{}/api/v1/auth/password/reset", h.base))
        .json(&serde_json::json!({ "token": link, "new_password": "un tout nouveau secret" }))
        .send()
        .await?;
    anyhow::ensure!(res.status() == 204, "reset: {}", res.status());
    // «Enregistrer»: the token is refused, so is the refresh: the login page, with the way back.
    h.click("save-hours").await?;
    let login = wait_for_path(&h, "/connexion").await?;
    let back: String = month.replace('/', "%2F");
    assert_eq!(login, format!("/connexion?retour={back}"));
    h.text_contains(
        "session-expired",
        "Votre session a expiré. Reconnectez-vous pour reprendre où vous en étiez.",
    )
    .await?;
    h.screenshot("session-03-expired").await?;
    // A reload of that page still says why.
    h.client.refresh().await?;
    h.text_contains("session-expired", "Votre session a expiré")
        .await?;
    h.testid("login")
        .await?
        .send_keys("of@formapro.test")
        .await?;
    h.testid("password")
        .await?
        .send_keys("un tout nouveau secret")
        .await?;
    h.testid("login-submit").await?.click().await?;
    h.text_contains("month-title", "Certificat de réalisation : ")
        .await?;
    assert_eq!(path_and_query(&h).await?, month, "back on the month");
    // …with the «Répartir 7h» entries that could not be saved put back in the grid.
    h.text_contains("draft-restored", "restaurées").await?;
    h.text_contains("unsaved", "non enregistrées").await?;
    h.screenshot("session-04-back-on-the-month").await?;
    let kept = storage(&h).await?;
    assert!(
        kept.iter().any(|e| e == "session:realis.other=garde-moi"),
        "{kept:?}"
    );
    assert_no_token_in_reach(&h).await?;
    // «Déconnexion» ends the session on the server too, and leaves others' keys alone.
    h.logout().await?;
    let kept = storage(&h).await?;
    assert!(
        kept.iter().any(|e| e == "session:realis.other=garde-moi"),
        "{kept:?}"
    );
    assert!(
        !kept
            .iter()
            .any(|e| e.starts_with("session:realis.signed-in")),
        "{kept:?}"
    );
    h.client.refresh().await?;
    h.testid("login").await?;
    h.goto("/tableau-de-bord").await?;
    h.testid("login").await?;
    assert_eq!(wait_for_path(&h, "/connexion").await?, "/connexion");
    h.close().await
}

#[tokio::test]
async fn the_login_page_never_sends_a_user_to_another_site() -> anyhow::Result<()> {
    let Some(h) = Harness::start("session-open-redirect").await? else {
        return Ok(());
    };
    h.goto("/connexion?retour=%2F%2Fevil.example%2F").await?;
    h.testid("login")
        .await?
        .send_keys("of@formapro.test")
        .await?;
    h.testid("password")
        .await?
        .send_keys("realis-demo-2026")
        .await?;
    h.testid("login-submit").await?.click().await?;
    h.testid("pending-count").await?;
    let url = h.client.current_url().await?;
    assert_eq!(url.host_str(), Some("127.0.0.1"));
    assert_eq!(url.path(), "/tableau-de-bord");
    h.close().await
}
