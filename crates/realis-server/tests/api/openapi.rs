use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_committed_openapi_document_equals_the_served_one() {
    let t = spawn_app().await;
    let served: Value = t
        .client
        .get(t.url("/api-docs/openapi.json"))
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../api-spec/openapi.json");
    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("api-spec/openapi.json exists"))
            .expect("valid JSON");
    assert!(
        served == committed,
        "api-spec/openapi.json is stale: run `cargo xtask openapi` and commit it"
    );
    assert_eq!(served["openapi"], "3.1.0");
    for p in [
        "/api/v1/auth/login",
        "/api/v1/auth/password/forgot",
        "/api/v1/auth/password/reset",
        "/api/v1/me",
        "/api/v1/dashboard",
        "/healthz",
    ] {
        assert!(served["paths"].get(p).is_some(), "{p} documented");
    }
    assert_eq!(
        served["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}
