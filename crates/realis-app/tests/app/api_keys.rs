//! API keys as use cases: the owner is e-mailed once, seven days before a key expires, and an
//! expired key stops.

use chrono::Duration;
use realis_api_types::{ApiKeyRequest, ApiScope};
use realis_app::AppError;

use crate::support::{meta, now, world};

#[tokio::test]
async fn the_owner_hears_once_a_week_before_a_key_expires_and_then_it_stops() {
    let w = world().await;
    let of = w.of().await;
    let created = w
        .app
        .create_api_key(
            &of,
            &ApiKeyRequest {
                name: "ERP paie".into(),
                scopes: vec![ApiScope::DossiersRead],
                expires_at: Some(now() + Duration::days(10)),
                allowed_ips: vec![],
            },
            &meta(),
        )
        .await
        .expect("created");
    let ip = "203.0.113.7".parse().ok();
    let as_key = w
        .app
        .authenticate_key(&created.key, ip)
        .await
        .expect("key works");
    assert_eq!(as_key.user_id, of.user_id);
    assert!(as_key.key.is_some());

    // Ten days ahead: nothing to say yet.
    assert_eq!(w.app.notify_expiring_api_keys().await.expect("notices"), 0);
    // Four days later the key expires within the week: one e-mail, once, across runs.
    w.app.clock.advance(Duration::days(4));
    assert_eq!(w.app.notify_expiring_api_keys().await.expect("notices"), 1);
    assert_eq!(w.app.notify_expiring_api_keys().await.expect("notices"), 0);
    let mails = w
        .mails("of@formapro.test", "Clé d'API bientôt expirée")
        .await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].text.contains("ERP paie"), "{}", mails[0].text);
    assert!(mails[0].text.contains(&created.api_key.prefix));
    assert!(
        !mails[0].text.contains(&created.key),
        "the key is never mailed"
    );

    // Past its expiry it is refused like any stale token.
    w.app.clock.advance(Duration::days(7));
    assert!(matches!(
        w.app.authenticate_key(&created.key, ip).await,
        Err(AppError::InvalidToken)
    ));
}
