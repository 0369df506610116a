//! ETags and preconditions (issue #12, part 2): the month, dossier and organisation reads carry
//! an `ETag` that `If-None-Match` turns into a 304; the writes that take a `version` take
//! `If-Match` instead (stale: 412; none on the hours save: 428); a retried write replays its
//! `ETag`.

use reqwest::Method;
use serde_json::{Value, json};

use crate::dossiers::create_dossier;
use crate::helpers::{TestApp, problem, spawn_app};

fn etag(res: &reqwest::Response) -> String {
    res.headers()
        .get("etag")
        .expect("etag")
        .to_str()
        .expect("ascii")
        .to_owned()
}

async fn get_if_none_match(t: &TestApp, token: &str, path: &str, tag: &str) -> reqwest::Response {
    t.client
        .get(t.url(path))
        .bearer_auth(token)
        .header("if-none-match", tag)
        .send()
        .await
        .expect("request")
}

async fn send_if_match(
    t: &TestApp,
    method: Method,
    token: &str,
    path: &str,
    tag: Option<&str>,
    body: &Value,
) -> reqwest::Response {
    let mut req = t
        .client
        .request(method, t.url(path))
        .bearer_auth(token)
        .json(body);
    if let Some(tag) = tag {
        req = req.header("if-match", tag);
    }
    req.send().await.expect("request")
}

/// The read's ETag, checked against its body's version, then 304 for it (also weak) and 200
/// for another.
async fn revalidates(t: &TestApp, token: &str, path: &str, version: bool) -> String {
    let res = t.get_with(path, token).await;
    assert_eq!(res.status(), 200, "GET {path}");
    let tag = etag(&res);
    let body: Value = res.json().await.expect("json");
    let inner = tag.trim_matches('"');
    match (version, inner.split_once('-')) {
        (true, Some((v, hash))) => {
            assert_eq!(v, body["version"].to_string(), "{path}");
            assert_eq!(hash.len(), 16);
        }
        (false, None) => assert_eq!(inner.len(), 16),
        _ => panic!("{path}: {tag}"),
    }
    let res = get_if_none_match(t, token, path, &tag).await;
    assert_eq!(res.status(), 304, "{path}");
    assert_eq!(etag(&res), tag);
    assert!(res.bytes().await.expect("body").is_empty());
    let weak = format!("\"other\", W/{tag}");
    assert_eq!(get_if_none_match(t, token, path, &weak).await.status(), 304);
    let res = get_if_none_match(t, token, path, "\"1-0000000000000000\"").await;
    assert_eq!(res.status(), 200);
    tag
}

#[tokio::test]
async fn the_month_dossier_and_organisation_reads_revalidate_with_their_etag() {
    let t = spawn_app().await;
    let id = create_dossier(&t, "D-ETAG", None, "d-etag@realis.test").await;
    let of = t.token("of@formapro.test").await;
    let agent = t.token("agent@tp-idf.test").await;
    let month = format!("/api/v1/dossiers/{id}/months/2026-10");
    revalidates(&t, &of, &month, true).await;
    revalidates(&t, &of, &format!("/api/v1/dossiers/{id}"), false).await;
    let org_tag = revalidates(&t, &of, "/api/v1/organisation", true).await;
    let org: Value = t
        .get_with("/api/v1/organisation", &of)
        .await
        .json()
        .await
        .expect("json");
    let funder_path = format!("/api/v1/funder/organisations/{}", org["id"]);
    let agent_tag = revalidates(&t, &agent, &funder_path, true).await;
    // The same organisation at the same version, but not the same representation (readiness is
    // the reader's): the hash tells them apart, the version does not.
    assert_eq!(org_tag.split('-').next(), agent_tag.split('-').next());
    // A change gives a new ETag, and the old one no longer matches.
    let res = t.get_with(&month, &of).await;
    let before = etag(&res);
    let body = json!({ "days": [{ "date": "2026-10-05", "training": 7 }] });
    let saved = send_if_match(
        &t,
        Method::PUT,
        &of,
        &format!("{month}/hours"),
        Some(&before),
        &body,
    )
    .await;
    assert_eq!(saved.status(), 200);
    let after = etag(&saved);
    assert_ne!(after, before);
    assert_eq!(
        get_if_none_match(&t, &of, &month, &before).await.status(),
        200
    );
    assert_eq!(
        get_if_none_match(&t, &of, &month, &after).await.status(),
        304
    );
}

