//! Harness for browser end-to-end tests: starts the real `realis` binary (demo data, SQLite in a
//! temporary directory, the built SPA) and a headless Chromium through chromedriver, and hands
//! a fantoccini client to the tests. Screenshots go to `target/e2e-screenshots/`.
//!
//! The tests run when `REALIS_E2E_BINARY` and `REALIS_E2E_WEB_DIR` are set (`cargo xtask test`
//! sets them). Without a browser they are skipped, unless `REALIS_E2E_REQUIRED=1` (CI), where a
//! missing browser is a failure.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};

/// A free loopback port.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(0)
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The `realis` binary under test, if configured (`REALIS_E2E_BINARY`); fails when required.
pub fn binary(test: &str) -> anyhow::Result<Option<PathBuf>> {
    match std::env::var_os("REALIS_E2E_BINARY") {
        Some(b) => Ok(Some(PathBuf::from(b))),
        None if std::env::var("REALIS_E2E_REQUIRED").is_ok_and(|v| v == "1") => {
            bail!("REALIS_E2E_BINARY must be set (run `cargo xtask test`)")
        }
        None => {
            eprintln!("skipping {test}: run it through `cargo xtask test`");
            Ok(None)
        }
    }
}

/// One rule axe-core found violated on a page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct AxeViolation {
    pub id: String,
    pub impact: Option<String>,
    pub nodes: usize,
    pub target: String,
}

/// The server, chromedriver and a browser session.
pub struct Harness {
    pub base: String,
    pub client: Client,
    /// chromedriver's own URL, for its Chromium-only endpoints (network emulation).
    pub driver_url: String,
    pub data_dir: PathBuf,
    _server: Killed,
    _driver: Killed,
}

