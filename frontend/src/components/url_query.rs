//! The state of a list kept in the URL's query string (`?page=2&q=…`): browser back/forward,
//! a reload or a shared link show the same page of the same search.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::params::ParamsMap;

type Navigate = Box<dyn Fn(&str, NavigateOptions)>;

/// Reads and writes the current route's query parameters. Copy it into closures freely.
#[derive(Clone, Copy)]
pub struct UrlQuery {
    query: Memo<ParamsMap>,
    path: Memo<String>,
    navigate: StoredValue<Navigate, LocalStorage>,
}

impl UrlQuery {
    /// Call it in a component under the `<Router>`.
    pub fn new() -> UrlQuery {
        let location = use_location();
        let navigate = use_navigate();
        UrlQuery {
            query: location.query,
            path: location.pathname,
            navigate: StoredValue::new_local(Box::new(move |to: &str, options| {
                navigate(to, options)
            })),
        }
    }

    /// The value of `key` (empty when absent); tracked.
    pub fn get(&self, key: &str) -> String {
        self.query.with(|q| q.get(key)).unwrap_or_default()
    }

    /// `?page=`, from 1; tracked.
    pub fn page(&self) -> u64 {
        self.get("page").parse::<u64>().unwrap_or(1).max(1)
    }

    /// Goes to another page of the list: a new history entry, so that «back» returns here.
    pub fn go_to_page(&self, page: u64) {
        let value = if page <= 1 {
            String::new()
        } else {
            page.to_string()
        };
        self.navigate(&[("page", value)], false, true);
    }

    /// Changes a search or a filter and returns to page 1. Typing replaces the history entry
    /// (one entry per keystroke would make «back» useless); a choice in a select adds one.
    pub fn set_filter(&self, key: &'static str, value: String, new_entry: bool) {
        self.navigate(&[(key, value), ("page", String::new())], !new_entry, false);
    }

    fn navigate(&self, changes: &[(&'static str, String)], replace: bool, scroll: bool) {
        let mut map = self.query.get_untracked();
        for (key, value) in changes {
            if value.is_empty() {
                map.remove(key);
            } else {
                map.replace(*key, value.clone());
            }
        }
        let to = format!("{}{}", self.path.get_untracked(), map.to_query_string());
        let options = NavigateOptions {
            replace,
            scroll,
            ..NavigateOptions::default()
        };
        self.navigate.with_value(|navigate| navigate(&to, options));
    }
}

impl Default for UrlQuery {
    fn default() -> Self {
        UrlQuery::new()
    }
}
