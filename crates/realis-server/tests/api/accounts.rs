//! Offboarding (issue 19): a funder agent disables the beneficiary and employer accounts of its
//! dossiers and its fellow agents; the admin disables agents. Tokens die at once, logins are
//! refused with `account_disabled`, validation requests stop; foreign ids answer 404.

use reqwest::Method;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::certification::{get_json, month_url, post, prepared_month};
use crate::helpers::{DEMO_PASSWORD, TestApp, pdf, problem, spawn_app};

async fn set_disabled(t: &TestApp, token: &str, path: &str, disabled: bool) -> reqwest::Response {
    t.send_json(Method::PUT, path, token, &json!({ "disabled": disabled }))
        .await
}

/// The id of the account with this e-mail in a `GET …/users` page.
fn id_in(page: &Value, email: &str) -> Option<i64> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|u| u["email"] == email)
        .and_then(|u| u["id"].as_i64())
}

pub(crate) async fn audit_count(t: &TestApp, action: &str) -> i64 {
    let backend = t.app.db.conn.get_database_backend();
    let row = t
        .app
        .db
        .conn
        .query_one(Statement::from_string(
            backend,
            format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = '{action}'"),
        ))
        .await
        .expect("query")
        .expect("row");
    row.try_get::<i64>("", "n").expect("n")
}

