//! Configuration from environment variables, with defaults for the embedded mode.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// Everything the server reads from its environment.
#[derive(Clone, Debug)]
pub struct Config {
    /// `REALIS_DATA_DIR` (default `./data`): SQLite file, `.eml` outbox, generated JWT secret.
    pub data_dir: PathBuf,
    /// `REALIS_DATABASE_URL` (default `sqlite:<data_dir>/realis.db`).
    pub database_url: String,
    /// `REALIS_BIND` (default `127.0.0.1:8080`).
    pub bind: SocketAddr,
    /// `REALIS_PUBLIC_URL` (default `http://<bind>`): base of links in e-mails.
    pub public_url: String,
    /// `REALIS_SMTP_URL`: `smtp://host:port`, `smtp://user:pass@host:587?tls=required`, `smtps://…`.
    /// Unset: e-mails are written as `.eml` files under `<data_dir>/outbox/`.
    pub smtp_url: Option<String>,
    /// `REALIS_MAIL_FROM` (default `Réalis <no-reply@realis.test>`).
    pub mail_from: String,
    /// `REALIS_JWT_SECRET` (≥ 32 bytes); unset: generated once into `<data_dir>/jwt-secret`.
    pub jwt_secret: Option<String>,
    /// `REALIS_WEB_DIR`: the built SPA; default `frontend/dist` found from the working directory
    /// or from the binary's location in `target/`.
    pub web_dir: Option<PathBuf>,
    /// `REALIS_CORS_ORIGINS`: comma-separated origins allowed to call the API from a browser.
    pub cors_origins: Vec<String>,
    /// `REALIS_TRUSTED_PROXIES`: comma-separated addresses or networks of the reverse proxies whose
    /// `X-Forwarded-For` names the client (none by default: the socket peer is the client).
    pub trusted_proxies: crate::proxies::TrustedProxies,
    /// `REALIS_ACCESS_TOKEN_TTL_SECS` (default 3600, 10 to 3600): lifetime of bearer tokens.
    pub access_token_ttl_secs: u64,
    /// `REALIS_SESSION_IDLE_SECS` (default 2 h) and `REALIS_SESSION_MAX_SECS` (default 12 h):
    /// a browser session ends after that long without a refresh, and that long after the login.
    pub session: realis_domain::session::SessionPolicy,
    /// `REALIS_WEBHOOK_RETRY_BASE_SECONDS` (default 60, 1 to 3600): the base of the webhook
    /// retry schedule (1, 5, 30, 120… times it). `REALIS_WEBHOOK_ALLOW_PRIVATE` (`true` or
    /// `false`, default `false`): whether webhooks may go to `http://` URLs and loopback, private
    /// or link-local addresses (tests, on-premise receivers).
    pub webhooks: realis_app::webhooks::WebhookSettings,
    /// `REALIS_API_KEY_RATE_LIMIT` (default 600) and `REALIS_USER_RATE_LIMIT` (default 1200):
    /// requests per minute per API key and per person's session, 0 for no limit.
    pub rate_limits: realis_app::rate_limits::RateLimits,
    /// `REALIS_TOKEN_CACHE_SECONDS` (default 5, 0 to 60, 0 for none): how long an instance
    /// trusts what it read of an account to check its tokens; a password change or a disabled
    /// account ends the sessions on the other instances within that bound (at once on this one).
    pub token_cache_secs: u64,
    /// `REALIS_REMINDER_HOUR` (default 7, 0 to 23): the Paris hour from which the daily reminder
    /// to OFs leaves (each instance checks at start and every 15 minutes; one sends it).
    pub reminder_hour: u32,
}

