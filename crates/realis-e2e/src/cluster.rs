//! Two `realis` instances on one fresh PostgreSQL database, as behind a load balancer (README,
//! «Deploying»): the same database, secret and public URL, each with its own data directory.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::Context;
use realis_store::Database;

use crate::harness::Server;

/// The server secret every instance shares (tokens, code hashes, the audit chain, webhooks).
const SECRET: &str = "two-instances-share-this-secret-of-at-least-32-bytes";

/// What a cluster needs, found in the environment; nothing started yet.
pub struct ClusterPlan {
    name: String,
    binary: PathBuf,
    admin_url: String,
}

/// The two running instances and the database they share.
pub struct Cluster {
    pub a: Server,
    pub b: Server,
    /// The shared database, for a test's checks of what was stored.
    pub db: Database,
    admin_url: String,
    db_name: String,
    /// The data directories (logs) of both instances.
    pub data_dir: PathBuf,
}

impl ClusterPlan {
    /// `Ok(None)` (with a notice) when `REALIS_E2E_BINARY` is unset and not required, or when
    /// `REALIS_TEST_POSTGRES_URL` is unset: several instances need PostgreSQL (CI runs the suite
    /// a second time with it).
    pub fn from_env(name: &str) -> anyhow::Result<Option<ClusterPlan>> {
        let Some(binary) = crate::binary(name)? else {
            return Ok(None);
        };
        let Some(admin_url) = realis_store::testing::postgres_base_url() else {
            eprintln!(
                "skipping {name}: set REALIS_TEST_POSTGRES_URL (two instances share PostgreSQL)"
            );
            return Ok(None);
        };
        Ok(Some(ClusterPlan {
            name: name.to_owned(),
            binary,
            admin_url,
        }))
    }

    /// Creates the database, migrates it and loads the demo data once (`realis demo`, as a
    /// deployment's release step), then starts both instances together with `env` on top of the
    /// shared settings, and waits until both listen.
    pub async fn start(self, env: &[(&str, String)]) -> anyhow::Result<Cluster> {
        let db_name = format!("realis_e2e_{}_{}", self.name, std::process::id());
        let url = realis_store::testing::postgres_url(&self.admin_url, &db_name).await;
        let data_dir =
            std::env::temp_dir().join(format!("realis-e2e-{}-{}", self.name, std::process::id()));
        let _ = std::fs::remove_dir_all(&data_dir);
        std::fs::create_dir_all(&data_dir)?;
        let mut shared = vec![
            ("REALIS_DATABASE_URL", url.clone()),
            ("REALIS_JWT_SECRET", SECRET.to_owned()),
            ("REALIS_PUBLIC_URL", "http://127.0.0.1:8080".to_owned()),
        ];
        shared.extend(env.iter().cloned());
        let demo_log = data_dir.join("demo.log");
        let status = Command::new(&self.binary)
            .arg("demo")
            .env("REALIS_DATA_DIR", data_dir.join("demo"))
            .envs(shared.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&demo_log)?)
            .status()
            .context("running `realis demo`")?;
        anyhow::ensure!(
            status.success(),
            "`realis demo` failed, see {}",
            demo_log.display()
        );
        let mut a = Server::launch(&self.binary, &["serve"], &data_dir.join("a"), &shared)?;
        let mut b = Server::launch(&self.binary, &["serve"], &data_dir.join("b"), &shared)?;
        a.wait_until_listening()?;
        b.wait_until_listening()?;
        let db = Database::connect(&url)
            .await
            .context("connecting to the shared database")?;
        Ok(Cluster {
            a,
            b,
            db,
            admin_url: self.admin_url,
            db_name,
            data_dir,
        })
    }
}

impl Cluster {
    /// Stops both instances and drops the database (left behind if a test panics; CI drops
    /// every `realis_…` database at the end). The logs stay in [`Cluster::data_dir`].
    pub async fn stop(self) -> anyhow::Result<()> {
        let Cluster {
            a,
            b,
            db,
            admin_url,
            db_name,
            data_dir: _,
        } = self;
        drop((a, b));
        db.conn.close().await?;
        realis_store::testing::drop_postgres_database(&admin_url, &db_name).await?;
        Ok(())
    }
}
