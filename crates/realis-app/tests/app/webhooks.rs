//! The webhook sender as the binary runs it: no TLS provider installed by anyone else (the API
//! tests install one; this binary does not), a real socket receiving the POST.

use realis_api_types::WebhookRequest;
use realis_app::webhooks::WebhookSettings;
use realis_domain::events::EventType;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{meta, october, world};

/// Accepts one connection, keeps what it read, answers 204.
async fn one_shot_receiver() -> (String, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/hooks", listener.local_addr().expect("addr"));
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        // Headers and the small JSON body arrive together; read until the body is complete.
        loop {
            let n = socket.read(&mut buf).await.expect("read");
            got.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&got);
            if n == 0 || text.contains("\r\n\r\n") && text.trim_end().ends_with('}') {
                break;
            }
        }
        socket
            .write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n")
            .await
            .expect("write");
        String::from_utf8_lossy(&got).into_owned()
    });
    (url, task)
}

#[tokio::test]
async fn a_saved_month_reaches_a_subscribed_receiver_signed() {
    let mut w = world().await;
    w.app.webhook_settings = WebhookSettings {
        retry_base_seconds: 1,
        allow_private: true,
    };
    let (url, received) = one_shot_receiver().await;
    let of = w.of().await;
    let created = w
        .app
        .create_webhook(
            &of,
            &WebhookRequest {
                url,
                events: vec![EventType::MonthStatusChanged],
                description: "ERP".into(),
                enabled: true,
            },
            &meta(),
        )
        .await
        .expect("subscribed");
    assert!(created.secret.starts_with("whsec_"));
    w.save_hours(october()).await.expect("saved");
    assert_eq!(w.app.deliver_due_webhooks().await.expect("pass"), 1);
    let request = received.await.expect("received");
    assert!(request.starts_with("POST /hooks HTTP/1.1"), "{request}");
    assert!(request.contains("webhook-id: msg_"), "{request}");
    assert!(request.contains("webhook-signature: v1,"), "{request}");
    assert!(
        request.contains("\"type\":\"month.status_changed\""),
        "{request}"
    );
}