fn wait_for_port(port: u16, what: &str, child: &mut Child) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            bail!("{what} exited early ({status})");
        }
        if Instant::now() > deadline {
            bail!("{what} did not listen on {port} within 30 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| PathBuf::from(d).join(name))
        .find(|p| p.is_file())
}

impl Harness {
    /// `Ok(None)` when the tests are not configured or no browser is installed (and not required).
    pub async fn start(name: &str) -> anyhow::Result<Option<Harness>> {
        Self::start_with(name, &[]).await
    }

    /// Starts with extra environment for the server (e.g. `REALIS_SMTP_URL`).
    pub async fn start_with(name: &str, env: &[(&str, String)]) -> anyhow::Result<Option<Harness>> {
        let required = std::env::var("REALIS_E2E_REQUIRED").is_ok_and(|v| v == "1");
        let (Some(binary), Some(web_dir)) = (
            std::env::var_os("REALIS_E2E_BINARY"),
            std::env::var_os("REALIS_E2E_WEB_DIR"),
        ) else {
            if required {
                bail!(
                    "REALIS_E2E_BINARY and REALIS_E2E_WEB_DIR must be set (run `cargo xtask test`)"
                );
            }
            eprintln!("skipping browser test {name}: run it through `cargo xtask test`");
            return Ok(None);
        };
        let chromium = ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .find_map(|n| which(n));
        let driver = which("chromedriver");
        let (Some(chromium), Some(driver)) = (chromium, driver) else {
            if required {
                bail!(
                    "chromium and chromedriver are required (apt-get install chromium chromium-driver)"
                );
            }
            eprintln!("skipping browser test {name}: chromium/chromedriver not installed");
            return Ok(None);
        };
        let data_dir =
            std::env::temp_dir().join(format!("realis-e2e-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data_dir);
        std::fs::create_dir_all(&data_dir)?;
        let port = free_port();
        let mut server = Command::new(&binary)
            .args(["serve", "--demo"])
            .env("REALIS_DATA_DIR", &data_dir)
            .env("REALIS_BIND", format!("127.0.0.1:{port}"))
            .env("REALIS_WEB_DIR", &web_dir)
            .env_remove("REALIS_DATABASE_URL")
            .env_remove("REALIS_SMTP_URL")
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(data_dir.join("server.log"))?)
            .spawn()
            .context("starting the realis binary")?;
        wait_for_port(port, "realis", &mut server)?;
        let server = Killed(server);
        let driver_port = free_port();
        let mut chromedriver = Command::new(driver)
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting chromedriver")?;
        wait_for_port(driver_port, "chromedriver", &mut chromedriver)?;
        let driver = Killed(chromedriver);
        let profile = data_dir.join("chrome-profile");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=fr-FR",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }),
        );
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{driver_port}"))
            .await
            .context("opening a Chromium session")?;
        Ok(Some(Harness {
            base: format!("http://127.0.0.1:{port}"),
            client,
            driver_url: format!("http://127.0.0.1:{driver_port}"),
            data_dir,
            _server: server,
            _driver: driver,
        }))
    }

    pub async fn goto(&self, path: &str) -> anyhow::Result<()> {
        self.client.goto(&format!("{}{path}", self.base)).await?;
        Ok(())
    }

    /// Waits for an element by `data-testid`.
    pub async fn testid(&self, id: &str) -> anyhow::Result<fantoccini::elements::Element> {
        let sel = format!("[data-testid=\"{id}\"]");
        let found = self
            .client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(&sel))
            .await;
        if found.is_err() {
            // What the page showed instead, for the person reading the failure.
            let _ = self.screenshot(&format!("failure-waiting-for-{id}")).await;
        }
        found.with_context(|| format!("waiting for {sel}"))
    }

    /// Waits until the element's text contains `needle`; returns the text.
    pub async fn text_contains(&self, id: &str, needle: &str) -> anyhow::Result<String> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            // A re-render may replace the element between finding and reading it: retry.
            let text = match self.testid(id).await?.text().await {
                Ok(t) => t,
                Err(e) if Instant::now() < deadline => {
                    tracing_note(&e);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            if text.contains(needle) {
                return Ok(text);
            }
            if Instant::now() > deadline {
                bail!("[data-testid={id}] says {text:?}, not {needle:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks an element found by `data-testid`, retrying if a re-render replaced it.
    pub async fn click(&self, id: &str) -> anyhow::Result<()> {
        let mut tries = 0;
        loop {
            match self.testid(id).await?.click().await {
                Ok(()) => return Ok(()),
                Err(e) if tries < 20 => {
                    tracing_note(&e);
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Whether the element with this `data-testid` is on the page now and shows `text`.
    async fn shows(&self, id: &str, text: &str) -> bool {
        let sel = format!("[data-testid=\"{id}\"]");
        match self.client.find(Locator::Css(&sel)).await {
            Ok(el) => el.text().await.is_ok_and(|t| t.contains(text)),
            Err(_) => false,
        }
    }

    /// Clicks `id` until `done_id` shows `done_text` (a click that landed on an element being
    /// replaced by a re-render is repeated; once done, nothing is clicked again).
    pub async fn click_until(
        &self,
        id: &str,
        done_id: &str,
        done_text: &str,
    ) -> anyhow::Result<()> {
        let sel = format!("[data-testid=\"{id}\"]");
        for _ in 0..3 {
            if self.shows(done_id, done_text).await {
                return Ok(());
            }
            if let Ok(el) = self.client.find(Locator::Css(&sel)).await {
                let _ = el.click().await;
            }
            let deadline = Instant::now() + Duration::from_secs(6);
            while Instant::now() < deadline {
                if self.shows(done_id, done_text).await {
                    return Ok(());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        let _ = self.screenshot(&format!("failure-click-{id}")).await;
        bail!("clicking {id} never showed {done_text:?} in {done_id}")
    }

    /// Runs axe-core (the script `REALIS_AXE_JS` names, injected into the page) on the page as
    /// it is, for WCAG 2.1 A/AA and best practices; returns each violated rule with the number of
    /// nodes and the first node's selector. `None` when axe-core is not configured (and not
    /// required).
    pub async fn axe(&self) -> anyhow::Result<Option<Vec<AxeViolation>>> {
        let Some(path) = std::env::var_os("REALIS_AXE_JS") else {
            if std::env::var("REALIS_E2E_REQUIRED").is_ok_and(|v| v == "1") {
                bail!("REALIS_AXE_JS must name axe.min.js (run `cargo xtask test`)");
            }
            return Ok(None);
        };
        let script = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", PathBuf::from(&path).display()))?;
        self.client
            .execute(&format!("{script}\n;return true;"), vec![])
            .await?;
        let out = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] })\
                   .then(r => done(JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: String(v.nodes[0] && v.nodes[0].target) })))))\
                   .catch(e => done(JSON.stringify([{ id: 'axe-error', impact: String(e), nodes: 0, target: '' }])));",
                vec![],
            )
            .await?;
        let list: Vec<AxeViolation> =
            serde_json::from_str(out.as_str().unwrap_or("[]")).context("axe's answer")?;
        Ok(Some(list))
    }

    /// Whether a modal `<dialog>` (a confirmation) is open.
    pub async fn dialog_open(&self) -> bool {
        self.client
            .execute("return !!document.querySelector('dialog[open]')", vec![])
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }

    /// Clicks `id`, checks that the confirmation dialog restates `says`, confirms it, and waits
    /// until `done_id` shows `done_text`. Returns what the dialog said.
    pub async fn confirm_until(
        &self,
        id: &str,
        says: &str,
        done_id: &str,
        done_text: &str,
    ) -> anyhow::Result<String> {
        let sel = format!("[data-testid=\"{id}\"]");
        for _ in 0..3 {
            if !self.dialog_open().await
                && let Ok(el) = self.client.find(Locator::Css(&sel)).await
            {
                let _ = el.click().await;
            }
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline && !self.dialog_open().await {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            if !self.dialog_open().await {
                continue;
            }
            let text = self.testid("confirm-dialog").await?.text().await?;
            let _ = self.screenshot(&format!("confirm-{id}")).await;
            if !text.contains(says) {
                let _ = self.screenshot(&format!("failure-confirm-{id}")).await;
                bail!("the confirmation of {id} says {text:?}, not {says:?}");
            }
            self.click("confirm-yes").await?;
            let deadline = Instant::now() + Duration::from_secs(15);
            while Instant::now() < deadline {
                if self.shows(done_id, done_text).await {
                    return Ok(text);
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let _ = self.screenshot(&format!("failure-confirmed-{id}")).await;
            bail!("confirming {id} never showed {done_text:?} in {done_id}");
        }
        let _ = self.screenshot(&format!("failure-confirm-{id}")).await;
        bail!("clicking {id} never opened its confirmation")
    }

    /// Chooses a file in an `<input type=file>` and waits until `done_id` shows `done_text`;
    /// chooses it again if a re-render swallowed the first choice.
    pub async fn upload(
        &self,
        input_id: &str,
        path: &Path,
        done_id: &str,
        done_text: &str,
    ) -> anyhow::Result<()> {
        for _ in 0..3 {
            let _ = self
                .testid(input_id)
                .await?
                .send_keys(&path.display().to_string())
                .await;
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(el) = self.testid(done_id).await
                    && let Ok(text) = el.text().await
                    && text.contains(done_text)
                {
                    return Ok(());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        bail!("the upload through {input_id} did not show {done_text:?} in {done_id}")
    }

    /// Replaces the value of an input found by `data-testid`, retrying if a re-render replaced it.
    pub async fn fill(&self, id: &str, value: &str) -> anyhow::Result<()> {
        let mut tries = 0;
        loop {
            let el = self.testid(id).await?;
            let attempt = async {
                el.clear().await?;
                el.send_keys(value).await
            };
            match attempt.await {
                Ok(()) => return Ok(()),
                Err(e) if tries < 20 => {
                    tracing_note(&e);
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
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

    /// «Déconnexion», back on the login page.
    pub async fn logout(&self) -> anyhow::Result<()> {
        self.testid("logout").await?.click().await?;
        self.testid("login").await?;
        Ok(())
    }

    /// Scrolls the element with this `data-testid` into view.
    pub async fn scroll_to(&self, id: &str) -> anyhow::Result<()> {
        let js = format!(
            "document.querySelector('[data-testid=\\'{id}\\']').scrollIntoView({{block: 'center'}})"
        );
        self.client.execute(&js, vec![]).await?;
        Ok(())
    }

    /// Presses each key of `keys` in turn on whatever has the focus, as a keyboard does (WebDriver
    /// actions, not an element's `send_keys`, which would choose files on a file input). Special
    /// keys are `fantoccini::key::Key` characters.
    pub async fn press(&self, keys: &str) -> anyhow::Result<()> {
        let mut seq = KeyActions::new("keyboard".into());
        for c in keys.chars() {
            seq = seq
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.client.perform_actions(seq).await?;
        Ok(())
    }

    /// Presses `key` while `modifier` is held (Ctrl+S, Shift+Tab).
    pub async fn chord(&self, modifier: Key, key: char) -> anyhow::Result<()> {
        let m = char::from(modifier);
        let seq = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: m })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: m });
        self.client.perform_actions(seq).await?;
        Ok(())
    }

    /// `data-testid` of the focused element (`document.activeElement`), else its id, else its
    /// tag name.
    pub async fn focused(&self) -> anyhow::Result<String> {
        let v = self
            .client
            .execute(
                "const e = document.activeElement; return e ? (e.dataset.testid || e.id || e.tagName.toLowerCase()) : '';",
                vec![],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Waits until the focused element is `id` (focus moved by the page itself).
    pub async fn focus_lands_on(&self, id: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let now = self.focused().await?;
            if now == id {
                return Ok(());
            }
            if Instant::now() > deadline {
                let _ = self.screenshot(&format!("failure-focus-{id}")).await;
                bail!("the focus is on {now:?}, not on {id:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Presses Tab (Shift+Tab when `back`) until the focused element's `data-testid` starts with
    /// `prefix`, at most `max` times; returns it. Fails when it is not reached: the element is
    /// out of the tab order.
    pub async fn tab_until(&self, prefix: &str, back: bool, max: usize) -> anyhow::Result<String> {
        let mut path = Vec::new();
        for _ in 0..max {
            if back {
                self.chord(Key::Shift, char::from(Key::Tab)).await?;
            } else {
                self.press(&char::from(Key::Tab).to_string()).await?;
            }
            let now = self.focused().await?;
            if now.starts_with(prefix) {
                return Ok(now);
            }
            path.push(now);
        }
        let _ = self.screenshot(&format!("failure-tab-to-{prefix}")).await;
        bail!("{max} presses of Tab never reached {prefix:?}; the focus went {path:?}")
    }

    /// Tab until the element with this `data-testid` has the focus.
    pub async fn tab_to(&self, id: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(15);
        // The element is on the page first (it may still be loading).
        self.testid(id).await?;
        loop {
            let found = self.tab_until(id, false, 80).await?;
            if found == id {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("Tab reached {found}, not {id}");
            }
        }
    }

    /// Drops a file on the element with this `data-testid`, as a drag from the desktop does
    /// (`dragenter`, `dragover`, `drop` carrying a `DataTransfer`): `bytes`, or `size` zero bytes
    /// when `bytes` is `None`.
    pub async fn drop_file(
        &self,
        zone: &str,
        name: &str,
        mime: &str,
        bytes: Option<&[u8]>,
        size: usize,
    ) -> anyhow::Result<()> {
        self.testid(zone).await?;
        let bytes = bytes
            .map(|b| serde_json::json!(b))
            .unwrap_or(serde_json::Value::Null);
        self.client
            .execute(
                r#"const [zone, name, type, bytes, size] = arguments;
                const data = bytes ? new Uint8Array(bytes) : new Uint8Array(size);
                const dt = new DataTransfer();
                dt.items.add(new File([data], name, { type }));
                const el = document.querySelector(`[data-testid="${zone}"]`);
                for (const t of ['dragenter', 'dragover', 'drop']) {
                    el.dispatchEvent(new DragEvent(t, { bubbles: true, cancelable: true, dataTransfer: dt }));
                }
                return true;"#,
                vec![
                    serde_json::json!(zone),
                    serde_json::json!(name),
                    serde_json::json!(mime),
                    bytes,
                    serde_json::json!(size),
                ],
            )
            .await?;
        Ok(())
    }

    /// Runs a script and returns its string result.
    pub async fn js_string(&self, script: &str) -> anyhow::Result<String> {
        let v = self.client.execute(script, vec![]).await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Saves a PNG under `target/e2e-screenshots/`. Every state worth a screenshot is also
    /// checked by axe-core (a dialog open, a panel unfolded, a form in error, a phone width):
    /// a violation fails the test (issue 9). Failure screenshots are only pictures.
    pub async fn screenshot(&self, name: &str) -> anyhow::Result<PathBuf> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screenshots");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, self.client.screenshot().await?)?;
        if !name.starts_with("failure") {
            self.axe_clean(name).await?;
        }
        Ok(path)
    }

    /// Fails when axe-core finds a violation on the page as it is now (see [`Harness::axe`]).
    pub async fn axe_clean(&self, state: &str) -> anyhow::Result<()> {
        let Some(violations) = self.axe().await? else {
            return Ok(());
        };
        if violations.is_empty() {
            return Ok(());
        }
        let lines: Vec<String> = violations
            .iter()
            .map(|v| {
                format!(
                    "{} ({}, {} node(s), first: {})",
                    v.id,
                    v.impact.clone().unwrap_or_default(),
                    v.nodes,
                    v.target
                )
            })
            .collect();
        bail!("axe-core on «{state}»:\n{}", lines.join("\n"))
    }

    pub async fn close(self) -> anyhow::Result<()> {
        self.client.clone().close().await?;
        Ok(())
    }
}

/// Writes a PNG with Python's standard library (no image crate needed here).
pub fn write_png(path: &Path, w: u32, h: u32, rgb: (u8, u8, u8)) -> anyhow::Result<()> {
    let script = r#"
import struct, sys, zlib
path, w, h, r, g, b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
raw = b''.join(b'\x00' + bytes([r, g, b]) * w for _ in range(h))
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
open(path, 'wb').write(png)
"#;
    let status = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .args([w, h, u32::from(rgb.0), u32::from(rgb.1), u32::from(rgb.2)].map(|v| v.to_string()))
        .status()?;
    anyhow::ensure!(status.success(), "python3 could not write the PNG");
    Ok(())
}

/// Writes an RGBA PNG like a scanned cachet: a coloured ring on a fully transparent background
/// (the transparent pixels are black with alpha 0, which printed as a black block before).
pub fn write_stamp_png(path: &Path, size: u32, rgb: (u8, u8, u8)) -> anyhow::Result<()> {
    let script = r#"
import struct, sys, zlib
path, n, r, g, b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
c = n / 2
def px(x, y):
    d = ((x - c) ** 2 + (y - c) ** 2) ** 0.5
    return bytes([r, g, b, 255]) if c * 0.7 < d < c * 0.95 else bytes([0, 0, 0, 0])
raw = b''.join(b'\x00' + b''.join(px(x, y) for x in range(n)) for y in range(n))
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', n, n, 8, 6, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
open(path, 'wb').write(png)
"#;
    let status = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .args([size, u32::from(rgb.0), u32::from(rgb.1), u32::from(rgb.2)].map(|v| v.to_string()))
        .status()?;
    anyhow::ensure!(status.success(), "python3 could not write the PNG");
    Ok(())
}

/// The side, in pixels at 40 dpi, of the largest solid near-black square on the first page of
/// a PDF (rendered by `pdftoppm`): text and rules stay under 5 px; an image printed as a black
/// block (a transparent cachet without its alpha) is tens of pixels wide.
pub fn largest_dark_square_of_pdf(pdf: &Path) -> anyhow::Result<usize> {
    let root = pdf.with_extension("check");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "40", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&root)
        .status()?;
    anyhow::ensure!(status.success(), "pdftoppm failed");
    let bytes = std::fs::read(pdf.with_extension("check.ppm"))?;
    // "P6\n<w> <h>\n255\n" then RGB triplets.
    let mut header = Vec::new();
    let mut start = 0;
    let mut token = String::new();
    for (i, b) in bytes.iter().enumerate() {
        if b.is_ascii_whitespace() {
            if !token.is_empty() {
                header.push(std::mem::take(&mut token));
            }
            if header.len() == 4 {
                start = i + 1;
                break;
            }
        } else {
            token.push(char::from(*b));
        }
    }
    anyhow::ensure!(
        header.len() == 4 && header[0] == "P6",
        "not a PPM: {header:?}"
    );
    let (w, h): (usize, usize) = (header[1].parse()?, header[2].parse()?);
    let pixels = &bytes[start..];
    anyhow::ensure!(pixels.len() >= w * h * 3, "short PPM");
    let dark = |x: usize, y: usize| pixels[(y * w + x) * 3..][..3].iter().all(|c| *c < 60);
    let mut side = vec![0usize; w * h];
    let mut best = 0;
    for y in 0..h {
        for x in 0..w {
            if dark(x, y) {
                let s = if x == 0 || y == 0 {
                    1
                } else {
                    1 + side[(y - 1) * w + x]
                        .min(side[y * w + x - 1])
                        .min(side[(y - 1) * w + x - 1])
                };
                side[y * w + x] = s;
                best = best.max(s);
            }
        }
    }
    Ok(best)
}

/// Writes a minimal valid one-page PDF.
pub fn write_pdf(path: &Path) -> anyhow::Result<()> {
    let objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for off in offsets {
        out.extend(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    std::fs::write(path, out)?;
    Ok(())
}

fn tracing_note(e: &fantoccini::error::CmdError) {
    eprintln!("retrying after: {e}");
}

/// A plain HTTP client for setting the scene through the API (the screens are tested elsewhere).
pub struct Api {
    pub base: String,
    pub client: reqwest::Client,
}

impl Api {
    pub fn new(base: &str) -> Api {
        let _ = rustls::crypto::ring::default_provider().install_default();
        Api {
            base: base.to_owned(),
            client: reqwest::Client::new(),
        }
    }

    /// A bearer token for a demo account.
    pub async fn token(&self, login: &str) -> anyhow::Result<String> {
        let res: serde_json::Value = self
            .client
            .post(format!("{}/api/v1/auth/login", self.base))
            .json(&serde_json::json!({ "login": login, "password": "realis-demo-2026" }))
            .send()
            .await?
            .json()
            .await?;
        Ok(res["access_token"].as_str().unwrap_or_default().to_owned())
    }

    /// Sends a file as the raw body of a PUT.
    pub async fn put(
        &self,
        token: &str,
        path: &str,
        content_type: &str,
        file: &Path,
    ) -> anyhow::Result<serde_json::Value> {
        let res = self
            .client
            .put(format!("{}/api/v1{path}", self.base))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(std::fs::read(file)?)
            .send()
            .await?;
        anyhow::ensure!(res.status().is_success(), "PUT {path}: {}", res.status());
        Ok(res.json().await?)
    }

    /// A JSON call that must succeed; returns the body (or null).
    pub async fn call(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> anyhow::Result<serde_json::Value> {
        let mut req = self
            .client
            .request(method, format!("{}/api/v1{path}", self.base))
            .bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await?;
        let status = res.status();
        let text = res.text().await?;
        anyhow::ensure!(status.is_success(), "{path}: {status} {text}");
        Ok(serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
    }
}
