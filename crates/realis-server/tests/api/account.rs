//! «Mon compte» and the funder's hand on an OF (issue #11, part 5): `GET/PUT /me`,
//! `POST /me/password` (policy, wrong current password, every other token and session revoked,
//! the caller's new session, the e-mail), the daily digest opt-out, the agent's correction of an
//! OF's identity and SIRET (reason, audit, e-mail), and the deactivation of an organisation.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{DEMO_PASSWORD, TestApp, problem, spawn_app};

const NEW_PASSWORD: &str = "trois chevaux bleus au galop";

/// A session opened by a login: its bearer token and its refresh cookie.
struct Session {
    access: String,
    cookie: String,
}

fn refresh_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("realis_refresh="))
        .map(|v| {
            v.trim_start_matches("realis_refresh=")
                .split(';')
                .next()
                .unwrap_or_default()
                .to_owned()
        })
}

async fn login(t: &TestApp, who: &str, password: &str) -> Session {
    let res = t.login_raw(who, password).await;
    assert_eq!(res.status(), 200, "login {who}");
    let cookie = refresh_cookie(&res).expect("cookie");
    let body: Value = res.json().await.expect("json");
    Session {
        access: body["access_token"].as_str().expect("token").to_owned(),
        cookie,
    }
}

async fn refresh(t: &TestApp, cookie: &str) -> reqwest::Response {
    t.client
        .post(t.url("/api/v1/auth/refresh"))
        .header("cookie", format!("realis_refresh={cookie}"))
        .send()
        .await
        .expect("request")
}

async fn json_of(res: reqwest::Response, status: u16) -> Value {
    assert_eq!(res.status().as_u16(), status);
    res.json().await.expect("json")
}

async fn get_json(t: &TestApp, token: &str, path: &str) -> Value {
    json_of(t.get_with(path, token).await, 200).await
}

/// The audit records of `action`, as (object id, data hash).
async fn audited(t: &TestApp, action: &str) -> Vec<(Option<String>, String)> {
    realis_store::audit::with_action(&t.app.db.conn, action)
        .await
        .expect("audit")
        .into_iter()
        .map(|r| (r.object_id, r.data_hash))
        .collect()
}

/// Mails sent so far to `to` whose subject contains `subject`.
async fn mails_to(t: &TestApp, to: &str, subject: &str) -> Vec<realis_mail::SentMail> {
    while t.app.send_due_mail().await.expect("send") > 0 {}
    t.app
        .mailer
        .sent()
        .into_iter()
        .filter(|m| m.to == to && m.subject.contains(subject))
        .collect()
}

async fn change_password(t: &TestApp, token: &str, current: &str, new: &str) -> reqwest::Response {
    t.send_json(
        Method::POST,
        "/api/v1/me/password",
        token,
        &json!({ "current_password": current, "new_password": new }),
    )
    .await
}

fn field_codes(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["field"].as_str().expect("field").to_owned(),
                e["code"].as_str().expect("code").to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_person_changes_their_name_and_daily_digest_and_it_is_audited() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let me = get_json(&t, &of, "/api/v1/me").await;
    assert_eq!(me["daily_digest"], true, "{me}");
    let before = me["display_name"].as_str().expect("name").to_owned();
    let res = t
        .send_json(
            Method::PUT,
            "/api/v1/me",
            &of,
            &json!({ "display_name": "  Sophie   Bernard-Martin ", "daily_digest": false }),
        )
        .await;
    let changed = json_of(res, 200).await;
    assert_eq!(changed["display_name"], "Sophie Bernard-Martin");
    assert_eq!(changed["daily_digest"], false);
    // Every field `GET /me` had is still there.
    for field in [
        "id",
        "role",
        "email",
        "identifier",
        "organisation_name",
        "funder_name",
    ] {
        assert_eq!(changed[field], me[field], "{field}");
    }
    assert_eq!(get_json(&t, &of, "/api/v1/me").await, changed);
    // The next login carries the new name.
    let body = json_of(t.login_raw("of@formapro.test", DEMO_PASSWORD).await, 200).await;
    assert_eq!(body["user"]["display_name"], "Sophie Bernard-Martin");
    let expected = json!({
        "changed": ["display_name", "daily_digest"],
        "display_name": { "before": before, "after": "Sophie Bernard-Martin" },
        "daily_digest": false,
    });
    let records = audited(&t, "profile_updated").await;
    assert_eq!(
        records,
        [(
            Some(me["id"].to_string()),
            realis_store::audit::data_hash(&expected)
        )]
    );
    // Omitting the digest leaves it; sending the same values changes nothing and records nothing.
    let same = t
        .send_json(
            Method::PUT,
            "/api/v1/me",
            &of,
            &json!({ "display_name": "Sophie Bernard-Martin" }),
        )
        .await;
    assert_eq!(json_of(same, 200).await["daily_digest"], false);
    assert_eq!(audited(&t, "profile_updated").await.len(), 1);
}

