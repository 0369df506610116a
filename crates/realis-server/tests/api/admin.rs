//! The admin creates funders; invitations lead to working accounts.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, problem, spawn_app};

/// Follows the invitation e-mailed to `email` (memory mailer): sets a password, logs in.
pub async fn activate(t: &TestApp, email: &str) -> String {
    t.app.send_due_mail().await.expect("send");
    let mail = t
        .app
        .mailer
        .sent()
        .into_iter()
        .rev()
        .find(|m| m.to == email && m.subject == "Votre compte Réalis est disponible")
        .expect("invitation sent");
    assert_eq!(mail.subject, "Votre compte Réalis est disponible");
    let start = mail.text.find("token=").expect("link") + 6;
    let token: String = mail.text[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    let res = t
        .client
        .post(t.url("/api/v1/auth/password/reset"))
        .json(&json!({ "token": token, "new_password": "mot de passe choisi 2026" }))
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 204);
    let res = t.login_raw(email, "mot de passe choisi 2026").await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.expect("json");
    body["access_token"].as_str().expect("token").to_owned()
}

#[tokio::test]
async fn the_admin_creates_a_funder_whose_agent_is_invited() {
    let t = spawn_app().await;
    let admin = t.token("admin@realis.test").await;
    let body = json!({ "name": "Transitions Pro Occitanie", "region": "Occitanie", "agent": { "email": "agent@tp-occ.test", "display_name": "Agent Occitanie" } });
    let res = t
        .send_json(Method::POST, "/api/v1/admin/funders", &admin, &body)
        .await;
    assert_eq!(res.status(), 201);
    let f: Value = res.json().await.expect("json");
    assert_eq!(f["name"], "Transitions Pro Occitanie");
    let token = activate(&t, "agent@tp-occ.test").await;
    let me: Value = t
        .get_with("/api/v1/me", &token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(me["role"], "funder");
    assert_eq!(me["funder_name"], "Transitions Pro Occitanie");
    let funders: Value = t
        .get_with("/api/v1/admin/funders", &admin)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(funders.as_array().expect("list").len(), 2);
    // The same agent e-mail twice is refused; so is a non-admin.
    let p = problem(
        t.send_json(Method::POST, "/api/v1/admin/funders", &admin, &body)
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "email_taken");
    let agent = t.token("agent@tp-idf.test").await;
    problem(
        t.send_json(Method::POST, "/api/v1/admin/funders", &agent, &body)
            .await,
        403,
        "forbidden",
    )
    .await;
    problem(
        t.get_with("/api/v1/admin/funders", &agent).await,
        403,
        "forbidden",
    )
    .await;
}
