//! Finding elements by `data-testid` and acting on them (click, fill, upload, drop, confirm),
//! each retried when a re-render replaced the element.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use fantoccini::Locator;

use crate::Harness;

impl Harness {
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
            // The open one: a page may hold several confirmations, one shown at a time.
            let text = self
                .client
                .find(Locator::Css("dialog[open][data-testid=confirm-dialog]"))
                .await?
                .text()
                .await?;
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

    /// Scrolls the element with this `data-testid` into view.
    pub async fn scroll_to(&self, id: &str) -> anyhow::Result<()> {
        let js = format!(
            "document.querySelector('[data-testid=\\'{id}\\']').scrollIntoView({{block: 'center'}})"
        );
        self.client.execute(&js, vec![]).await?;
        Ok(())
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
}

fn tracing_note(e: &fantoccini::error::CmdError) {
    eprintln!("retrying after: {e}");
}
