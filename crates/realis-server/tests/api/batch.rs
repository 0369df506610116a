//! Batches (issue #12, part 3): each item saved on its own and answered on its own.

use reqwest::Method;
use serde_json::{Value, json};

use crate::certification::{get_json, month_url};
use crate::dossiers::create_dossier;
use crate::helpers::{png, problem, spawn_app};

#[tokio::test]
async fn a_batch_saves_each_month_on_its_own_and_answers_each() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let a = create_dossier(&t, "B-1", None, "b1@realis.test").await;
    let b = create_dossier(&t, "B-2", None, "b2@realis.test").await;
    let c = create_dossier(&t, "B-3", None, "b3@realis.test").await;
    let va = get_json(&t, &of, &month_url(a, "2026-10", "")).await["version"].clone();
    let vb = get_json(&t, &of, &month_url(b, "2026-10", "")).await["version"].clone();
    let vc = get_json(&t, &of, &month_url(c, "2026-10", "")).await["version"].clone();
    let day = |h: u32| json!([{ "date": "2026-10-05", "training": h }]);
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/hours/batch",
            &of,
            &json!({ "items": [
                { "dossier_id": a, "period": "2026-10", "version": va, "days": day(7) },
                { "dossier_id": b, "period": "2026-10", "version": vb.as_i64().unwrap_or_default() + 5, "days": day(7) },
                { "dossier_id": 999_999, "period": "2026-10", "version": 1, "days": day(7) },
                { "dossier_id": c, "period": "2026-10", "version": vc, "days": day(30) },
                { "dossier_id": a, "period": "2026-10", "version": va, "days": day(6) },
            ] }),
        )
        .await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.expect("json");
    assert_eq!(v["succeeded"], 1, "{v}");
    assert_eq!(v["failed"], 4);
    let items = v["items"].as_array().expect("items");
    let statuses: Vec<i64> = items.iter().filter_map(|i| i["status"].as_i64()).collect();
    assert_eq!(statuses, [200, 409, 404, 422, 422]);
    assert_eq!(items[0]["month"]["status"], "draft");
    assert_eq!(items[0]["month"]["totals"]["training"], 7.0);
    assert_eq!(
        items[0]["month"]["version"].as_i64(),
        va.as_i64().map(|v| v + 1)
    );
    assert_eq!(items[1]["problem"]["code"], "conflict");
    assert_eq!(items[1]["problem"]["conflict"], "stale_version");
    assert_eq!(items[2]["problem"]["code"], "not_found");
    assert!(
        items[3]["problem"]["errors"][0]["field"]
            .as_str()
            .is_some_and(|f| f.starts_with("days[0]")),
        "{v}"
    );
    assert_eq!(items[4]["problem"]["errors"][0]["code"], "duplicate_item");
    assert_eq!(items[4]["index"], 4);
    // What was refused was not saved; what was saved reads back.
    let ma = get_json(&t, &of, &month_url(a, "2026-10", "")).await;
    assert_eq!(ma["totals"]["training"], 7.0);
    let mb = get_json(&t, &of, &month_url(b, "2026-10", "")).await;
    assert_eq!(mb["version"], vb);
    // Preparing in a batch: the saved month is frozen, the empty one refused on its own.
    t.put_bytes(
        "/api/v1/organisation/logo",
        &of,
        "image/png",
        crate::helpers::png(200, 80),
    )
    .await;
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/months/prepare/batch",
            &of,
            &json!({ "hours_certified": true, "items": [
                { "dossier_id": a, "period": "2026-10", "version": ma["version"] },
                { "dossier_id": b, "period": "2026-10", "version": mb["version"] },
            ] }),
        )
        .await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.expect("json");
    assert_eq!(v["items"][0]["status"], 200, "{v}");
    assert_eq!(v["items"][0]["month"]["status"], "awaiting_certification");
    assert!(
        v["items"][1]["status"].as_i64().is_some_and(|s| s >= 400),
        "{v}"
    );
    let ma = get_json(&t, &of, &month_url(a, "2026-10", "")).await;
    assert_eq!(ma["status"], "awaiting_certification");
}

