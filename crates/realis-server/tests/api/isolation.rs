//! QUALITY S4: every route of the OpenAPI document that holds a dossier id, replayed with the
//! tokens of another organisation, another funder's agent, a beneficiary of another dossier and
//! the administrator: 404 (or 403 where the role may never use the route), never the object.

use reqwest::Method;
use serde_json::{Value, json};

use crate::dossiers::create_dossier;
use crate::helpers::{TestApp, pdf, spawn_app};

/// A well-formed JSON body for each JSON route, so that the answer is about access, not shape.
/// A new JSON route must be added here (the test fails on a 422 otherwise).
fn json_body(path: &str) -> Option<Value> {
    let bodies = [
        ("/hours", json!({ "version": 1, "days": [] })),
        ("/prepare", json!({ "hours_certified": true })),
        ("/certify", json!({ "mode": "upload" })),
        ("/code/verify", json!({ "code": "123456" })),
        ("/code", json!({ "ip_consent": true })),
        ("/validation", json!({ "decision": "validate" })),
        ("/reopen", json!({ "reason": "Erreur de saisie" })),
        ("/close", json!({})),
        ("/external-ref", json!({ "external_ref": "ERP-S4" })),
        ("/messages", json!({ "body": "Bonjour" })),
        (
            "/payments",
            json!({ "period": "2026-10", "kind": "advance", "amount_cents": 1000, "paid_on": "2026-11-02", "reference": "VIR-1" }),
        ),
    ];
    bodies
        .into_iter()
        .find(|(suffix, _)| path.ends_with(suffix))
        .map(|(_, b)| b)
}

/// Sends `method path` (of the document's `template`) with a well-formed body of its content
/// type, as `token`; returns the status and the body.
async fn replay(
    t: &TestApp,
    method: &str,
    path: &str,
    template: &str,
    content_type: Option<&str>,
    token: &str,
) -> (u16, String) {
    let m = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
    let mut req = t.client.request(m, t.url(path)).bearer_auth(token);
    req = match content_type {
        Some("application/json") => req.json(
            &json_body(template)
                .unwrap_or_else(|| panic!("add a JSON body for {template} to json_body()")),
        ),
        Some(ct) => req.header("content-type", ct).body(pdf()),
        None => req,
    };
    let res = req.send().await.expect("request");
    let status = res.status().as_u16();
    (status, res.text().await.unwrap_or_default())
}

