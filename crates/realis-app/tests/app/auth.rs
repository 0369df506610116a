//! Logins, session refreshes, logouts and password links write through the unit of work: their
//! audit records (who, what, from where, with what data), mails and throttling.

use chrono::Duration;
use realis_app::demo::DEMO_PASSWORD;
use realis_app::{AppError, RequestMeta};
use realis_domain::Role;
use realis_domain::audit::{AuditAction, AuditObject, AuditRecord};
use realis_domain::session::SessionPolicy;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::support::{audit_records, chain_holds, data_hash, meta, world};

const OF: &str = "of@formapro.test";

async fn last(w: &crate::support::World, action: AuditAction) -> AuditRecord {
    audit_records(&w.app, action)
        .await
        .pop()
        .unwrap_or_else(|| panic!("a {action:?} record"))
}

/// The request's address and user agent are both recorded.
fn from_the_request(r: &AuditRecord) {
    let m = meta();
    assert_eq!((&r.ip, &r.user_agent), (&m.ip, &m.user_agent), "{r:?}");
}

#[tokio::test]
async fn a_login_is_audited_as_it_succeeds_fails_and_is_throttled() {
    let w = world().await;
    let ok = w
        .app
        .login(OF, DEMO_PASSWORD, &meta())
        .await
        .expect("login");
    let id = ok.user.id;
    let r = last(&w, AuditAction::LoginSucceeded).await;
    assert_eq!(r.actor_user_id, Some(id));
    assert_eq!(r.actor_role, Some(Role::Organisation));
    assert_eq!(r.organisation_id, ok.user.organisation_id);
    assert!(r.organisation_id.is_some());
    assert_eq!(r.funder_id, None);
    assert_eq!(r.object_type, Some(AuditObject::User));
    assert_eq!(r.object_id, Some(id.to_string()));
    assert_eq!(r.data_hash, data_hash(&json!({})));
    from_the_request(&r);

    // Wrong passwords: the account is named, not as the actor's role or tenancy.
    let before = audit_records(&w.app, AuditAction::LoginFailed).await.len();
    for _ in 0..5 {
        let res = w.app.login(OF, "not the password", &meta()).await;
        assert!(matches!(res, Err(AppError::InvalidCredentials)), "{res:?}");
    }
    let failed = audit_records(&w.app, AuditAction::LoginFailed).await;
    assert_eq!(failed.len(), before + 5);
    let r = failed.last().expect("a failure");
    let login_hash = hex::encode(Sha256::digest(OF.as_bytes()));
    assert_eq!(r.actor_user_id, Some(id));
    assert_eq!(
        (r.actor_role, r.organisation_id, r.funder_id),
        (None, None, None)
    );
    assert_eq!(r.object_type, Some(AuditObject::User));
    assert_eq!(r.object_id, Some(id.to_string()));
    assert_eq!(r.data_hash, data_hash(&json!({ "login_hash": login_hash })));
    from_the_request(r);
    // The fifth failure alerts the account's owner; the sixth attempt waits.
    let alerts = w.mails(OF, "Tentatives de connexion").await;
    assert_eq!(alerts.len(), 1);
    assert!(
        alerts[0].text.contains("5 tentatives"),
        "{}",
        alerts[0].text
    );
    let res = w.app.login(OF, DEMO_PASSWORD, &meta()).await;
    assert!(matches!(res, Err(AppError::RateLimited { .. })), "{res:?}");
    assert_eq!(
        audit_records(&w.app, AuditAction::LoginFailed).await.len(),
        before + 5
    );

    // A login naming no account names no object either.
    let res = w.app.login("personne@nulle-part.test", "x", &meta()).await;
    assert!(matches!(res, Err(AppError::InvalidCredentials)), "{res:?}");
    let r = last(&w, AuditAction::LoginFailed).await;
    assert_eq!((r.actor_user_id, r.actor_role), (None, None));
    assert_eq!(r.object_type, Some(AuditObject::User));
    assert_eq!(r.object_id, None);
    assert!(chain_holds(&w.app).await);
}

