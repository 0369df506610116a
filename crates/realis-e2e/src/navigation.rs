//! Going places: URLs, signing in and out, a dossier and its months, and the network's speed.

use anyhow::{Context, bail};
use fantoccini::Locator;

use crate::Harness;

impl Harness {
    pub async fn goto(&self, path: &str) -> anyhow::Result<()> {
        self.client.goto(&format!("{}{path}", self.base)).await?;
        Ok(())
    }

    /// Signs in through the login page and waits for the dashboard.
    pub async fn login(&self, login: &str, password: &str) -> anyhow::Result<()> {
        self.goto("/connexion").await?;
        self.testid("login").await?.send_keys(login).await?;
        self.testid("password").await?.send_keys(password).await?;
        self.testid("login-submit").await?.click().await?;
        Ok(())
    }

    /// From «Mes dossiers», opens dossier `number` and waits for its months.
    pub async fn open_dossier(&self, number: &str) -> anyhow::Result<()> {
        self.goto("/dossiers").await?;
        self.text_contains("dossiers", number).await?;
        self.client
            .find(Locator::LinkText(number))
            .await?
            .click()
            .await?;
        self.text_contains("months", "En attente").await?;
        Ok(())
    }

    /// On a dossier's page, opens its first listed month and waits for the month's title.
    pub async fn open_first_month(&self) -> anyhow::Result<()> {
        self.client
            .find(Locator::Css("[data-testid=months] a"))
            .await?
            .click()
            .await?;
        self.testid("month-title").await?;
        Ok(())
    }

    /// Signs in with the demo password and waits for the dashboard's count.
    pub async fn login_demo(&self, login: &str) -> anyhow::Result<()> {
        self.login(login, "realis-demo-2026").await?;
        self.testid("pending-count").await?;
        Ok(())
    }

    /// Emulates a network in Chromium (chromedriver's `network_conditions`): round-trip latency in
    /// milliseconds, throughputs in bytes per second.
    pub async fn throttle(&self, latency_ms: u32, down: u32, up: u32) -> anyhow::Result<()> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let session = self.client.session_id().await?.context("no session id")?;
        let res = reqwest::Client::new()
            .post(format!(
                "{}/session/{session}/chromium/network_conditions",
                self.driver_url
            ))
            .json(&serde_json::json!({"network_conditions": {
                "offline": false,
                "latency": latency_ms,
                "download_throughput": down,
                "upload_throughput": up,
            }}))
            .send()
            .await?;
        if !res.status().is_success() {
            bail!("network_conditions: {} {}", res.status(), res.text().await?);
        }
        Ok(())
    }

    /// Milliseconds since navigation start when an element with this `data-testid` is in the page
    /// (a `MutationObserver` in the page, so WebDriver's polling does not add to the figure).
    pub async fn ms_until(&self, id: &str) -> anyhow::Result<f64> {
        let v = self
            .client
            .execute_async(
                r#"const [id, done] = arguments;
                const seen = () => document.querySelector(`[data-testid="${id}"]`);
                if (seen()) { done(performance.now()); return; }
                new MutationObserver((_, o) => {
                    if (seen()) { o.disconnect(); done(performance.now()); }
                }).observe(document, { childList: true, subtree: true });"#,
                vec![serde_json::json!(id)],
            )
            .await?;
        v.as_f64().context("performance.now()")
    }

    /// The page's own size (`innerWidth`, `innerHeight`) in CSS pixels.
    pub async fn inner_size(&self) -> anyhow::Result<(i64, i64)> {
        let v = self
            .client
            .execute("return [window.innerWidth, window.innerHeight]", vec![])
            .await?;
        Ok((
            v[0].as_i64().unwrap_or_default(),
            v[1].as_i64().unwrap_or_default(),
        ))
    }

    /// Sizes the window so that the page itself (`innerWidth`) is `w`×`ht` CSS pixels, whatever
    /// the browser's own chrome takes (390×844: a phone).
    pub async fn set_viewport(&self, w: i64, ht: i64) -> anyhow::Result<()> {
        let (mut ow, mut oh) = (w, ht);
        for _ in 0..4 {
            self.client
                .set_window_size(u32::try_from(ow)?, u32::try_from(oh)?)
                .await?;
            let (iw, ih) = self.inner_size().await?;
            if iw == w && ih == ht {
                return Ok(());
            }
            ow += w - iw;
            oh += ht - ih;
        }
        let (iw, ih) = self.inner_size().await?;
        anyhow::ensure!(iw == w, "the page is {iw}×{ih} px wide, not {w}×{ht}");
        Ok(())
    }

    /// «Déconnexion», back on the login page.
    pub async fn logout(&self) -> anyhow::Result<()> {
        self.testid("logout").await?.click().await?;
        self.testid("login").await?;
        Ok(())
    }
}