#[tokio::test]
async fn if_match_stands_for_the_version_of_the_hours_save() {
    let t = spawn_app().await;
    let id = create_dossier(&t, "D-IFM", None, "d-ifm@realis.test").await;
    let of = t.token("of@formapro.test").await;
    let month = format!("/api/v1/dossiers/{id}/months/2026-10");
    let hours = format!("{month}/hours");
    let res = t.get_with(&month, &of).await;
    let fresh = etag(&res);
    let m: Value = res.json().await.expect("json");
    let v = m["version"].as_i64().expect("version");
    let days = json!({ "days": [{ "date": "2026-10-05", "training": 7 }] });
    // Neither If-Match nor version: 428.
    problem(
        send_if_match(&t, Method::PUT, &of, &hours, None, &days).await,
        428,
        "precondition_required",
    )
    .await;
    // If-Match and a body version that disagree: 412.
    let both = json!({ "version": v + 1, "days": [{ "date": "2026-10-05", "training": 7 }] });
    problem(
        send_if_match(&t, Method::PUT, &of, &hours, Some(&fresh), &both).await,
        412,
        "precondition_failed",
    )
    .await;
    // Something that is not one of our ETags: 412.
    problem(
        send_if_match(&t, Method::PUT, &of, &hours, Some("\"abc\""), &days).await,
        412,
        "precondition_failed",
    )
    .await;
    // Fresh: saved, with the new ETag.
    let res = send_if_match(&t, Method::PUT, &of, &hours, Some(&fresh), &days).await;
    assert_eq!(res.status(), 200);
    let next = etag(&res);
    let saved: Value = res.json().await.expect("json");
    assert_eq!(saved["version"], v + 1);
    assert!(next.starts_with(&format!("\"{}-", v + 1)));
    // The same ETag again is stale: 412, nothing saved.
    let more = json!({ "days": [{ "date": "2026-10-05", "training": 3 }] });
    problem(
        send_if_match(&t, Method::PUT, &of, &hours, Some(&fresh), &more).await,
        412,
        "precondition_failed",
    )
    .await;
    // A stale body version stays 409 stale_version.
    let stale = json!({ "version": v, "days": [{ "date": "2026-10-05", "training": 3 }] });
    let p = problem(
        send_if_match(&t, Method::PUT, &of, &hours, None, &stale).await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(p["conflict"], "stale_version");
    let m: Value = t.get_with(&month, &of).await.json().await.expect("json");
    assert_eq!(m["version"], v + 1);
    // «Prepare» takes If-Match too: a stale one is 412.
    let prepare = format!("{month}/prepare");
    problem(
        send_if_match(
            &t,
            Method::POST,
            &of,
            &prepare,
            Some(&fresh),
            &json!({ "hours_certified": true }),
        )
        .await,
        412,
        "precondition_failed",
    )
    .await;
    // The same body version and If-Match: saved.
    let agreed = json!({ "version": v + 1, "days": [{ "date": "2026-10-05", "training": 3 }] });
    let res = send_if_match(&t, Method::PUT, &of, &hours, Some(&next), &agreed).await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn if_match_guards_the_organisation_identity() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let agent = t.token("agent@tp-idf.test").await;
    let res = t.get_with("/api/v1/organisation", &of).await;
    let fresh = etag(&res);
    let org: Value = res.json().await.expect("json");
    let mut identity = json!({
        "name": org["name"], "email": org["email"], "city": "Lyon",
        "legal_representative": "Jean Lefèvre"
    });
    let res = send_if_match(
        &t,
        Method::PUT,
        &of,
        "/api/v1/organisation",
        Some(&fresh),
        &identity,
    )
    .await;
    assert_eq!(res.status(), 200);
    let next = etag(&res);
    let saved: Value = res.json().await.expect("json");
    assert_eq!(saved["version"], org["version"].as_i64().expect("v") + 1);
    identity["city"] = json!("Nantes");
    problem(
        send_if_match(
            &t,
            Method::PUT,
            &of,
            "/api/v1/organisation",
            Some(&fresh),
            &identity,
        )
        .await,
        412,
        "precondition_failed",
    )
    .await;
    // A stale body version: 409; without either, the save overwrites as before.
    identity["version"] = org["version"].clone();
    let p = problem(
        send_if_match(
            &t,
            Method::PUT,
            &of,
            "/api/v1/organisation",
            None,
            &identity,
        )
        .await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(p["conflict"], "stale_version");
    let o: Value = t
        .get_with("/api/v1/organisation", &of)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(o["city"], "Lyon");
    // The agent's correction: the OF's ETag is stale once the OF saved again.
    let path = format!("/api/v1/funder/organisations/{}", org["id"]);
    let correction = json!({
        "name": org["name"], "siret": org["siret"], "email": org["email"], "city": "Lille"
    });
    problem(
        send_if_match(&t, Method::PUT, &agent, &path, Some(&fresh), &correction).await,
        412,
        "precondition_failed",
    )
    .await;
    let res = send_if_match(&t, Method::PUT, &agent, &path, Some(&next), &correction).await;
    assert_eq!(res.status(), 200);
    assert!(etag(&res).starts_with(&format!("\"{}-", saved["version"].as_i64().expect("v") + 1)));
}

#[tokio::test]
async fn a_retried_hours_save_replays_its_etag() {
    let t = spawn_app().await;
    let id = create_dossier(&t, "D-REP", None, "d-rep@realis.test").await;
    let of = t.token("of@formapro.test").await;
    let month = format!("/api/v1/dossiers/{id}/months/2026-10");
    let fresh = etag(&t.get_with(&month, &of).await);
    let days = json!({ "days": [{ "date": "2026-10-05", "training": 7 }] });
    let send = || {
        t.client
            .put(t.url(&format!("{month}/hours")))
            .bearer_auth(&of)
            .header("if-match", &fresh)
            .header("idempotency-key", "save-1")
            .json(&days)
            .send()
    };
    let first = send().await.expect("request");
    assert_eq!(first.status(), 200);
    let tag = etag(&first);
    let body = first.text().await.expect("body");
    // The retry is not stale: it is the same request, answered as the first time.
    let retry = send().await.expect("request");
    assert_eq!(retry.status(), 200);
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    assert_eq!(etag(&retry), tag);
    assert_eq!(retry.text().await.expect("body"), body);
    let m: Value = t.get_with(&month, &of).await.json().await.expect("json");
    assert_eq!(
        m["version"].as_i64(),
        fresh
            .trim_matches('"')
            .split('-')
            .next()
            .and_then(|v| v.parse::<i64>().ok())
            .map(|v| v + 1)
    );
}
