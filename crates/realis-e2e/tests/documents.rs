//! «Documents» in the browser (issue #11, part 3): the agent attaches a convention to a dossier
//! from its «Documents» tab and publishes a guide from the «Documents» page; the OF finds both in
//! «Documents» and in the dossier's tab, downloads them, filters, and downloads a month's
//! certificates as one ZIP (unzipped here); a 390 px phone; axe on every state.

use std::io::Read;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use realis_e2e::{Api, Harness, write_pdf};

/// `2026-01` → `2025-12`: the month before the session, which has no certificate.
fn month_before(period: &str) -> String {
    let (y, m) = period.split_once('-').unwrap_or(("2026", "01"));
    let (y, m): (i32, u32) = (y.parse().unwrap_or(2026), m.parse().unwrap_or(1));
    if m == 1 {
        format!("{:04}-12", y - 1)
    } else {
        format!("{y:04}-{:02}", m - 1)
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_agent_attaches_and_publishes_documents_and_the_of_downloads_them() -> anyhow::Result<()>
{
    let Some(h) = Harness::start("documents").await? else {
        return Ok(());
    };
    let api = Api::new(&h.base);
    let files = h.data_dir.join("files");
    std::fs::create_dir_all(&files)?;
    let scan = files.join("scan.pdf");
    write_pdf(&scan)?;
    let convention = files.join("convention-signée.pdf");
    write_pdf(&convention)?;
    let guide = files.join("guide.pdf");
    write_pdf(&guide)?;
    let of = api.token("of@formapro.test").await?;
    realis_e2e::write_png(&files.join("logo.png"), 200, 80, (29, 78, 137))?;
    let res = api
        .client
        .put(format!("{}/api/v1/organisation/logo", api.base))
        .bearer_auth(&of)
        .header("content-type", "image/png")
        .body(std::fs::read(files.join("logo.png"))?)
        .send()
        .await?;
    anyhow::ensure!(res.status().is_success(), "logo: {}", res.status());
    let list = api
        .call(&of, reqwest::Method::GET, "/dossiers?q=000101", None)
        .await?;
    let id = list["items"][0]["id"].as_i64().unwrap_or_default();
    let months = api
        .call(
            &of,
            reqwest::Method::GET,
            &format!("/dossiers/{id}/months"),
            None,
        )
        .await?;
    let period = months[0]["period"].as_str().unwrap_or_default().to_owned();
    api.certify_by_upload(&of, id, &period, &scan).await?;

    // The agent: the dossier's «Documents» tab lists the certificate and its scan; it attaches
    // the convention.
    h.login_demo("agent@tp-idf.test").await?;
    h.open_dossier("2026-IDF-000101").await?;
    h.click("tab-documents").await?;
    h.text_contains("documents-table", "Certificat de réalisation")
        .await?;
    h.text_contains("documents-table", "Certificat signé")
        .await?;
    h.fill("field-title", "Convention de formation 2026")
        .await?;
    h.upload(
        "document-file",
        &convention,
        "document-file-chosen",
        "convention-signée.pdf",
    )
    .await?;
    h.click("document-submit").await?;
    h.text_contains("document-status", "est joint au dossier")
        .await?;
    h.text_contains("documents-table", "Convention de formation 2026")
        .await?;
    h.text_contains("documents-table", "Transmis par la Transitions Pro")
        .await?;
    h.screenshot("90-agent-dossier-documents").await?;
    h.axe_clean("agent dossier documents").await?;

    // The agent's «Documents» page: it publishes a guide to all its OFs.
    h.client
        .find(Locator::LinkText("Documents"))
        .await?
        .click()
        .await?;
    h.testid("publish-document").await?;
    h.text_contains("no-published", "Aucun document publié")
        .await?;
    h.fill("field-title", "Guide de la certification").await?;
    h.upload("document-file", &guide, "document-file-chosen", "guide.pdf")
        .await?;
    h.click("document-submit").await?;
    h.text_contains("document-status", "est publié").await?;
    h.text_contains("published-table", "Guide de la certification")
        .await?;
    h.screenshot("91-agent-documents-page").await?;
    h.axe_clean("agent «Documents»").await?;
    h.logout().await?;

    // The OF: «Documents» closes its menu; it lists the dossier's documents and the guide.
    h.login_demo("of@formapro.test").await?;
    let menu = h.testid("menu").await?.text().await?;
    assert!(menu.trim_end().ends_with("Documents"), "{menu}");
    h.client
        .find(Locator::LinkText("Documents"))
        .await?
        .click()
        .await?;
    h.text_contains("documents-table", "Convention de formation 2026")
        .await?;
    h.text_contains("documents-table", "Certificat de réalisation")
        .await?;
    h.text_contains("published-table", "Guide de la certification")
        .await?;
    h.screenshot("92-of-documents-page").await?;
    h.axe_clean("OF «Documents»").await?;
    let pdf = h.saved_by(h.click("published-download")).await?;
    assert!(pdf.starts_with(b"%PDF-"), "the guide downloads");

    // Filters: the conventions only.
    h.choose("filter-kind", "convention").await?;
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let rows = h
            .client
            .find_all(Locator::Css("[data-testid=document-row]"))
            .await?;
        let text = h
            .testid("documents-table")
            .await?
            .text()
            .await
            .unwrap_or_default();
        if rows.len() == 1 && text.contains("Convention de formation 2026") {
            break;
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "the filter left {} rows",
            rows.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        h.client
            .current_url()
            .await?
            .query()
            .unwrap_or_default()
            .contains("type=convention")
    );
    let pdf = h.saved_by(h.click("document-download")).await?;
    assert!(pdf.starts_with(b"%PDF-"), "the convention downloads");

    // «Télécharger les certificats» of the certified month: one ZIP, the dossier's PDF inside.
    h.scroll_to("certificates-zip").await?;
    h.choose("zip-period", &period).await?;
    let zip = h.saved_by(h.click("zip-download")).await?;
    h.text_contains("zip-status", "sont téléchargés").await?;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip))?;
    assert_eq!(archive.len(), 1);
    let mut entry = archive.by_index(0)?;
    assert_eq!(entry.name()?, format!("2026-IDF-000101_{period}.pdf"));
    let mut inside = Vec::new();
    entry.read_to_end(&mut inside)?;
    assert!(inside.starts_with(b"%PDF-"));
    drop(entry);
    h.screenshot("93-of-documents-zip").await?;
    // A month without certificates says so.
    let empty = month_before(&period);
    h.choose("zip-period", &empty).await?;
    h.click("zip-download").await?;
    h.text_contains("zip-status", "Aucun certificat de réalisation en vigueur")
        .await?;
    h.axe_clean("OF «Documents», no certificate that month")
        .await?;

    // The dossier's tab shows the same documents to the OF, without «Supprimer».
    h.open_dossier("2026-IDF-000101").await?;
    h.click("tab-documents").await?;
    h.text_contains("documents-table", "Convention de formation 2026")
        .await?;
    assert!(
        h.client
            .find_all(Locator::Css("[data-testid=document-delete]"))
            .await?
            .is_empty()
    );
    h.axe_clean("OF dossier documents").await?;

    // A phone: nothing wider than the screen.
    h.goto("/documents").await?;
    h.text_contains("published-table", "Guide de la certification")
        .await?;
    h.client.set_window_size(390, 844).await?;
    h.screenshot("94-of-documents-phone").await?;
    let wide: bool = h
        .client
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth + 1",
            vec![],
        )
        .await?
        .as_bool()
        .unwrap_or(true);
    assert!(!wide, "«Documents» fits a 390 px phone");
    h.axe_clean("OF «Documents», phone").await?;
    h.logout().await?;
    h.close().await
}