#[tokio::test]
async fn a_refresh_rotates_through_the_unit_and_a_replay_revokes_the_family() {
    let w = world().await;
    let grant = w
        .app
        .login_session(OF, DEMO_PASSWORD, &meta())
        .await
        .expect("login");
    let id = grant.access.user.id;
    let next = w
        .app
        .refresh_session(&grant.refresh.token, &meta())
        .await
        .expect("rotated");
    assert_ne!(next.refresh.token, grant.refresh.token);
    let refreshed = audit_records(&w.app, AuditAction::SessionRefreshed).await;
    assert_eq!(refreshed.len(), 1);
    let r = &refreshed[0];
    assert_eq!(r.actor_user_id, Some(id));
    assert_eq!(r.actor_role, Some(Role::Organisation));
    assert_eq!(r.organisation_id, grant.access.user.organisation_id);
    assert_eq!(r.object_type, Some(AuditObject::User));
    assert_eq!(r.object_id, Some(id.to_string()));
    from_the_request(r);

    // Another tab within the grace period gets the same successor, and nothing is recorded.
    let again = w
        .app
        .refresh_session(&grant.refresh.token, &meta())
        .await
        .expect("same successor");
    assert_eq!(again.refresh.token, next.refresh.token);
    assert_eq!(
        audit_records(&w.app, AuditAction::SessionRefreshed)
            .await
            .len(),
        1
    );

    // Later, the spent token is a theft: the family dies, its live token with it.
    w.app
        .clock
        .advance(SessionPolicy::default().grace + Duration::seconds(1));
    let res = w.app.refresh_session(&grant.refresh.token, &meta()).await;
    assert!(matches!(res, Err(AppError::InvalidToken)), "{res:?}");
    let r = last(&w, AuditAction::RefreshTokenReused).await;
    assert_eq!(
        (r.actor_user_id, r.actor_role),
        (Some(id), Some(Role::Organisation))
    );
    from_the_request(&r);
    let res = w.app.refresh_session(&next.refresh.token, &meta()).await;
    assert!(matches!(res, Err(AppError::InvalidToken)), "{res:?}");
    assert_eq!(
        audit_records(&w.app, AuditAction::SessionRefreshRefused)
            .await
            .len(),
        1
    );

    // Logging out ends a live family once.
    let other = w
        .app
        .login_session(OF, DEMO_PASSWORD, &meta())
        .await
        .expect("login");
    for _ in 0..2 {
        w.app
            .logout_session(Some(&other.refresh.token), &meta())
            .await
            .expect("logout");
    }
    let out = audit_records(&w.app, AuditAction::LoggedOut).await;
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].actor_user_id, Some(id));
    assert!(chain_holds(&w.app).await);
}

#[tokio::test]
async fn a_password_link_is_audited_for_the_account_it_names() {
    let w = world().await;
    let meta = RequestMeta {
        ip: Some("198.51.100.4".into()),
        user_agent: Some("realis-app-tests/2.0".into()),
    };
    w.app.forgot_password(OF, &meta).await.expect("asked");
    w.app.settle().await;
    let mail = w
        .mails(OF, "Réinitialisation de votre mot de passe")
        .await
        .pop()
        .expect("the link");
    let start = mail.text.find("token=").expect("link") + 6;
    let token: String = mail.text[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    let asked = last(&w, AuditAction::PasswordResetRequested).await;
    assert_eq!(asked.actor_role, Some(Role::Organisation));
    assert_eq!((asked.organisation_id, asked.funder_id), (None, None));
    assert_eq!(asked.data_hash, data_hash(&json!({})));
    assert_eq!(asked.ip, meta.ip);
    w.app
        .reset_password(&token, "un tout autre mot de passe", &meta)
        .await
        .expect("password set");
    let set = last(&w, AuditAction::PasswordSet).await;
    assert_eq!(set.actor_user_id, asked.actor_user_id);
    assert_eq!(set.object_id, asked.object_id);
    assert_eq!((set.actor_role, set.organisation_id), (None, None));
    assert_eq!(
        set.data_hash,
        data_hash(&json!({ "via": "password_reset" }))
    );
    assert_eq!(set.user_agent, meta.user_agent);
    assert!(chain_holds(&w.app).await);
}
