//! The document's account of API keys and rate limits: the `api_key` security scheme, on each
//! operation a key may call the scopes it needs (from [`crate::scopes`], the table the
//! extractor enforces), on every secured operation the 429 and the `RateLimit` headers (on the
//! others too: a request that carries a valid credential anyway is counted), and `Retry-After` on
//! every 429.

use utoipa::Modify;
use utoipa::openapi::RefOr;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ObjectBuilder, Type};

use realis_api_types::ErrorCode;

use super::codes::note;
use crate::routes::responses::problem;
use crate::scopes::{self, Need};

pub struct KeyAccess;

fn string_header(description: &str, example: &str) -> utoipa::openapi::header::Header {
    HeaderBuilder::new()
        .schema(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .examples([example]),
        )
        .description(Some(description))
        .build()
}

impl Modify for KeyAccess {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use actix_web::http::Method;
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "api_key",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .bearer_format("rls_…")
                        .description(Some(
                            "An API key made on the «Développeurs» page or with `POST /api/v1/api-keys`, \
sent as `Authorization: Bearer rls_…`. It acts as its user, narrowed by its scopes: each operation lists \
the scopes that let a key call it (one is enough); an operation without `api_key` is for a person's session \
only. A key lacking the scope gets 403 `insufficient_scope`; used from outside its `allowed_ips`, 403 \
`address_not_allowed`.",
                        ))
                        .build(),
                ),
            );
        }
        let policy = string_header(
            "The limit that applies (IETF draft-ietf-httpapi-ratelimit-headers): `q` requests per `w` seconds, per API key (`\"key\"`, 600 a minute by default) or per session (`\"user\"`, 1,200).",
            "\"key\";q=600;w=60",
        );
        let state = string_header(
            "Where the caller stands: `r` requests left in the window, which ends in `t` seconds.",
            "\"key\";r=599;t=42",
        );
        let retry = HeaderBuilder::new()
            .schema(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1)),
            )
            .description(Some("Seconds to wait before retrying."))
            .build();
        // Without a credential of its own an operation is not limited, but a request that
        // carries a valid one anyway is counted (and may be refused) like any other.
        let policy_anyway = string_header(
            "Sent when the request carries a valid bearer token or API key anyway: the limit that applies to it (see the operations that need one).",
            "\"user\";q=1200;w=60",
        );
        let state_anyway = string_header(
            "Sent when the request carries a valid bearer token or API key anyway: `r` requests left in the window, which ends in `t` seconds.",
            "\"user\";r=1199;t=42",
        );
        for (path, item) in openapi.paths.paths.iter_mut() {
            let operations = [
                (Method::GET, item.get.as_mut()),
                (Method::PUT, item.put.as_mut()),
                (Method::POST, item.post.as_mut()),
                (Method::DELETE, item.delete.as_mut()),
                (Method::PATCH, item.patch.as_mut()),
            ];
            for (method, op) in operations {
                let Some(op) = op else { continue };
                if !path.starts_with("/api/v1/") {
                    continue;
                }
                let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
                if secured {
                    // A key is read where a bearer token is (not by the refresh cookie's route).
                    let bearer =
                        op.security.iter().flatten().any(|s| {
                            *s == SecurityRequirement::new("bearer", Vec::<String>::new())
                        });
                    let scopes: Option<Vec<&str>> = match scopes::need(&method, path) {
                        Need::Session => None,
                        Need::AnyKey => Some(Vec::new()),
                        Need::OneOf(any) => Some(any.iter().map(|s| s.as_str()).collect()),
                    };
                    if let Some(scopes) = scopes {
                        op.security
                            .get_or_insert_with(Vec::new)
                            .push(SecurityRequirement::new("api_key", scopes));
                    }
                    op.responses
                        .responses
                        .entry("429".to_owned())
                        .or_insert_with(|| problem("Too many requests for this key or session (`Retry-After`, `RateLimit`)"));
                    let forbidden = op
                        .responses
                        .responses
                        .entry("403".to_owned())
                        .or_insert_with(|| {
                            problem("Your role may not do this, or the API key lacks the scope")
                        });
                    if let (RefOr::T(forbidden), true) = (forbidden, bearer) {
                        note(
                            forbidden,
                            &[ErrorCode::InsufficientScope, ErrorCode::AddressNotAllowed],
                        );
                    }
                }
                let (policy, state) = if secured {
                    (&policy, &state)
                } else {
                    (&policy_anyway, &state_anyway)
                };
                for (status, response) in &mut op.responses.responses {
                    if let RefOr::T(response) = response {
                        response
                            .headers
                            .insert("RateLimit-Policy".to_owned(), policy.clone());
                        response
                            .headers
                            .insert("RateLimit".to_owned(), state.clone());
                        // Every 429 is `rate_limited` with `Retry-After` (the route's own
                        // limits as the per-key and per-session one).
                        if status == "429" {
                            response
                                .headers
                                .insert("Retry-After".to_owned(), retry.clone());
                            note(response, &[ErrorCode::RateLimited]);
                        }
                    }
                }
            }
        }
    }
}