/// An API key of the user behind `token` with every scope its role may give.
async fn key_with_every_scope(t: &TestApp, token: &str) -> String {
    let list: Value = t
        .get_with("/api/v1/api-keys", token)
        .await
        .json()
        .await
        .expect("keys");
    let scopes: Vec<Value> = list["grantable"]
        .as_array()
        .expect("grantable")
        .iter()
        .map(|g| g["scope"].clone())
        .collect();
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/api-keys",
            token,
            &json!({ "name": "outsider", "scopes": scopes }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.expect("json");
    created["key"].as_str().expect("key").to_owned()
}

/// Outsiders to the demo's objects: the sessions of another OF, another funder's agent, a
/// beneficiary and the administrator, and the API keys (every scope) of that OF and agent.
async fn outsiders(t: &TestApp) -> Vec<(&'static str, String)> {
    let (other_of, other_agent) = crate::conversations::other_tenants(t).await;
    vec![
        ("organisation_key", key_with_every_scope(t, &other_of).await),
        ("funder_key", key_with_every_scope(t, &other_agent).await),
        ("organisation", other_of),
        ("funder", other_agent),
        ("beneficiary", t.token("michelle.dubois@realis.test").await),
        ("admin", t.token("admin@realis.test").await),
    ]
}

/// A key is refused a route outside its scopes before anything is looked up (403
/// `insufficient_scope`, the same for every object); otherwise it is its user: 404.
fn key_answer_hides_the_object(role: &str, status: u16, body: &str) -> bool {
    role.ends_with("_key") && status == 403 && body.contains("insufficient_scope")
}

#[tokio::test]
async fn every_dossier_route_of_the_openapi_document_is_closed_to_other_tenants() {
    let t = spawn_app().await;
    let id = create_dossier(&t, "D-S4", None, "s4@realis.test").await;
    // A document the funder attached, so that `{document_id}` names a real one of the dossier.
    let agent = t.token("agent@tp-idf.test").await;
    let document = crate::documents::attach(&t, &agent, id, "convention", "Convention").await;
    let document_href = document["href"].as_str().expect("href").to_owned();
    let document_id = document_href.rsplit('/').next().expect("id").to_owned();
    let doc: Value = t
        .client
        .get(t.url("/api-docs/openapi.json"))
        .send()
        .await
        .expect("doc")
        .json()
        .await
        .expect("json");
    let tokens = outsiders(&t).await;
    let mut checked = 0;
    for (template, item) in doc["paths"].as_object().expect("paths") {
        if !template.contains("{dossier_id}") {
            continue;
        }
        let mut path = template
            .replace("{dossier_id}", &id.to_string())
            .replace("{period}", "2026-10")
            .replace("{file_id}", "1")
            .replace("{document_id}", &document_id);
        for (method, op) in item.as_object().expect("ops") {
            let content = op["requestBody"]["content"].as_object();
            let content_type = content.and_then(|c| c.keys().next().cloned());
            if method == "put" && template.ends_with("template.csv") {
                path = format!("{path}?version=1");
            }
            for (role, token) in &tokens {
                let (status, body) =
                    replay(&t, method, &path, template, content_type.as_deref(), token).await;
                // Funder routes are closed by role to non-agents (403); everything else, and any
                // agent of another funder, must not learn that the dossier exists (404).
                let by_role = template.starts_with("/api/v1/funder/") && *role != "funder";
                let allowed: &[u16] = if by_role || *role == "admin" {
                    &[403, 404]
                } else {
                    &[404]
                };
                assert!(
                    allowed.contains(&status) || key_answer_hides_the_object(role, status, &body),
                    "{method} {path} as another {role}: {status} {body}"
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 18 * 4,
        "only {checked} requests: is the document complete?"
    );
    // Nothing the outsiders sent reached the dossier's document.
    assert_eq!(t.get_with(&document_href, &agent).await.status(), 200);
}

/// The object a `{user_id}` names on each account route: one that its rightful user (the OF's
/// staff, the IDF agents, the admin) may change.
fn user_for(template: &str, of_user: i64, beneficiary: i64, agent: i64) -> i64 {
    if template.starts_with("/api/v1/admin/") {
        agent
    } else if template.starts_with("/api/v1/funder/users/") {
        beneficiary
    } else {
        of_user
    }
}

#[tokio::test]
async fn every_organisation_and_account_route_of_the_openapi_document_is_closed_to_other_tenants() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let me = |token: String| {
        let t = &t;
        async move {
            let v: Value = t
                .get_with("/api/v1/me", &token)
                .await
                .json()
                .await
                .expect("me");
            v
        }
    };
    let of_me = me(of.clone()).await;
    let org = of_me["organisation_id"].as_i64().expect("org");
    let of_user = of_me["id"].as_i64().expect("id");
    let beneficiary = me(t.token("michelle.dubois@realis.test").await).await["id"]
        .as_i64()
        .expect("id");
    let agent = me(t.token("agent@tp-idf.test").await).await["id"]
        .as_i64()
        .expect("id");
    let doc: Value = t
        .client
        .get(t.url("/api-docs/openapi.json"))
        .send()
        .await
        .expect("doc")
        .json()
        .await
        .expect("json");
    let training: Value = t
        .get_with("/api/v1/organisation/trainings", &of)
        .await
        .json()
        .await
        .expect("trainings");
    let training = training[0]["id"].as_i64().expect("a demo training");
    let tokens = outsiders(&t).await;
    let mut checked = 0;
    for (template, item) in doc["paths"].as_object().expect("paths") {
        let names_account = template.contains("{user_id}");
        if template.contains("{dossier_id}")
            || !(names_account
                || template.contains("{organisation_id}")
                || template.contains("{training_id}"))
        {
            continue;
        }
        let path = template
            .replace("{organisation_id}", &org.to_string())
            .replace("{training_id}", &training.to_string())
            .replace("{kind}", "kbis")
            .replace(
                "{user_id}",
                &user_for(template, of_user, beneficiary, agent).to_string(),
            );
        for (method, op) in item.as_object().expect("ops") {
            let json = op["requestBody"]["content"]
                .as_object()
                .is_some_and(|c| c.contains_key("application/json"));
            for (role, token) in &tokens {
                // The admin is no outsider to the agents it manages.
                if *role == "admin" && template.starts_with("/api/v1/admin/") {
                    continue;
                }
                let m = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
                let mut req = t.client.request(m, t.url(&path)).bearer_auth(token);
                if json {
                    let body = if template.ends_with("/review") {
                        json!({ "decision": "accept" })
                    } else if template.ends_with("{organisation_id}") {
                        // The funder's correction of an OF's identity.
                        json!({ "name": "Pirate", "siret": "35600000049837", "reason": "Vol", "email": "pirate@of.test" })
                    } else if template.ends_with("{training_id}") {
                        json!({ "title": "Piratée", "planned_hours": 1, "modality": "mixte" })
                    } else {
                        json!({ "disabled": true })
                    };
                    req = req.json(&body);
                }
                let res = req.send().await.expect("request");
                let status = res.status().as_u16();
                let body = res.text().await.unwrap_or_default();
                assert!(
                    status == 404 || key_answer_hides_the_object(role, status, &body),
                    "{method} {path} as another {role}: {status} {body}"
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 11 * 4 + 3,
        "only {checked} requests: is the document complete?"
    );
}

/// «Mes échanges»: every route of the document that holds a `{conversation_id}`, replayed with
/// the tokens of another organisation of the same funder, another funder's agent (404: they must
/// not learn the thread exists), a beneficiary and the administrator (403: no threads at all).
#[tokio::test]
async fn every_conversation_route_of_the_openapi_document_is_closed_to_other_tenants() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let (cid, mid, _) = crate::conversations::started_thread(&t, &of).await;
    let res = t
        .client
        .post(t.url(&format!(
            "/api/v1/conversations/{cid}/messages/{mid}/attachments"
        )))
        .bearer_auth(&of)
        .header("content-type", "application/pdf")
        .body(pdf())
        .send()
        .await
        .expect("attach");
    assert_eq!(res.status(), 201);
    let attachment: Value = res.json().await.expect("json");
    let doc: Value = t
        .client
        .get(t.url("/api-docs/openapi.json"))
        .send()
        .await
        .expect("doc")
        .json()
        .await
        .expect("json");
    let tokens = outsiders(&t).await;
    let mut checked = 0;
    for (template, item) in doc["paths"].as_object().expect("paths") {
        if !template.contains("{conversation_id}") {
            continue;
        }
        let path = template
            .replace("{conversation_id}", &cid.to_string())
            .replace("{message_id}", &mid.to_string())
            .replace("{attachment_id}", &attachment["id"].to_string());
        for (method, op) in item.as_object().expect("ops") {
            let content = op["requestBody"]["content"].as_object();
            let content_type = content.and_then(|c| c.keys().next().cloned());
            for (role, token) in &tokens {
                let (status, body) =
                    replay(&t, method, &path, template, content_type.as_deref(), token).await;
                let expected = if matches!(*role, "beneficiary" | "admin") {
                    403
                } else {
                    404
                };
                assert!(
                    status == expected || key_answer_hides_the_object(role, status, &body),
                    "{method} {path} as another {role}: {status} {body}"
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 5 * 4,
        "only {checked} requests: is the document complete?"
    );
}

/// «Documents»: every route of the document that holds a published `{document_id}` (not under a
/// dossier), replayed with the tokens of an OF and an agent of another funder (404: they must
/// not learn the document exists; the OF gets 403 on the agents' routes), a beneficiary, an
/// employer and the administrator (403: no published documents at all). Another OF of the same funder is no outsider: it reads them.
#[tokio::test]
async fn every_published_document_route_of_the_openapi_document_is_closed_to_other_tenants() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let res = crate::documents::upload(
        &t,
        &agent,
        "/api/v1/funder/documents?title=Guide",
        "application/pdf",
        pdf(),
    )
    .await;
    assert_eq!(res.status(), 201);
    let guide: Value = res.json().await.expect("json");
    let doc: Value = t
        .client
        .get(t.url("/api-docs/openapi.json"))
        .send()
        .await
        .expect("doc")
        .json()
        .await
        .expect("json");
    // An OF of another funder: its agent creates it.
    let admin = t.token("admin@realis.test").await;
    t.send_json(Method::POST, "/api/v1/admin/funders", &admin, &json!({ "name": "TP Bretagne", "region": "Bretagne", "agent": { "email": "agent@bzh.test", "display_name": "Agent" } })).await;
    let other_agent = crate::admin::activate(&t, "agent@bzh.test").await;
    let res = t.send_json(Method::POST, "/api/v1/funder/organisations", &other_agent, &json!({ "name": "OF breton", "siret": "35600000049837", "email": "of@bzh.test", "user": { "email": "user@of-bzh.test", "display_name": "Breton" } })).await;
    assert_eq!(res.status(), 201);
    let other_of = crate::admin::activate(&t, "user@of-bzh.test").await;
    let tokens = [
        ("organisation", other_of),
        ("funder", other_agent),
        ("beneficiary", t.token("michelle.dubois@realis.test").await),
        ("employer", t.token("rh@pharmaplus.test").await),
        ("admin", admin),
    ];
    let mut checked = 0;
    for (template, item) in doc["paths"].as_object().expect("paths") {
        if template.contains("{dossier_id}") || !template.contains("{document_id}") {
            continue;
        }
        let path = template.replace("{document_id}", &guide["id"].to_string());
        for (method, op) in item.as_object().expect("ops") {
            let content = op["requestBody"]["content"].as_object();
            let content_type = content.and_then(|c| c.keys().next().cloned());
            for (role, token) in &tokens {
                let (status, body) =
                    replay(&t, method, &path, template, content_type.as_deref(), token).await;
                // Funder routes are closed by role to everyone but agents (403).
                let by_role = template.starts_with("/api/v1/funder/") && *role != "funder";
                let expected = if by_role || !matches!(*role, "organisation" | "funder") {
                    403
                } else {
                    404
                };
                assert_eq!(
                    status, expected,
                    "{method} {path} as another {role}: {body}"
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 2 * 5,
        "only {checked} requests: is the document complete?"
    );
    assert_eq!(
        t.get_with(guide["href"].as_str().expect("href"), &agent)
            .await
            .status(),
        200
    );
}

/// Integrations: every route of the document that names a webhook or an API key of the demo's
/// OF user, replayed by the outsiders (sessions and keys): 404, or 403 for the roles that hold
/// neither (beneficiary, administrator) and for a key on the routes of a person's session.
#[tokio::test]
async fn every_webhook_and_api_key_route_of_the_openapi_document_is_closed_to_other_users() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/webhooks",
            &of,
            &json!({ "url": "https://93.184.215.14/hooks", "events": ["month.certified"] }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let hook: Value = res.json().await.expect("json");
    let hook_id = hook["webhook"]["id"].as_i64().expect("id");
    let ping: Value = t
        .send_json(
            Method::POST,
            &format!("/api/v1/webhooks/{hook_id}/ping"),
            &of,
            &json!({}),
        )
        .await
        .json()
        .await
        .expect("ping");
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/api-keys",
            &of,
            &json!({ "name": "ERP", "scopes": ["dossiers:read"] }),
        )
        .await;
    let key: Value = res.json().await.expect("json");
    let doc: Value = t
        .client
        .get(t.url("/api-docs/openapi.json"))
        .send()
        .await
        .expect("doc")
        .json()
        .await
        .expect("json");
    let tokens = outsiders(&t).await;
    let mut checked = 0;
    for (template, item) in doc["paths"].as_object().expect("paths") {
        if !(template.contains("{webhook_id}") || template.contains("{api_key_id}")) {
            continue;
        }
        let path = template
            .replace("{webhook_id}", &hook_id.to_string())
            .replace("{delivery_id}", &ping["id"].to_string())
            .replace("{api_key_id}", &key["id"].to_string());
        for (method, op) in item.as_object().expect("ops") {
            let json = op["requestBody"]["content"]
                .as_object()
                .is_some_and(|c| c.contains_key("application/json"));
            for (role, token) in &tokens {
                let m = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
                let mut req = t.client.request(m, t.url(&path)).bearer_auth(token);
                if json {
                    req = req.json(&json!({ "url": "https://93.184.215.14/pirate", "events": ["month.certified"] }));
                }
                let res = req.send().await.expect("request");
                let status = res.status().as_u16();
                let body = res.text().await.unwrap_or_default();
                let by_role = matches!(*role, "beneficiary" | "admin");
                assert!(
                    (status == 404 && !by_role)
                        || (status == 403 && by_role)
                        || key_answer_hides_the_object(role, status, &body),
                    "{method} {path} as another {role}: {status} {body}"
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 6 * 6,
        "only {checked} requests: is the document complete?"
    );
    // Nothing reached the OF's subscription or key.
    let hooks: Value = t
        .get_with("/api/v1/webhooks", &of)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(hooks[0]["url"], "https://93.184.215.14/hooks");
    let keys: Value = t
        .get_with("/api/v1/api-keys", &of)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(keys["items"].as_array().map(Vec::len), Some(1));
}
