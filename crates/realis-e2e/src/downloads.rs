//! What the page saves and what a select offers: the SPA saves downloads through a `blob:` URL,
//! which is kept here so that a test reads the file the user would have saved.

use std::time::{Duration, Instant};

use fantoccini::Locator;

use crate::Harness;

impl Harness {
    /// Keeps every `blob:` the page makes from now on.
    async fn capture_downloads(&self) -> anyhow::Result<()> {
        self.client
            .execute(
                r#"if (!window.__blobs) {
                    window.__blobs = [];
                    const make = URL.createObjectURL.bind(URL);
                    URL.createObjectURL = (b) => { window.__blobs.push(b); return make(b); };
                }
                return window.__blobs.length;"#,
                vec![],
            )
            .await?;
        Ok(())
    }

    async fn blob_count(&self) -> anyhow::Result<u64> {
        Ok(self
            .client
            .execute("return (window.__blobs || []).length;", vec![])
            .await?
            .as_u64()
            .unwrap_or(0))
    }

    /// Runs `click` (e.g. `h.click("zip-download")`) and returns the bytes of the file the page
    /// then saved.
    pub async fn saved_by(
        &self,
        click: impl std::future::Future<Output = anyhow::Result<()>>,
    ) -> anyhow::Result<Vec<u8>> {
        self.capture_downloads().await?;
        let before = self.blob_count().await?;
        click.await?;
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.blob_count().await? <= before {
            anyhow::ensure!(Instant::now() < deadline, "nothing was downloaded");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let bytes = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                const b = window.__blobs[window.__blobs.length - 1];
                b.arrayBuffer().then((buf) => done(Array.from(new Uint8Array(buf))));"#,
                vec![],
            )
            .await?;
        Ok(bytes
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_u64())
                    .map(|v| v as u8)
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Chooses the option `value` of the select `select` (a `data-testid`).
    pub async fn choose(&self, select: &str, value: &str) -> anyhow::Result<()> {
        self.client
            .find(Locator::Css(&format!(
                "[data-testid={select}] option[value='{value}']"
            )))
            .await?
            .click()
            .await?;
        Ok(())
    }
}
