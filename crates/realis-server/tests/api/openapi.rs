use serde_json::Value;

use crate::helpers::spawn_app;

/// The OpenAPI document as the server serves it.
async fn served_document() -> Value {
    let t = spawn_app().await;
    t.client
        .get(t.url("/api-docs/openapi.json"))
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json")
}

#[tokio::test]
async fn the_committed_openapi_document_equals_the_served_one() {
    let served = served_document().await;
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

/// Whether a property schema carries its own, non-empty `description`.
///
/// The rule: the description must say what *this field* means, so the description of a
/// referenced schema (what a `Role` or a `MonthStatus` is) does not count. utoipa 5 puts a
/// field's doc comment beside a `$ref` (`{"$ref": …, "description": …}`, allowed in OpenAPI
/// 3.1), and for an `Option` of a component inside the non-null member of its
/// `oneOf: [{"type": "null"}, {"$ref": …, "description": …}]`; so a description on the property
/// itself or on one of its `oneOf` / `anyOf` / `allOf` members is accepted.
fn has_description(property: &Value) -> bool {
    let own = |v: &Value| {
        v["description"]
            .as_str()
            .is_some_and(|d| !d.trim().is_empty())
    };
    own(property)
        || ["oneOf", "anyOf", "allOf"].iter().any(|k| {
            property[*k]
                .as_array()
                .is_some_and(|members| members.iter().any(own))
        })
}

/// `Schema.field` for every property of `schema` (and of its composed members) without a
/// description.
fn undocumented(name: &str, schema: &Value, out: &mut Vec<String>) {
    if let Some(properties) = schema["properties"].as_object() {
        for (field, property) in properties {
            if !has_description(property) {
                out.push(format!("{name}.{field}"));
            }
        }
    }
    for k in ["oneOf", "anyOf", "allOf"] {
        for member in schema[k].as_array().into_iter().flatten() {
            undocumented(name, member, out);
        }
    }
}

/// Every field of every DTO is documented for integrators: each object property of
/// `components.schemas` has a `description` (see [`has_description`] for `$ref` properties).
#[tokio::test]
async fn every_schema_property_has_a_description() {
    let served = served_document().await;
    let schemas = served["components"]["schemas"]
        .as_object()
        .expect("components.schemas");
    let mut missing = Vec::new();
    for (name, schema) in schemas {
        undocumented(name, schema, &mut missing);
    }
    assert!(
        missing.is_empty(),
        "{} properties have no description (add a `///` doc comment to the field in \
         realis-api-types, then run `cargo xtask openapi`):\n{}",
        missing.len(),
        missing.join("\n")
    );
}

/// Generators name a client's methods after the operationIds: two operations with one id break
/// them (four did: `get_organisation`, `get_document`, `get_logo`, `get_stamp`).
#[tokio::test]
async fn every_operation_id_is_unique() {
    let doc = served_document().await;
    let mut seen = std::collections::BTreeMap::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("ops") {
            let id = op["operationId"].as_str().expect("operationId").to_owned();
            if let Some(other) = seen.insert(id.clone(), format!("{method} {path}")) {
                panic!("{id} names both {other} and {method} {path}");
            }
        }
    }
    assert!(seen.len() > 100);
}
