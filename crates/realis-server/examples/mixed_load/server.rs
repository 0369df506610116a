//! The release binary as a child process: started on a database, timed to its first healthy
//! answer, its resident memory read from `/proc`, and killed with SIGKILL.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// How long a start may take before the benchmark gives up.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The running server.
pub struct Server {
    binary: PathBuf,
    data_dir: PathBuf,
    database_url: String,
    bind: String,
    child: Option<Child>,
    /// The pid of the current process, for the memory sampler (0 while none runs).
    pub pid: Arc<AtomicU32>,
}

impl Server {
    /// A server on `database_url` with its data (outbox, secret) in `data_dir`, on a free port.
    pub fn new(binary: &Path, data_dir: &Path, database_url: &str) -> anyhow::Result<Server> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        Ok(Server {
            binary: binary.to_owned(),
            data_dir: data_dir.to_owned(),
            database_url: database_url.to_owned(),
            bind: format!("127.0.0.1:{port}"),
            child: None,
            pid: Arc::new(AtomicU32::new(0)),
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base(&self) -> String {
        format!("http://{}", self.bind)
    }

    /// Spawns the binary and waits for `/healthz` to answer 200: the time from the spawn.
    pub async fn start(&mut self) -> anyhow::Result<Duration> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.data_dir.join("server.log"))?;
        let mut command = Command::new(&self.binary);
        // Only what the run sets: no SMTP (e-mails go to files in the data directory), default
        // limits and logging.
        for (name, _) in std::env::vars() {
            if name.starts_with("REALIS_") {
                command.env_remove(name);
            }
        }
        command
            .arg("serve")
            .env("REALIS_DATA_DIR", &self.data_dir)
            .env("REALIS_DATABASE_URL", &self.database_url)
            .env("REALIS_BIND", &self.bind)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()?;
        let health = format!("{}/healthz", self.base());
        let spawned = Instant::now();
        let mut child = command
            .spawn()
            .with_context(|| format!("starting {}", self.binary.display()))?;
        self.pid.store(child.id(), Ordering::Relaxed);
        loop {
            if let Ok(r) = client.get(&health).send().await
                && r.status().is_success()
            {
                let took = spawned.elapsed();
                self.child = Some(child);
                return Ok(took);
            }
            if let Some(status) = child.try_wait()? {
                bail!(
                    "the server exited ({status}) before it was healthy; see {}",
                    self.data_dir.join("server.log").display()
                );
            }
            if spawned.elapsed() > START_TIMEOUT {
                let _ = child.kill();
                bail!("the server was not healthy after {START_TIMEOUT:?}");
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }

    /// Up to `max` distinct error lines of the server's log (ANSI colours and timestamps taken
    /// off), to say what the errors of a run were.
    pub fn log_errors(&self, max: usize) -> Vec<String> {
        let log = std::fs::read_to_string(self.data_dir.join("server.log")).unwrap_or_default();
        let mut seen: Vec<String> = Vec::new();
        for line in log.lines().filter(|l| l.contains("ERROR")) {
            let mut plain = String::new();
            let mut escape = false;
            for c in line.chars() {
                match (escape, c) {
                    (false, '\u{1b}') => escape = true,
                    (true, 'm') => escape = false,
                    (true, _) => {}
                    (false, c) => plain.push(c),
                }
            }
            let message = plain
                .split_once("ERROR")
                .map_or(plain.as_str(), |(_, m)| m.trim())
                .chars()
                .take(300)
                .collect::<String>();
            if !seen.contains(&message) && seen.len() < max {
                seen.push(message);
            }
        }
        seen
    }

    /// SIGKILL (what `Child::kill` sends on Unix), then reaps the process.
    pub fn kill9(&mut self) -> anyhow::Result<()> {
        if let Some(mut child) = self.child.take() {
            child.kill()?;
            child.wait()?;
        }
        self.pid.store(0, Ordering::Relaxed);
        Ok(())
    }

    /// SIGTERM, and waits for the graceful stop (SIGKILL after 25 s).
    pub async fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(25);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                self.pid.store(0, Ordering::Relaxed);
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        self.pid.store(0, Ordering::Relaxed);
    }
}

impl Drop for Server {
    /// A run that stops on an error leaves no server behind.
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The resident memory of `pid` in KiB (`VmRSS` of `/proc/<pid>/status`).
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

/// The resident memory of the server, sampled every second (KiB), since the last [`take`].
///
/// [`take`]: Memory::take
#[derive(Clone, Default)]
pub struct Memory(Arc<Mutex<Vec<u64>>>);

impl Memory {
    /// Starts sampling the process whose pid `pid` holds (none while it is 0).
    pub fn sample(pid: Arc<AtomicU32>) -> Memory {
        let memory = Memory::default();
        let samples = memory.0.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            loop {
                tick.tick().await;
                let p = pid.load(Ordering::Relaxed);
                if p != 0
                    && let Some(kib) = rss_kib(p)
                    && let Ok(mut s) = samples.lock()
                {
                    s.push(kib);
                }
            }
        });
        memory
    }

    /// The samples since the last call.
    pub fn take(&self) -> Vec<u64> {
        self.0
            .lock()
            .map(|mut s| std::mem::take(&mut *s))
            .unwrap_or_default()
    }
}