#[tokio::test]
async fn every_role_has_its_account_and_bad_names_or_bodies_are_clear_errors() {
    let t = spawn_app().await;
    for who in [
        "admin@realis.test",
        "agent@tp-idf.test",
        "michelle.dubois@realis.test",
        "rh@pharmaplus.test",
    ] {
        let token = t.token(who).await;
        let res = t
            .send_json(
                Method::PUT,
                "/api/v1/me",
                &token,
                &json!({ "display_name": "Camille Durand" }),
            )
            .await;
        let me = json_of(res, 200).await;
        assert_eq!(me["display_name"], "Camille Durand", "{who}");
        assert_eq!(me["email"], who);
    }
    let of = t.token("of@formapro.test").await;
    let put = |body: Value| {
        let (t, of) = (&t, of.clone());
        async move { t.send_json(Method::PUT, "/api/v1/me", &of, &body).await }
    };
    let p = problem(
        put(json!({ "display_name": "   " })).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        field_codes(&p),
        [("display_name".into(), "required".into())]
    );
    let p = problem(
        put(json!({ "display_name": "Sophie\u{202E}Bernard" })).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        field_codes(&p),
        [("display_name".into(), "invalid_characters".into())]
    );
    let p = problem(
        put(json!({ "display_name": "a".repeat(121) })).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        field_codes(&p),
        [("display_name".into(), "too_long".into())]
    );
    problem(
        put(json!({ "display_name": "Sophie", "role": "admin" })).await,
        422,
        "validation_failed",
    )
    .await;
    problem(
        put(json!({ "display_name": "Sophie", "daily_digest": "non" })).await,
        422,
        "validation_failed",
    )
    .await;
    let res = t
        .client
        .put(t.url("/api/v1/me"))
        .bearer_auth(&of)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("request");
    problem(res, 400, "malformed_request").await;
    let res = t
        .client
        .put(t.url("/api/v1/me"))
        .json(&json!({ "display_name": "Sophie" }))
        .send()
        .await
        .expect("request");
    problem(res, 401, "missing_token").await;
    assert!(audited(&t, "profile_updated").await.len() == 4);
}

