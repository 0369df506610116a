//! Issue #13 in the browser: a large OF certifies 50 months of one period at once, online, with
//! one code read from the received e-mail (real SMTP); every beneficiary is asked to validate and
//! every certificate verifies on `/verify/{code}`. Prints the clicks and seconds of the round.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use realis_e2e::{Api, Harness, write_pdf, write_png, write_stamp_png};
use realis_mail::testing::SmtpSink;
use reqwest::Method;
use serde_json::json;

const MONTHS: usize = 50;
const PERIOD: &str = "2026-11";

/// `MONTHS` dossiers of the demo OF, each with November entered and prepared («Je certifie la
/// saisie des heures»), through the API (the «Saisie du mois» test covers those screens).
async fn seed(api: &Api) -> anyhow::Result<()> {
    let agent = api.token("agent@tp-idf.test").await?;
    let of = api.token("of@formapro.test").await?;
    let me = api.call(&of, Method::GET, "/me", None).await?;
    for n in 0..MONTHS {
        let d = api
            .call(&agent, Method::POST, "/funder/dossiers", Some(json!({
                "number": format!("2026-IDF-{:06}", 800 + n),
                "organisation_id": me["organisation_id"],
                "beneficiary": { "first_name": "Łukasz", "last_name": format!("Żółć{n}"), "email": format!("lukasz{n}@realis.test") },
                "employer": { "name": "Pharmaplus", "email": "rh@pharmaplus.test" },
                "training_title": "Conseiller en insertion",
                "session_start": "2026-09-01",
                "session_end": "2027-06-30",
            })))
            .await?;
        let id = d["id"].as_i64().unwrap_or_default();
        let month = format!("/dossiers/{id}/months/{PERIOD}");
        let m = api.call(&of, Method::GET, &month, None).await?;
        api.call(
            &of,
            Method::PUT,
            &format!("{month}/hours"),
            Some(json!({ "version": m["version"], "days": [
            { "date": format!("{PERIOD}-16"), "training": 7 },
            { "date": format!("{PERIOD}-17"), "training": 3.5, "internship": 3.5 },
        ] })),
        )
        .await?;
        api.call(
            &of,
            Method::POST,
            &format!("{month}/prepare"),
            Some(json!({ "hours_certified": true })),
        )
        .await?;
    }
    Ok(())
}

fn code_from(sink: &SmtpSink) -> anyhow::Result<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let code = sink
            .messages()
            .into_iter()
            .rev()
            .find(|m| m.subject.contains("Code de vérification"))
            .and_then(|m| {
                let needle = "Code de vérification\u{a0}: ";
                m.text.find(needle).map(|i| {
                    m.text[i + needle.len()..]
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect::<String>()
                })
            });
        if let Some(code) = code {
            return Ok(code);
        }
        anyhow::ensure!(Instant::now() < deadline, "no code e-mail arrived");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[tokio::test]
