//! The keyboard: keys and chords as a keyboard sends them, where the focus is, and the tab order.

use std::time::{Duration, Instant};

use anyhow::bail;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;

use crate::Harness;

impl Harness {
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

    /// Reaches the file field `input_id` with Tab and chooses `path` in it (what the browser's
    /// file chooser does once Enter opened it), until `done_id` says `done_text`. A choice made
    /// while the page re-renders the field can be lost (the same race [`Harness::upload`]
    /// absorbs): the field is reached with Tab again and the file chosen again, three times at
    /// most.
    pub async fn upload_by_keyboard(
        &self,
        input_id: &str,
        path: &std::path::Path,
        done_id: &str,
        done_text: &str,
    ) -> anyhow::Result<()> {
        for _ in 0..3 {
            if self.focused().await? != input_id {
                self.tab_to(input_id).await?;
            }
            let _ = self
                .client
                .active_element()
                .await?
                .send_keys(&path.display().to_string())
                .await;
            let deadline = Instant::now() + Duration::from_secs(10);
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
        let _ = self.screenshot(&format!("failure-upload-{input_id}")).await;
        bail!("choosing a file in {input_id} by keyboard did not show {done_text:?} in {done_id}")
    }
}