#[tokio::test]
async fn an_agent_disables_and_re_enables_the_parties_of_its_dossiers() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let michelle = t.token("michelle.dubois@realis.test").await;
    let rh = t.token("rh@pharmaplus.test").await;
    let page = get_json(&t, &agent, "/api/v1/funder/users?role=beneficiary&q=dubois").await;
    assert_eq!(page["total"], 1, "{page}");
    let michelle_id = id_in(&page, "michelle.dubois@realis.test").expect("michelle listed");
    let page = get_json(&t, &agent, "/api/v1/funder/users?role=employer").await;
    let rh_id = id_in(&page, "rh@pharmaplus.test").expect("employer listed");
    let all = get_json(&t, &agent, "/api/v1/funder/users").await;
    assert!(
        id_in(&all, "of@formapro.test").is_none(),
        "OF staff are managed by the OF"
    );
    assert!(id_in(&all, "admin@realis.test").is_none());

    for id in [michelle_id, rh_id] {
        let res = set_disabled(&t, &agent, &format!("/api/v1/funder/users/{id}"), true).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.json::<Value>().await.expect("json")["disabled"], true);
    }
    for token in [&michelle, &rh] {
        problem(t.get_with("/api/v1/me", token).await, 401, "invalid_token").await;
    }
    for login in ["michelle.dubois@realis.test", "rh@pharmaplus.test"] {
        problem(
            t.login_raw(login, DEMO_PASSWORD).await,
            403,
            "account_disabled",
        )
        .await;
    }
    assert_eq!(audit_count(&t, "account_disabled").await, 2);

    // Re-enabled: the same password works again.
    let res = set_disabled(
        &t,
        &agent,
        &format!("/api/v1/funder/users/{michelle_id}"),
        false,
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        t.login_raw("michelle.dubois@realis.test", DEMO_PASSWORD)
            .await
            .status(),
        200
    );
    assert_eq!(audit_count(&t, "account_enabled").await, 1);

    // A bad role filter or body is a field error, never a 500.
    problem(
        t.get_with("/api/v1/funder/users?role=pirate", &agent).await,
        422,
        "validation_failed",
    )
    .await;
    problem(
        t.send_json(
            Method::PUT,
            &format!("/api/v1/funder/users/{michelle_id}"),
            &agent,
            &json!({ "disabled": "oui" }),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn a_disabled_beneficiary_gets_no_validation_request_and_its_invitation_dies() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let (id, of) = prepared_month(&t, "D-OFF", &["2026-10"], false).await;
    let page = get_json(&t, &agent, "/api/v1/funder/users?q=d-off").await;
    let ben = id_in(&page, "d-off@realis.test").expect("new beneficiary listed");
    let res = set_disabled(&t, &agent, &format!("/api/v1/funder/users/{ben}"), true).await;
    assert_eq!(res.status(), 200);
    t.put_bytes(
        &month_url(id, "2026-10", "/signed-certificate"),
        &of,
        "application/pdf",
        pdf(),
    )
    .await;
    let res = post(
        &t,
        &of,
        &month_url(id, "2026-10", "/certify"),
        json!({ "mode": "upload" }),
    )
    .await;
    assert_eq!(res.status(), 200);
    t.app.send_due_mail().await.expect("send");
    let sent = t.app.mailer.sent();
    assert!(
        !sent
            .iter()
            .any(|m| m.to == "d-off@realis.test" && m.subject.contains("à valider")),
        "a disabled account is not asked to validate"
    );
    // The invitation mailed before the account was disabled no longer sets a password.
    let invitation = sent
        .iter()
        .find(|m| m.to == "d-off@realis.test" && m.subject == "Votre compte Réalis est disponible")
        .expect("invitation");
    let start = invitation.text.find("token=").expect("link") + 6;
    let token: String = invitation.text[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    let res = t
        .client
        .post(t.url("/api/v1/auth/password/reset"))
        .json(&json!({ "token": token, "new_password": "mot de passe choisi 2026" }))
        .send()
        .await
        .expect("reset");
    assert_eq!(res.status(), 410);
}

#[tokio::test]
async fn agents_manage_fellow_agents_but_not_themselves_nor_other_tenants() {
    let t = spawn_app().await;
    let agent = t.token("agent@tp-idf.test").await;
    let admin = t.token("admin@realis.test").await;
    let me = get_json(&t, &agent, "/api/v1/me").await["id"]
        .as_i64()
        .expect("id");
    let p = problem(
        set_disabled(&t, &agent, &format!("/api/v1/funder/users/{me}"), true).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "cannot_disable_self");
    // Another funder with its agent and a dossier whose beneficiary is only theirs.
    t.send_json(Method::POST, "/api/v1/admin/funders", &admin, &json!({ "name": "TP Bretagne", "region": "Bretagne", "agent": { "email": "agent@bzh.test", "display_name": "Agent BZH" } })).await;
    let bzh = crate::admin::activate(&t, "agent@bzh.test").await;
    let bzh_id = get_json(&t, &bzh, "/api/v1/me").await["id"]
        .as_i64()
        .expect("id");
    let of_id = get_json(&t, &t.token("of@formapro.test").await, "/api/v1/me").await["id"]
        .as_i64()
        .expect("id");
    let admin_id = get_json(&t, &admin, "/api/v1/me").await["id"]
        .as_i64()
        .expect("id");
    let michelle_id = get_json(
        &t,
        &t.token("michelle.dubois@realis.test").await,
        "/api/v1/me",
    )
    .await["id"]
        .as_i64()
        .expect("id");
    // Foreign, staff of an OF, the admin, missing: 404 for the agent.
    for id in [bzh_id, of_id, admin_id, 99_999] {
        problem(
            set_disabled(&t, &agent, &format!("/api/v1/funder/users/{id}"), true).await,
            404,
            "not_found",
        )
        .await;
    }
    // The Breton agent sees none of Île-de-France's accounts.
    problem(
        set_disabled(
            &t,
            &bzh,
            &format!("/api/v1/funder/users/{michelle_id}"),
            true,
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let page = get_json(&t, &bzh, "/api/v1/funder/users").await;
    assert_eq!(page["total"], 1, "only itself: {page}");
    // Other roles: 403 on the list, 404 on an id.
    let of = t.token("of@formapro.test").await;
    problem(
        t.get_with("/api/v1/funder/users", &of).await,
        403,
        "forbidden",
    )
    .await;
    problem(
        set_disabled(
            &t,
            &of,
            &format!("/api/v1/funder/users/{michelle_id}"),
            true,
        )
        .await,
        404,
        "not_found",
    )
    .await;

    // A second agent of Île-de-France, disabled by the first.
    let colleague = {
        let txn = t.app.db.begin_write().await.expect("txn");
        let u = realis_store::users::insert(
            &txn,
            realis_store::users::NewUser {
                email: "agent2@tp-idf.test".into(),
                identifier: "agent2".into(),
                display_name: "Second agent".into(),
                role: realis_domain::Role::Funder,
                funder_id: get_json(&t, &agent, "/api/v1/me").await["funder_id"].as_i64(),
                organisation_id: None,
                certifier: false,
                password_hash: None,
            },
            t.app.clock.now(),
        )
        .await
        .expect("insert");
        txn.commit().await.expect("commit");
        u.id
    };
    let page = get_json(&t, &agent, "/api/v1/funder/users?role=funder").await;
    assert_eq!(id_in(&page, "agent2@tp-idf.test"), Some(colleague));
    let res = set_disabled(
        &t,
        &agent,
        &format!("/api/v1/funder/users/{colleague}"),
        true,
    )
    .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn the_admin_disables_and_re_enables_a_funder_agent() {
    let t = spawn_app().await;
    let admin = t.token("admin@realis.test").await;
    let agent = t.token("agent@tp-idf.test").await;
    let page = get_json(&t, &admin, "/api/v1/admin/users?q=tp-idf").await;
    let agent_id = id_in(&page, "agent@tp-idf.test").expect("agent listed");
    assert_eq!(
        page["items"][0]["funder_name"],
        "Transitions Pro Île-de-France"
    );
    let res = set_disabled(&t, &admin, &format!("/api/v1/admin/users/{agent_id}"), true).await;
    assert_eq!(res.status(), 200);
    problem(
        t.get_with("/api/v1/dashboard", &agent).await,
        401,
        "invalid_token",
    )
    .await;
    problem(
        t.login_raw("agent@tp-idf.test", DEMO_PASSWORD).await,
        403,
        "account_disabled",
    )
    .await;
    let res = set_disabled(
        &t,
        &admin,
        &format!("/api/v1/admin/users/{agent_id}"),
        false,
    )
    .await;
    assert_eq!(res.status(), 200);
    let agent = t.token("agent@tp-idf.test").await;
    // Only agents: not a beneficiary, not the admin itself; other roles do not reach the route.
    let ben = get_json(
        &t,
        &t.token("michelle.dubois@realis.test").await,
        "/api/v1/me",
    )
    .await["id"]
        .as_i64()
        .expect("id");
    let admin_id = get_json(&t, &admin, "/api/v1/me").await["id"]
        .as_i64()
        .expect("id");
    for id in [ben, admin_id] {
        problem(
            set_disabled(&t, &admin, &format!("/api/v1/admin/users/{id}"), true).await,
            404,
            "not_found",
        )
        .await;
    }
    problem(
        set_disabled(&t, &agent, &format!("/api/v1/admin/users/{agent_id}"), true).await,
        404,
        "not_found",
    )
    .await;
    problem(
        t.get_with("/api/v1/admin/users", &agent).await,
        403,
        "forbidden",
    )
    .await;
    assert_eq!(audit_count(&t, "account_disabled").await, 1);
}
