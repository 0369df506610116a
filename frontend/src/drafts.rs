//! Unsaved grid entries, kept in `sessionStorage` (this tab only) per user, dossier and month, so
//! that a reload, a back-and-forth or a session expiry never loses what was typed.

use serde::{Deserialize, Serialize};

const PREFIX: &str = "realis.draft";

/// The cells typed and not yet saved, and the version of the month they were typed on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub version: i32,
    pub cells: Vec<Vec<String>>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

fn key(user: i64, dossier: i64, period: &str) -> String {
    format!("{PREFIX}.{user}.{dossier}.{period}")
}

pub fn load(user: i64, dossier: i64, period: &str) -> Option<Draft> {
    let raw = storage()?.get_item(&key(user, dossier, period)).ok()??;
    serde_json::from_str(&raw).ok()
}

pub fn save(user: i64, dossier: i64, period: &str, draft: &Draft) {
    if let (Some(s), Ok(raw)) = (storage(), serde_json::to_string(draft)) {
        let _ = s.set_item(&key(user, dossier, period), &raw);
    }
}

pub fn clear(user: i64, dossier: i64, period: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&key(user, dossier, period));
    }
}
