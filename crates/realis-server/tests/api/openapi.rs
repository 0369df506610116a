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

/// `(method, path, operation)` for every operation of the document.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("ops") {
            out.push((method.to_uppercase(), path.clone(), op.clone()));
        }
    }
    out
}

/// `schema`, following a `$ref` into `components.schemas`.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => &doc["components"]["schemas"][r.trim_start_matches("#/components/schemas/")],
        None => schema,
    }
}

fn has_example(v: &Value) -> bool {
    v.get("example").is_some() || v.get("examples").is_some()
}

/// Whether a body of `media_type` is a JSON document.
fn is_json(media_type: &str) -> bool {
    media_type == "application/json" || media_type.ends_with("+json")
}

/// Swagger UI shows an integrator what to send: every JSON or text request body has an example
/// (of its own or of its schema, one or two `$ref`s away); a raw upload (a binary schema) says
/// in its description what to send instead.
#[tokio::test]
async fn every_request_body_shows_what_to_send() {
    let doc = served_document().await;
    let mut missing = Vec::new();
    for (method, path, op) in operations(&doc) {
        let Some(body) = op.get("requestBody") else {
            continue;
        };
        for (media_type, content) in body["content"].as_object().expect("content") {
            let schema = resolve(&doc, &content["schema"]);
            let binary = schema["format"] == "binary";
            let shown = if binary {
                body["description"]
                    .as_str()
                    .is_some_and(|d| !d.trim().is_empty())
            } else {
                has_example(content) || has_example(schema) || has_example(resolve(&doc, schema))
            };
            if !shown {
                missing.push(format!("{method} {path} ({media_type})"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "request bodies without an example (add `example = json!(…)` to the route's \
         `request_body(…)`, or a description for a raw upload):\n{}",
        missing.join("\n")
    );
}

/// The pattern the document gives `Content-Disposition`, and the check of a value against it.
const DISPOSITION: &str = "^attachment; filename=\"[^\"]+\"$";

fn is_attachment(value: &str) -> bool {
    value
        .strip_prefix("attachment; filename=\"")
        .and_then(|rest| rest.strip_suffix('"'))
        .is_some_and(|name| !name.is_empty() && !name.contains('"'))
}

/// Every file download (a 2xx whose body is not JSON) declares its `Content-Disposition`;
/// every 429 its `Retry-After` and, under `/api/v1`, the `RateLimit` headers; every error
/// answer the `code` values it may carry, each a code of that status.
#[tokio::test]
async fn downloads_rate_limits_and_errors_declare_their_headers_and_codes() {
    let doc = served_document().await;
    let mut wrong = Vec::new();
    let mut downloads = 0;
    for (method, path, op) in operations(&doc) {
        for (status, response) in op["responses"].as_object().expect("responses") {
            let at = format!("{method} {path} {status}");
            let headers = &response["headers"];
            let files = response["content"]
                .as_object()
                .is_some_and(|c| c.keys().any(|m| !is_json(m)));
            if status.starts_with('2') && files {
                downloads += 1;
                if headers["Content-Disposition"]["schema"]["pattern"] != DISPOSITION {
                    wrong.push(format!("{at}: a download without Content-Disposition"));
                }
            }
            if status == "429" {
                let mut needed = vec!["Retry-After"];
                if path.starts_with("/api/v1/") {
                    needed.extend(["RateLimit", "RateLimit-Policy"]);
                }
                for h in needed {
                    if headers.get(h).is_none() {
                        wrong.push(format!("{at}: no {h}"));
                    }
                }
            }
            if status.starts_with('4') {
                let description = response["description"].as_str().unwrap_or_default();
                let Some((_, list)) = description.split_once("\n\nCodes: ") else {
                    wrong.push(format!("{at}: no «Codes: …» in {description:?}"));
                    continue;
                };
                for code in list.trim_end_matches('.').split(", ") {
                    let name = code.trim_matches('`');
                    match serde_json::from_value::<realis_api_types::ErrorCode>(Value::from(name)) {
                        Ok(c) if c.status().to_string() == *status => {}
                        Ok(c) => wrong.push(format!("{at}: `{name}` is a {}", c.status())),
                        Err(_) => wrong.push(format!("{at}: `{name}` is no error code")),
                    }
                }
            }
        }
    }
    assert!(downloads >= 15, "{downloads} downloads");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// What the document declares of a download is what the server sends: each of these files
/// comes with `Content-Disposition: attachment; filename="…"` where the document says so, and
/// the month with the `ETag` (and the 304) it declares.
#[tokio::test]
async fn downloads_send_the_declared_content_disposition_and_etag() {
    let t = spawn_app().await;
    let doc = served_document().await;
    let of = t.token("of@formapro.test").await;
    let agent = t.token("agent@tp-idf.test").await;
    let res = t
        .put_bytes(
            "/api/v1/organisation/logo",
            &of,
            "image/png",
            crate::helpers::png(40, 20),
        )
        .await;
    assert!(res.status().is_success(), "logo: {}", res.status());
    let month = "/api/v1/dossiers/{dossier_id}/months/{period}";
    for (token, template, path) in [
        (
            &of,
            "/api/v1/organisation/documents/consent_letter/model.pdf",
            "/api/v1/organisation/documents/consent_letter/model.pdf".to_owned(),
        ),
        (
            &of,
            "/api/v1/dossiers/{dossier_id}/months/{period}/template.csv",
            "/api/v1/dossiers/1/months/2026-10/template.csv".to_owned(),
        ),
        (
            &of,
            "/api/v1/dossiers/{dossier_id}/months/{period}/certificate.pdf",
            "/api/v1/dossiers/1/months/2026-10/certificate.pdf".to_owned(),
        ),
        (
            &of,
            "/api/v1/organisation/logo",
            "/api/v1/organisation/logo".to_owned(),
        ),
        (
            &agent,
            "/api/v1/funder/organisations/{organisation_id}/logo",
            "/api/v1/funder/organisations/1/logo".to_owned(),
        ),
        (
            &agent,
            "/api/v1/funder/transmissions.csv",
            "/api/v1/funder/transmissions.csv".to_owned(),
        ),
    ] {
        let declared = &doc["paths"][template]["get"]["responses"]["200"]["headers"];
        assert_eq!(
            declared["Content-Disposition"]["schema"]["pattern"], DISPOSITION,
            "{template} declares Content-Disposition"
        );
        let res = t.get_with(&path, token).await;
        assert_eq!(res.status(), 200, "GET {path}");
        let sent = res
            .headers()
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(is_attachment(&sent), "GET {path}: {sent:?}");
    }
    let responses = &doc["paths"][month]["get"]["responses"];
    assert!(responses["200"]["headers"].get("ETag").is_some());
    assert!(responses["304"]["headers"].get("ETag").is_some());
    let res = t.get_with("/api/v1/dossiers/1/months/2026-10", &of).await;
    assert_eq!(res.status(), 200);
    let etag = res.headers().get("etag").expect("ETag sent").clone();
    let res = t
        .client
        .get(t.url("/api/v1/dossiers/1/months/2026-10"))
        .bearer_auth(&of)
        .header("if-none-match", etag)
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 304);
    assert!(res.headers().get("etag").is_some());
}
