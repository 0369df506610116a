//! «Mes échanges» (issue #11, part 2): an OF and its Transitions Pro exchange messages with
//! attachments; each side is e-mailed (never the message); unread counts move; a contest's
//! comment and a document's refusal land in the OF's threads; other tenants get 404.

use reqwest::Method;
use serde_json::{Value, json};

use crate::certification::{get_json, month_url, post, prepared_month};
use crate::dossiers::create_dossier;
use crate::helpers::{TestApp, pdf, png, problem, spawn_app};

async fn unread(t: &TestApp, token: &str) -> u64 {
    get_json(t, token, "/api/v1/me").await["unread_conversations"]
        .as_u64()
        .expect("unread_conversations")
}

async fn attach(
    t: &TestApp,
    token: &str,
    href: &str,
    ct: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    t.client
        .post(t.url(href))
        .bearer_auth(token)
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .expect("request")
}

/// Another OF of the same funder and an agent of another funder, signed in.
pub async fn other_tenants(t: &TestApp) -> (String, String) {
    let agent = t.token("agent@tp-idf.test").await;
    t.send_json(Method::POST, "/api/v1/funder/organisations", &agent, &json!({ "name": "Autre OF", "siret": "35600000049837", "email": "autre@of.test", "user": { "email": "user@autre-of.test", "display_name": "Autre" } })).await;
    let other_of = crate::admin::activate(t, "user@autre-of.test").await;
    let admin = t.token("admin@realis.test").await;
    t.send_json(Method::POST, "/api/v1/admin/funders", &admin, &json!({ "name": "TP Bretagne", "region": "Bretagne", "agent": { "email": "agent@bzh.test", "display_name": "Agent" } })).await;
    let other_agent = crate::admin::activate(t, "agent@bzh.test").await;
    (other_of, other_agent)
}

/// The OF starts a thread about a month of a new dossier; returns (thread id, first message id).
pub async fn started_thread(t: &TestApp, of: &str) -> (i64, i64, i64) {
    let id = create_dossier(t, "D-MSG", None, "d-msg@realis.test").await;
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/conversations",
            of,
            &json!({ "subject": "  Convention de formation ", "dossier_id": id, "period": "2026-10", "body": "Bonjour,\r\n<b>voici</b> la convention.\n" }),
        )
        .await;
    assert_eq!(
        res.status(),
        201,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let v: Value = res.json().await.expect("json");
    (
        v["conversation"]["id"].as_i64().expect("id"),
        v["messages"][0]["id"].as_i64().expect("message id"),
        id,
    )
}

