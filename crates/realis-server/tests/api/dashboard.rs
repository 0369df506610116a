//! «Tableau de bord» (issue #8 item 9): the months section is paged like the other lists and
//! `pending_count` is the sum of what the three sections hold.

use serde_json::Value;

use crate::dossiers::create_dossier;
use crate::helpers::{TestApp, pdf, spawn_app};

async fn dashboard(t: &TestApp, token: &str, query: &str) -> Value {
    let res = t
        .get_with(&format!("/api/v1/dashboard{query}"), token)
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.expect("json")
}

fn keys(d: &Value) -> Vec<(String, String)> {
    d["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["period"].as_str().unwrap_or_default().to_owned(),
                i["dossier_number"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_dashboard_pages_its_months_and_the_pages_add_up_to_the_count() {
    let t = spawn_app().await;
    for (n, number) in ["2026-IDF-000300", "2026-IDF-000301"].iter().enumerate() {
        create_dossier(&t, number, None, &format!("page{n}@realis.test")).await;
    }
    let of = t.token("of@formapro.test").await;
    let first = dashboard(&t, &of, "").await;
    let total = first["total"].as_u64().expect("total");
    // The demo's nine months and three more for each new dossier (September to November).
    assert_eq!(total, 9 + 2 * 3, "{first}");
    assert_eq!(
        first["pending_count"], total,
        "an OF has only months to act on"
    );
    assert_eq!(
        (first["page"].as_u64(), first["per_page"].as_u64()),
        (Some(1), Some(20))
    );
    assert_eq!(
        keys(&first).len() as u64,
        total,
        "one page of 20 holds them all"
    );

    let mut seen = Vec::new();
    for page in 1..=4 {
        let d = dashboard(&t, &of, &format!("?page={page}&per_page=4")).await;
        assert_eq!(d["total"], total, "page {page}");
        assert_eq!(d["pending_count"], total, "page {page}");
        assert_eq!(
            (d["page"].as_u64(), d["per_page"].as_u64()),
            (Some(page), Some(4))
        );
        let rows = keys(&d);
        assert_eq!(
            rows.len(),
            [4, 4, 4, 3][page as usize - 1],
            "page {page}: {d}"
        );
        seen.extend(rows);
    }
    // Page 2 continues page 1: together the pages are the whole list, in order, once each.
    assert_eq!(seen, keys(&first));
    let mut unique = seen.clone();
    unique.dedup();
    assert_eq!(unique.len(), seen.len());
    let beyond = dashboard(&t, &of, "?page=5&per_page=4").await;
    assert_eq!(keys(&beyond).len(), 0);
    assert_eq!(beyond["pending_count"], total);
}

#[tokio::test]
async fn an_agents_pending_count_is_the_months_plus_the_documents_and_designations_shown() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let res = t
        .put_bytes(
            "/api/v1/organisation/documents/kbis",
            &of,
            "application/pdf",
            pdf(),
        )
        .await;
    assert_eq!(res.status(), 200);
    let agent = t.token("agent@tp-idf.test").await;
    for query in ["", "?page=2&per_page=1"] {
        let d = dashboard(&t, &agent, query).await;
        let documents = d["documents"].as_array().map_or(0, Vec::len) as u64;
        let certifiers = d["certifiers"].as_array().map_or(0, Vec::len) as u64;
        assert_eq!(documents, 1, "{d}");
        assert_eq!(
            d["pending_count"].as_u64(),
            Some(d["total"].as_u64().expect("total") + documents + certifiers),
            "{d}"
        );
    }
}
