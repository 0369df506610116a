//! Which scope of an API key each route needs: one table, read by the [`Authenticated`]
//! extractor (a key without the scope gets 403 `insufficient_scope`) and by the OpenAPI
//! document (each operation's `api_key` requirement lists its scopes). A person's session needs
//! no scope: its role decides, as before.
//!
//! [`Authenticated`]: crate::extract::Authenticated

use actix_web::http::Method;
use realis_domain::api_key::ApiScope;

/// What a route asks of an API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Any live key (who am I).
    AnyKey,
    /// A key holding one of these scopes.
    OneOf(&'static [ApiScope]),
    /// No key at all: a person's session only (keys, account settings, passwords, the
    /// organisation's own settings, the platform's administration, messages).
    Session,
}

use ApiScope::*;

const READ: &[ApiScope] = &[DossiersRead, FunderRead];

/// The need of the route `pattern` (as actix-web and the OpenAPI document spell it,
/// `/api/v1/dossiers/{dossier_id}/…`) for `method`.
pub fn need(method: &Method, pattern: &str) -> Need {
    let Some(path) = pattern.strip_prefix("/api/v1") else {
        return Need::Session;
    };
    let read = method == Method::GET || method == Method::HEAD;
    let month = path.strip_prefix("/dossiers/{dossier_id}/months/{period}");
    if path == "/me" && read {
        return Need::AnyKey;
    }
    if path.starts_with("/api-keys")
        || path.starts_with("/admin")
        || path.starts_with("/me")
        || path.starts_with("/auth")
    {
        return Need::Session;
    }
    if path.starts_with("/webhooks") {
        return Need::OneOf(&[Webhooks]);
    }
    if path == "/events" {
        return Need::OneOf(&[Webhooks, DossiersRead, FunderRead]);
    }
    if let Some(rest) = path.strip_prefix("/funder") {
        return if read {
            Need::OneOf(&[FunderRead])
        } else if rest.is_empty() {
            Need::Session
        } else {
            Need::OneOf(&[FunderWrite])
        };
    }
    if path.starts_with("/certifications/batches") && !read {
        return Need::OneOf(&[Certify]);
    }
    if path == "/certifications/drafts" {
        // A POST only for the length of its list: it reads (renders) and changes nothing.
        return Need::OneOf(&[DossiersRead]);
    }
    if path == "/hours/batch" || path == "/months/prepare/batch" {
        return Need::OneOf(&[HoursWrite]);
    }
    if let Some(rest) = month
        && !read
    {
        return match rest {
            "/hours" | "/prepare" | "/template.csv" => Need::OneOf(&[HoursWrite]),
            "/certify"
            | "/code"
            | "/code/verify"
            | "/signed-certificate"
            | "/attendance-sheets"
            | "/files/{file_id}" => Need::OneOf(&[Certify]),
            _ => Need::Session,
        };
    }
    if read {
        return Need::OneOf(READ);
    }
    Need::Session
}

/// Whether a key with `scopes` meets `need`.
pub fn met(need: Need, scopes: &[ApiScope]) -> bool {
    match need {
        Need::AnyKey => true,
        Need::OneOf(any) => scopes.iter().any(|s| any.contains(s)),
        Need::Session => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_route_needs_its_scope() {
        let m = "/api/v1/dossiers/{dossier_id}/months/{period}";
        assert_eq!(
            need(&Method::PUT, &format!("{m}/hours")),
            Need::OneOf(&[HoursWrite])
        );
        assert_eq!(
            need(&Method::POST, &format!("{m}/code/verify")),
            Need::OneOf(&[Certify])
        );
        assert_eq!(need(&Method::GET, m), Need::OneOf(READ));
        assert_eq!(
            need(&Method::POST, &format!("{m}/validation")),
            Need::Session
        );
        assert_eq!(
            need(&Method::GET, "/api/v1/funder/transmissions/pending"),
            Need::OneOf(&[FunderRead])
        );
        assert_eq!(
            need(&Method::POST, "/api/v1/funder/transmissions"),
            Need::OneOf(&[FunderWrite])
        );
        assert_eq!(
            need(&Method::POST, "/api/v1/certifications/drafts"),
            Need::OneOf(&[DossiersRead])
        );
        assert_eq!(
            need(&Method::POST, "/api/v1/funder/reminders"),
            Need::OneOf(&[FunderWrite])
        );
        assert_eq!(need(&Method::POST, "/api/v1/api-keys"), Need::Session);
        assert_eq!(need(&Method::GET, "/api/v1/api-keys"), Need::Session);
        assert_eq!(need(&Method::PUT, "/api/v1/me"), Need::Session);
        assert_eq!(need(&Method::GET, "/api/v1/me"), Need::AnyKey);
        assert_eq!(need(&Method::PUT, "/api/v1/organisation"), Need::Session);
        assert_eq!(
            need(&Method::POST, "/api/v1/webhooks/{webhook_id}/ping"),
            Need::OneOf(&[Webhooks])
        );
        assert!(met(need(&Method::GET, "/api/v1/events"), &[Webhooks]));
        assert!(!met(
            need(&Method::POST, "/api/v1/hours/batch"),
            &[DossiersRead]
        ));
        assert_eq!(
            need(
                &Method::POST,
                "/api/v1/certifications/batches/{batch_id}/code/verify"
            ),
            Need::OneOf(&[Certify])
        );
        assert_eq!(
            need(&Method::GET, "/api/v1/certifications/batches/{batch_id}"),
            Need::OneOf(READ)
        );
        assert!(!met(Need::Session, &ApiScope::ALL));
    }
}