#[tokio::test]
async fn a_user_who_turned_the_daily_digest_off_receives_none() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    let res = t
        .send_json(
            Method::PUT,
            "/api/v1/me",
            &of,
            &json!({ "display_name": "Sophie Bernard", "daily_digest": false }),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(t.app.send_daily_reminders().await.expect("digest"), 0);
    assert!(
        mails_to(&t, "of@formapro.test", "à saisir ou à certifier")
            .await
            .is_empty()
    );
    // Turned on again, the next day's digest comes.
    let res = t
        .send_json(
            Method::PUT,
            "/api/v1/me",
            &of,
            &json!({ "display_name": "Sophie Bernard", "daily_digest": true }),
        )
        .await;
    assert_eq!(res.status(), 200);
    t.app.clock.advance(chrono::Duration::days(1));
    assert_eq!(t.app.send_daily_reminders().await.expect("digest"), 1);
    assert_eq!(
        mails_to(&t, "of@formapro.test", "à saisir ou à certifier")
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn a_password_change_revokes_every_other_token_and_session_and_opens_a_new_one() {
    let t = spawn_app().await;
    let here = login(&t, "of@formapro.test", DEMO_PASSWORD).await;
    let elsewhere = login(&t, "of@formapro.test", DEMO_PASSWORD).await;
    let res = change_password(&t, &here.access, DEMO_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(res.status(), 204);
    let set_cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("realis_refresh="))
        .expect("a new session cookie")
        .to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/api/v1/auth"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    let fresh = refresh_cookie(&res).expect("cookie");
    assert_eq!(fresh.len(), 64);
    // Every token and session from before is dead, the caller's included.
    for token in [&here.access, &elsewhere.access] {
        problem(t.get_with("/api/v1/me", token).await, 401, "invalid_token").await;
    }
    for cookie in [&here.cookie, &elsewhere.cookie] {
        problem(refresh(&t, cookie).await, 401, "invalid_token").await;
    }
    // The new session gives a working token.
    let body = json_of(refresh(&t, &fresh).await, 200).await;
    let token = body["access_token"].as_str().expect("token");
    assert_eq!(t.get_with("/api/v1/me", token).await.status(), 200);
    // Only the new password logs in.
    problem(
        t.login_raw("of@formapro.test", DEMO_PASSWORD).await,
        401,
        "invalid_credentials",
    )
    .await;
    login(&t, "of@formapro.test", NEW_PASSWORD).await;
    // The person is told, without the password.
    let mails = mails_to(&t, "of@formapro.test", "Votre mot de passe a été modifié").await;
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].text.contains("Mot de passe oublié"),
        "{}",
        mails[0].text
    );
    for body in [&mails[0].text, &mails[0].html] {
        assert!(!body.contains(NEW_PASSWORD) && !body.contains(DEMO_PASSWORD));
    }
    assert_eq!(audited(&t, "password_changed").await.len(), 1);
}

