//! «Saisie du mois»: every month of one period across the OF's dossiers, and the batches that
//! save and prepare many of them in one request.

use gloo_net::http::Request;
use realis_api_types::{
    BATCH_MAX, BatchItemResult, BatchResult, Dashboard, HoursBatchItem, HoursBatchRequest,
    MonthListItem, MonthListPage, PrepareBatchItem, PrepareBatchRequest,
};
use realis_domain::Period;

use super::{get, send, url};
use crate::errors::UiError;

/// Every month of `period` of the reader's dossiers: all the pages of `GET /months` (50 a page,
/// its default).
pub async fn months_of_period(period: Period) -> Result<Vec<MonthListItem>, UiError> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!("/months?period={period}&limit=50");
        if let Some(c) = &cursor {
            let c: String = js_sys::encode_uri_component(c).into();
            path.push_str(&format!("&cursor={c}"));
        }
        let page: MonthListPage = get(&path).await?;
        out.extend(page.items);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return Ok(out),
        }
    }
}

/// The latest period with a month awaiting the OF (entry or certification): the last item of
/// the dashboard, which lists them oldest period first. `None` when nothing awaits.
pub async fn latest_pending_period() -> Result<Option<Period>, UiError> {
    let first: Dashboard = get("/dashboard?page=1&per_page=1").await?;
    if first.total <= 1 {
        return Ok(first.items.first().map(|i| i.period));
    }
    let last: Dashboard = get(&format!("/dashboard?page={}&per_page=1", first.total)).await?;
    Ok(last.items.first().map(|i| i.period))
}

/// What a run of batches answered: each item's result, and the error that stopped a later
/// batch (the items of the batches before it were answered).
pub struct BatchAnswers {
    pub items: Vec<BatchItemResult>,
    pub error: Option<UiError>,
}

async fn in_batches<I: Clone, B: serde::Serialize>(
    path: &str,
    items: &[I],
    body: impl Fn(Vec<I>) -> B,
) -> BatchAnswers {
    let mut out = BatchAnswers {
        items: Vec::with_capacity(items.len()),
        error: None,
    };
    for chunk in items.chunks(BATCH_MAX) {
        match send::<_, BatchResult>(Request::post(&url(path)), &body(chunk.to_vec())).await {
            Ok(r) => out.items.extend(r.items),
            Err(e) => {
                out.error = Some(e);
                break;
            }
        }
    }
    out
}

/// «Enregistrer»: the hours of every changed month (`POST /hours/batch`, 500 a request).
pub async fn save_hours_batch(items: Vec<HoursBatchItem>) -> BatchAnswers {
    in_batches("/hours/batch", &items, |items| HoursBatchRequest { items }).await
}

/// «Je certifie la saisie des heures» for the months reviewed (`POST /months/prepare/batch`).
pub async fn prepare_batch(items: Vec<PrepareBatchItem>) -> BatchAnswers {
    in_batches("/months/prepare/batch", &items, |items| {
        PrepareBatchRequest {
            hours_certified: true,
            items,
        }
    })
    .await
}
