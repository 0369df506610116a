//! «Utilisateurs»: the OF invites colleagues, flags certifiers, disables accounts.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{problem, spawn_app};

#[tokio::test]
async fn the_of_invites_a_colleague_flags_and_disables_it() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let list: Value = t
        .get_with("/api/v1/organisation/users", &of)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list.as_array().expect("list").len(), 1);
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/organisation/users",
            &of,
            &json!({ "email": "Paul.Martin@Formapro.test", "display_name": "Paul Martin" }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let paul: Value = res.json().await.expect("json");
    assert_eq!(paul["email"], "paul.martin@formapro.test");
    assert_eq!(paul["identifier"], "paul.martin");
    assert_eq!(paul["active"], false);
    let paul_id = paul["id"].as_i64().expect("id");
    let paul_token = crate::admin::activate(&t, "paul.martin@formapro.test").await;
    let o: Value = t
        .get_with("/api/v1/organisation", &paul_token)
        .await
        .json()
        .await
        .expect("json");
    assert!(
        o["readiness"]["online_missing"]
            .to_string()
            .contains("user_not_certifier")
    );

    let res = t
        .send_json(
            Method::PUT,
            &format!("/api/v1/organisation/users/{paul_id}"),
            &of,
            &json!({ "certifier": true }),
        )
        .await;
    let v: Value = res.json().await.expect("json");
    assert_eq!(v["certifier"], true);
    assert_eq!(v["designation"]["status"], "pending");
    let o: Value = t
        .get_with("/api/v1/organisation", &paul_token)
        .await
        .json()
        .await
        .expect("json");
    // Designated, but effective only once the funder accepts it.
    let missing = o["readiness"]["online_missing"].to_string();
    assert!(!missing.contains("user_not_certifier") && missing.contains("designation_pending"));

    let res = t
        .send_json(
            Method::PUT,
            &format!("/api/v1/organisation/users/{paul_id}"),
            &of,
            &json!({ "disabled": true }),
        )
        .await;
    assert_eq!(res.status(), 200);
    problem(
        t.get_with("/api/v1/me", &paul_token).await,
        401,
        "invalid_token",
    )
    .await;

    // Not oneself; not another organisation's user; not someone else's role.
    let me: Value = t
        .get_with("/api/v1/me", &of)
        .await
        .json()
        .await
        .expect("json");
    let me_id = me["id"].as_i64().expect("id");
    problem(
        t.send_json(
            Method::PUT,
            &format!("/api/v1/organisation/users/{me_id}"),
            &of,
            &json!({ "disabled": true }),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    let agent_me: Value = t
        .get_with("/api/v1/me", &t.token("agent@tp-idf.test").await)
        .await
        .json()
        .await
        .expect("json");
    let agent_id = agent_me["id"].as_i64().expect("id");
    problem(
        t.send_json(
            Method::PUT,
            &format!("/api/v1/organisation/users/{agent_id}"),
            &of,
            &json!({ "certifier": true }),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    problem(
        t.send_json(
            Method::PUT,
            "/api/v1/organisation/users/99999",
            &of,
            &json!({ "certifier": true }),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let taken = t
        .send_json(
            Method::POST,
            "/api/v1/organisation/users",
            &of,
            &json!({ "email": "agent@tp-idf.test", "display_name": "X" }),
        )
        .await;
    let p = problem(taken, 422, "validation_failed").await;
    assert_eq!(p["errors"][0]["code"], "email_taken");
    let ben = t.token("michelle.dubois@realis.test").await;
    problem(
        t.get_with("/api/v1/organisation/users", &ben).await,
        403,
        "forbidden",
    )
    .await;
}
