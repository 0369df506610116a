//! Setting the scene through the HTTP API.

use std::path::Path;

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

    /// The OF gets ready for online certification through the API (the identity test covers the
    /// screens): logo, stamp, Kbis and consent letter, both accepted by the agent.
    pub async fn make_online_ready(&self, files: &Path) -> anyhow::Result<()> {
        let api = self;
        let of = api.token("of@formapro.test").await?;
        api.put(
            &of,
            "/organisation/logo",
            "image/png",
            &files.join("logo.png"),
        )
        .await?;
        api.put(
            &of,
            "/organisation/stamp",
            "image/png",
            &files.join("cachet.png"),
        )
        .await?;
        api.put(
            &of,
            "/organisation/documents/kbis",
            "application/pdf",
            &files.join("kbis.pdf"),
        )
        .await?;
        let o = api
            .put(
                &of,
                "/organisation/documents/consent_letter",
                "application/pdf",
                &files.join("kbis.pdf"),
            )
            .await?;
        let agent = api.token("agent@tp-idf.test").await?;
        for kind in ["kbis", "consent_letter"] {
            let res = api
                .client
                .post(format!(
                    "{}/api/v1/funder/organisations/{}/documents/{kind}/review",
                    api.base, o["id"]
                ))
                .bearer_auth(&agent)
                .json(&serde_json::json!({ "decision": "accept" }))
                .send()
                .await?;
            anyhow::ensure!(res.status().is_success(), "review {kind}: {}", res.status());
        }
        Ok(())
    }
}
