//! Which methods a path answers, read once from the served OpenAPI document, so that a wrong
//! method gets `405 Method Not Allowed` with `Allow` (RFC 9110 § 15.5.6) instead of a 404.

use std::sync::OnceLock;

/// One documented path: its segments (`None` for a `{parameter}`) and its methods.
struct Route {
    segments: Vec<Option<String>>,
    methods: Vec<&'static str>,
}

fn routes() -> &'static [Route] {
    static ROUTES: OnceLock<Vec<Route>> = OnceLock::new();
    ROUTES.get_or_init(|| {
        crate::openapi::document()
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = path
                    .trim_matches('/')
                    .split('/')
                    .map(|s| (!s.starts_with('{')).then(|| s.to_owned()))
                    .collect();
                let methods = [
                    ("GET", item.get.is_some()),
                    ("PUT", item.put.is_some()),
                    ("POST", item.post.is_some()),
                    ("DELETE", item.delete.is_some()),
                    ("PATCH", item.patch.is_some()),
                ]
                .into_iter()
                .filter_map(|(m, present)| present.then_some(m))
                .collect();
                Route { segments, methods }
            })
            .collect()
    })
}

/// The methods `path` answers, as an `Allow` value («GET, PUT»), if it is a documented path.
pub fn allowed(path: &str) -> Option<String> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let mut methods: Vec<&str> = routes()
        .iter()
        .filter(|r| {
            r.segments.len() == parts.len()
                && r.segments
                    .iter()
                    .zip(&parts)
                    .all(|(s, p)| s.as_deref().is_none_or(|s| s == *p) && !p.is_empty())
        })
        .flat_map(|r| r.methods.iter().copied())
        .collect();
    if methods.is_empty() {
        return None;
    }
    methods.sort_unstable();
    methods.dedup();
    Some(methods.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_paths_know_their_methods() {
        assert_eq!(allowed("/api/v1/dossiers").as_deref(), Some("GET"));
        assert_eq!(
            allowed("/api/v1/organisation/logo").as_deref(),
            Some("DELETE, GET, PUT")
        );
        assert_eq!(
            allowed("/api/v1/dossiers/12/months/2026-10/hours").as_deref(),
            Some("PUT")
        );
        assert_eq!(allowed("/api/v1/nothing"), None);
        assert_eq!(allowed("/api/v1/dossiers//months"), None);
    }
}