#[tokio::test]
async fn a_batch_is_refused_whole_when_it_is_empty_too_big_or_not_the_ofs() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let post = |body: Value, token: String| {
        let t = &t;
        async move {
            t.send_json(Method::POST, "/api/v1/hours/batch", &token, &body)
                .await
        }
    };
    let p = problem(
        post(json!({ "items": [] }), of.clone()).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "required");
    let many: Vec<Value> = (0..501)
        .map(|_| json!({ "dossier_id": 1, "period": "2026-10", "version": 1, "totals": { "training": 1, "internship": 0, "absence": 0 } }))
        .collect();
    let p = problem(
        post(json!({ "items": many }), of.clone()).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "too_many_items");
    let p = problem(
        post(
            json!({ "items": [{ "dossier_id": 1, "period": "2026-13", "version": 1 }] }),
            of.clone(),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert!(p["errors"][0]["field"].is_string());
    let agent = t.token("agent@tp-idf.test").await;
    problem(
        post(
            json!({ "items": [{ "dossier_id": 1, "period": "2026-10", "version": 1 }] }),
            agent,
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/months/prepare/batch",
            &of,
            &json!({ "hours_certified": false, "items": [{ "dossier_id": 1, "period": "2026-10" }] }),
        )
        .await;
    let p = problem(res, 422, "validation_failed").await;
    assert_eq!(p["errors"][0]["field"], "hours_certified");
}

#[tokio::test]
async fn the_months_of_a_period_page_by_cursor_and_sync_by_time() {
    let t = spawn_app().await;
    let mut ids = Vec::new();
    for n in 0..3 {
        ids.push(create_dossier(&t, &format!("S-{n}"), None, &format!("s{n}@realis.test")).await);
    }
    // The walk begins a second after the data was written (the test clock stands still).
    t.app.clock.advance(chrono::Duration::seconds(1));
    let of = t.token("of@formapro.test").await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let synced_at;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/months?period=2026-10&limit=2&cursor={c}"),
            None => "/api/v1/months?period=2026-10&limit=2".to_owned(),
        };
        let page = get_json(&t, &of, &path).await;
        let items = page["items"].as_array().expect("items");
        assert!(items.len() <= 2);
        for i in items {
            assert_eq!(i["period"], "2026-10");
            seen.push(i["dossier_id"].as_i64().expect("id"));
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => {
                synced_at = page["synced_at"].as_str().expect("synced_at").to_owned();
                break;
            }
        }
    }
    for id in &ids {
        assert_eq!(seen.iter().filter(|s| *s == id).count(), 1, "{id} once");
    }
    // Another OF reads none of them.
    let (other_of, _) = crate::conversations::other_tenants(&t).await;
    let other = get_json(&t, &other_of, "/api/v1/months?limit=100").await;
    assert!(
        !other["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|i| ids.contains(&i["dossier_id"].as_i64().unwrap_or_default()))
    );
    // What changed since the walk: only the month written after it.
    t.app.clock.advance(chrono::Duration::seconds(1));
    let of = t.token("of@formapro.test").await;
    let m = get_json(&t, &of, &month_url(ids[1], "2026-10", "")).await;
    let res = t
        .send_json(
            Method::PUT,
            &month_url(ids[1], "2026-10", "/hours"),
            &of,
            &json!({ "version": m["version"], "days": [{ "date": "2026-10-05", "training": 7 }] }),
        )
        .await;
    assert_eq!(res.status(), 200);
    let since = synced_at.replace('+', "%2B");
    let changed = get_json(&t, &of, &format!("/api/v1/months?updated_since={since}")).await;
    let changed: Vec<(i64, String)> = changed["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["dossier_id"].as_i64().unwrap_or_default(),
                i["status"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(changed, [(ids[1], "draft".to_owned())]);
    problem(
        t.get_with("/api/v1/months?cursor=zzz", &of).await,
        422,
        "validation_failed",
    )
    .await;
    assert!(
        t.get_with("/api/v1/months?page=2", &of)
            .await
            .status()
            .is_client_error()
    );
    let admin = t.token("admin@realis.test").await;
    problem(t.get_with("/api/v1/months", &admin).await, 403, "forbidden").await;
}

#[tokio::test]
async fn the_dossier_list_walks_by_cursor_and_since_a_time() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let all = get_json(&t, &agent, "/api/v1/dossiers?per_page=100").await;
    let total = all["total"].as_u64().expect("total");
    let mut seen = Vec::new();
    let mut path = "/api/v1/dossiers?updated_since=2000-01-01T00:00:00Z&per_page=2".to_owned();
    loop {
        let page = get_json(&t, &agent, &path).await;
        assert_eq!(page["total"].as_u64(), Some(total));
        for d in page["items"].as_array().expect("items") {
            seen.push(d["id"].as_i64().expect("id"));
        }
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/dossiers?cursor={c}&per_page=2"),
            None => {
                assert!(page["synced_at"].is_string());
                break;
            }
        }
    }
    assert_eq!(seen.len() as u64, total);
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "by id: {seen:?}");
    // The paged list is unchanged and says nothing of cursors.
    assert!(all.get("next_cursor").is_none());
    let p = problem(
        t.get_with("/api/v1/dossiers?cursor=d1&q=dupont", &agent)
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "cursor_with_filters");
    problem(
        t.get_with("/api/v1/dossiers?cursor=x", &agent).await,
        422,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn a_batch_item_may_name_its_month_by_etag_as_if_match_does() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let a = create_dossier(&t, "B-E1", None, "be1@realis.test").await;
    let b = create_dossier(&t, "B-E2", None, "be2@realis.test").await;
    let c = create_dossier(&t, "B-E3", None, "be3@realis.test").await;
    let etag = |id: i64| {
        let t = &t;
        let of = &of;
        async move {
            let res = t.get_with(&month_url(id, "2026-10", ""), of).await;
            res.headers()
                .get("etag")
                .and_then(|v| v.to_str().ok())
                .expect("etag")
                .to_owned()
        }
    };
    let (ta, tb) = (etag(a).await, etag(b).await);
    let day = json!([{ "date": "2026-10-05", "training": 7 }]);
    // b's tag goes stale: its month is saved once by another hand.
    let vb = get_json(&t, &of, &month_url(b, "2026-10", "")).await["version"].clone();
    let res = t
        .send_json(
            Method::PUT,
            &month_url(b, "2026-10", "/hours"),
            &of,
            &json!({ "version": vb, "days": day }),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/hours/batch",
            &of,
            &json!({ "items": [
                { "dossier_id": a, "period": "2026-10", "if_match": ta, "days": day },
                { "dossier_id": b, "period": "2026-10", "if_match": tb, "days": day },
                { "dossier_id": c, "period": "2026-10", "days": day },
                { "dossier_id": c, "period": "2026-11", "if_match": "W/\"1-abc\"", "days": [] },
            ] }),
        )
        .await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.expect("json");
    let statuses: Vec<i64> = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["status"].as_i64())
        .collect();
    assert_eq!(statuses, [200, 412, 428, 412], "{v}");
    assert_eq!(v["items"][1]["problem"]["code"], "precondition_failed");
    assert_eq!(v["items"][2]["problem"]["code"], "precondition_required");
    // Preparing by ETag too: the tag of the month just saved (a logo first, as «prepare» asks).
    t.put_bytes("/api/v1/organisation/logo", &of, "image/png", png(200, 80))
        .await;
    let ta = etag(a).await;
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/months/prepare/batch",
            &of,
            &json!({ "hours_certified": true, "items": [
                { "dossier_id": a, "period": "2026-10", "if_match": ta },
            ] }),
        )
        .await;
    let v: Value = res.json().await.expect("json");
    assert_eq!(v["items"][0]["status"], 200, "{v}");
}

#[tokio::test]
async fn the_months_of_a_period_say_how_each_is_entered_and_its_training() {
    let t = spawn_app().await;
    let month = create_dossier(&t, "G-1", Some("month"), "g1@realis.test").await;
    let funders = create_dossier(&t, "G-2", None, "g2@realis.test").await;
    let half = create_dossier(&t, "G-3", Some("half_day"), "g3@realis.test").await;
    let of = t.token("of@formapro.test").await;
    let page = get_json(&t, &of, "/api/v1/months?period=2026-10&limit=100").await;
    let of_dossier = |id: i64| {
        page["items"]
            .as_array()
            .and_then(|items| items.iter().find(|i| i["dossier_id"] == id))
            .cloned()
            .unwrap_or_default()
    };
    // The dossier's own setting, else the funder's (the demo funder enters by day).
    for (id, granularity) in [(month, "month"), (funders, "day"), (half, "half_day")] {
        let item = of_dossier(id);
        assert_eq!(item["granularity"], granularity, "{item}");
        assert_eq!(item["training_title"], "BTS Diététique");
    }
}