async fn the_of_certifies_fifty_months_online_with_one_code() -> anyhow::Result<()> {
    let sink = SmtpSink::start().map_err(anyhow::Error::msg)?;
    let Some(h) =
        Harness::start_with("bulk-certification", &[("REALIS_SMTP_URL", sink.url())]).await?
    else {
        return Ok(());
    };
    let api = Api::new(&h.base);
    let files: PathBuf = h.data_dir.join("files");
    std::fs::create_dir_all(&files)?;
    write_png(&files.join("logo.png"), 360, 120, (29, 78, 137))?;
    write_stamp_png(&files.join("cachet.png"), 160, (180, 30, 30))?;
    write_pdf(&files.join("kbis.pdf"))?;
    api.make_online_ready(&files).await?;
    seed(&api).await?;

    h.login_demo("of@formapro.test").await?;
    let started = Instant::now();
    let mut clicks = 0;
    h.goto(&format!("/saisie-du-mois?periode={PERIOD}")).await?;
    h.text_contains("saisie-table", "2026-IDF-000849").await?;
    h.testid("select-all").await?.click().await?;
    clicks += 1;
    // The demo's own dossiers have a November too, not prepared: the batch leaves them out.
    h.text_contains("saisie-selected", "mois sélectionnés")
        .await?;
    h.click_until(
        "saisie-certify",
        "batch-summary",
        &format!("{MONTHS} mois à certifier"),
    )
    .await?;
    clicks += 1;
    h.screenshot("90-batch-review").await?;
    h.axe_clean("certifier la sélection: the list of months")
        .await?;
    h.testid("batch-online").await?.click().await?;
    h.testid("batch-ip").await?.click().await?;
    h.click_until(
        "batch-send-code",
        "batch-code-sent",
        "Il est valable jusqu'au",
    )
    .await?;
    clicks += 3;
    let code = code_from(&sink)?;
    h.testid("batch-code").await?.send_keys(&code).await?;
    h.axe_clean("certifier la sélection: the code entry")
        .await?;
    h.screenshot("91-batch-code").await?;
    h.testid("batch-verify").await?.click().await?;
    clicks += 1;
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let done = h.testid("batch-summary").await?.text().await?;
        if done.contains(&format!("{MONTHS} mois certifiés")) {
            break;
        }
        if let Ok(e) = h
            .client
            .find(Locator::Css("[data-testid=batch-error]"))
            .await
        {
            anyhow::bail!("the batch was refused: {}", e.text().await?);
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "the batch was not certified: {done}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{MONTHS} months certified online in the browser: {clicks} clicks, one code typed, {seconds:.1} s from opening «Saisie du mois»"
    );
    h.screenshot("92-batch-certified").await?;
    h.axe_clean("certifier la sélection: certified").await?;

    let links = h
        .client
        .find_all(Locator::Css("[data-testid=batch-verification]"))
        .await?;
    assert_eq!(links.len(), MONTHS);
    // Every code shown is its month's certificate; the public check is limited to 30 a minute
    // per address, so it confirms the first 25 (the API tests confirm each of a batch).
    let codes: Vec<String> = {
        let mut v = Vec::new();
        for link in &links {
            v.push(link.text().await?);
        }
        v
    };
    let of = api.token("of@formapro.test").await?;
    let page = api
        .call(
            &of,
            Method::GET,
            &format!("/months?period={PERIOD}&limit=100"),
            None,
        )
        .await?;
    let mut certified = 0;
    for m in page["items"].as_array().into_iter().flatten() {
        let month = api
            .call(
                &of,
                Method::GET,
                &format!("/dossiers/{}/months/{PERIOD}", m["dossier_id"]),
                None,
            )
            .await?;
        if let Some(vc) = month["certificate"]["verification_code"].as_str() {
            assert!(codes.iter().any(|c| c == vc), "{vc} not shown");
            certified += 1;
        }
    }
    assert_eq!(certified, MONTHS);
    let anon = reqwest::Client::new();
    for vc in codes.iter().take(25) {
        let res = anon
            .get(format!("{}/api/v1/verify/{vc}", h.base))
            .send()
            .await?;
        assert_eq!(res.status(), 200, "{vc}");
    }
    h.goto(&format!("/verify/{}", codes[0])).await?;
    h.screenshot("93-batch-verify-one").await?;
    // Each beneficiary is asked to validate; the certifier gets one summary.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let mails = sink.messages();
        let asked: std::collections::BTreeSet<String> = mails
            .iter()
            .filter(|m| m.subject.contains("à valider") && m.to.starts_with("lukasz"))
            .map(|m| m.to.clone())
            .collect();
        let summaries = mails
            .iter()
            .filter(|m| m.subject.contains("Certification effectuée"))
            .count();
        if asked.len() == MONTHS && summaries == 1 {
            break;
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "{} beneficiaries e-mailed, {summaries} summaries",
            asked.len()
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    h.close().await
}
