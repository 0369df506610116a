//! Screenshots, and axe-core's accessibility audit of every state worth one.

use std::path::PathBuf;

use anyhow::{Context, bail};

use crate::Harness;

/// One rule axe-core found violated on a page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct AxeViolation {
    pub id: String,
    pub impact: Option<String>,
    pub nodes: usize,
    pub target: String,
}

impl Harness {
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
}