#[tokio::test]
async fn an_of_and_its_agent_exchange_messages_with_an_attachment_and_each_side_is_emailed() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let agent = t.token("agent@tp-idf.test").await;
    assert_eq!(unread(&t, &agent).await, 0);
    let (cid, mid, dossier) = started_thread(&t, &of).await;
    let v = get_json(&t, &of, &format!("/api/v1/conversations/{cid}")).await;
    assert_eq!(v["conversation"]["subject"], "Convention de formation");
    assert_eq!(v["conversation"]["dossier_number"], "D-MSG");
    assert_eq!(v["conversation"]["dossier_id"], dossier);
    assert_eq!(v["conversation"]["period"], "2026-10");
    assert_eq!(v["conversation"]["unread"], 0, "one's own message is read");
    let first = &v["messages"][0];
    // Plain text, markup kept as text (the SPA shows it as text), line breaks normalised.
    assert_eq!(first["body"], "Bonjour,\n<b>voici</b> la convention.");
    assert_eq!(first["kind"], "message");
    assert_eq!(first["side"], "organisation");
    assert_eq!(first["mine"], true);
    assert!(first["author"].as_str().expect("author").contains('('));

    // The agents are told, by a link, never by the message itself.
    t.app.send_due_mail().await.expect("send");
    let mails = t.app.mailer.sent();
    let to_agent = mails
        .iter()
        .find(|m| m.to == "agent@tp-idf.test" && m.subject.contains("Nouveau message"))
        .expect("the agent is e-mailed");
    assert!(
        to_agent.text.contains(&format!("/echanges/{cid}")),
        "{}",
        to_agent.text
    );
    assert!(to_agent.text.contains("D-MSG"));
    assert!(!to_agent.text.contains("voici") && !to_agent.html.contains("voici"));
    assert!(
        !mails.iter().any(|m| m.to == "of@formapro.test"),
        "not the writer"
    );

    // Unread for the agent, in /me and in the list.
    assert_eq!(unread(&t, &agent).await, 1);
    let list = get_json(&t, &agent, "/api/v1/conversations").await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["unread_threads"], 1);
    assert_eq!(list["items"][0]["unread"], 1);
    assert_eq!(
        list["items"][0]["organisation_name"]
            .as_str()
            .map(str::is_empty),
        Some(false)
    );

    // The OF attaches a PDF to its message; the agent downloads it.
    let href = format!("/api/v1/conversations/{cid}/messages/{mid}/attachments");
    let res = attach(
        &t,
        &of,
        &format!("{href}?file_name=C%3A%5Cscans%5CConvention%20sign%C3%A9e.pdf"),
        "application/pdf",
        pdf(),
    )
    .await;
    assert_eq!(
        res.status(),
        201,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let a: Value = res.json().await.expect("json");
    assert_eq!(a["file_name"], "Convention signée.pdf");
    assert_eq!(a["content_type"], "application/pdf");
    let v = get_json(&t, &agent, &format!("/api/v1/conversations/{cid}")).await;
    let listed = &v["messages"][0]["attachments"][0];
    assert_eq!(listed["id"], a["id"]);
    assert_eq!(v["messages"][0]["mine"], false);
    let res = t
        .get_with(listed["href"].as_str().expect("href"), &agent)
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(res.bytes().await.expect("bytes").starts_with(b"%PDF"));
    // Only the writer attaches to a message; not a PDF, PNG or JPEG is refused.
    problem(
        attach(&t, &agent, &href, "application/pdf", pdf()).await,
        403,
        "forbidden",
    )
    .await;
    problem(
        attach(&t, &of, &href, "text/plain", b"hello".to_vec()).await,
        415,
        "unsupported_media_type",
    )
    .await;

    // The agent reads: its count drops; it answers: the OF's count rises, the OF is e-mailed.
    let res = post(
        &t,
        &agent,
        &format!("/api/v1/conversations/{cid}/read"),
        json!({}),
    )
    .await;
    assert_eq!(res.status(), 204);
    assert_eq!(unread(&t, &agent).await, 0);
    let before = t.app.mailer.sent().len();
    let res = post(
        &t,
        &agent,
        &format!("/api/v1/conversations/{cid}/messages"),
        json!({ "body": "Merci, bien reçu." }),
    )
    .await;
    assert_eq!(res.status(), 201);
    let answer: Value = res.json().await.expect("json");
    assert_eq!(answer["side"], "funder");
    assert_eq!(answer["mine"], true);
    assert_eq!(unread(&t, &of).await, 1);
    assert_eq!(unread(&t, &agent).await, 0);
    t.app.send_due_mail().await.expect("send");
    let mails = t.app.mailer.sent();
    assert!(
        mails[before..]
            .iter()
            .any(|m| m.to == "of@formapro.test" && m.subject.contains("Nouveau message"))
    );
    assert!(!mails[before..].iter().any(|m| m.to == "agent@tp-idf.test"));
    // Five files per message at most.
    let mine = answer["id"].as_i64().expect("id");
    let href = format!("/api/v1/conversations/{cid}/messages/{mine}/attachments");
    for _ in 0..5 {
        assert_eq!(
            attach(&t, &agent, &href, "image/png", png(20, 20))
                .await
                .status(),
            201
        );
    }
    let p = problem(
        attach(&t, &agent, &href, "image/png", png(20, 20)).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "too_many_files");
    let v = get_json(&t, &of, &format!("/api/v1/conversations/{cid}")).await;
    assert_eq!(
        v["messages"][1]["attachments"].as_array().map(Vec::len),
        Some(5)
    );

    // An agent writes to an OF without a dossier: it names the organisation.
    let org = get_json(&t, &of, "/api/v1/me").await["organisation_id"]
        .as_i64()
        .expect("org");
    let p = problem(
        t.send_json(
            Method::POST,
            "/api/v1/conversations",
            &agent,
            &json!({ "subject": "Rappel", "body": "Bonjour" }),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "organisation_id");
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/conversations",
            &agent,
            &json!({ "subject": "Rappel", "body": "Pensez au Kbis.", "organisation_id": org }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let list = get_json(&t, &of, "/api/v1/conversations").await;
    assert_eq!(list["total"], 2);
    assert_eq!(
        list["items"][0]["subject"], "Rappel",
        "the latest message first"
    );
    assert_eq!(list["unread_threads"], 2);
    let only = get_json(
        &t,
        &of,
        &format!("/api/v1/conversations?dossier_id={dossier}"),
    )
    .await;
    assert_eq!(only["total"], 1);
}

#[tokio::test]
async fn bad_messages_get_clear_errors_and_other_tenants_get_404() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let (cid, mid, dossier) = started_thread(&t, &of).await;
    let path = "/api/v1/conversations";
    for (body, field, code) in [
        (
            json!({ "subject": " ", "body": "x" }),
            "subject",
            "required",
        ),
        (
            json!({ "subject": "é".repeat(201), "body": "x" }),
            "subject",
            "too_long",
        ),
        (
            json!({ "subject": "a\u{7}b", "body": "x" }),
            "subject",
            "invalid_characters",
        ),
        (
            json!({ "subject": "S", "body": " \n " }),
            "body",
            "required",
        ),
        (
            json!({ "subject": "S", "body": "ż".repeat(5001) }),
            "body",
            "too_long",
        ),
        (
            json!({ "subject": "S", "body": "x", "period": "2026-10" }),
            "period",
            "dossier_required",
        ),
        (
            json!({ "subject": "S", "body": "x", "dossier_id": dossier, "period": "2031-01" }),
            "period",
            "not_in_session",
        ),
    ] {
        let p = problem(
            t.send_json(Method::POST, path, &of, &body).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(p["errors"][0]["field"], field, "{body}");
        assert_eq!(p["errors"][0]["code"], code, "{body}");
    }
    // Exactly 5,000 characters beyond Latin-1 are accepted.
    let res = post(
        &t,
        &of,
        &format!("{path}/{cid}/messages"),
        json!({ "body": "Łukasz Żółć ".repeat(416) + "ŻółćŁuka" }),
    )
    .await;
    assert_eq!(
        res.status(),
        201,
        "{}",
        res.text().await.unwrap_or_default()
    );
    problem(
        post(
            &t,
            &of,
            &format!("{path}/{cid}/messages"),
            json!({ "text": "x" }),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    problem(
        t.get_with(&format!("{path}/999999"), &of).await,
        404,
        "not_found",
    )
    .await;

    let (other_of, other_agent) = other_tenants(&t).await;
    for token in [&other_of, &other_agent] {
        assert_eq!(get_json(&t, token, path).await["total"], 0);
        assert_eq!(unread(&t, token).await, 0);
        problem(
            t.get_with(&format!("{path}/{cid}"), token).await,
            404,
            "not_found",
        )
        .await;
        problem(
            post(
                &t,
                token,
                &format!("{path}/{cid}/messages"),
                json!({ "body": "x" }),
            )
            .await,
            404,
            "not_found",
        )
        .await;
        problem(
            post(&t, token, &format!("{path}/{cid}/read"), json!({})).await,
            404,
            "not_found",
        )
        .await;
        problem(
            attach(
                &t,
                token,
                &format!("{path}/{cid}/messages/{mid}/attachments"),
                "application/pdf",
                pdf(),
            )
            .await,
            404,
            "not_found",
        )
        .await;
        // A dossier of another tenant cannot be named in a new thread.
        problem(
            t.send_json(
                Method::POST,
                path,
                token,
                &json!({ "subject": "S", "body": "x", "dossier_id": dossier }),
            )
            .await,
            404,
            "not_found",
        )
        .await;
    }
    let of_org = get_json(&t, &of, "/api/v1/me").await["organisation_id"]
        .as_i64()
        .expect("org");
    problem(
        t.send_json(
            Method::POST,
            path,
            &other_agent,
            &json!({ "subject": "S", "body": "x", "organisation_id": of_org }),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    // Beneficiaries, employers and the administrator have no threads.
    for login in [
        "michelle.dubois@realis.test",
        "rh@pharmaplus.test",
        "admin@realis.test",
    ] {
        let token = t.token(login).await;
        problem(t.get_with(path, &token).await, 403, "forbidden").await;
        problem(
            t.get_with(&format!("{path}/{cid}"), &token).await,
            403,
            "forbidden",
        )
        .await;
        assert_eq!(unread(&t, &token).await, 0);
    }
}

#[tokio::test]
async fn a_contest_comment_and_a_document_refusal_land_in_the_threads_of_the_of() {
    let t = spawn_app().await;
    let (id, of) = prepared_month(&t, "D-CT", &["2026-10"], false).await;
    let agent = t.token("agent@tp-idf.test").await;
    let res = t
        .put_bytes(
            &month_url(id, "2026-10", "/signed-certificate"),
            &of,
            "application/pdf",
            pdf(),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = post(
        &t,
        &of,
        &month_url(id, "2026-10", "/certify"),
        json!({ "mode": "upload" }),
    )
    .await;
    assert_eq!(res.status(), 200);
    let ben = crate::admin::activate(&t, "d-ct@realis.test").await;
    let res = post(
        &t,
        &ben,
        &month_url(id, "2026-10", "/validation"),
        json!({ "decision": "contest", "comment": "Absente le 15 octobre <script>." }),
    )
    .await;
    assert_eq!(res.status(), 200);
    let list = get_json(&t, &of, &format!("/api/v1/conversations?dossier_id={id}")).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["unread"], 1);
    let cid = list["items"][0]["id"].as_i64().expect("id");
    let v = get_json(&t, &of, &format!("/api/v1/conversations/{cid}")).await;
    assert!(
        v["conversation"]["subject"]
            .as_str()
            .expect("s")
            .starts_with("Dossier D-CT")
    );
    let m = &v["messages"][0];
    assert_eq!(m["kind"], "contest");
    assert_eq!(m["side"], "funder");
    assert!(
        m["author"].as_str().expect("a").contains("(bénéficiaire)"),
        "{m}"
    );
    let body = m["body"].as_str().expect("body");
    assert!(
        body.contains("d'octobre 2026") && body.contains("Absente le 15 octobre <script>."),
        "{body}"
    );
    // The agent sees it too and answers in the same thread.
    assert_eq!(unread(&t, &agent).await, 1);
    let res = post(
        &t,
        &agent,
        &format!("/api/v1/conversations/{cid}/messages"),
        json!({ "body": "Merci de corriger le 15." }),
    )
    .await;
    assert_eq!(res.status(), 201);

    // A refused Kbis: its reason in the OF's documents thread, once per organisation.
    let org = get_json(&t, &of, "/api/v1/me").await["organisation_id"]
        .as_i64()
        .expect("org");
    for reason in ["Kbis de plus de trois mois", "Kbis illisible"] {
        let res = t
            .put_bytes(
                "/api/v1/organisation/documents/kbis",
                &of,
                "application/pdf",
                pdf(),
            )
            .await;
        assert_eq!(
            res.status(),
            200,
            "{}",
            res.text().await.unwrap_or_default()
        );
        let res = post(
            &t,
            &agent,
            &format!("/api/v1/funder/organisations/{org}/documents/kbis/review"),
            json!({ "decision": "reject", "reason": reason }),
        )
        .await;
        assert_eq!(
            res.status(),
            200,
            "{}",
            res.text().await.unwrap_or_default()
        );
    }
    let list = get_json(&t, &of, "/api/v1/conversations").await;
    let docs: Vec<&Value> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|c| c["subject"] == "Documents de l'organisme")
        .collect();
    assert_eq!(docs.len(), 1);
    let v = get_json(&t, &of, &format!("/api/v1/conversations/{}", docs[0]["id"])).await;
    let kinds: Vec<&Value> = v["messages"]
        .as_array()
        .expect("m")
        .iter()
        .map(|m| &m["kind"])
        .collect();
    assert_eq!(
        kinds,
        [&json!("document_rejection"), &json!("document_rejection")]
    );
    assert!(
        v["messages"][1]["body"]
            .as_str()
            .expect("b")
            .contains("Kbis illisible")
    );
    assert_eq!(docs[0]["unread"], 2);
}

/// 20 threads started at once all start: the e-mail's recipients are read before the
/// transaction takes SQLite's write lock (before, a writer holding the lock waited for a pool
/// connection the other writers held, and 14 of 20 answered 500 after 10 s).
#[tokio::test]
async fn twenty_threads_started_at_once_all_start() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let tasks: Vec<_> = (0..20)
        .map(|n| {
            let client = t.client.clone();
            let url = t.url("/api/v1/conversations");
            let of = of.clone();
            tokio::spawn(async move {
                client
                    .post(url)
                    .bearer_auth(of)
                    .json(&json!({ "subject": format!("Question {n}"), "body": "Bonjour" }))
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0)
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("task"));
    }
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let list = get_json(&t, &of, "/api/v1/conversations?per_page=100").await;
    assert_eq!(list["total"], 20);
}