#[tokio::test]
async fn a_wrong_current_password_is_a_field_error_and_changes_nothing() {
    let t = spawn_app().await;
    let of = login(&t, "of@formapro.test", DEMO_PASSWORD).await;
    let res = change_password(&t, &of.access, "pas le bon mot de passe", NEW_PASSWORD).await;
    assert!(refresh_cookie(&res).is_none());
    let p = problem(res, 422, "validation_failed").await;
    assert_eq!(
        field_codes(&p),
        [("current_password".into(), "wrong_password".into())]
    );
    assert_eq!(
        p["errors"][0]["message"],
        "Le mot de passe actuel est incorrect."
    );
    // The session goes on, the old password still logs in, and the attempt is audited.
    assert_eq!(t.get_with("/api/v1/me", &of.access).await.status(), 200);
    assert_eq!(refresh(&t, &of.cookie).await.status(), 200);
    login(&t, "of@formapro.test", DEMO_PASSWORD).await;
    assert_eq!(audited(&t, "password_change_refused").await.len(), 1);
    assert!(audited(&t, "password_changed").await.is_empty());
    assert!(
        mails_to(&t, "of@formapro.test", "mot de passe a été modifié")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn the_new_password_follows_the_policy_of_every_new_password() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    for (new, code) in [
        ("court", "too_short"),
        (DEMO_PASSWORD, "unchanged"),
        ("aaaaaaaaaaaaaaaa", "repetitive"),
        ("formapro et ses trois chevaux", "personal"),
        ("Motdepasse2026!", "common"),
    ] {
        let p = problem(
            change_password(&t, &of, DEMO_PASSWORD, new).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(
            field_codes(&p),
            [("new_password".into(), code.into())],
            "{new}"
        );
    }
    // Both wrong at once: both said.
    let p = problem(
        change_password(&t, &of, "pas le bon", "court").await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        field_codes(&p),
        [
            ("current_password".into(), "wrong_password".into()),
            ("new_password".into(), "too_short".into())
        ]
    );
    // Nothing changed: the token still works.
    assert_eq!(t.get_with("/api/v1/me", &of).await.status(), 200);
    let p = problem(
        t.send_json(
            Method::POST,
            "/api/v1/me/password",
            &of,
            &json!({ "new_password": NEW_PASSWORD }),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert!(p["detail"].is_string());
}

#[tokio::test]
async fn password_changes_are_limited_per_account() {
    let t = spawn_app().await;
    let of = t.token("of@formapro.test").await;
    for _ in 0..realis_app::profile::PASSWORD_CHANGES_PER_HOUR {
        let res = change_password(&t, &of, "pas le bon mot de passe", NEW_PASSWORD).await;
        assert_eq!(res.status(), 422);
    }
    let res = change_password(&t, &of, DEMO_PASSWORD, NEW_PASSWORD).await;
    assert!(res.headers().contains_key("retry-after"));
    problem(res, 429, "rate_limited").await;
}

/// The demo OF's id and the agent's token.
async fn demo_org(t: &TestApp) -> (i64, String) {
    let of = t.token("of@formapro.test").await;
    let org = get_json(t, &of, "/api/v1/me").await["organisation_id"]
        .as_i64()
        .expect("org");
    (org, t.token("agent@tp-idf.test").await)
}

/// The correction body that leaves the organisation as it is.
fn as_is(o: &Value) -> Value {
    let text = |f: &str| o[f].as_str().unwrap_or_default().to_owned();
    json!({
        "name": text("name"), "siret": text("siret"), "email": text("email"),
        "address": text("address"), "postal_code": text("postal_code"), "city": text("city"),
        "mobile_phone": text("mobile_phone"), "landline_phone": text("landline_phone"),
        "fax": text("fax"), "nda": text("nda"), "website": text("website"),
        "legal_representative": text("legal_representative"),
    })
}

#[tokio::test]
async fn the_agent_corrects_the_siret_with_a_reason_audited_and_mailed_to_the_of_users() {
    let t = spawn_app().await;
    let (org, agent) = demo_org(&t).await;
    let path = format!("/api/v1/funder/organisations/{org}");
    let before = get_json(&t, &agent, &path).await;
    assert_eq!(before["siret"], "73282932000074");
    let mut body = as_is(&before);
    body["siret"] = json!("356 000 000 49837");
    body["reason"] = json!("  Erreur de saisie   à la création ");
    body["city"] = json!("Lyon");
    let after = json_of(t.send_json(Method::PUT, &path, &agent, &body).await, 200).await;
    assert_eq!(after["siret"], "35600000049837");
    assert_eq!(after["city"], "Lyon");
    assert_eq!(after["name"], before["name"]);
    assert_eq!(after["certifier"], before["certifier"]);
    // The OF sees it.
    let of = t.token("of@formapro.test").await;
    assert_eq!(
        get_json(&t, &of, "/api/v1/organisation").await["siret"],
        "35600000049837"
    );
    let expected = json!({
        "changed": ["siret", "city"],
        "before": { "siret": "73282932000074", "city": before["city"] },
        "after": { "siret": "35600000049837", "city": "Lyon" },
        "reason": "Erreur de saisie à la création",
    });
    assert_eq!(
        audited(&t, "siret_corrected").await,
        [(
            Some(org.to_string()),
            realis_store::audit::data_hash(&expected)
        )]
    );
    let mails = mails_to(&t, "of@formapro.test", "Numéro de SIRET corrigé").await;
    assert_eq!(mails.len(), 1);
    let text = &mails[0].text;
    assert!(
        text.contains(
            "356\u{a0}000\u{a0}000\u{a0}49837 au lieu de 732\u{a0}829\u{a0}320\u{a0}00074"
        ),
        "{text}"
    );
    assert!(
        text.contains("Motif\u{a0}: Erreur de saisie à la création"),
        "{text}"
    );
}

#[tokio::test]
async fn a_correction_that_keeps_the_siret_needs_no_reason_and_mails_nobody() {
    let t = spawn_app().await;
    let (org, agent) = demo_org(&t).await;
    let path = format!("/api/v1/funder/organisations/{org}");
    let before = get_json(&t, &agent, &path).await;
    let mut body = as_is(&before);
    body["siret"] = json!("732 829 320 00074");
    body["name"] = json!("Formapro Conseil et Formation");
    body["postal_code"] = json!("75 011");
    let after = json_of(t.send_json(Method::PUT, &path, &agent, &body).await, 200).await;
    assert_eq!(after["name"], "Formapro Conseil et Formation");
    assert_eq!(after["postal_code"], "75011");
    assert_eq!(audited(&t, "organisation_corrected").await.len(), 1);
    assert!(audited(&t, "siret_corrected").await.is_empty());
    assert!(mails_to(&t, "of@formapro.test", "SIRET").await.is_empty());
}

#[tokio::test]
async fn a_siret_correction_refuses_a_bad_number_a_missing_reason_or_a_taken_number() {
    let t = spawn_app().await;
    let (org, agent) = demo_org(&t).await;
    let other = json_of(
        t.send_json(Method::POST, "/api/v1/funder/organisations", &agent, &json!({ "name": "Autre OF", "siret": "35600000049837", "email": "autre@of.test", "user": { "email": "user@autre-of.test", "display_name": "Autre" } })).await,
        201,
    )
    .await;
    assert!(other["id"].as_i64().is_some());
    let path = format!("/api/v1/funder/organisations/{org}");
    let base = as_is(&get_json(&t, &agent, &path).await);
    let put = |patch: Value| {
        let (t, agent, path) = (&t, agent.clone(), path.clone());
        let mut body = base.clone();
        for (k, v) in patch.as_object().expect("patch") {
            body[k] = v.clone();
        }
        async move { t.send_json(Method::PUT, &path, &agent, &body).await }
    };
    for (patch, expected) in [
        (
            json!({ "siret": "35600000049837" }),
            vec![("reason", "reason_required")],
        ),
        (
            json!({ "siret": "35600000049837", "reason": "  " }),
            vec![("reason", "reason_required")],
        ),
        (
            json!({ "siret": "12345678912345", "reason": "Erreur" }),
            vec![("siret", "invalid_siret")],
        ),
        (
            json!({ "siret": "7328293200007", "name": "", "postal_code": "123" }),
            vec![
                ("name", "required"),
                ("postal_code", "invalid_postal_code"),
                ("siret", "invalid_siret"),
                ("reason", "reason_required"),
            ],
        ),
        (
            json!({ "siret": "35600000049837", "reason": "Doublon" }),
            vec![("siret", "siret_taken")],
        ),
    ] {
        let p = problem(put(patch.clone()).await, 422, "validation_failed").await;
        let expected: Vec<(String, String)> = expected
            .into_iter()
            .map(|(f, c)| (f.to_owned(), c.to_owned()))
            .collect();
        assert_eq!(field_codes(&p), expected, "{patch}");
    }
    problem(
        put(json!({ "certifier": true })).await,
        422,
        "validation_failed",
    )
    .await;
    // Nothing was changed.
    assert_eq!(get_json(&t, &agent, &path).await["siret"], "73282932000074");
    assert!(audited(&t, "siret_corrected").await.is_empty());
}

#[tokio::test]
async fn only_the_agents_of_the_ofs_funder_correct_or_deactivate_it() {
    let t = spawn_app().await;
    let (org, agent) = demo_org(&t).await;
    let body = as_is(&get_json(&t, &agent, &format!("/api/v1/funder/organisations/{org}")).await);
    let admin = t.token("admin@realis.test").await;
    t.send_json(Method::POST, "/api/v1/admin/funders", &admin, &json!({ "name": "TP Bretagne", "region": "Bretagne", "agent": { "email": "agent@bzh.test", "display_name": "Agent" } })).await;
    let other_agent = crate::admin::activate(&t, "agent@bzh.test").await;
    let outsiders = [
        other_agent,
        t.token("of@formapro.test").await,
        t.token("michelle.dubois@realis.test").await,
        admin,
    ];
    for token in &outsiders {
        for (method, suffix) in [
            (Method::PUT, ""),
            (Method::POST, "/deactivate"),
            (Method::POST, "/reactivate"),
        ] {
            let path = format!("/api/v1/funder/organisations/{org}{suffix}");
            let res = t.send_json(method.clone(), &path, token, &body).await;
            problem(res, 404, "not_found").await;
        }
    }
    // A missing organisation answers the same.
    let res = t
        .send_json(
            Method::POST,
            "/api/v1/funder/organisations/999999/deactivate",
            &agent,
            &json!({}),
        )
        .await;
    problem(res, 404, "not_found").await;
    let of = t.token("of@formapro.test").await;
    assert_eq!(t.get_with("/api/v1/me", &of).await.status(), 200);
    assert!(audited(&t, "organisation_deactivated").await.is_empty());
}

#[tokio::test]
async fn a_deactivated_organisation_can_neither_log_in_nor_use_its_tokens_and_stays_readable() {
    let t = spawn_app().await;
    let of = login(&t, "of@formapro.test", DEMO_PASSWORD).await;
    let org = get_json(&t, &of.access, "/api/v1/me").await["organisation_id"]
        .as_i64()
        .expect("org");
    let agent = t.token("agent@tp-idf.test").await;
    let deactivate = format!("/api/v1/funder/organisations/{org}/deactivate");
    let o = json_of(
        t.send_json(Method::POST, &deactivate, &agent, &json!({}))
            .await,
        200,
    )
    .await;
    assert!(o["deactivated_at"].is_string(), "{o}");
    // Twice is once.
    json_of(
        t.send_json(Method::POST, &deactivate, &agent, &json!({}))
            .await,
        200,
    )
    .await;
    assert_eq!(audited(&t, "organisation_deactivated").await.len(), 1);
    // Its users: their tokens say why, their sessions are over, their login is refused.
    problem(
        t.get_with("/api/v1/dossiers", &of.access).await,
        403,
        "organisation_disabled",
    )
    .await;
    problem(refresh(&t, &of.cookie).await, 401, "invalid_token").await;
    problem(
        t.login_raw("of@formapro.test", DEMO_PASSWORD).await,
        403,
        "organisation_disabled",
    )
    .await;
    // A wrong password is still only a wrong password.
    problem(
        t.login_raw("of@formapro.test", "pas le bon mot de passe")
            .await,
        401,
        "invalid_credentials",
    )
    .await;
    // No reset link, no digest.
    let res = t
        .client
        .post(t.url("/api/v1/auth/password/forgot"))
        .json(&json!({ "login": "of@formapro.test" }))
        .send()
        .await
        .expect("forgot");
    assert_eq!(res.status(), 202);
    t.app.settle().await;
    assert!(
        mails_to(&t, "of@formapro.test", "Réinitialisation")
            .await
            .is_empty()
    );
    assert_eq!(t.app.send_daily_reminders().await.expect("digest"), 0);
    // The funder still reads everything.
    let seen = get_json(&t, &agent, &format!("/api/v1/funder/organisations/{org}")).await;
    assert_eq!(seen["deactivated_at"], o["deactivated_at"]);
    let list = get_json(&t, &agent, "/api/v1/funder/organisations").await;
    let row = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == org)
        .expect("listed")
        .clone();
    assert!(row["deactivated_at"].is_string(), "{row}");
    let dossiers = get_json(&t, &agent, "/api/v1/dossiers").await;
    assert!(
        dossiers["total"].as_u64().expect("total") >= 3,
        "{dossiers}"
    );
    // Nobody could enter the hours of a new dossier: the agent is told why.
    let p = crate::helpers::problem(
        t.send_json(
            Method::POST,
            "/api/v1/funder/dossiers",
            &agent,
            &json!({
                "number": "D-OFF",
                "organisation_id": org,
                "beneficiary": { "first_name": "Zoé", "last_name": "Dûpont", "email": "d-off@realis.test" },
                "employer": { "name": "Pharmaplus", "email": "rh@pharmaplus.test" },
                "training_title": "BTS Diététique",
                "session_start": "2026-09-07",
                "session_end": "2027-06-30",
            }),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "organisation_disabled", "{p}");
    // Reactivated: a new login works; the sessions of before stay revoked.
    let reactivate = format!("/api/v1/funder/organisations/{org}/reactivate");
    let o = json_of(
        t.send_json(Method::POST, &reactivate, &agent, &json!({}))
            .await,
        200,
    )
    .await;
    assert!(o.get("deactivated_at").is_none(), "{o}");
    problem(
        t.get_with("/api/v1/me", &of.access).await,
        401,
        "invalid_token",
    )
    .await;
    let again = login(&t, "of@formapro.test", DEMO_PASSWORD).await;
    assert_eq!(
        t.get_with("/api/v1/dossiers", &again.access).await.status(),
        200
    );
    assert_eq!(audited(&t, "organisation_reactivated").await.len(), 1);
}
