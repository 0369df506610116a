//! Starting and stopping what a browser test drives: the `realis` binary on a free port with
//! demo data, chromedriver, and a headless Chromium session.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use fantoccini::{Client, ClientBuilder};

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

/// The server, chromedriver and a browser session.
pub struct Harness {
    pub base: String,
    pub client: Client,
    /// chromedriver's own URL, for its Chromium-only endpoints (network emulation).
    pub driver_url: String,
    pub data_dir: PathBuf,
    _server: Server,
    _driver: Killed,
}

/// A `realis` process started by a test on a free loopback port, killed when dropped.
pub struct Server {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// Where its log (standard error) goes: `<data_dir>/server.log`.
    pub log: PathBuf,
    port: u16,
    process: Killed,
}

impl Server {
    /// Starts `realis <args>` with `data_dir` as its data directory, the SQLite and files
    /// defaults (no `REALIS_DATABASE_URL`, no `REALIS_SMTP_URL`) unless `env` sets them, and
    /// waits until it listens (migrations and demo data are done by then).
    pub fn spawn(
        binary: &Path,
        args: &[&str],
        data_dir: &Path,
        env: &[(&str, String)],
    ) -> anyhow::Result<Server> {
        let mut server = Self::launch(binary, args, data_dir, env)?;
        server.wait_until_listening()?;
        Ok(server)
    }

    /// Starts the process without waiting: start several, then [`Server::wait_until_listening`]
    /// for each, and they start together.
    pub fn launch(
        binary: &Path,
        args: &[&str],
        data_dir: &Path,
        env: &[(&str, String)],
    ) -> anyhow::Result<Server> {
        std::fs::create_dir_all(data_dir)?;
        let port = free_port();
        let log = data_dir.join("server.log");
        let child = Command::new(binary)
            .args(args)
            .env("REALIS_DATA_DIR", data_dir)
            .env("REALIS_BIND", format!("127.0.0.1:{port}"))
            .env_remove("REALIS_DATABASE_URL")
            .env_remove("REALIS_SMTP_URL")
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log)?)
            .spawn()
            .context("starting the realis binary")?;
        Ok(Server {
            base: format!("http://127.0.0.1:{port}"),
            log,
            port,
            process: Killed(child),
        })
    }

    /// Waits until the server listens (30 s at most); an error when it exited first.
    pub fn wait_until_listening(&mut self) -> anyhow::Result<()> {
        wait_for_port(self.port, "realis", &mut self.process.0)
            .with_context(|| format!("see {}", self.log.display()))
    }
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
        let mut server_env = vec![("REALIS_WEB_DIR", web_dir.to_string_lossy().into_owned())];
        server_env.extend(env.iter().cloned());
        let server = Server::spawn(
            Path::new(&binary),
            &["serve", "--demo"],
            &data_dir,
            &server_env,
        )?;
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
            base: server.base.clone(),
            client,
            driver_url: format!("http://127.0.0.1:{driver_port}"),
            data_dir,
            _server: server,
            _driver: driver,
        }))
    }

    pub async fn close(self) -> anyhow::Result<()> {
        self.client.clone().close().await?;
        Ok(())
    }
}