/// A rate limit in requests per minute: 0 (off) to 1,000,000.
fn per_minute(name: &str, default: u32) -> anyhow::Result<u32> {
    match env(name) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= 1_000_000)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "{name} must be a number of requests per minute (0 for no limit), not {v:?}"
                )
            }),
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Config {
    pub fn from_env() -> anyhow::Result<Config> {
        let data_dir = PathBuf::from(env("REALIS_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let bind: SocketAddr = env("REALIS_BIND")
            .unwrap_or_else(|| "127.0.0.1:8080".into())
            .parse()
            .context("REALIS_BIND must look like 127.0.0.1:8080")?;
        let database_url = env("REALIS_DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite:{}?mode=rwc", data_dir.join("realis.db").display()));
        if !(database_url.starts_with("sqlite:") || database_url.starts_with("postgres")) {
            bail!("REALIS_DATABASE_URL must start with sqlite: or postgres://");
        }
        let trusted_proxies = crate::proxies::TrustedProxies::parse(
            &env("REALIS_TRUSTED_PROXIES").unwrap_or_default(),
        )
        .map_err(|bad| anyhow::anyhow!("REALIS_TRUSTED_PROXIES: cannot read {bad:?}"))?;
        let access_token_ttl_secs = seconds("REALIS_ACCESS_TOKEN_TTL_SECS", 3600, 10, 3600)?;
        let defaults = realis_domain::session::SessionPolicy::default();
        let idle = seconds(
            "REALIS_SESSION_IDLE_SECS",
            realis_domain::session::DEFAULT_IDLE_SECONDS.unsigned_abs(),
            60,
            30 * 24 * 3600,
        )?;
        let absolute = seconds(
            "REALIS_SESSION_MAX_SECS",
            realis_domain::session::DEFAULT_ABSOLUTE_SECONDS.unsigned_abs(),
            60,
            30 * 24 * 3600,
        )?;
        let session = realis_domain::session::SessionPolicy {
            idle: chrono::Duration::seconds(i64::try_from(idle).unwrap_or(i64::MAX)),
            absolute: chrono::Duration::seconds(i64::try_from(absolute).unwrap_or(i64::MAX)),
            ..defaults
        };
        let retry_base = seconds("REALIS_WEBHOOK_RETRY_BASE_SECONDS", 60, 1, 3600)?;
        let allow_private = match env("REALIS_WEBHOOK_ALLOW_PRIVATE").as_deref() {
            None | Some("false") => false,
            Some("true") => true,
            Some(other) => {
                bail!("REALIS_WEBHOOK_ALLOW_PRIVATE must be true or false, not {other:?}")
            }
        };
        let rate_defaults = realis_app::rate_limits::RateLimits::default();
        let rate_limits = realis_app::rate_limits::RateLimits {
            per_key_per_minute: per_minute(
                "REALIS_API_KEY_RATE_LIMIT",
                rate_defaults.per_key_per_minute,
            )?,
            per_user_per_minute: per_minute(
                "REALIS_USER_RATE_LIMIT",
                rate_defaults.per_user_per_minute,
            )?,
        };
        let token_cache_secs = seconds("REALIS_TOKEN_CACHE_SECONDS", 5, 0, 60)?;
        let reminder_hour = whole(
            "REALIS_REMINDER_HOUR",
            u64::from(realis_app::followup::reminders::REMINDER_HOUR),
            0..=23,
            "hours",
        )?;
        Ok(Config {
            reminder_hour: u32::try_from(reminder_hour).unwrap_or(7),
            rate_limits,
            token_cache_secs,
            webhooks: realis_app::webhooks::WebhookSettings {
                retry_base_seconds: i64::try_from(retry_base).unwrap_or(60),
                allow_private,
            },
            access_token_ttl_secs,
            session,
            trusted_proxies,
            public_url: env("REALIS_PUBLIC_URL").unwrap_or_else(|| format!("http://{bind}")),
            smtp_url: env("REALIS_SMTP_URL"),
            mail_from: env("REALIS_MAIL_FROM")
                .unwrap_or_else(|| "Réalis <no-reply@realis.test>".into()),
            jwt_secret: env("REALIS_JWT_SECRET"),
            web_dir: env("REALIS_WEB_DIR").map(PathBuf::from),
            cors_origins: env("REALIS_CORS_ORIGINS")
                .map(|s| {
                    s.split(',')
                        .map(|o| o.trim().to_owned())
                        .filter(|o| !o.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            data_dir,
            database_url,
            bind,
        })
    }

    /// Whether the refresh cookie must be `Secure`: always, except when the public URL is plain
    /// `http://` on a loopback host (a developer's machine, the browser tests), where a browser
    /// would not send a `Secure` cookie back.
    pub fn secure_cookies(&self) -> bool {
        secure_cookies_for(&self.public_url)
    }

    /// The JWT secret: configured, or read from / generated into the data directory.
    pub fn load_jwt_secret(&self) -> anyhow::Result<Vec<u8>> {
        if let Some(s) = &self.jwt_secret {
            return Ok(s.as_bytes().to_vec());
        }
        let path = self.data_dir.join("jwt-secret");
        if let Ok(existing) = std::fs::read_to_string(&path) {
            restrict(&path, 0o600)?;
            return hex::decode(existing.trim()).context("data/jwt-secret is not hex");
        }
        std::fs::create_dir_all(&self.data_dir).context("creating the data directory")?;
        let mut bytes = [0u8; 64];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
        let tmp = path.with_extension("tmp");
        let _ = std::fs::remove_file(&tmp);
        create_private_file(&tmp)?;
        std::fs::write(&tmp, hex::encode(bytes)).context("writing the JWT secret")?;
        std::fs::rename(&tmp, &path).context("writing the JWT secret")?;
        Ok(bytes.to_vec())
    }

    /// Where the built SPA is, if anywhere.
    pub fn find_web_dir(&self) -> Option<PathBuf> {
        if let Some(d) = &self.web_dir {
            return Some(d.clone());
        }
        let mut candidates = vec![PathBuf::from("frontend/dist")];
        if let Ok(exe) = std::env::current_exe() {
            // target/{debug,release}/realis -> repository root
            if let Some(root) = exe.parent().and_then(Path::parent).and_then(Path::parent) {
                candidates.push(root.join("frontend/dist"));
            }
        }
        candidates
            .into_iter()
            .find(|d| d.join("index.html").is_file())
    }
}

/// A whole number of seconds from `name`, `default` when unset, refused outside `min..=max`.
fn seconds(name: &str, default: u64, min: u64, max: u64) -> anyhow::Result<u64> {
    whole(name, default, min..=max, "seconds")
}

/// A whole number of `unit` from `name`, `default` when unset, refused outside `range`.
fn whole(
    name: &str,
    default: u64,
    range: std::ops::RangeInclusive<u64>,
    unit: &str,
) -> anyhow::Result<u64> {
    let Some(raw) = env(name) else {
        return Ok(default);
    };
    match raw.trim().parse::<u64>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => bail!(
            "{name} must be a number of {unit} from {} to {}",
            range.start(),
            range.end()
        ),
    }
}

/// See [`Config::secure_cookies`].
pub fn secure_cookies_for(public_url: &str) -> bool {
    let Some(rest) = public_url.strip_prefix("http://") else {
        return true;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    !loopback
}

/// The file of a `sqlite:` URL, unless the database lives in memory.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let path = rest.split('?').next()?.trim_start_matches("//");
    (!path.is_empty() && !path.contains(":memory:") && !url.contains("mode=memory"))
        .then(|| PathBuf::from(path))
}

/// Creates `path` readable and writable by its owner only (0600), if it does not exist; an
/// existing file gets the same mode. SQLite gives its `-wal` and `-shm` files the mode of the
/// database file.
pub fn create_private_file(path: &Path) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    restrict(path, 0o600)
}

/// Sets the mode of a file or directory (Unix; nothing elsewhere).
pub fn restrict(path: &Path, mode: u32) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
            .with_context(|| format!("restricting {}", path.display()))?;
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::secure_cookies_for;

    #[test]
    fn refresh_cookies_are_secure_except_on_plain_http_loopback() {
        for url in [
            "http://127.0.0.1:8080",
            "http://localhost:8080/",
            "http://[::1]:8080",
            "http://127.0.0.2",
        ] {
            assert!(!secure_cookies_for(url), "{url}");
        }
        for url in [
            "https://realis.example",
            "https://127.0.0.1:8443",
            "http://realis.example",
            "http://10.0.0.5:8080",
            "http://localhost.evil.example",
        ] {
            assert!(secure_cookies_for(url), "{url}");
        }
    }
}
