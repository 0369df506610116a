//! The signed-in session: token and user, kept in `sessionStorage` for the tab's lifetime.

use leptos::prelude::*;
use realis_api_types::SessionUser;
use serde::{Deserialize, Serialize};

const KEY: &str = "realis.session";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub token: String,
    pub user: SessionUser,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

pub fn load() -> Option<Session> {
    let raw = storage()?.get_item(KEY).ok().flatten()?;
    serde_json::from_str(&raw).ok()
}

pub fn save(s: &Session) {
    if let (Some(st), Ok(raw)) = (storage(), serde_json::to_string(s)) {
        let _ = st.set_item(KEY, &raw);
    }
}

pub fn clear() {
    if let Some(st) = storage() {
        let _ = st.remove_item(KEY);
    }
}

/// The session signal shared through context.
#[derive(Clone, Copy)]
pub struct SessionContext(pub RwSignal<Option<Session>>);

pub fn use_session() -> SessionContext {
    use_context::<SessionContext>().unwrap_or_else(|| SessionContext(RwSignal::new(None)))
}

impl SessionContext {
    pub fn sign_in(&self, s: Session) {
        save(&s);
        self.0.set(Some(s));
    }

    pub fn sign_out(&self) {
        clear();
        self.0.set(None);
    }
}
