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

    /// `POST /auth/login`, answered as it comes.
    pub async fn login(&self, login: &str, password: &str) -> anyhow::Result<reqwest::Response> {
        Ok(self
            .client
            .post(format!("{}/api/v1/auth/login", self.base))
            .json(&serde_json::json!({ "login": login, "password": password }))
            .send()
            .await?)
    }

    /// The id of the OF's dossier `number` and its opened periods, oldest first.
    pub async fn dossier(&self, of: &str, number: &str) -> anyhow::Result<(i64, Vec<String>)> {
        use reqwest::Method;
        let list = self
            .call(of, Method::GET, &format!("/dossiers?q={number}"), None)
            .await?;
        let id = list["items"]
            .as_array()
            .and_then(|a| a.iter().find(|d| d["number"] == number))
            .and_then(|d| d["id"].as_i64())
            .ok_or_else(|| anyhow::anyhow!("no dossier {number}"))?;
        let months = self
            .call(of, Method::GET, &format!("/dossiers/{id}/months"), None)
            .await?;
        Ok((id, opened_periods(&months)))
    }

    /// A bearer token for a demo account.
    pub async fn token(&self, login: &str) -> anyhow::Result<String> {
        let res: serde_json::Value = self.login(login, "realis-demo-2026").await?.json().await?;
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

    /// The OF enters 7 h of training on the 15th (per half-day when the month is entered so).
    pub async fn enter_hours(&self, of: &str, id: i64, period: &str) -> anyhow::Result<()> {
        use reqwest::Method;
        let base = format!("/dossiers/{id}/months/{period}");
        let m = self.call(of, Method::GET, &base, None).await?;
        let date = format!("{period}-15");
        let day = if m["granularity"] == "half_day" {
            serde_json::json!({ "date": date, "training_am": 3.5, "training_pm": 3.5 })
        } else {
            serde_json::json!({ "date": date, "training": 7 })
        };
        let hours = serde_json::json!({ "version": m["version"], "days": [day] });
        self.call(of, Method::PUT, &format!("{base}/hours"), Some(hours))
            .await?;
        Ok(())
    }

    /// [`Api::enter_hours`], then the OF freezes the month («Je certifie la saisie des
    /// heures»); an error when the month is not over yet.
    pub async fn prepare_month(&self, of: &str, id: i64, period: &str) -> anyhow::Result<()> {
        use reqwest::Method;
        let base = format!("/dossiers/{id}/months/{period}");
        self.enter_hours(of, id, period).await?;
        self.call(
            of,
            Method::POST,
            &format!("{base}/prepare"),
            Some(serde_json::json!({ "hours_certified": true })),
        )
        .await?;
        Ok(())
    }

    /// Certifies a prepared month by upload: the signed scan `scan`, then «Certifier».
    pub async fn certify_prepared(
        &self,
        of: &str,
        id: i64,
        period: &str,
        scan: &Path,
    ) -> anyhow::Result<()> {
        let base = format!("/dossiers/{id}/months/{period}");
        let res = self
            .client
            .put(format!("{}/api/v1{base}/signed-certificate", self.base))
            .bearer_auth(of)
            .body(std::fs::read(scan)?)
            .send()
            .await?;
        anyhow::ensure!(res.status().is_success(), "scan: {}", res.status());
        self.call(
            of,
            reqwest::Method::POST,
            &format!("{base}/certify"),
            Some(serde_json::json!({ "mode": "upload" })),
        )
        .await?;
        Ok(())
    }

    /// Enters, prepares and certifies by upload ([`Api::prepare_month`], [`Api::certify_prepared`]).
    pub async fn certify_by_upload(
        &self,
        of: &str,
        id: i64,
        period: &str,
        scan: &Path,
    ) -> anyhow::Result<()> {
        self.prepare_month(of, id, period).await?;
        self.certify_prepared(of, id, period, scan).await
    }
}

/// The periods of a dossier's months (`GET /dossiers/{id}/months`) that are open, oldest first.
pub fn opened_periods(months: &serde_json::Value) -> Vec<String> {
    months
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|m| m["status"] != "not_open")
                .filter_map(|m| m["period"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Checks that an answer is the problem `code` with `status`.
pub async fn expect_problem(res: reqwest::Response, status: u16, code: &str) -> anyhow::Result<()> {
    let got = res.status().as_u16();
    let body: serde_json::Value = res.json().await.unwrap_or_default();
    anyhow::ensure!(
        got == status && body["code"] == code,
        "expected {status} {code}, got {got} {body}"
    );
    Ok(())
}
